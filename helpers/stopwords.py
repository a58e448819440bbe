"""The English stopword list, read once for every caller (terms and the English check in text).

Source: the `stop-words` package on PyPI, pinned at 2018.7.23 in requirements.lock: 174 English
function words, the list published on PyPI closest to nltk's 179 (which needs a data download).
"""
from __future__ import annotations

from functools import lru_cache

PACKAGE = "stop-words"  # the distribution name, for its version in importlib.metadata


@lru_cache(maxsize=None)
def package_stopwords(language: str = "en") -> tuple[str, ...]:
    """Return the `stop-words` package's list for `language`, as the package gives it (read once)."""
    from stop_words import get_stop_words

    return tuple(get_stop_words(language))

"""Tokenising a long text: on every core, and once per text (cached on disk).

Splitting sentences (syntok) and words (nltk's Treebank tokeniser) is most of the cost of a long
text, and both are pure Python, so threads would not help: `tokenise` sends the paragraphs to
worker processes in order-keeping chunks. Each paragraph is split by exactly the functions of
`tokens.py`, so the result is the same tuples as the one-process path (tests/test_text.py
compares them). A text is tokenised once: the result is kept in `text/` of the cache root (`paths.cache_root()`: `.cache/`, or $TEXT_NOTEBOOKS_CACHE),
keyed by the SHA-256 of the paragraphs, the tokenising code and the versions of syntok and nltk,
so every notebook run on the same long text reads it instead of splitting it again.

Only texts of at least `LONG_TEXT_CHARACTERS` are split on several processes: below it, starting
workers costs more than it saves. Texts of at least `KEPT_TEXT_CHARACTERS` (a State of the Union
address but the five shortest; not the seed) are split in the calling process and kept in the same
cache, so that the corpus engine's workers, notebook 04's kernel and notebook 05's diversity table
split each address once, and again only when tokens.py, syntok or nltk change (not after an edit to
other analysis code, which empties the corpus and validation caches). Below it a file is not worth it.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path

from .. import paths
from ..outputs import store_pickle
from . import memo
from .tokens import sentence_tokens, split_sentences

LONG_TEXT_CHARACTERS = 400_000  # about 65,000 words; a State of the Union address is under 210,000
KEPT_TEXT_CHARACTERS = 10_000  # about 1,700 words; the seed has 4,908 bytes
CHUNKS_PER_WORKER = 4  # more chunks than workers, so an uneven chunk does not leave a core idle
TOKENS_SOURCE = Path(__file__).with_name("tokens.py")

Sentences = tuple[tuple[str, ...], ...]
SentenceWords = tuple[tuple[tuple[str, ...], ...], ...]


def is_kept(paragraphs: tuple[str, ...]) -> bool:
    """Return True when the paragraphs' tokens are kept in the cache (`tokenise`)."""
    return sum(map(len, paragraphs)) >= KEPT_TEXT_CHARACTERS


def is_long(paragraphs: tuple[str, ...]) -> bool:
    """Return True when the paragraphs are long enough for `tokenise`."""
    return sum(map(len, paragraphs)) >= LONG_TEXT_CHARACTERS


def tokenise(paragraphs: tuple[str, ...], workers: int | None = None,
             use_cache: bool = True) -> tuple[Sentences, SentenceWords]:
    """Return (sentences of each paragraph, word tokens of each sentence), as `Document` defines them."""
    path = _cache_path(paragraphs) if use_cache else None
    if path is None:
        return _tokenise(paragraphs, workers)
    found = _read(path)
    if found is not None:
        return found
    # Kernels started together ask for the same text: one splits it, the others wait and read.
    with memo.locked(path):
        found = _read(path)
        if found is not None:
            return found
        result = _tokenise(paragraphs, workers)
        store_pickle(path, result)
    return result


def _read(path: Path) -> tuple[Sentences, SentenceWords] | None:
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    except Exception:  # absent, truncated or unreadable: compute
        return None


def _tokenise(paragraphs: tuple[str, ...], workers: int | None) -> tuple[Sentences, SentenceWords]:
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        result = _tokenise_chunk(paragraphs)
    else:
        # "fork" (Linux's default on Python 3.11): the workers start at once, with the tokenisers
        # already imported, and a caller's script needs no `if __name__ == "__main__"` guard,
        # which "spawn" would demand of it. The workers only run the pure functions below.
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            parts = list(pool.map(_tokenise_chunk, _chunks(paragraphs, workers * CHUNKS_PER_WORKER)))
        result = (tuple(s for part in parts for s in part[0]), tuple(w for part in parts for w in part[1]))
    return result


def _tokenise_chunk(paragraphs: tuple[str, ...]) -> tuple[Sentences, SentenceWords]:
    """The one-process path, for a run of consecutive paragraphs."""
    sentences = tuple(tuple(split_sentences(p)) for p in paragraphs)
    words = tuple(tuple(tuple(sentence_tokens(s)) for s in group) for group in sentences)
    return sentences, words


def _chunks(paragraphs: tuple[str, ...], count: int) -> list[tuple[str, ...]]:
    """Split the paragraphs, in order, into about `count` runs of similar total length."""
    target = max(1, sum(map(len, paragraphs)) // count)
    chunks, current, size = [], [], 0
    for paragraph in paragraphs:
        current.append(paragraph)
        size += len(paragraph)
        if size >= target:
            chunks.append(tuple(current))
            current, size = [], 0
    if current:
        chunks.append(tuple(current))
    return chunks


def cache_folder() -> Path:
    """Return the folder of tokenised long texts: `text/` in the cache root (`paths.cache_root()`)."""
    return paths.cache_root() / "text"


def _cache_path(paragraphs: tuple[str, ...]) -> Path:
    digest = hashlib.sha256()
    code = {"tokens.py": hashlib.sha256(TOKENS_SOURCE.read_bytes()).hexdigest(),
            "syntok": version("syntok"), "nltk": version("nltk")}
    digest.update(json.dumps(code, sort_keys=True).encode() + b"\0")
    for paragraph in paragraphs:
        digest.update(paragraph.encode("utf-8") + b"\0")
    key = digest.hexdigest()
    return cache_folder() / key[:2] / f"{key}.pickle"



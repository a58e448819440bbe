"""The corpus engine: every text of a folder analysed in parallel, in one set of tables.

    from helpers.corpus import analyse_corpus
    result = analyse_corpus(paths, metadata=None, workers=None, scheduler=None, cache=True, progress=False)
    result.tables  # "documents", "readability", "sentiment", "sentences", "terms" -> DataFrame
    result.failed  # file name -> one-line reason
    result.record  # what corpus.json holds

Compute only: no matplotlib. The command line is `python -m helpers corpus` (helpers/corpus/cli.py).
In a script (not a notebook), call it under `if __name__ == "__main__":`: worker processes
are spawned, and each imports the script's main module again.
"""
from __future__ import annotations

__all__ = ["CorpusResult", "UsageError", "analyse_corpus"]


def __getattr__(name: str):
    """Import the engine on first use, so that `python -m helpers run` does not pay for it."""
    if name in ("CorpusResult", "analyse_corpus"):
        from . import api

        return getattr(api, name)
    if name == "UsageError":
        from .inputs import UsageError

        return UsageError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

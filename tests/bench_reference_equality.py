"""Reference libraries against our fast paths on the whole State of the Union corpus (a script, not a test).

    .venv/bin/python tests/bench_reference_equality.py [FOLDER] [--skip-documents] [--blocks-only]

For every address of FOLDER (default: $SOTU_TEXTS or corpora/sotu/texts) it
compares, on every sentence (helpers.text.split_sentences of each body paragraph) and on every
whole body:
  * vaderSentiment 3.3.2's `polarity_scores` with helpers.sentiment.fast_vader's (dicts compared with ==);
  * textstat 0.7.8's 12 measures and 9 counts (readability.textstat_value) with
    helpers.readability.fast_textstat.measures (every float compared bit for bit, by .hex()).
It prints how many strings were compared, how many differ (must be 0; exit status 1 otherwise)
and the time each side took. The reference VADER on whole addresses is quadratic (minutes in
all): it runs in a multiprocessing Pool of 2 processes, and the script reports both its wall
time and the CPU time summed over the tasks. Everything else runs in this one process, one
text after another. Finally it times `polarity_scores` on blocks of 2,000, 4,000 and 8,000 words.
Timings depend on the machine and its load: run it on an idle machine to quote them.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

from helpers import readability, text  # noqa: E402
from helpers.readability import fast_textstat  # noqa: E402
from helpers.sentiment import fast_vader as vader  # noqa: E402

DEFAULT_FOLDER = Path(os.environ.get("SOTU_TEXTS", Path(__file__).resolve().parents[1] / "corpora" / "sotu" / "texts"))
NAMES = readability.MEASURES + readability.COUNTS
BLOCK_WORDS = (2000, 4000, 8000)
_REFERENCE: SentimentIntensityAnalyzer | None = None  # one per worker process


def _reference() -> SentimentIntensityAnalyzer:
    global _REFERENCE
    if _REFERENCE is None:
        _REFERENCE = SentimentIntensityAnalyzer()
    return _REFERENCE


def _reference_scores(item: tuple[int, str]) -> tuple[int, dict, float]:
    """(index, reference polarity_scores, CPU seconds): a Pool task."""
    index, body = item
    start = time.process_time()
    scores = _reference().polarity_scores(body)
    return index, scores, time.process_time() - start


def _hexes(values: dict[str, float]) -> dict[str, str]:
    return {k: v.hex() for k, v in values.items()}


def _timed(function, items):
    """Return ([function(item) ...], wall seconds)."""
    start = time.perf_counter()
    results = [function(item) for item in items]
    return results, time.perf_counter() - start


def compare_vader_sentences(sentences: list[str]) -> tuple[int, int, float, float]:
    reference, fast = _reference(), vader.analyzer()
    ref, ref_s = _timed(reference.polarity_scores, sentences)
    ours, fast_s = _timed(fast.polarity_scores, sentences)
    return len(sentences), sum(a != b for a, b in zip(ref, ours)), ref_s, fast_s


def compare_vader_documents(bodies: list[str]) -> tuple[int, int, float, float, float]:
    ours, fast_s = _timed(vader.analyzer().polarity_scores, bodies)
    order = sorted(range(len(bodies)), key=lambda i: -len(bodies[i]))  # longest first: the pool ends together
    ref: list[dict | None] = [None] * len(bodies)
    cpu = 0.0
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for index, scores, seconds in pool.imap_unordered(_reference_scores, [(i, bodies[i]) for i in order]):
            ref[index] = scores
            cpu += seconds
    wall = time.perf_counter() - start
    return len(bodies), sum(a != b for a, b in zip(ref, ours)), wall, cpu, fast_s


def compare_textstat(units: list[str]) -> tuple[int, int, float, float]:
    ref, ref_s = _timed(lambda u: _hexes({n: readability.textstat_value(n, u) for n in NAMES}), units)
    ours, fast_s = _timed(lambda u: _hexes(fast_textstat.measures(u)), units)
    return len(units), sum(a != b for a, b in zip(ref, ours)), ref_s, fast_s


def time_blocks(bodies: list[str]) -> list[tuple[int, float, float, bool]]:
    """Reference and fast polarity_scores on the first N words of the addresses, in order, joined."""
    words = " ".join(bodies).split()
    rows = []
    for n in BLOCK_WORDS:
        block = " ".join(words[:n])
        ref, ref_s = _timed(_reference().polarity_scores, [block])
        ours, fast_s = _timed(vader.analyzer().polarity_scores, [block])
        rows.append((n, ref_s, fast_s, ref == ours))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--skip-documents", action="store_true", help="skip the reference VADER on whole addresses")
    parser.add_argument("--blocks-only", action="store_true", help="only time the 2,000/4,000/8,000-word blocks")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.txt"))
    if not files:
        print(f"{args.folder}: no .txt files", file=sys.stderr)
        return 2
    documents = [text.load_document(path) for path in files]
    bodies = [d.body for d in documents]
    sentences = [] if args.blocks_only else [s for d in documents for paragraph in d.sentences for s in paragraph]
    # Warm both sides' one-off loads (lexicons, CMU dictionary) so that they are not timed.
    vader.analyzer().polarity_scores("warm up")
    _reference().polarity_scores("warm up")
    fast_textstat.measures("Warm up the dictionaries.")
    readability.textstat_value("syllable_count", "Warm up the dictionaries.")
    print(f"{args.folder}: {len(files)} addresses, {sum(len(b.split()) for b in bodies):,} words, "
          f"{len(sentences):,} sentences (not split with --blocks-only); python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    unequal = 0
    if not args.blocks_only:
        n, bad, ref_s, fast_s = compare_vader_sentences(sentences)
        unequal += bad
        print(f"VADER, sentences: {n:,} compared, {bad} unequal; reference {ref_s:.1f} s, fast {fast_s:.1f} s")
        n, bad, ref_s, fast_s = compare_textstat(sentences)
        unequal += bad
        print(f"textstat, sentences: {n:,} compared ({len(NAMES)} values each), {bad} unequal; "
              f"reference {ref_s:.1f} s, fast {fast_s:.1f} s")
        n, bad, ref_s, fast_s = compare_textstat(bodies)
        unequal += bad
        print(f"textstat, documents: {n} compared ({len(NAMES)} values each), {bad} unequal; "
              f"reference {ref_s:.1f} s, fast {fast_s:.1f} s")
        if not args.skip_documents:
            n, bad, wall, cpu, fast_s = compare_vader_documents(bodies)
            unequal += bad
            print(f"VADER, documents: {n} compared, {bad} unequal; reference {wall:.1f} s wall on a Pool of 2 "
                  f"({cpu:.1f} s CPU summed over tasks), fast {fast_s:.1f} s in one process")
    for n, ref_s, fast_s, equal in time_blocks(bodies):
        unequal += not equal
        print(f"VADER, one block of {n:,} words: reference {ref_s:.3f} s, fast {fast_s:.4f} s, "
              f"{'equal' if equal else 'UNEQUAL'}")
    print("all equal" if unequal == 0 else f"{unequal} UNEQUAL")
    return 0 if unequal == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

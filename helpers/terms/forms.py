"""Grouped forms: Snowball stems, and a word family gathered openly by prefix."""
from __future__ import annotations

import os
from typing import Iterable, Mapping, Sequence

import pandas as pd

from ..text import Document
from .counts import STOPWORDS, _paragraph_terms, ranked, running_words, term_frequencies

MIN_PREFIX = 4  # a shorter prefix ("un", "of") gathers unrelated words, so it is never suggested


def snowball():
    """Return nltk's Snowball ("Porter 2") English stemmer, which needs no downloaded data."""
    from nltk.stem import SnowballStemmer

    return SnowballStemmer("english")


def stem_groups(document: Document, stopwords: Iterable[str] | None = STOPWORDS, stemmer=None) -> pd.DataFrame:
    """Return one row per stem: stem, head, count, per_1000, rank, forms, n_forms.

    `stemmer` is any object with `.stem(word)` (default `snowball()`). `head` is the group's
    most frequent form (ties: alphabetical), a readable label for stems like "diplomaci";
    `forms` lists each member form with its count, most frequent first.
    """
    stemmer = stemmer or snowball()
    table = term_frequencies(document, stopwords)
    table["stem"] = [stemmer.stem(t) for t in table["term"]]
    grouped = ranked(table.groupby("stem")["count"].sum().to_dict(), running_words(document), "stem")
    members = {stem: group for stem, group in table.groupby("stem")}  # table order: count desc, term asc
    grouped.insert(1, "head", [members[s]["term"].iloc[0] for s in grouped["stem"]])
    grouped["forms"] = [", ".join(f"{t} ({c})" for t, c in zip(members[s]["term"], members[s]["count"]))
                        for s in grouped["stem"]]
    grouped["n_forms"] = [len(members[s]) for s in grouped["stem"]]
    return grouped


def family(document: Document, prefix: str) -> list[str]:
    """Return the terms of the body that start with `prefix` (case-folded), sorted.

    A transparent way to gather a word family a stemmer splits (Snowball gives "terror"
    for terror/terrorism but "terrorist" for terrorist/terrorists).
    """
    prefix = prefix.casefold()
    return sorted({t for paragraph in _paragraph_terms(document) for t in paragraph if t.startswith(prefix)})


def suggested_family_prefix(candidates: Sequence[str], counts: Mapping[str, int], stemmer=None) -> str | None:
    """Return the prefix of the largest word family among `candidates` (e.g. the key terms), or None.

    Each candidate proposes the part it shares with its own Snowball stem ("terrorism" ->
    "terror", "diplomacy" -> "diplomac"), if at least `MIN_PREFIX` letters long. The prefix
    that starts the most candidates wins (the family a stemmer splits: terrorism, terrorist,
    terrorists); ties go to the larger total of `counts`, then alphabetical order. None when
    no candidate gives a prefix.
    """
    stemmer = stemmer or snowball()
    proposals = {os.path.commonprefix([t, stemmer.stem(t)]) for t in candidates}
    scored = [(-len(members), -sum(counts.get(t, 0) for t in members), prefix)
              for prefix in proposals if len(prefix) >= MIN_PREFIX
              for members in [[t for t in candidates if t.startswith(prefix)]]]
    return min(scored)[2] if scored else None

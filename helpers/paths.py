"""Every path the project uses, built from one root (the folder holding pyproject.toml)."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJECT_ROOT / "seeds"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
FIGURES_DIR = PROJECT_ROOT / "figures"
SEED_PATH = SEEDS_DIR / "000_ed85ea188c043cd3.txt"


def resolve(path: str | Path) -> Path:
    """Return `path` as an absolute path; a relative one is taken from the project root."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path

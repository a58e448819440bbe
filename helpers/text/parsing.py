"""Decoded text to a `Document`: blocks, web-page chrome, stage directions, headings, title.

The rules are listed in `helpers.text`'s docstring (2 to 5). Every one is a linear pass over
the lines, so a file that is one 200 KB line (a State of the Union address) parses in
milliseconds.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from .document import Document
from .reading import InputError, read_text
from .tokens import LETTER

WRAP_WIDTH = 100  # a longer non-final line in a block means "one paragraph per line"
TITLE_MAX_WORDS = 15  # a longer first line is a paragraph, not a title
CHROME_LINES = frozenset(
    {
        "top of page",
        "bottom of page",
        "back to top",
        "comments",
        "skip to content",
        "skip to main content",
        "share",
        "share this",
        "menu",
        "advertisement",
    }
)
# Audience reactions that transcripts write in brackets: the forms of the White House and
# Congressional Record transcripts (the State of the Union corpus has "(Applause.)",
# "(applause)", "(Laughter.)" and "(laughs)"), and the usual subtitle ones.
AUDIENCE_REACTIONS = (
    "applause", "laughter", "laughs", "laughing", "cheers", "cheering", "boos", "booing", "groans",
    "standing ovation",
)
_REACTION = "(?:" + "|".join(AUDIENCE_REACTIONS) + ")"
_REACTIONS = rf"\s*{_REACTION}(?:\s*(?:,|and|&)\s*{_REACTION})*\s*\.?\s*"  # "Laughter and applause."
# A bracketed group holding nothing but audience reactions, round or square brackets.
STAGE_DIRECTION = re.compile(rf"\({_REACTIONS}\)|\[{_REACTIONS}\]", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_ONE_PER_LINE_NOTE = "lines longer than a hard wrap and no blank lines between them: each line taken as one paragraph"


def load_document(path: str | Path, encoding: str = "utf-8") -> Document:
    """Read a text file into a `Document`; raise `InputError` (one line) for a file we cannot use."""
    text, sha256 = read_text(path, encoding)
    name = Path(path).name
    if not text.strip():
        raise InputError(f"{path}: holds only whitespace")
    try:
        return parse_document(text, name=name, sha256=sha256)
    except InputError as error:
        raise InputError(f"{path}: {error}") from None


def parse_document(text: str, name: str = "<text>", sha256: str | None = None) -> Document:
    """Split a decoded text into title, headings and body paragraphs by the module's rules."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines, removed = _trim_chrome(lines)
    units, notes = _blocks_to_units(lines)
    units, stage_directions = _drop_stage_directions(units)
    title = None
    if units and units[0][0] == "heading":
        title = units.pop(0)[1]
    elif len(units) > 1 and units[0][0] == "line" and len(units[0][1].split()) <= TITLE_MAX_WORDS:
        title = units.pop(0)[1]
    paragraphs = tuple(t for kind, t in units if kind != "heading")
    if not any(LETTER.search(p) for p in paragraphs):
        raise InputError("holds no words to analyse (no letters outside headings and chrome)")
    return Document(
        name=name,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=title,
        paragraphs=paragraphs,
        headings=tuple(t for kind, t in units if kind == "heading"),
        removed=tuple(removed),
        notes=tuple(notes),
        stage_directions=tuple(stage_directions.items()),
    )


def remove_stage_directions(paragraph: str) -> tuple[str, list[str]]:
    """Return (`paragraph` without its bracketed audience reactions, the reactions removed).

    Whitespace is collapsed only where something was removed: "America. (Applause.) So" gives
    "America. So"; a paragraph without a stage direction comes back unchanged.
    """
    found = [m.group(0) for m in STAGE_DIRECTION.finditer(paragraph)]
    if not found:
        return paragraph, []
    return " ".join(STAGE_DIRECTION.sub(" ", paragraph).split()), found


def _drop_stage_directions(units: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], Counter]:
    """Remove stage directions from every non-heading unit; drop units left empty; count them."""
    kept: list[tuple[str, str]] = []
    counts: Counter = Counter()  # insertion order = order of first occurrence
    for kind, unit in units:
        if kind != "heading":
            unit, found = remove_stage_directions(unit)
            counts.update(found)
        if unit:
            kept.append((kind, unit))
    return kept, counts


def _trim_chrome(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop blank lines and `CHROME_LINES` from both ends; return (kept lines, removed lines)."""
    removed: list[str] = []
    start, end = 0, len(lines)
    while start < end and (not lines[start].strip() or _is_chrome(lines[start])):
        if lines[start].strip():
            removed.append(lines[start].strip())
        start += 1
    tail: list[str] = []
    while end > start and (not lines[end - 1].strip() or _is_chrome(lines[end - 1])):
        if lines[end - 1].strip():
            tail.append(lines[end - 1].strip())
        end -= 1
    return lines[start:end], removed + tail[::-1]


def _is_chrome(line: str) -> bool:
    return " ".join(line.lower().split()) in CHROME_LINES


def _blocks_to_units(lines: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """Group lines into blocks at blank lines; return (kind, text) units and notes.

    kind is "heading", "line" (a block of one line) or "paragraph".
    """
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    units: list[tuple[str, str]] = []
    notes: list[str] = []
    for block in filter(None, blocks):
        units.extend(_block_units(block, notes))
    return units, list(dict.fromkeys(notes))


def _block_units(block: list[str], notes: list[str]) -> list[tuple[str, str]]:
    """Split one block into headings and paragraphs (see the rules 2 and 5)."""
    units: list[tuple[str, str]] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            if len(pending) > 1 and max(len(x) for x in pending[:-1]) > WRAP_WIDTH:
                notes.append(_ONE_PER_LINE_NOTE)
                units.extend(("line", " ".join(x.split())) for x in pending)
            else:
                joined = " ".join(" ".join(x.split()) for x in pending)
                units.append(("line" if len(pending) == 1 else "paragraph", joined))
            pending.clear()

    for i, line in enumerate(block):
        heading = _MARKDOWN_HEADING.match(line)
        underlined = i + 1 < len(block) and _UNDERLINE.match(block[i + 1]) and line.strip()
        if _UNDERLINE.match(line) and i > 0 and units and units[-1][0] == "heading" and not pending:
            continue  # the underline of the heading just taken
        if heading or underlined:
            flush()
            units.append(("heading", (heading.group(1) if heading else " ".join(line.split()))))
        else:
            pending.append(line)
    flush()
    return units

"""The text layer: a file on disk becomes a `Document` (title, body paragraphs, sentences).

Rules, in the order they are applied (each is general, none is written for the seed):

1. Decoding. UTF-8 by default, with or without a byte-order mark; CRLF and CR become LF.
   An empty, whitespace-only, binary (NUL bytes or a known file signature) or undecodable
   file, or one with no words, raises `InputError` with one line naming the file and the
   problem. Nothing is ever written.
2. Blocks. Blank lines separate blocks. Inside a block, lines are hard-wrapped text and are
   joined with a space, unless a line other than the last is longer than `WRAP_WIDTH`
   characters: then the block was written one paragraph per line and each line is a
   paragraph (recorded in `Document.notes`).
3. Web-page chrome. Leading and trailing lines whose whole text is one of `CHROME_LINES`
   ("top of page", "Comments", ...) are dropped, and listed in `Document.removed`. Only the
   edges are trimmed, so a paragraph that happens to read "Comments" mid-text is kept.
4. Headings. A Markdown heading (`# ...`) or an underlined one (a line of `===` or `---`
   under it) is a heading, not a paragraph. The title is the first heading, or else the
   first paragraph when it is one short line (at most `TITLE_MAX_WORDS` words) and more
   paragraphs follow. Later headings are kept in `Document.headings`.
5. Sentences come from syntok (15/15 on our hand-made abbreviation, decimal and quote
   cases, where nltk's untrained Punkt scores 7/15); words from nltk's Treebank-style
   tokeniser, which needs no downloaded data.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd
from nltk.tokenize import NLTKWordTokenizer
from syntok import segmenter

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
# File signatures of common non-text formats, so an image is named as such in the error.
_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx/.epub)",
    b"\x1f\x8b": "a gzip archive",
}
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit in any script
LETTER = re.compile(r"[^\W\d_]")  # a letter in any script
# The apostrophes made straight before tokenising (right and left single quote, modifier letter).
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_TOKENIZER = NLTKWordTokenizer()


class InputError(ValueError):
    """A file that cannot be analysed; the message is one line: 'FILE: what is wrong'."""


@dataclass(frozen=True)
class Document:
    """One text, ready for analysis.

    `paragraphs` are the body paragraphs in order (the title is apart); `sentences[i]` are
    the sentences of paragraph i, each an exact substring of that paragraph.
    """

    name: str
    sha256: str
    title: str | None
    paragraphs: tuple[str, ...]
    headings: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        """The body paragraphs joined by a blank line: the 'whole text' of every analysis."""
        return "\n\n".join(self.paragraphs)

    @cached_property
    def sentences(self) -> tuple[tuple[str, ...], ...]:
        """The sentences of each body paragraph."""
        return tuple(tuple(split_sentences(p)) for p in self.paragraphs)

    @cached_property
    def sentence_words(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """The word tokens of each sentence of each body paragraph (see `sentence_tokens`)."""
        return tuple(tuple(tuple(sentence_tokens(s)) for s in sentences) for sentences in self.sentences)

    @cached_property
    def paragraph_words(self) -> tuple[tuple[str, ...], ...]:
        """The word tokens of each body paragraph: `word_tokens(paragraph)`, without splitting it again."""
        return tuple(tuple(t for words in sentences for t in words) for sentences in self.sentence_words)

    @property
    def words(self) -> tuple[str, ...]:
        """The word tokens of the body, in order: `word_tokens(self.body)`, without splitting it again."""
        return tuple(t for words in self.paragraph_words for t in words)

    @cached_property
    def title_sentences(self) -> tuple[str, ...]:
        """The sentences of the title (none without a title)."""
        return tuple(split_sentences(self.title)) if self.title else ()


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text` (syntok), each an exact, stripped substring of it."""
    sentences = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            start = sentence[0].offset
            end = sentence[-1].offset + len(sentence[-1].value)
            sentences.append(text[start:end].strip())
    return [s for s in sentences if s]


def word_tokens(text: str) -> list[str]:
    """Return the word tokens of `text`: nltk Treebank-style tokens holding a letter or digit.

    Curly apostrophes count as straight ones, so "Russia’s" and "Russia's" both give
    ["Russia", "'s"]. Punctuation-only tokens are dropped; case is kept.
    """
    # The Treebank tokeniser expects one sentence: given a paragraph it splits off only the
    # last full stop and leaves "Moscow." inside it, so we feed it syntok's sentences.
    return [t for sentence in split_sentences(text) for t in sentence_tokens(sentence)]


def sentence_tokens(sentence: str) -> list[str]:
    """Return the word tokens of one sentence (as `word_tokens`, without splitting sentences)."""
    return [t for t in _TOKENIZER.tokenize(sentence.translate(APOSTROPHES)) if _WORD_CHAR.search(t)]


def paragraph_counts(document: Document) -> pd.DataFrame:
    """Return one row per body paragraph: paragraph (1-based), sentences, words, opening words."""
    rows = [
        {
            "paragraph": i,
            "sentences": len(sentences),
            "words": len(words),
            "opening": " ".join(text.split()[:6]) + " ...",
        }
        for i, (text, sentences, words) in enumerate(
            zip(document.paragraphs, document.sentences, document.paragraph_words), 1
        )
    ]
    return pd.DataFrame(rows)


def read_text(path: str | Path, encoding: str = "utf-8") -> tuple[str, str]:
    """Return (text, sha256) of a file, or raise `InputError` naming the file and the problem."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a text file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    if not data:
        raise InputError(f"{path}: is empty")
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{path}: is {kind}, not text")
    if b"\x00" in data[:65536] and not encoding.lower().startswith("utf-16"):
        raise InputError(f"{path}: is a binary file (it holds NUL bytes), not text; "
                         "if it is UTF-16 text, pass --encoding utf-16")
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding
    try:
        text = data.decode(codec)
    except LookupError:
        raise InputError(f"{path}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: is not valid {encoding} (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); name its encoding with --encoding"
        ) from None
    return text.lstrip("\ufeff"), hashlib.sha256(data).hexdigest()


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
    )


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
    """Split one block into headings and paragraphs (see the module rules 2 and 4)."""
    units: list[tuple[str, str]] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            if len(pending) > 1 and max(len(x) for x in pending[:-1]) > WRAP_WIDTH:
                notes.append("lines longer than a hard wrap and no blank lines between them: "
                             "each line taken as one paragraph")
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


def summary(document: Document) -> pd.Series:
    """Return what a reader needs to identify the text and recount it: file, hash, counts, rules applied."""
    return pd.Series(
        {
            "file": document.name,
            "sha256": document.sha256,
            "title": document.title or "(none)",
            "body paragraphs": len(document.paragraphs),
            "body sentences": sum(len(s) for s in document.sentences),
            "title sentences": len(document.title_sentences),
            "body words": len(document.words),
            "removed chrome lines": "; ".join(document.removed) or "(none)",
            "headings": "; ".join(document.headings) or "(none)",
            "notes": "; ".join(document.notes) or "(none)",
            "language check": "looks English" if likely_english(document)
            else "WARNING: does not look like English; every analysis here is English-only",
        },
        name="document",
    )


def sentence_table(document: Document) -> pd.DataFrame:
    """Return one row per body sentence: paragraph and sentence (1-based), text, words."""
    rows = [
        {"paragraph": p, "sentence": s, "text": sentence, "words": len(words)}
        for p, (sentences, paragraph_words) in enumerate(zip(document.sentences, document.sentence_words), 1)
        for s, (sentence, words) in enumerate(zip(sentences, paragraph_words), 1)
    ]
    return pd.DataFrame(rows, columns=["paragraph", "sentence", "text", "words"])


def numbered_paragraphs(document: Document, width: int = 100) -> str:
    """Return the title and the body paragraphs as wrapped plain text, each labelled P1, P2, ..."""
    import textwrap

    lines = [f"Title: {document.title or '(none)'}", ""]
    for i, paragraph in enumerate(document.paragraphs, 1):
        lines += textwrap.wrap(paragraph, width, initial_indent=f"P{i:<3} ", subsequent_indent=" " * 5) + [""]
    return "\n".join(lines).rstrip() + "\n"


def likely_english(document: Document, threshold: float = 0.15, min_words: int = 30) -> bool:
    """Return False when the body is clearly not English, by a cheap test.

    In English prose about 40-50% of running words are function words; we take the share of
    word tokens found in the `stop-words` package's English list. Below `threshold` (with at
    least `min_words` words, else we do not judge) the text is most likely another language.
    """
    english = _english_function_words()
    words = [w.lower() for w in document.words]
    return len(words) < min_words or sum(w in english for w in words) / len(words) >= threshold


@lru_cache(maxsize=1)
def _english_function_words() -> frozenset[str]:
    """The `stop-words` package's English list, apostrophes straightened (read once, in `helpers.stopwords`)."""
    from .stopwords import package_stopwords

    return frozenset(w.translate(APOSTROPHES) for w in package_stopwords())


def paragraph_length_figure(counts: pd.DataFrame):
    """Return (figure, plotted numbers): words per body paragraph as bars, sentences written on each."""
    from .plots import common as figures

    data = counts[["paragraph", "words", "sentences"]]
    with figures.style():
        fig, ax = figures.new_figure("single", 2.2)
        bars = ax.bar(data["paragraph"], data["words"], color=figures.OKABE_ITO[0])
        step = max(1, -(-len(data) // 20))  # at most about 20 paragraph labels, so they never overlap
        if step == 1:  # sentence counts on the bars only while there is room for them
            ax.bar_label(bars, labels=[str(n) for n in data["sentences"]], fontsize=6, padding=1)
        shown = data["paragraph"][::max(1, -(-len(data) // 10))]  # at most 10 labels fit a 3.5-in column
        ax.set_xticks(shown, [f"P{p}" for p in shown])
        ax.set_xlabel("Body paragraph" + (" (number on a bar: its sentences)" if step == 1 else ""))
        ax.set_ylabel("Length (words)")
        ax.set_ylim(0, data["words"].max() * 1.15)
    return fig, data

"""The text layer: a file on disk becomes a `Document` (title, body paragraphs, sentences).

Compute only: no module here imports matplotlib (the paragraph-length figure is in
`helpers.plots.text`). Rules, in the order they are applied (each is general, none is
written for the seed):

1. Decoding (`reading`). UTF-8 by default, with or without a byte-order mark; CRLF and CR
   become LF. An empty, whitespace-only, binary (NUL bytes or a known file signature) or
   undecodable file, or one with no words, raises `InputError` with one line naming the file
   and the problem. Nothing is ever written.
2. Blocks (`parsing`). Blank lines separate blocks. Inside a block, lines are hard-wrapped
   text and are joined with a space, unless a line other than the last is longer than
   `WRAP_WIDTH` characters: then the block was written one paragraph per line and each line
   is a paragraph (recorded in `Document.notes`). A whole file on one line (a transcript,
   a corpus text) is one paragraph; the rules are linear in its length.
3. Web-page chrome. Leading and trailing lines whose whole text is one of `CHROME_LINES`
   ("top of page", "Comments", ...) are dropped, and listed in `Document.removed`. Only the
   edges are trimmed, so a paragraph that happens to read "Comments" mid-text is kept.
4. Stage directions. A bracketed audience reaction inside a paragraph, "(Applause.)",
   "(applause)", "[Laughter]", "(Laughter and applause.)" (see `STAGE_DIRECTION`), is not
   the speaker's words: it is removed wherever it occurs, counted by its exact spelling in
   `Document.stage_directions`, and a paragraph left empty is dropped.
5. Headings. A Markdown heading (`# ...`) or an underlined one (a line of `===` or `---`
   under it) is a heading, not a paragraph. The title is the first heading, or else the
   first paragraph when it is one short line (at most `TITLE_MAX_WORDS` words) and more
   paragraphs follow. Later headings are kept in `Document.headings`.
6. Sentences come from syntok (15/15 on our hand-made abbreviation, decimal and quote
   cases, where nltk's untrained Punkt scores 7/15); words from nltk's Treebank-style
   tokeniser, which needs no downloaded data (`tokens`).
"""
from .document import Document, likely_english, paragraph_counts, summary
from .parsing import (
    CHROME_LINES, STAGE_DIRECTION, TITLE_MAX_WORDS, WRAP_WIDTH, load_document, parse_document,
    remove_stage_directions,
)
from .reading import InputError, read_text
from .tokens import APOSTROPHES, LETTER, WORD_CHAR, sentence_tokens, split_sentences, word_tokens

__all__ = [
    "APOSTROPHES", "CHROME_LINES", "Document", "InputError", "LETTER", "STAGE_DIRECTION", "TITLE_MAX_WORDS",
    "WORD_CHAR", "WRAP_WIDTH", "likely_english", "load_document", "paragraph_counts", "parse_document",
    "read_text", "remove_stage_directions", "sentence_tokens", "split_sentences", "summary", "word_tokens",
]

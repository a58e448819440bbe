"""Your own dictionary: count categories of words per paragraph (quanteda's and LIWC's convention).

A dictionary is a set of named categories, each a list of patterns. A pattern is a word, a glob
with `*` (any run of characters, none included) and `?` (one character), or several of those
separated by spaces, which match consecutive words ("united states", "nuclear weapon*"). As in
quanteda's `dictionary()` / `tokens_lookup()` (defaults `valuetype = "glob"`,
`case_insensitive = TRUE`), matching ignores case. Patterns are matched against the terms of
`helpers.terms` (word tokens case-folded, numbers and clitics left out, stopwords kept), so a
pattern "don't" never matches (the text's "don't" is the term "do") and a count's denominator is
the running words, as in terms.csv.

Counting: within one category, at each running word the longest matching pattern counts one
match and the search goes on after it (so "united states" and "united" in one category count
"United States" once; quanteda's `nested_scope = "key"`). Each category is counted on its own: a
word in two categories counts in both.

Files (`load_dictionary(path)`, by extension):

* ``.yaml`` / ``.yml``: quanteda's YAML: a mapping of category -> list of patterns; a nested
  mapping makes categories ``parent.child`` (quanteda's separator);
* ``.csv``: a header with the columns ``category`` and ``pattern`` (UTF-8), one pattern a row;
* ``.dic``: LIWC's format: between the first two lines holding ``%``, ``number<TAB>category``;
  then ``pattern<TAB>number<TAB>number ...``. LIWC's conditional entries (``like	(02 134)125/464``)
  are not supported and are refused with their line number.

A file that cannot be used (unreadable, not valid UTF-8, unparsable, no category, an empty
category, a duplicated category, an invalid pattern, an unknown extension) raises
`DictionaryError` with one line naming the file and the problem; the command lines print it and
exit 2. A valid pattern holds at least one letter or digit and only letters, digits, the marks
``' - .`` (as in "o'clock", "well-being", "u.s") and the wildcards ``* ?``.

Nothing here imports matplotlib.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable

import pandas as pd

from ..text import Document
from .concordance import clip, kept_spans
from .counts import _paragraph_terms

EXAMPLE = Path(__file__).resolve().parent / "dictionaries" / "example.yaml"
FORMATS = (".yaml", ".yml", ".csv", ".dic")
COLUMNS = ["paragraph", "category", "count", "per_1000", "matches"]
_VALID = re.compile(r"[\w'\-.*?]+")
_HAS_WORD = re.compile(r"[^\W_]")  # a letter or a digit


class DictionaryError(ValueError):
    """A dictionary file that cannot be used; the message is one line, starting with the file."""


@dataclass(frozen=True)
class Dictionary:
    """Categories in the file's order, each with its patterns as written (case-folded).

    `name` is the file name, `sha256` the file's bytes' hash (it keys the corpus cache).
    """

    name: str
    sha256: str
    categories: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def category_names(self) -> list[str]:
        return [name for name, _ in self.categories]

    @cached_property
    def _compiled(self) -> list[tuple[str, list[tuple[_Words, ...]], _Words, _Words]]:
        """Per category: its multiword patterns' word matchers (most words first), its one-word patterns,
        and the first words of its multiword patterns."""
        out = []
        for name, patterns in self.categories:
            multi = sorted((tuple(_Words([part]) for part in p.split()) for p in patterns if " " in p),
                           key=len, reverse=True)
            first_words = _Words([p.split()[0] for p in patterns if " " in p])  # a word that may start a multiword match
            out.append((name, multi, _Words([p for p in patterns if " " not in p]), first_words))
        return out

    @cached_property
    def _term_categories(self) -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
        """term -> (the categories whose one-word patterns match it, those of whose multiword patterns it
        may be the first word), filled as terms are met (`matches`)."""
        return {}

    def matches(self, terms: list[str]) -> dict[str, list[tuple[int, int]]]:
        """{category: [(start, length) of each match among `terms`]}, in order (see the module docstring).

        One pass over the terms finds each one-word match and whether a multiword pattern could start
        anywhere (each term's categories looked up once per dictionary); a category where one could
        is then scanned with its multiword patterns first, term by term.
        """
        compiled, known = self._compiled, self._term_categories
        hits: list[list[tuple[int, int]]] = [[] for _ in compiled]
        may_start: set[int] = set()
        for i, term in enumerate(terms):
            entry = known.get(term)
            if entry is None:
                entry = known[term] = (tuple(c for c, (_, _, single, _) in enumerate(compiled) if single(term)),
                                       tuple(c for c, (_, _, _, starts) in enumerate(compiled) if starts(term)))
            singles, starting = entry
            for c in singles:
                hits[c].append((i, 1))
            if starting:
                may_start.update(starting)
        found: dict[str, list[tuple[int, int]]] = {}
        for c, (name, multi, single, starts) in enumerate(compiled):
            if c not in may_start:  # no multiword pattern can match: each term alone
                found[name] = hits[c]
                continue
            spans, i = [], 0
            while i < len(terms):
                for parts in multi:
                    n = len(parts)
                    if i + n <= len(terms) and all(p(terms[i + k]) for k, p in enumerate(parts)):
                        spans.append((i, n))
                        i += n
                        break
                else:
                    if single(terms[i]):
                        spans.append((i, 1))
                    i += 1
            found[name] = spans
        return found


class _Words:
    """One-word patterns: exact words in a set, the globs in one regular expression, answers memoised."""

    def __init__(self, patterns: list[str]):
        self.exact = {p for p in patterns if "*" not in p and "?" not in p}
        globs = [p for p in patterns if p not in self.exact]
        self.glob = re.compile("(?:" + "|".join(_glob(p).pattern for p in globs) + ")", re.DOTALL) if globs else None
        self.seen: dict[str, bool] = {}

    def which(self, terms: Iterable[str]) -> set[str]:
        """The `terms` that match (each answer memoised, as by a call)."""
        seen, out = self.seen, set()
        for term in terms:
            hit = seen.get(term)
            if hit is None:
                hit = self(term)
            if hit:
                out.add(term)
        return out

    def __call__(self, term: str) -> bool:
        try:
            return self.seen[term]
        except KeyError:
            hit = term in self.exact or (self.glob is not None and self.glob.fullmatch(term) is not None)
            self.seen[term] = hit
            return hit


def _glob(part: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in part), re.DOTALL)


def _check_pattern(path: Path, category: str, pattern: object) -> str:
    if not isinstance(pattern, str) or isinstance(pattern, bool):
        raise DictionaryError(f"{path}: category {category!r}: pattern {pattern!r} is not a word (write it as text)")
    words = pattern.casefold().split()
    if not words:
        raise DictionaryError(f"{path}: category {category!r}: an empty pattern")
    for word in words:
        if not _VALID.fullmatch(word) or not _HAS_WORD.search(word):
            raise DictionaryError(
                f"{path}: category {category!r}: invalid pattern {pattern!r} (a pattern holds letters or digits, "
                "and only letters, digits, ' - . and the wildcards * ?)")
    return " ".join(words)


def _build(path: Path, data: bytes, pairs: Iterable[tuple[str, list]]) -> Dictionary:
    categories: dict[str, tuple[str, ...]] = {}
    for category, patterns in pairs:
        category = str(category).strip()
        if not category:
            raise DictionaryError(f"{path}: a category without a name")
        if category in categories:
            raise DictionaryError(f"{path}: category {category!r} appears twice")
        if not patterns:
            raise DictionaryError(f"{path}: category {category!r} is empty (give it at least one word)")
        checked = [_check_pattern(path, category, p) for p in patterns]
        categories[category] = tuple(dict.fromkeys(checked))  # a repeated pattern counts once
    if not categories:
        raise DictionaryError(f"{path}: no category found")
    return Dictionary(path.name, hashlib.sha256(data).hexdigest(), tuple(categories.items()))


def load_dictionary(path: str | Path) -> Dictionary:
    """Read a dictionary file (YAML, CSV or LIWC .dic; see the module docstring); raise `DictionaryError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DictionaryError(f"{path}: unknown dictionary format {suffix or '(no extension)'!r} "
                              "(expected .yaml, .yml, .csv or .dic)")
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise DictionaryError(f"{path}: is a folder, not a dictionary file") from None
    except OSError as error:
        raise DictionaryError(f"{path}: cannot read it ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DictionaryError(f"{path}: not valid UTF-8 (byte {error.start})") from None
    if suffix in (".yaml", ".yml"):
        pairs = _yaml_pairs(path, text)
    elif suffix == ".csv":
        pairs = _csv_pairs(path, text)
    else:
        pairs = _liwc_pairs(path, text)
    return _build(path, data, pairs)


def _yaml_pairs(path: Path, text: str) -> list[tuple[str, list]]:
    import yaml

    class UniqueKeys(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        for key in keys:
            if keys.count(key) > 1:
                raise DictionaryError(f"{path}: category {key!r} appears twice")
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    try:
        tree = yaml.load(text, Loader=UniqueKeys)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        problem = getattr(error, "problem", None) or type(error).__name__
        raise DictionaryError(f"{path}: not valid YAML{line}: {' '.join(str(problem).split())}") from None
    if not isinstance(tree, dict):
        raise DictionaryError(f"{path}: expected a mapping of category: [words], found {type(tree).__name__}")
    pairs: list[tuple[str, list]] = []

    def walk(node: dict, prefix: str) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                if not value:
                    raise DictionaryError(f"{path}: category {name!r} is empty (give it at least one word)")
                walk(value, f"{name}.")
            elif isinstance(value, list):
                pairs.append((name, value))
            elif value is None:
                pairs.append((name, []))
            else:
                pairs.append((name, [value]))

    walk(tree, "")
    return pairs


def _csv_pairs(path: Path, text: str) -> list[tuple[str, list]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise DictionaryError(f"{path}: no category found (the file is empty)")
    header = [h.strip().casefold() for h in rows[0]]
    if "category" not in header or "pattern" not in header:
        raise DictionaryError(f"{path}: the header must name the columns 'category' and 'pattern' (found: {', '.join(rows[0])})")
    c, p = header.index("category"), header.index("pattern")
    pairs: dict[str, list] = {}
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(c, p):
            raise DictionaryError(f"{path}: line {number} has {len(row)} columns, the header {len(header)}")
        category = row[c].strip()
        if not category:
            raise DictionaryError(f"{path}: line {number}: a pattern without a category")
        pairs.setdefault(category, []).append(row[p])
    return list(pairs.items())


def _liwc_pairs(path: Path, text: str) -> list[tuple[str, list]]:
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise DictionaryError(f"{path}: not a LIWC .dic file (its categories must sit between two lines holding '%')")
    numbers: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        fields = lines[i].split()
        if not fields:
            continue
        if len(fields) < 2 or not fields[0].isdigit():
            raise DictionaryError(f"{path}: line {i + 1}: expected 'number<TAB>category', found {lines[i].strip()!r}")
        if fields[0] in numbers:
            raise DictionaryError(f"{path}: line {i + 1}: category number {fields[0]} appears twice")
        numbers[fields[0]] = " ".join(fields[1:])
    pairs: dict[str, list] = {name: [] for name in numbers.values()}
    if len(pairs) < len(numbers):
        raise DictionaryError(f"{path}: a category name appears twice")
    for i in range(marks[1] + 1, len(lines)):
        fields = lines[i].split("\t") if "\t" in lines[i] else lines[i].split()
        fields = [f.strip() for f in fields if f.strip()]
        if not fields:
            continue
        pattern, codes = fields[0], fields[1:]
        if not codes:
            raise DictionaryError(f"{path}: line {i + 1}: {pattern!r} has no category number")
        for code in codes:
            if code not in numbers:
                what = "a LIWC conditional entry (not supported)" if "(" in code or "/" in code else "an unknown category number"
                raise DictionaryError(f"{path}: line {i + 1}: {code!r} is {what}")
            pairs[numbers[code]].append(pattern)
    return list(pairs.items())


def _matches_text(terms: list[str], spans: list[tuple[int, int]]) -> str:
    if not spans:
        return ""
    counts: dict[str, int] = {}
    for start, length in spans:
        form = " ".join(terms[start:start + length])
        counts[form] = counts.get(form, 0) + 1
    return "; ".join(f"{form} x{n}" for form, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def dictionary_table(document: Document, dictionary: Dictionary) -> pd.DataFrame:
    """Return `paragraph, category, count, per_1000, matches`: tables/dictionary.csv.

    One row per body paragraph (1-based) and category (in the dictionary's order), zeros included.
    `count` is the number of matches (see the module docstring), `per_1000` the count per 1,000 of
    the paragraph's running words (NaN for a paragraph without words), `matches` the matched terms
    with their counts, most frequent first ("war x3; wars x1"; empty when none).
    """
    rows = []
    for number, terms in enumerate(_paragraph_terms(document), 1):
        found = dictionary.matches(terms)
        for category in dictionary.category_names:
            spans = found[category]
            rate = len(spans) * 1000 / len(terms) if terms else float("nan")
            rows.append((number, category, len(spans), rate, _matches_text(terms, spans)))
    return pd.DataFrame(rows, columns=COLUMNS).astype({"paragraph": "int64", "count": "int64", "per_1000": "float64"})


def dictionary_kwic(document: Document, dictionary: Dictionary, width: int = 40) -> pd.DataFrame:
    """Return every match in context: `paragraph, position, category, left, keyword, right`.

    `position` is the running-word index of the match's first word (as in `kwic`), `keyword` the
    text as written (case and punctuation kept; a multiword match from its first word's start to
    its last word's end), `left`/`right` up to `width` characters of the paragraph on either side.
    Rows in text order, then category order.
    """
    rows, offset = [], 0
    running = _paragraph_terms(document)
    for number, paragraph in enumerate(document.paragraphs, 1):
        terms = running[number - 1]
        found = dictionary.matches(terms)
        hits = sorted((start, order, category, length) for order, category in enumerate(dictionary.category_names)
                      for start, length in found[category])
        if hits:  # the text positions of the paragraph's words (only where something is shown)
            spans = kept_spans(document, number)
        for start, _, category, length in hits:
            left, right = spans[2 * start], spans[2 * (start + length - 1) + 1]
            rows.append({"paragraph": number, "position": offset + start + 1, "category": category,
                         "left": clip(paragraph[:left], width, left=True), "keyword": paragraph[left:right],
                         "right": clip(paragraph[right:], width, left=False)})
        offset += len(terms)
    return pd.DataFrame(rows, columns=["paragraph", "position", "category", "left", "keyword", "right"])

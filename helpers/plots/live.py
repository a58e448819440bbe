"""The live classroom demo of notebook 06: a text box and a paragraph rewrite, and their static renderings.

Presentation only. Every number shown comes from the compute layer, the functions the analysis
notebooks use: the tone and its word-by-word rules from `helpers.sentiment.trace` (notebook 02's
attribution: the reference `vaderSentiment`'s own valences), the grade and the counts behind it
from `helpers.readability.fast_textstat` (equal to textstat 0.7.8's values, notebook 01).

Same bytes: a demo object displays one bundle holding the widget view *and* a static rendering
of its starting text (`text/html`, `text/plain`), both built by the functions below. JupyterLab
with the widgets extension draws the widget; anything else (nbclient, nbval, nbconvert, the
static site) shows the static rendering. `helpers.publish.notebooks.normalise` (the runner, and
Lab's save hook) drops the widget view and the notebook's widget state, whose model ids are
random; what is stored is the static rendering only, so a run by nbclient, by nbval or in Lab
(even after typing into the box) stores the same bytes.
"""
from __future__ import annotations

import html
from typing import NamedTuple

import pandas as pd

from ..readability import FLESCH_KINCAID, fast_textstat
from ..sentiment import label, lexicons, trace
from .common import NEGATIVE, NEUTRAL, POSITIVE

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATIC_NOTE = ("Static rendering of the starting text. The live version (type and watch it change) needs "
               "JupyterLab with a running kernel: <code>make lab</code>, then open this notebook and run it.")
RULE_COLUMNS = ["word", "lexicon", "after word rules", "after 'but'", "rules that changed it"]
PAD = ' style="padding:2px 10px"'  # table cells, readable from the back of a room
# The other instruments (notebook 02's appendix, issue 17): name, scale, and lexicons' key.
OTHERS = (("afinn", "AFINN-165", "sum of word values, each \u22125 to +5"),
          ("harvard_iv", "Harvard IV-4", "polarity, \u22121 to +1"),
          ("loughran_mcdonald", "Loughran\u2013McDonald", "polarity, \u22121 to +1"))
OTHER_COLUMNS = ["instrument", "score", "scale", "reads it as", "words behind it"]
COMPARE_ROWS = ["Flesch–Kincaid grade", "Flesch Reading Ease", "VADER compound", "words", "sentences",
                "syllables per word"]


class Report(NamedTuple):
    """What the demo shows for one text (every value from the compute layer)."""

    text: str
    compound: float  # the reference polarity_scores' compound (rounded to 4 decimals by the library)
    tone: str  # 'positive', 'negative' or 'neutral' by VADER's authors' thresholds
    words: pd.DataFrame  # RULE_COLUMNS: every word in the lexicon or whose valence a rule changed
    punctuation: float  # the '!'/'?' emphasis added to the sum, away from zero
    valence_sum: float  # the signed sum that is squashed into the compound
    grade: float  # textstat's flesch_kincaid_grade
    ease: float  # textstat's flesch_reading_ease
    word_count: int  # textstat's lexicon_count
    sentence_count: int  # textstat's sentence_count
    syllable_count: int  # textstat's syllable_count
    others: pd.DataFrame  # OTHER_COLUMNS: the other instruments of issue 17 (helpers.sentiment.lexicons)


def report(text: str) -> Report:
    """Score `text` with notebook 02's attribution and notebook 01's readability counts."""
    traced = trace(text)
    tokens = traced.tokens
    moved = tokens[tokens["lexicon"].notna() | (tokens["final"] != 0) | (tokens["rules"] != "")]
    words = pd.DataFrame({"word": moved["token"], "lexicon": moved["lexicon"], "after word rules": moved["valence"],
                          "after 'but'": moved["final"], "rules that changed it": moved["rules"]},
                         columns=RULE_COLUMNS).reset_index(drop=True)
    values = fast_textstat.measures(text)
    compound = traced.scores["compound"]
    return Report(text, compound, label(compound), words, traced.punctuation, traced.valence_sum,
                  values["flesch_kincaid_grade"], values["flesch_reading_ease"], int(values["lexicon_count"]),
                  int(values["sentence_count"]), int(values["syllable_count"]), other_instruments(text))


def _reading(score: float, words: int) -> str:
    """The verdict of a word-list score: its sign."""
    if not words:
        return "neutral (no word in its list)"
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def other_instruments(text: str) -> pd.DataFrame:
    """AFINN-165, Harvard IV-4 and Loughran–McDonald on `text` (helpers.sentiment.lexicons), with the
    words each counted: the same text, three more verdicts, often not VADER's."""
    values = lexicons.scores(text)
    hits = lexicons.word_contributions(text)
    rows = []
    for key, name, scale in OTHERS:
        mine = hits[hits["instrument"] == key]
        words = ", ".join(f"{w} {signed(v, 0)}" for w, v in zip(mine["word"], mine["value"]))
        rows.append([name, values[key], scale, _reading(values[key], len(mine)), words])
    return pd.DataFrame(rows, columns=OTHER_COLUMNS)


def signed(value: float, decimals: int = 2) -> str:
    """A number for the room: always signed, with a true minus sign."""
    return f"{value:+.{decimals}f}".replace("-", "\u2212")


def _minus(value: float, decimals: int = 2) -> str:
    """An unsigned format with a true minus sign (a grade can be below zero)."""
    return f"{value:.{decimals}f}".replace("-", "\u2212")


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "none (no words)"


def _bar(compound: float) -> str:
    """A bar from the centre (0) towards -1 (left) or +1 (right), coloured by VADER's label."""
    colour = {"positive": POSITIVE, "negative": NEGATIVE}.get(label(compound), NEUTRAL)
    half = abs(compound) * 50
    left = 50 if compound >= 0 else 50 - half
    return (f'<span class="live-bar" title="compound from \u22121 to +1" style="position:relative;width:320px;'
            f'height:14px;background:#eeeeee;border:1px solid #999999;display:inline-block;vertical-align:middle">'
            f'<span style="position:absolute;left:{left:.2f}%;width:{half:.2f}%;height:100%;background:{colour}"></span>'
            f'<span style="position:absolute;left:50%;width:1px;height:100%;background:#000000"></span></span>')


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "" if value != value else signed(value, 3)  # NaN: not in the lexicon
    return html.escape(str(value))


def sentence_html(r: Report) -> str:
    """The tone, the rules that fired and the grade of one text, as HTML (the live view and the static one)."""
    if r.word_count == 0:
        return '<div class="live-sentence"><p><em>Type a sentence: there are no words to score yet.</em></p></div>'
    rows = "".join("<tr>" + "".join(f"<td{PAD}>{_cell(v)}</td>" for v in row) + "</tr>"
                   for row in r.words.itertuples(index=False))
    if not rows:
        rows = f'<tr><td colspan="{len(RULE_COLUMNS)}"><em>no word of this text is in VADER\'s lexicon</em></td></tr>'
    header = "".join(f"<th{PAD}>{html.escape(c)}</th>" for c in RULE_COLUMNS)
    per_sentence, per_syllable, offset = FLESCH_KINCAID
    punctuation = (f"<p>Punctuation ('!' and '?'): {signed(r.punctuation, 3)} added to the sum, away from zero.</p>"
                   if r.punctuation else "")
    return (
        '<div class="live-sentence">'
        f'<p><b>VADER compound</b> <span class="live-compound">{signed(r.compound, 4)}</span> '
        f'(<span class="live-tone">{r.tone}</span>) {_bar(r.compound)}</p>'
        f'<table class="live-rules"><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>'
        f'{punctuation}'
        f'<p>Sum of the valences {signed(r.valence_sum, 3)}; compound = sum / \u221a(sum\u00b2 + 15).</p>'
        f'{_others_html(r.others)}'
        f'<p><b>Flesch\u2013Kincaid grade</b> <span class="live-grade">{_minus(r.grade)}</span>, '
        f'<b>Flesch Reading Ease</b> <span class="live-ease">{_minus(r.ease)}</span>, from '
        f'<span class="live-words">{r.word_count}</span> words, '
        f'<span class="live-sentences">{r.sentence_count}</span> {_plural(r.sentence_count, "sentence")}, '
        f'<span class="live-syllables">{r.syllable_count}</span> syllables: '
        f'{_ratio(r.word_count, r.sentence_count)} words per sentence and '
        f'<span class="live-spw">{_ratio(r.syllable_count, r.word_count)}</span> syllables per word. '
        f'Grade = {per_sentence} \u00d7 words per sentence + {per_syllable} \u00d7 syllables per word '
        f'\u2212 {offset}.</p></div>'
    )


def _others_html(others: pd.DataFrame) -> str:
    """The other instruments' verdicts on the same text (a table)."""
    header = "".join(f"<th{PAD}>{html.escape(c)}</th>" for c in OTHER_COLUMNS)
    body = "".join(
        f'<tr data-instrument="{key}"><td{PAD}>{html.escape(name)}</td><td{PAD} class="score">'
        f'{signed(score, 0 if key == "afinn" else 3)}</td><td{PAD}>{html.escape(scale)}</td><td{PAD}>{reads}</td>'
        f'<td{PAD}>{html.escape(words)}</td></tr>'
        for (key, _, _), (name, score, scale, reads, words) in zip(OTHERS, others.itertuples(index=False)))
    return (f'<p><b>The other instruments</b> on the same text (word lists without VADER\'s rules):</p>'
            f'<table class="live-others"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>')


def sentence_text(r: Report) -> str:
    """The same result as plain text (what a terminal, or nbval, reads)."""
    if r.word_count == 0:
        return "No words to score yet."
    table = (r.words.to_string(index=False, na_rep="", float_format=lambda v: f"{v:+.3f}") if len(r.words)
             else "No word of this text is in VADER's lexicon.")
    return (f"Text: {r.text}\nVADER compound {r.compound:+.4f} ({r.tone}); punctuation {r.punctuation:+.3f}\n"
            f"{table}\nFlesch-Kincaid grade {r.grade:.2f}, Flesch Reading Ease {r.ease:.2f}: "
            f"{r.word_count} words, {r.sentence_count} {_plural(r.sentence_count, 'sentence')}, {r.syllable_count} syllables\n"
            + "Other instruments: " + "; ".join(f"{name} {score:+.3f}" for name, score in zip(r.others["instrument"], r.others["score"])))


def comparison(original: str, rewrite: str) -> pd.DataFrame:
    """Grade, ease, tone and counts of a paragraph and of its rewrite, with rewrite − original."""
    a, b = report(original), report(rewrite)

    def values(r: Report) -> list[float]:
        spw = r.syllable_count / r.word_count if r.word_count else float("nan")
        return [r.grade, r.ease, r.compound, r.word_count, r.sentence_count, spw]

    table = pd.DataFrame({"original": values(a), "rewrite": values(b)}, index=COMPARE_ROWS)
    table["difference"] = table["rewrite"] - table["original"]
    return table


def _number(value: float, row: str) -> str:
    if value != value:
        return "none (no words)"
    if row in ("words", "sentences"):
        return f"{value:.0f}"
    return _minus(value, 4 if row == "VADER compound" else 2)


def comparison_html(original: str, rewrite: str) -> str:
    """The rewrite panel: the comparison table, the difference signed (HTML)."""
    table = comparison(original, rewrite)
    body = ""
    for row, (a, b, d) in table.iterrows():
        slug = row.split()[0].lower().replace("\u2013", "-")
        diff = "none (no words)" if d != d else signed(d, 4 if row == "VADER compound" else 0 if row in ("words", "sentences") else 2)
        body += (f'<tr data-row="{slug}"><th{PAD}>{html.escape(row)}</th><td{PAD} class="original">{_number(a, row)}</td>'
                 f'<td{PAD} class="rewrite">{_number(b, row)}</td><td{PAD} class="difference">{diff}</td></tr>')
    return (f'<table class="live-compare"><thead><tr><th></th><th{PAD}>original</th><th{PAD}>your rewrite</th>'
            f'<th{PAD}>difference</th></tr></thead><tbody>{body}</tbody></table>')


def comparison_text(original: str, rewrite: str) -> str:
    table = comparison(original, rewrite)
    return table.to_string(float_format=lambda v: f"{v:.4f}", na_rep="none")


def _static(inner: str) -> str:
    return f'<div class="live-static"><p><em>{STATIC_NOTE}</em></p>{inner}</div>'


class SentenceDemo:
    """A text box; on every change, `sentence_html` of its text below it."""

    def __init__(self, sentence: str):
        import ipywidgets as widgets  # the front end's library: imported only by the demo

        self.start = sentence
        self.box = widgets.Text(value=sentence, description="Sentence", continuous_update=True,
                                layout=widgets.Layout(width="95%"))
        self.view = widgets.HTML(value=sentence_html(report(sentence)))
        self.box.observe(self.changed, names="value")
        self.widget = widgets.VBox([self.box, self.view])

    def changed(self, change: dict) -> None:
        self.view.value = sentence_html(report(change["new"]))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        r = report(self.start)
        bundle = {"text/plain": sentence_text(r), "text/html": _static(sentence_html(r))}
        view = self.widget._repr_mimebundle_().get(WIDGET_VIEW)
        return bundle | ({WIDGET_VIEW: view} if view else {})


class RewriteDemo:
    """A dropdown of paragraphs and a box to rewrite the chosen one; `comparison_html` beside it."""

    def __init__(self, paragraphs: tuple[str, ...] | list[str]):
        import ipywidgets as widgets

        self.paragraphs = list(paragraphs)
        options = [(f"P{i} \u00b7 {' '.join(p.split()[:6])} \u2026", i) for i, p in enumerate(self.paragraphs, 1)]
        self.choice = widgets.Dropdown(options=options, value=1, description="Paragraph",
                                       layout=widgets.Layout(width="95%"))
        self.box = widgets.Textarea(value=self.paragraphs[0], description="Rewrite", continuous_update=True,
                                    layout=widgets.Layout(width="95%", height="9em"))
        self.view = widgets.HTML(value=comparison_html(self.paragraphs[0], self.paragraphs[0]))
        self.choice.observe(self.chosen, names="value")
        self.box.observe(self.rewritten, names="value")
        self.widget = widgets.VBox([self.choice, self.box, self.view])

    @property
    def original(self) -> str:
        return self.paragraphs[self.choice.value - 1]

    def chosen(self, change: dict) -> None:
        self.box.value = self.original  # fires `rewritten`, which redraws the panel
        self.view.value = comparison_html(self.original, self.box.value)

    def rewritten(self, change: dict) -> None:
        self.view.value = comparison_html(self.original, change["new"])

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        first = self.paragraphs[0]
        shown = f"<p>P1: {html.escape(first)}</p>" + comparison_html(first, first)
        bundle = {"text/plain": f"P1: {first}\n{comparison_text(first, first)}", "text/html": _static(shown)}
        view = self.widget._repr_mimebundle_().get(WIDGET_VIEW)
        return bundle | ({WIDGET_VIEW: view} if view else {})

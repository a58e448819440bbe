"""The live demo's presentation functions (helpers/plots/live.py, notebook 06).

Expected values come from the reference libraries called here, independently of the code under
test (`vaderSentiment`'s SentimentIntensityAnalyzer, `textstat`), or from hand computation.
"""
from __future__ import annotations

import json
import re

import nbformat
import pytest
import textstat
from nbformat.v4 import new_code_cell, new_notebook, new_output
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpers import paths
from helpers.plots import live
from helpers.publish import notebooks

SENTENCE = "The food was not bad, but the service was TERRIBLE!!!"
VADER = SentimentIntensityAnalyzer()


def shown(html: str, css_class: str) -> str:
    """The text of the element with `css_class` in `html` (the demo marks each value it shows)."""
    found = re.findall(rf'class="{css_class}">([^<]*)<', html)
    assert len(found) == 1, (css_class, found)
    return found[0]


def minus(value: float, decimals: int) -> str:
    """An unsigned value as the demo writes it (a true minus sign)."""
    return f"{value:.{decimals}f}".replace("-", "\u2212")


def room(value: float, decimals: int) -> str:
    """How the demo writes a signed value: a true minus sign."""
    return f"{value:+.{decimals}f}".replace("-", "\u2212")


@pytest.mark.parametrize("text", [SENTENCE, "Do all roads of international terrorists lead to Moscow?",
                                  "The book was very good. I loved it, honestly!"])
def test_static_rendering_shows_the_reference_compound_and_textstat_grade(text: str):
    html = live.sentence_html(live.report(text))
    assert shown(html, "live-compound") == room(VADER.polarity_scores(text)["compound"], 4)
    assert shown(html, "live-grade") == minus(textstat.flesch_kincaid_grade(text), 2)
    assert shown(html, "live-ease") == minus(textstat.flesch_reading_ease(text), 2)
    assert shown(html, "live-words") == str(textstat.lexicon_count(text))
    assert shown(html, "live-sentences") == str(textstat.sentence_count(text))
    assert shown(html, "live-syllables") == str(textstat.syllable_count(text))
    plain = live.sentence_text(live.report(text))
    assert f"VADER compound {VADER.polarity_scores(text)['compound']:+.4f}" in plain
    assert f"Flesch-Kincaid grade {textstat.flesch_kincaid_grade(text):.2f}" in plain


def test_rule_table_of_the_classroom_sentence_by_hand():
    """'bad' -2.5, negated by 'not' (x -0.74), before 'but' (x 0.5); 'TERRIBLE' -2.1, in capitals
    among lower-case words (-0.733 more), after 'but' (x 1.5); '!!!' adds 3 x 0.292 (VADER's constants)."""
    words = live.report(SENTENCE).words.set_index("word")
    assert list(words.index) == ["bad", "TERRIBLE"]
    assert words.loc["bad", "after word rules"] == pytest.approx(-2.5 * -0.74)
    assert words.loc["bad", "after 'but'"] == pytest.approx(-2.5 * -0.74 * 0.5)
    assert words.loc["TERRIBLE", "after word rules"] == pytest.approx(-2.1 - 0.733)
    assert words.loc["TERRIBLE", "after 'but'"] == pytest.approx((-2.1 - 0.733) * 1.5)
    assert "negation 'not'" in words.loc["bad", "rules that changed it"]
    assert "'but' x0.5" in words.loc["bad", "rules that changed it"]
    assert "ALL CAPS" in words.loc["TERRIBLE", "rules that changed it"]
    assert "'but' x1.5" in words.loc["TERRIBLE", "rules that changed it"]
    assert live.report(SENTENCE).punctuation == pytest.approx(3 * 0.292)
    table = live.sentence_html(live.report(SENTENCE))
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table)
    assert cells[cells.index("TERRIBLE"):cells.index("TERRIBLE") + 4] == ["TERRIBLE", "\u22122.100", "\u22122.833", "\u22124.250"]


def test_typing_into_the_box_redraws_the_view():
    demo = live.SentenceDemo("The food was great.")
    assert shown(demo.view.value, "live-compound") == room(VADER.polarity_scores("The food was great.")["compound"], 4)
    demo.box.value = SENTENCE  # what the front end does on a keystroke
    assert shown(demo.view.value, "live-compound") == room(VADER.polarity_scores(SENTENCE)["compound"], 4)
    assert shown(demo.view.value, "live-grade") == minus(textstat.flesch_kincaid_grade(SENTENCE), 2)


def test_empty_box_says_so():
    assert "no words" in live.sentence_html(live.report(""))
    assert "No word of this text is in VADER's lexicon." in live.sentence_text(live.report("The cat sat."))
    assert "nan" not in live.sentence_html(live.report("   ")).lower()


def cell_value(html: str, row: str, column: str) -> str:
    found = re.findall(rf'<tr data-row="{row}">.*?<td[^>]* class="{column}">([^<]*)</td>', html)
    assert len(found) == 1, (row, column, found)
    return found[0]


def test_rewrite_panel_follows_the_dropdown_and_the_box(seed):
    demo = live.RewriteDemo(seed.paragraphs)
    demo.choice.value = 2
    second = seed.paragraphs[1]
    assert demo.box.value == second
    assert cell_value(demo.view.value, "flesch-kincaid", "original") == minus(textstat.flesch_kincaid_grade(second), 2)
    assert cell_value(demo.view.value, "flesch-kincaid", "difference") == "+0.00"
    demo.box.value = "The cat sat. It was happy."
    grade = textstat.flesch_kincaid_grade("The cat sat. It was happy.")
    assert cell_value(demo.view.value, "flesch-kincaid", "rewrite") == minus(grade, 2)
    difference = grade - textstat.flesch_kincaid_grade(second)
    assert cell_value(demo.view.value, "flesch-kincaid", "difference") == room(difference, 2)
    happy = VADER.polarity_scores("The cat sat. It was happy.")["compound"]
    assert cell_value(demo.view.value, "vader", "rewrite") == minus(happy, 4)


def test_bundle_holds_a_static_rendering_and_no_model_id_outside_the_view():
    demo = live.SentenceDemo(SENTENCE)
    bundle = demo._repr_mimebundle_()
    model_id = bundle[live.WIDGET_VIEW]["model_id"]
    assert model_id and model_id not in bundle["text/plain"] and model_id not in bundle["text/html"]
    assert "needs JupyterLab" in bundle["text/html"]
    assert shown(bundle["text/html"], "live-compound") == room(VADER.polarity_scores(SENTENCE)["compound"], 4)


def test_normalise_drops_widget_views_and_state():
    demo = live.SentenceDemo(SENTENCE)
    notebook = new_notebook(cells=[new_code_cell("demo", outputs=[new_output("display_data", demo._repr_mimebundle_())])],
                            metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}})
    notebooks.normalise(notebook)
    assert "widgets" not in notebook.metadata
    assert sorted(notebook.cells[0].outputs[0]["data"]) == ["text/html", "text/plain"]


def test_committed_notebook_holds_no_widget_ids_or_state():
    path = paths.PROJECT_ROOT / "notebooks" / "06_live_demo.ipynb"
    raw = path.read_text(encoding="utf-8")
    notebook = json.loads(raw)
    assert "widgets" not in notebook["metadata"]
    assert live.WIDGET_VIEW not in raw and "model_id" not in raw
    static = ["".join(o["data"]["text/html"]) for c in notebook["cells"] for o in c.get("outputs", [])
              if "text/html" in o.get("data", {}) and "live-static" in "".join(o["data"]["text/html"])]
    assert len(static) == 2 and all("needs JupyterLab" in html for html in static)  # the two demos
    nbformat.validate(nbformat.reads(raw, as_version=4))


@pytest.mark.parametrize("text", [SENTENCE, "Oh great, the train is late again.", "The cat sat on the mat."])
def test_other_instruments_equal_the_packages_called_independently(text: str, lexicon_packages):
    afinn, hiv4, lm = lexicon_packages
    html = live.sentence_html(live.report(text))
    found = dict(re.findall(r'<tr data-instrument="([a-z_]+)">.*?class="score">([^<]*)<', html))
    expected = {"afinn": room(afinn.score(text), 0)}
    for key, dictionary in (("harvard_iv", hiv4), ("loughran_mcdonald", lm)):
        expected[key] = room(dictionary.get_score(dictionary.tokenize(text))["Polarity"], 3)
    assert found == expected


def test_other_instruments_disagree_on_the_classroom_sentence():
    """'not bad' is VADER's negation; the word lists count 'bad' as negative (by hand: AFINN 'bad' -3,
    'terrible' -3)."""
    others = live.report(SENTENCE).others.set_index("instrument")
    assert others.loc["AFINN-165", "score"] == -6
    assert others.loc["AFINN-165", "words behind it"] == "bad \u22123, terrible \u22123"
    assert "bad \u22121" in others.loc["Harvard IV-4", "words behind it"]

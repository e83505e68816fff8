"""`make run`'s demo stops cleanly when told to: Ctrl-C, or SIGTERM from a process manager."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from wijkdialoog.web import server


def _start_demo(tmp_path: Path, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "WIJKDIALOOG_VAR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    # The embedded default and the demo's own settings, as `make run` has them.
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    command = [str(Path(sys.executable).parent / "wijkdialoog"), "demo"]
    command += ["--participants", "5", "--port", str(port)]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait_for_line(demo: subprocess.Popen[str], text: str, *, timeout_s: float) -> None:
    found = threading.Event()

    def read() -> None:
        assert demo.stdout is not None
        for line in demo.stdout:
            if text in line:
                found.set()
                return

    threading.Thread(target=read, daemon=True).start()
    assert found.wait(timeout_s), f"the demo did not print {text!r} within {timeout_s} s"


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_demo_stops_with_its_server_and_no_traceback(tmp_path: Path, stop: int) -> None:
    port = server.free_port()
    demo = _start_demo(tmp_path, port)
    try:
        _wait_for_line(demo, "Ctrl-C", timeout_s=120)
        time.sleep(3)  # the simulated participants join and connect
        demo.send_signal(stop)
        _, errors = demo.communicate(timeout=60)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
    assert demo.returncode == 0
    assert "Traceback" not in errors and "Task was destroyed" not in errors, errors
    assert _port_is_free(port)  # the server child stopped too

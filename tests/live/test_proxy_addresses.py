"""Behind a proxy, the limits per address count the client the proxy names, and only a
proxy at WIJKDIALOOG_PROXY_ADDRESSES may name it (uvicorn's proxy headers, server.py)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.live.server_fixture import SETUP, LiveServer

INTAKE = {
    "pseudonym": "Buur",
    "role": "resident",
    "organisation_type": "none",
    "scale": "neighbourhood",
    "keep_informed": "no",
    "consent": True,
}


def join_as(server: LiveServer, code: str, forwarded_for: str) -> int:
    """Join through the API as the proxy would pass it on; return the status code."""
    request = urllib.request.Request(
        f"{server.base_url}/api/d/{code}/join",
        data=json.dumps(INTAKE).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded_for},
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return int(response.status)
    except urllib.error.HTTPError as refused:
        return refused.code


def wait_for_a_fresh_minute() -> None:
    # The count starts again each minute: the steps below must fall within one.
    left_s = 60 - time.time() % 60
    if left_s < 10:
        time.sleep(left_s + 0.1)


def test_the_limit_counts_the_address_a_trusted_proxy_names(tmp_path: Path) -> None:
    server = LiveServer(tmp_path, {"WIJKDIALOOG_JOINS_PER_MINUTE_PER_ADDRESS": "1"})
    server.env.pop("DATABASE_URL", None)  # one process: SQLite and the in-memory counters
    server.env.pop("REDIS_URL", None)
    server.migrate()
    code = server.python(SETUP)["code"]
    try:
        server.start()  # the proxy stands on this machine: uvicorn's default
        wait_for_a_fresh_minute()
        assert join_as(server, code, "203.0.113.5") == 201
        assert join_as(server, code, "203.0.113.5") == 429
        assert join_as(server, code, "203.0.113.6") == 201  # another resident's address
        server.stop()

        server.env["WIJKDIALOOG_PROXY_ADDRESSES"] = "192.0.2.1"  # a proxy elsewhere
        server.start()
        wait_for_a_fresh_minute()
        # From an address that is not the proxy's, the header names no one: both count
        # as this machine.
        assert join_as(server, code, "203.0.113.7") == 201
        assert join_as(server, code, "203.0.113.8") == 429
    finally:
        server.stop()

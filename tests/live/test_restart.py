"""Kill the server in the middle of a session, start it again, find every acknowledged write.

An acknowledgement promises that the statement or vote is in the database
(docs/architecture.md); a crash (SIGKILL, no shutdown) must not break that promise.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
from pathlib import Path

import pytest
import websockets

from tests.live.resilient_client import join as _join
from tests.live.server_fixture import QUERY, SETUP, LiveServer


class Acks:
    """What the server acknowledged: statements by id, and votes."""

    def __init__(self) -> None:
        self.statements: dict[int, str] = {}
        self.votes: set[tuple[int, int, str]] = set()


async def _participant(
    server: LiveServer, code: str, number: int, acks: Acks, stop: asyncio.Event
) -> None:
    try:
        participant_id, cookie = await asyncio.to_thread(
            _join, server.base_url, code, f"Deelnemer {number}"
        )
    except OSError:
        return  # still joining when the server was killed
    url = f"ws://127.0.0.1:{server.port}/ws/d/{code}/"
    headers = {"Cookie": cookie, "Origin": server.base_url}
    sent: dict[str, tuple[str, object]] = {}
    counter = 0
    try:
        async with websockets.connect(url, additional_headers=headers) as socket:

            async def send(frame: dict[str, object]) -> None:
                nonlocal counter
                counter += 1
                ref = f"{number}-{counter}"
                sent[ref] = (str(frame["type"]), frame)
                await socket.send(json.dumps({**frame, "ref": ref}))

            posted = 0
            async for message in socket:
                frame = json.loads(message)
                if frame["type"] == "ack" and frame["ref"] in sent:
                    kind, original = sent.pop(frame["ref"])
                    if kind == "post":
                        acks.statements[frame["statement"]] = str(original["text"])  # type: ignore[index]
                    elif kind == "vote":
                        acks.votes.add(
                            (participant_id, original["statement"], original["vote"])  # type: ignore[index]
                        )
                inbox = frame.get("inbox") if frame["type"] == "state" else frame
                if frame["type"] in ("state", "inbox") and isinstance(inbox, dict):
                    for statement in inbox["statements"][:1]:
                        vote = random.choice(["agree", "disagree", "pass"])
                        await send({"type": "vote", "statement": statement["id"], "vote": vote})
                if posted < 3 and not stop.is_set():
                    posted += 1
                    text = f"Stelling {posted} van deelnemer {number}: meer groen in de wijk"
                    await send({"type": "post", "text": text})
    except (websockets.ConnectionClosed, websockets.InvalidHandshake, OSError):
        pass  # the server was killed under us (also mid-handshake, when slow), as intended


async def _run_session(server: LiveServer, code: str, acks: Acks, crowd: int) -> None:
    stop = asyncio.Event()
    tasks = [asyncio.create_task(_participant(server, code, n, acks, stop)) for n in range(crowd)]
    # Let the session run until writes are flowing, then crash the server mid-stream.
    for _ in range(200):
        await asyncio.sleep(0.05)
        if len(acks.votes) >= crowd and len(acks.statements) >= crowd:
            break
    await asyncio.to_thread(server.kill)
    stop.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)


def _server(tmp_path: Path, database_url: str | None) -> LiveServer:
    extra = {"DATABASE_URL": database_url} if database_url else {}
    server = LiveServer(tmp_path, extra)
    if not database_url:
        server.env.pop("DATABASE_URL", None)
    server.env.pop("REDIS_URL", None)
    return server


def _check_restart(server: LiveServer) -> None:
    server.migrate()
    setup = server.python(SETUP)
    server.start()
    acks = Acks()
    try:
        asyncio.run(_run_session(server, setup["code"], acks, crowd=12))
        assert acks.statements and acks.votes, "the session wrote nothing before the crash"
        server.start()  # a new process: its conductor rebuilds from the log
        stored = server.python(QUERY.format(dialogue=setup["dialogue"]))
        statements = {int(k): v for k, v in stored["statements"].items()}
        for statement_id, text in acks.statements.items():
            assert statements.get(statement_id) == text
        votes = {tuple(v) for v in stored["votes"]}
        assert acks.votes <= votes
        # The restarted server serves the same dialogue: the open question is still open.
        asyncio.run(_still_live(server, setup["code"]))
    finally:
        server.stop()


async def _still_live(server: LiveServer, code: str) -> None:
    _, cookie = await asyncio.to_thread(_join, server.base_url, code, "Nakomer")
    url = f"ws://127.0.0.1:{server.port}/ws/d/{code}/"
    headers = {"Cookie": cookie, "Origin": server.base_url}
    async with websockets.connect(url, additional_headers=headers) as socket:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
        assert frame["type"] == "state"
        assert frame["item"]["title"] == "Wat gaat goed?"
        await socket.send(json.dumps({"type": "post", "ref": "n1", "text": "Na de herstart"}))
        while True:
            answer = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
            if answer["type"] in ("ack", "error"):
                break
        assert answer["type"] == "ack"


def test_acknowledged_writes_survive_a_crash_sqlite(tmp_path: Path) -> None:
    _check_restart(_server(tmp_path, None))


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="needs DATABASE_URL (PostgreSQL)")
def test_acknowledged_writes_survive_a_crash_postgresql(tmp_path: Path) -> None:
    import psycopg

    base = os.environ["DATABASE_URL"]
    name = f"wijkdialoog_restart_{os.getpid()}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        _check_restart(_server(tmp_path, base.rsplit("/", 1)[0] + "/" + name))
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

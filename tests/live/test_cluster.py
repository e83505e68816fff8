"""Three server processes on PostgreSQL and Redis, and the faults of a real deployment.

Participants connect to whichever process the kernel hands them; one process holds the
dialogue's lease and writes. The faults: the owning process killed, Redis restarted,
PostgreSQL unreachable for 10 seconds, connections dropping. Each time the session goes
on by itself, and every acknowledged statement and vote is in the database exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.live.resilient_client import Acks, Participant
from tests.live.server_fixture import QUERY, SETUP, LiveServer
from tests.live.tcp_proxy import TcpProxy
from wijkdialoog.web.dialogues.cluster import LOCK_NAMESPACE

pytestmark = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
    reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL: the production path",
)

WORKERS = 3
CROWD = 15


@pytest.fixture
def database_url() -> Iterator[str]:
    """A throw-away PostgreSQL database of this test's own."""
    base = os.environ["DATABASE_URL"]
    name = f"wijkdialoog_cluster_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield base.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def running_cluster(
    tmp_path: Path, database_url: str, redis_url: str
) -> Iterator[tuple[LiveServer, dict[str, Any]]]:
    """The server on its workers, with a dialogue whose first question is open."""
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "WIJKDIALOOG_REDIS_PREFIX": f"wdtest{uuid.uuid4().hex[:8]}",
    }
    server = LiveServer(tmp_path, env, workers=WORKERS)
    server.migrate()
    setup = server.python(SETUP)
    server.start()
    try:
        yield server, setup
    finally:
        server.stop()


def owner_pid(database_url: str, dialogue_id: int) -> int | None:
    """The server process holding the dialogue's lease (its lease connection says which)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.classid = %s AND l.objid = %s AND l.granted"
            " AND a.datname = current_database()",
            (LOCK_NAMESPACE, dialogue_id),
        ).fetchone()
    return int(row[0].rsplit("-", 1)[1]) if row else None


def worker_pids(server: LiveServer) -> set[int]:
    assert server.process is not None
    found = subprocess.run(
        ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True, check=False
    )
    return {int(line) for line in found.stdout.split()}


async def run_with_fault(
    server: LiveServer,
    code: str,
    fault: Callable[[], None],
    *,
    after_fault: int = 15,
    crowd_fault: Callable[[list[Participant]], None] | None = None,
    back: Callable[[list[Participant]], bool] = lambda crowd: True,
) -> tuple[Acks, float]:
    """Run a crowd; once writes flow, cause the fault; go on until writes flow again."""
    acks = Acks()
    stop, drained = asyncio.Event(), asyncio.Event()
    crowd = [Participant(server.base_url, code, n, acks) for n in range(CROWD)]
    tasks = [asyncio.create_task(p.run(stop, drained)) for p in crowd]
    await _until(lambda: len(acks.times) >= 2 * CROWD, timeout_s=60)
    moment = time.monotonic()
    if crowd_fault is not None:
        crowd_fault(crowd)
    await asyncio.to_thread(fault)
    # The session goes on by itself: new writes are acknowledged after the fault.
    try:
        await _until(lambda: acks.acked_after(moment) >= after_fault and back(crowd), timeout_s=90)
    except AssertionError as stalled:
        raise AssertionError(f"{stalled}: {_describe(acks, crowd, moment)}") from None
    stop.set()
    done, pending = await asyncio.wait(tasks, timeout=60)
    drained.set()
    for task in pending:
        task.cancel()
    unacked = sum(len(p.unacked) for p in crowd)
    stuck = {p.number: sorted(p.unacked) for p in crowd if p.unacked}
    assert not pending and unacked == 0, f"{unacked} intents never acknowledged: {stuck}"
    for task in done:
        task.result()
    return acks, moment


def _describe(acks: Acks, crowd: list[Participant], moment: float) -> str:
    """What the crowd saw, for a failure message."""
    now = time.monotonic()
    return (
        f"{acks.acked_after(moment)} acks after the fault, {acks.reconnects} reconnects; "
        + ", ".join(
            f"#{p.number}: {len(p.unacked)} unacked, last ack {now - p.last_ack_at:.0f} s ago"
            for p in crowd
        )
    )


async def _until(condition: Callable[[], bool], *, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the session did not get going (again) in time")
        await asyncio.sleep(0.1)


def assert_stored_once(server: LiveServer, dialogue_id: int, acks: Acks) -> None:
    stored = server.python(QUERY.format(dialogue=dialogue_id))
    statements = {int(k): v for k, v in stored["statements"].items()}
    for statement_id, text in acks.statements.items():
        assert statements.get(statement_id) == text
    texts = list(statements.values())
    assert len(texts) == len(set(texts)), "a statement was stored twice"
    votes = [tuple(v) for v in stored["votes"]]
    assert acks.votes <= set(votes)
    pairs = [(p, s) for p, s, _ in votes]
    assert len(pairs) == len(set(pairs)), "a vote was stored twice"


def connections_held(pid: int, port: int) -> int:
    """Count the established TCP connections to `port` that process `pid` holds (/proc)."""
    sockets = set()
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(descriptor)
            if target.startswith("socket:["):
                sockets.add(target.removeprefix("socket:[").removesuffix("]"))
    held = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            established = state == "01"
            if established and int(local.rsplit(":", 1)[1], 16) == port and inode in sockets:
                held += 1
    return held


def test_killing_the_owning_process_loses_and_doubles_nothing(
    tmp_path: Path, database_url: str
) -> None:
    with running_cluster(tmp_path, database_url, os.environ["REDIS_URL"]) as (server, setup):
        killed: list[int] = []
        held: list[int] = []

        def kill_the_owner() -> None:
            pid = owner_pid(database_url, setup["dialogue"])
            assert pid is not None and pid in worker_pids(server)
            held.append(connections_held(pid, server.port))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

        acks, _ = asyncio.run(run_with_fault(server, setup["code"], kill_the_owner))
        assert_stored_once(server, setup["dialogue"], acks)
        new_owner = owner_pid(database_url, setup["dialogue"])
        assert new_owner is not None and new_owner != killed[0]
        # The kernel hands connections to any process, and sometimes none to the owner;
        # when it held some, their clients came back.
        if held[0]:
            assert acks.reconnects > 0


def test_participants_spread_over_processes_reach_one_writer(
    tmp_path: Path, database_url: str
) -> None:
    with running_cluster(tmp_path, database_url, os.environ["REDIS_URL"]) as (server, setup):
        acks, _ = asyncio.run(run_with_fault(server, setup["code"], lambda: None))
        assert_stored_once(server, setup["dialogue"], acks)
        # One lease, held by one of the server's processes.
        assert owner_pid(database_url, setup["dialogue"]) in worker_pids(server)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_connections_dropping_and_coming_back_lose_and_double_nothing(
    tmp_path: Path, database_url: str
) -> None:
    with running_cluster(tmp_path, database_url, os.environ["REDIS_URL"]) as (server, setup):

        def drop_every_other(crowd: list[Participant]) -> None:
            for participant in crowd[::2]:
                participant.drop()

        def all_came_back(crowd: list[Participant]) -> bool:
            dropped = [p for p in crowd if p.dropped_at is not None]
            return bool(dropped) and all(p.last_ack_at > p.dropped_at for p in dropped)  # type: ignore[operator]

        acks, _ = asyncio.run(
            run_with_fault(
                server,
                setup["code"],
                lambda: None,
                crowd_fault=drop_every_other,
                back=all_came_back,
            )
        )
        assert_stored_once(server, setup["dialogue"], acks)
        assert acks.reconnects > 0


def test_a_redis_restart_loses_and_doubles_nothing(tmp_path: Path, database_url: str) -> None:
    port = _free_port()
    redis = [_start_redis(port, tmp_path)]
    redis_url = f"redis://127.0.0.1:{port}/0"
    try:
        with running_cluster(tmp_path, database_url, redis_url) as (server, setup):

            def restart_redis() -> None:
                redis[0].kill()  # as in a crash: everything it held is gone
                redis[0].wait()
                time.sleep(1)
                redis[0] = _start_redis(port, tmp_path)

            acks, _ = asyncio.run(run_with_fault(server, setup["code"], restart_redis))
            assert_stored_once(server, setup["dialogue"], acks)
    finally:
        redis[0].kill()


def test_postgresql_away_for_ten_seconds_loses_and_doubles_nothing(
    tmp_path: Path, database_url: str
) -> None:
    # A partition: the database keeps its side of every connection of before the cut,
    # the owner's lease connection and any half-written batch among them.
    proxy = TcpProxy(database_url.rsplit("@", 1)[1].split("/", 1)[0])
    proxied = database_url.replace(proxy.target, f"127.0.0.1:{proxy.port}")
    try:
        with running_cluster(tmp_path, proxied, os.environ["REDIS_URL"]) as (server, setup):
            acks, _ = asyncio.run(run_with_fault(server, setup["code"], lambda: proxy.cut(10)))
            assert_stored_once(server, setup["dialogue"], acks)
            # The lease is held by a live process's connection, not by one of before.
            assert owner_pid(database_url, setup["dialogue"]) in worker_pids(server)
    finally:
        proxy.close()


def _start_redis(port: int, folder: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")

"""Several server processes, one writer per dialogue (docs/architecture.md, docs/operations.md).

With PostgreSQL and Redis, a participant may connect to any server process, but only
the process holding the dialogue's PostgreSQL advisory lock (its *lease*) runs the
dialogue's conductor. The others hand it their intents through the channel layer, on
the channel `conductor.<id>`, and get outcomes and frames back on their own relay
channel. A lease lives as long as its process's database connection: when the owner
dies, the next process to ask takes the lease, rebuilds the conductor from the log and
closes the sockets that were attached to the old owner, so their clients reconnect and
send again what was not acknowledged (a repeated `ref` is answered, not applied twice).

Without both (the embedded default: SQLite, in-memory layer, one process) every
conductor is local, as before.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import secrets
from collections.abc import Callable
from contextvars import Context
from dataclasses import dataclass, field
from typing import Any

import psycopg
from asgiref.sync import SyncToAsync, ThreadSensitiveContext
from channels.exceptions import ChannelFull
from channels.layers import get_channel_layer
from django.conf import settings as django_settings
from django.db import connections

from wijkdialoog.web.dialogues import conductor as local
from wijkdialoog.web.dialogues.conductor import Conductor, Connection, Outcome, OwnerUnavailable
from wijkdialoog.web.dialogues.protocol import Refusal

log = logging.getLogger(__name__)

CALL_TIMEOUT_S = 10.0  # an owner that does not answer within this is taken for gone
WATCH_EVERY_S = 1.0  # how often a process checks the leases it holds and wants
LOCK_NAMESPACE = 0x5744  # "WD": the first key of every advisory lock of ours
LEASE_QUERY_TIMEOUT_S = 5.0  # a lease query that hangs (a half-open connection) is a failure
TAKE_OVER_S = 15.0  # a conductor that cannot read its log within this lets the lease go

# What another process may ask of a conductor; anything else is refused.
CALLS = frozenset(
    {
        "connect",
        "disconnect",
        "resync",
        "join",
        "leave",
        "request_inbox",
        "post",
        "vote",
        "answer_poll",
        "page_state",
        "monitor",
        "open_item_title",
        "open_next_item",
        "close_items",
        "hide",
        "notice",
        "close_dialogue",
        "reload_script",
    }
)
_WITH_CONNECTION = frozenset({"connect", "disconnect", "resync"})


def is_enabled() -> bool:
    """Several processes are possible only with PostgreSQL and Redis together."""
    engine = django_settings.DATABASES["default"]["ENGINE"]
    return bool(os.environ.get("REDIS_URL")) and engine.endswith("postgresql")


async def conductor_for(dialogue_id: int) -> Any:
    """The conductor of a dialogue as this process reaches it: itself, or through its owner."""
    if not is_enabled():
        return await local.conductor_for(dialogue_id)
    return await _cluster().conductor_for(dialogue_id)


def register_socket(dialogue_id: int, connection: Connection, on_moved: Callable[[], None]) -> None:
    """Remember a participant's socket; `on_moved` closes it when the dialogue changes owner."""
    if is_enabled():
        _cluster().relay.register(dialogue_id, connection, on_moved)


def unregister_socket(connection: Connection) -> None:
    if is_enabled():
        _cluster().relay.unregister(connection)


async def stop() -> None:
    """Stop this process's part (tests, and a server shutting down)."""
    global _instance
    if _instance is not None:
        await _instance.stop()
        _instance = None
    await local.stop_all()


def forget() -> None:
    """Drop this process's part without an event loop (tests, between their loops)."""
    global _instance
    if _instance is not None:
        _instance.leases.forget()
        _instance = None


# Encoding what crosses processes ------------------------------------------


def _encode(result: object) -> dict[str, Any]:
    if isinstance(result, OwnerUnavailable):
        return {"unavailable": True}
    if isinstance(result, Outcome):
        code = result.refusal.code if result.refusal is not None else None
        return {"outcome": {"refusal": code, "statement": result.statement_id}}
    return {"value": result}


def _decode(answer: dict[str, Any]) -> Any:
    if answer.get("unavailable"):
        raise OwnerUnavailable()
    if "outcome" in answer:
        code = answer["outcome"]["refusal"]
        return Outcome(
            refusal=Refusal(code) if code is not None else None,
            statement_id=answer["outcome"]["statement"],
        )
    return answer["value"]


# Sending in order ---------------------------------------------------------


class _Pipe:
    """Send messages to one channel in the order they were put, without waiting for it."""

    def __init__(self, channel: str, on_full: Callable[[str], None]) -> None:
        self.channel = channel
        self.on_full = on_full
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.task = asyncio.create_task(self._drain(), name=f"pipe-{channel}")

    def put(self, message: dict[str, Any]) -> None:
        self.queue.put_nowait(message)

    async def _drain(self) -> None:
        layer = get_channel_layer()
        while True:
            message = await self.queue.get()
            try:
                await layer.send(self.channel, message)
            except ChannelFull:
                # Nobody reads it any more: the process behind it is gone.
                log.warning("%s is full; its process is taken for gone", self.channel)
                self.on_full(self.channel)
            except Exception:  # Redis away: the receiver resyncs when it reconnects
                log.warning("could not send to %s; dropped a message", self.channel)
                await asyncio.sleep(0.2)


class _Outgoing:
    """Batches of frames and answers for other processes, one message per loop turn."""

    def __init__(self, on_full: Callable[[str], None]) -> None:
        self._pipes: dict[str, _Pipe] = {}
        self._batches: dict[str, list[list[Any]]] = {}
        self._on_full = on_full

    def send(self, channel: str, message: dict[str, Any]) -> None:
        pipe = self._pipes.get(channel)
        if pipe is None:
            pipe = self._pipes[channel] = _Pipe(channel, self._on_full)
        pipe.put(message)

    def add(self, channel: str, item: list[Any]) -> None:
        if not self._batches:
            asyncio.get_running_loop().call_soon(self._flush)
        self._batches.setdefault(channel, []).append(item)

    def _flush(self) -> None:
        batches, self._batches = self._batches, {}
        for channel, items in batches.items():
            self.send(channel, {"type": "relay.batch", "items": items})

    def stop(self) -> None:
        for pipe in self._pipes.values():
            pipe.task.cancel()
        self._pipes.clear()


@dataclass(frozen=True, slots=True)
class RemoteConnection:
    """A socket in another process, as the owner's conductor sees it."""

    relay: str
    key: int
    outgoing: _Outgoing = field(compare=False, hash=False, repr=False)

    def push(self, frame: dict[str, Any]) -> None:
        self.outgoing.add(self.relay, ["frame", self.key, frame])


# This process's mailbox ----------------------------------------------------


@dataclass(slots=True)
class _Socket:
    dialogue_id: int
    connection: Connection
    on_moved: Callable[[], None]


class Relay:
    """Receives answers and frames for this process's sockets on a channel of its own."""

    def __init__(self) -> None:
        self.channel = ""
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self._ids = itertools.count(1)
        self._sockets: dict[int, _Socket] = {}
        self._keys: dict[int, int] = {}  # id(connection) -> key
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        # channels_redis reads all of a process's own channels from one Redis list, by
        # whichever receiver holds its lock; a prefix of our own would make a second
        # list, read only when the relay got that lock, behind every socket's turn.
        self.channel = await get_channel_layer().new_channel()
        self._task = asyncio.create_task(self._receive(), name="relay")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def register(
        self, dialogue_id: int, connection: Connection, on_moved: Callable[[], None]
    ) -> int:
        key = next(self._ids)
        self._sockets[key] = _Socket(dialogue_id, connection, on_moved)
        self._keys[id(connection)] = key
        return key

    def unregister(self, connection: Connection) -> None:
        key = self._keys.pop(id(connection), None)
        if key is not None:
            self._sockets.pop(key, None)

    def key_of(self, connection: Connection) -> int:
        return self._keys[id(connection)]

    def close_sockets(self, dialogue_id: int) -> None:
        """Let the clients of a dialogue reconnect, to its new owner."""
        for socket in [s for s in self._sockets.values() if s.dialogue_id == dialogue_id]:
            socket.on_moved()

    def new_call(self) -> tuple[int, asyncio.Future[Any]]:
        call_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending[call_id] = future
        return call_id, future

    async def _receive(self) -> None:
        layer = get_channel_layer()
        while True:
            try:
                message = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis restarting: wait and listen again
                log.warning("relay %s: receive failed; retrying", self.channel)
                await asyncio.sleep(0.5)
                continue
            for kind, key, payload in message.get("items", ()):
                if kind == "frame":
                    socket = self._sockets.get(key)
                    if socket is not None:
                        socket.connection.push(payload)
                elif kind == "answer":
                    future = self.pending.pop(key, None)
                    if future is not None and not future.done():
                        future.set_result(payload)


# Calling a conductor in another process -------------------------------------


class RemoteConductor:
    """The conductor of a dialogue another process owns, with the same async methods."""

    def __init__(self, dialogue_id: int, relay: Relay, outgoing: _Outgoing) -> None:
        self.dialogue_id = dialogue_id
        self._relay = relay
        self._outgoing = outgoing

    async def _call(self, method: str, **args: Any) -> Any:
        call_id, future = self._relay.new_call()
        call = {"method": method, "args": args, "reply_to": self._relay.channel}
        # Batched with this loop turn's other calls: one Redis message for all of them.
        self._outgoing.add(owner_channel(self.dialogue_id), ["call", call_id, call])
        try:
            return _decode(await asyncio.wait_for(future, CALL_TIMEOUT_S))
        except TimeoutError:
            raise OwnerUnavailable(self.dialogue_id) from None
        finally:
            self._relay.pending.pop(call_id, None)

    async def connect(
        self, participant_id: int, role: str, intake: dict[str, str], connection: Connection
    ) -> Outcome:
        key = self._relay.key_of(connection)
        return await self._call(
            "connect", participant_id=participant_id, role=role, intake=intake, key=key
        )

    async def disconnect(self, participant_id: int, connection: Connection) -> None:
        key = self._relay.key_of(connection)
        await self._call("disconnect", participant_id=participant_id, key=key)

    async def resync(self, participant_id: int, connection: Connection) -> None:
        key = self._relay.key_of(connection)
        await self._call("resync", participant_id=participant_id, key=key)

    async def join(self, participant_id: int, role: str, intake: dict[str, str]) -> Outcome:
        return await self._call("join", participant_id=participant_id, role=role, intake=intake)

    async def leave(self, participant_id: int) -> Outcome:
        return await self._call("leave", participant_id=participant_id)

    async def request_inbox(self, participant_id: int) -> Outcome:
        return await self._call("request_inbox", participant_id=participant_id)

    async def post(
        self, participant_id: int, text: str, *, reaction_to: int | None = None, ref: str | None
    ) -> Outcome:
        return await self._call(
            "post", participant_id=participant_id, text=text, reaction_to=reaction_to, ref=ref
        )

    async def vote(
        self, participant_id: int, statement_id: int, vote: str, *, ref: str | None
    ) -> Outcome:
        return await self._call(
            "vote", participant_id=participant_id, statement_id=statement_id, vote=vote, ref=ref
        )

    async def answer_poll(
        self, participant_id: int, item_id: int, option: str, explanation: str, *, ref: str | None
    ) -> Outcome:
        return await self._call(
            "answer_poll",
            participant_id=participant_id,
            item_id=item_id,
            option=option,
            explanation=explanation,
            ref=ref,
        )

    async def page_state(self, participant_id: int) -> dict[str, Any]:
        return await self._call("page_state", participant_id=participant_id)

    async def monitor(self) -> dict[str, Any]:
        return await self._call("monitor")

    async def open_item_title(self) -> str:
        return await self._call("open_item_title")

    async def open_next_item(self) -> Outcome:
        return await self._call("open_next_item")

    async def close_items(self) -> Outcome:
        return await self._call("close_items")

    async def hide(self, statement_id: int, reason: str) -> Outcome:
        return await self._call("hide", statement_id=statement_id, reason=reason)

    async def notice(self, text: str) -> Outcome:
        return await self._call("notice", text=text)

    async def close_dialogue(self) -> Outcome:
        return await self._call("close_dialogue")

    async def reload_script(self) -> None:
        await self._call("reload_script")


def owner_channel(dialogue_id: int) -> str:
    return f"conductor.{dialogue_id}"


# Leases -------------------------------------------------------------------


class Leases:
    """This process's advisory locks, on one PostgreSQL connection of its own.

    A session-level advisory lock is released when its connection ends, also when the
    process is killed, so a dead owner's dialogues are free at once.
    """

    def __init__(self) -> None:
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self._lock = asyncio.Lock()
        self.held: set[int] = set()
        # The name of these leases' connections, and of no others: operators see in
        # pg_stat_activity which process owns what (random too: process ids repeat
        # across machines).
        self.name = f"wijkdialoog-lease-{secrets.token_hex(4)}-{os.getpid()}"

    async def claim(self, dialogue_id: int) -> bool:
        if dialogue_id in self.held:
            return True
        row = await self._query("SELECT pg_try_advisory_lock(%s, %s)", dialogue_id)
        if row is not None and row[0]:
            self.held.add(dialogue_id)
            return True
        return False

    async def holder(self, dialogue_id: int) -> int | None:
        """The database backend that holds a dialogue's lease, if any: who owns it now."""
        row = await self._query(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = %s"
            " AND objid = %s AND objsubid = 2 AND granted AND database ="
            " (SELECT oid FROM pg_database WHERE datname = current_database())",
            dialogue_id,
        )
        return row[0] if row is not None else None

    async def check(self) -> None:
        """Keep in `held` only the leases this process's backend really holds now."""
        if not self.held:
            return
        row = await self._query(
            "SELECT coalesce(array_agg(objid::int), '{}') FROM pg_locks WHERE pid ="
            " pg_backend_pid() AND locktype = 'advisory' AND classid = %s AND granted",
            None,
            namespace_only=True,
        )
        still = set(row[0]) if row is not None else set()
        if self.held - still:
            log.warning("leases %s were lost", sorted(self.held - still))
        self.held &= still

    async def release(self, dialogue_id: int) -> None:
        """Let go of a lease, so that another process may take the dialogue."""
        if dialogue_id in self.held:
            await self._query("SELECT pg_advisory_unlock(%s, %s)", dialogue_id)
            self.held.discard(dialogue_id)

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
        self._connection = None
        self.held.clear()

    def forget(self) -> None:
        if self._connection is not None:
            self._connection.pgconn.finish()  # no loop needed; the server frees the locks
        self._connection = None
        self.held.clear()

    async def _query(
        self, sql: str, dialogue_id: int | None, *, namespace_only: bool = False
    ) -> tuple[Any, ...] | None:
        if namespace_only:
            params: tuple[int, ...] = (LOCK_NAMESPACE,)
        else:
            params = (LOCK_NAMESPACE, dialogue_id) if dialogue_id is not None else ()
        async with self._lock:
            try:
                if self._connection is None or self._connection.closed:
                    self.held.clear()  # a new connection holds none of the old locks
                    self._connection = await self._connect()
                cursor = await asyncio.wait_for(
                    self._connection.execute(sql, params), LEASE_QUERY_TIMEOUT_S
                )
                return await cursor.fetchone()
            except (psycopg.Error, TimeoutError):
                log.warning("the lease connection failed; every lease of this process is gone")
                if self._connection is not None:
                    await self._connection.close()
                self._connection = None
                self.held.clear()
                return None

    async def _connect(self) -> psycopg.AsyncConnection[Any]:
        connection = await psycopg.AsyncConnection.connect(
            **_lease_connection_params(), application_name=self.name, autocommit=True
        )
        # After a network fault the database may still keep our previous connection
        # open, and with it our leases, though we gave it up: it heard nothing of the
        # fault. Nobody else uses our name, so that connection is ours to end.
        try:
            await asyncio.wait_for(
                connection.execute(
                    "SELECT pg_terminate_backend(pid, 3000) FROM pg_stat_activity"
                    " WHERE application_name = %s AND pid <> pg_backend_pid()",
                    (self.name,),
                ),
                LEASE_QUERY_TIMEOUT_S,
            )
        except BaseException:
            await connection.close()
            raise
        return connection


def _lease_connection_params() -> dict[str, Any]:
    params = connections["default"].get_connection_params()
    keep = ("dbname", "user", "password", "host", "port", "sslmode", "options")
    found = {k: v for k, v in params.items() if k in keep and v not in (None, "")}
    found.update(django_settings.DATABASE_NETWORK_TIMEOUTS, connect_timeout=3)
    return found


# The cluster: who owns what, and serving what this process owns -------------


class _Cluster:
    def __init__(self) -> None:
        self.relay = Relay()
        self.outgoing = _Outgoing(on_full=self._relay_gone)
        self.leases = Leases()
        self._owned: dict[int, Conductor] = {}
        self._remote: dict[int, RemoteConductor] = {}
        self._holders: dict[int, int | None] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._lock = asyncio.Lock()
        self._started = False
        self._calls: set[asyncio.Task[None]] = set()

    async def conductor_for(self, dialogue_id: int) -> Any:
        owned = self._owned.get(dialogue_id)
        if owned is not None:
            return owned
        async with self._lock:
            if not self._started:
                await self.relay.start()
                self._tasks[0] = _background(self._watch(), name="cluster-watch")
                self._started = True
            owned = self._owned.get(dialogue_id)
            if owned is not None:
                return owned
            if await self.leases.claim(dialogue_id):
                return await self._take_over(dialogue_id)
            remote = self._remote.get(dialogue_id)
            if remote is None:
                remote = self._remote[dialogue_id] = RemoteConductor(
                    dialogue_id, self.relay, self.outgoing
                )
                self._holders[dialogue_id] = await self.leases.holder(dialogue_id)
            return remote

    async def _take_over(self, dialogue_id: int) -> Conductor:
        try:
            # Limited: the lease is held meanwhile, and every other process waits for it.
            # (A database call under way still runs to its end: its connection's
            # timeouts bound that.)
            conductor = await asyncio.wait_for(local.conductor_for(dialogue_id), TAKE_OVER_S)
        except Exception:  # the timeout too
            log.warning(
                "process %s could not start dialogue %s; lets it go", os.getpid(), dialogue_id
            )
            await self.leases.release(dialogue_id)
            raise
        self._owned[dialogue_id] = conductor
        self._remote.pop(dialogue_id, None)
        self._tasks[dialogue_id] = _background(
            self._serve(dialogue_id, conductor), name=f"serve-{dialogue_id}"
        )
        log.info("process %s now runs dialogue %s", os.getpid(), dialogue_id)
        # Sockets here that were attached to the old owner reconnect, to this process.
        self.relay.close_sockets(dialogue_id)
        return conductor

    async def _give_up(self, dialogue_id: int) -> None:
        task = self._tasks.pop(dialogue_id, None)
        if task is not None:
            task.cancel()
        self._owned.pop(dialogue_id, None)
        await local.stop(dialogue_id)
        # Watched from now on like any dialogue owned elsewhere, to be taken back when
        # the database returns (or to follow its new owner).
        self._remote[dialogue_id] = RemoteConductor(dialogue_id, self.relay, self.outgoing)
        self._holders[dialogue_id] = None
        self.relay.close_sockets(dialogue_id)
        log.warning("process %s lost dialogue %s", os.getpid(), dialogue_id)

    def _relay_gone(self, channel: str) -> None:
        if "!" not in channel:
            return  # an owner's channel: its calls time out and the callers retry
        for conductor in self._owned.values():
            task = asyncio.create_task(
                conductor.drop_connections(
                    lambda c: isinstance(c, RemoteConnection) and c.relay == channel
                )
            )
            self._calls.add(task)
            task.add_done_callback(self._calls.discard)

    async def _serve(self, dialogue_id: int, conductor: Conductor) -> None:
        """Take other processes' calls for an owned dialogue, each in a task of its own."""
        layer = get_channel_layer()
        channel = owner_channel(dialogue_id)
        while True:
            try:
                message = await layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("dialogue %s: receive failed; retrying", dialogue_id)
                await asyncio.sleep(0.5)
                continue
            # Tasks start in the order created, so one socket's intents keep their order.
            for kind, call_id, call in message.get("items", ()):
                if kind != "call" or not isinstance(call, dict):
                    continue
                task = asyncio.create_task(self._answer(conductor, call_id, call))
                self._calls.add(task)
                task.add_done_callback(self._calls.discard)

    async def _answer(self, conductor: Conductor, call_id: int, call: dict[str, Any]) -> None:
        method, args = call.get("method"), dict(call.get("args") or {})
        reply_to = call.get("reply_to")
        if not isinstance(reply_to, str):
            return
        result: object
        if method not in CALLS:
            result = Outcome(refusal=Refusal("bad_frame"))
        else:
            if method in _WITH_CONNECTION:
                args["connection"] = RemoteConnection(reply_to, args.pop("key"), self.outgoing)
            try:
                result = await getattr(conductor, method)(**args)
            except OwnerUnavailable as stopped:  # given up meanwhile: the caller tries again
                result = stopped
            except Exception:
                log.exception("dialogue %s: call %s failed", conductor.dialogue_id, method)
                result = Outcome(refusal=Refusal("server_error"))
        self.outgoing.add(reply_to, ["answer", call_id, _encode(result)])

    async def _watch(self) -> None:
        """Keep the leases honest: give up lost ones, take over dialogues whose owner died."""
        while True:
            await asyncio.sleep(WATCH_EVERY_S)
            try:
                await self._watch_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("watching the leases failed")

    async def _watch_once(self) -> None:
        if self._owned:
            await self.leases.check()
        for dialogue_id in list(self._owned):
            if dialogue_id not in self.leases.held:
                await self._give_up(dialogue_id)
        for dialogue_id in list(self._remote):
            async with self._lock:
                if await self.leases.claim(dialogue_id):
                    await self._take_over(dialogue_id)
                    continue
                holder = await self.leases.holder(dialogue_id)
            if holder != self._holders.get(dialogue_id):
                # A new owner: sockets here were attached to the old one.
                self._holders[dialogue_id] = holder
                self.relay.close_sockets(dialogue_id)

    async def stop(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        self._tasks.clear()
        self.relay.stop()
        self.outgoing.stop()
        await self.leases.close()
        self._owned.clear()


def _background(coroutine: Any, *, name: str) -> asyncio.Task[None]:
    """A long-lived task with a database thread of its own. Started from a request or a
    socket, it would otherwise use that one's thread, which is gone once it ends: its
    database calls (taking a dialogue over, say) would then wait for ever."""
    context = Context()
    context.run(SyncToAsync.thread_sensitive_context.set, ThreadSensitiveContext())
    return asyncio.create_task(coroutine, name=name, context=context)


_instance: _Cluster | None = None


def _cluster() -> _Cluster:
    global _instance
    if _instance is None:
        _instance = _Cluster()
    return _instance

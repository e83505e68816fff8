"""Websocket consumers: a participant's live page and the facilitator's monitor.

Frames are JSON. A participant sends `{"type": "post" | "vote" | "poll", "ref": ..., ...}`
and gets `{"type": "ack", "ref": ...}` once the intent is in the database, or a typed
`{"type": "error", "ref": ..., "code": ..., "message": ...}` (nothing changed). The
server pushes `state`, `inbox`, `online`, `notice` and `closed` frames. A client that
reconnects gets a fresh `state` frame, and resends what was not acknowledged: a resend
with the same `ref` is answered, not applied again (docs/method.md, "The live server").
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from wijkdialoog.web import address_limits
from wijkdialoog.web.dialogues import access, cluster
from wijkdialoog.web.dialogues.cluster import conductor_for
from wijkdialoog.web.dialogues.conductor import Outcome, console_group
from wijkdialoog.web.dialogues.protocol import Refusal

MAX_FRAME_BYTES = 4096
RECONNECT = 1012  # "service restart": clients reconnect at once, with backoff

_closing: set[asyncio.Task[None]] = set()


class _Outbox:
    """A socket's queue of frames; the conductor pushes without waiting for the network."""

    def __init__(self, consumer: AsyncWebsocketConsumer) -> None:
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.task = asyncio.create_task(self._drain(consumer))

    def push(self, frame: dict[str, Any]) -> None:
        self.queue.put_nowait(frame)

    async def _drain(self, consumer: AsyncWebsocketConsumer) -> None:
        while True:
            frame = await self.queue.get()
            if frame is None:
                return
            try:
                await consumer.send(text_data=json.dumps(frame, separators=(",", ":")))
            except OSError:  # the ASGI server's "client disconnected" (uvicorn's is one)
                return  # the socket went while frames waited; the client resyncs on return

    def close(self) -> None:
        self.queue.put_nowait(None)


class _LiveConsumer(AsyncWebsocketConsumer):
    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes old database connections around every message (a thread hop
        # each time); this consumer does its database work through the conductor's
        # `database_sync_to_async` calls, which do that themselves (docs/architecture.md).
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"no handler for message type {message['type']}")
        await handler(message)


class ParticipantConsumer(_LiveConsumer):
    conductor: Any  # the dialogue's conductor, here or in its owner process (cluster.py)
    participant_id: int
    outbox: _Outbox | None = None

    async def connect(self) -> None:
        if await _too_many_sockets(self.scope):
            # Refused in the handshake: the page sees a failed connection and backs off
            # longer each time, so a crowd on one address spreads its retries out.
            await self.close()
            return
        code = self.scope["url_route"]["kwargs"]["code"]
        found = await database_sync_to_async(access.participant_from_scope)(self.scope, code)
        if found is None:
            await self.close(code=4403)
            return
        participant = found
        self.participant_id = participant.pk
        self.conductor = await conductor_for(participant.dialogue_id)
        await self.accept()
        self.outbox = _Outbox(self)
        cluster.register_socket(participant.dialogue_id, self.outbox, self._moved)
        try:
            joined = await self.conductor.connect(
                participant.pk, participant.role, access.intake_of(participant), self.outbox
            )
        except cluster.OwnerUnavailable:
            self._moved()
            return
        if joined.refusal is not None:
            self.outbox.push(joined.refusal.frame(None))

    def _moved(self) -> None:
        # The dialogue's conductor moved to another process (or is moving): the client
        # reconnects, and sends again what was not acknowledged.
        task = asyncio.create_task(self._close_quietly())
        _closing.add(task)
        task.add_done_callback(_closing.discard)

    async def _close_quietly(self) -> None:
        with contextlib.suppress(Exception):  # the client may have gone already
            await self.close(code=RECONNECT)

    async def disconnect(self, code: int) -> None:
        if self.outbox is None:
            return
        self.outbox.close()
        try:
            await self.conductor.disconnect(self.participant_id, self.outbox)
        except cluster.OwnerUnavailable:
            pass  # a new owner starts without this socket
        finally:
            cluster.unregister_socket(self.outbox)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        assert self.outbox is not None
        frame = _parse(text_data)
        ref = frame.get("ref") if isinstance(frame, dict) else None
        ref = str(ref)[:64] if ref is not None else None
        if frame is None:
            self.outbox.push(Refusal("bad_frame").frame(ref))
            return
        try:
            outcome = await self._handle(frame, ref)
        except cluster.OwnerUnavailable:
            self._moved()  # not acknowledged: the client sends it again after reconnecting
            return
        if outcome is None:
            self.outbox.push(Refusal("bad_frame").frame(ref))
        elif outcome.refusal is not None:
            self.outbox.push(outcome.refusal.frame(ref))
        else:
            self.outbox.push({"type": "ack", "ref": ref, "statement": outcome.statement_id})

    async def _handle(self, frame: dict[str, Any], ref: str | None) -> Outcome | None:
        kind = frame.get("type")
        pid = self.participant_id
        if kind == "post" and isinstance(frame.get("text"), str):
            reaction_to = frame.get("reaction_to")
            if reaction_to is not None and not _is_id(reaction_to):
                return None
            return await self.conductor.post(pid, frame["text"], reaction_to=reaction_to, ref=ref)
        if kind == "vote" and _is_id(frame.get("statement")) and isinstance(frame.get("vote"), str):
            return await self.conductor.vote(pid, frame["statement"], frame["vote"], ref=ref)
        if kind == "poll" and _is_id(frame.get("item")) and isinstance(frame.get("option"), str):
            explanation = frame.get("explanation") or ""
            if not isinstance(explanation, str):
                return None
            return await self.conductor.answer_poll(
                pid, frame["item"], frame["option"], explanation, ref=ref
            )
        if kind == "sync":
            await self.conductor.resync(pid, self.outbox)
            return Outcome()
        return None


class ConsoleConsumer(_LiveConsumer):
    """The facilitator's live monitor: staff only; frames arrive through the channel layer."""

    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        dialogue_id = int(self.scope["url_route"]["kwargs"]["dialogue_id"])
        allowed = user is not None and await database_sync_to_async(access.can_facilitate)(
            user, dialogue_id
        )
        if not allowed:
            await self._refuse(4403)
            return
        if not await database_sync_to_async(access.dialogue_exists)(dialogue_id):
            await self._refuse(4404)
            return
        conductor = await conductor_for(dialogue_id)
        self.group = console_group(dialogue_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        try:
            await self.send(text_data=json.dumps(await conductor.monitor()))
        except cluster.OwnerUnavailable:
            await self.close(code=RECONNECT)

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def _refuse(self, code: int) -> None:
        # Accept first: a socket closed during the handshake reaches the browser as 1006,
        # so the console could not tell a refusal from a dropped connection.
        await self.accept()
        await self.close(code=code)

    async def console_frame(self, message: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(message["frame"], separators=(",", ":")))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        pass  # the console acts through its forms; the socket only listens


async def _too_many_sockets(scope: dict[str, Any]) -> bool:
    # The count may wait for Redis: not on the event loop, nor on the database's thread.
    count = sync_to_async(address_limits.count, thread_sensitive=False)
    return bool(await count("sockets", address_limits.address_in_scope(scope)))


def _parse(text: str | None) -> dict[str, Any] | None:
    if text is None or len(text) > MAX_FRAME_BYTES:
        return None
    try:
        frame = json.loads(text)
    except ValueError:
        return None
    return frame if isinstance(frame, dict) else None


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0

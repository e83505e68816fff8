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
import json
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from wijkdialoog.web.dialogues import access
from wijkdialoog.web.dialogues.conductor import Conductor, Outcome, conductor_for, console_group
from wijkdialoog.web.dialogues.protocol import Refusal

MAX_FRAME_BYTES = 4096


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
            await consumer.send(text_data=json.dumps(frame, separators=(",", ":")))

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
    conductor: Conductor
    participant_id: int
    outbox: _Outbox | None = None

    async def connect(self) -> None:
        code = self.scope["url_route"]["kwargs"]["code"]
        found = await database_sync_to_async(access.participant_from_scope)(self.scope, code)
        if found is None:
            await self.close(code=4403)
            return
        participant = found
        self.participant_id = participant.pk
        self.conductor = await conductor_for(participant.dialogue_id)
        await self.accept()
        joined = await self.conductor.join(
            participant.pk, participant.role, access.intake_of(participant)
        )
        if joined.accepted:
            await self.conductor.request_inbox(self.participant_id)
        # No await from here on: the state frame is current when the socket starts to
        # receive pushes, so nothing falls between the two.
        self.outbox = _Outbox(self)
        self.outbox.push(self.conductor.state_frame(self.participant_id))
        self.conductor.attach(self.participant_id, self.outbox)
        if joined.refusal is not None:
            self.outbox.push(joined.refusal.frame(None))

    async def disconnect(self, code: int) -> None:
        if self.outbox is None:
            return
        self.outbox.close()
        if self.conductor.detach(self.participant_id, self.outbox):
            await self.conductor.leave(self.participant_id)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        assert self.outbox is not None
        frame = _parse(text_data)
        ref = frame.get("ref") if isinstance(frame, dict) else None
        ref = str(ref)[:64] if ref is not None else None
        if frame is None:
            self.outbox.push(Refusal("bad_frame").frame(ref))
            return
        outcome = await self._handle(frame, ref)
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
            self.outbox.push(self.conductor.state_frame(pid))  # type: ignore[union-attr]
            return Outcome()
        return None


class ConsoleConsumer(_LiveConsumer):
    """The facilitator's live monitor: staff only; frames arrive through the channel layer."""

    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        dialogue_id = int(self.scope["url_route"]["kwargs"]["dialogue_id"])
        if user is None or not user.is_staff:
            await self._refuse(4403)
            return
        if not await database_sync_to_async(access.dialogue_exists)(dialogue_id):
            await self._refuse(4404)
            return
        conductor = await conductor_for(dialogue_id)
        self.group = console_group(dialogue_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send(text_data=json.dumps(conductor.monitor_frame()))

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

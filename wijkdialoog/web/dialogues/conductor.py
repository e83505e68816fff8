"""The conductor: the single writer of one running dialogue (docs/architecture.md).

Consumers and views hand it intents. It applies each to the engine (which validates
and refuses without changing anything), appends the batch's events to the log in one
transaction, and only then acknowledges and hands the effects to the local
connections' queues. A conductor that starts rebuilds the engine from the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from contextvars import Context
from dataclasses import dataclass, field
from typing import Any, Protocol

from asgiref.sync import SyncToAsync, ThreadSensitiveContext
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings as django_settings
from django.db import connections as db_connections

from wijkdialoog.engine import (
    Delivered,
    Dialogue,
    Effect,
    Event,
    EventRefused,
    InboxRequested,
    ItemClosed,
    ItemKind,
    ItemOpened,
    ParticipantJoined,
    ParticipantLeft,
    PollAnswered,
    Role,
    StatementHidden,
    StatementPosted,
    Tick,
    Vote,
    VoteCast,
    Withdrawn,
)
from wijkdialoog.web.dialogues import eventlog
from wijkdialoog.web.dialogues.monitor import monitor_figures
from wijkdialoog.web.dialogues.protocol import Refusal, Refused

log = logging.getLogger(__name__)

INBOX_HEAD = 3  # statements a participant's page holds at once
MONITOR_EVERY_S = 2.0
BATCH_LIMIT = 500
STOP_WAIT_S = 5.0


class OwnerUnavailable(Exception):
    """The dialogue's conductor is not reachable here now: it stopped, or the process
    running it did not answer (cluster.py). Nothing was acknowledged; the caller closes
    the socket, and the client reconnects and sends again."""


class Connection(Protocol):
    """What the conductor needs of a participant's or console's socket."""

    def push(self, frame: dict[str, Any]) -> None: ...


@dataclass(slots=True)
class Outcome:
    """What became of an intent: accepted (with the event) or refused (with the code)."""

    event: Event | None = None
    refusal: Refusal | None = None
    statement_id: int | None = None

    @property
    def accepted(self) -> bool:
        return self.refusal is None


@dataclass(slots=True)
class _Intent:
    build: Callable[[float], Event | None]  # None: nothing to log (a no-op intent)
    future: asyncio.Future[Outcome]
    participant_id: int | None = None
    ref: str | None = None  # the client's id for the intent; a repeat gets the first answer
    limit: str | None = None  # "statements" or "votes": counted against the rate limit

    @property
    def key(self) -> tuple[int | None, str] | None:
        """What identifies a repeat of this intent: its participant and ref."""
        return (self.participant_id, self.ref) if self.ref is not None else None


@dataclass(slots=True)
class _Pending:
    intent: _Intent
    event: Event
    effects: list[Effect] = field(default_factory=list)
    repeats: list[_Intent] = field(default_factory=list)  # the same ref again, same batch


class Conductor:
    def __init__(self, dialogue_id: int) -> None:
        self.dialogue_id = dialogue_id
        self.engine: Dialogue
        self.info: eventlog.DialogueInfo
        self._seq = 0
        self._queue: asyncio.Queue[_Intent] = asyncio.Queue()
        self._participants: dict[int, set[Connection]] = {}
        # (participant, "statements" or "votes") -> times of their accepted writes, last minute
        self._recent: dict[tuple[int, str], deque[float]] = {}
        self._answered: dict[tuple[int, str], Outcome] = {}  # (participant, ref) -> outcome
        self._votes_at: deque[float] = deque()  # for the monitor's votes per minute
        self._tasks: list[asyncio.Task[None]] = []
        self._context = Context()
        self._sends: set[asyncio.Task[None]] = set()  # channel-layer sends under way
        self._stopped = False

    # Life cycle --------------------------------------------------------------

    async def start(self) -> None:
        # The conductor gets a context of its own with a database thread of its own,
        # also for reading its log. Started from a page request, it would otherwise
        # use that request's worker thread, which ends with the response, or a thread
        # still stuck on a database that went away; and the conductor's writes never
        # queue behind other sync work of the process.
        self._context = Context()
        self._context.run(SyncToAsync.thread_sensitive_context.set, ThreadSensitiveContext())
        await asyncio.create_task(self._load(), context=self._context.copy())
        self._tasks = [
            asyncio.create_task(
                self._run(), name=f"conductor-{self.dialogue_id}", context=self._context
            ),
            asyncio.create_task(
                self._clock(),
                name=f"conductor-clock-{self.dialogue_id}",
                context=self._context.copy(),
            ),
        ]

    async def stop(self) -> None:
        self._stopped = True
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        # Nobody may wait for ever on an intent this conductor will not handle: they
        # are sent again to whichever conductor runs the dialogue next.
        while not self._queue.empty():
            _give_back(self._queue.get_nowait())
        # Close the database connection of the conductor's own thread. That thread may
        # still wait on an unreachable database: do not wait for it longer than this.
        closing = database_sync_to_async(db_connections.close_all)()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.create_task(closing, context=self._context.copy()), STOP_WAIT_S
            )

    # Connections -------------------------------------------------------------

    def attach(self, participant_id: int, connection: Connection) -> None:
        self._participants.setdefault(participant_id, set()).add(connection)

    def detach(self, participant_id: int, connection: Connection) -> bool:
        """Forget a socket; return True when it was the participant's last one."""
        connections = self._participants.get(participant_id, set())
        connections.discard(connection)
        if connections:
            return False
        self._participants.pop(participant_id, None)
        return True

    @property
    def console_group(self) -> str:
        return console_group(self.dialogue_id)

    def _tell_consoles(self, frame: dict[str, Any]) -> None:
        # Consoles may sit in any server process: one channel-layer message per change
        # or tick reaches them all (in-memory layer in one process, Redis across them).
        message = {"type": "console.frame", "frame": frame}
        task = asyncio.create_task(get_channel_layer().group_send(self.console_group, message))
        self._sends.add(task)
        task.add_done_callback(self._sends.discard)

    @property
    def online(self) -> int:
        return len(self._participants)

    # What consumers and views ask, the same in every process (see cluster.py) ----

    async def connect(
        self, participant_id: int, role: str, intake: dict[str, str], connection: Connection
    ) -> Outcome:
        """Join a socket: present in the engine, a full page state, then every push."""
        joined = await self.join(participant_id, role, intake)
        if joined.accepted:
            await self.request_inbox(participant_id)
        # No await from here on: the state frame is current when the socket starts to
        # receive pushes, so nothing falls between the two.
        connection.push(self.state_frame(participant_id))
        self.attach(participant_id, connection)
        return joined

    async def disconnect(self, participant_id: int, connection: Connection) -> None:
        """Forget a socket; its participant leaves when it was their last."""
        if self.detach(participant_id, connection):
            await self.leave(participant_id)

    async def drop_connections(self, is_gone: Callable[[Connection], bool]) -> None:
        """Forget the sockets of a server process that went away."""
        for participant_id, attached in list(self._participants.items()):
            for connection in [c for c in attached if is_gone(c)]:
                await self.disconnect(participant_id, connection)

    async def resync(self, participant_id: int, connection: Connection) -> None:
        connection.push(self.state_frame(participant_id))

    async def page_state(self, participant_id: int) -> dict[str, Any]:
        """The state frame for a page without the live socket, its inbox filled."""
        await self.request_inbox(participant_id)
        return self.state_frame(participant_id)

    async def monitor(self) -> dict[str, Any]:
        return self.monitor_frame()

    async def open_item_title(self) -> str:
        opened = self.open_item_id()
        return self.info.items[opened].title if opened is not None else ""

    # Intents -----------------------------------------------------------------

    async def join(self, participant_id: int, role: str, intake: dict[str, str]) -> Outcome:
        def build(at: float) -> Event | None:
            known = self.engine.state.participants.get(participant_id)
            if known is not None and known.is_present:
                return None
            return ParticipantJoined(at, participant_id, Role(role), tuple(sorted(intake.items())))

        return await self._submit(build, participant_id=participant_id)

    async def leave(self, participant_id: int) -> Outcome:
        def build(at: float) -> Event | None:
            known = self.engine.state.participants.get(participant_id)
            if known is None or not known.is_present or participant_id in self._participants:
                return None
            return ParticipantLeft(at, participant_id)

        return await self._submit(build, participant_id=participant_id)

    async def request_inbox(self, participant_id: int) -> Outcome:
        def build(at: float) -> Event | None:
            known = self.engine.state.participants.get(participant_id)
            if known is None or known.inbox or not known.is_present:
                return None
            return InboxRequested(at, participant_id)

        return await self._submit(build, participant_id=participant_id)

    async def post(
        self, participant_id: int, text: str, *, reaction_to: int | None = None, ref: str | None
    ) -> Outcome:
        def build(at: float) -> Event:
            item_id = self.open_question_id()
            if item_id is None:
                raise Refused("no_open_question")
            # The text box starts with the item's hashtag; sending just that is sending nothing.
            hashtag = self.info.items[item_id].hashtag.strip()
            if hashtag and text.strip() == hashtag:
                raise Refused("empty_statement")
            # Ids rise in posting order, so the last one posted is the highest.
            statement_id = next(reversed(self.engine.state.statements), 0) + 1
            return StatementPosted(at, statement_id, participant_id, item_id, text, reaction_to)

        return await self._submit(build, participant_id=participant_id, ref=ref, limit="statements")

    async def vote(self, participant_id: int, statement_id: int, vote: str, *, ref: str | None):
        try:
            choice = Vote(vote)
        except ValueError:
            return Outcome(refusal=Refusal("bad_frame"))
        return await self._submit(
            lambda at: VoteCast(at, participant_id, statement_id, choice),
            participant_id=participant_id,
            ref=ref,
            limit="votes",
        )

    async def answer_poll(
        self, participant_id: int, item_id: int, option: str, explanation: str, *, ref: str | None
    ) -> Outcome:
        return await self._submit(
            lambda at: PollAnswered(at, participant_id, item_id, option, explanation.strip()),
            participant_id=participant_id,
            ref=ref,
            limit="votes",
        )

    async def open_next_item(self) -> Outcome:
        """Close what is open and open the next item of the script (the facilitator)."""
        if self.info.status == "closed":
            return Outcome(refusal=Refusal("dialogue_closed"))
        if self.info.status == "draft":
            await self._set_status("running")
        outcome = await self._submit(self._build_close_open_items)
        if not outcome.accepted:
            return outcome

        def build(at: float) -> Event:
            item = self.info.next_item_after(self._last_opened_position())
            if item is None:
                raise Refused("no_next_item")
            return ItemOpened(at, item.item_id, ItemKind(item.kind), tuple(item.options))

        return await self._submit(build)

    async def close_items(self) -> Outcome:
        return await self._submit(self._build_close_open_items)

    async def hide(self, statement_id: int, reason: str) -> Outcome:
        return await self._submit(lambda at: StatementHidden(at, statement_id, reason))

    async def notice(self, text: str) -> Outcome:
        text = text.strip()
        await database_sync_to_async(eventlog.append_notice)(self.dialogue_id, text)
        self._broadcast({"type": "notice", "text": text})
        return Outcome()

    async def close_dialogue(self) -> Outcome:
        outcome = await self.close_items()
        await self._set_status("closed")
        self._broadcast({"type": "closed", "message": Refusal("dialogue_closed").message})
        return outcome

    async def reload_script(self) -> None:
        """Read the script again, after the facilitator added or changed items."""
        self.info = await database_sync_to_async(eventlog.load_info)(self.dialogue_id)

    async def _set_status(self, status: str) -> None:
        await database_sync_to_async(eventlog.set_status)(self.dialogue_id, status)
        await self.reload_script()

    def _build_close_open_items(self, at: float) -> Event | None:
        # The conductor opens one item at a time, so at most one is open.
        for item in self.engine.state.items.values():
            if item.is_open:
                return ItemClosed(at, item.item_id)
        return None

    async def _submit(
        self,
        build: Callable[[float], Event | None],
        *,
        participant_id: int | None = None,
        ref: str | None = None,
        limit: str | None = None,
    ) -> Outcome:
        if self._stopped:  # a caller that still holds a stopped conductor
            raise OwnerUnavailable(self.dialogue_id)
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        intent = _Intent(build, future, participant_id, ref, limit)
        if limit is not None and intent.key in self._answered:
            return self._answered[intent.key]  # type: ignore[index]
        if (
            limit is not None
            and self._queue.qsize() >= django_settings.WIJKDIALOOG_CONDUCTOR_QUEUE_LIMIT
        ):
            # Overloaded: say so now. Queued, the answer would come too late to matter.
            return Outcome(refusal=Refusal("busy"))
        self._queue.put_nowait(intent)
        return await future

    # Reads -------------------------------------------------------------------

    def open_question_id(self) -> int | None:
        questions = self.engine.state.open_questions()
        return questions[-1].item_id if questions else None

    def open_item_id(self) -> int | None:
        open_ids = [i.item_id for i in self.engine.state.items.values() if i.is_open]
        return open_ids[-1] if open_ids else None

    def _last_opened_position(self) -> int:
        positions = [self.info.items[i].position for i in self.engine.state.items]
        return max(positions, default=-1)

    def inbox_frame(self, participant_id: int) -> dict[str, Any]:
        state = self.engine.state
        inbox = self.engine.inbox(participant_id)
        head = []
        for statement_id in inbox[:INBOX_HEAD]:
            statement = state.statements[statement_id]
            head.append(
                {
                    "id": statement_id,
                    "text": statement.text,
                    "reaction_to": statement.reply_to,
                    "reaction_to_text": (
                        state.statements[statement.reply_to].text
                        if statement.reply_to in state.statements
                        else None
                    ),
                }
            )
        return {"type": "inbox", "statements": head, "waiting": len(inbox)}

    def state_frame(self, participant_id: int) -> dict[str, Any]:
        """Everything a participant's page shows; sent on (re)connect and item changes."""
        item_id = self.open_item_id()
        item = self.info.items.get(item_id) if item_id is not None else None
        answered = None
        if item is not None and item.kind == ItemKind.POLL:
            engine_item = self.engine.state.items[item.item_id]
            answered = engine_item.poll_answers.get(participant_id, (None,))[0]
        return {
            "type": "state",
            "status": self.info.status,
            "item": item.as_frame() if item else None,
            "poll_answer": answered,
            "online": self.online,
            "max_chars": self.info.settings.max_statement_chars,
            "max_explanation_chars": self.info.settings.max_explanation_chars,
            "inbox": self.inbox_frame(participant_id),
        }

    # The loop ----------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < BATCH_LIMIT:
                batch.append(self._queue.get_nowait())
            try:
                await self._process(batch)
            except asyncio.CancelledError:
                # Stopped mid-batch: its write may or may not have landed. Sent again,
                # each intent is answered from the log by its ref, not applied twice.
                for intent in batch:
                    _give_back(intent)
                raise
            except Exception:
                log.exception("dialogue %s: a batch failed; rebuilding", self.dialogue_id)
                for intent in batch:
                    if not intent.future.done():
                        intent.future.set_result(Outcome(refusal=Refusal("server_error")))
                await self._rebuild_or_wait()

    async def _rebuild_or_wait(self) -> None:
        # The loop must live on: a dead loop would leave every later intent waiting.
        while True:
            try:
                await self._rebuild()
                return
            except Exception:
                log.exception("dialogue %s: rebuilding failed; trying again", self.dialogue_id)
                await asyncio.sleep(1)

    async def _process(self, batch: list[_Intent]) -> None:
        pending: list[_Pending] = []
        touched: set[int] = set()  # participants whose inbox may have changed
        # A client that got no answer in time sends again with the same ref; both may
        # arrive in one batch (a relayed call that timed out, say): apply it once.
        by_ref: dict[tuple[int | None, str], _Pending] = {}
        for intent in batch:
            key = intent.key
            if key is not None and key in by_ref:
                by_ref[key].repeats.append(intent)
                continue
            outcome = self._apply(intent, pending, touched)
            if outcome is not None:
                intent.future.set_result(outcome)
            elif key is not None:
                by_ref[key] = pending[-1]
        if pending:
            rows = [(p.event, p.intent.participant_id, p.intent.ref) for p in pending]
            self._seq = await database_sync_to_async(eventlog.append)(
                self.dialogue_id, self._seq, rows, self.engine.state
            )
        # Durable now: acknowledge, then let the sockets know.
        for p in pending:
            outcome = Outcome(event=p.event, statement_id=_statement_of(p.event))
            if p.intent.ref is not None and p.intent.participant_id is not None:
                self._answered[(p.intent.participant_id, p.intent.ref)] = outcome
            for intent in (p.intent, *p.repeats):
                intent.future.set_result(outcome)
        self._dispatch(pending, touched)

    def _apply(self, intent: _Intent, pending: list[_Pending], touched: set[int]) -> Outcome | None:
        """Apply one intent to the engine; return its outcome unless it awaits the write."""
        key = intent.key
        if key is not None and key in self._answered:  # a resend after a lost ack
            return self._answered[key]  # type: ignore[index]
        now = max(time.time(), self.engine.state.last_at)
        try:
            if intent.participant_id is not None and self.info.status == "closed":
                raise Refused("dialogue_closed")
            if intent.limit is not None and self.info.status != "running":
                raise Refused("dialogue_not_started")  # joining early is fine, writing is not
            if intent.limit is not None:
                self._check_rate(intent.participant_id, intent.limit, now)
            event = intent.build(now)
            if event is None:
                return Outcome()
            effects = self.engine.apply(event)
        except EventRefused as refused:
            return Outcome(refusal=Refusal(refused.code))
        except Refused as refused:
            return Outcome(refusal=Refusal(refused.code))
        if intent.limit is not None and intent.participant_id is not None:
            self._recent[(intent.participant_id, intent.limit)].append(now)
        if isinstance(event, VoteCast):
            self._votes_at.append(now)
        if intent.participant_id is not None:
            touched.add(intent.participant_id)
        touched.update(e.participant_id for e in effects if isinstance(e, Delivered))
        pending.append(_Pending(intent, event, effects))
        return None

    def _check_rate(self, participant_id: int | None, limit: str, now: float) -> None:
        if participant_id is None:
            return
        per_minute = (
            django_settings.WIJKDIALOOG_STATEMENTS_PER_MINUTE
            if limit == "statements"
            else django_settings.WIJKDIALOOG_VOTES_PER_MINUTE
        )
        recent = self._recent.setdefault((participant_id, limit), deque())
        while recent and recent[0] <= now - 60:
            recent.popleft()
        if len(recent) >= per_minute:
            raise Refused("rate_limited")

    def _dispatch(self, pending: list[_Pending], touched: set[int]) -> None:
        items_changed = False
        for p in pending:
            if isinstance(p.event, ItemOpened | ItemClosed):
                items_changed = True
            for effect in p.effects:
                if isinstance(effect, Withdrawn):
                    touched.update(self._participants)
        if items_changed:
            self._resync_all()
            self._tell_consoles({"type": "script", "open_item": self.open_item_id()})
            return
        for participant_id in touched:
            if participant_id in self._participants:
                self._push(participant_id, self.inbox_frame(participant_id))

    def _push(self, participant_id: int, frame: dict[str, Any]) -> None:
        for connection in self._participants.get(participant_id, ()):
            connection.push(frame)

    def _resync_all(self) -> None:
        """Send every connected participant their whole page state again."""
        for participant_id in self._participants:
            self._push(participant_id, self.state_frame(participant_id))

    def _broadcast(self, frame: dict[str, Any]) -> None:
        self._broadcast_to_participants(frame)
        self._tell_consoles(frame)

    async def _load(self) -> None:
        """Rebuild the engine from the log, and the answers to every ref the log holds:
        also those another process wrote, while two thought they ran the dialogue."""
        loaded = await database_sync_to_async(eventlog.load)(self.dialogue_id)
        self.info, self._seq = loaded.info, loaded.last_seq
        self.engine = Dialogue.replay(loaded.events, self.info.settings)
        self._answered = {key: Outcome(statement_id=sid) for key, sid in loaded.refs.items()}

    async def _rebuild(self) -> None:
        await self._load()
        self._resync_all()

    async def _clock(self) -> None:
        """Close voting windows as time passes; tell consoles and pages the live figures."""
        last_online = -1
        while True:
            await asyncio.sleep(MONITOR_EVERY_S)
            deadlines = self.engine.state.deadlines
            if deadlines and deadlines[0][0] <= time.time():
                await self._submit(lambda at: Tick(at))
            if self.online != last_online:
                last_online = self.online
                self._broadcast_to_participants({"type": "online", "online": self.online})
            self._tell_consoles(self.monitor_frame())

    def _broadcast_to_participants(self, frame: dict[str, Any]) -> None:
        for participant_id in self._participants:
            self._push(participant_id, frame)

    def monitor_frame(self) -> dict[str, Any]:
        """The facilitator's live view of the open question."""
        now = time.time()
        while self._votes_at and self._votes_at[0] < now - 60:
            self._votes_at.popleft()
        return {
            "type": "monitor",
            "online": self.online,
            "votes_per_minute": len(self._votes_at),
            **monitor_figures(self.engine, self.open_item_id()),
        }


def _give_back(intent: _Intent) -> None:
    if not intent.future.done():
        intent.future.set_exception(OwnerUnavailable())


def _statement_of(event: Event) -> int | None:
    return event.statement_id if isinstance(event, StatementPosted | VoteCast) else None


def console_group(dialogue_id: int) -> str:
    return f"console.{dialogue_id}"


# The conductors of this process, one per running dialogue ----------------------

_conductors: dict[int, Conductor] = {}
_starting: dict[int, asyncio.Lock] = {}


async def conductor_for(dialogue_id: int) -> Conductor:
    """Return this process's conductor of a dialogue, starting it from the log if needed."""
    conductor = _conductors.get(dialogue_id)
    if conductor is not None:
        return conductor
    lock = _starting.setdefault(dialogue_id, asyncio.Lock())
    async with lock:
        conductor = _conductors.get(dialogue_id)
        if conductor is None:
            conductor = Conductor(dialogue_id)
            await conductor.start()
            _conductors[dialogue_id] = conductor
    return conductor


async def stop(dialogue_id: int) -> None:
    """Stop this process's conductor of one dialogue, if it runs one."""
    conductor = _conductors.pop(dialogue_id, None)
    _starting.pop(dialogue_id, None)
    if conductor is not None:
        await conductor.stop()


async def stop_all() -> None:
    """Stop every conductor (tests, and a server shutting down)."""
    conductors = list(_conductors.values())
    _conductors.clear()
    _starting.clear()
    for conductor in conductors:
        await conductor.stop()

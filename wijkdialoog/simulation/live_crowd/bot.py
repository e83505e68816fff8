"""One simulated participant over a real websocket: join, stay connected, act, listen."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import random
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.typing import Origin

from wijkdialoog.simulation.live_crowd.people import (
    Opinions,
    choose_vote,
    compose_statement,
    intake_for,
)
from wijkdialoog.simulation.live_crowd.report import CrowdReport

EventHook = Callable[[str, dict[str, Any]], None]


def backoff_s(attempt: int, rng: random.Random) -> float:
    """Wait before reconnect `attempt` (1, 2, ...): doubling from 0.5 s to 10 s, jittered."""
    return min(10.0, 0.5 * 2 ** (attempt - 1)) * rng.uniform(0.5, 1.5)


def join_over_http(base_url: str, code: str, intake: dict[str, Any]) -> dict[str, Any]:
    """POST the intake to the join API; return its answer (participant, cookie, token)."""
    request = urllib.request.Request(
        base_url.rstrip("/") + f"/api/d/{code}/join",
        data=json.dumps(intake).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, Any] = json.load(response)
    return answer


@dataclass(slots=True)
class Crowd:
    """What every bot of one crowd shares: the server, the rhythm, the report."""

    base_url: str
    code: str
    post_every_s: float
    think_s: tuple[float, float]
    report: CrowdReport
    opinions: Opinions
    on_event: EventHook
    connect_gate: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(64))

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http", "ws", 1).rstrip("/") + f"/ws/d/{self.code}/"


@dataclass(slots=True)
class _Unacked:
    frame: dict[str, Any]
    text: str
    positions: tuple[float, ...] = ()  # for a post: how the groups will see it


class Bot:
    """One participant: joins, keeps a socket open, writes, votes and listens."""

    def __init__(self, number: int, crowd: Crowd, rng: random.Random) -> None:
        self.number, self.crowd, self.rng = number, crowd, rng
        self.group = crowd.opinions.group_for(rng)
        self.pass_rate = rng.uniform(0.02, 0.2)
        self.participant_id = 0
        self.cookie = ""
        self.socket: ClientConnection | None = None
        self.unacked: dict[str, _Unacked] = {}
        self.sends = 0
        self.item: dict[str, Any] | None = None
        self.head: list[int] = []
        self.voted: set[int] = set()
        self.polls_answered: set[int] = set()
        self.last_voted: int | None = None
        self.changed = asyncio.Event()
        self.is_connected = asyncio.Event()
        self.is_finished = False
        self.schedule: list[tuple[float, str]] = []

    # Joining and staying connected -------------------------------------------

    async def join(self, gate: asyncio.Semaphore) -> None:
        intake = intake_for(self.rng, self.number)
        async with gate:
            for attempt in range(1, 6):
                try:
                    answer = await asyncio.to_thread(
                        join_over_http, self.crowd.base_url, self.crowd.code, intake
                    )
                    break
                except urllib.error.HTTPError:
                    raise  # the server answered: a refusal, not a hiccup
                except OSError:
                    if attempt == 5:
                        raise
                    await asyncio.sleep(backoff_s(attempt, self.rng))
        self.participant_id = int(answer["participant"])
        self.cookie = f"{answer['cookie']}={answer['token']}"
        self.crowd.report.joined += 1

    async def stay_connected(self) -> None:
        attempt = 0
        while not self.is_finished:
            socket = await self._open(first=attempt == 0 and not self.is_connected.is_set())
            if socket is not None:
                attempt = 0
                await self._listen(socket)
            if self.is_finished:
                return
            attempt += 1
            self.crowd.report.reconnect_attempts += 1
            self.crowd.on_event("reconnect", {"bot": self.number, "attempt": attempt})
            await asyncio.sleep(backoff_s(attempt, self.rng))

    async def _open(self, *, first: bool) -> ClientConnection | None:
        base = self.crowd.base_url.rstrip("/")
        try:
            if first:
                async with self.crowd.connect_gate:
                    return await self._connect(base)
            return await self._connect(base)
        except InvalidStatus as refused:
            if refused.response.status_code == 403:  # unknown participant or origin
                self.is_finished = True
                self.crowd.report.refused[("connect", "forbidden")] += 1
            return None
        except (OSError, InvalidHandshake, TimeoutError):
            return None

    async def _connect(self, base: str) -> ClientConnection:
        return await connect(
            self.crowd.ws_url,
            additional_headers={"Cookie": self.cookie},
            origin=Origin(base),
            compression=None,
            open_timeout=30,
            ping_interval=30,
            ping_timeout=30,
        )

    async def _listen(self, socket: ClientConnection) -> None:
        self.socket = socket
        try:
            for entry in list(self.unacked.values()):
                await socket.send(entry.text)
                self.crowd.report.resent += 1
            self.is_connected.set()
            async for message in socket:
                self.receive(message)
        except ConnectionClosed:
            pass
        finally:
            self.socket = None
            await socket.close()

    async def finish(self) -> None:
        self.is_finished = True
        socket = self.socket
        if socket is not None:
            await socket.close()

    # What the server says ----------------------------------------------------

    def receive(self, message: str | bytes) -> None:
        frame = json.loads(message)
        kind = frame.get("type")
        now = time.perf_counter()
        if kind == "state":
            self.item = frame.get("item")
            if self.item is not None and frame.get("poll_answer") is not None:
                self.polls_answered.add(self.item["id"])
            self._see_inbox(frame.get("inbox") or {}, now)
        elif kind == "inbox":
            self._see_inbox(frame, now)
        elif kind == "ack":
            self._acknowledged(frame, now)
        elif kind == "error":
            self._refused(frame)
        elif kind == "closed":
            self.is_finished = True
        self.changed.set()

    def _see_inbox(self, inbox: dict[str, Any], now: float) -> None:
        self.head = [statement["id"] for statement in inbox.get("statements", ())]
        for statement_id in self.head:
            self.crowd.report.latencies.arrived(statement_id, now)

    def _acknowledged(self, frame: dict[str, Any], now: float) -> None:
        ref = str(frame.get("ref"))
        entry = self.unacked.pop(ref, None)
        if entry is None:
            return  # the answer to a resend that crossed the first answer
        kind, report = entry.frame["type"], self.crowd.report
        report.acked[kind] += 1
        if kind == "vote":
            report.latencies.vote_acked(ref, now)
            report.acked_votes.add((self.participant_id, entry.frame["statement"]))
        elif kind == "post" and frame.get("statement") is not None:
            statement_id = int(frame["statement"])
            report.latencies.post_acked(ref, statement_id)
            report.acked_statements.add(statement_id)
            self.crowd.opinions.remember(statement_id, entry.positions)

    def _refused(self, frame: dict[str, Any]) -> None:
        entry = self.unacked.pop(str(frame.get("ref")), None)
        kind = entry.frame["type"] if entry is not None else "-"
        self.crowd.report.refused[(kind, str(frame.get("code")))] += 1

    # What the bot does -------------------------------------------------------

    async def act(self, deadline: float) -> None:
        await asyncio.gather(self._write_now_and_then(deadline), self._answer_inbox(deadline))

    async def _write_now_and_then(self, deadline: float) -> None:
        every = self.crowd.post_every_s
        at = time.perf_counter() + self.rng.uniform(0.0, every)  # spread the first ones
        while True:
            await asyncio.sleep(max(0.0, min(at, deadline) - time.perf_counter()))
            if at >= deadline or self.is_finished:
                return
            item = self.item
            if item is not None and item.get("kind") == "question":
                await self._post(item)
            at += self.rng.expovariate(1.0 / every)

    async def _post(self, item: dict[str, Any]) -> None:
        reaction_to = self.last_voted if self.rng.random() < 0.12 else None
        text = compose_statement(self.rng, hashtag=item.get("hashtag"))
        frame = {"type": "post", "text": text, "reaction_to": reaction_to}
        await self._send(frame, positions=self.crowd.opinions.draw(self.group))

    async def _answer_inbox(self, deadline: float) -> None:
        low, high = self.crowd.think_s
        while not self.is_finished:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return
            if self._next_target() is None:
                self.changed.clear()
                timeout = None if math.isinf(remaining) else remaining
                try:
                    await asyncio.wait_for(self.changed.wait(), timeout=timeout)
                except TimeoutError:
                    return
                continue
            await asyncio.sleep(min(self.rng.uniform(low, high), remaining))
            target = self._next_target()  # the page may have changed while they thought
            if target is not None and time.perf_counter() < deadline:
                await self._answer(*target)

    def _next_target(self) -> tuple[str, int] | None:
        item = self.item
        if item is not None and item.get("kind") == "poll" and item.get("options"):
            return None if item["id"] in self.polls_answered else ("poll", item["id"])
        for statement_id in self.head:
            if statement_id not in self.voted:
                return ("vote", statement_id)
        return None

    async def _answer(self, kind: str, target: int) -> None:
        if kind == "poll":
            assert self.item is not None
            self.polls_answered.add(target)
            option = self.rng.choice(self.item["options"])
            explanation = self.rng.choice(("", "", "Dit merk ik elke dag.", "Zo denk ik erover."))
            frame = {"type": "poll", "item": target, "option": option, "explanation": explanation}
            await self._send(frame)
            return
        self.voted.add(target)
        self.last_voted = target
        positions = self.crowd.opinions.of(target)
        vote = choose_vote(
            self.rng, positions=positions, group=self.group, pass_rate=self.pass_rate
        )
        await self._send({"type": "vote", "statement": target, "vote": vote.value})

    async def _send(self, frame: dict[str, Any], *, positions: tuple[float, ...] = ()) -> None:
        self.sends += 1
        ref = f"{self.number}-{self.sends}"
        frame = {**frame, "ref": ref}
        text = json.dumps(frame, separators=(",", ":"), ensure_ascii=False)
        self.unacked[ref] = _Unacked(frame, text, positions)
        now = time.perf_counter()
        report = self.crowd.report
        report.latencies.sent(ref, now)
        report.sent[frame["type"]] += 1
        self.schedule.append((now - report.started_at, text))
        socket = self.socket
        if socket is None:
            return  # sent again once the socket is back
        with contextlib.suppress(ConnectionClosed):
            await socket.send(text)

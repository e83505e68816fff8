"""Participants as a real browser page behaves: reconnect, and send again what was not acked.

Each one joins through the API, votes on the first statement of every inbox it is shown
and posts a few statements with texts of its own. Whatever the server acknowledged is
written down, to be found in the database afterwards exactly once.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import websockets

POST_EVERY_S = 6.5  # the server allows 10 statements a minute
SILENCE_S = 12.0  # unanswered for this long: the connection is taken for dead


@dataclass
class Acks:
    """What the server acknowledged: statements by id, votes, and when the last came."""

    statements: dict[int, str] = field(default_factory=dict)
    votes: set[tuple[int, int, str]] = field(default_factory=set)
    times: list[float] = field(default_factory=list)
    reconnects: int = 0

    def acked_after(self, moment: float) -> int:
        return sum(1 for t in self.times if t > moment)


def join(base_url: str, code: str, name: str) -> tuple[int, str]:
    body = json.dumps(
        {
            "pseudonym": name,
            "role": random.choice(["resident", "professional", "municipality"]),
            "organisation_type": "none",
            "scale": "neighbourhood",
            "keep_informed": "no",
            "consent": True,
        }
    ).encode()
    request = urllib.request.Request(
        f"{base_url}/api/d/{code}/join", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        answer = json.load(response)
    return answer["participant"], f"{answer['cookie']}={answer['token']}"


async def join_with_retries(base_url: str, code: str, name: str) -> tuple[int, str]:
    for attempt in range(60):
        try:
            return await asyncio.to_thread(join, base_url, code, name)
        except OSError:
            await asyncio.sleep(min(0.2 * (attempt + 1), 1.0))
    raise RuntimeError(f"{name} could not join")


class Participant:
    def __init__(self, base_url: str, code: str, number: int, acks: Acks, posts: int = 40):
        self.base_url, self.code, self.number, self.acks = base_url, code, number, acks
        self.posts_left = posts
        self.unacked: dict[str, dict[str, Any]] = {}
        self.voted: set[int] = set()
        self.counter = 0
        self.participant_id = 0
        self.posted_at = 0.0
        self.socket: Any = None  # the connection now, for tests that cut it
        self.dropped_at: float | None = None
        self.last_ack_at = 0.0

    async def run(self, stop: asyncio.Event, drained: asyncio.Event) -> None:
        """Take part until `stop`; then keep reconnecting until nothing is unacknowledged."""
        self.participant_id, cookie = await join_with_retries(
            self.base_url, self.code, f"Deelnemer {self.number}"
        )
        url = self.base_url.replace("http://", "ws://") + f"/ws/d/{self.code}/"
        headers = {"Cookie": cookie, "Origin": self.base_url}
        attempt = 0
        while not (stop.is_set() and not self.unacked) and not drained.is_set():
            try:
                async with websockets.connect(url, additional_headers=headers) as socket:
                    self.socket = socket
                    attempt = 0
                    for frame in list(self.unacked.values()):  # the page's resend
                        await socket.send(json.dumps(frame))
                    await self._talk(socket, stop)
            except (
                websockets.ConnectionClosed,
                websockets.InvalidHandshake,
                OSError,
                TimeoutError,
            ):
                pass
            if stop.is_set() and not self.unacked:
                return
            self.acks.reconnects += 1
            attempt += 1
            await asyncio.sleep(min(0.1 * 2**attempt, 2.0) * random.uniform(0.5, 1.0))

    async def _send(self, socket: Any, frame: dict[str, Any]) -> None:
        self.counter += 1
        frame = {**frame, "ref": f"{self.number}-{self.counter}"}
        self.unacked[frame["ref"]] = frame
        await socket.send(json.dumps(frame))

    async def _talk(self, socket: Any, stop: asyncio.Event) -> None:
        heard = time.monotonic()
        while True:
            if stop.is_set() and not self.unacked:
                return
            now = time.monotonic()
            if self.unacked and now - heard > SILENCE_S:
                raise TimeoutError  # no answer: reconnect and send again
            if not stop.is_set() and self.posts_left > 0 and now - self.posted_at > POST_EVERY_S:
                # One statement every few seconds, under the server's limit per minute.
                self.posts_left -= 1
                self.posted_at = now
                text = f"Uitspraak {self.posts_left} van deelnemer {self.number}: meer groen"
                await self._send(socket, {"type": "post", "text": text})
            try:
                message = await asyncio.wait_for(socket.recv(), timeout=1)
            except TimeoutError:
                continue
            heard = time.monotonic()
            frame = json.loads(message)
            kind = frame.get("type")
            if kind in ("ack", "error"):
                self._answered(frame)
            inbox = frame.get("inbox") if kind == "state" else frame
            if kind in ("state", "inbox") and isinstance(inbox, dict) and not stop.is_set():
                for statement in inbox["statements"][:1]:
                    if statement["id"] not in self.voted:
                        self.voted.add(statement["id"])
                        vote = random.choice(["agree", "agree", "disagree", "pass"])
                        await self._send(
                            socket, {"type": "vote", "statement": statement["id"], "vote": vote}
                        )

    def drop(self) -> None:
        """Cut the connection as a phone losing its signal would (no closing handshake)."""
        if self.socket is not None:
            self.dropped_at = time.monotonic()
            self.socket.transport.abort()

    def _answered(self, frame: dict[str, Any]) -> None:
        sent = self.unacked.pop(str(frame.get("ref")), None)
        if sent is None or frame["type"] != "ack":
            return
        self.last_ack_at = time.monotonic()
        self.acks.times.append(self.last_ack_at)
        if sent["type"] == "post":
            self.acks.statements[frame["statement"]] = sent["text"]
        elif sent["type"] == "vote":
            self.acks.votes.add((self.participant_id, sent["statement"], sent["vote"]))

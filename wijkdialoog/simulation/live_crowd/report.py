"""What a live crowd sent and heard, and the latencies a benchmark reads from it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


class LatencyLog:
    """Send, acknowledgement and arrival times of one run (seconds, `time.perf_counter`)."""

    def __init__(self) -> None:
        self._sent_at: dict[str, float] = {}  # ref -> first send (a resend keeps it)
        self._posted_at: dict[int, float] = {}  # statement -> first send of its post
        self._first_seen: dict[int, float] = {}  # statement -> first inbox frame showing it
        self.vote_acks: list[tuple[float, float]] = []  # (acknowledged at, latency)

    def sent(self, ref: str, at: float) -> None:
        self._sent_at.setdefault(ref, at)

    def vote_acked(self, ref: str, at: float) -> None:
        self.vote_acks.append((at, at - self._sent_at[ref]))

    def post_acked(self, ref: str, statement_id: int) -> None:
        self._posted_at.setdefault(statement_id, self._sent_at[ref])

    def arrived(self, statement_id: int, at: float) -> None:
        # Another member may see it before its author hears the ack: keep the time.
        self._first_seen.setdefault(statement_id, at)

    def deliveries(self) -> list[tuple[float, float]]:
        """Return (first seen at, seconds from post) per acknowledged statement seen."""
        return [
            (self._first_seen[sid], self._first_seen[sid] - posted)
            for sid, posted in self._posted_at.items()
            if sid in self._first_seen
        ]


@dataclass(slots=True)
class CrowdReport:
    """What a live crowd sent and heard. Kinds: "post", "vote", "poll"."""

    participants: int
    joined: int = 0
    connected: int = 0
    started_at: float = 0.0  # perf_counter when the bots began to act
    ended_at: float = 0.0  # when they stopped sending
    sent: Counter[str] = field(default_factory=Counter)  # first sends, by kind
    acked: Counter[str] = field(default_factory=Counter)
    refused: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, code)
    unanswered: Counter[str] = field(default_factory=Counter)  # no ack nor error at the end
    resent: int = 0
    reconnect_attempts: int = 0  # after a dropped socket or a failed connect
    latencies: LatencyLog = field(default_factory=LatencyLog)
    acked_votes: set[tuple[int, int]] = field(default_factory=set)  # (participant, statement)
    acked_statements: set[int] = field(default_factory=set)
    # Per bot, every first send: (seconds after started_at, the frame as sent), so the
    # same load can be replayed against another server.
    schedule: list[list[tuple[float, str]]] = field(default_factory=list)

    def votes_acked_between(self, start: float, end: float) -> int:
        return sum(1 for at, _ in self.latencies.vote_acks if start <= at <= end)

"""A synthetic crowd: seeded participants who write, react and vote through a live session.

Every participant belongs to one of 2-4 latent opinion groups. Each statement gets a
position per opinion group (the chance a member agrees), so some statements unite
everyone and some divide. A discrete-event loop (a heap of next-action times, O(log n)
per event) lets each participant write at random intervals and vote on their inbox head
in between; every event is applied to a `Dialogue` at once, so the crowd reacts to what
the engine delivers. A refused event is a bug in the crowd and raises.

The default rhythm matches the reference session of docs/method.md: 155 participants,
about 18 statements per person in 90 minutes, 12% of them reactions.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field

from wijkdialoog.engine import (
    Dialogue,
    Event,
    InboxRequested,
    ItemClosed,
    ItemOpened,
    MethodSettings,
    ParticipantJoined,
    Role,
    StatementPosted,
    Vote,
    VoteCast,
)

ROLES = (Role.RESIDENT, Role.PROFESSIONAL, Role.MUNICIPALITY)
ROLE_WEIGHTS = (0.55, 0.30, 0.15)
QUESTIONS = 5
_TOPICS = (
    "groen in de wijk",
    "verkeer en parkeren",
    "veiligheid op straat",
    "ontmoeten en activiteiten",
    "wonen en onderhoud",
)
_OPENINGS = (
    "Ik vind dat",
    "Volgens mij moet",
    "Het zou goed zijn als",
    "Laten we zorgen dat",
    "Belangrijk is dat",
)


@dataclass(frozen=True, slots=True)
class Rhythm:
    """How fast a synthetic participant acts; the defaults match the reference session."""

    post_gap_s: float = 265.0  # mean time between two statements of one person
    vote_gap_s: float = 85.0  # mean time between two votes (reading, thinking, listening)
    reaction_share: float = 0.13  # chance a statement replies to the last one voted on
    idle_after_empty_s: float = 30.0  # wait after asking for statements with none to vote on
    join_window_share: float = 0.03  # most join in this first share of the session
    late_join_share: float = 0.08  # these join later, in the first half


@dataclass(slots=True)
class CrowdCounts:
    joined: int = 0
    statements: int = 0
    reactions: int = 0
    votes: int = 0
    passes: int = 0
    inbox_requests: int = 0


@dataclass(slots=True)
class SimulatedSession:
    settings: MethodSettings
    dialogue: Dialogue
    events: list[Event]
    counts: CrowdCounts
    opinion_groups: int
    item_ids: tuple[int, ...] = field(default=())


@dataclass(slots=True)
class _Person:
    role: Role
    opinion_group: int
    activity: float
    pass_rate: float
    last_voted: int | None = None  # statement id, a candidate to react to


# Heap entries: (time, sequence, kind, participant). Kinds sort a tie by sequence only.
_JOIN, _POST, _VOTE = 0, 1, 2


class _Crowd:
    """The loop's state: the dialogue, the people, the heap and the log."""

    def __init__(
        self, *, participants: int, minutes: float, seed: int, settings: MethodSettings
    ) -> None:
        self.rng = random.Random(seed)
        self.rhythm = Rhythm()
        self.end_s = minutes * 60.0
        self.dialogue = Dialogue(settings)
        self.events: list[Event] = []
        self.counts = CrowdCounts()
        self.opinion_groups = self.rng.randint(2, 4)
        self.group_weights = [self.rng.uniform(0.5, 1.5) for _ in range(self.opinion_groups)]
        self.people = [self._new_person() for _ in range(participants)]
        # positions[statement_id] = chance of agreeing, per opinion group.
        self.positions: dict[int, tuple[float, ...]] = {}
        self.heap: list[tuple[float, int, int, int]] = []
        self.sequence = 0
        self.script = self._item_script()
        self.open_item: int | None = None
        self.next_statement_id = 1

    def _new_person(self) -> _Person:
        rng = self.rng
        return _Person(
            role=rng.choices(ROLES, ROLE_WEIGHTS)[0],
            opinion_group=rng.choices(range(self.opinion_groups), self.group_weights)[0],
            activity=rng.lognormvariate(0.0, 0.4) / 1.08,  # mean about 1
            pass_rate=rng.uniform(0.02, 0.2),
        )

    def _item_script(self) -> list[tuple[float, Event]]:
        """Open the questions one after another; each closes as the next opens."""
        start = self.end_s * self.rhythm.join_window_share
        span = (self.end_s - start) / QUESTIONS
        script: list[tuple[float, Event]] = []
        for index in range(QUESTIONS):
            opens = start + index * span
            script.append((opens, ItemOpened(opens, index + 1)))
            script.append((opens + span, ItemClosed(opens + span, index + 1)))
        script.reverse()  # pop from the end
        return script

    # The loop --------------------------------------------------------------

    def run(self) -> None:
        self._schedule_joins()
        while self.heap:
            at, _, kind, pid = heapq.heappop(self.heap)
            self._run_script(until=at)
            if at >= self.end_s:
                break
            if kind == _JOIN:
                self._join(at, pid)
            elif kind == _POST:
                self._post(at, pid)
            else:
                self._vote(at, pid)
        self._run_script(until=self.end_s)

    def _push(self, at: float, kind: int, pid: int) -> None:
        self.sequence += 1
        heapq.heappush(self.heap, (at, self.sequence, kind, pid))

    def _apply(self, event: Event) -> None:
        self.dialogue.apply(event)
        self.events.append(event)

    def _run_script(self, *, until: float) -> None:
        while self.script and self.script[-1][0] <= until:
            _, event = self.script.pop()
            self._apply(event)
            self.open_item = event.item_id if isinstance(event, ItemOpened) else None

    def _schedule_joins(self) -> None:
        rhythm, rng = self.rhythm, self.rng
        window = self.end_s * rhythm.join_window_share
        for pid in range(len(self.people)):
            late = rng.random() < rhythm.late_join_share
            at = rng.uniform(window, self.end_s / 2) if late else rng.uniform(0.0, window)
            self._push(at, _JOIN, pid)

    # Actions ---------------------------------------------------------------

    def _join(self, at: float, pid: int) -> None:
        self._apply(ParticipantJoined(at, pid, self.people[pid].role))
        self.counts.joined += 1
        # First actions wait until a question is open.
        start = max(at, self.end_s * self.rhythm.join_window_share)
        self._push(start + self._gap(pid, self.rhythm.post_gap_s), _POST, pid)
        self._push(start + self._gap(pid, self.rhythm.vote_gap_s), _VOTE, pid)

    def _gap(self, pid: int, mean_s: float) -> float:
        return self.rng.expovariate(self.people[pid].activity / mean_s)

    def _post(self, at: float, pid: int) -> None:
        self._push(at + self._gap(pid, self.rhythm.post_gap_s), _POST, pid)
        item_id = self.open_item
        if item_id is None:
            return
        person, rng = self.people[pid], self.rng
        reply_to = None
        if rng.random() < self.rhythm.reaction_share and person.last_voted is not None:
            target = self.dialogue.state.statements[person.last_voted]
            if target.item_id == item_id:
                reply_to = target.statement_id
        sid = self.next_statement_id
        self.next_statement_id += 1
        self.positions[sid] = self._positions(author_group=person.opinion_group)
        text = (
            f"{rng.choice(_OPENINGS)} {_TOPICS[(item_id - 1) % len(_TOPICS)]} beter wordt ({sid})"
        )
        self._apply(StatementPosted(at, sid, pid, item_id, text, reply_to))
        self.counts.statements += 1
        self.counts.reactions += reply_to is not None

    def _positions(self, *, author_group: int) -> tuple[float, ...]:
        """Draw how each opinion group sees a new statement: shared, divided or rejected."""
        rng, groups = self.rng, self.opinion_groups
        kind = rng.random()
        if kind < 0.25:  # consensus
            shares = [rng.uniform(0.75, 0.98) for _ in range(groups)]
        elif kind < 0.65:  # divides the groups
            shares = [
                rng.choice((rng.uniform(0.05, 0.3), rng.uniform(0.7, 0.95))) for _ in range(groups)
            ]
        elif kind < 0.85:  # mixed feelings everywhere
            shares = [rng.uniform(0.3, 0.7) for _ in range(groups)]
        else:  # few like it
            shares = [rng.uniform(0.02, 0.3) for _ in range(groups)]
        shares[author_group] = max(shares[author_group], rng.uniform(0.6, 0.95))
        return tuple(shares)

    def _vote(self, at: float, pid: int) -> None:
        if self.open_item is None:
            self._push(at + self._gap(pid, self.rhythm.vote_gap_s), _VOTE, pid)
            return
        statement_id = self.dialogue.next_statement(pid)
        if statement_id is None:
            self._apply(InboxRequested(at, pid))
            self.counts.inbox_requests += 1
            wait = self.rng.uniform(0.5, 1.5) * self.rhythm.idle_after_empty_s
            self._push(at + wait, _VOTE, pid)
            return
        person = self.people[pid]
        vote = self._choose(person, statement_id)
        self._apply(VoteCast(at, pid, statement_id, vote))
        self.counts.votes += 1
        self.counts.passes += vote is Vote.PASS
        person.last_voted = statement_id
        self._push(at + self._gap(pid, self.rhythm.vote_gap_s), _VOTE, pid)

    def _choose(self, person: _Person, statement_id: int) -> Vote:
        if self.rng.random() < person.pass_rate:
            return Vote.PASS
        agree = self.rng.random() < self.positions[statement_id][person.opinion_group]
        return Vote.AGREE if agree else Vote.DISAGREE


def simulate_session(
    *, participants: int, minutes: float, seed: int, settings: MethodSettings | None = None
) -> SimulatedSession:
    """Run a synthetic crowd through a session of `QUESTIONS` questions; same seed, same log."""
    if participants < 1:
        raise ValueError("participants must be at least 1")
    if not minutes > 0:
        raise ValueError("minutes must be positive")
    settings = settings or MethodSettings(seed=seed)
    crowd = _Crowd(participants=participants, minutes=minutes, seed=seed, settings=settings)
    crowd.run()
    return SimulatedSession(
        settings=settings,
        dialogue=crowd.dialogue,
        events=crowd.events,
        counts=crowd.counts,
        opinion_groups=crowd.opinion_groups,
        item_ids=tuple(range(1, QUESTIONS + 1)),
    )

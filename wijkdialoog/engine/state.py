"""The records a dialogue's state is made of; plain data, changed only by the engine.

Participants and statements keep themselves out of the garbage collector's sight when
made, and so do the lists held in them and in groups (see untracked.py).
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field

from wijkdialoog.engine.events import ItemKind, Role
from wijkdialoog.engine.groups import MiniGroups
from wijkdialoog.engine.pool import NeedQueue
from wijkdialoog.engine.settings import MethodSettings
from wijkdialoog.engine.untracked import untracked


@dataclass(slots=True, eq=False)
class Participant:
    participant_id: int
    role: Role
    intake: tuple[tuple[str, str], ...]
    is_present: bool = True
    inbox: list[int] = field(default_factory=list)
    statements_posted: int = 0
    votes_cast: int = 0
    # Who they are in the statements' audiences: a bare object, hashed by identity like
    # the participant, but not a container, so an audience (these keys and int marks)
    # stays out of the garbage collector's sight (see untracked.py).
    key: object = field(default_factory=object)

    def __post_init__(self) -> None:
        untracked(self)
        untracked(self.inbox)


@dataclass(slots=True, eq=False)
class Statement:
    statement_id: int
    item_id: int
    author_id: int
    text: str
    reply_to: int | None
    posted_at: float
    home_group: int | None
    agree: int = 0
    disagree: int = 0
    passes: int = 0
    showings: int = 0
    level: str | None = None
    is_bipotron: bool = False
    is_hidden: bool = False
    hidden_reason: str = ""
    # Migration: how far along the groups it walked, the round under way (its number, how
    # many it reached, None when no round is under way), its fan-out.
    steps: int = 0
    round_no: int = 0
    round_size: int | None = None
    round_votes: int = 0
    fan_out: int = 1
    is_stopped: bool = False
    # Who was shown it (its author too, so it is never delivered to them), each with a
    # mark (below): how it reached them and whether they voted. One dict here rather than
    # sets on every participant and every round: less memory in a large crowd, and a vote
    # or a round's deliveries touch only this dict, already in the cache. Keyed by the
    # participant's key: hashed by identity, so a lookup needs nothing else from memory.
    audience: dict[object, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        untracked(self)

    @property
    def responses(self) -> int:
        return self.agree + self.disagree + self.passes


# Audience marks. A statement reaches someone in a round (the mark is that round's number)
# or outside one (0: their own statement, a top-up, or a round they left). A vote inverts
# the mark's bits: negative, and the round can still be read back.
OUTSIDE_ROUND = 0


def voted(mark: int) -> int:
    """Return the mark of someone who voted, given the mark they had."""
    return ~mark


def has_voted(mark: int) -> bool:
    return mark < 0


def round_of(mark: int) -> int:
    """Return the round a statement reached someone in (0: outside a round)."""
    return ~mark if mark < 0 else mark


@dataclass(slots=True, eq=False)
class Item:
    item_id: int
    kind: ItemKind
    options: tuple[str, ...]
    is_open: bool = True
    groups: MiniGroups[Participant] | None = None
    pool: NeedQueue = field(default_factory=NeedQueue)
    statement_ids: list[int] = field(default_factory=list)
    poll_answers: dict[int, tuple[str, str]] = field(default_factory=dict)


# A voting window: (when it ends, statement id, round, the statement). The statement is
# carried along so that closing its round needs no lookup; the id and round order ties.
Deadline = tuple[float, int, int, Statement]


@dataclass(slots=True, eq=False)
class DialogueState:
    settings: MethodSettings
    rng: random.Random
    participants: dict[int, Participant] = field(default_factory=dict)
    # Each participant's audience key back to their id, for reads that list an audience.
    participant_of_key: dict[object, int] = field(default_factory=dict)
    items: dict[int, Item] = field(default_factory=dict)
    statements: dict[int, Statement] = field(default_factory=dict)
    last_at: float = float("-inf")
    groups_made: int = 0
    # Voting windows under way, sorted, the soonest first.
    deadlines: deque[Deadline] = field(default_factory=deque)
    events_applied: int = 0

    def open_questions(self) -> list[Item]:
        return [i for i in self.items.values() if i.is_open and i.groups is not None]

    def audience_of(self, statement: Statement) -> dict[int, int]:
        """Return who was shown a statement (its author too), by id, with their marks."""
        return {self.participant_of_key[key]: mark for key, mark in statement.audience.items()}

    def round_recipients(self, statement: Statement) -> list[int]:
        """Return who the round under way reached and still counts (voted or not), sorted."""
        if statement.round_size is None:
            return []
        audience = self.audience_of(statement)
        return sorted(p for p, mark in audience.items() if round_of(mark) == statement.round_no)

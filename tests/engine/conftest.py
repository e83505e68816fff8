"""Hand-built scenarios: a dialogue driven event by event, its clock moving only when told."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from wijkdialoog.engine import (
    Delivered,
    Dialogue,
    Effect,
    Event,
    InboxRequested,
    ItemClosed,
    ItemKind,
    ItemOpened,
    MethodSettings,
    ParticipantJoined,
    ParticipantLeft,
    PollAnswered,
    Role,
    StatementHidden,
    StatementPosted,
    Tick,
    Vote,
    VoteCast,
)


class Session:
    """A dialogue with a clock; every helper applies one event at the current time."""

    def __init__(self, settings: MethodSettings | None = None) -> None:
        self.d = Dialogue(settings)
        self.now = 0.0

    @property
    def state(self) -> Any:
        return self.d.state

    def apply(self, event: Event) -> list[Effect]:
        return self.d.apply(event)

    def wait(self, seconds: float) -> list[Effect]:
        self.now += seconds
        return self.apply(Tick(self.now))

    def join(self, participant_id: int, role: Role = Role.RESIDENT) -> list[Effect]:
        return self.apply(ParticipantJoined(self.now, participant_id, role))

    def leave(self, participant_id: int) -> list[Effect]:
        return self.apply(ParticipantLeft(self.now, participant_id))

    def open(
        self, item_id: int = 1, kind: ItemKind = ItemKind.QUESTION, options: tuple[str, ...] = ()
    ) -> list[Effect]:
        return self.apply(ItemOpened(self.now, item_id, kind, options))

    def close(self, item_id: int = 1) -> list[Effect]:
        return self.apply(ItemClosed(self.now, item_id))

    def post(
        self,
        statement_id: int,
        participant_id: int,
        item_id: int = 1,
        text: str = "Meer groen in de wijk",
        reply_to: int | None = None,
    ) -> list[Effect]:
        return self.apply(
            StatementPosted(self.now, statement_id, participant_id, item_id, text, reply_to)
        )

    def vote(self, participant_id: int, statement_id: int, vote: Vote = Vote.AGREE) -> list[Effect]:
        return self.apply(VoteCast(self.now, participant_id, statement_id, vote))

    def request(self, participant_id: int) -> list[Effect]:
        return self.apply(InboxRequested(self.now, participant_id))

    def hide(self, statement_id: int, reason: str = "kwetsend") -> list[Effect]:
        return self.apply(StatementHidden(self.now, statement_id, reason))

    def answer(self, participant_id: int, item_id: int, option: str, why: str = "") -> list[Effect]:
        return self.apply(PollAnswered(self.now, participant_id, item_id, option, why))

    # Reading the groups of a question ----------------------------------------

    def groups(self, item_id: int = 1) -> Any:
        groups = self.state.items[item_id].groups
        assert groups is not None
        return groups

    def group_of(self, participant_id: int, item_id: int = 1) -> int:
        group: int = self.groups(item_id).group_of[participant_id]
        return group

    def members(self, group_id: int, item_id: int = 1) -> set[int]:
        return set(self.groups(item_id).member_ids(group_id))

    def groupmates(self, participant_id: int, item_id: int = 1) -> set[int]:
        return self.members(self.group_of(participant_id, item_id), item_id) - {participant_id}

    def group_order(self, item_id: int = 1) -> list[int]:
        """Return the live groups of a question in the order they were made."""
        picture = self.groups(item_id).snapshot()
        return [g for g in picture["order"] if str(g) in picture["members"]]

    def outsiders(self, participant_id: int, item_id: int = 1) -> set[int]:
        group = self.group_of(participant_id, item_id)
        return {p for p, g in self.groups(item_id).group_of.items() if g != group}


def of_type(effects: Sequence[Effect], kind: type[Any]) -> list[Any]:
    return [e for e in effects if isinstance(e, kind)]


def delivered_to(effects: Sequence[Effect], statement_id: int) -> set[int]:
    return {e.participant_id for e in of_type(effects, Delivered) if e.statement_id == statement_id}


MakeSession = Callable[..., Session]


@pytest.fixture
def make_session() -> MakeSession:
    """Join participants 1..N with the given roles (or N residents), then open question 1."""

    def make(
        roles: Sequence[Role] | int,
        settings: MethodSettings | None = None,
        *,
        open_question: bool = True,
    ) -> Session:
        session = Session(settings)
        people = [Role.RESIDENT] * roles if isinstance(roles, int) else list(roles)
        for participant_id, role in enumerate(people, start=1):
            session.join(participant_id, role)
        if open_question:
            session.open(1)
        return session

    return make

"""Every named refusal: raised by the event that should raise it, and leaving no trace."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable

import pytest

from tests.engine.conftest import MakeSession, Session
from wijkdialoog.engine import (
    Event,
    EventRefused,
    InboxRequested,
    ItemClosed,
    ItemKind,
    ItemOpened,
    MethodSettings,
    ParticipantJoined,
    ParticipantLeft,
    PollAnswered,
    StatementHidden,
    StatementPosted,
    Tick,
    Vote,
    VoteCast,
    errors,
    snapshot_json,
)

AUTHOR, STATEMENT, QUESTION, POLL, PRESENTATION, SECOND_QUESTION = 1, 100, 1, 2, 3, 4
LIMIT = 40


@pytest.fixture
def scene(make_session: MakeSession) -> Session:
    """Ten residents in two groups of question 1; statement 100 by participant 1; a poll too."""
    s = make_session(10, MethodSettings(max_statement_chars=LIMIT, max_explanation_chars=LIMIT))
    s.wait(5)
    s.post(STATEMENT, AUTHOR)
    s.open(POLL, ItemKind.POLL, ("goed", "slecht"))
    s.open(PRESENTATION, ItemKind.PRESENTATION)
    s.wait(5)
    return s


def shown(s: Session) -> int:
    """A participant the statement was shown to (a groupmate of its author)."""
    return min(s.groupmates(AUTHOR))


def not_shown(s: Session) -> int:
    return min(s.outsiders(AUTHOR))


def vote(s: Session, participant_id: int, statement_id: int = STATEMENT) -> VoteCast:
    return VoteCast(s.now, participant_id, statement_id, Vote.AGREE)


def post(
    s: Session,
    participant_id: int,
    item_id: int = QUESTION,
    *,
    statement_id: int = 200,
    text: str = "Meer bankjes",
    reply_to: int | None = None,
) -> StatementPosted:
    return StatementPosted(s.now, statement_id, participant_id, item_id, text, reply_to)


def _hidden(s: Session) -> Session:
    s.hide(STATEMENT)
    return s


def _closed(s: Session, item_id: int = QUESTION) -> Session:
    s.close(item_id)
    return s


def _gone(s: Session) -> int:
    """Let a participant who was shown the statement leave; return them."""
    who = shown(s)
    s.leave(who)
    return who


def _voted(s: Session) -> int:
    who = shown(s)
    s.vote(who, STATEMENT)
    return who


def _answered(s: Session) -> int:
    s.answer(5, POLL, "goed")
    return 5


Case = tuple[type[errors.EventRefused], Callable[[Session], Event]]

CASES: dict[str, Case] = {
    # Time.
    "time going backwards": (errors.TimeWentBackwards, lambda s: Tick(s.now - 0.5)),
    "a NaN time": (errors.TimeWentBackwards, lambda s: Tick(math.nan)),
    "an infinite time": (errors.TimeWentBackwards, lambda s: Tick(math.inf)),
    "a vote at a NaN time": (
        errors.TimeWentBackwards,
        lambda s: VoteCast(math.nan, shown(s), STATEMENT, Vote.AGREE),
    ),
    # Participants.
    "an inbox request by an unknown participant": (
        errors.UnknownParticipant,
        lambda s: InboxRequested(s.now, 99),
    ),
    "a vote by an unknown participant": (errors.UnknownParticipant, lambda s: vote(s, 99)),
    "a statement by an unknown participant": (errors.UnknownParticipant, lambda s: post(s, 99)),
    "an unknown participant leaving": (
        errors.UnknownParticipant,
        lambda s: ParticipantLeft(s.now, 99),
    ),
    "a poll answer by an unknown participant": (
        errors.UnknownParticipant,
        lambda s: PollAnswered(s.now, 99, POLL, "goed"),
    ),
    "joining while present": (
        errors.ParticipantAlreadyPresent,
        lambda s: ParticipantJoined(s.now, 2),
    ),
    "an inbox request after leaving": (
        errors.ParticipantNotPresent,
        lambda s: InboxRequested(s.now, _gone(s)),
    ),
    "leaving twice": (errors.ParticipantNotPresent, lambda s: ParticipantLeft(s.now, _gone(s))),
    "a vote after leaving": (errors.ParticipantNotPresent, lambda s: vote(s, _gone(s))),
    "a statement after leaving": (errors.ParticipantNotPresent, lambda s: post(s, _gone(s))),
    "a poll answer after leaving": (
        errors.ParticipantNotPresent,
        lambda s: PollAnswered(s.now, _gone(s), POLL, "goed"),
    ),
    # Items.
    "closing an unknown item": (errors.UnknownItem, lambda s: ItemClosed(s.now, 9)),
    "a statement on an unknown item": (errors.UnknownItem, lambda s: post(s, 2, item_id=9)),
    "a poll answer on an unknown item": (
        errors.UnknownItem,
        lambda s: PollAnswered(s.now, 2, 9, "goed"),
    ),
    "opening an open item again": (errors.ItemAlreadyOpened, lambda s: ItemOpened(s.now, 1)),
    "opening a closed item again": (
        errors.ItemAlreadyOpened,
        lambda s: ItemOpened(_closed(s, PRESENTATION).now, PRESENTATION),
    ),
    "closing a closed item": (errors.ItemNotOpen, lambda s: ItemClosed(_closed(s).now, QUESTION)),
    "a statement on a closed question": (errors.ItemNotOpen, lambda s: post(_closed(s), 2)),
    "a vote on a statement of a closed question": (
        errors.ItemNotOpen,
        lambda s: vote(_closed(s), shown(s)),
    ),
    "a poll answer on a closed poll": (
        errors.ItemNotOpen,
        lambda s: PollAnswered(_closed(s, POLL).now, 2, POLL, "goed"),
    ),
    "a statement on a poll": (errors.WrongItemKind, lambda s: post(s, 2, item_id=POLL)),
    "a statement on a presentation": (
        errors.WrongItemKind,
        lambda s: post(s, 2, item_id=PRESENTATION),
    ),
    "a poll answer on a question": (
        errors.WrongItemKind,
        lambda s: PollAnswered(s.now, 2, QUESTION, "goed"),
    ),
    "a poll with one option": (
        errors.WrongItemKind,
        lambda s: ItemOpened(s.now, 7, ItemKind.POLL, ("goed",)),
    ),
    "a poll with no options": (errors.WrongItemKind, lambda s: ItemOpened(s.now, 7, ItemKind.POLL)),
    "a poll with one option twice": (
        errors.WrongItemKind,
        lambda s: ItemOpened(s.now, 7, ItemKind.POLL, ("goed", "goed")),
    ),
    # Statements.
    "a reused statement id": (errors.DuplicateStatement, lambda s: post(s, 2, statement_id=100)),
    "an empty statement": (errors.EmptyStatement, lambda s: post(s, 2, text="")),
    "a statement of white space only": (errors.EmptyStatement, lambda s: post(s, 2, text=" \t\n ")),
    "a statement one character over the limit": (
        errors.StatementTooLong,
        lambda s: post(s, 2, text="x" * (LIMIT + 1)),
    ),
    "a poll explanation over the limit": (
        errors.ExplanationTooLong,
        lambda s: PollAnswered(s.now, 2, POLL, "goed", "x" * (LIMIT + 1)),
    ),
    "a vote on a hidden statement": (errors.StatementHidden, lambda s: vote(_hidden(s), shown(s))),
    "a reaction to a hidden statement": (
        errors.StatementHidden,
        lambda s: post(_hidden(s), shown(s), reply_to=STATEMENT),
    ),
    "hiding a hidden statement": (
        errors.StatementHidden,
        lambda s: StatementHidden(_hidden(s).now, STATEMENT, "nogmaals"),
    ),
    "a vote on an unknown statement": (errors.UnknownStatement, lambda s: vote(s, 2, 999)),
    "hiding an unknown statement": (
        errors.UnknownStatement,
        lambda s: StatementHidden(s.now, 999, "kwetsend"),
    ),
    "a reaction to an unknown statement": (
        errors.UnknownStatement,
        lambda s: post(s, 2, reply_to=999),
    ),
    # Votes.
    "a vote on one's own statement": (errors.OwnStatement, lambda s: vote(s, AUTHOR)),
    "a vote on a statement never shown": (errors.NotShown, lambda s: vote(s, not_shown(s))),
    "a reaction to a statement never shown": (
        errors.NotShown,
        lambda s: post(s, not_shown(s), reply_to=STATEMENT),
    ),
    "a second vote": (errors.AlreadyVoted, lambda s: vote(s, _voted(s))),
    # Polls.
    "a poll option the poll does not have": (
        errors.UnknownPollOption,
        lambda s: PollAnswered(s.now, 2, POLL, "misschien"),
    ),
    "a second poll answer": (
        errors.AlreadyAnswered,
        lambda s: PollAnswered(s.now, _answered(s), POLL, "slecht"),
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_refused_event_raises_its_named_error_and_changes_nothing(
    scene: Session, case: str
) -> None:
    expected, make_event = CASES[case]
    event = make_event(scene)
    before = snapshot_json(scene.state)
    with pytest.raises(EventRefused) as refused:
        scene.apply(event)
    assert type(refused.value) is expected
    assert refused.value.code == expected.code
    assert snapshot_json(scene.state) == before


def _named_errors() -> list[type[EventRefused]]:
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, EventRefused) and cls is not EventRefused
    ]


def test_every_named_error_has_a_case_that_raises_it() -> None:
    covered = {expected for expected, _ in CASES.values()}
    assert covered == set(_named_errors())


def test_every_named_error_has_its_own_code() -> None:
    codes = [cls.code for cls in _named_errors()]
    assert all(isinstance(code, str) and code for code in codes)
    assert len(set(codes)) == len(codes)
    assert EventRefused.code not in codes


def test_a_reaction_across_questions_is_refused_as_the_wrong_item_kind(scene: Session) -> None:
    scene.open(SECOND_QUESTION)
    reactor = shown(scene)
    event = post(scene, reactor, item_id=SECOND_QUESTION, reply_to=STATEMENT)
    before = snapshot_json(scene.state)
    with pytest.raises(errors.WrongItemKind):
        scene.apply(event)
    assert snapshot_json(scene.state) == before


def test_a_reaction_across_questions_is_refused_and_changes_nothing(scene: Session) -> None:
    scene.open(SECOND_QUESTION)
    event = post(scene, shown(scene), item_id=SECOND_QUESTION, reply_to=STATEMENT)
    before = snapshot_json(scene.state)
    with pytest.raises(EventRefused):
        scene.apply(event)
    assert snapshot_json(scene.state) == before


def test_a_statement_of_exactly_the_limit_is_accepted(scene: Session) -> None:
    scene.apply(post(scene, 2, text="x" * LIMIT))
    assert scene.state.statements[200].text == "x" * LIMIT


def test_an_event_at_the_same_time_as_the_last_is_accepted(scene: Session) -> None:
    scene.apply(Tick(scene.now))
    assert scene.state.last_at == scene.now


def test_a_participant_who_left_may_join_again(scene: Session) -> None:
    who = _gone(scene)
    scene.join(who)
    assert scene.state.participants[who].is_present
    assert who in scene.groups().group_of


def test_a_refused_event_does_not_count_as_applied(scene: Session) -> None:
    applied = scene.state.events_applied
    with pytest.raises(errors.OwnStatement):
        scene.apply(vote(scene, AUTHOR))
    assert scene.state.events_applied == applied
    scene.apply(vote(scene, shown(scene)))
    assert scene.state.events_applied == applied + 1

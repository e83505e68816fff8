"""Tests for what the synthetic crowd says: intake, statement texts, poll answers, script."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from wijkdialoog.engine import (
    ItemKind,
    ItemOpened,
    MethodSettings,
    ParticipantJoined,
    PollAnswered,
    Role,
    StatementPosted,
)
from wijkdialoog.simulation.crowd import SimulatedSession, simulate_session
from wijkdialoog.simulation.profiles import pseudonyms_for
from wijkdialoog.simulation.script import POLLS, question_for

# The web app's codes (web/dialogues/models.py, Participant.OrganisationType and Scale).
ORGANISATION_TYPES = {
    "none",
    "residents_group",
    "welfare",
    "housing",
    "municipality",
    "business",
    "other",
}
SCALES = {"street", "neighbourhood", "city", "region"}
INTAKE_KEYS = ["organisation_type", "reason", "scale", "success"]


@pytest.fixture(scope="module")
def session() -> SimulatedSession:
    return simulate_session(participants=155, minutes=90, seed=3)


def joins_of(session: SimulatedSession) -> list[ParticipantJoined]:
    return [e for e in session.events if isinstance(e, ParticipantJoined)]


def answers_of(session: SimulatedSession) -> list[PollAnswered]:
    return [e for e in session.events if isinstance(e, PollAnswered)]


# Intake -----------------------------------------------------------------------


def test_every_intake_has_the_four_fields_sorted_by_key_with_valid_codes(
    session: SimulatedSession,
) -> None:
    for join in joins_of(session):
        assert [key for key, _ in join.intake] == INTAKE_KEYS
        answers = dict(join.intake)
        assert answers["organisation_type"] in ORGANISATION_TYPES
        assert answers["scale"] in SCALES


def test_intake_codes_fit_the_role(session: SimulatedSession) -> None:
    by_role: dict[Role, Counter[str]] = {}
    for join in joins_of(session):
        by_role.setdefault(join.role, Counter())[dict(join.intake)["organisation_type"]] += 1
    assert set(by_role[Role.MUNICIPALITY]) <= {"municipality", "other"}
    residents = by_role[Role.RESIDENT]
    assert residents["none"] + residents["residents_group"] > 0.8 * residents.total()
    assert "municipality" not in by_role[Role.PROFESSIONAL]


def test_about_a_third_leave_the_reason_and_success_empty(session: SimulatedSession) -> None:
    joins = joins_of(session)
    for key in ("reason", "success"):
        empty = sum(dict(join.intake)[key] == "" for join in joins)
        assert 0.15 < empty / len(joins) < 0.45
        assert all(dict(j.intake)[key] == "" or dict(j.intake)[key].endswith(".") for j in joins)


# Pseudonyms ---------------------------------------------------------------------


def test_every_participant_has_a_unique_pseudonym(session: SimulatedSession) -> None:
    names = session.pseudonyms
    assert sorted(names) == sorted(join.participant_id for join in joins_of(session))
    assert len(set(names.values())) == len(names)
    assert all(0 < len(name) <= 40 and " " not in name for name in names.values())


def test_pseudonyms_stay_unique_in_a_large_crowd() -> None:
    names = pseudonyms_for(random.Random(1), range(30_000))
    assert len(set(names.values())) == 30_000


# Statement texts ----------------------------------------------------------------


def test_every_text_comes_from_its_questions_bank(session: SimulatedSession) -> None:
    limit = session.settings.max_statement_chars
    for post in (e for e in session.events if isinstance(e, StatementPosted)):
        assert post.text.strip() and len(post.text) <= limit
        phrasings = [p for t in question_for(post.item_id).themes for p in t.phrasings]
        # The first letter may be lowered after an opening, the full stop dropped.
        assert any(p.rstrip(".")[1:] in post.text for p in phrasings), post.text


def test_exact_duplicates_are_a_minority(session: SimulatedSession) -> None:
    texts = [e.text for e in session.events if isinstance(e, StatementPosted)]
    repeats = sum(count - 1 for count in Counter(texts).values())
    assert repeats < 0.4 * len(texts)


def test_a_short_statement_limit_is_respected() -> None:
    settings = MethodSettings(seed=1, max_statement_chars=60)
    short = simulate_session(participants=30, minutes=15, seed=1, settings=settings)
    posts = [e for e in short.events if isinstance(e, StatementPosted)]
    assert posts and all(len(e.text) <= 60 for e in posts)


# Polls --------------------------------------------------------------------------


def test_polls_are_answered_with_their_options_at_most_once_per_person(
    session: SimulatedSession,
) -> None:
    answers = answers_of(session)
    assert {a.item_id for a in answers} == set(POLLS)
    for answer in answers:
        poll = POLLS[answer.item_id]
        assert answer.option in poll.options
        assert answer.explanation in ("", *poll.explanations[answer.option])
    pairs = [(a.participant_id, a.item_id) for a in answers]
    assert len(pairs) == len(set(pairs))


def test_most_people_answer_each_poll_and_about_half_explain(session: SimulatedSession) -> None:
    answers = answers_of(session)
    people = len(session.pseudonyms)
    for item_id in POLLS:
        of_poll = [a for a in answers if a.item_id == item_id]
        assert 0.6 * people < len(of_poll) <= 0.9 * people
        explained = sum(a.explanation != "" for a in of_poll)
        assert 0.3 < explained / len(of_poll) < 0.7


def test_more_than_one_option_is_chosen(session: SimulatedSession) -> None:
    for item_id in POLLS:
        options = {a.option for a in answers_of(session) if a.item_id == item_id}
        assert len(options) >= 3


# The script and reproducibility --------------------------------------------------


def test_items_describe_every_item_opened_in_order(session: SimulatedSession) -> None:
    opened = [e for e in session.events if isinstance(e, ItemOpened)]
    assert [item.item_id for item in session.items] == [e.item_id for e in opened]
    for item, event in zip(session.items, opened, strict=True):
        assert item.kind == event.kind.value
        assert item.title and item.introduction
        assert item.options == event.options
    kinds = [e.kind for e in opened]
    assert kinds.count(ItemKind.POLL) == 2 and kinds.count(ItemKind.QUESTION) == 5


def test_the_same_seed_gives_the_same_session_in_every_detail() -> None:
    first = simulate_session(participants=40, minutes=20, seed=5)
    again = simulate_session(participants=40, minutes=20, seed=5)
    assert first.events == again.events
    assert first.pseudonyms == again.pseudonyms
    assert first.items == again.items

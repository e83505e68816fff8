"""Tests for the synthetic crowd: reproducible, valid and near the reference session."""

from __future__ import annotations

import pytest

from wijkdialoog.engine import (
    Dialogue,
    ItemClosed,
    ItemOpened,
    StatementPosted,
    VoteCast,
    session_figures,
)
from wijkdialoog.simulation.crowd import SimulatedSession, simulate_session


@pytest.fixture(scope="module")
def reference_session() -> SimulatedSession:
    return simulate_session(participants=155, minutes=90, seed=1)


def test_same_seed_gives_the_same_event_log() -> None:
    first = simulate_session(participants=40, minutes=20, seed=7)
    second = simulate_session(participants=40, minutes=20, seed=7)
    assert first.events == second.events


def test_another_seed_gives_another_event_log() -> None:
    first = simulate_session(participants=40, minutes=20, seed=7)
    other = simulate_session(participants=40, minutes=20, seed=8)
    assert first.events != other.events


def test_replaying_the_log_gives_the_same_figures(reference_session: SimulatedSession) -> None:
    replayed = Dialogue.replay(reference_session.events, reference_session.settings)
    assert session_figures(replayed.state) == session_figures(reference_session.dialogue.state)


def test_event_times_never_go_back(reference_session: SimulatedSession) -> None:
    times = [event.at for event in reference_session.events]
    assert times == sorted(times)


def test_questions_open_one_after_another(reference_session: SimulatedSession) -> None:
    questions = set(reference_session.item_ids)
    script = [
        e
        for e in reference_session.events
        if isinstance(e, ItemOpened | ItemClosed) and e.item_id in questions
    ]
    kinds = [(type(e).__name__, e.item_id) for e in script]
    expected = []
    for item_id in reference_session.item_ids:
        expected += [("ItemOpened", item_id), ("ItemClosed", item_id)]
    assert kinds == expected


def test_figures_are_near_the_reference_session(reference_session: SimulatedSession) -> None:
    figures = session_figures(reference_session.dialogue.state)
    assert figures.active_participants == 155
    assert 14 <= figures.statements_per_person <= 22
    assert 0.08 <= figures.reaction_share <= 0.16
    assert 0 < figures.bipotrons < figures.synthetrons < figures.statements


def test_counts_match_the_log(reference_session: SimulatedSession) -> None:
    events = reference_session.events
    posts = [e for e in events if isinstance(e, StatementPosted)]
    assert reference_session.counts.statements == len(posts)
    assert reference_session.counts.reactions == sum(e.reply_to is not None for e in posts)
    assert reference_session.counts.votes == sum(isinstance(e, VoteCast) for e in events)


def test_statements_both_unite_and_divide(reference_session: SimulatedSession) -> None:
    state = reference_session.dialogue.state
    voted = [s for s in state.statements.values() if s.agree + s.disagree >= 4]
    assert any(s.disagree == 0 for s in voted)
    assert any(min(s.agree, s.disagree) >= 2 for s in voted)


@pytest.mark.parametrize("participants, minutes", [(0, 10), (10, 0)])
def test_nonsense_sizes_are_refused(participants: int, minutes: float) -> None:
    with pytest.raises(ValueError):
        simulate_session(participants=participants, minutes=minutes, seed=1)

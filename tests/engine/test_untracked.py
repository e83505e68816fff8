"""The engine's records stay out of the garbage collector's sight, and need it not."""

from __future__ import annotations

import gc
import platform
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings

from tests.engine.strategies import Run, dialogue_runs
from wijkdialoog.engine import Dialogue
from wijkdialoog.engine.state import DialogueState
from wijkdialoog.simulation.crowd import SimulatedSession, simulate_session

pytestmark = pytest.mark.skipif(
    platform.python_implementation() != "CPython", reason="untracking is CPython's"
)


@pytest.fixture(scope="module")
def session() -> SimulatedSession:
    return simulate_session(participants=40, minutes=20, seed=3)


def assert_out_of_sight(state: DialogueState) -> None:
    for participant in state.participants.values():
        assert not gc.is_tracked(participant)
        assert not gc.is_tracked(participant.inbox)
    for statement in state.statements.values():
        assert not gc.is_tracked(statement)
        assert not gc.is_tracked(statement.audience)
    for item in state.open_questions():
        assert item.groups is not None
        for group_id in set(item.groups.group_of.values()):
            assert not gc.is_tracked(item.groups.members(group_id))


def test_a_sessions_participants_statements_inboxes_audiences_and_groups_are_untracked(
    session: SimulatedSession,
) -> None:
    state = Dialogue.replay(session.events, session.settings).state
    assert state.participants and state.statements
    assert all(len(s.audience) > 1 for s in state.statements.values())
    assert_out_of_sight(state)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(run=dialogue_runs())
def test_records_stay_untracked_through_leaves_hides_and_closes(run: Run) -> None:
    # Leaving and purging change inboxes; they must stay untracked through it.
    assert_out_of_sight(run.dialogue.state)


def test_a_dropped_dialogue_gives_back_all_it_took(session: SimulatedSession) -> None:
    # A reference cycle through an untracked record would never be freed, not even by a
    # collection (which also empties the interpreter's free lists of spare objects).
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        dialogue = Dialogue.replay(session.events, session.settings)
        held = tracemalloc.get_traced_memory()[0] - before
        del dialogue
        gc.collect()
        left = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held > 200_000
    assert left < held / 100

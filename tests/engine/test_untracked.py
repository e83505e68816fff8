"""The engine's records stay out of the garbage collector's sight, and need it not."""

from __future__ import annotations

import gc
import platform
import tracemalloc

import pytest

from wijkdialoog.engine import Dialogue
from wijkdialoog.simulation.crowd import SimulatedSession, simulate_session

pytestmark = pytest.mark.skipif(
    platform.python_implementation() != "CPython", reason="untracking is CPython's"
)


@pytest.fixture(scope="module")
def session() -> SimulatedSession:
    return simulate_session(participants=40, minutes=20, seed=3)


def test_participants_statements_inboxes_audiences_and_groups_are_untracked(
    session: SimulatedSession,
) -> None:
    state = Dialogue.replay(session.events, session.settings).state
    assert state.participants and state.statements
    for participant in state.participants.values():
        assert not gc.is_tracked(participant)
        assert not gc.is_tracked(participant.inbox)
    for statement in state.statements.values():
        assert len(statement.audience) > 1
        assert not gc.is_tracked(statement)
        assert not gc.is_tracked(statement.audience)
    for item in state.open_questions():
        assert item.groups is not None
        for group_id in set(item.groups.group_of.values()):
            assert not gc.is_tracked(item.groups.members(group_id))


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

"""The engine's invariants, as properties over random streams of events."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings

from tests.engine.strategies import Run, dialogue_runs
from wijkdialoog.engine import Delivered, Dialogue, Vote, VoteCast, snapshot_json
from wijkdialoog.engine.state import has_voted

SETTINGS = settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(run=dialogue_runs())
def test_nobody_is_shown_their_own_statement_nor_one_twice(run: Run) -> None:
    state = run.dialogue.state
    delivered = [e for effects in run.effects for e in effects if isinstance(e, Delivered)]
    pairs = Counter((e.participant_id, e.statement_id) for e in delivered)
    assert all(times == 1 for times in pairs.values())
    for participant_id, statement_id in pairs:
        assert state.statements[statement_id].author_id != participant_id


@SETTINGS
@given(run=dialogue_runs())
def test_counts_equal_the_votes_applied(run: Run) -> None:
    votes = Counter((e.statement_id, e.vote) for e in run.accepted if isinstance(e, VoteCast))
    for statement in run.dialogue.state.statements.values():
        assert statement.agree == votes[(statement.statement_id, Vote.AGREE)]
        assert statement.disagree == votes[(statement.statement_id, Vote.DISAGREE)]
        assert statement.passes == votes[(statement.statement_id, Vote.PASS)]


@SETTINGS
@given(run=dialogue_runs())
def test_groups_stay_within_their_bounds(run: Run) -> None:
    state = run.dialogue.state
    limits = state.settings
    present = {p.participant_id for p in state.participants.values() if p.is_present}
    for item in state.open_questions():
        assert item.groups is not None
        sizes = item.groups.sizes()
        assert all(1 <= size <= limits.max_group_size for size in sizes)
        assert sum(size < limits.min_group_size for size in sizes) <= 1
        assert set(item.groups.group_of) == present
        assert sum(sizes) == len(present)


@SETTINGS
@given(run=dialogue_runs())
def test_inboxes_stay_bounded_and_hold_only_showable_statements(run: Run) -> None:
    state = run.dialogue.state
    voted = {(e.participant_id, e.statement_id) for e in run.accepted if isinstance(e, VoteCast)}
    for participant in state.participants.values():
        assert len(participant.inbox) <= state.settings.inbox_limit
        for statement_id in run.dialogue.inbox(participant.participant_id):
            statement = state.statements[statement_id]
            assert statement.author_id != participant.participant_id
            assert (participant.participant_id, statement_id) not in voted
            assert not statement.is_hidden


@SETTINGS
@given(run=dialogue_runs())
def test_the_audience_agrees_with_what_was_delivered_and_voted(run: Run) -> None:
    state = run.dialogue.state
    delivered = {
        (e.participant_id, e.statement_id)
        for effects in run.effects
        for e in effects
        if isinstance(e, Delivered)
    }
    voted = {(e.participant_id, e.statement_id) for e in run.accepted if isinstance(e, VoteCast)}
    for statement in state.statements.values():
        sid = statement.statement_id
        audience = state.audience_of(statement)
        assert set(audience) == {statement.author_id} | {p for p, s in delivered if s == sid}
        voters = {p for p, mark in audience.items() if has_voted(mark)}
        assert voters == {p for p, s in voted if s == sid}


@SETTINGS
@given(run=dialogue_runs())
def test_a_round_under_way_counts_whom_it_reached_and_has_no_quorum_yet(run: Run) -> None:
    # Checked after every event: leavers and votes change a round between its ends.
    dialogue = Dialogue(run.dialogue.settings)
    for event in run.accepted:
        dialogue.apply(event)
        for statement in dialogue.state.statements.values():
            if statement.round_size is not None:
                assert statement.round_size == len(dialogue.state.round_recipients(statement)) > 0
                assert 2 * statement.round_votes <= statement.round_size


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(run=dialogue_runs(check_refusals=True, max_events=60))
def test_a_refused_event_changes_nothing(run: Run) -> None:
    # dialogue_runs compares the snapshot before and after every refused event.
    assert run.refused + len(run.accepted) > 0


@SETTINGS
@given(run=dialogue_runs())
def test_replaying_the_log_rebuilds_the_same_state(run: Run) -> None:
    replayed = Dialogue.replay(run.accepted, run.dialogue.settings)
    assert snapshot_json(replayed.state) == snapshot_json(run.dialogue.state)

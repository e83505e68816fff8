"""Events as plain data: every type survives a trip through JSON; anything else is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkdialoog.engine import (
    Event,
    InboxRequested,
    ItemClosed,
    ItemKind,
    ItemOpened,
    ParticipantJoined,
    ParticipantLeft,
    PollAnswered,
    Role,
    StatementHidden,
    StatementPosted,
    Tick,
    Vote,
    VoteCast,
    event_from_dict,
    event_to_dict,
)
from wijkdialoog.engine.events import EVENT_TYPES

times = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
ids = st.integers(min_value=0, max_value=2**53)
texts = st.text(max_size=30)

EVENTS: dict[type[Any], st.SearchStrategy[Any]] = {
    ParticipantJoined: st.builds(
        ParticipantJoined,
        times,
        ids,
        st.sampled_from(list(Role)),
        st.lists(st.tuples(texts, texts), max_size=3).map(tuple),
    ),
    ParticipantLeft: st.builds(ParticipantLeft, times, ids),
    ItemOpened: st.builds(
        ItemOpened,
        times,
        ids,
        st.sampled_from(list(ItemKind)),
        st.lists(texts, max_size=4).map(tuple),
    ),
    ItemClosed: st.builds(ItemClosed, times, ids),
    StatementPosted: st.builds(StatementPosted, times, ids, ids, ids, texts, st.none() | ids),
    VoteCast: st.builds(VoteCast, times, ids, ids, st.sampled_from(list(Vote))),
    PollAnswered: st.builds(PollAnswered, times, ids, ids, texts, texts),
    StatementHidden: st.builds(StatementHidden, times, ids, texts),
    InboxRequested: st.builds(InboxRequested, times, ids),
    Tick: st.builds(Tick, times),
}


def test_every_event_type_has_a_strategy_here() -> None:
    assert set(EVENTS) == set(EVENT_TYPES.values())


@given(event=st.one_of(*EVENTS.values()))
def test_every_event_survives_a_round_trip_through_json(event: Event) -> None:
    data = event_to_dict(event)
    assert EVENT_TYPES[data["type"]] is type(event)
    wire = json.loads(json.dumps(data))
    back = event_from_dict(wire)
    assert back == event
    assert type(back) is type(event)


@pytest.mark.parametrize("event_type", list(EVENTS), ids=lambda t: t.__name__)
def test_each_event_type_round_trips_at_least_once(event_type: type[Any]) -> None:
    @given(event=EVENTS[event_type])
    def check(event: Event) -> None:
        assert event_from_dict(json.loads(json.dumps(event_to_dict(event)))) == event

    check()


def test_enums_come_back_as_enums_and_tuples_as_tuples() -> None:
    joined = ParticipantJoined(1.0, 7, Role.MUNICIPALITY, (("wijk", "Noord"),))
    data = json.loads(json.dumps(event_to_dict(joined)))
    assert data == {
        "type": "participant.joined",
        "at": 1.0,
        "participant_id": 7,
        "role": "municipality",
        "intake": [["wijk", "Noord"]],
    }
    back = event_from_dict(data)
    assert isinstance(back, ParticipantJoined)
    assert back.role is Role.MUNICIPALITY
    assert back.intake == (("wijk", "Noord"),)
    opened = event_from_dict(
        {"type": "item.opened", "at": 0, "item_id": 2, "kind": "poll", "options": ["a", "b"]}
    )
    assert isinstance(opened, ItemOpened)
    assert opened.kind is ItemKind.POLL and opened.options == ("a", "b")


def test_fields_left_out_take_their_defaults() -> None:
    assert event_from_dict({"type": "participant.joined", "at": 0, "participant_id": 3}) == (
        ParticipantJoined(0, 3, Role.OTHER, ())
    )


@pytest.mark.parametrize(
    "data",
    [
        {"type": "tick.tock", "at": 0},
        {"type": "Tick", "at": 0},
        {"type": None, "at": 0},
        {"type": ["tick"], "at": 0},
        {"at": 0},
        {},
    ],
)
def test_an_unknown_or_missing_type_is_a_value_error(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        event_from_dict(data)


@pytest.mark.parametrize(
    "data",
    [
        {"type": "tick", "at": 0, "participant_id": 1},
        {
            "type": "vote.cast",
            "at": 0,
            "participant_id": 1,
            "statement_id": 2,
            "vote": "agree",
            "weight": 2,
        },
        {"type": "participant.left", "at": 0, "participant_id": 1, "type2": "x"},
    ],
)
def test_an_unexpected_field_is_a_value_error(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="unexpected fields"):
        event_from_dict(data)


@pytest.mark.parametrize(
    "data",
    [
        {"type": "vote.cast", "at": 0, "participant_id": 1, "statement_id": 2, "vote": "maybe"},
        {"type": "participant.joined", "at": 0, "participant_id": 1, "role": "mayor"},
        {"type": "item.opened", "at": 0, "item_id": 1, "kind": "survey"},
    ],
)
def test_an_unknown_enum_value_is_a_value_error(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        event_from_dict(data)


@pytest.mark.parametrize("data", [["tick", 0], "tick", 3, None])
def test_input_that_is_not_a_dict_is_a_value_error(data: Any) -> None:
    with pytest.raises(ValueError):
        event_from_dict(data)


@pytest.mark.parametrize(
    "data",
    [
        {"type": "tick"},
        {"type": "vote.cast", "at": 0, "participant_id": 1, "statement_id": 2},
    ],
)
def test_a_missing_required_field_is_a_value_error(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        event_from_dict(data)


def test_a_field_of_the_wrong_type_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        event_from_dict({"type": "tick", "at": "soon"})

"""Hypothesis strategies that drive a dialogue with a mix of valid and invalid events."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from wijkdialoog.engine import (
    Dialogue,
    Effect,
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
    Role,
    StatementHidden,
    StatementPosted,
    Tick,
    Vote,
    VoteCast,
    snapshot_json,
)

# Weighted towards what a session mostly is: posting and voting on the inbox head.
ACTIONS = (
    ("join",) * 4
    + ("post",) * 5
    + ("vote_head",) * 12
    + ("leave", "tick", "request") * 2
    + ("vote_any", "hide", "open", "close", "poll", "long_text")
)


@dataclass
class Run:
    """What happened when a stream of events was applied."""

    dialogue: Dialogue
    accepted: list[Event] = field(default_factory=list)
    effects: list[list[Effect]] = field(default_factory=list)
    refused: int = 0


def _event_for(action: str, d: Dialogue, draw: st.DrawFn, at: float, serial: int) -> Event:
    state = d.state
    present = sorted(p for p, x in state.participants.items() if x.is_present)
    anyone = st.integers(0, 14)
    # Mostly someone present, sometimes anyone at all (absent or unknown: refused).
    people = st.sampled_from(present) | anyone if present else anyone
    statements = sorted(state.statements) or [0]
    open_items = sorted(i for i, x in state.items.items() if x.is_open)
    items = st.sampled_from(open_items) | st.integers(1, 5) if open_items else st.integers(1, 5)
    match action:
        case "join":
            return ParticipantJoined(at, draw(people), draw(st.sampled_from(list(Role))))
        case "leave":
            return ParticipantLeft(at, draw(people))
        case "post" | "long_text":
            limit = state.settings.max_statement_chars
            texts = ["Meer groen in de wijk", "ok", "Meer groen", "ja", "Bankjes", "", " "]
            text = "x" * (limit + 1) if action == "long_text" else draw(st.sampled_from(texts))
            # Mostly a new statement; sometimes a reaction, valid or not.
            reply = draw(st.one_of(st.none(), st.none(), st.none(), st.sampled_from(statements)))
            questions = [i.item_id for i in state.open_questions()]
            where = draw(st.sampled_from(questions) | items) if questions else draw(items)
            return StatementPosted(at, 1000 + serial, draw(people), where, text, reply)
        case "vote_head":
            waiting = [p for p in present if d.next_statement(p) is not None]
            person = draw(st.sampled_from(waiting)) if waiting else draw(people)
            head = d.next_statement(person)
            target = head if head is not None else draw(st.sampled_from(statements))
            return VoteCast(at, person, target, draw(st.sampled_from(list(Vote))))
        case "vote_any":
            return VoteCast(
                at,
                draw(people),
                draw(st.sampled_from(statements)),
                draw(st.sampled_from(list(Vote))),
            )
        case "hide":
            return StatementHidden(at, draw(st.sampled_from(statements)), "kwetsend")
        case "open":
            kind = draw(st.sampled_from(list(ItemKind)))
            options = ("goed", "slecht") if kind is ItemKind.POLL else ()
            return ItemOpened(at, draw(st.integers(1, 5)), kind, options)
        case "close":
            return ItemClosed(at, draw(items))
        case "poll":
            return PollAnswered(
                at, draw(people), draw(items), draw(st.sampled_from(["goed", "slecht", "anders"]))
            )
        case "request":
            return InboxRequested(at, draw(people))
        case _:
            return Tick(at)


@st.composite
def dialogue_runs(draw: st.DrawFn, *, check_refusals: bool = False, max_events: int = 120) -> Run:
    """Apply a drawn stream of events to a fresh dialogue; refused ones are counted, not kept."""
    settings = MethodSettings(
        seed=draw(st.integers(0, 2**16)),
        group_size=draw(st.integers(3, 6)),
        min_group_size=3,
        max_group_size=9,
        inbox_limit=draw(st.integers(3, 8)),
        top_up_to=3,
        voting_window_s=draw(st.sampled_from([5.0, 60.0])),
        max_statement_chars=40,
    )
    run = Run(Dialogue(settings))
    first = ItemOpened(0.0, 1)
    run.effects.append(run.dialogue.apply(first))
    run.accepted.append(first)
    at = 0.0
    for serial in range(draw(st.integers(1, max_events))):
        at += draw(st.sampled_from([0.0, 1.0, 7.0, 70.0]))
        action = draw(st.sampled_from(ACTIONS))
        event = _event_for(action, run.dialogue, draw, at, serial)
        before = snapshot_json(run.dialogue.state) if check_refusals else ""
        try:
            effects = run.dialogue.apply(event)
        except EventRefused:
            run.refused += 1
            if check_refusals:
                assert snapshot_json(run.dialogue.state) == before, f"{event} changed the state"
            continue
        run.accepted.append(event)
        run.effects.append(effects)
    return run

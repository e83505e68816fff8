"""A canonical, JSON-ready picture of the whole state: equal states give equal snapshots."""

from __future__ import annotations

import json
from typing import Any

from wijkdialoog.engine.state import DialogueState, Statement, has_voted


def snapshot(state: DialogueState) -> dict[str, Any]:
    """Describe every part of the state as plain data, sets sorted, so it can be compared."""
    seen, voted = _seen_and_voted(state)
    return {
        "settings": state.settings.as_dict(),
        "rng": list(state.rng.getstate()[1]),
        "last_at": state.last_at,
        "groups_made": state.groups_made,
        "events_applied": state.events_applied,
        "deadlines": sorted((at, s, r) for at, s, r, _ in state.deadlines),
        "participants": {
            str(p.participant_id): {
                "role": p.role.value,
                "intake": [list(pair) for pair in p.intake],
                "is_present": p.is_present,
                "seen": seen[p.participant_id],
                "voted": voted[p.participant_id],
                "inbox": list(p.inbox),
                "statements_posted": p.statements_posted,
                "votes_cast": p.votes_cast,
            }
            for p in state.participants.values()
        },
        "items": {
            str(i.item_id): {
                "kind": i.kind.value,
                "options": list(i.options),
                "is_open": i.is_open,
                "groups": i.groups.snapshot() if i.groups is not None else None,
                "pool": i.pool.snapshot(),
                "statement_ids": list(i.statement_ids),
                "poll_answers": {str(p): list(a) for p, a in i.poll_answers.items()},
            }
            for i in state.items.values()
        },
        "statements": {
            str(s.statement_id): _statement(state, s) for s in state.statements.values()
        },
    }


def _statement(state: DialogueState, statement: Statement) -> dict[str, Any]:
    # The audience shows per participant (above); the round as who it reached.
    shown_elsewhere = ("audience", "round_size")
    fields = {
        name: value
        for name in statement.__slots__
        if name not in shown_elsewhere and (value := getattr(statement, name)) is not None
    }
    under_way = statement.round_size is not None
    fields["round_recipients"] = state.round_recipients(statement) if under_way else None
    return fields


def _seen_and_voted(state: DialogueState) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Return, per participant, the statements shown to them (their own too) and those
    they voted on, sorted. The state keeps both with each statement (its audience); the
    snapshot shows them per participant, as they read."""
    seen: dict[int, list[int]] = {p: [] for p in state.participants}
    voted: dict[int, list[int]] = {p: [] for p in state.participants}
    for statement in state.statements.values():
        for participant_id, mark in state.audience_of(statement).items():
            seen[participant_id].append(statement.statement_id)
            if has_voted(mark):
                voted[participant_id].append(statement.statement_id)
    for ids in (*seen.values(), *voted.values()):
        ids.sort()
    return seen, voted


def snapshot_json(state: DialogueState) -> str:
    """Serialise the snapshot with sorted keys: a byte-for-byte fingerprint of the state."""
    return json.dumps(snapshot(state), sort_keys=True, separators=(",", ":"))

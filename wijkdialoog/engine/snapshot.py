"""A canonical, JSON-ready picture of the whole state: equal states give equal snapshots."""

from __future__ import annotations

import json
from typing import Any

from wijkdialoog.engine.state import DialogueState


def snapshot(state: DialogueState) -> dict[str, Any]:
    """Describe every part of the state as plain data, sets sorted, so it can be compared."""
    return {
        "settings": state.settings.as_dict(),
        "rng": list(state.rng.getstate()[1]),
        "last_at": state.last_at,
        "groups_made": state.groups_made,
        "events_applied": state.events_applied,
        "deadlines": sorted(state.deadlines),
        "participants": {
            str(p.participant_id): {
                "role": p.role.value,
                "intake": [list(pair) for pair in p.intake],
                "is_present": p.is_present,
                "seen": sorted(p.seen),
                "voted": sorted(p.voted),
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
            str(s.statement_id): {
                name: sorted(value) if isinstance(value, set) else value
                for name in s.__slots__
                if (value := getattr(s, name)) is not None or name == "round_recipients"
            }
            for s in state.statements.values()
        },
    }


def snapshot_json(state: DialogueState) -> str:
    """Serialise the snapshot with sorted keys: a byte-for-byte fingerprint of the state."""
    return json.dumps(snapshot(state), sort_keys=True, separators=(",", ":"))

"""The facilitator's live figures of the open question, read from the engine's state."""

from __future__ import annotations

from collections import Counter
from typing import Any

from wijkdialoog.engine import Dialogue, ItemKind
from wijkdialoog.engine.outcomes import wilson_interval

RISING_SHOWN = 8


def monitor_figures(engine: Dialogue, item_id: int | None) -> dict[str, Any]:
    """Return statements and votes so far, the rising synthetrons and the bipotrons."""
    state = engine.state
    settings = state.settings
    empty = {"item": None, "statements": 0, "votes": 0, "rising": [], "bipotrons": [], "poll": []}
    if item_id is None or item_id not in state.items:
        return empty
    item = state.items[item_id]
    if item.kind is ItemKind.POLL:
        tally = Counter(option for option, _ in item.poll_answers.values())
        poll = [{"option": o, "answers": tally[o]} for o in item.options]
        return {**empty, "item": item_id, "votes": len(item.poll_answers), "poll": poll}
    statements = [
        state.statements[s]
        for s in state.items[item_id].statement_ids
        if not state.statements[s].is_hidden
    ]
    rising = []
    bipotrons = []
    for s in statements:
        n = s.agree + s.disagree
        row = {
            "id": s.statement_id,
            "text": s.text,
            "agree": s.agree,
            "disagree": s.disagree,
            "passes": s.passes,
            "level": s.level,
        }
        if s.is_bipotron:
            bipotrons.append(row)
        if n >= settings.min_votes and s.level in ("Top", "High"):
            low, _ = wilson_interval(s.agree, n, confidence=settings.confidence)
            rising.append((low, row))
    rising.sort(key=lambda pair: pair[0], reverse=True)
    return {
        **empty,
        "item": item_id,
        "statements": len(statements),
        "votes": sum(s.responses for s in statements),
        "rising": [row for _, row in rising[:RISING_SHOWN]],
        "bipotrons": bipotrons[:RISING_SHOWN],
    }

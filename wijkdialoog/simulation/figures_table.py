"""The session's figures table beside the reference benchmark, as plain text."""

from __future__ import annotations

from wijkdialoog.engine import Level, SessionFigures, StatementOutcome
from wijkdialoog.engine.figures import BENCHMARK

_LEVEL_RANK = {Level.TOP: 0, Level.HIGH: 1, Level.MEDIUM: 2, Level.LOW: 3, Level.BOTTOM: 4}


def _percent(share: float) -> str:
    return f"{share:.0%}"


def figures_table(figures: SessionFigures) -> str:
    """Lay out the report's first table with the benchmark column (docs/method.md, "Outcomes")."""
    rows = [
        ("active participants", str(figures.active_participants), ""),
        ("statements sent", str(figures.statements), ""),
        (
            "statements per person",
            f"{figures.statements_per_person:.1f}",
            f"{BENCHMARK['statements_per_person']:g}",
        ),
        ("reactions", str(figures.reactions), ""),
        ("% reactions", _percent(figures.reaction_share), _percent(BENCHMARK["reaction_share"])),
        ("synthetrons", str(figures.synthetrons), ""),
        (
            "% synthetrons",
            _percent(figures.synthetron_share),
            _percent(BENCHMARK["synthetron_share"]),
        ),
        ("bipotrons", str(figures.bipotrons), ""),
        ("% bipotrons", _percent(figures.bipotron_share), _percent(BENCHMARK["bipotron_share"])),
        ("votes", str(figures.votes), ""),
    ]
    lines = [f"{'figure':<24} {'this session':>14} {'benchmark':>11}"]
    lines += [f"{name:<24} {value:>14} {bench:>11}".rstrip() for name, value, bench in rows]
    return "\n".join(lines)


def top_synthetrons(outcomes: list[StatementOutcome], *, count: int = 3) -> list[StatementOutcome]:
    """Return the best-graded synthetrons: highest level, then most agree/disagree votes."""
    graded = [o for o in outcomes if o.level is not None]
    graded.sort(
        key=lambda o: (
            _LEVEL_RANK[o.level] if o.level else 5,
            -(o.agree + o.disagree),
            -(o.share or 0),
        )
    )
    return graded[:count]


def top_synthetrons_line(outcomes: list[StatementOutcome], *, count: int = 3) -> str:
    """Sum up the best synthetrons on one line: statement, level, agree share and votes."""
    best = top_synthetrons(outcomes, count=count)
    if not best:
        return "top synthetrons: none yet"
    parts = [
        f"#{o.statement_id} {o.level} ({o.share:.0%} agree of {o.agree + o.disagree} votes)"
        for o in best
        if o.share is not None
    ]
    return "top synthetrons: " + "; ".join(parts)

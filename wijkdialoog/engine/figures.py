"""Per-statement outcomes and the session's figures table (docs/method.md, "Outcomes")."""

from __future__ import annotations

from dataclasses import dataclass

from wijkdialoog.engine.outcomes import StatementOutcome, outcome_for
from wijkdialoog.engine.state import DialogueState

# The benchmark the reference report compares a session to.
BENCHMARK = {
    "statements_per_person": 14.0,
    "reaction_share": 0.19,
    "synthetron_share": 0.16,
    "bipotron_share": 0.20,
}


@dataclass(frozen=True, slots=True)
class SessionFigures:
    active_participants: int
    statements: int
    reactions: int
    synthetrons: int
    bipotrons: int
    votes: int

    @property
    def statements_per_person(self) -> float:
        return self.statements / self.active_participants if self.active_participants else 0.0

    @property
    def reaction_share(self) -> float:
        return self.reactions / self.statements if self.statements else 0.0

    @property
    def synthetron_share(self) -> float:
        return self.synthetrons / self.statements if self.statements else 0.0

    @property
    def bipotron_share(self) -> float:
        return self.bipotrons / self.statements if self.statements else 0.0


def statement_outcomes(state: DialogueState) -> list[StatementOutcome]:
    """Compute every visible statement's outcome, in posting order; hidden ones are left out."""
    return [
        outcome_for(
            s.statement_id,
            item_id=s.item_id,
            author_id=s.author_id,
            is_reaction=s.reply_to is not None,
            agree=s.agree,
            disagree=s.disagree,
            passes=s.passes,
            settings=state.settings,
        )
        for s in state.statements.values()
        if not s.is_hidden
    ]


def session_figures(state: DialogueState) -> SessionFigures:
    """Count the figures of the report's first table; hidden statements do not count."""
    outcomes = statement_outcomes(state)
    active = sum(1 for p in state.participants.values() if p.statements_posted or p.votes_cast)
    return SessionFigures(
        active_participants=active,
        statements=len(outcomes),
        reactions=sum(o.is_reaction for o in outcomes),
        synthetrons=sum(o.is_synthetron for o in outcomes),
        bipotrons=sum(o.is_bipotron for o in outcomes),
        votes=sum(o.agree + o.disagree + o.passes for o in outcomes),
    )

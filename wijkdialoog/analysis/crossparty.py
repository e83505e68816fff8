"""Consensus across parties: does each of residents, professionals and municipality agree?

For a statement, the agree share per party (role) and the cross-party consensus score
the way Polis computes group-informed consensus: the product over the parties of the
smoothed chance of agreement (a + 1) / (n + 2), n = that party's agree + disagree votes.
More agreement from any party never lowers it.
Bridges are statements every party supports; frictions are statements that one party
supports and another rejects (docs/method.md, "Consensus across parties").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SUPPORTS = 0.6  # a party supports a statement when its smoothed agree chance is above this
REJECTS = 0.4  # ... and rejects it below this
MIN_PARTY_VOTES = 2  # a party with fewer agree/disagree votes has no say on the statement


@dataclass(frozen=True, slots=True)
class PartyVotes:
    agree: int = 0
    disagree: int = 0

    @property
    def decided(self) -> int:
        return self.agree + self.disagree

    @property
    def smoothed_agree(self) -> float:
        return (self.agree + 1) / (self.decided + 2)

    @property
    def agree_share(self) -> float | None:
        return self.agree / self.decided if self.decided else None


@dataclass(frozen=True, slots=True)
class CrossParty:
    statement_id: int
    parties: Mapping[str, PartyVotes]
    consensus: float  # product of the smoothed agree chances of the parties heard
    is_bridge: bool
    is_friction: bool


def tally(votes: Iterable[tuple[int, str, str]]) -> dict[int, dict[str, PartyVotes]]:
    """Count (statement, role, vote) triples per statement and role; passes do not count."""
    counts: dict[int, dict[str, list[int]]] = {}
    for statement_id, role, vote in votes:
        if vote not in ("agree", "disagree"):
            continue
        pair = counts.setdefault(statement_id, {}).setdefault(role, [0, 0])
        pair[0 if vote == "agree" else 1] += 1
    return {
        s: {role: PartyVotes(a, d) for role, (a, d) in roles.items()} for s, roles in counts.items()
    }


def cross_party(
    statement_id: int, parties: Mapping[str, PartyVotes], *, roles: Iterable[str]
) -> CrossParty:
    """Score one statement across the given parties.

    The consensus counts every party, one without votes as an even chance (as Polis
    does: the smoothing carries small groups); bridges and frictions need at least two
    parties with `MIN_PARTY_VOTES` each.
    """
    roles = list(roles)
    consensus = 1.0
    for role in roles:
        consensus *= parties.get(role, PartyVotes()).smoothed_agree
    heard = [
        parties[r].smoothed_agree
        for r in roles
        if r in parties and parties[r].decided >= MIN_PARTY_VOTES
    ]
    enough = len(heard) >= 2  # one party alone can be neither a bridge nor a friction
    return CrossParty(
        statement_id=statement_id,
        parties=dict(parties),
        consensus=consensus,
        is_bridge=enough and all(c > SUPPORTS for c in heard),
        is_friction=enough and max(heard, default=0) > SUPPORTS and min(heard, default=1) < REJECTS,
    )


def bridges_and_frictions(
    votes: Iterable[tuple[int, str, str]], *, roles: Iterable[str]
) -> tuple[list[CrossParty], list[CrossParty]]:
    """The bridges (highest consensus first) and the frictions (widest gap first)."""
    roles = list(roles)
    scored = [cross_party(s, parties, roles=roles) for s, parties in tally(votes).items()]
    bridges = sorted(
        (c for c in scored if c.is_bridge), key=lambda c: (-c.consensus, c.statement_id)
    )

    def gap(c: CrossParty) -> float:
        chances = [p.smoothed_agree for p in c.parties.values() if p.decided >= MIN_PARTY_VOTES]
        return max(chances) - min(chances)

    frictions = sorted(
        (c for c in scored if c.is_friction), key=lambda c: (-gap(c), c.statement_id)
    )
    return bridges, frictions

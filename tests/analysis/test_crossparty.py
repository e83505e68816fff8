"""Cross-party consensus: the smoothed product, bridges and frictions."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from wijkdialoog.analysis.crossparty import PartyVotes, bridges_and_frictions, cross_party, tally

ROLES = ("resident", "professional", "municipality")


def votes(statement: int, **by_role: tuple[int, int]) -> list[tuple[int, str, str]]:
    rows = []
    for role, (agree, disagree) in by_role.items():
        rows += [(statement, role, "agree")] * agree + [(statement, role, "disagree")] * disagree
    return rows


def test_consensus_is_the_product_of_smoothed_agree_chances():
    parties = tally(votes(1, resident=(3, 1), professional=(2, 0), municipality=(1, 1)))[1]
    scored = cross_party(1, parties, roles=ROLES)
    assert math.isclose(scored.consensus, (4 / 6) * (3 / 4) * (2 / 4))


def test_a_statement_all_parties_support_is_a_bridge_and_one_they_split_on_a_friction():
    rows = votes(1, resident=(5, 0), professional=(4, 1), municipality=(3, 0))
    rows += votes(2, resident=(6, 0), professional=(0, 5), municipality=(1, 1))
    rows += votes(3, resident=(1, 4), professional=(0, 3), municipality=(0, 2))
    rows += [(1, "resident", "pass")] * 10  # passes do not count
    bridges, frictions = bridges_and_frictions(rows, roles=ROLES)
    assert [b.statement_id for b in bridges] == [1]
    assert [f.statement_id for f in frictions] == [2]


def test_a_party_with_too_few_votes_has_no_say():
    parties = tally(votes(1, resident=(5, 0), professional=(1, 0)))[1]
    scored = cross_party(1, parties, roles=ROLES)
    assert (scored.is_bridge, scored.is_friction) == (False, False)  # one party heard
    # Every party counts in the score; the municipality, without votes, as an even chance.
    assert math.isclose(scored.consensus, (6 / 7) * (2 / 3) * (1 / 2))


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=3))
def test_consensus_lies_in_zero_one_and_more_agreement_never_lowers_it(counts):
    parties = {ROLES[i]: PartyVotes(a, d) for i, (a, d) in enumerate(counts)}
    base = cross_party(1, parties, roles=ROLES).consensus
    assert 0.0 <= base <= 1.0
    first = ROLES[0]
    more = {**parties, first: PartyVotes(parties[first].agree + 1, parties[first].disagree)}
    assert cross_party(1, more, roles=ROLES).consensus >= base - 1e-12

"""Opinion groups: camps that vote opposite ways are found, and what they share."""

from __future__ import annotations

import random

from wijkdialoog.analysis import opinion_groups
from wijkdialoog.analysis.opinion_groups import find_opinion_groups


def two_camps(seed: int = 1) -> list[tuple[int, int, str]]:
    """Camp A agrees with 1-5 and rejects 6-10, camp B the other way; all agree with 11."""
    rng = random.Random(seed)
    rows = []
    for person in range(40):
        camp_a = person < 20
        for statement in range(1, 12):
            if rng.random() < 0.2:
                continue  # not seen
            if statement == 11:
                vote = "agree"
            else:
                likes = (statement <= 5) == camp_a
                vote = "agree" if (rng.random() < 0.9) == likes else "disagree"
            rows.append((person, statement, vote))
    return rows


def test_two_camps_are_found_with_what_sets_them_apart_and_what_they_share():
    found = find_opinion_groups(two_camps())
    assert len(found.groups) == 2
    camps = [set(g.members) for g in found.groups]
    assert set(range(20)) in camps and set(range(20, 40)) in camps
    for group in found.groups:
        apart = {s for s, _, _ in group.distinctive}
        expected = set(range(1, 6)) if 0 in group.members else set(range(6, 11))
        assert apart and apart <= expected
    assert found.shared[0] == 11
    assert found.silhouette is not None and found.silhouette > 0.5


def test_too_few_people_or_votes_give_no_groups_not_an_error():
    assert find_opinion_groups([]).groups == ()
    few = [(p, 1, "agree") for p in range(3)]
    assert find_opinion_groups(few).silhouette is None


def planted_camps(people: int, statements: int, votes_each: int, seed: int = 0):
    """Two camps; each statement leans to one of them; everyone votes on a random few."""
    rng = random.Random(seed)
    camp_of = [rng.randrange(2) for _ in range(people)]
    leaning = [rng.randrange(2) for _ in range(statements)]
    rows = []
    for person, camp in enumerate(camp_of):
        for statement in rng.sample(range(statements), votes_each):
            likes = leaning[statement] == camp
            vote = "agree" if (rng.random() < 0.85) == likes else "disagree"
            rows.append((person, statement, "pass" if rng.random() < 0.1 else vote))
    return rows, camp_of


def test_two_camps_are_found_in_a_wide_sparse_session():
    # 600 people, 3,000 statements, 60 votes each: 2% of the matrix is filled.
    rows, camp_of = planted_camps(600, 3_000, 60)
    found = find_opinion_groups(rows)
    assert len(found.groups) == 2
    camps = [set(g.members) for g in found.groups]
    for camp in (0, 1):
        assert {p for p, c in enumerate(camp_of) if c == camp} in camps


def test_the_silhouette_on_a_sample_chooses_the_same_groups(monkeypatch):
    exact = find_opinion_groups(two_camps())
    monkeypatch.setattr(opinion_groups, "SILHOUETTE_SAMPLE", 25)
    sampled = find_opinion_groups(two_camps())
    assert [g.members for g in sampled.groups] == [g.members for g in exact.groups]
    assert sampled.silhouette is not None and sampled.silhouette > 0.5


def test_a_later_vote_replaces_earlier_ones():
    # Camp B (20-39) rejected camp A's statement 1, said so again, then changed its mind.
    rows = two_camps()
    rejected = [p for p, s, v in rows if p >= 20 and s == 1 and v == "disagree"]
    again = [(p, 1, "disagree") for p in rejected]
    changed_minds = [(p, 1, "agree") for p in rejected]
    assert 1 in find_opinion_groups(rows + again + changed_minds).shared


def test_people_who_only_passed_are_placed_in_no_group():
    passers = [(person, s, "pass") for person in range(100, 110) for s in range(1, 12)]
    found = find_opinion_groups(two_camps() + passers)
    grouped = {m for g in found.groups for m in g.members}
    assert grouped == set(range(40))

"""Opinion groups: two camps that vote opposite ways are found, and what they share."""

from __future__ import annotations

import random

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

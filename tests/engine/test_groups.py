"""Mini-groups: mixed by role at opening, filled by late joiners, merged when too small."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.engine.conftest import MakeSession, Session, of_type
from wijkdialoog.engine import GroupAssigned, ItemKind, MethodSettings, Role

MIXED = [Role.RESIDENT] * 10 + [Role.PROFESSIONAL] * 5 + [Role.MUNICIPALITY] * 5


def role_counts(s: Session, group_id: int) -> Counter[Role]:
    return Counter(s.state.participants[p].role for p in s.members(group_id))


@pytest.mark.parametrize("seed", range(6))
def test_groups_at_opening_mix_every_role_into_every_group(
    make_session: MakeSession, seed: int
) -> None:
    s = make_session(MIXED, MethodSettings(seed=seed))
    groups = s.group_order()
    assert len(groups) == 4
    for group in groups:
        roles = role_counts(s, group)
        assert sum(roles.values()) == 5
        assert roles[Role.PROFESSIONAL] >= 1
        assert roles[Role.MUNICIPALITY] >= 1
        assert roles[Role.RESIDENT] >= 2


@pytest.mark.parametrize("seed", range(3))
def test_each_role_is_spread_over_the_groups_as_evenly_as_possible(
    make_session: MakeSession, seed: int
) -> None:
    roles = [Role.RESIDENT] * 11 + [Role.PROFESSIONAL] * 4 + [Role.MUNICIPALITY] * 3
    roles += [Role.OTHER] * 4
    s = make_session(roles, MethodSettings(seed=seed))
    groups = s.group_order()
    for role in Role:
        per_group = [role_counts(s, g)[role] for g in groups]
        assert max(per_group) - min(per_group) <= 1, (role, per_group)


def test_opening_a_question_assigns_everyone_present_once(make_session: MakeSession) -> None:
    s = make_session(MIXED, open_question=False)
    s.leave(20)
    effects = s.open(1)
    assigned = of_type(effects, GroupAssigned)
    assert sorted(e.participant_id for e in assigned) == list(range(1, 20))
    assert {e.item_id for e in assigned} == {1}
    assert all(s.group_of(e.participant_id) == e.group_id for e in assigned)


@pytest.mark.parametrize("people", [3, 4, 6, 7, 8, 9, 12, 13, 17, 22, 23, 48, 101])
def test_groups_at_opening_hold_three_to_seven_and_differ_by_at_most_one(
    make_session: MakeSession, people: int
) -> None:
    s = make_session(people)
    sizes = [len(s.members(g)) for g in s.group_order()]
    assert sum(sizes) == people
    assert all(3 <= size <= 7 for size in sizes), sizes
    assert max(sizes) - min(sizes) <= 1
    assert len(sizes) == max(1, round(people / 5 + 1e-9))


def test_every_question_forms_its_own_groups(make_session: MakeSession) -> None:
    s = make_session(10)
    s.open(2)
    assert not set(s.group_order(1)) & set(s.group_order(2))
    assert set(s.groups(2).group_of) == set(range(1, 11))


def test_a_late_joiner_goes_to_the_smallest_group_that_is_not_full(
    make_session: MakeSession,
) -> None:
    s = make_session(15)  # three groups of five
    first, second, third = s.group_order()
    for leaver in sorted(s.members(second))[:1] + sorted(s.members(third))[:2]:
        s.leave(leaver)
    assert [len(s.members(g)) for g in (first, second, third)] == [5, 4, 3]
    assert of_type(s.join(16), GroupAssigned) == [GroupAssigned(16, 1, third)]
    s.join(17)
    s.join(18)
    assert sorted(len(s.members(g)) for g in (first, second, third)) == [5, 5, 5]
    assert s.group_order() == [first, second, third]


def test_when_every_group_is_full_a_new_group_starts_and_fills(make_session: MakeSession) -> None:
    s = make_session(10)
    before = s.group_order()
    [assigned] = of_type(s.join(11), GroupAssigned)
    assert assigned.group_id not in before
    assert s.group_order() == [*before, assigned.group_id]
    [next_one] = of_type(s.join(12), GroupAssigned)
    assert next_one.group_id == assigned.group_id
    assert s.members(assigned.group_id) == {11, 12}


def test_a_group_that_falls_below_three_is_merged_into_the_smallest_groups(
    make_session: MakeSession,
) -> None:
    s = make_session(15)
    shrinking = s.group_order()[1]
    others = [g for g in s.group_order() if g != shrinking]
    leavers = sorted(s.members(shrinking))[:3]
    assert of_type(s.leave(leavers[0]), GroupAssigned) == []
    assert of_type(s.leave(leavers[1]), GroupAssigned) == []  # three left: still a group
    rest = s.members(shrinking) - {leavers[2]}
    moved = of_type(s.leave(leavers[2]), GroupAssigned)
    assert {e.participant_id for e in moved} == rest
    assert all(e.item_id == 1 for e in moved)
    # Spread over the smallest: both others had five, so one member goes to each.
    assert sorted(e.group_id for e in moved) == sorted(others)
    assert all(s.group_of(e.participant_id) == e.group_id for e in moved)
    assert s.group_order() == others
    assert sorted(len(s.members(g)) for g in others) == [6, 6]


def test_the_last_group_is_kept_however_small(make_session: MakeSession) -> None:
    s = make_session(4)
    [group] = s.group_order()
    assert of_type(s.leave(1), GroupAssigned) == []
    assert of_type(s.leave(2), GroupAssigned) == []
    assert s.group_order() == [group]
    assert s.members(group) == {3, 4}


def test_a_merge_into_full_groups_starts_a_new_group(make_session: MakeSession) -> None:
    settings = MethodSettings(group_size=3, min_group_size=3, max_group_size=3)
    s = make_session(6, settings)  # two groups of three, each at the maximum
    first, second = s.group_order()
    leaver = min(s.members(second))
    moved = of_type(s.leave(leaver), GroupAssigned)
    assert len(moved) == 2
    [new_group] = {e.group_id for e in moved}
    assert new_group not in (first, second)
    assert len(s.members(first)) == 3


def test_a_participant_joining_while_two_questions_are_open_is_placed_in_both(
    make_session: MakeSession,
) -> None:
    s = make_session(10)
    s.open(2)
    assigned = of_type(s.join(11), GroupAssigned)
    assert sorted(e.item_id for e in assigned) == [1, 2]
    for e in assigned:
        assert s.group_of(11, e.item_id) == e.group_id


def test_a_participant_leaves_the_groups_of_every_open_question_but_not_closed_ones(
    make_session: MakeSession,
) -> None:
    s = make_session(10)
    s.open(2)
    s.open(3)
    s.close(3)
    closed_before = s.groups(3).snapshot()
    s.leave(4)
    assert 4 not in s.groups(1).group_of
    assert 4 not in s.groups(2).group_of
    assert s.groups(3).snapshot() == closed_before


def test_no_groups_are_formed_for_a_poll_or_presentation(make_session: MakeSession) -> None:
    s = make_session(5)
    assert of_type(s.open(2, ItemKind.POLL, ("ja", "nee")), GroupAssigned) == []
    assert of_type(s.open(3, ItemKind.PRESENTATION), GroupAssigned) == []
    assert len(of_type(s.join(6), GroupAssigned)) == 1  # only question 1

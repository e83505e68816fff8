"""Routing: round 1 in the author's group, quorum, migration, stopping, fan-out, inboxes."""

from __future__ import annotations

import pytest

from tests.engine.conftest import MakeSession, Session, delivered_to, of_type
from wijkdialoog.engine import (
    Delivered,
    MethodSettings,
    Migrated,
    Stopped,
    Vote,
    Withdrawn,
    errors,
)

S = 100


def next_group(s: Session, group: int, item_id: int = 1) -> int:
    order = s.group_order(item_id)
    return order[(order.index(group) + 1) % len(order)]


def vote_all(s: Session, voters: list[int], votes: list[Vote], statement_id: int = S) -> list:
    effects = []
    for voter, vote in zip(voters, votes, strict=True):
        effects += s.vote(voter, statement_id, vote)
    return effects


def test_a_new_statement_is_delivered_to_exactly_the_other_members_of_the_authors_group(
    make_session: MakeSession,
) -> None:
    s = make_session(15)
    effects = s.post(S, 1)
    assert delivered_to(effects, S) == s.groupmates(1)
    assert len(of_type(effects, Delivered)) == 4
    assert not of_type(effects, Migrated)
    for outsider in s.outsiders(1):
        assert s.d.inbox(outsider) == []
    assert s.d.inbox(1) == []


def test_a_majority_agree_sends_the_statement_on_to_the_next_group(
    make_session: MakeSession,
) -> None:
    s = make_session(15)
    home = s.group_of(1)
    s.post(S, 1)
    voters = sorted(s.groupmates(1))
    # Two agree and a pass: a quorum of three of four, not yet a credible majority.
    assert vote_all(s, voters[:2], [Vote.AGREE, Vote.AGREE]) == []
    effects = s.vote(voters[2], S, Vote.PASS)
    target = next_group(s, home)
    assert of_type(effects, Migrated) == [Migrated(S, (target,), 2)]
    assert delivered_to(effects, S) == s.members(target)
    assert not of_type(effects, Stopped)


def test_a_statement_its_group_rejects_stops_and_goes_nowhere(make_session: MakeSession) -> None:
    s = make_session(15)
    s.post(S, 1)
    voters = sorted(s.groupmates(1))
    effects = vote_all(s, voters[:3], [Vote.DISAGREE] * 3)  # 0 of 3
    assert of_type(effects, Stopped) == [Stopped(S)]
    assert not of_type(effects, Migrated)
    assert delivered_to(effects, S) == set()
    later = s.wait(10_000)
    for outsider in sorted(s.outsiders(1)):
        later += s.request(outsider)
    assert delivered_to(later, S) == set()
    # The one groupmate who has it still may vote, and that vote counts.
    s.vote(voters[3], S, Vote.AGREE)
    assert s.state.statements[S].agree == 1


def test_two_disagrees_and_a_pass_are_not_yet_a_credible_loss(make_session: MakeSession) -> None:
    s = make_session(15)
    s.post(S, 1)
    voters = sorted(s.groupmates(1))
    effects = vote_all(s, voters[:3], [Vote.DISAGREE, Vote.DISAGREE, Vote.PASS])  # 0 of 2
    assert not of_type(effects, Stopped)
    assert len(of_type(effects, Migrated)) == 1


def test_a_round_closes_when_its_voting_window_ends_even_without_quorum(
    make_session: MakeSession,
) -> None:
    s = make_session(15)
    home = s.group_of(1)
    s.post(S, 1)
    s.vote(min(s.groupmates(1)), S, Vote.AGREE)  # one vote of four: no quorum
    assert s.wait(59.5) == []
    effects = s.wait(0.5)  # exactly voting_window_s after posting
    assert of_type(effects, Migrated) == [Migrated(S, (next_group(s, home),), 2)]
    assert delivered_to(effects, S) == s.members(next_group(s, home))


def test_a_round_with_a_longer_window_waits_longer(make_session: MakeSession) -> None:
    s = make_session(15, MethodSettings(voting_window_s=120))
    s.post(S, 1)
    assert s.wait(119) == []
    assert len(of_type(s.wait(1), Migrated)) == 1


def test_a_unanimous_first_round_in_a_group_of_five_goes_to_two_groups_at_once(
    make_session: MakeSession,
) -> None:
    s = make_session(20)
    s.post(S, 1)
    effects = vote_all(s, sorted(s.groupmates(1))[:3], [Vote.AGREE] * 3)  # 3 of 3: credible
    [migrated] = of_type(effects, Migrated)
    assert len(migrated.group_ids) == 2


def test_fan_out_doubles_after_each_credible_round_up_to_max_fan_out(
    make_session: MakeSession,
) -> None:
    # Groups of three: 2 of 2 is not yet credible, 4 of 4 is; 16 groups in all.
    s = make_session(48, MethodSettings(group_size=3, max_fan_out=4))
    assert len(s.group_order()) == 16
    waiting = sorted(delivered_to(s.post(S, 1), S))
    migrations: list[Migrated] = []
    while waiting:
        reached: set[int] = set()
        for voter in waiting:
            effects = s.vote(voter, S, Vote.AGREE)
            migrations += of_type(effects, Migrated)
            reached |= delivered_to(effects, S)
        waiting = sorted(reached)
    assert [len(m.group_ids) for m in migrations] == [1, 2, 4, 4, 4]
    assert [m.round_no for m in migrations] == [2, 3, 4, 5, 6]
    visited = [g for m in migrations for g in m.group_ids]
    assert len(visited) == len(set(visited)) == 15
    assert s.group_of(1) not in visited
    assert s.state.statements[S].agree == 47


def test_fan_out_falls_back_to_one_after_a_round_without_a_credible_majority(
    make_session: MakeSession,
) -> None:
    s = make_session(30)  # six groups of five
    s.post(S, 1)
    effects = vote_all(s, sorted(s.groupmates(1))[:3], [Vote.AGREE] * 3)
    [first] = of_type(effects, Migrated)
    assert len(first.group_ids) == 2
    reached = sorted(delivered_to(effects, S))
    # The next round closes at its sixth vote of ten: 5 of 8 agree in all, not credible.
    votes = [Vote.DISAGREE] * 3 + [Vote.PASS] + [Vote.AGREE] * 2
    effects = vote_all(s, reached[:6], votes)
    [second] = of_type(effects, Migrated)
    assert len(second.group_ids) == 1


def test_an_inbox_never_holds_more_than_inbox_limit(make_session: MakeSession) -> None:
    s = make_session(6, MethodSettings(inbox_limit=3, top_up_to=3))  # one group of six
    effects = []
    for author in range(2, 7):
        effects += s.post(author * 100, author)
    assert len([e for e in of_type(effects, Delivered) if e.participant_id == 1]) == 3
    for participant in s.state.participants.values():
        assert len(participant.inbox) <= 3
    assert len(s.d.inbox(1)) == 3


def test_the_next_statement_is_the_one_with_the_fewest_responses(
    make_session: MakeSession,
) -> None:
    s = make_session(5)  # one group of five
    s.post(101, 1)
    s.wait(1)
    s.post(102, 2, text="Minder verkeer")
    assert s.d.next_statement(5) == 102  # no responses either way: the newest first
    s.vote(3, 102, Vote.AGREE)
    s.vote(4, 102, Vote.PASS)
    assert s.d.inbox(5) == [101, 102]
    assert s.d.next_statement(5) == 101


def test_a_statement_without_a_level_comes_before_a_graded_one_with_fewer_responses(
    make_session: MakeSession,
) -> None:
    s = make_session(7)  # one group of seven; participant 7 reads
    s.post(101, 1)
    s.post(102, 2, text="Minder verkeer")
    for voter in (3, 4, 5, 6):
        s.vote(voter, 101, Vote.AGREE)  # 4 responses, 4 of 4: graded
    for voter in (1, 3, 4, 5, 6):
        s.vote(voter, 102, Vote.PASS)  # 5 responses, no level yet
    assert s.d.inbox(7) == [102, 101]


def _one_statement_past_its_first_round(make_session: MakeSession) -> tuple[Session, set[int]]:
    """Three groups; statement S went from its home group to one more; return the third."""
    s = make_session(15)
    s.post(S, 1)
    voters = sorted(s.groupmates(1))
    effects = vote_all(s, voters[:3], [Vote.AGREE, Vote.AGREE, Vote.PASS])
    [migrated] = of_type(effects, Migrated)
    third = set(s.group_order()) - {s.group_of(1), *migrated.group_ids}
    return s, s.members(third.pop())


def test_an_empty_inbox_is_topped_up_on_request_with_a_statement_past_its_first_round(
    make_session: MakeSession,
) -> None:
    s, unreached = _one_statement_past_its_first_round(make_session)
    someone = min(unreached)
    assert s.d.inbox(someone) == []
    assert of_type(s.request(someone), Delivered) == [Delivered(someone, S)]
    assert s.d.inbox(someone) == [S]


def test_a_top_up_never_brings_ones_own_statement_nor_one_seen_before(
    make_session: MakeSession,
) -> None:
    s, unreached = _one_statement_past_its_first_round(make_session)
    assert s.d.inbox(1) == []
    assert s.request(1) == []  # the author
    voter = min(s.groupmates(1))
    assert s.d.inbox(voter) == []
    assert s.request(voter) == []  # voted on it already
    someone = min(unreached)
    s.request(someone)
    s.vote(someone, S, Vote.AGREE)
    assert s.request(someone) == []  # seen, and voted


def test_a_statement_still_in_its_first_round_is_not_used_for_top_up(
    make_session: MakeSession,
) -> None:
    s = make_session(10)
    s.post(S, 1)
    outsider = min(s.outsiders(1))
    assert s.request(outsider) == []


def test_a_stopped_statement_is_not_used_for_top_up(make_session: MakeSession) -> None:
    s = make_session(10)
    s.post(S, 1)
    vote_all(s, sorted(s.groupmates(1))[:3], [Vote.DISAGREE] * 3)
    assert s.request(min(s.outsiders(1))) == []


def test_a_top_up_brings_at_most_top_up_to_statements(make_session: MakeSession) -> None:
    s = make_session(15, MethodSettings(top_up_to=2))
    authors = sorted(s.members(s.group_order()[0]))[:4]
    for n, author in enumerate(authors):
        s.post(S + n, author, text=f"Voorstel {n}")
    s.wait(60)  # every first round closes; each statement moves on to one group
    delivered = of_type(s.join(99), Delivered)  # joining with an empty inbox tops it up
    assert len(delivered) == 2
    assert sorted(s.d.inbox(99)) == sorted(e.statement_id for e in delivered)


def test_hiding_a_statement_withdraws_it_from_every_inbox(make_session: MakeSession) -> None:
    s = make_session(10)
    s.post(S, 1)
    s.post(S + 1, 2, text="Minder verkeer")
    holders = {p for p in range(1, 11) if S in s.d.inbox(p)}
    assert holders == s.groupmates(1)
    assert s.hide(S) == [Withdrawn(S)]
    for participant in range(1, 11):
        assert S not in s.d.inbox(participant)
    assert any(S + 1 in s.d.inbox(p) for p in range(1, 11))
    # Nor does it come back: no window closing or top-up delivers it.
    assert delivered_to(s.wait(600), S) == set()


def test_closing_an_item_empties_its_statements_from_every_inbox(
    make_session: MakeSession,
) -> None:
    s = make_session(10)
    s.open(2)
    s.post(S, 1, item_id=1)
    s.post(S + 1, 1, item_id=2, text="Over vraag twee")
    reader = min(s.groupmates(1, item_id=1))
    s.close(1)
    for participant in range(1, 11):
        assert S not in s.d.inbox(participant)
        assert S not in s.state.participants[participant].inbox
    assert any(S + 1 in s.d.inbox(p) for p in range(1, 11))
    with pytest.raises(errors.ItemNotOpen):
        s.vote(reader, S, Vote.AGREE)


def test_a_closed_items_statements_are_not_delivered_when_its_windows_end(
    make_session: MakeSession,
) -> None:
    s = make_session(10)
    s.post(S, 1)
    s.close(1)
    assert delivered_to(s.wait(600), S) == set()


def test_closing_an_item_withdraws_its_waiting_statements(make_session: MakeSession) -> None:
    s = make_session(10)
    s.post(S, 1)
    assert Withdrawn(S) in s.close(1)


def test_a_leavers_place_in_a_round_is_dropped_so_the_round_can_close(
    make_session: MakeSession,
) -> None:
    s = make_session(10)
    home = s.group_of(1)
    s.post(S, 1)
    first, second, third, _ = sorted(s.groupmates(1))
    vote_all(s, [first, second], [Vote.AGREE, Vote.AGREE])  # two of four: no quorum
    effects = s.leave(third)  # two of three now
    assert of_type(effects, Migrated) == [Migrated(S, (next_group(s, home),), 2)]
    assert third not in delivered_to(effects, S)


def test_a_vote_from_outside_the_round_does_not_count_towards_its_quorum(
    make_session: MakeSession,
) -> None:
    s = make_session(15)
    home = s.group_of(1)
    s.post(S, 1)
    vote_all(s, sorted(s.groupmates(1))[:3], [Vote.AGREE, Vote.AGREE, Vote.PASS])
    second = next_group(s, home)  # round 2 is under way there
    outsider = min(set(range(1, 16)) - s.members(home) - s.members(second))
    assert delivered_to(s.request(outsider), S) == {outsider}  # a top-up, not the round
    s.vote(outsider, S, Vote.AGREE)
    statement = s.state.statements[S]
    recipients = sorted(s.members(second))
    assert (statement.round_no, statement.round_votes) == (2, 0)
    assert s.state.round_recipients(statement) == recipients
    assert not of_type(vote_all(s, recipients[:2], [Vote.AGREE, Vote.AGREE]), Migrated)
    assert of_type(s.vote(recipients[2], S), Migrated)  # three of five


def test_a_round_whose_recipients_all_left_ends_at_once(make_session: MakeSession) -> None:
    s = make_session(8)  # two groups of four
    home = s.group_of(1)
    s.post(S, 1)
    effects = []
    for mate in sorted(s.groupmates(1)):
        effects += s.leave(mate)
    migrated = of_type(effects, Migrated)
    assert len(migrated) == 1
    assert home not in migrated[0].group_ids


def test_a_statement_nobody_could_take_in_its_group_moves_on_at_once(
    make_session: MakeSession,
) -> None:
    s = make_session(10)
    s.join(11)  # alone in a new group
    assert s.groupmates(11) == set()
    effects = s.post(S, 11)
    [migrated] = of_type(effects, Migrated)
    assert delivered_to(effects, S) == s.members(migrated.group_ids[0])


def _fill_every_inbox_but(s: Session, home: int, room_at: int) -> list[int]:
    """Let two members of each group post, so with inbox_limit 1 nobody there has room.

    Only the home group and the group `room_at` steps after it are left alone.
    """
    order = s.group_order()
    start = order.index(home)
    spared = {home, order[(start + room_at) % len(order)]}
    statement_id = 1000
    for group in order:
        if group in spared:
            continue
        for author in sorted(s.members(group))[:2]:
            statement_id += 1
            s.post(statement_id, author)
    return order[start:] + order[:start]


@pytest.mark.parametrize(("walk_limit", "reached"), [(2, False), (3, True)])
def test_a_round_end_looks_at_no_more_than_walk_limit_groups_for_room(
    make_session: MakeSession, walk_limit: int, reached: bool
) -> None:
    settings = MethodSettings(
        group_size=3, inbox_limit=1, top_up_to=1, max_fan_out=1, walk_limit=walk_limit
    )
    s = make_session(30, settings)  # ten groups of three
    home = s.group_of(1)
    walk = _fill_every_inbox_but(s, home, room_at=3)
    s.post(S, 1)
    effects = vote_all(s, sorted(s.groupmates(1)), [Vote.AGREE, Vote.AGREE])
    if reached:
        assert of_type(effects, Migrated) == [Migrated(S, (walk[3],), 2)]
        assert delivered_to(effects, S) == s.members(walk[3])
    else:
        assert not of_type(effects, Migrated)
        assert delivered_to(effects, S) == set()
        # It stays in the pool: someone whose inbox empties is served it by top-up.
        assert S in s.state.items[1].pool


def test_walk_limit_below_max_fan_out_is_refused() -> None:
    with pytest.raises(ValueError, match="walk_limit"):
        MethodSettings(max_fan_out=8, walk_limit=4)

"""Tests for the live crowd's parts that need no server: people, votes, bookkeeping."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from wijkdialoog.engine import Vote
from wijkdialoog.simulation.live_crowd.bot import Bot, Crowd, backoff_s
from wijkdialoog.simulation.live_crowd.people import (
    Opinions,
    choose_vote,
    compose_statement,
    intake_for,
    statement_positions,
)
from wijkdialoog.simulation.live_crowd.report import CrowdReport, LatencyLog

# Statements and intake --------------------------------------------------------


def test_the_same_seed_writes_the_same_statements() -> None:
    first = [compose_statement(random.Random(3)) for _ in range(5)]
    again = [compose_statement(random.Random(3)) for _ in range(5)]
    assert first == again


def test_statements_vary_and_fit_the_limit() -> None:
    rng = random.Random(1)
    texts = [compose_statement(rng, hashtag="wijkgoed") for _ in range(500)]
    assert len(set(texts)) > 300
    assert all(len(text) <= 280 for text in texts)


@pytest.mark.parametrize("hashtag", ["wijk", "#wijk", " #wijk"])
def test_a_statement_ends_with_the_items_hashtag_once(hashtag: str) -> None:
    text = compose_statement(random.Random(2), hashtag=hashtag)
    assert text.endswith(". #wijk")
    assert text.count("#") == 1


@pytest.mark.parametrize("hashtag", [None, "", "#"])
def test_no_hashtag_without_one_on_the_item(hashtag: str | None) -> None:
    text = compose_statement(random.Random(2), hashtag=hashtag)
    assert "#" not in text
    assert text.endswith(".")


def test_intake_mixes_roles_about_70_20_10_with_matching_organisations() -> None:
    rng = random.Random(5)
    intakes = [intake_for(rng, number) for number in range(3000)]
    roles = Counter(intake["role"] for intake in intakes)
    assert roles["resident"] / 3000 == pytest.approx(0.7, abs=0.03)
    assert roles["professional"] / 3000 == pytest.approx(0.2, abs=0.03)
    assert roles["municipality"] / 3000 == pytest.approx(0.1, abs=0.03)
    for intake in intakes:
        assert intake["consent"] is True
        if intake["role"] == "municipality":
            assert intake["organisation_type"] == "municipality"
        if intake["role"] == "resident":
            assert intake["organisation_type"] in ("none", "residents_group")


# Opinions and votes ---------------------------------------------------------------


def test_positions_are_chances_one_per_group_and_the_author_group_leans_to_agree() -> None:
    rng = random.Random(9)
    for _ in range(300):
        positions = statement_positions(rng, groups=3, author_group=1)
        assert len(positions) == 3
        assert all(0 <= share <= 1 for share in positions)
        assert positions[1] >= 0.6


def test_a_voter_who_always_passes_passes() -> None:
    rng = random.Random(1)
    votes = {choose_vote(rng, positions=(1.0, 0.0), group=0, pass_rate=1.0) for _ in range(50)}
    assert votes == {Vote.PASS}


def test_a_voter_follows_their_groups_position() -> None:
    rng = random.Random(1)
    positions = (0.8, 0.1)
    votes = Counter(
        choose_vote(rng, positions=positions, group=0, pass_rate=0.0) for _ in range(4000)
    )
    assert votes[Vote.AGREE] / 4000 == pytest.approx(0.8, abs=0.03)
    other = Counter(
        choose_vote(rng, positions=positions, group=1, pass_rate=0.0) for _ in range(4000)
    )
    assert other[Vote.AGREE] / 4000 == pytest.approx(0.1, abs=0.03)
    assert Vote.PASS not in votes | other


def test_every_voter_sees_a_statement_the_same_way() -> None:
    opinions = Opinions(random.Random(4))
    assert opinions.of(7) == opinions.of(7)
    opinions.remember(7, (0.0,) * opinions.groups)  # the author's ack came late
    assert opinions.of(7) != (0.0,) * opinions.groups


def test_reconnects_back_off_doubling_to_a_cap() -> None:
    rng = random.Random(1)
    assert 0.25 <= backoff_s(1, rng) <= 0.75
    assert 1.0 <= backoff_s(3, rng) <= 3.0
    assert all(5.0 <= backoff_s(attempt, rng) <= 15.0 for attempt in range(6, 30))


# Latency bookkeeping --------------------------------------------------------------


def test_a_vote_ack_is_timed_from_its_first_send() -> None:
    log = LatencyLog()
    log.sent("1-1", 10.0)
    log.sent("1-1", 12.0)  # resent after a reconnect
    log.vote_acked("1-1", 12.5)
    assert log.vote_acks == [(12.5, 2.5)]


def test_a_delivery_seen_before_the_authors_ack_still_counts() -> None:
    log = LatencyLog()
    log.sent("1-1", 10.0)
    log.arrived(5, 10.02)  # another member's inbox frame overtook the author's ack
    log.arrived(5, 10.50)  # a later member: not the first arrival
    log.post_acked("1-1", 5)
    assert log.deliveries() == [(10.02, pytest.approx(0.02))]


def test_a_statement_nobody_saw_has_no_delivery_time() -> None:
    log = LatencyLog()
    log.sent("1-1", 10.0)
    log.post_acked("1-1", 5)
    log.arrived(6, 11.0)  # posted by someone outside the crowd
    assert log.deliveries() == []


def test_votes_are_counted_in_a_window_by_their_ack_time() -> None:
    report = CrowdReport(participants=1)
    report.latencies.vote_acks.extend([(1.0, 0.01), (5.0, 0.01), (9.0, 0.01)])
    assert report.votes_acked_between(2.0, 9.0) == 2


# A bot's answers, without a socket -----------------------------------------------


def make_bot() -> Bot:
    report = CrowdReport(participants=1)
    crowd = Crowd(
        "http://127.0.0.1:1",
        "ABC123",
        30.0,
        (2.0, 6.0),
        report,
        Opinions(random.Random(1)),
        lambda k, d: None,
    )
    bot = Bot(0, crowd, random.Random(1))
    bot.participant_id = 41
    return bot


async def test_a_frame_sent_while_disconnected_waits_to_be_resent() -> None:
    bot = make_bot()
    await bot._send({"type": "vote", "statement": 3, "vote": "agree"})
    (ref,) = bot.unacked
    assert json.loads(bot.unacked[ref].text)["ref"] == ref
    assert bot.crowd.report.sent["vote"] == 1


async def test_an_ack_counts_once_even_when_a_resend_is_answered_too() -> None:
    bot = make_bot()
    await bot._send({"type": "vote", "statement": 3, "vote": "agree"})
    (ref,) = bot.unacked
    ack = json.dumps({"type": "ack", "ref": ref, "statement": 3})
    bot.receive(ack)
    bot.receive(ack)
    report = bot.crowd.report
    assert report.acked["vote"] == 1
    assert report.acked_votes == {(41, 3)}
    assert len(report.latencies.vote_acks) == 1
    assert not bot.unacked


async def test_a_refusal_is_counted_by_kind_and_code_and_not_resent() -> None:
    bot = make_bot()
    await bot._send({"type": "post", "text": "Meer groen.", "reaction_to": None})
    (ref,) = bot.unacked
    bot.receive(json.dumps({"type": "error", "ref": ref, "code": "rate_limited", "message": ""}))
    assert bot.crowd.report.refused == Counter({("post", "rate_limited"): 1})
    assert not bot.unacked


def test_the_bot_votes_on_the_first_statement_of_its_inbox_it_has_not_voted_on() -> None:
    bot = make_bot()
    state = {
        "type": "state",
        "item": {"id": 1, "kind": "question", "hashtag": "", "options": []},
        "poll_answer": None,
        "inbox": {"statements": [{"id": 8, "text": "x"}, {"id": 9, "text": "y"}], "waiting": 2},
    }
    bot.receive(json.dumps(state))
    assert bot._next_target() == ("vote", 8)
    bot.voted.add(8)
    assert bot._next_target() == ("vote", 9)
    bot.receive(json.dumps({"type": "inbox", "statements": [], "waiting": 0}))
    assert bot._next_target() is None


def test_a_poll_is_answered_once() -> None:
    bot = make_bot()
    item = {"id": 4, "kind": "poll", "hashtag": "", "options": ["ja", "nee"]}
    bot.receive(json.dumps({"type": "state", "item": item, "poll_answer": None, "inbox": {}}))
    assert bot._next_target() == ("poll", 4)
    bot.receive(json.dumps({"type": "state", "item": item, "poll_answer": "ja", "inbox": {}}))
    assert bot._next_target() is None

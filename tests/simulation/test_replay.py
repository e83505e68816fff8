"""Tests for the replay harness: moments, replay, truth, scores and comparison."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from wijkdialoog.simulation.polis_data import Comment, Conversation, DataVote, load_conversation
from wijkdialoog.simulation.replay import (
    Moment,
    ReplayOutcome,
    RouterError,
    VoteCounts,
    attention_moments,
    baseline_factories,
    compare_routers,
    found_top_high,
    precision,
    recall,
    replay,
    spread,
    truth_top_high,
)

LONDON = Path("/work/shared/data/polis/london.youth.policing")
needs_london = pytest.mark.skipif(not LONDON.is_dir(), reason="Polis data not available")


def conversation_of(comments: Sequence[Comment], votes: Sequence[DataVote]) -> Conversation:
    """Build a conversation sorted the way load_conversation sorts it."""
    return Conversation(
        name="hand-made",
        comments=tuple(sorted(comments, key=lambda c: (c.posted_at_s, c.comment_id))),
        votes=tuple(sorted(votes, key=lambda v: (v.at_s, v.voter_id, v.comment_id))),
    )


def comment(comment_id: int, *, author_id: int, at_s: float) -> Comment:
    return Comment(
        comment_id=comment_id, author_id=author_id, posted_at_s=at_s, text="", moderated=1
    )


class ScriptedRouter:
    """Answer next_statement from a script and log every call the harness makes."""

    name = "scripted"

    def __init__(self, script: Sequence[int | None]) -> None:
        self.script = list(script)
        self.events: list[tuple[object, ...]] = []

    def statement_posted(self, statement_id: int, *, author_id: int, at_s: float) -> None:
        self.events.append(("posted", statement_id, at_s))

    def next_statement(self, participant_id: int, *, at_s: float) -> int | None:
        self.events.append(("next", participant_id, at_s))
        return self.script.pop(0)

    def vote_recorded(
        self, participant_id: int, statement_id: int, *, vote: int, at_s: float
    ) -> None:
        self.events.append(("vote", participant_id, statement_id, vote))


# Statement 1 by participant 10 at t=0, statement 2 by 11 at t=5, statement 3 posted late.
TWO_VOTERS = conversation_of(
    [
        comment(1, author_id=10, at_s=0.0),
        comment(2, author_id=11, at_s=5.0),
        comment(3, author_id=10, at_s=100.0),
    ],
    [
        DataVote(voter_id=20, comment_id=1, vote=1, at_s=1.0),
        DataVote(voter_id=21, comment_id=1, vote=-1, at_s=5.0),
        DataVote(voter_id=20, comment_id=2, vote=-1, at_s=6.0),
        DataVote(voter_id=21, comment_id=3, vote=1, at_s=101.0),
    ],
)
MOMENTS = [Moment(20, 1.0), Moment(21, 5.0), Moment(20, 6.0), Moment(21, 7.0)]


def test_replay_applies_data_votes_and_passes_for_unvoted() -> None:
    router = ScriptedRouter([1, 2, 2, None])

    outcome = replay(TWO_VOTERS, router, MOMENTS)

    assert outcome == ReplayOutcome(
        counts={
            1: VoteCounts(agree=1),
            # 21 never voted on statement 2 in the data: a pass.
            2: VoteCounts(disagree=1, passes=1),
            3: VoteCounts(),  # posted after the last moment, never shown
        },
        showings=3,
        unused_moments=1,
    )
    assert router.events == [
        ("posted", 1, 0.0),
        ("next", 20, 1.0),
        ("vote", 20, 1, 1),
        ("posted", 2, 5.0),  # posted at the moment's time, so before it
        ("next", 21, 5.0),
        ("vote", 21, 2, 0),
        ("next", 20, 6.0),
        ("vote", 20, 2, -1),
        ("next", 21, 7.0),
        ("posted", 3, 100.0),
    ]


@pytest.mark.parametrize(
    ("moments", "script", "reason"),
    [
        ([Moment(20, 1.0)], [2], "is not posted yet"),  # statement 2 appears at t=5
        ([Moment(20, 1.0), Moment(20, 2.0)], [1, 1], "was shown to them before"),
        ([Moment(10, 1.0)], [1], "is their own"),  # 10 wrote statement 1
    ],
)
def test_replay_rejects_ineligible_statements(
    moments: list[Moment], script: list[int], reason: str
) -> None:
    with pytest.raises(RouterError, match=reason):
        replay(TWO_VOTERS, ScriptedRouter(script), moments)


def test_replay_needs_moments_in_time_order() -> None:
    with pytest.raises(ValueError, match="time order"):
        replay(TWO_VOTERS, ScriptedRouter([1, 1]), [Moment(20, 6.0), Moment(21, 1.0)])


def test_attention_moments_sample_data_votes_in_time_order() -> None:
    votes = [
        DataVote(voter_id=p, comment_id=c, vote=1, at_s=float(10 * c + p))
        for p in range(5)
        for c in range(4)
    ]
    conversation = conversation_of([comment(c, author_id=99, at_s=0.0) for c in range(4)], votes)
    every = Counter(Moment(v.voter_id, v.at_s) for v in votes)

    moments = attention_moments(conversation, views_per_statement=3, rng=random.Random(1))

    assert len(moments) == 12  # 3 views x 4 statements, out of 20 data votes
    assert [m.at_s for m in moments] == sorted(m.at_s for m in moments)
    assert not Counter(moments) - every  # each moment is a distinct data vote
    assert moments == attention_moments(conversation, views_per_statement=3, rng=random.Random(1))
    assert sorted(
        attention_moments(conversation, views_per_statement=50, rng=random.Random(1)),
        key=lambda m: m.at_s,
    ) == sorted(every, key=lambda m: m.at_s)
    assert attention_moments(conversation, views_per_statement=0, rng=random.Random(1)) == []
    with pytest.raises(ValueError):
        attention_moments(conversation, views_per_statement=-1, rng=random.Random(1))


def test_attention_follows_how_active_participants_were() -> None:
    # Participant 0 cast 90 of the 100 data votes, so gets about 90% of the moments.
    votes = [DataVote(voter_id=0, comment_id=c, vote=1, at_s=float(c)) for c in range(90)]
    votes += [DataVote(voter_id=1, comment_id=c, vote=1, at_s=float(c)) for c in range(10)]
    two_comments = [comment(c, author_id=9, at_s=0.0) for c in range(2)]
    conversation = conversation_of(two_comments, votes)  # 20 moments of 100
    shares = []
    for seed in range(200):
        moments = attention_moments(conversation, views_per_statement=10, rng=random.Random(seed))
        shares.append(sum(m.participant_id == 0 for m in moments) / len(moments))
    assert sum(shares) / len(shares) == pytest.approx(0.9, abs=0.02)


def test_truth_counts_agree_share_over_decided_votes() -> None:
    def votes_on(statement: int, agree: int, disagree: int, passes: int) -> list[DataVote]:
        kinds = [1] * agree + [-1] * disagree + [0] * passes
        return [DataVote(voter, statement, kind, 1.0) for voter, kind in enumerate(kinds)]

    votes = (
        votes_on(1, 8, 2, 0)  # 0.8 of 10: Top/High
        + votes_on(2, 7, 3, 0)  # exactly 0.7: not over it
        + votes_on(3, 9, 0, 0)  # only 9 decided votes
        + votes_on(4, 10, 0, 5)  # passes do not count against it
        + votes_on(5, 3, 8, 0)
    )
    conversation = conversation_of([comment(s, author_id=99, at_s=0.0) for s in range(1, 6)], votes)

    assert truth_top_high(conversation) == {1, 4}
    assert truth_top_high(conversation, min_votes=9) == {1, 3, 4}
    assert truth_top_high(conversation, share=0.6) == {1, 2, 4}


def test_found_uses_the_session_counts() -> None:
    outcome = ReplayOutcome(
        counts={
            1: VoteCounts(agree=4),
            2: VoteCounts(agree=3, passes=5),  # 3 decided votes: too few
            3: VoteCounts(agree=7, disagree=3),  # exactly 0.7
            4: VoteCounts(agree=8, disagree=2, passes=9),
            5: VoteCounts(),
        },
        showings=41,
        unused_moments=0,
    )
    assert found_top_high(outcome) == {1, 4}
    assert found_top_high(outcome, min_votes=3) == {1, 2, 4}


def test_recall_and_precision_hand_example() -> None:
    truth = frozenset({1, 2, 4, 6})
    found = frozenset({1, 4, 5})
    assert recall(found=found, truth=truth) == 0.5  # 2 of the 4 true ones
    assert precision(found=found, truth=truth) == pytest.approx(2 / 3)  # 2 of 3 found
    assert precision(found=frozenset(), truth=truth) == 0.0
    assert recall(found=frozenset(), truth=truth) == 0.0
    assert recall(found=found, truth=frozenset()) == 1.0  # nothing to miss


def test_spread_is_population_statistics() -> None:
    summary = spread([1.0, 2.0, 3.0, 4.0])
    assert (summary.mean, summary.minimum, summary.maximum) == (2.5, 1.0, 4.0)
    assert summary.sd == pytest.approx(math.sqrt(1.25))
    with pytest.raises(ValueError):
        spread([])


class RecordingRouter(ScriptedRouter):
    """Show nothing; remember the rng state it was given and the moments it saw."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(script=[])
        self.rng_state = rng.getstate()

    def next_statement(self, participant_id: int, *, at_s: float) -> int | None:
        self.events.append(("next", participant_id, at_s))
        return None


def test_compare_gives_every_router_the_same_moments_and_its_own_seed() -> None:
    made: list[RecordingRouter] = []

    def recording(rng: random.Random) -> RecordingRouter:
        made.append(RecordingRouter(rng))
        return made[-1]

    factories = {"first": recording, "second": recording}

    comparison = compare_routers(TWO_VOTERS, factories, seeds=3, views_per_statement=1)

    assert len(made) == 6  # 3 seeds x 2 routers
    for seed in range(3):
        first, second = made[2 * seed], made[2 * seed + 1]
        assert first.events == second.events
        assert first.rng_state == second.rng_state == random.Random(1000 + seed).getstate()
        expected = attention_moments(TWO_VOTERS, views_per_statement=1, rng=random.Random(seed))
        assert [e for e in first.events if e[0] == "next"] == [
            ("next", m.participant_id, m.at_s) for m in expected
        ]
    assert list(comparison.scores) == ["first", "second"]
    assert comparison.scores["first"].votes_applied == 0
    assert comparison.scores["first"].precision == (0.0, 0.0, 0.0)
    assert comparison.voters == 2
    assert comparison.truth == frozenset()


@needs_london
def test_compare_baselines_on_london_is_reproducible() -> None:
    conversation = load_conversation(LONDON)

    comparison = compare_routers(conversation, baseline_factories(), seeds=3)

    assert comparison == compare_routers(conversation, baseline_factories(), seeds=3)
    assert comparison.voters == 26
    assert comparison.truth == truth_top_high(conversation)
    assert comparison.truth  # the full data does put statements at Top/High
    applied = {s.votes_applied for s in comparison.scores.values()}
    # Routers that never idle while something is eligible show a participant the
    # same number of statements by any time, so they use the same attention; here
    # no participant runs out, so that is all of it.
    assert applied == {3 * 10 * len(conversation.comments)}
    for scores in comparison.scores.values():
        assert len(scores.recall) == len(scores.precision) == 3
        assert scores.recall_spread == spread(scores.recall)
        assert all(0.0 <= value <= 1.0 for value in scores.recall + scores.precision)


@needs_london
def test_same_seed_same_replay_outcome() -> None:
    conversation = load_conversation(LONDON)
    for name, factory in baseline_factories().items():
        outcomes = [
            replay(
                conversation,
                factory(random.Random(1005)),
                attention_moments(conversation, views_per_statement=5, rng=random.Random(5)),
            )
            for _ in range(2)
        ]
        assert outcomes[0] == outcomes[1], name
        assert outcomes[0].showings == 5 * len(conversation.comments)

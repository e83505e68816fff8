"""Replay a Polis conversation as a live session and score routers against the data.

Each comment is posted at its time; each sampled data vote is a moment at which its
participant may be shown one statement; shown statements get the participant's vote
from the data (a pass if they never voted on it). What the session then rates
Top/High is compared with what the full data rates Top/High.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from wijkdialoog.simulation.polis_data import AGREE, DISAGREE, PASS, Conversation
from wijkdialoog.simulation.routers import (
    LeastShownRouter,
    PolisPriorityRouter,
    RandomRouter,
    Router,
)

RouterFactory = Callable[[random.Random], Router]

_TALLY_INDEX = {AGREE: 0, DISAGREE: 1, PASS: 2}  # position in a statement's tally


class RouterError(RuntimeError):
    """A router showed a statement it must not show (a bug in the router)."""


@dataclass(frozen=True, slots=True)
class Moment:
    participant_id: int
    at_s: float


@dataclass(frozen=True, slots=True)
class VoteCounts:
    agree: int = 0
    disagree: int = 0
    passes: int = 0

    @property
    def decided(self) -> int:
        """Agree plus disagree votes: the `n` of the agree share."""
        return self.agree + self.disagree


@dataclass(frozen=True, slots=True)
class ReplayOutcome:
    counts: Mapping[int, VoteCounts]  # every posted statement, also those never shown
    showings: int
    unused_moments: int  # the router returned None


@dataclass(frozen=True, slots=True)
class Spread:
    mean: float
    sd: float  # population standard deviation
    minimum: float
    maximum: float


@dataclass(frozen=True, slots=True)
class RouterScores:
    router: str
    recall: tuple[float, ...]  # one value per seed
    precision: tuple[float, ...]
    recall_spread: Spread
    precision_spread: Spread
    votes_applied: int  # agree + disagree + pass showings, summed over all seeds


@dataclass(frozen=True, slots=True)
class Comparison:
    conversation: str
    seeds: int
    views_per_statement: int
    voters: int
    truth: frozenset[int]
    scores: Mapping[str, RouterScores]  # in the order of the factories given


def attention_moments(
    conversation: Conversation, *, views_per_statement: int, rng: random.Random
) -> list[Moment]:
    """Sample the showing opportunities: `views_per_statement` per comment, in time order."""
    if views_per_statement < 0:
        raise ValueError(f"views_per_statement must be >= 0, got {views_per_statement}")
    votes = conversation.votes
    budget = views_per_statement * len(conversation.comments)
    # A uniform sample of data votes spreads attention over participants in
    # proportion to how active they really were, and keeps their real timing.
    # Sampling indices draws the same sample as sampling the votes, only cheaper.
    indices = range(len(votes)) if budget >= len(votes) else rng.sample(range(len(votes)), budget)
    chosen = [Moment(votes[i].voter_id, votes[i].at_s) for i in indices]
    return sorted(chosen, key=lambda m: (m.at_s, m.participant_id))


def replay(conversation: Conversation, router: Router, moments: Sequence[Moment]) -> ReplayOutcome:
    """Run the conversation's postings and the moments through the router in time order."""
    return _replay(conversation, router, moments, data_votes=_vote_lookup(conversation))


def _vote_lookup(conversation: Conversation) -> dict[tuple[int, int], int]:
    return {(v.voter_id, v.comment_id): v.vote for v in conversation.votes}


def _replay(
    conversation: Conversation,
    router: Router,
    moments: Sequence[Moment],
    *,
    data_votes: Mapping[tuple[int, int], int],
) -> ReplayOutcome:
    authors = {c.comment_id: c.author_id for c in conversation.comments}
    comments = conversation.comments  # sorted by time
    tallies: dict[int, list[int]] = {}  # statement -> [agree, disagree, pass]
    shown: dict[int, set[int]] = {}
    next_comment = 0
    showings = 0
    unused = 0

    def post_until(limit_s: float) -> None:
        nonlocal next_comment
        while next_comment < len(comments) and comments[next_comment].posted_at_s <= limit_s:
            comment = comments[next_comment]
            tallies[comment.comment_id] = [0, 0, 0]
            router.statement_posted(
                comment.comment_id, author_id=comment.author_id, at_s=comment.posted_at_s
            )
            next_comment += 1

    previous_s = -math.inf
    for moment in moments:
        participant, at_s = moment.participant_id, moment.at_s
        if at_s < previous_s:  # postings could not be interleaved correctly
            raise ValueError(f"moments must be in time order: {at_s}s after {previous_s}s")
        previous_s = at_s
        post_until(at_s)  # comments posted at the moment's time come first
        statement = router.next_statement(participant, at_s=at_s)
        if statement is None:
            unused += 1
            continue
        seen = shown.setdefault(participant, set())
        problem = _ineligibility(statement, participant, posted=tallies, authors=authors, seen=seen)
        if problem is not None:
            raise RouterError(
                f"router {router.name!r} showed statement {statement} to participant "
                f"{participant} at {at_s}s, but it {problem}"
            )
        seen.add(statement)
        # Someone shown a statement they never voted on in the data passes on it.
        vote = data_votes.get((participant, statement), PASS)
        router.vote_recorded(participant, statement, vote=vote, at_s=at_s)
        tallies[statement][_TALLY_INDEX[vote]] += 1
        showings += 1
    post_until(math.inf)  # late comments still appear in the outcome, unseen
    return ReplayOutcome(
        counts={s: VoteCounts(agree=a, disagree=d, passes=p) for s, (a, d, p) in tallies.items()},
        showings=showings,
        unused_moments=unused,
    )


def _ineligibility(
    statement: int,
    participant: int,
    *,
    posted: Mapping[int, object],
    authors: Mapping[int, int],
    seen: set[int],
) -> str | None:
    """Return why the statement may not be shown to the participant, or None."""
    if statement not in posted:
        return "is not posted yet"
    if authors[statement] == participant:
        return "is their own"
    if statement in seen:
        return "was shown to them before"
    return None


def truth_top_high(
    conversation: Conversation, *, min_votes: int = 10, share: float = 0.7
) -> frozenset[int]:
    """Return the statements the full data puts at Top/High (agree share over `share`)."""
    agree: dict[int, int] = {}
    decided: dict[int, int] = {}
    for vote in conversation.votes:
        if vote.vote == PASS:
            continue
        decided[vote.comment_id] = decided.get(vote.comment_id, 0) + 1
        if vote.vote == AGREE:
            agree[vote.comment_id] = agree.get(vote.comment_id, 0) + 1
    return frozenset(
        s for s, n in decided.items() if n >= min_votes and agree.get(s, 0) / n > share
    )


def found_top_high(
    outcome: ReplayOutcome, *, min_votes: int = 4, share: float = 0.7
) -> frozenset[int]:
    """Return the statements the replayed session puts at Top/High."""
    return frozenset(
        s
        for s, c in outcome.counts.items()
        if c.decided >= min_votes and c.agree / c.decided > share
    )


def recall(*, found: frozenset[int], truth: frozenset[int]) -> float:
    """Return the share of the true Top/High statements that were found (1.0 if none)."""
    # With nothing to find, nothing was missed.
    return len(found & truth) / len(truth) if truth else 1.0


def precision(*, found: frozenset[int], truth: frozenset[int]) -> float:
    """Return the share of the found statements that are truly Top/High (0.0 if none)."""
    return len(found & truth) / len(found) if found else 0.0


def spread(values: Sequence[float]) -> Spread:
    """Summarise values by mean, population standard deviation, minimum and maximum."""
    if not values:
        raise ValueError("spread of no values")
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / len(values)
    return Spread(mean=mean, sd=math.sqrt(variance), minimum=min(values), maximum=max(values))


def compare_routers(
    conversation: Conversation,
    router_factories: Mapping[str, RouterFactory],
    *,
    seeds: int = 10,
    views_per_statement: int = 10,
) -> Comparison:
    """Replay the conversation with every router on the same moments, seed by seed."""
    if seeds < 1:
        raise ValueError(f"seeds must be >= 1, got {seeds}")
    truth = truth_top_high(conversation)
    data_votes = _vote_lookup(conversation)  # built once, not once per replay
    recalls: dict[str, list[float]] = {name: [] for name in router_factories}
    precisions: dict[str, list[float]] = {name: [] for name in router_factories}
    applied: dict[str, int] = dict.fromkeys(router_factories, 0)
    for seed in range(seeds):
        # Same moments for every router, so they differ only in what they show.
        moments = attention_moments(
            conversation, views_per_statement=views_per_statement, rng=random.Random(seed)
        )
        for name, factory in router_factories.items():
            router = factory(random.Random(1000 + seed))
            outcome = _replay(conversation, router, moments, data_votes=data_votes)
            found = found_top_high(outcome)
            recalls[name].append(recall(found=found, truth=truth))
            precisions[name].append(precision(found=found, truth=truth))
            applied[name] += outcome.showings
    return Comparison(
        conversation=conversation.name,
        seeds=seeds,
        views_per_statement=views_per_statement,
        voters=len({v.voter_id for v in conversation.votes}),
        truth=truth,
        scores={
            name: RouterScores(
                router=name,
                recall=tuple(recalls[name]),
                precision=tuple(precisions[name]),
                recall_spread=spread(recalls[name]),
                precision_spread=spread(precisions[name]),
                votes_applied=applied[name],
            )
            for name in router_factories
        },
    )


def baseline_factories() -> dict[str, RouterFactory]:
    """Return the baseline routers every engine router is compared with."""
    return {
        RandomRouter.name: RandomRouter,
        LeastShownRouter.name: LeastShownRouter,
        PolisPriorityRouter.name: PolisPriorityRouter,
    }

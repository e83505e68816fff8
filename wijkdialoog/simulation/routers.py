"""The router protocol and the baseline routers the engine must beat.

A router decides which statement a participant sees next. The replay harness tells
it what was posted and how people voted, and asks it for a statement at every
moment a participant could be shown one.
"""

from __future__ import annotations

import random
from typing import Protocol

from wijkdialoog.simulation.polis_data import AGREE, PASS


class Router(Protocol):
    name: str

    def statement_posted(self, statement_id: int, *, author_id: int, at_s: float) -> None:
        """Make a statement available to everyone but its author."""
        ...

    def next_statement(self, participant_id: int, *, at_s: float) -> int | None:
        """Return a posted, not own, never-shown statement to show now, or None."""
        ...

    def vote_recorded(
        self, participant_id: int, statement_id: int, *, vote: int, at_s: float
    ) -> None:
        """Learn the vote a participant gave on a statement shown to them."""
        ...


class Exposure:
    """Track what is posted, who wrote it and what each participant was shown."""

    def __init__(self) -> None:
        self.posted: list[int] = []  # in posting order, so choices are reproducible
        self._posted_set: set[int] = set()
        self._own: dict[int, set[int]] = {}
        self._shown: dict[int, set[int]] = {}

    def post(self, statement_id: int, *, author_id: int) -> None:
        """Record a posted statement and its author."""
        if statement_id in self._posted_set:
            return
        self._posted_set.add(statement_id)
        self.posted.append(statement_id)
        self._own.setdefault(author_id, set()).add(statement_id)

    def eligible(self, participant_id: int) -> list[int]:
        """Return the statements the participant may be shown now, in posting order."""
        own = self._own.get(participant_id, ())
        shown = self._shown.get(participant_id, ())
        return [s for s in self.posted if s not in own and s not in shown]

    def mark_shown(self, participant_id: int, statement_id: int) -> None:
        """Record that the participant was shown the statement."""
        self._shown.setdefault(participant_id, set()).add(statement_id)


class RandomRouter:
    """Show a uniformly random eligible statement."""

    name: str = "random"

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._exposure = Exposure()

    def statement_posted(self, statement_id: int, *, author_id: int, at_s: float) -> None:
        """Make a statement available to everyone but its author."""
        self._exposure.post(statement_id, author_id=author_id)

    def next_statement(self, participant_id: int, *, at_s: float) -> int | None:
        """Return a uniformly random eligible statement, or None."""
        eligible = self._exposure.eligible(participant_id)
        if not eligible:
            return None
        chosen = self._rng.choice(eligible)
        self._exposure.mark_shown(participant_id, chosen)
        return chosen

    def vote_recorded(
        self, participant_id: int, statement_id: int, *, vote: int, at_s: float
    ) -> None:
        """Ignore votes: random routing does not learn."""


class LeastShownRouter:
    """Show the eligible statement shown least often so far (exposure balancing)."""

    name: str = "least_shown"

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._exposure = Exposure()
        self._showings: dict[int, int] = {}

    def statement_posted(self, statement_id: int, *, author_id: int, at_s: float) -> None:
        """Make a statement available to everyone but its author."""
        self._exposure.post(statement_id, author_id=author_id)
        self._showings.setdefault(statement_id, 0)

    def next_statement(self, participant_id: int, *, at_s: float) -> int | None:
        """Return an eligible statement with the fewest showings, or None."""
        eligible = self._exposure.eligible(participant_id)
        if not eligible:
            return None
        fewest = min(self._showings[s] for s in eligible)
        chosen = self._rng.choice([s for s in eligible if self._showings[s] == fewest])
        self._showings[chosen] += 1
        self._exposure.mark_shown(participant_id, chosen)
        return chosen

    def vote_recorded(
        self, participant_id: int, statement_id: int, *, vote: int, at_s: float
    ) -> None:
        """Ignore votes: exposure balancing counts showings, not opinions."""


def polis_weight(*, agrees: int, passes: int, votes: int, extremity: float = 0.0) -> float:
    """Return Polis's priority weight for a statement with these vote counts.

    `[(1 - p) * (E + 1) * a * (1 + 8 * 2^(-S/5))]^2` with `a = (A+1)/(S+2)` and
    `p = (P+1)/(S+2)`: agreeable, not-passed statements first, and a boost for new
    statements that fades as they collect votes.
    """
    if not 0 <= agrees <= votes or not 0 <= passes <= votes - agrees:
        raise ValueError(f"inconsistent counts: {agrees=} {passes=} {votes=}")
    agree_rate = (agrees + 1) / (votes + 2)
    pass_rate = (passes + 1) / (votes + 2)
    novelty = 1 + 8 * 2 ** (-votes / 5)
    return ((1 - pass_rate) * (extremity + 1) * agree_rate * novelty) ** 2


class PolisPriorityRouter:
    """Draw an eligible statement with probability proportional to its Polis weight.

    Extremity (a statement's spread in Polis's opinion space) is taken as 0: the
    baseline measures the vote-count part of Polis's rule only.
    """

    name: str = "polis"

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._exposure = Exposure()
        self._agrees: dict[int, int] = {}
        self._passes: dict[int, int] = {}
        self._votes: dict[int, int] = {}
        # A weight changes only when its statement gets a vote: cache it.
        self._weights: dict[int, float] = {}

    def statement_posted(self, statement_id: int, *, author_id: int, at_s: float) -> None:
        """Make a statement available to everyone but its author."""
        self._exposure.post(statement_id, author_id=author_id)
        if statement_id in self._weights:
            return
        for counts in (self._agrees, self._passes, self._votes):
            counts[statement_id] = 0
        self._weights[statement_id] = polis_weight(agrees=0, passes=0, votes=0)

    def next_statement(self, participant_id: int, *, at_s: float) -> int | None:
        """Return an eligible statement drawn by Polis weight, or None."""
        eligible = self._exposure.eligible(participant_id)
        if not eligible:
            return None
        weights = [self._weights[s] for s in eligible]
        chosen = self._rng.choices(eligible, weights=weights)[0]
        self._exposure.mark_shown(participant_id, chosen)
        return chosen

    def vote_recorded(
        self, participant_id: int, statement_id: int, *, vote: int, at_s: float
    ) -> None:
        """Count the vote into the statement's agrees, passes and total."""
        self._votes[statement_id] += 1
        if vote == AGREE:
            self._agrees[statement_id] += 1
        elif vote == PASS:
            self._passes[statement_id] += 1
        self._weights[statement_id] = polis_weight(
            agrees=self._agrees[statement_id],
            passes=self._passes[statement_id],
            votes=self._votes[statement_id],
        )

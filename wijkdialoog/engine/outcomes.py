"""Outcomes of votes: agree share, Wilson interval, synthetron level, bipotron flag."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from statistics import NormalDist

from wijkdialoog.engine.settings import MethodSettings


class Level(StrEnum):
    TOP = "Top"
    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"
    BOTTOM = "Bottom"


@cache
def _z(confidence: float) -> float:
    return NormalDist().inv_cdf((1 + confidence) / 2)


def wilson_interval(agree: int, n: int, *, confidence: float = 0.90) -> tuple[float, float]:
    """Return the Wilson score interval of the agree share (Wilson 1927); (0, 1) when n = 0."""
    if n == 0:
        return (0.0, 1.0)
    z = _z(confidence)
    share = agree / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    margin = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - margin), min(1.0, centre + margin))


def level_for(agree: int, disagree: int, settings: MethodSettings) -> Level | None:
    """Grade a statement Top to Bottom by its agree share, or None below `min_votes`."""
    n = agree + disagree
    if n < settings.min_votes:
        return None
    share = agree / n
    if share > settings.top_share:
        return Level.TOP
    if share > settings.high_share:
        return Level.HIGH
    if share > settings.medium_share:
        return Level.MEDIUM
    if share > settings.low_share:
        return Level.LOW
    return Level.BOTTOM


def is_bipotron(agree: int, disagree: int, settings: MethodSettings) -> bool:
    """Tell whether a statement divides: both sides big enough, the smaller one a real share."""
    if min(agree, disagree) < settings.bipotron_min_side:
        return False
    return min(agree, disagree) >= settings.bipotron_min_minority_share * (agree + disagree)


@dataclass(frozen=True, slots=True)
class StatementOutcome:
    statement_id: int
    item_id: int
    author_id: int
    is_reaction: bool
    agree: int
    disagree: int
    passes: int
    share: float | None
    interval: tuple[float, float]
    level: Level | None
    is_bipotron: bool

    @property
    def is_synthetron(self) -> bool:
        return self.level is not None


def outcome_for(
    statement_id: int,
    *,
    item_id: int,
    author_id: int,
    is_reaction: bool,
    agree: int,
    disagree: int,
    passes: int,
    settings: MethodSettings,
) -> StatementOutcome:
    """Compute one statement's outcome from its vote counts."""
    n = agree + disagree
    return StatementOutcome(
        statement_id=statement_id,
        item_id=item_id,
        author_id=author_id,
        is_reaction=is_reaction,
        agree=agree,
        disagree=disagree,
        passes=passes,
        share=agree / n if n else None,
        interval=wilson_interval(agree, n, confidence=settings.confidence),
        level=level_for(agree, disagree, settings),
        is_bipotron=is_bipotron(agree, disagree, settings),
    )

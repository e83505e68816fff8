"""The method's settings: every threshold of docs/method.md with its default."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class MethodSettings:
    """Hold the rules a dialogue runs by; stored with the dialogue and printed in reports."""

    # Mini-groups (docs/method.md, "Mini-groups and migration").
    group_size: int = 5
    min_group_size: int = 3
    max_group_size: int = 9
    # A round ends when a majority of its recipients voted or this window has passed.
    voting_window_s: float = 60.0
    # Migration stops once the agree share's upper bound falls below this.
    stop_below: float = 0.5
    # Fan-out doubles each confident round, up to this many groups at once.
    max_fan_out: int = 16
    # A round end looks at no more than this many groups for someone with room.
    walk_limit: int = 32
    # Inbox: bounded, topped up with the statements that most need votes.
    inbox_limit: int = 20
    top_up_to: int = 3
    top_up_scan: int = 64
    # Outcomes (docs/method.md, "Outcomes").
    min_votes: int = 4
    top_share: float = 0.9
    high_share: float = 0.7
    medium_share: float = 0.4
    low_share: float = 0.15
    bipotron_min_side: int = 2
    bipotron_min_minority_share: float = 0.25
    confidence: float = 0.90
    max_statement_chars: int = 280
    # A poll answer's optional explanation: one sentence.
    max_explanation_chars: int = 280
    seed: int = 0

    def __post_init__(self) -> None:
        if not 3 <= self.group_size <= 9:
            raise ValueError("group_size must be between 3 and 9")
        if not 2 <= self.min_group_size <= self.group_size <= self.max_group_size:
            raise ValueError("need 2 <= min_group_size <= group_size <= max_group_size")
        if not self.voting_window_s > 0 or self.voting_window_s == float("inf"):
            raise ValueError("voting_window_s must be a positive number of seconds")
        if not 0 <= self.stop_below <= 1:
            raise ValueError("stop_below must lie between 0 and 1")
        if self.bipotron_min_side < 1:
            raise ValueError("bipotron_min_side must be at least 1")
        if not 0 < self.bipotron_min_minority_share <= 0.5:
            raise ValueError("bipotron_min_minority_share must lie in (0, 0.5]")
        if not 1 <= self.top_up_to <= self.inbox_limit:
            raise ValueError("need 1 <= top_up_to <= inbox_limit")
        if self.max_fan_out < 1 or self.top_up_scan < 1 or self.min_votes < 1:
            raise ValueError("max_fan_out, top_up_scan and min_votes must be at least 1")
        if self.walk_limit < self.max_fan_out:
            raise ValueError("walk_limit must be at least max_fan_out")
        if not 0 < self.confidence < 1:
            raise ValueError("confidence must lie between 0 and 1")
        if not 0 <= self.low_share <= self.medium_share <= self.high_share <= self.top_share <= 1:
            raise ValueError("level bounds must rise from low to top within 0..1")
        if self.max_statement_chars < 1 or self.max_explanation_chars < 1:
            raise ValueError("max_statement_chars and max_explanation_chars must be at least 1")

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as plain data, for storage and reports."""
        return asdict(self)

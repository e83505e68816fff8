"""What applying an event caused, for the live server to send to participants' screens."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Delivered:
    """A statement was put in a participant's inbox."""

    participant_id: int
    statement_id: int


@dataclass(frozen=True, slots=True)
class Migrated:
    """A supported statement was sent on to groups that had not seen it."""

    statement_id: int
    group_ids: tuple[int, ...]
    round_no: int


@dataclass(frozen=True, slots=True)
class Stopped:
    """A statement lost its support and migrates no further."""

    statement_id: int


@dataclass(frozen=True, slots=True)
class LevelChanged:
    """A statement became a synthetron, or its level changed."""

    statement_id: int
    level: str


@dataclass(frozen=True, slots=True)
class BipotronChanged:
    statement_id: int
    is_bipotron: bool


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """A statement leaves every inbox (hidden, or its item closed)."""

    statement_id: int


@dataclass(frozen=True, slots=True)
class GroupAssigned:
    participant_id: int
    item_id: int
    group_id: int


Effect = Delivered | Migrated | Stopped | LevelChanged | BipotronChanged | Withdrawn | GroupAssigned

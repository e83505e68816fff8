"""The events a dialogue is folded from. Every event carries its time in seconds."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    RESIDENT = "resident"
    PROFESSIONAL = "professional"
    MUNICIPALITY = "municipality"
    OTHER = "other"


class Vote(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    PASS = "pass"


class ItemKind(StrEnum):
    QUESTION = "question"
    PRESENTATION = "presentation"
    POLL = "poll"


@dataclass(frozen=True, slots=True)
class ParticipantJoined:
    at: float
    participant_id: int
    role: Role = Role.OTHER
    intake: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ParticipantLeft:
    at: float
    participant_id: int


@dataclass(frozen=True, slots=True)
class ItemOpened:
    at: float
    item_id: int
    kind: ItemKind = ItemKind.QUESTION
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemClosed:
    at: float
    item_id: int


@dataclass(frozen=True, slots=True)
class StatementPosted:
    at: float
    statement_id: int
    participant_id: int
    item_id: int
    text: str
    reply_to: int | None = None


@dataclass(frozen=True, slots=True)
class VoteCast:
    at: float
    participant_id: int
    statement_id: int
    vote: Vote


@dataclass(frozen=True, slots=True)
class PollAnswered:
    at: float
    participant_id: int
    item_id: int
    option: str
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class StatementHidden:
    at: float
    statement_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class InboxRequested:
    """A participant's client asks for statements to vote on (page load, reconnect, empty)."""

    at: float
    participant_id: int


@dataclass(frozen=True, slots=True)
class Tick:
    """Time passes: voting windows that have ended close."""

    at: float


Event = (
    ParticipantJoined
    | ParticipantLeft
    | ItemOpened
    | ItemClosed
    | StatementPosted
    | VoteCast
    | PollAnswered
    | StatementHidden
    | InboxRequested
    | Tick
)

EVENT_TYPES: dict[str, type[Any]] = {
    "participant.joined": ParticipantJoined,
    "participant.left": ParticipantLeft,
    "item.opened": ItemOpened,
    "item.closed": ItemClosed,
    "statement.posted": StatementPosted,
    "vote.cast": VoteCast,
    "poll.answered": PollAnswered,
    "statement.hidden": StatementHidden,
    "inbox.requested": InboxRequested,
    "tick": Tick,
}
_TYPE_NAMES = {cls: name for name, cls in EVENT_TYPES.items()}


def event_to_dict(event: Event) -> dict[str, Any]:
    """Turn an event into plain JSON-ready data with a `type` key."""
    data = asdict(event)
    for key, value in data.items():
        if isinstance(value, tuple):
            data[key] = [list(v) if isinstance(v, tuple) else v for v in value]
    return {"type": _TYPE_NAMES[type(event)], **data}


_TEXT_FIELDS = {"text", "reason", "option", "explanation"}


def event_from_dict(data: Any) -> Event:
    """Rebuild an event from `event_to_dict` output; raise ValueError on anything else."""
    if not isinstance(data, dict):
        raise ValueError(f"an event is a JSON object, not {type(data).__name__}")
    try:
        cls = EVENT_TYPES[data["type"]]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"unknown event type: {data.get('type')!r}") from exc
    names = {f.name for f in fields(cls)}
    values = {k: v for k, v in data.items() if k != "type"}
    if not set(values) <= names:
        raise ValueError(f"unexpected fields for {data['type']}: {sorted(set(values) - names)}")
    if "intake" in values:
        values["intake"] = tuple(tuple(pair) for pair in values["intake"])
    if "options" in values:
        values["options"] = tuple(values["options"])
    _check_field_types(values)
    converters = {"role": Role, "vote": Vote, "kind": ItemKind}
    for key, convert in converters.items():
        if key in values:
            values[key] = convert(values[key])
    try:
        event: Event = cls(**values)
    except TypeError as exc:
        raise ValueError(f"{data['type']}: {exc}") from exc
    return event


def _check_field_types(values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key == "at":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        elif key.endswith("_id") or key == "reply_to":
            ok = (isinstance(value, int) and not isinstance(value, bool)) or (
                key == "reply_to" and value is None
            )
        elif key in _TEXT_FIELDS:
            ok = isinstance(value, str)
        else:
            continue
        if not ok:
            raise ValueError(f"field {key!r} has the wrong type: {value!r}")

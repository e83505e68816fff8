"""The dialogue engine: pure Python, events in, state and effects out; no clock, no I/O."""

from wijkdialoog.engine.dialogue import Dialogue
from wijkdialoog.engine.effects import (
    BipotronChanged,
    Delivered,
    Effect,
    GroupAssigned,
    LevelChanged,
    Migrated,
    Stopped,
    Withdrawn,
)
from wijkdialoog.engine.errors import EventRefused
from wijkdialoog.engine.events import (
    Event,
    InboxRequested,
    ItemClosed,
    ItemKind,
    ItemOpened,
    ParticipantJoined,
    ParticipantLeft,
    PollAnswered,
    Role,
    StatementHidden,
    StatementPosted,
    Tick,
    Vote,
    VoteCast,
    event_from_dict,
    event_to_dict,
)
from wijkdialoog.engine.figures import SessionFigures, session_figures, statement_outcomes
from wijkdialoog.engine.outcomes import Level, StatementOutcome, wilson_interval
from wijkdialoog.engine.settings import MethodSettings
from wijkdialoog.engine.snapshot import snapshot, snapshot_json

__all__ = [
    "BipotronChanged",
    "Delivered",
    "Dialogue",
    "Effect",
    "Event",
    "EventRefused",
    "GroupAssigned",
    "InboxRequested",
    "ItemClosed",
    "ItemKind",
    "ItemOpened",
    "Level",
    "LevelChanged",
    "MethodSettings",
    "Migrated",
    "ParticipantJoined",
    "ParticipantLeft",
    "PollAnswered",
    "Role",
    "SessionFigures",
    "StatementHidden",
    "StatementOutcome",
    "StatementPosted",
    "Stopped",
    "Tick",
    "Vote",
    "VoteCast",
    "Withdrawn",
    "event_from_dict",
    "event_to_dict",
    "session_figures",
    "snapshot",
    "snapshot_json",
    "statement_outcomes",
    "wilson_interval",
]

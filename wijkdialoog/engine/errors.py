"""The named errors an invalid event raises; each leaves the state unchanged."""

from __future__ import annotations


class EventRefused(Exception):
    """Refuse an event; `code` is stable for programs, the web layer words it for people."""

    code = "refused"


class TimeWentBackwards(EventRefused):
    code = "time_went_backwards"


class UnknownParticipant(EventRefused):
    code = "unknown_participant"


class ParticipantAlreadyPresent(EventRefused):
    code = "participant_already_present"


class ParticipantNotPresent(EventRefused):
    code = "participant_not_present"


class UnknownItem(EventRefused):
    code = "unknown_item"


class ItemAlreadyOpened(EventRefused):
    code = "item_already_opened"


class ItemNotOpen(EventRefused):
    code = "item_not_open"


class WrongItemKind(EventRefused):
    code = "wrong_item_kind"


class UnknownStatement(EventRefused):
    code = "unknown_statement"


class DuplicateStatement(EventRefused):
    code = "duplicate_statement"


class EmptyStatement(EventRefused):
    code = "empty_statement"


class StatementTooLong(EventRefused):
    code = "statement_too_long"


class StatementHidden(EventRefused):
    code = "statement_hidden"


class ExplanationTooLong(EventRefused):
    code = "explanation_too_long"


class OwnStatement(EventRefused):
    code = "own_statement"


class NotShown(EventRefused):
    code = "not_shown"


class AlreadyVoted(EventRefused):
    code = "already_voted"


class UnknownPollOption(EventRefused):
    code = "unknown_poll_option"


class AlreadyAnswered(EventRefused):
    code = "already_answered"

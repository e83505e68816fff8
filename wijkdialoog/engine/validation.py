"""Checks that run before an event changes anything: a refused event leaves no trace."""

from __future__ import annotations

import math

from wijkdialoog.engine import errors
from wijkdialoog.engine.events import (
    Event,
    InboxRequested,
    ItemClosed,
    ItemKind,
    ItemOpened,
    ParticipantJoined,
    ParticipantLeft,
    PollAnswered,
    StatementHidden,
    StatementPosted,
    Tick,
    VoteCast,
)
from wijkdialoog.engine.state import DialogueState, Item, Participant, Statement, has_voted


def validate(state: DialogueState, event: Event) -> None:
    """Raise the named error for an event the dialogue must refuse."""
    if not math.isfinite(event.at) or event.at < state.last_at:
        raise errors.TimeWentBackwards(f"event at {event.at} comes before {state.last_at}")
    match event:
        case ParticipantJoined():
            known = state.participants.get(event.participant_id)
            if known is not None and known.is_present:
                raise errors.ParticipantAlreadyPresent(f"{event.participant_id} is present")
        case ParticipantLeft() | InboxRequested():
            present_participant(state, event.participant_id)
        case ItemOpened():
            if event.item_id in state.items:
                raise errors.ItemAlreadyOpened(f"item {event.item_id} was opened before")
            if event.kind is ItemKind.POLL and len(set(event.options)) < 2:
                raise errors.WrongItemKind("a poll needs at least two different options")
        case ItemClosed():
            open_item(state, event.item_id)
        case StatementPosted():
            _validate_statement(state, event)
        case VoteCast():
            _validate_vote(state, event)
        case PollAnswered():
            _validate_poll_answer(state, event)
        case StatementHidden():
            statement = known_statement(state, event.statement_id)
            if statement.is_hidden:
                raise errors.StatementHidden(f"statement {event.statement_id} is hidden already")
        case Tick():
            pass


def present_participant(state: DialogueState, participant_id: int) -> Participant:
    participant = state.participants.get(participant_id)
    if participant is None:
        raise errors.UnknownParticipant(f"unknown participant {participant_id}")
    if not participant.is_present:
        raise errors.ParticipantNotPresent(f"participant {participant_id} has left")
    return participant


def open_item(state: DialogueState, item_id: int) -> Item:
    item = state.items.get(item_id)
    if item is None:
        raise errors.UnknownItem(f"unknown item {item_id}")
    if not item.is_open:
        raise errors.ItemNotOpen(f"item {item_id} is closed")
    return item


def known_statement(state: DialogueState, statement_id: int) -> Statement:
    statement = state.statements.get(statement_id)
    if statement is None:
        raise errors.UnknownStatement(f"unknown statement {statement_id}")
    return statement


def _validate_text(state: DialogueState, text: str) -> None:
    if not text.strip():
        raise errors.EmptyStatement("the statement is empty")
    limit = state.settings.max_statement_chars
    if len(text) > limit:
        raise errors.StatementTooLong(f"the statement has {len(text)} characters, over {limit}")


def _validate_statement(state: DialogueState, event: StatementPosted) -> None:
    participant = present_participant(state, event.participant_id)
    if event.statement_id in state.statements:
        raise errors.DuplicateStatement(f"statement {event.statement_id} exists")
    item = open_item(state, event.item_id)
    if item.kind is not ItemKind.QUESTION:
        raise errors.WrongItemKind(f"item {event.item_id} is a {item.kind}, not a question")
    _validate_text(state, event.text)
    if event.reply_to is not None:
        target = known_statement(state, event.reply_to)
        if target.is_hidden:
            raise errors.StatementHidden(f"statement {event.reply_to} is hidden")
        if target.item_id != event.item_id:
            raise errors.WrongItemKind("a reaction belongs to the question of its statement")
        if participant.key not in target.audience:
            raise errors.NotShown(f"statement {event.reply_to} was not shown to them")


def _validate_vote(state: DialogueState, event: VoteCast) -> None:
    participant = present_participant(state, event.participant_id)
    statement = known_statement(state, event.statement_id)
    if statement.is_hidden:
        raise errors.StatementHidden(f"statement {event.statement_id} is hidden")
    open_item(state, statement.item_id)
    if statement.author_id == event.participant_id:
        raise errors.OwnStatement("nobody votes on their own statement")
    mark = statement.audience.get(participant.key)
    if mark is None:
        raise errors.NotShown(f"statement {event.statement_id} was not shown to them")
    if has_voted(mark):
        raise errors.AlreadyVoted(f"already voted on statement {event.statement_id}")


def _validate_poll_answer(state: DialogueState, event: PollAnswered) -> None:
    present_participant(state, event.participant_id)
    item = open_item(state, event.item_id)
    if item.kind is not ItemKind.POLL:
        raise errors.WrongItemKind(f"item {event.item_id} is a {item.kind}, not a poll")
    if event.option not in item.options:
        raise errors.UnknownPollOption(f"{event.option!r} is not an option of this poll")
    if event.participant_id in item.poll_answers:
        raise errors.AlreadyAnswered("this poll was answered already")
    limit = state.settings.max_explanation_chars
    if len(event.explanation) > limit:
        raise errors.ExplanationTooLong(
            f"the explanation has {len(event.explanation)} characters, over {limit}"
        )

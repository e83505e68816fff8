"""The event log and the read models, as the conductor reads and writes them (sync code).

`append` writes a batch of events and brings the read models up to date in one
transaction, so an acknowledged statement or vote is in the database, whole, before
anyone hears of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from wijkdialoog.engine import (
    Event,
    ItemClosed,
    ItemOpened,
    MethodSettings,
    PollAnswered,
    StatementHidden,
    StatementPosted,
    VoteCast,
    event_from_dict,
    event_to_dict,
)
from wijkdialoog.engine.state import DialogueState
from wijkdialoog.web.dialogues import models


@dataclass(frozen=True, slots=True)
class ItemInfo:
    item_id: int
    position: int
    kind: str
    title: str
    introduction: str
    video_url: str
    hashtag: str
    options: tuple[str, ...]

    def as_frame(self) -> dict[str, Any]:
        return {
            "id": self.item_id,
            "kind": self.kind,
            "title": self.title,
            "introduction": self.introduction,
            "video_url": self.video_url,
            "hashtag": self.hashtag,
            "options": list(self.options),
        }


@dataclass(frozen=True, slots=True)
class DialogueInfo:
    title: str
    status: str
    settings: MethodSettings
    items: dict[int, ItemInfo]  # by item id

    def next_item_after(self, position: int) -> ItemInfo | None:
        later = [i for i in self.items.values() if i.position > position]
        return min(later, key=lambda i: i.position) if later else None


@dataclass(frozen=True, slots=True)
class LoadedLog:
    info: DialogueInfo
    events: list[Event]
    last_seq: int
    refs: dict[tuple[int, str], int | None]  # (participant, client ref) -> statement


def load_info(dialogue_id: int) -> DialogueInfo:
    dialogue = models.Dialogue.objects.get(pk=dialogue_id)
    items = {
        item.pk: ItemInfo(
            item_id=item.pk,
            position=item.position,
            kind=item.kind,
            title=item.title,
            introduction=item.introduction,
            video_url=item.video_url,
            hashtag=item.hashtag,
            options=tuple(item.poll_options or ()),
        )
        for item in dialogue.items.all()
    }
    return DialogueInfo(dialogue.title, dialogue.status, dialogue.engine_settings(), items)


def load(dialogue_id: int) -> LoadedLog:
    """Read a dialogue's script and its whole event log, in order."""
    info = load_info(dialogue_id)
    events: list[Event] = []
    refs: dict[tuple[int, str], int | None] = {}
    last_seq = 0
    rows = models.Event.objects.filter(dialogue_id=dialogue_id).order_by("seq")
    for seq, payload, client_ref in rows.values_list("seq", "payload", "client_ref").iterator():
        event = event_from_dict(payload)
        events.append(event)
        last_seq = seq
        if client_ref:
            refs[(payload["participant_id"], client_ref)] = payload.get("statement_id")
    return LoadedLog(info, events, last_seq, refs)


def _when(at: float) -> datetime:
    return datetime.fromtimestamp(at, tz=UTC)


@transaction.atomic
def append(
    dialogue_id: int,
    last_seq: int,
    rows: list[tuple[Event, int | None, str | None]],
    state: DialogueState,
) -> int:
    """Write (event, participant, client ref) rows after `last_seq`; return the new last seq."""
    payloads = [event_to_dict(event) for event, _, _ in rows]
    models.Event.objects.bulk_create(
        models.Event(
            dialogue_id=dialogue_id,
            seq=last_seq + number,
            kind=payload["type"],
            payload=payload,
            client_ref=ref or "",
        )
        for number, (payload, (_, _, ref)) in enumerate(zip(payloads, rows, strict=True), start=1)
    )
    _project(dialogue_id, [event for event, _, _ in rows], state)
    return last_seq + len(rows)


def _project(dialogue_id: int, events: list[Event], state: DialogueState) -> None:
    """Bring the read models up to date with a batch of events."""
    posted = [e for e in events if isinstance(e, StatementPosted)]
    wanted = {e.reply_to for e in posted if e.reply_to is not None}
    wanted |= {e.statement_id for e in events if isinstance(e, VoteCast | StatementHidden)}
    pk_of = dict(
        models.Statement.objects.filter(dialogue_id=dialogue_id, engine_id__in=wanted).values_list(
            "engine_id", "pk"
        )
    )
    # One insert for the batch's statements (PostgreSQL and SQLite return their keys).
    new_rows = models.Statement.objects.bulk_create(
        models.Statement(
            dialogue_id=dialogue_id,
            engine_id=event.statement_id,
            item_id=event.item_id,
            author_id=event.participant_id,
            text=event.text,
            reaction_to_id=pk_of.get(event.reply_to) if event.reply_to is not None else None,
            posted_at=_when(event.at),
        )
        for event in posted
    )
    pk_of.update((event.statement_id, row.pk) for event, row in zip(posted, new_rows, strict=True))
    # A reaction to a statement of the same batch learns that statement's key only now.
    late_reactions = []
    for event, row in zip(posted, new_rows, strict=True):
        if event.reply_to is not None and row.reaction_to_id is None:
            row.reaction_to_id = pk_of[event.reply_to]
            late_reactions.append(row)
    models.Statement.objects.bulk_update(late_reactions, ["reaction_to"])
    votes = [e for e in events if isinstance(e, VoteCast)]
    models.VoteRecord.objects.bulk_create(
        models.VoteRecord(
            statement_id=pk_of[e.statement_id],
            participant_id=e.participant_id,
            vote=e.vote.value,
            cast_at=_when(e.at),
        )
        for e in votes
    )
    models.PollAnswer.objects.bulk_create(
        models.PollAnswer(
            item_id=e.item_id,
            participant_id=e.participant_id,
            option=e.option,
            explanation=e.explanation,
            answered_at=_when(e.at),
        )
        for e in events
        if isinstance(e, PollAnswered)
    )
    for event in events:
        if isinstance(event, ItemOpened | ItemClosed):
            new_state = "open" if isinstance(event, ItemOpened) else "closed"
            models.ScriptItem.objects.filter(pk=event.item_id).update(state=new_state)
        elif isinstance(event, StatementHidden):
            models.Statement.objects.filter(pk=pk_of[event.statement_id]).update(
                is_hidden=True, hidden_reason=event.reason
            )
    # The engine holds the counts and the grade; copy them for the statements voted on,
    # in one statement for the batch (one per statement was most of a large batch's time).
    voted_on = []
    for statement_id in sorted({e.statement_id for e in votes}):
        counted = state.statements[statement_id]
        voted_on.append(
            models.Statement(
                pk=pk_of[statement_id],
                agree=counted.agree,
                disagree=counted.disagree,
                passes=counted.passes,
                level=counted.level or "",
                is_bipotron=counted.is_bipotron,
            )
        )
    models.Statement.objects.bulk_update(
        voted_on, ["agree", "disagree", "passes", "level", "is_bipotron"]
    )


def append_notice(dialogue_id: int, text: str) -> None:
    models.Notice.objects.create(dialogue_id=dialogue_id, text=text)


def set_status(dialogue_id: int, status: str) -> None:
    dialogues = models.Dialogue.objects.filter(pk=dialogue_id)
    dialogues.update(status=status)
    if status == models.Dialogue.Status.CLOSED:
        # The retention of personal data counts from here (privacy.py).
        dialogues.filter(closed_at__isnull=True).update(closed_at=timezone.now())

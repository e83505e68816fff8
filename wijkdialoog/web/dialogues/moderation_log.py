"""The moderation log: who hid which statement or sent which notice, when and why.

Kept in Django's admin log (`LogEntry`) against the dialogue, so the admin's history of
a dialogue shows it as well and no table of our own is needed. Each entry carries
Django's own change message (what the admin shows) and ours under "moderation" (what
the console's log page reads). A hidden statement's text is not copied into the log:
the entry points at the statement, so erasing what a participant wrote leaves no copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from wijkdialoog.web.dialogues import models

HIDDEN = "hidden"
NOTICE = "notice"


@dataclass(frozen=True)
class ModerationEntry:
    kind: str  # HIDDEN or NOTICE
    at: datetime
    by: str
    text: str  # the statement's or the notice's; empty when the statement was erased
    reason: str = ""


def record_hidden(user: Any, dialogue_id: int, *, statement_engine_id: int, reason: str) -> None:
    """Log that `user` hid a statement, after its conductor accepted and stored that."""
    statement_pk = (
        models.Statement.objects.filter(dialogue_id=dialogue_id, engine_id=statement_engine_id)
        .values_list("pk", flat=True)
        .first()
    )
    admin_message = {"name": "stelling", "object": str(statement_pk), "fields": ["verborgen"]}
    ours = {"action": HIDDEN, "statement": statement_pk, "reason": reason}
    _log(user, dialogue_id, CHANGE, {"changed": admin_message, "moderation": ours})


def record_notice(user: Any, dialogue_id: int, *, text: str) -> None:
    """Log that `user` sent a notice to everyone in the dialogue."""
    admin_message = {"name": "mededeling", "object": text}
    ours = {"action": NOTICE, "text": text}
    _log(user, dialogue_id, ADDITION, {"added": admin_message, "moderation": ours})


def _log(user: Any, dialogue_id: int, flag: int, message: dict[str, Any]) -> None:
    dialogue = models.Dialogue.objects.get(pk=dialogue_id)
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(models.Dialogue),
        object_id=str(dialogue_id),
        object_repr=str(dialogue)[:200],
        action_flag=flag,
        change_message=json.dumps([message]),
    )


def moderation_entries(dialogue: models.Dialogue) -> list[ModerationEntry]:
    """The dialogue's log, newest first; other admin log entries of it are left out."""
    logged = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(models.Dialogue),
            object_id=str(dialogue.pk),
            change_message__contains='"moderation"',
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
    )
    pairs = [(entry, ours) for entry in logged if (ours := _ours(entry)) is not None]
    hidden_pks = [ours["statement"] for _, ours in pairs if ours["action"] == HIDDEN]
    texts = dict(
        models.Statement.objects.filter(dialogue=dialogue, pk__in=hidden_pks).values_list(
            "pk", "text"
        )
    )
    return [
        ModerationEntry(
            kind=ours["action"],
            at=entry.action_time,
            by=entry.user.get_username(),
            text=texts.get(ours.get("statement"), "") if ours["action"] == HIDDEN else ours["text"],
            reason=ours.get("reason", ""),
        )
        for entry, ours in pairs
    ]


def _ours(entry: LogEntry) -> dict[str, Any] | None:
    try:
        ours = json.loads(entry.change_message)[0]["moderation"]
    except (ValueError, LookupError, TypeError):
        return None
    return ours if isinstance(ours, dict) and ours.get("action") in (HIDDEN, NOTICE) else None

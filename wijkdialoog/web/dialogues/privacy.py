"""Erasing personal data: of one participant on request, or of everyone in a dialogue
whose retention has ended (docs/operations.md, "Privacy").

Erased: the pseudonym, the contact address, the two open intake answers (also in the
event log, whose `participant.joined` events carry them) and the device token, so the
old cookie opens nothing. Kept, with nobody behind them: votes, statements, poll
answers, and the intake's categories (role, organisation type, scale): coarse choices
from fixed lists, shared by many, that the report's cross-party figures need. On
request a participant's statements and poll explanations go too: their text is
replaced in the log and the read models, never deleted, so the log still replays.

Only a closed dialogue is erased. A running dialogue's conductor holds the log in
memory, possibly in another server process, and would go on showing what was erased;
a closed one shows no statement text any more (no open item, empty inboxes), and a
conductor that starts again replays the rewritten log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkdialoog.web.dialogues import models

ERASED_PSEUDONYM = "verwijderd"
REMOVED_TEXT = "[verwijderd op verzoek]"
OPEN_ANSWERS = ("reason", "success")  # the intake's free text; the categories stay
BATCH = 500


class ErasureRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure changed, for the facilitator's or the operator's message."""

    participants: int
    statements_removed: int = 0
    public_page_renewed: bool = False


def set_privacy_terms(dialogue: models.Dialogue, *, privacy_text: str, retention_days: int) -> None:
    """Store the privacy text shown at intake and how long personal data is kept."""
    dialogue.privacy_text = privacy_text
    dialogue.retention_days = retention_days
    dialogue.save(update_fields=["privacy_text", "retention_days"])


def erase_participant(participant: models.Participant, *, remove_statements: bool) -> Erasure:
    """Erase one participant's personal data; with `remove_statements`, what they wrote too."""
    dialogue = participant.dialogue
    _check_closed(dialogue)
    with transaction.atomic():
        _erase_people(dialogue, only=[participant.pk])
        removed = _remove_writing(dialogue, only=[participant.pk]) if remove_statements else 0
    # Rendered after the commit: it takes a while and reads what was just written.
    renewed = removed > 0 and _renew_public_page(dialogue)
    return Erasure(participants=1, statements_removed=removed, public_page_renewed=renewed)


@transaction.atomic
def erase_dialogue(dialogue: models.Dialogue) -> Erasure:
    """Erase the personal data of every participant of a closed dialogue (its retention)."""
    _check_closed(dialogue)
    count = _erase_people(dialogue, only=None)
    dialogue.personal_data_erased_at = timezone.now()
    dialogue.save(update_fields=["personal_data_erased_at"])
    return Erasure(participants=count)


def expired_dialogues(*, now: datetime) -> list[models.Dialogue]:
    """Closed dialogues whose retention has ended and whose data is not erased yet."""
    closed = models.Dialogue.objects.filter(
        status=models.Dialogue.Status.CLOSED, personal_data_erased_at__isnull=True
    ).order_by("pk")
    return [d for d in closed if _retention_start(d) + timedelta(days=d.retention_days) <= now]


def _retention_start(dialogue: models.Dialogue) -> datetime:
    if dialogue.closed_at is not None:
        return dialogue.closed_at
    # Closed without the console (in the admin), so not dated: its last event, then.
    last = dialogue.events.order_by("-seq").values_list("recorded_at", flat=True).first()
    return last or dialogue.created_at


def _check_closed(dialogue: models.Dialogue) -> None:
    if dialogue.status != models.Dialogue.Status.CLOSED:
        raise ErasureRefused(
            _(
                "De dialoog „%(title)s” is nog niet gesloten. Sluit hem eerst: zolang hij "
                "loopt, gebruikt de live dialoog deze gegevens nog."
            )
            % {"title": dialogue.title}
        )


def _erase_people(dialogue: models.Dialogue, *, only: list[int] | None) -> int:
    """Erase the personal data of these participants of the dialogue (None: of all)."""
    people = dialogue.participants.all()
    if only is not None:
        people = people.filter(pk__in=only)
    participants = list(people)
    for participant in participants:
        participant.pseudonym = ERASED_PSEUDONYM
        participant.reason = ""
        participant.success = ""
        participant.keep_informed = models.Participant.KeepInformed.NO
        participant.device_token = models.new_device_token()
    fields = ["pseudonym", "reason", "success", "keep_informed", "device_token"]
    models.Participant.objects.bulk_update(participants, fields, batch_size=BATCH)
    models.ContactAddress.objects.filter(participant__in=people).delete()
    _rewrite_log(dialogue, "participant.joined", only, _without_open_answers)
    _rename_in_admin_history([p.pk for p in participants])
    return len(participants)


def _rename_in_admin_history(participant_ids: list[int]) -> None:
    # The admin's history names a participant changed there by their pseudonym.
    kind = ContentType.objects.get_for_model(models.Participant)
    for start in range(0, len(participant_ids), BATCH):
        ids = [str(pk) for pk in participant_ids[start : start + BATCH]]
        LogEntry.objects.filter(content_type=kind, object_id__in=ids).update(
            object_repr=ERASED_PSEUDONYM
        )


def _remove_writing(dialogue: models.Dialogue, *, only: list[int]) -> int:
    """Replace what these participants wrote; return how many statements that was."""
    # The engine refuses a statement longer than the dialogue allows, also on replay.
    text = REMOVED_TEXT[: dialogue.engine_settings().max_statement_chars]
    _rewrite_log(dialogue, "statement.posted", only, lambda payload: {**payload, "text": text})
    _rewrite_log(dialogue, "poll.answered", only, lambda payload: {**payload, "explanation": ""})
    models.PollAnswer.objects.filter(participant__in=only).update(explanation="")
    return models.Statement.objects.filter(dialogue=dialogue, author__in=only).update(text=text)


Payload = dict[str, Any]


def _without_open_answers(payload: Payload) -> Payload:
    intake = payload.get("intake", [])
    return {**payload, "intake": [pair for pair in intake if pair[0] not in OPEN_ANSWERS]}


def _rewrite_log(
    dialogue: models.Dialogue,
    kind: str,
    only: list[int] | None,
    change: Callable[[Payload], Payload],
) -> None:
    """Change, in place, the payloads of one kind of event of these participants (None: all)."""
    events = models.Event.objects.filter(dialogue=dialogue, kind=kind)
    if only is not None:
        events = events.filter(payload__participant_id__in=only)
    changed = list(events)
    for event in changed:
        event.payload = change(event.payload)
    models.Event.objects.bulk_update(changed, ["payload"], batch_size=BATCH)


def _renew_public_page(dialogue: models.Dialogue) -> bool:
    """Render a published public page again, so removed text leaves it too."""
    from wijkdialoog.reports.html import render_public
    from wijkdialoog.web.dialogues.report_drafts import edits_of, report_for

    draft = models.ReportDraft.objects.filter(dialogue=dialogue, published_at__isnull=False).first()
    if draft is None:
        return False
    draft.public_html = render_public(report_for(dialogue, edits_of(draft)))
    draft.save(update_fields=["public_html"])  # published_at stays: the same publication
    return True

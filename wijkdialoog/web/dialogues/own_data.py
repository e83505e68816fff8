"""What we keep of one participant, as they may download it (their right of access).

Only their own data: their intake, their contact address, what they wrote and how
they voted and answered. A vote names the statement by its number and question, not
its text: that text is another participant's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from wijkdialoog.web.dialogues import models


def own_data(participant: models.Participant) -> dict[str, Any]:
    """Everything stored about one participant, as plain JSON-ready data."""
    dialogue = participant.dialogue
    return {
        "made_at": _when(timezone.now()),
        "dialogue": {
            "title": dialogue.title,
            "invite_code": dialogue.invite_code,
            "status": dialogue.get_status_display(),
            "closed_at": _when(dialogue.closed_at),
            "retention_days_after_closing": dialogue.retention_days,
        },
        "participant": _intake(participant),
        "contact_address": _contact(participant),
        "statements": _statements(participant),
        "votes": _votes(participant),
        "poll_answers": _poll_answers(participant),
    }


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _intake(participant: models.Participant) -> dict[str, Any]:
    # The choices as the intake showed them, in the page's language.
    return {
        "number": participant.pk,
        "pseudonym": participant.pseudonym,
        "role": participant.get_role_display(),
        "organisation_type": participant.get_organisation_type_display(),
        "scale": participant.get_scale_display(),
        "reason": participant.reason,
        "success": participant.success,
        "keep_informed": participant.get_keep_informed_display(),
        "consent": participant.consent,
        "joined_at": _when(participant.joined_at),
    }


def _contact(participant: models.Participant) -> dict[str, Any] | None:
    contact = models.ContactAddress.objects.filter(participant=participant).first()
    if contact is None:
        return None
    return {
        "email": contact.email,
        "purpose": contact.get_purpose_display(),
        "given_at": _when(contact.created_at),
    }


def _statements(participant: models.Participant) -> list[dict[str, Any]]:
    rows = participant.statements.select_related("item", "reaction_to").order_by("posted_at")
    return [
        {
            "number": s.engine_id,
            "question": s.item.title,
            "text": s.text,
            "posted_at": _when(s.posted_at),
            "reaction_to": s.reaction_to.engine_id if s.reaction_to else None,
            "hidden": s.is_hidden,
            "hidden_reason": s.hidden_reason,
        }
        for s in rows
    ]


def _votes(participant: models.Participant) -> list[dict[str, Any]]:
    rows = participant.votes.select_related("statement__item").order_by("cast_at")
    return [
        {
            "statement": v.statement.engine_id,
            "question": v.statement.item.title,
            "vote": v.vote,
            "cast_at": _when(v.cast_at),
        }
        for v in rows
    ]


def _poll_answers(participant: models.Participant) -> list[dict[str, Any]]:
    rows = participant.poll_answers.select_related("item").order_by("answered_at")
    return [
        {
            "question": a.item.title,
            "option": a.option,
            "explanation": a.explanation,
            "answered_at": _when(a.answered_at),
        }
        for a in rows
    ]

"""Retention: `manage.py erase_expired` erases the personal data of closed dialogues whose
retention has ended, and of no other dialogue."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.web.conftest import make_dialogue, make_participant
from wijkdialoog.web.dialogues import eventlog, models
from wijkdialoog.web.dialogues.privacy import ERASED_PSEUDONYM


def dialogue_with(
    name: str, *, status: str, closed_days_ago: int | None, retention_days: int = 365
) -> models.Dialogue:
    """A dialogue with one participant who gave an address and whose intake is logged."""
    dialogue = make_dialogue()
    dialogue.status = status
    dialogue.retention_days = retention_days
    if closed_days_ago is not None:
        dialogue.closed_at = timezone.now() - timedelta(days=closed_days_ago)
    dialogue.save()
    participant = make_participant(dialogue, name)
    participant.reason = f"Reden van {name}"
    participant.save()
    models.ContactAddress.objects.create(participant=participant, email=f"{name}@example.org")
    payload = {
        "type": "participant.joined",
        "at": 1.0,
        "participant_id": participant.pk,
        "role": "resident",
        "intake": [["organisation_type", "none"], ["reason", f"Reden van {name}"]],
    }
    models.Event.objects.create(dialogue=dialogue, seq=1, kind=payload["type"], payload=payload)
    return dialogue


def is_erased(dialogue: models.Dialogue) -> bool:
    participant = dialogue.participants.get()
    intake = dialogue.events.get().payload["intake"]
    erased = (
        participant.pseudonym == ERASED_PSEUDONYM,
        participant.reason == "",
        not models.ContactAddress.objects.filter(participant=participant).exists(),
        intake == [["organisation_type", "none"]],
    )
    assert len(set(erased)) == 1, f"half erased: {erased}"
    return erased[0]


def erase_expired(*args: str) -> str:
    out = io.StringIO()
    call_command("erase_expired", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def dialogues(db) -> dict[str, models.Dialogue]:
    closed = models.Dialogue.Status.CLOSED
    return {
        "expired": dialogue_with("Anna", status=closed, closed_days_ago=366),
        "short retention": dialogue_with(
            "Bram", status=closed, closed_days_ago=31, retention_days=30
        ),
        "recently closed": dialogue_with("Cees", status=closed, closed_days_ago=364),
        "still running": dialogue_with(
            "Dewi", status=models.Dialogue.Status.RUNNING, closed_days_ago=None, retention_days=0
        ),
    }


def test_only_dialogues_past_their_retention_are_erased(dialogues) -> None:
    output = erase_expired()
    erased = {name for name, dialogue in dialogues.items() if is_erased(dialogue)}
    assert erased == {"expired", "short retention"}
    assert f"Erased dialogue {dialogues['expired'].pk}: 1 participants" in output
    for name, dialogue in dialogues.items():
        dialogue.refresh_from_db()
        assert (dialogue.personal_data_erased_at is not None) == (name in erased)
    assert models.Participant.objects.count() == 4  # their votes and statements stay theirs


def test_a_dry_run_changes_nothing(dialogues) -> None:
    output = erase_expired("--dry-run")
    assert f"Would erase dialogue {dialogues['expired'].pk}: 1 participants" in output
    assert not any(is_erased(dialogue) for dialogue in dialogues.values())


def test_a_second_run_finds_nothing_to_do(dialogues) -> None:
    erase_expired()
    assert erase_expired() == "No dialogue is past its retention.\n"


def test_closing_dates_the_dialogue_once(db) -> None:
    dialogue = make_dialogue()
    eventlog.set_status(dialogue.pk, models.Dialogue.Status.CLOSED)
    dialogue.refresh_from_db()
    closed_at = dialogue.closed_at
    assert closed_at is not None
    assert dialogue.erase_due_at == closed_at + timedelta(days=365)
    eventlog.set_status(dialogue.pk, models.Dialogue.Status.CLOSED)
    dialogue.refresh_from_db()
    assert dialogue.closed_at == closed_at


def test_a_dialogue_closed_without_a_date_counts_from_its_last_event(db) -> None:
    closed = models.Dialogue.Status.CLOSED
    dialogue = dialogue_with("Anna", status=closed, closed_days_ago=None, retention_days=30)
    erase_expired()
    assert not is_erased(dialogue)
    dialogue.events.update(recorded_at=timezone.now() - timedelta(days=31))
    erase_expired()
    assert is_erased(dialogue)

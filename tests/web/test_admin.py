"""The Django admin lists and shows every model; the event log is read-only there."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.web.conftest import make_dialogue, make_participant
from wijkdialoog.web.dialogues import models

MODELS = [
    models.Neighbourhood,
    models.Dialogue,
    models.ScriptItem,
    models.Participant,
    models.ContactAddress,
    models.Event,
    models.Statement,
    models.VoteRecord,
    models.PollAnswer,
    models.Notice,
    models.ReportDraft,
]


@pytest.fixture
def admin_client_with_data(client, db):
    dialogue = make_dialogue()
    author = make_participant(dialogue, "Anna")
    models.ContactAddress.objects.create(participant=author, email="anna@example.org")
    item = dialogue.items.first()
    models.Event.objects.create(dialogue=dialogue, seq=1, kind="tick", payload={"type": "tick"})
    statement = models.Statement.objects.create(
        dialogue=dialogue,
        engine_id=1,
        item=item,
        author=author,
        text="Meer groen",
        posted_at="2026-11-23T10:00:00Z",
    )
    voter = make_participant(dialogue, "Bram")
    models.VoteRecord.objects.create(
        statement=statement, participant=voter, vote="agree", cast_at="2026-11-23T10:01:00Z"
    )
    models.Notice.objects.create(dialogue=dialogue, text="Pauze")
    models.ReportDraft.objects.create(dialogue=dialogue, theme_labels={"q1-t1": "Groen"})
    user = User.objects.create_superuser("beheer", password="x")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_working_changelist_and_change_page(admin_client_with_data, model):
    opts = model._meta
    listing = admin_client_with_data.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    )
    assert listing.status_code == 200
    first = model.objects.first()
    if first is not None:
        page = admin_client_with_data.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        )
        assert page.status_code == 200


def test_the_event_log_cannot_be_changed_in_the_admin(admin_client_with_data):
    event = models.Event.objects.get()
    url = reverse("admin:dialogues_event_change", args=[event.pk])
    admin_client_with_data.post(url, {"seq": 99, "kind": "forged", "payload": "{}"})
    event.refresh_from_db()
    assert (event.seq, event.kind) == (1, "tick")
    assert admin_client_with_data.get(reverse("admin:dialogues_event_add")).status_code == 403


def test_read_models_cannot_be_changed_in_the_admin(admin_client_with_data):
    statement = models.Statement.objects.get()
    url = reverse("admin:dialogues_statement_change", args=[statement.pk])
    admin_client_with_data.post(url, {"text": "Vervalst", "is_hidden": "on"})
    statement.refresh_from_db()
    assert (statement.text, statement.is_hidden) == ("Meer groen", False)

"""The moderation log: who hid which statement and why, who sent which notice, and when.

Read by the dialogue's facilitators and the administrators only, on the console page
"Moderatielogboek"; kept in Django's admin log against the dialogue.
"""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import amake_dialogue, make_administrator, make_dialogue, make_participant
from tests.web.test_console import Browser, _live_dialogue_with_item_open
from tests.web.test_staff_roles import NOT_YOURS
from wijkdialoog.web.dialogues import models


@pytest.fixture
def anna(adb):
    return make_administrator("anna")


@pytest.fixture
async def console(anna) -> Browser:
    client = Browser()
    await client.aforce_login(anna)
    return client


def log_url(dialogue: models.Dialogue) -> str:
    return reverse("console:moderation_log", args=[dialogue.pk])


async def _hide_and_announce(console: Browser) -> tuple[models.Dialogue, str]:
    dialogue, alice, bob, statement_id = await _live_dialogue_with_item_open(console)
    await alice.close()
    await bob.close()
    hide = reverse("console:hide", args=[dialogue.pk])
    await console.post(hide, {"statement": statement_id, "reason": "Noemt een buurman bij naam"})
    await console.post(reverse("console:notice", args=[dialogue.pk]), {"text": "Nog tien minuten"})
    return dialogue, "Meer groen op het plein"


async def test_the_log_shows_who_hid_what_and_why_and_who_sent_which_notice(console, anna):
    dialogue, statement_text = await _hide_and_announce(console)
    response = await console.get(log_url(dialogue))
    assert response.status_code == 200
    html = response.content.decode()
    hidden_section, notices_section = html.split('id="notices-heading"')
    assert statement_text in hidden_section
    assert "Noemt een buurman bij naam" in hidden_section
    assert "anna" in hidden_section
    assert "Nog tien minuten" in notices_section and "anna" in notices_section
    entries = await database_sync_to_async(list)(
        LogEntry.objects.filter(object_id=str(dialogue.pk)).select_related("user")
    )
    assert sorted(e.action_flag for e in entries) == [ADDITION, CHANGE]
    assert {e.user.username for e in entries} == {"anna"}


async def test_a_refused_hide_is_not_logged(console, anna):
    dialogue = await amake_dialogue()
    hide = reverse("console:hide", args=[dialogue.pk])
    await console.post(hide, {"statement": 999, "reason": "Spam"})
    assert not await LogEntry.objects.filter(object_id=str(dialogue.pk)).aexists()
    html = (await console.get(log_url(dialogue))).content.decode()
    assert "Er is nog geen stelling verborgen." in html
    assert "Er is nog geen mededeling gestuurd." in html


def test_only_the_dialogues_facilitators_and_administrators_read_its_log(db) -> None:
    mine, theirs = make_dialogue(), make_dialogue()
    anna = get_user_model().objects.create_user("anna", password="geheim", is_staff=True)
    mine.facilitators.add(anna)
    client = Client()
    client.force_login(anna)
    assert client.get(log_url(mine)).status_code == 200
    refused = client.get(log_url(theirs))
    assert refused.status_code == 403
    assert NOT_YOURS in refused.content.decode()
    administrator = Client()
    administrator.force_login(make_administrator("beheerder"))
    assert administrator.get(log_url(theirs)).status_code == 200
    assert Client().get(log_url(mine)).status_code == 302  # to the login page
    assert client.post(log_url(mine)).status_code == 405  # a log is only read


async def test_an_erased_statement_leaves_no_copy_in_the_log(console, anna):
    dialogue, statement_text = await _hide_and_announce(console)
    await models.Statement.objects.filter(dialogue=dialogue).adelete()
    html = (await console.get(log_url(dialogue))).content.decode()
    assert statement_text not in html
    assert "(stelling gewist)" in html
    assert "Noemt een buurman bij naam" in html  # the facilitator's reason stays
    entries = LogEntry.objects.filter(object_id=str(dialogue.pk))
    assert all([statement_text not in e.change_message async for e in entries])


async def test_the_console_page_links_to_the_log(console, anna):
    dialogue = await amake_dialogue()
    html = (await console.get(reverse("console:dialogue", args=[dialogue.pk]))).content.decode()
    assert f'href="{log_url(dialogue)}"' in html


def test_the_admin_history_of_the_dialogue_tells_the_moderation_too(db) -> None:
    from wijkdialoog.web.dialogues.moderation_log import record_hidden, record_notice

    dialogue = make_dialogue()
    statement = models.Statement.objects.create(
        dialogue=dialogue,
        engine_id=7,
        item=dialogue.items.first(),
        author=make_participant(dialogue, "Merel"),
        text="Koop nu goedkope zonnepanelen",
        posted_at=timezone.now(),
    )
    administrator = make_administrator()
    record_notice(administrator, dialogue.pk, text="Pauze tot acht uur")
    record_hidden(administrator, dialogue.pk, statement_engine_id=7, reason="Reclame")
    superuser = get_user_model().objects.create_superuser("root", password="geheim")
    admin = Client()
    admin.force_login(superuser)
    history = admin.get(reverse("admin:dialogues_dialogue_history", args=[dialogue.pk]))
    html = history.content.decode()
    # Django's own words around ours: "Mededeling 'Pauze tot acht uur' toegevoegd."
    assert "Pauze tot acht uur" in html
    assert f"Verborgen voor stelling \u2018{statement.pk}\u2019 gewijzigd." in html

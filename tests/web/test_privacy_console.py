"""The console's privacy pages: the facilitator edits the privacy text and retention after
creation, and erases a participant's data on request; nobody else may."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import make_administrator, make_dialogue, make_participant
from tests.web.test_console import Browser
from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.privacy import ERASED_PSEUDONYM, REMOVED_TEXT

NOT_YOURS = "Je bent geen gespreksleider van deze dialoog."
NEW_TERMS = {
    "privacy_text": "De gemeente Utrecht bewaart je bijdrage 90 dagen.",
    "retention_days": "90",
}


@pytest.fixture
def facilitator(db) -> tuple[models.Dialogue, models.Dialogue, Client]:
    """A facilitator of one dialogue (theirs is someone else's), logged in."""
    mine, theirs = make_dialogue(), make_dialogue()
    user = get_user_model().objects.create_user("anna", password="geheim", is_staff=True)
    mine.facilitators.add(user)
    client = Client()
    client.force_login(user)
    return mine, theirs, client


def url(name: str, dialogue: models.Dialogue) -> str:
    return reverse(f"console:{name}", args=[dialogue.pk])


def test_the_facilitator_edits_the_privacy_text_after_creation(facilitator) -> None:
    mine, _, client = facilitator
    assert client.get(url("privacy", mine)).status_code == 200
    response = client.post(url("privacy", mine), NEW_TERMS)
    assert response.status_code == 302
    assert response["Location"] == url("dialogue", mine)
    mine.refresh_from_db()
    assert (mine.privacy_text, mine.retention_days) == (NEW_TERMS["privacy_text"], 90)
    join_page = Client().get(reverse("participant:join", args=[mine.invite_code]))
    assert NEW_TERMS["privacy_text"] in join_page.content.decode()


async def test_the_console_page_tells_the_retention_and_links_to_the_privacy_pages(adb) -> None:
    def setting_up() -> tuple[models.Dialogue, models.Dialogue]:
        running, closed = make_dialogue(), make_dialogue()
        running.retention_days = 90
        running.save()
        closed.status = models.Dialogue.Status.CLOSED
        closed.closed_at = timezone.now()
        closed.save()
        return running, closed

    running, closed = await database_sync_to_async(setting_up)()
    browser = Browser()
    await browser.aforce_login(await database_sync_to_async(make_administrator)())
    html = (await browser.get(url("dialogue", running))).content.decode()
    assert "worden 90 dagen na het sluiten gewist" in html
    assert f'href="{url("privacy", running)}"' in html
    assert f'href="{url("erase", running)}"' not in html  # only once the dialogue is closed
    html = (await browser.get(url("dialogue", closed))).content.decode()
    assert "worden gewist vanaf" in html
    assert f'href="{url("erase", closed)}"' in html


def test_the_facilitator_of_another_dialogue_cannot_edit_its_privacy_text(facilitator) -> None:
    _, theirs, client = facilitator
    for response in (
        client.get(url("privacy", theirs)),
        client.post(url("privacy", theirs), NEW_TERMS),
    ):
        assert response.status_code == 403
        assert NOT_YOURS in response.content.decode()
    theirs.refresh_from_db()
    assert (theirs.privacy_text, theirs.retention_days) == ("", 365)


def test_someone_not_logged_in_is_sent_to_log_in(facilitator) -> None:
    mine, _, _ = facilitator
    response = Client().post(url("privacy", mine), NEW_TERMS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login"))
    mine.refresh_from_db()
    assert mine.privacy_text == ""


def test_the_retention_cannot_grow_once_people_joined(facilitator) -> None:
    mine, _, client = facilitator
    make_participant(mine, "Bram")
    response = client.post(url("privacy", mine), {**NEW_TERMS, "retention_days": "400"})
    assert response.status_code == 400
    assert "Er doen al mensen mee onder een termijn van 365 dagen" in response.content.decode()
    mine.refresh_from_db()
    assert mine.retention_days == 365
    assert client.post(url("privacy", mine), NEW_TERMS).status_code == 302  # shorter is fine


def test_the_default_privacy_text_tells_what_is_kept_how_long_and_the_rights(db) -> None:
    dialogue = make_dialogue()
    dialogue.retention_days = 30
    dialogue.save()
    html = Client().get(reverse("participant:join", args=[dialogue.invite_code])).content.decode()
    for promise in (
        "30 dagen nadat de dialoog is gesloten, wissen we je schuilnaam, je e-mailadres",
        "we bewaren het apart",
        "kun je alles downloaden wat we van je bewaren",
        "Vraag het de gespreksleider.",
    ):
        assert promise in html


def closed_with_a_statement(dialogue: models.Dialogue, name: str) -> models.Participant:
    dialogue.status = models.Dialogue.Status.CLOSED
    dialogue.save()
    participant = make_participant(dialogue, name)
    models.Statement.objects.create(
        dialogue=dialogue,
        engine_id=1,
        item=dialogue.items.first(),
        author=participant,
        text="Meer groen op het plein",
        posted_at=timezone.now(),
    )
    return participant


def test_the_facilitator_erases_a_participant_on_request(facilitator) -> None:
    mine, _, client = facilitator
    bram = closed_with_a_statement(mine, "Bram")
    data = {"participant": bram.pk, "remove_statements": "on", "confirm": "on"}
    response = client.post(url("erase", mine), data)
    assert response.status_code == 302
    assert response["Location"] == url("dialogue", mine)
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        f"De persoonsgegevens van deelnemer {bram.pk} zijn gewist. "
        "Ook de tekst van 1 stelling is verwijderd."
    )
    bram.refresh_from_db()
    assert bram.pseudonym == ERASED_PSEUDONYM
    assert bram.statements.get().text == REMOVED_TEXT


def test_erasing_needs_a_confirmation(facilitator) -> None:
    mine, _, client = facilitator
    bram = closed_with_a_statement(mine, "Bram")
    response = client.post(url("erase", mine), {"participant": bram.pk})
    assert response.status_code == 400
    assert "Vink aan dat je de gegevens wilt wissen." in response.content.decode()
    bram.refresh_from_db()
    assert bram.pseudonym == "Bram"


def test_a_running_dialogue_is_not_erased_and_the_facilitator_is_told_why(facilitator) -> None:
    mine, _, client = facilitator
    bram = make_participant(mine, "Bram")
    response = client.post(url("erase", mine), {"participant": bram.pk, "confirm": "on"})
    assert response.status_code == 400
    assert "is nog niet gesloten. Sluit hem eerst" in response.content.decode()
    bram.refresh_from_db()
    assert bram.pseudonym == "Bram"


def test_a_participant_of_another_dialogue_is_not_erased_here(facilitator) -> None:
    mine, theirs, client = facilitator
    closed_with_a_statement(mine, "Bram")
    cees = closed_with_a_statement(theirs, "Cees")
    response = client.post(url("erase", mine), {"participant": cees.pk, "confirm": "on"})
    assert response.status_code == 400
    assert "Deze dialoog heeft geen deelnemer met dit nummer." in response.content.decode()
    assert (
        client.post(url("erase", theirs), {"participant": cees.pk, "confirm": "on"}).status_code
        == 403
    )
    cees.refresh_from_db()
    assert cees.pseudonym == "Cees"

"""E-mail addresses: kept apart from the participant, only when given for their purpose,
shown in the admin only to administrators, and never in a report or an export."""

from __future__ import annotations

import io
import zipfile

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests.web.conftest import make_administrator, make_dialogue
from tests.web.report_session import run_closed_session
from tests.web.test_participant_views import INTAKE  # gives an address, keep informed: yes
from wijkdialoog.web.dialogues import models


def join(client: Client, dialogue: models.Dialogue, **changes: str) -> models.Participant:
    url = reverse("participant:join", args=[dialogue.invite_code])
    assert client.post(url, {**INTAKE, **changes}).status_code == 302
    return models.Participant.objects.get(dialogue=dialogue)


def test_the_participant_table_has_no_email_column() -> None:
    names = {field.name for field in models.Participant._meta.get_fields()}
    assert "email" not in names
    assert "contact" in names  # the address, when there is one, is a row of its own


def test_an_address_given_at_intake_is_kept_apart_with_its_purpose(db, client) -> None:
    participant = join(client, make_dialogue())
    contact = models.ContactAddress.objects.get()
    assert contact.participant == participant
    assert contact.email == "merel@example.org"
    assert contact.purpose == models.ContactAddress.Purpose.OUTCOMES
    row = models.Participant.objects.filter(pk=participant.pk).values().get()
    assert not any("merel@example.org" in str(value) for value in row.values())


@pytest.mark.parametrize(
    "changes", [{"keep_informed": "no"}, {"email": ""}], ids=["did-not-agree", "no-address"]
)
def test_no_address_is_kept_unless_given_to_hear_from_us(db, client, changes) -> None:
    join(client, make_dialogue(), **changes)
    assert not models.ContactAddress.objects.exists()


def test_a_wrong_address_is_told_and_nobody_joins(db, client) -> None:
    dialogue = make_dialogue()
    url = reverse("participant:join", args=[dialogue.invite_code])
    response = client.post(url, {**INTAKE, "email": "merel-at-example"})
    assert response.status_code == 400
    assert not models.Participant.objects.exists()


@pytest.fixture
def participant_with_address(db) -> models.Participant:
    participant = join(Client(), make_dialogue())
    assert models.ContactAddress.objects.filter(participant=participant).exists()
    return participant


def staff_who_may_view_participants() -> Client:
    user = get_user_model().objects.create_user("bram", password="x", is_staff=True)
    # Even with the model permissions, only an administrator sees addresses.
    for codename in ("view_participant", "view_contactaddress", "change_contactaddress"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client


def test_staff_who_do_not_administer_see_no_address_in_the_admin(participant_with_address):
    client = staff_who_may_view_participants()
    url = reverse("admin:dialogues_participant_change", args=[participant_with_address.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Merel" in page.content.decode()
    assert "merel@example.org" not in page.content.decode()
    contact = participant_with_address.contact
    for url in (
        reverse("admin:dialogues_contactaddress_changelist"),
        reverse("admin:dialogues_contactaddress_change", args=[contact.pk]),
    ):
        assert client.get(url).status_code == 403


def test_an_administrator_sees_the_address_in_the_admin(participant_with_address):
    administrator = make_administrator()
    administrator.user_permissions.add(Permission.objects.get(codename="view_participant"))
    client = Client()
    client.force_login(administrator)
    url = reverse("admin:dialogues_participant_change", args=[participant_with_address.pk])
    assert "merel@example.org" in client.get(url).content.decode()


def readable(body: bytes) -> bytes:
    """The bytes of a download, unpacked when it is a zip (the CSV archive, a workbook)."""
    if not zipfile.is_zipfile(io.BytesIO(body)):
        return body
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


async def test_no_report_export_holds_an_address(adb) -> None:
    dialogue = await run_closed_session()

    def give_everyone_an_address() -> Client:
        for participant in dialogue.participants.all():
            models.ContactAddress.objects.create(
                participant=participant, email=f"p{participant.pk}@example.org"
            )
        client = Client()
        client.force_login(make_administrator())
        return client

    client = await database_sync_to_async(give_everyone_an_address)()
    for kind in ("json", "csv", "xlsx", "html"):
        url = reverse("console:report_download", args=[dialogue.pk, kind])
        response = await database_sync_to_async(client.get)(url)
        assert response.status_code == 200, kind
        body = readable(response.content)
        assert b"park" in body, kind  # the export was read, it is not empty
        assert b"@example.org" not in body, kind

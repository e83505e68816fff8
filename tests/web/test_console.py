"""The facilitator's console: who gets in, preparing a dialogue, and running it live."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from asgiref.sync import ThreadSensitiveContext, sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import AsyncClient
from django.urls import reverse

from tests.web.conftest import (
    Socket,
    amake_dialogue,
    amake_participant,
    connect,
    make_administrator,
)
from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.consumers import ConsoleConsumer
from wijkdialoog.web.dialogues.views_console import monitor_context

VALID_YAML = b"""
title: Avond over de buurt
neighbourhood:
  name: Lombok
  municipality: Utrecht
items:
  - kind: question
    title: Waarom doe je mee?
    hashtag: Waarom
  - kind: presentation
    title: Het kennisplatform
  - kind: poll
    title: Hoe was het?
    options: [Goed, Slecht]
"""


class Browser(AsyncClient):
    """An AsyncClient that, like Django's ASGI handler, runs each request in its own
    thread-sensitive context (Django's test handler does not), so a conductor that a
    request starts must outlive that context as it must in production."""

    async def request(self, **request: Any) -> Any:
        async with ThreadSensitiveContext():
            return await super().request(**request)


@pytest.fixture
def facilitator(adb, django_user_model):
    return make_administrator()


@pytest.fixture
def stranger(adb, django_user_model):
    return django_user_model.objects.create_user("buurman", password="geheim")


@pytest.fixture
async def console(facilitator) -> Browser:
    client = Browser()
    await client.aforce_login(facilitator)
    return client


async def _message(response: Any) -> str:
    """The message this response added (earlier ones wait in the cookie, unread)."""
    return await sync_to_async(lambda: [str(m) for m in get_messages(response.asgi_request)][-1])()


def _db(function: Any) -> Any:
    return database_sync_to_async(function)


async def _live_dialogue_with_item_open(console: AsyncClient) -> tuple[Any, Socket, Socket, int]:
    """A running dialogue with its first question open; Alice posted, Bob got it."""
    dialogue = await amake_dialogue()
    alice = await connect(dialogue, await amake_participant(dialogue, "Alice"))
    bob = await connect(dialogue, await amake_participant(dialogue, "Bob", role="professional"))
    await alice.wait_for("state")
    await bob.wait_for("state")
    await console.post(reverse("console:open_next", args=[dialogue.pk]))
    await alice.wait_for("state")
    await alice.send({"type": "post", "ref": "p1", "text": "Meer groen op het plein"})
    statement_id = (await alice.wait_for("ack", ref="p1"))["statement"]
    inbox = await bob.wait_for("inbox")
    assert [s["id"] for s in inbox["statements"]] == [statement_id]
    return dialogue, alice, bob, statement_id


# Who gets in --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["console:home", "console:create", "console:import"])
async def test_anonymous_visitors_are_sent_to_the_login_page(adb, name):
    response = await Browser().get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("console:login") + "?next=")


async def test_a_stranger_is_refused_the_console(stranger):
    client = Browser()
    await client.aforce_login(stranger)
    dialogue = await amake_dialogue()
    for url in (reverse("console:home"), reverse("console:dialogue", args=[dialogue.pk])):
        response = await client.get(url)
        assert response.status_code == 403
        assert "alleen voor gespreksleiders" in response.content.decode()


async def test_a_stranger_cannot_open_an_item(stranger):
    dialogue = await amake_dialogue()
    client = Browser()
    await client.aforce_login(stranger)
    response = await client.post(reverse("console:open_next", args=[dialogue.pk]))
    assert response.status_code == 403
    anonymous = await Browser().post(reverse("console:open_next", args=[dialogue.pk]))
    assert anonymous.status_code == 302
    states = await _db(lambda: list(dialogue.items.values_list("state", flat=True)))()
    assert states == ["waiting", "waiting", "waiting"]


async def test_only_staff_can_log_in(facilitator, stranger):
    client = Browser()
    refused = await client.post(
        reverse("console:login"), {"username": "buurman", "password": "geheim"}
    )
    assert refused.status_code == 200
    assert "Alleen gespreksleiders kunnen inloggen" in refused.content.decode()
    welcomed = await client.post(
        reverse("console:login"), {"username": "gespreksleider", "password": "geheim"}
    )
    assert welcomed.status_code == 302 and welcomed.url == reverse("console:home")
    home = await client.get(reverse("console:home"))
    assert home.status_code == 200


async def test_logging_out_closes_the_console(console):
    response = await console.post(reverse("console:logout"))
    assert response.status_code == 302
    again = await console.get(reverse("console:home"))
    assert again.status_code == 302


# Preparing ----------------------------------------------------------------------


async def test_home_lists_dialogues_with_code_and_participants(console):
    dialogue = await amake_dialogue()
    await amake_participant(dialogue, "Alice")
    page = (await console.get(reverse("console:home"))).content.decode()
    assert dialogue.invite_code in page
    assert "Testdialoog" in page and "in voorbereiding" in page
    assert re.search(r"<td>1</td>", page)


async def test_a_dialogue_is_created_by_form_in_a_new_neighbourhood(console):
    response = await console.post(
        reverse("console:create"),
        {
            "new_neighbourhood": "Ondiep",
            "municipality": "Utrecht",
            "title": "Wat maakt Ondiep fijn?",
            "welcome": "Welkom",
            "privacy_text": "Privacy",
        },
    )
    dialogue = await models.Dialogue.objects.select_related("neighbourhood").aget()
    assert response.url == reverse("console:dialogue", args=[dialogue.pk])
    assert (dialogue.title, dialogue.neighbourhood.name) == ("Wat maakt Ondiep fijn?", "Ondiep")
    assert dialogue.status == "draft"


async def test_a_dialogue_is_created_in_an_existing_neighbourhood(console):
    existing = await models.Neighbourhood.objects.acreate(name="Lombok", municipality="Utrecht")
    await console.post(
        reverse("console:create"), {"neighbourhood": existing.pk, "title": "Lombok praat"}
    )
    dialogue = await models.Dialogue.objects.aget()
    assert dialogue.neighbourhood_id == existing.pk
    assert await models.Neighbourhood.objects.acount() == 1


async def test_creating_without_a_neighbourhood_is_refused_in_dutch(console):
    response = await console.post(reverse("console:create"), {"title": "Zonder wijk"})
    assert response.status_code == 400
    assert "Kies een bestaande wijk of typ de naam van een nieuwe" in response.content.decode()
    assert await models.Dialogue.objects.acount() == 0


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("avond.yaml", VALID_YAML),
        (
            "avond.json",
            json.dumps(
                {
                    "title": "Avond over de buurt",
                    "neighbourhood": {"name": "Lombok"},
                    "items": [
                        {"kind": "question", "title": "Waarom doe je mee?"},
                        {"kind": "presentation", "title": "Het kennisplatform"},
                        {"kind": "poll", "title": "Hoe was het?", "options": ["Goed", "Slecht"]},
                    ],
                }
            ).encode(),
        ),
    ],
)
async def test_importing_a_script_creates_its_items_in_order(console, filename, content):
    upload = SimpleUploadedFile(filename, content)
    response = await console.post(reverse("console:import"), {"script": upload})
    dialogue = await models.Dialogue.objects.aget()
    assert response.url == reverse("console:dialogue", args=[dialogue.pk])
    titles = await _db(lambda: list(dialogue.items.values_list("title", flat=True)))()
    assert titles == ["Waarom doe je mee?", "Het kennisplatform", "Hoe was het?"]
    assert await _message(response) == "Script ingelezen: 3 onderdelen."


async def test_a_bad_script_upload_shows_the_problem_and_creates_nothing(console):
    bad = VALID_YAML.replace(b"options: [Goed, Slecht]", b"options: [Goed]")
    upload = SimpleUploadedFile("avond.yaml", bad)
    response = await console.post(reverse("console:import"), {"script": upload})
    assert response.status_code == 400
    assert "Onderdeel 3: een peiling heeft minstens twee opties nodig" in response.content.decode()
    assert await models.Dialogue.objects.acount() == 0
    assert await models.Neighbourhood.objects.acount() == 0


async def test_an_item_is_added_at_the_end_of_the_script(console):
    dialogue = await amake_dialogue()
    response = await console.post(
        reverse("console:item_add", args=[dialogue.pk]),
        {"kind": "poll", "title": "Blijf je betrokken?", "options": "Ja\n\nNee\n", "hashtag": ""},
    )
    assert response.status_code == 302
    item = await models.ScriptItem.objects.aget(dialogue=dialogue, title="Blijf je betrokken?")
    assert (item.position, item.kind, item.poll_options) == (3, "poll", ["Ja", "Nee"])


async def test_a_poll_item_needs_two_options(console):
    dialogue = await amake_dialogue()
    response = await console.post(
        reverse("console:item_add", args=[dialogue.pk]),
        {"kind": "poll", "title": "Eén optie", "options": "Ja"},
    )
    assert response.status_code == 400
    assert "een peiling heeft minstens twee opties nodig" in response.content.decode()
    assert await models.ScriptItem.objects.filter(dialogue=dialogue).acount() == 3


async def test_an_item_added_while_running_can_be_opened(console):
    dialogue = await amake_dialogue()
    await _db(lambda: dialogue.items.filter(position__gt=0).delete())()
    await console.post(reverse("console:open_next", args=[dialogue.pk]))
    await console.post(
        reverse("console:item_add", args=[dialogue.pk]),
        {"kind": "question", "title": "Later bedacht"},
    )
    response = await console.post(reverse("console:open_next", args=[dialogue.pk]))
    assert await _message(response) == "Geopend: Later bedacht"
    item = await models.ScriptItem.objects.aget(dialogue=dialogue, title="Later bedacht")
    assert item.state == "open"


# The console page ---------------------------------------------------------------


async def test_the_console_page_shows_invite_script_and_monitor(console):
    dialogue, alice, bob, _ = await _live_dialogue_with_item_open(console)
    page = (await console.get(reverse("console:dialogue", args=[dialogue.pk]))).content.decode()
    assert f"http://testserver/d/{dialogue.invite_code}/" in page
    assert f'<p class="console-code">{dialogue.invite_code}</p>' in page
    assert re.search(r'data-item-id="\d+" data-state="open"', page)
    assert "Wat gaat goed?" in page and "Kiezen" in page
    assert re.search(r'data-figure="online">2<', page)
    assert re.search(r'data-figure="statements">1<', page)
    assert 'aria-live="polite"' in page
    assert 'id="console-labels"' in page and "dialogues/console.js" in page
    await alice.close()
    await bob.close()


async def test_the_monitor_renders_rising_statements_with_a_hide_form(adb):
    dialogue = await amake_dialogue()
    row = {"id": 7, "text": "Meer bankjes", "agree": 9, "disagree": 1, "passes": 2, "level": "Top"}
    frame = {
        "type": "monitor",
        "online": 12,
        "votes_per_minute": 30,
        "item": None,
        "statements": 4,
        "votes": 40,
        "rising": [row],
        "bipotrons": [],
    }
    html = await _db(render_to_string)(
        "dialogues/console/_monitor.html",
        {"monitor": monitor_context(frame, []), "dialogue": dialogue},
    )
    assert "Meer bankjes" in html
    assert "9 eens · 1 oneens · 2 overgeslagen" in html and "niveau Top" in html
    assert 'name="statement" value="7"' in html
    assert 'name="reason" required' in html
    assert "Nog geen stellingen die verdelen." in html


# Running ------------------------------------------------------------------------


async def test_open_next_opens_item_one_and_tells_the_participants(console):
    dialogue = await amake_dialogue()
    socket = await connect(dialogue, await amake_participant(dialogue, "Alice"))
    first = await socket.wait_for("state")
    assert first["item"] is None
    response = await console.post(reverse("console:open_next", args=[dialogue.pk]))
    assert response.url == reverse("console:dialogue", args=[dialogue.pk])
    assert await _message(response) == "Geopend: Wat gaat goed?"
    state = await socket.wait_for("state")
    assert state["item"]["title"] == "Wat gaat goed?"
    item = await models.ScriptItem.objects.aget(dialogue=dialogue, position=0)
    assert item.state == "open"
    assert (await models.Dialogue.objects.aget(pk=dialogue.pk)).status == "running"
    await socket.close()


async def test_open_next_after_the_last_item_is_refused_in_dutch(console):
    dialogue = await amake_dialogue()
    url = reverse("console:open_next", args=[dialogue.pk])
    for _ in range(3):
        await console.post(url)
    response = await console.post(url)
    assert await _message(response) == "Er is geen volgend onderdeel meer."


async def test_open_next_refuses_get(console):
    dialogue = await amake_dialogue()
    response = await console.get(reverse("console:open_next", args=[dialogue.pk]))
    assert response.status_code == 405


async def test_hide_with_a_reason_removes_the_statement_from_inboxes(console):
    dialogue, alice, bob, statement_id = await _live_dialogue_with_item_open(console)
    response = await console.post(
        reverse("console:hide", args=[dialogue.pk]),
        {"statement": statement_id, "reason": "Persoonlijke gegevens"},
    )
    assert await _message(response) == "Stelling verborgen."
    inbox = await bob.wait_for("inbox")
    assert inbox["statements"] == []
    row = await models.Statement.objects.aget(dialogue=dialogue, engine_id=statement_id)
    assert (row.is_hidden, row.hidden_reason) == (True, "Persoonlijke gegevens")
    await alice.close()
    await bob.close()


async def test_hide_without_a_reason_is_refused(console):
    dialogue, alice, bob, statement_id = await _live_dialogue_with_item_open(console)
    response = await console.post(
        reverse("console:hide", args=[dialogue.pk]), {"statement": statement_id, "reason": " "}
    )
    assert await _message(response) == "Geef een reden om de stelling te verbergen."
    row = await models.Statement.objects.aget(dialogue=dialogue, engine_id=statement_id)
    assert row.is_hidden is False
    await alice.close()
    await bob.close()


async def test_hiding_an_unknown_statement_is_refused_in_dutch(console):
    dialogue = await amake_dialogue()
    response = await console.post(
        reverse("console:hide", args=[dialogue.pk]), {"statement": 999, "reason": "Spam"}
    )
    assert await _message(response) == "Deze stelling bestaat niet."


async def test_a_notice_reaches_the_participants(console):
    dialogue = await amake_dialogue()
    socket = await connect(dialogue, await amake_participant(dialogue, "Alice"))
    await socket.wait_for("state")
    response = await console.post(
        reverse("console:notice", args=[dialogue.pk]), {"text": "  Nog tien minuten!  "}
    )
    assert await _message(response) == "Mededeling verstuurd."
    frame = await socket.wait_for("notice")
    assert frame["text"] == "Nog tien minuten!"
    assert await models.Notice.objects.filter(dialogue=dialogue).acount() == 1
    await socket.close()


async def test_closing_needs_confirmation(console):
    dialogue = await amake_dialogue()
    url = reverse("console:close", args=[dialogue.pk])
    page = await console.get(url)
    assert page.status_code == 200 and 'name="confirm"' in page.content.decode()
    unconfirmed = await console.post(url, {})
    assert unconfirmed.status_code == 400
    assert "Vink aan dat je de dialoog wilt sluiten." in unconfirmed.content.decode()
    assert (await models.Dialogue.objects.aget(pk=dialogue.pk)).status == "draft"


async def test_closing_stops_the_dialogue(console):
    dialogue, alice, bob, _ = await _live_dialogue_with_item_open(console)
    response = await console.post(reverse("console:close", args=[dialogue.pk]), {"confirm": "on"})
    assert await _message(response) == "De dialoog is gesloten."
    assert (await models.Dialogue.objects.aget(pk=dialogue.pk)).status == "closed"
    await alice.wait_for("closed")
    await alice.send({"type": "post", "ref": "late", "text": "Nog één ding"})
    refused = await alice.wait_for("error", ref="late")
    assert refused["code"] == "dialogue_closed"
    assert await models.Statement.objects.filter(dialogue=dialogue).acount() == 1
    await alice.close()
    await bob.close()


# The console's websocket --------------------------------------------------------


def _console_socket(dialogue: models.Dialogue, user: Any) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(ConsoleConsumer.as_asgi(), f"/ws/console/{dialogue.pk}/")
    communicator.scope["user"] = user
    communicator.scope["url_route"] = {"kwargs": {"dialogue_id": dialogue.pk}}
    return communicator


async def test_the_console_socket_refuses_strangers(stranger):
    dialogue = await amake_dialogue()
    for user in (stranger, AnonymousUser()):
        # Accepted, then closed at once with 4403: a browser sees the code (a refusal in
        # the handshake reaches it as 1006) and stops retrying.
        communicator = _console_socket(dialogue, user)
        connected, _ = await communicator.connect()
        assert connected
        closed = await communicator.receive_output()
        assert closed == {"type": "websocket.close", "code": 4403}


async def test_the_console_socket_sends_staff_the_monitor(facilitator):
    dialogue = await amake_dialogue()
    communicator = _console_socket(dialogue, facilitator)
    connected, _ = await communicator.connect()
    assert connected
    frame = json.loads(await communicator.receive_from(timeout=3))
    assert frame["type"] == "monitor"
    assert {"online", "votes_per_minute", "rising", "bipotrons"} <= frame.keys()
    await communicator.disconnect()

"""Staff roles: a facilitator runs only their own dialogues; an administrator runs all.

Every console page and action of a dialogue (each URL with a dialogue id, GET and POST)
and the console's socket refuse a facilitator of another dialogue.
"""

from __future__ import annotations

import re

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.test import Client

from tests.web.conftest import make_administrator, make_dialogue
from tests.web.test_console import _console_socket
from tests.web.test_participant_views import PageClient
from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.urls_console import urlpatterns

NOT_YOURS = "Je bent geen gespreksleider van deze dialoog."


def dialogue_urls(dialogue_id: int) -> list[str]:
    """Every console URL of one dialogue, its placeholders filled in."""
    urls = []
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        if "<int:dialogue_id>" in route:
            filled = route.replace("<int:dialogue_id>", str(dialogue_id))
            urls.append("/console/" + re.sub(r"<str:\w+>", "html", filled))
    return urls


@pytest.fixture
def two_dialogues(adb):
    mine, theirs = make_dialogue(), make_dialogue()
    facilitator = get_user_model().objects.create_user("anna", password="geheim", is_staff=True)
    mine.facilitators.add(facilitator)
    client = Client()
    client.force_login(facilitator)
    return mine, theirs, facilitator, client


def test_every_console_url_of_another_dialogue_is_refused(two_dialogues):
    _, theirs, _, client = two_dialogues
    urls = dialogue_urls(theirs.pk)
    assert len(urls) >= 12  # the dialogue page, its actions and the report's pages
    for url in urls:
        # The method a page does not take is refused (405) before anyone is asked; the
        # one it takes is refused because the dialogue is not theirs (403).
        answers = [client.get(url), client.post(url)]
        assert {a.status_code for a in answers} <= {403, 405}, url
        refused = [a for a in answers if a.status_code == 403]
        assert refused, url
        assert all(NOT_YOURS in a.content.decode() for a in refused)
    assert models.Dialogue.objects.get(pk=theirs.pk).status == "draft"


async def test_a_facilitator_runs_their_own_dialogue(two_dialogues):
    mine, _, facilitator, _ = two_dialogues
    client = PageClient()  # the conductor starts: its writes need a thread of their own
    await client.aforce_login(facilitator)
    assert (await client.get(f"/console/{mine.pk}/")).status_code == 200
    response = await client.post(f"/console/{mine.pk}/volgende/")
    assert response.status_code == 302
    assert (await models.Dialogue.objects.aget(pk=mine.pk)).status == "running"


def test_the_console_lists_only_ones_own_dialogues(two_dialogues):
    mine, theirs, _, client = two_dialogues
    page = client.get("/console/").content.decode()
    assert f"/console/{mine.pk}/" in page
    assert f"/console/{theirs.pk}/" not in page
    administrator = Client()
    administrator.force_login(make_administrator("beheerder"))
    page = administrator.get("/console/").content.decode()
    assert f"/console/{mine.pk}/" in page and f"/console/{theirs.pk}/" in page


async def test_an_administrator_runs_every_dialogue(two_dialogues):
    _, theirs, _, _ = two_dialogues
    administrator = PageClient()
    await administrator.aforce_login(await database_sync_to_async(make_administrator)("beheer"))
    for url in dialogue_urls(theirs.pk):
        assert (await administrator.get(url)).status_code != 403, url


async def test_whoever_creates_a_dialogue_facilitates_it(two_dialogues):
    _, _, facilitator, _ = two_dialogues
    client = PageClient()
    await client.aforce_login(facilitator)
    hood = await models.Neighbourhood.objects.acreate(name="Nieuwe wijk")
    form = {"title": "Eigen dialoog", "neighbourhood": hood.pk}
    assert (await client.post("/console/nieuw/", form)).status_code == 302
    created = await models.Dialogue.objects.aget(title="Eigen dialoog")
    assert [user async for user in created.facilitators.all()] == [facilitator]
    assert (await client.get(f"/console/{created.pk}/")).status_code == 200


async def test_the_console_socket_refuses_a_facilitator_of_another_dialogue(two_dialogues):
    mine, theirs, facilitator, _ = two_dialogues
    refused = _console_socket(theirs, facilitator)
    assert (await refused.connect())[0]
    assert await refused.receive_output() == {"type": "websocket.close", "code": 4403}
    allowed = _console_socket(mine, facilitator)
    assert (await allowed.connect())[0]
    assert (await allowed.receive_json_from(timeout=3))["type"] == "monitor"
    await allowed.disconnect()

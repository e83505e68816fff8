"""The public report page: anyone with the invitation code reads what the facilitator published."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import make_administrator, make_dialogue
from tests.web.report_session import run_closed_session
from wijkdialoog.web.dialogues import access, models

STRICT_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@pytest.fixture
def console(adb, django_user_model) -> Client:
    client = Client()
    client.force_login(make_administrator())
    return client


@pytest.fixture
async def closed_dialogue(adb) -> models.Dialogue:
    return await run_closed_session()


def public_url(dialogue: models.Dialogue) -> str:
    return reverse("participant:report", args=[dialogue.invite_code])


def console_url(name: str, dialogue: models.Dialogue) -> str:
    return reverse(f"console:{name}", args=[dialogue.pk])


def edit_and_publish(console: Client, dialogue: models.Dialogue, **changes: str) -> None:
    page = console.get(console_url("report", dialogue))
    data = {field.html_name: field.value() or "" for field in page.context["form"]}
    assert console.post(console_url("report", dialogue), {**data, **changes}).status_code == 302
    assert (
        console.post(console_url("report_publish", dialogue), {"confirm": "on"}).status_code == 302
    )


def test_before_publishing_the_page_says_so_with_404(db) -> None:
    dialogue = make_dialogue()
    response = Client().get(public_url(dialogue))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Het verslag is nog niet gepubliceerd" in html
    assert "Testdialoog" in html


def test_an_unknown_code_is_told_as_on_the_home_page(db) -> None:
    response = Client().get(reverse("participant:report", args=["ONBEKEND"]))
    assert response.status_code == 404
    assert "Deze uitnodigingscode kennen we niet" in response.content.decode()


def test_the_published_page_shows_the_edits_under_a_strict_policy(console, closed_dialogue) -> None:
    page = console.get(console_url("report", closed_dialogue))
    key = page.context["questions"][0]["section"].themes[0].key
    edit_and_publish(
        console,
        closed_dialogue,
        **{
            f"theme-{key}": "Een groener park",
            "summary": "Wat de buurt samen vond.\n\nEn wat <script>alert(1)</script> niet.",
            "next_steps": "De wethouder bespreekt de uitkomsten op 12 maart.",
        },
    )
    response = Client().get(public_url(closed_dialogue))  # no login, only the code
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == STRICT_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert html == models.ReportDraft.objects.get(dialogue=closed_dialogue).public_html
    assert "Wat de buurt samen vond." in html
    assert "De wethouder bespreekt de uitkomsten op 12 maart." in html
    assert "Een groener park" in html  # in the infographic's findings
    assert "<script>alert(1)</script>" not in html


def test_the_public_page_stays_as_published_until_published_again(console, closed_dialogue) -> None:
    edit_and_publish(console, closed_dialogue, next_steps="Eerste versie.")
    page = console.get(console_url("report", closed_dialogue))
    data = {field.html_name: field.value() or "" for field in page.context["form"]}
    console.post(console_url("report", closed_dialogue), {**data, "next_steps": "Tweede versie."})
    html = Client().get(public_url(closed_dialogue)).content.decode()
    assert "Eerste versie." in html
    assert "Tweede versie." not in html
    console.post(console_url("report_publish", closed_dialogue), {"confirm": "on"})
    assert "Tweede versie." in Client().get(public_url(closed_dialogue)).content.decode()


def test_unpublished_again_the_page_is_gone(console, closed_dialogue) -> None:
    console.post(console_url("report_publish", closed_dialogue), {"confirm": "on"})
    assert Client().get(public_url(closed_dialogue)).status_code == 200
    console.post(console_url("report_unpublish", closed_dialogue))
    response = Client().get(public_url(closed_dialogue))
    assert response.status_code == 404
    assert "Het verslag is nog niet gepubliceerd" in response.content.decode()


def test_participants_find_the_link_once_it_is_published(console, closed_dialogue) -> None:
    anna = models.Participant.objects.get(dialogue=closed_dialogue, pseudonym="Anna")
    participant = Client()
    participant.cookies[access.cookie_name(closed_dialogue)] = anna.device_token
    live_page = reverse("participant:page", args=[closed_dialogue.invite_code])
    join_page = reverse("participant:join", args=[closed_dialogue.invite_code])
    link = f'href="{public_url(closed_dialogue)}"'
    assert link not in participant.get(live_page).content.decode()
    assert link not in Client().get(join_page).content.decode()

    console.post(console_url("report_publish", closed_dialogue), {"confirm": "on"})
    live = participant.get(live_page).content.decode()
    assert "Deze dialoog is gesloten." in live
    assert link in live
    assert link in Client().get(join_page).content.decode()  # another device, no cookie

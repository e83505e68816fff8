"""Text people typed is shown as text everywhere, never run as markup.

Statements, pseudonyms, titles, welcome and privacy texts, notices, reasons and report
headings full of markup, rendered on the participant's pages, the console, the
moderation log and the report: escaped every time. The live pages' scripts put text in
with textContent only (checked in their source here, in Chromium by tests/browser).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from tests.web.conftest import amake_participant, make_administrator, make_dialogue
from tests.web.report_session import run_closed_session
from tests.web.test_console import Browser
from tests.web.test_participant_views import PageClient, client_of, page_url
from tests.web.test_public_report import edit_and_publish
from wijkdialoog.web.dialogues import access, models
from wijkdialoog.web.dialogues.conductor import conductor_for

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
STATIC = Path(__file__).resolve().parents[2] / "wijkdialoog/web/dialogues/static/dialogues"


def assert_shown_as_text(html: str, times: int = 1) -> None:
    assert XSS not in html
    assert html.count(ESCAPED) >= times, html


def marked_up_dialogue() -> models.Dialogue:
    dialogue = make_dialogue()
    dialogue.title = f"Titel {XSS}"
    dialogue.welcome = f"Welkom {XSS}"
    dialogue.privacy_text = f"Privacy {XSS}"
    dialogue.save()
    dialogue.items.filter(position=0).update(title=f"Vraag {XSS}", introduction=f"Uitleg {XSS}")
    return dialogue


async def test_the_participants_pages_show_markup_as_text(adb) -> None:
    dialogue = await database_sync_to_async(marked_up_dialogue)()
    join_html = (await PageClient().get(f"/d/{dialogue.invite_code}/")).content.decode()
    assert_shown_as_text(join_html, times=4)  # title (and in <title>), welcome, privacy text

    author = await amake_participant(dialogue, "Auteur")
    reader = await amake_participant(dialogue, f"Lezer {XSS}")
    conductor = await conductor_for(dialogue.pk)
    for person in (author, reader):
        assert (await conductor.join(person.pk, person.role, access.intake_of(person))).accepted
    assert (await conductor.open_next_item()).accepted
    text = f"#wijk Meer bankjes {XSS}"
    assert (await conductor.post(author.pk, text, ref="xss")).accepted
    page = (await client_of(dialogue, reader).get(page_url(dialogue))).content.decode()
    for shown in ("Titel ", "Je doet mee als Lezer ", "Vraag ", "Uitleg ", "Meer bankjes "):
        assert f"{shown}{ESCAPED}" in page, shown
    assert XSS not in page


async def test_the_console_and_its_log_show_markup_as_text(adb) -> None:
    dialogue = await database_sync_to_async(marked_up_dialogue)()
    author = await amake_participant(dialogue, f"Auteur {XSS}")
    conductor = await conductor_for(dialogue.pk)
    assert (await conductor.join(author.pk, author.role, access.intake_of(author))).accepted
    assert (await conductor.open_next_item()).accepted
    outcome = await conductor.post(author.pk, f"#wijk Meer bankjes {XSS}", ref="xss")
    console = Browser()
    await console.aforce_login(await database_sync_to_async(make_administrator)())
    hide, notice = (reverse(f"console:{n}", args=[dialogue.pk]) for n in ("hide", "notice"))
    await console.post(hide, {"statement": outcome.statement_id, "reason": f"Reden {XSS}"})
    await console.post(notice, {"text": f"Mededeling {XSS}"})

    home = (await console.get(reverse("console:home"))).content.decode()
    assert f"Titel {ESCAPED}" in home and XSS not in home
    page = (await console.get(reverse("console:dialogue", args=[dialogue.pk]))).content.decode()
    for shown in ("Titel ", "Vraag ", "Mededeling "):
        assert f"{shown}{ESCAPED}" in page, shown
    assert XSS not in page
    log = reverse("console:moderation_log", args=[dialogue.pk])
    log_html = (await console.get(log)).content.decode()
    for shown in ("Meer bankjes ", "Reden ", "Mededeling "):
        assert f"{shown}{ESCAPED}" in log_html, shown
    assert XSS not in log_html


@pytest.fixture
async def closed_dialogue(adb) -> models.Dialogue:
    return await run_closed_session()


def test_the_report_shows_markup_as_text(closed_dialogue) -> None:
    models.Dialogue.objects.filter(pk=closed_dialogue.pk).update(title=f"Titel {XSS}")
    console = Client()
    console.force_login(make_administrator())
    page = console.get(reverse("console:report", args=[closed_dialogue.pk]))
    key = page.context["questions"][0]["section"].themes[0].key
    edit_and_publish(
        console,
        closed_dialogue,
        **{f"theme-{key}": f"Thema {XSS}", "summary": f"Samenvatting {XSS}"},
    )
    pages = {
        "report": console.get(reverse("console:report", args=[closed_dialogue.pk])),
        "preview": console.get(reverse("console:report_preview", args=[closed_dialogue.pk])),
        "download": console.get(
            reverse("console:report_download", args=[closed_dialogue.pk, "html"])
        ),
        "public": Client().get(reverse("participant:report", args=[closed_dialogue.invite_code])),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert f"Titel {ESCAPED}" in html, name
        assert XSS not in html, name
    for name in ("preview", "download", "public"):  # the report itself runs no script at all
        html = pages[name].content.decode()
        assert "<script" not in html, name
        assert f"Thema {ESCAPED}" in html, name


def test_the_live_pages_scripts_never_parse_text_as_html() -> None:
    for script in ("participant.js", "console.js"):
        source = (STATIC / script).read_text()
        sinks = re.findall(
            r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
            r"createContextualFragment|DOMParser|\.html\(",
            source,
        )
        assert sinks == [], script
        assert "textContent" in source, script

"""The report page of the console: who gets in, editing themes and texts, downloads, publishing."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.web.conftest import amake_dialogue, make_administrator, make_dialogue
from tests.web.report_session import run_closed_session
from tests.web.test_console import Browser
from wijkdialoog.web.dialogues import access, models
from wijkdialoog.web.dialogues.report_drafts import draft_for, edits_of, report_for


@pytest.fixture
def facilitator(adb, django_user_model):
    return make_administrator()


@pytest.fixture
def stranger(adb, django_user_model):
    return django_user_model.objects.create_user("buurman", password="geheim")


@pytest.fixture
def console(facilitator) -> Client:
    client = Client()
    client.force_login(facilitator)
    return client


@pytest.fixture
async def closed_dialogue(adb) -> models.Dialogue:
    return await run_closed_session()


def url(name: str, dialogue: models.Dialogue, *args: str) -> str:
    return reverse(f"console:{name}", args=[dialogue.pk, *args])


def form_data(response: Any, **changes: str) -> dict[str, str]:
    """What the browser would send back: every field of the page's form as shown, changed."""
    form = response.context["form"]
    data = {field.html_name: field.value() or "" for field in form}
    return {**data, **changes}


def first_theme_key(response: Any) -> str:
    return response.context["questions"][0]["section"].themes[0].key


def last_message(response: Any) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


# Access ----------------------------------------------------------------------------


def test_only_staff_reach_the_report_pages(closed_dialogue, stranger) -> None:
    pages = [
        ("get", url("report", closed_dialogue)),
        ("post", url("report", closed_dialogue)),
        ("get", url("report_preview", closed_dialogue)),
        ("get", url("report_public_preview", closed_dialogue)),
        ("get", url("report_download", closed_dialogue, "xlsx")),
        ("get", url("report_publish", closed_dialogue)),
        ("post", url("report_publish", closed_dialogue)),
        ("post", url("report_unpublish", closed_dialogue)),
    ]
    anonymous = Client()
    for method, page in pages:
        response = getattr(anonymous, method)(page, {"confirm": "on"})
        assert response.status_code == 302, page
        assert response["Location"].startswith(reverse("console:login")), page
    resident = Client()
    resident.force_login(stranger)
    for method, page in pages:
        response = getattr(resident, method)(page, {"confirm": "on"})
        assert response.status_code == 403, page
        assert "Geen toegang" in response.content.decode()
    assert not models.ReportDraft.objects.exists()


def test_before_closing_the_report_page_says_it_comes_after(console) -> None:
    dialogue = make_dialogue()
    response = console.get(url("report", dialogue))
    assert response.status_code == 200
    assert "zodra de dialoog gesloten is" in response.content.decode()
    assert "form" not in response.context
    for name in ("report_preview", "report_publish"):
        assert console.get(url(name, dialogue))["Location"] == url("report", dialogue)


async def test_the_dialogue_page_links_to_the_report(facilitator) -> None:
    dialogue = await amake_dialogue()
    client = Browser()  # the dialogue page starts the conductor: see its docstring
    await client.aforce_login(facilitator)
    response = await client.get(url("dialogue", dialogue))
    assert url("report", dialogue) in response.content.decode()


# Editing ---------------------------------------------------------------------------


def test_the_page_shows_each_theme_with_support_quote_and_a_heading_to_edit(
    console, closed_dialogue
) -> None:
    response = console.get(url("report", closed_dialogue))
    assert response.status_code == 200
    html = response.content.decode()
    report = response.context["report"]
    themes = [theme for question in report.questions for theme in question.themes]
    assert themes
    for theme in themes:
        assert f'name="theme-{theme.key}"' in html
        assert f"{theme.support} eens-stemmen" in html
        assert theme.quotes[0].text in html
    summary = response.context["form"]["summary"].value()
    assert summary == "\n\n".join(report.summary)
    assert "Wat gebeurt er met de uitkomsten?" in html


def test_a_renamed_theme_shows_in_the_preview_and_the_workbook(console, closed_dialogue) -> None:
    page = console.get(url("report", closed_dialogue))
    key = first_theme_key(page)
    data = form_data(page, **{f"theme-{key}": "  Meer groen   in de wijk "})
    saved = console.post(url("report", closed_dialogue), data)
    assert saved.status_code == 302
    assert saved["Location"] == url("report", closed_dialogue)
    assert last_message(saved) == "De wijzigingen in het rapport zijn opgeslagen."
    draft = models.ReportDraft.objects.get(dialogue=closed_dialogue)
    assert draft.theme_labels == {key: "Meer groen in de wijk"}
    assert draft.summary == ""  # untouched: it stays the generated one, with the new heading

    page = console.get(url("report", closed_dialogue))
    assert page.context["form"][f"theme-{key}"].value() == "Meer groen in de wijk"
    preview = console.get(url("report_preview", closed_dialogue))
    assert preview.status_code == 200
    assert "Meer groen in de wijk" in preview.content.decode()

    download = console.get(url("report_download", closed_dialogue, "xlsx"))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="rapport-testdialoog.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(download.content), read_only=True)
    cells = [cell for row in workbook["Thema's"].iter_rows(values_only=True) for cell in row]
    assert "Meer groen in de wijk" in cells


def test_clearing_a_heading_gives_back_the_found_one(console, closed_dialogue) -> None:
    page = console.get(url("report", closed_dialogue))
    key = first_theme_key(page)
    console.post(url("report", closed_dialogue), form_data(page, **{f"theme-{key}": "Groen"}))
    page = console.get(url("report", closed_dialogue))
    console.post(url("report", closed_dialogue), form_data(page, **{f"theme-{key}": " "}))
    assert models.ReportDraft.objects.get(dialogue=closed_dialogue).theme_labels == {}


def test_an_edited_summary_and_next_steps_are_kept_as_paragraphs(console, closed_dialogue) -> None:
    page = console.get(url("report", closed_dialogue))
    summary = "Eerste alinea\nloopt door.\r\n\r\n\r\nTweede alinea."
    data = form_data(page, summary=summary, next_steps=" De wethouder reageert in maart. ")
    assert console.post(url("report", closed_dialogue), data).status_code == 302
    draft = models.ReportDraft.objects.get(dialogue=closed_dialogue)
    assert draft.summary == "Eerste alinea loopt door.\n\nTweede alinea."
    assert draft.next_steps == "De wethouder reageert in maart."
    report = report_for(closed_dialogue, edits_of(draft))
    assert report.summary == ("Eerste alinea loopt door.", "Tweede alinea.")
    assert report.next_steps == "De wethouder reageert in maart."

    page = console.get(url("report", closed_dialogue))
    assert page.context["form"]["summary"].value() == draft.summary
    assert "De gegenereerde samenvatting" in page.content.decode()
    # An emptied summary is the generated one again.
    console.post(url("report", closed_dialogue), form_data(page, summary=""))
    assert models.ReportDraft.objects.get(dialogue=closed_dialogue).summary == ""


def test_an_unknown_theme_is_refused_and_nothing_is_saved(console, closed_dialogue) -> None:
    page = console.get(url("report", closed_dialogue))
    key = first_theme_key(page)
    data = form_data(page, **{f"theme-{key}": "Nieuw", "theme-q999-t1": "Verzonnen"})
    data["next_steps"] = "Iets"
    response = console.post(url("report", closed_dialogue), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit rapport heeft geen thema q999-t1." in html
    assert "Er is niets opgeslagen." in html
    assert not models.ReportDraft.objects.exists()


def test_too_long_texts_are_refused_with_a_dutch_message(console, closed_dialogue) -> None:
    page = console.get(url("report", closed_dialogue))
    key = first_theme_key(page)
    data = form_data(page, **{f"theme-{key}": "x" * 121, "next_steps": "y" * 4001})
    response = console.post(url("report", closed_dialogue), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Een kop mag hooguit 120 tekens hebben (nu 121)." in html
    assert "Deze tekst mag hooguit 4000 tekens hebben (nu 4001)." in html
    assert not models.ReportDraft.objects.exists()
    assert response.context["form"][f"theme-{key}"].value() == "x" * 121  # nothing typed is lost


# Downloads -------------------------------------------------------------------------


def test_every_download_is_an_attachment_of_its_kind(console, closed_dialogue) -> None:
    expected = {
        "html": "text/html; charset=utf-8",
        "pdf": "application/pdf",
        "json": "application/json",
        "csv": "application/zip",
    }
    files = {}
    for kind, content_type in expected.items():
        response = console.get(url("report_download", closed_dialogue, kind))
        assert response.status_code == 200, kind
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith("attachment; ")
        files[kind] = response.content
    assert files["pdf"].startswith(b"%PDF")
    assert json.loads(files["json"])["title"] == "Testdialoog"
    assert "<html" in files["html"].decode()
    assert zipfile.ZipFile(io.BytesIO(files["csv"])).namelist()
    assert console.get(url("report_download", closed_dialogue, "docx")).status_code == 404


# Publishing ------------------------------------------------------------------------


def test_publishing_asks_to_confirm_then_stores_the_public_page(console, closed_dialogue) -> None:
    page = console.get(url("report_publish", closed_dialogue))
    assert page.status_code == 200
    assert "Ja, publiceer het verslag." in page.content.decode()
    assert "nog niet ingevuld wat er met de uitkomsten gebeurt" in page.content.decode()

    refused = console.post(url("report_publish", closed_dialogue), {})
    assert refused.status_code == 400
    assert "Vink aan dat je het verslag wilt publiceren." in refused.content.decode()
    assert not models.ReportDraft.objects.exists()

    done = console.post(url("report_publish", closed_dialogue), {"confirm": "on"})
    assert done["Location"] == url("report", closed_dialogue)
    public_url = f"http://testserver/d/{closed_dialogue.invite_code}/rapport/"
    assert last_message(done) == f"Het verslag is gepubliceerd op {public_url}"
    draft = models.ReportDraft.objects.get(dialogue=closed_dialogue)
    assert draft.is_published
    assert "<html" in draft.public_html
    page = console.get(url("report", closed_dialogue)).content.decode()
    assert public_url in page
    assert "Publicatie intrekken" in page
    assert "Publiceer opnieuw" not in page

    # Edits saved afterwards wait for the next publishing.
    form_page = console.get(url("report", closed_dialogue))
    console.post(url("report", closed_dialogue), form_data(form_page, next_steps="In mei."))
    assert "Publiceer opnieuw" in console.get(url("report", closed_dialogue)).content.decode()


def test_unpublishing_takes_the_public_page_away(console, closed_dialogue) -> None:
    console.post(url("report_publish", closed_dialogue), {"confirm": "on"})
    response = console.post(url("report_unpublish", closed_dialogue))
    assert response["Location"] == url("report", closed_dialogue)
    assert last_message(response).startswith("Het verslag is niet meer openbaar.")
    draft = draft_for(closed_dialogue)
    assert (draft.is_published, draft.public_html) == (False, "")
    assert console.get(url("report_unpublish", closed_dialogue)).status_code == 405


# The intake ------------------------------------------------------------------------


def test_why_and_when_a_success_reach_the_reports_participants(closed_dialogue) -> None:
    report = report_for(closed_dialogue, edits_of(draft_for(closed_dialogue)))
    rows = {row.pseudonym: row for row in report.participants}
    assert (rows["Anna"].reason, rows["Anna"].success) == (
        "Ik wil dat het park groener wordt.",
        "Als er echt iets verandert.",
    )
    assert (rows["Cees"].reason, rows["Cees"].success) == ("", "")
    assert (rows["Fatma"].reason, rows["Fatma"].success) == ("", "Als de gemeente luistert.")
    assert sum(group.count for group in report.participation.reasons) == 4
    fatma = models.Participant.objects.get(pseudonym="Fatma")
    assert "reason" not in access.intake_of(fatma)  # an empty answer is no answer


def test_the_join_api_takes_why_and_when_a_success(db) -> None:
    dialogue = make_dialogue()
    intake = {
        "pseudonym": "Gert",
        "role": "resident",
        "organisation_type": "none",
        "scale": "street",
        "keep_informed": "no",
        "consent": True,
        "reason": "Voor de  speeltuin\n",
        "success": "Als er een plan komt.",
    }
    api = reverse("participant:join_api", args=[dialogue.invite_code])
    response = Client().post(api, json.dumps(intake), content_type="application/json")
    assert response.status_code == 201
    gert = models.Participant.objects.get(pk=response.json()["participant"])
    assert (gert.reason, gert.success) == ("Voor de speeltuin", "Als er een plan komt.")
    assert access.intake_of(gert)["success"] == "Als er een plan komt."

    too_long = {**intake, "pseudonym": "Hans", "reason": "x" * 281}
    response = Client().post(api, json.dumps(too_long), content_type="application/json")
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]


def test_the_join_form_asks_why_and_when_a_success_without_requiring_it(db) -> None:
    dialogue = make_dialogue()
    html = Client().get(reverse("participant:join", args=[dialogue.invite_code])).content.decode()
    assert "Waarom doe je mee?" in html
    assert "Wanneer is deze dialoog voor jou geslaagd?" in html
    assert 'maxlength="280"' in html

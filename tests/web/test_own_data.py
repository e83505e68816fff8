"""A participant downloads what we keep of them, from their own device, and nothing else."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import make_dialogue
from tests.web.test_i18n import back_to_default_language, compiled_catalogue  # noqa: F401
from wijkdialoog.web.dialogues import models

# The two fixtures above: the English catalogue compiled, and no language left active
# after a request in English.

PEOPLE = {
    "Anna": {
        "email": "anna@example.org",
        "reason": "Het park moet groener.",
        "says": "Bomen erbij",
    },
    "Bram": {
        "email": "bram@example.org",
        "reason": "Ik woon hier al lang.",
        "says": "Meer bankjes",
    },
}


def join(dialogue: models.Dialogue, name: str) -> tuple[models.Participant, Client]:
    client = Client()
    intake = {
        "pseudonym": name,
        "role": "resident",
        "organisation_type": "none",
        "scale": "street",
        "reason": PEOPLE[name]["reason"],
        "keep_informed": "yes",
        "email": PEOPLE[name]["email"],
        "consent": "on",
    }
    assert (
        client.post(reverse("participant:join", args=[dialogue.invite_code]), intake).status_code
        == 302
    )
    return models.Participant.objects.get(dialogue=dialogue, pseudonym=name), client


@pytest.fixture
def session(db):
    """Anna and Bram each wrote a statement, voted on the other's and answered the poll."""
    dialogue = make_dialogue()
    question, _, poll = dialogue.items.all()
    anna, anna_client = join(dialogue, "Anna")
    bram, bram_client = join(dialogue, "Bram")
    now = timezone.now()
    statements = {}
    for number, person in enumerate((anna, bram), start=1):
        statements[person.pk] = models.Statement.objects.create(
            dialogue=dialogue,
            engine_id=number,
            item=question,
            author=person,
            text=PEOPLE[person.pseudonym]["says"],
            posted_at=now,
        )
    for voter, author in ((anna, bram), (bram, anna)):
        models.VoteRecord.objects.create(
            statement=statements[author.pk], participant=voter, vote="agree", cast_at=now
        )
        models.PollAnswer.objects.create(
            item=poll,
            participant=voter,
            option="ja",
            explanation=f"Toelichting van {voter.pseudonym}",
            answered_at=now,
        )
    return dialogue, anna_client, bram_client


def download(client: Client, dialogue: models.Dialogue):  # type: ignore[no-untyped-def]
    return client.get(reverse("participant:own_data", args=[dialogue.invite_code]))


def test_the_download_holds_all_of_the_own_data(session) -> None:
    dialogue, anna_client, _ = session
    response = download(anna_client, dialogue)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["participant"]["pseudonym"] == "Anna"
    assert data["participant"]["reason"] == "Het park moet groener."
    assert data["participant"]["role"] == "bewoner"
    assert data["contact_address"]["email"] == "anna@example.org"
    assert data["contact_address"]["purpose"] == "horen wat er met de uitkomsten gebeurt"
    [statement] = data["statements"]
    assert (statement["text"], statement["question"]) == ("Bomen erbij", "Wat gaat goed?")
    assert statement["posted_at"]
    [vote] = data["votes"]
    assert (vote["statement"], vote["vote"], vote["question"]) == (2, "agree", "Wat gaat goed?")
    [answer] = data["poll_answers"]
    assert (answer["option"], answer["explanation"]) == ("ja", "Toelichting van Anna")
    assert data["dialogue"]["retention_days_after_closing"] == 365


def test_the_download_holds_nothing_of_another_participant(session) -> None:
    dialogue, anna_client, _ = session
    body = download(anna_client, dialogue).content.decode()
    for trace in ("Bram", *PEOPLE["Bram"].values()):
        assert trace not in body


def test_another_participants_cookie_gets_their_own_data_only(session) -> None:
    dialogue, _, bram_client = session
    body = download(bram_client, dialogue).content.decode()
    assert json.loads(body)["participant"]["pseudonym"] == "Bram"
    for trace in ("Anna", *PEOPLE["Anna"].values()):
        assert trace not in body


def test_without_this_dialogues_cookie_there_is_nothing_to_download(session) -> None:
    dialogue, anna_client, _ = session
    other = make_dialogue()
    for client, code in ((Client(), dialogue.invite_code), (anna_client, other.invite_code)):
        response = client.get(reverse("participant:own_data", args=[code]))
        assert response.status_code == 302
        assert response["Location"] == reverse("participant:join", args=[code])
    forged = Client()
    forged.cookies[f"wijkdialoog_{dialogue.pk}"] = "not-a-token"
    assert download(forged, dialogue).status_code == 302


def test_the_participant_page_links_to_the_download_in_dutch_and_english(session) -> None:
    dialogue, anna_client, _ = session
    dialogue.status = models.Dialogue.Status.CLOSED  # the page without a conductor
    dialogue.save()
    page_url = reverse("participant:page", args=[dialogue.invite_code])
    link = reverse("participant:own_data", args=[dialogue.invite_code])
    html = anna_client.get(page_url).content.decode()
    assert f'href="{link}"' in html
    assert "Download je gegevens" in html
    anna_client.cookies["django_language"] = "en"
    assert "Download your data" in anna_client.get(page_url).content.decode()

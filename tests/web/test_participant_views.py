"""The participant's pages without JavaScript: code, intake, the live page's forms."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from asgiref.sync import ThreadSensitiveContext
from channels.db import database_sync_to_async
from django.db import OperationalError
from django.test import AsyncClient, Client
from django.urls import reverse

from tests.web.conftest import amake_dialogue, amake_participant, make_dialogue
from wijkdialoog.web.dialogues import access, models, views_api, views_participant
from wijkdialoog.web.dialogues.cluster import OwnerUnavailable
from wijkdialoog.web.dialogues.conductor import conductor_for
from wijkdialoog.web.dialogues.protocol import Refusal

INTAKE = {
    "pseudonym": "Merel",
    "role": "resident",
    "organisation_type": "none",
    "scale": "street",
    "keep_informed": "yes",
    "email": "merel@example.org",
    "consent": "on",
}

count_statements = database_sync_to_async(models.Statement.objects.count)
count_votes = database_sync_to_async(models.VoteRecord.objects.count)
count_answers = database_sync_to_async(models.PollAnswer.objects.count)


class _Controls(HTMLParser):
    """Collect the form controls a person fills in, and what the labels point at."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[str] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "label" and attributes.get("for"):
            self.labelled.add(attributes["for"] or "")
        is_control = tag in ("select", "textarea") or (
            tag == "input" and attributes.get("type") not in ("hidden", "submit")
        )
        if is_control:
            self.controls.append(attributes.get("id") or "")


class PageClient(AsyncClient):
    """An AsyncClient that, like Django's ASGI handler, gives each request its own
    thread-sensitive context; without it a sync middleware (WhiteNoise) holds the one
    thread the test's conductor writes with, and the request waits for itself."""

    async def request(self, **request):  # type: ignore[no-untyped-def]
        async with ThreadSensitiveContext():
            return await super().request(**request)


def page_url(dialogue: models.Dialogue) -> str:
    return f"/d/{dialogue.invite_code}/dialoog/"


def client_of(dialogue: models.Dialogue, participant: models.Participant) -> PageClient:
    client = PageClient()
    client.cookies[access.cookie_name(dialogue)] = participant.device_token
    return client


async def running_dialogue() -> models.Dialogue:
    dialogue = await amake_dialogue()
    assert (await (await conductor_for(dialogue.pk)).open_next_item()).accepted
    return dialogue


# Home ---------------------------------------------------------------------------


def test_home_asks_for_the_code(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert '<label for="code">Typ je code</label>' in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_home_with_a_known_code_goes_to_the_join_page(client, db, method):
    dialogue = make_dialogue()
    typed = f" {dialogue.invite_code.lower()} "
    response = getattr(client, method)("/", {"code": typed})
    assert response.status_code == 302
    assert response.url == f"/d/{dialogue.invite_code}/"


def test_home_with_an_unknown_code_says_so_in_dutch(client, db):
    response = client.get("/", {"code": "NOPE99"})
    assert response.status_code == 404
    page = response.content.decode()
    assert Refusal("unknown_invite").message in page
    assert 'role="alert"' in page
    assert 'value="NOPE99"' in page  # to correct, not to type again


# Joining -----------------------------------------------------------------------


def test_join_form_labels_every_field(client, db):
    dialogue = make_dialogue()
    response = client.get(f"/d/{dialogue.invite_code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Testdialoog" in page
    controls = _Controls()
    controls.feed(page)
    assert {"id_pseudonym", "id_role", "id_consent", "id_keep_informed_1"} <= set(controls.controls)
    assert set(controls.controls) <= controls.labelled
    assert 'value=""' not in page.split('name="keep_informed"')[1][:40]  # no "---------" choice


def test_valid_join_sets_the_device_cookie_and_goes_to_the_dialogue(client, db):
    dialogue = make_dialogue()
    response = client.post(f"/d/{dialogue.invite_code}/", INTAKE)
    assert response.status_code == 302
    assert response.url == page_url(dialogue)
    participant = models.Participant.objects.get()
    cookie = response.cookies[access.cookie_name(dialogue)]
    assert cookie.value == participant.device_token
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert int(cookie["max-age"]) >= 360 * 24 * 3600
    assert (participant.pseudonym, participant.consent) == ("Merel", True)


def test_join_without_consent_is_refused_in_dutch_and_creates_nobody(client, db):
    dialogue = make_dialogue()
    response = client.post(f"/d/{dialogue.invite_code}/", {**INTAKE, "consent": ""})
    assert response.status_code == 400
    assert "Zonder toestemming kun je niet meedoen." in response.content.decode()
    assert access.cookie_name(dialogue) not in response.cookies
    assert models.Participant.objects.count() == 0


def test_join_of_a_closed_dialogue_shows_a_message_and_no_form(client, db):
    dialogue = make_dialogue()
    dialogue.status = models.Dialogue.Status.CLOSED
    dialogue.save()
    response = client.get(f"/d/{dialogue.invite_code}/")
    page = response.content.decode()
    assert Refusal("dialogue_closed").message in page
    assert 'name="pseudonym"' not in page
    client.post(f"/d/{dialogue.invite_code}/", INTAKE)
    assert models.Participant.objects.count() == 0


def test_join_with_an_unknown_code_is_not_found(client, db):
    response = client.get("/d/NOPE99/")
    assert response.status_code == 404
    assert Refusal("unknown_invite").message in response.content.decode()


async def test_coming_back_on_the_same_device_resumes_the_same_participant(adb):
    dialogue = await amake_dialogue()
    client = PageClient()
    joined = await client.post(f"/d/{dialogue.invite_code}/", INTAKE)
    assert joined.status_code == 302
    again = await client.get(f"/d/{dialogue.invite_code}/")
    assert again.status_code == 302
    assert again.url == page_url(dialogue)
    page = await client.get(page_url(dialogue))
    assert "Je doet mee als Merel." in page.content.decode()
    assert await database_sync_to_async(models.Participant.objects.count)() == 1


# The live page without JavaScript -----------------------------------------------------


async def test_page_without_the_cookie_sends_you_to_join(adb):
    dialogue = await amake_dialogue()
    response = await PageClient().get(page_url(dialogue))
    assert response.status_code == 302
    assert response.url == f"/d/{dialogue.invite_code}/"


async def test_page_before_the_first_item_asks_to_wait(adb):
    dialogue = await amake_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    response = await client_of(dialogue, alice).get(page_url(dialogue))
    page = response.content.decode()
    assert '<section id="waiting-room" class="card waiting-room">' in page  # not hidden
    assert "Even wachten: de gespreksleider opent zo de eerste vraag." in page
    assert '<section id="item" class="card item" aria-labelledby="item-title" hidden>' in page


async def test_page_shows_the_open_question_and_a_form_to_write(adb):
    dialogue = await running_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    response = await client_of(dialogue, alice).get(page_url(dialogue))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h2 id="item-title">Wat gaat goed?</h2>' in page
    assert "Inleiding bij Wat gaat goed?" in page
    assert 'maxlength="280"' in page
    assert 'data-prefill="#wijk ">#wijk </textarea>' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'src="/static/dialogues/participant.js" defer' in page


async def test_posted_statement_is_stored_and_the_page_says_so(adb):
    dialogue = await running_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    client = client_of(dialogue, alice)
    form = {"action": "post", "ref": "r-1", "text": "#wijk Meer groen op het plein"}
    response = await client.post(page_url(dialogue), form)
    assert response.status_code == 302
    assert response.url == page_url(dialogue)
    row = await database_sync_to_async(models.Statement.objects.get)()
    assert (row.text, row.author_id) == ("#wijk Meer groen op het plein", alice.pk)
    after = await client.get(page_url(dialogue))
    assert "Je stelling is geplaatst." in after.content.decode()


async def test_a_double_submit_of_one_form_is_answered_once(adb):
    dialogue = await running_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    client = client_of(dialogue, alice)
    form = {"action": "post", "ref": "same-ref", "text": "Een bankje bij de bushalte"}
    first = await client.post(page_url(dialogue), form)
    second = await client.post(page_url(dialogue), form)
    assert (first.status_code, second.status_code) == (302, 302)
    assert await count_statements() == 1


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "empty_statement"), ("   ", "empty_statement"), ("#wijk ", "empty_statement")],
)
async def test_empty_statement_is_refused_in_dutch_and_changes_nothing(adb, text, code):
    dialogue = await running_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    before = await count_statements()
    form = {"action": "post", "ref": "r-empty", "text": text}
    response = await client_of(dialogue, alice).post(page_url(dialogue), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<div id="alert" class="alert" role="alert">{Refusal(code).message}</div>' in page
    assert await count_statements() == before


async def test_too_long_statement_is_refused_and_the_text_is_given_back(adb):
    dialogue = await running_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    before = await count_statements()
    text = "lang " * 57  # 285 characters, over the 280 allowed
    form = {"action": "post", "ref": "r-long", "text": text}
    response = await client_of(dialogue, alice).post(page_url(dialogue), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert Refusal("statement_too_long").message in page
    assert f">{text}</textarea>" in page
    assert await count_statements() == before


async def test_post_without_the_csrf_token_is_forbidden(adb):
    dialogue = await running_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    client = PageClient(enforce_csrf_checks=True)
    client.cookies[access.cookie_name(dialogue)] = alice.device_token
    form = {"action": "post", "ref": "r-csrf", "text": "Zonder token"}
    response = await client.post(page_url(dialogue), form)
    assert response.status_code == 403
    assert await count_statements() == 0


async def delivered_statement(dialogue: models.Dialogue) -> tuple[PageClient, int]:
    """Bob posts a statement; return Alice's client once it is in her inbox."""
    alice = await amake_participant(dialogue, "Alice")
    bob = await amake_participant(dialogue, "Bob", role="professional")
    alice_client = client_of(dialogue, alice)
    await alice_client.get(page_url(dialogue))  # present, so she can be sent statements
    form = {"action": "post", "ref": "bob-1", "text": "De speeltuin moet open blijven"}
    assert (await client_of(dialogue, bob).post(page_url(dialogue), form)).status_code == 302
    row = await database_sync_to_async(models.Statement.objects.get)()
    page = (await alice_client.get(page_url(dialogue))).content.decode()
    assert "De speeltuin moet open blijven</blockquote>" in page
    assert f'name="statement" class="js-statement-id" value="{row.engine_id}"' in page
    return alice_client, row.engine_id


async def test_vote_on_the_statement_in_the_inbox_is_stored(adb):
    dialogue = await running_dialogue()
    alice_client, statement_id = await delivered_statement(dialogue)
    form = {"action": "vote", "ref": "v-1", "statement": str(statement_id), "vote": "agree"}
    response = await alice_client.post(page_url(dialogue), form)
    assert response.status_code == 302
    vote = await database_sync_to_async(
        models.VoteRecord.objects.select_related("participant").get
    )()
    assert (vote.vote, vote.participant.pseudonym) == ("agree", "Alice")
    page = (await alice_client.get(page_url(dialogue))).content.decode()
    assert "Je stem is opgeslagen." in page
    assert "De speeltuin moet open blijven</blockquote>" not in page  # voted: next one


async def test_a_second_vote_on_the_same_statement_is_refused(adb):
    dialogue = await running_dialogue()
    alice_client, statement_id = await delivered_statement(dialogue)
    vote = {"action": "vote", "statement": str(statement_id), "vote": "agree"}
    assert (await alice_client.post(page_url(dialogue), {**vote, "ref": "v-1"})).status_code == 302
    again = await alice_client.post(page_url(dialogue), {**vote, "ref": "v-2", "vote": "pass"})
    assert again.status_code == 400
    assert Refusal("already_voted").message in again.content.decode()
    assert await count_votes() == 1


async def test_a_vote_that_is_not_agree_disagree_or_pass_is_refused(adb):
    dialogue = await running_dialogue()
    alice_client, statement_id = await delivered_statement(dialogue)
    form = {"action": "vote", "ref": "v-x", "statement": str(statement_id), "vote": "maybe"}
    response = await alice_client.post(page_url(dialogue), form)
    assert response.status_code == 400
    assert await count_votes() == 0


async def test_a_reaction_is_stored_with_the_statement_it_answers(adb):
    dialogue = await running_dialogue()
    alice_client, statement_id = await delivered_statement(dialogue)
    form = {
        "action": "post",
        "ref": "react-1",
        "text": "Ja, en met meer toezicht",
        "reaction_to": str(statement_id),
    }
    assert (await alice_client.post(page_url(dialogue), form)).status_code == 302
    reaction = await database_sync_to_async(
        models.Statement.objects.select_related("reaction_to").get
    )(text="Ja, en met meer toezicht")
    assert reaction.reaction_to.engine_id == statement_id


async def open_poll(dialogue: models.Dialogue) -> int:
    conductor = await conductor_for(dialogue.pk)
    assert (await conductor.open_next_item()).accepted  # the second question
    assert (await conductor.open_next_item()).accepted  # the poll
    return await database_sync_to_async(
        lambda: models.ScriptItem.objects.get(dialogue=dialogue, kind="poll").pk
    )()


async def test_poll_answer_is_stored_and_shown(adb):
    dialogue = await running_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    client = client_of(dialogue, alice)
    poll_id = await open_poll(dialogue)
    page = (await client.get(page_url(dialogue))).content.decode()
    assert 'type="radio" name="option" id="poll-option-1" value="ja"' in page
    form = {"action": "poll", "ref": "p-1", "item": str(poll_id), "option": "ja"}
    response = await client.post(page_url(dialogue), {**form, "explanation": "Omdat het kan."})
    assert response.status_code == 302
    answer = await database_sync_to_async(models.PollAnswer.objects.get)()
    assert (answer.option, answer.explanation) == ("ja", "Omdat het kan.")
    page = (await client.get(page_url(dialogue))).content.decode()
    assert '<strong id="poll-answer">ja</strong>' in page


async def test_poll_explanation_over_280_characters_is_refused(adb):
    dialogue = await running_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    poll_id = await open_poll(dialogue)
    form = {"action": "poll", "ref": "p-2", "item": str(poll_id), "option": "nee"}
    response = await client_of(dialogue, alice).post(
        page_url(dialogue), {**form, "explanation": "x" * 281}
    )
    assert response.status_code == 400
    assert "Je toelichting is te lang" in response.content.decode()
    assert await count_answers() == 0


async def test_closed_dialogue_thanks_the_participant(adb):
    dialogue = await running_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    await (await conductor_for(dialogue.pk)).close_dialogue()
    response = await client_of(dialogue, alice).get(page_url(dialogue))
    page = response.content.decode()
    assert '<section id="closed" class="card closed" aria-labelledby="closed-title">' in page
    assert "Bedankt voor je bijdrage!" in page
    refused = await client_of(dialogue, alice).post(
        page_url(dialogue), {"action": "post", "ref": "late", "text": "Te laat"}
    )
    assert refused.status_code == 200  # the thank-you page, nothing posted
    assert await count_statements() == 0


async def test_a_page_whose_dialogue_is_changing_hands_says_try_again(adb, monkeypatch):
    dialogue = await running_dialogue()
    participant = await amake_participant(dialogue, "Wachter")

    async def unreachable(dialogue_id: int) -> None:
        raise OwnerUnavailable(dialogue_id)

    monkeypatch.setattr(views_participant, "conductor_for", unreachable)
    response = await client_of(dialogue, participant).get(page_url(dialogue))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "De dialoog is even niet bereikbaar" in response.content.decode()


def test_joining_while_the_database_is_away_says_try_again(db, monkeypatch):
    dialogue = make_dialogue()

    def database_away(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views_api, "join", database_away)
    response = Client().post(
        reverse("participant:join_api", args=[dialogue.invite_code]),
        json.dumps(INTAKE),
        content_type="application/json",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "unavailable"
    assert "even niet bereikbaar" in response.json()["message"]

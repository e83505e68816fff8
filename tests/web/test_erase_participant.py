"""Erasing one participant on request (`manage.py erase_participant`): their personal data
leaves every table, their anonymous votes and statements stay; with --remove-statements
what they wrote is gone from the log, the read models, the exports and the public page."""

from __future__ import annotations

import io
import json

import pytest
from channels.db import database_sync_to_async
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.web.conftest import connect, make_administrator, make_dialogue, make_participant
from tests.web.report_session import PEOPLE, STATEMENTS, run_closed_session
from wijkdialoog.engine import Dialogue as Engine
from wijkdialoog.reports.html import render_public
from wijkdialoog.web.dialogues import access, eventlog, models
from wijkdialoog.web.dialogues.conductor import conductor_for
from wijkdialoog.web.dialogues.privacy import ERASED_PSEUDONYM, REMOVED_TEXT
from wijkdialoog.web.dialogues.report_drafts import draft_for, edits_of, publish, report_for

ANNA_EMAIL = "anna@example.org"


@pytest.fixture
async def closed_dialogue(adb) -> models.Dialogue:
    dialogue = await run_closed_session()

    def give_anna_an_address() -> None:
        anna = models.Participant.objects.get(dialogue=dialogue, pseudonym="Anna")
        models.ContactAddress.objects.create(participant=anna, email=ANNA_EMAIL)

    await database_sync_to_async(give_anna_an_address)()
    return dialogue


def everything_stored() -> str:
    """Every row of every table, as text."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def counts(dialogue: models.Dialogue) -> dict[str, int]:
    return {
        "participants": dialogue.participants.count(),
        "statements": dialogue.statements.count(),
        "votes": models.VoteRecord.objects.filter(statement__dialogue=dialogue).count(),
        "events": dialogue.events.count(),
    }


def participant_named(dialogue: models.Dialogue, name: str) -> models.Participant:
    return models.Participant.objects.get(dialogue=dialogue, pseudonym=name)


def replayed(dialogue: models.Dialogue) -> Engine:
    log = eventlog.load(dialogue.pk)
    return Engine.replay(log.events, log.info.settings)


def erase(participant: models.Participant, *, remove_statements: bool = False) -> None:
    call_command(
        "erase_participant",
        dialogue=participant.dialogue_id,
        participant=participant.pk,
        remove_statements=remove_statements,
        stdout=io.StringIO(),
    )


def changed_in_the_admin(participant: models.Participant) -> None:
    LogEntry.objects.create(
        user=make_administrator(),
        content_type=ContentType.objects.get_for_model(participant),
        object_id=str(participant.pk),
        object_repr=str(participant),
        action_flag=CHANGE,
        change_message="[]",
    )


def test_erasing_keeps_the_votes_and_statements_and_leaves_no_trace(closed_dialogue) -> None:
    anna = participant_named(closed_dialogue, "Anna")
    changed_in_the_admin(anna)
    _, _, reason, success = PEOPLE[0]
    traces = ["Anna", ANNA_EMAIL, reason, success]
    stored = everything_stored()
    assert all(trace in stored for trace in traces)  # in the log and the tables before
    before = counts(closed_dialogue)

    erase(anna)

    assert counts(closed_dialogue) == before
    stored = everything_stored()
    assert [trace for trace in traces if trace in stored] == []
    assert anna.statements.exclude(text=REMOVED_TEXT).count() == 2  # what they wrote stays
    erased = models.Participant.objects.get(pk=anna.pk)
    assert erased.pseudonym == ERASED_PSEUDONYM
    assert (erased.role, erased.organisation_type) == (anna.role, anna.organisation_type)
    assert erased.device_token != anna.device_token
    assert not models.ContactAddress.objects.exists()
    assert replayed(closed_dialogue).state.participants[anna.pk].intake == (
        ("organisation_type", "none"),
        ("scale", "neighbourhood"),
    )


def test_the_old_cookie_opens_nothing_any_more(closed_dialogue) -> None:
    anna = participant_named(closed_dialogue, "Anna")
    device = Client()
    device.cookies[access.cookie_name(closed_dialogue)] = anna.device_token
    own_data = reverse("participant:own_data", args=[closed_dialogue.invite_code])
    assert device.get(own_data).status_code == 200
    erase(anna)
    for name in ("participant:page", "participant:own_data"):
        response = device.get(reverse(name, args=[closed_dialogue.invite_code]))
        assert response.status_code == 302, name
        assert response["Location"] == reverse(
            "participant:join", args=[closed_dialogue.invite_code]
        )


def statements_on_the_public_page(dialogue: models.Dialogue) -> list[str]:
    """Publish the public page; return the statements it shows."""
    draft = draft_for(dialogue)
    publish(draft, render_public(report_for(dialogue, edits_of(draft))))
    return [text for text in STATEMENTS if text in draft.public_html]


def test_removing_statements_leaves_their_text_nowhere(closed_dialogue) -> None:
    shown = statements_on_the_public_page(closed_dialogue)
    assert shown, "the public page shows some statements"
    author = models.Statement.objects.get(dialogue=closed_dialogue, text=shown[0]).author
    texts = list(author.statements.values_list("text", flat=True))
    stored = everything_stored()
    assert all(text in stored for text in texts)
    before = counts(closed_dialogue)

    erase(author, remove_statements=True)

    assert counts(closed_dialogue) == before
    stored = everything_stored()
    assert [text for text in texts if text in stored] == []
    assert set(author.statements.values_list("text", flat=True)) == {REMOVED_TEXT}
    public_html = models.ReportDraft.objects.get(dialogue=closed_dialogue).public_html
    assert shown[0] not in public_html
    console = Client()
    console.force_login(make_administrator())
    export = console.get(reverse("console:report_download", args=[closed_dialogue.pk, "json"]))
    assert export.status_code == 200
    exported = export.content.decode()
    assert REMOVED_TEXT in exported
    assert [text for text in texts if text in exported] == []
    engine = replayed(closed_dialogue)  # the rewritten log still replays
    assert {engine.state.statements[s.engine_id].text for s in author.statements.all()} == {
        REMOVED_TEXT
    }


def test_a_dialogue_that_is_not_closed_is_refused_and_nothing_changes(db) -> None:
    dialogue = make_dialogue()
    dialogue.status = models.Dialogue.Status.RUNNING
    dialogue.save()
    anna = make_participant(dialogue, "Anna")
    with pytest.raises(CommandError, match=r"is not closed yet\. Close it first"):
        erase(anna)
    assert models.Participant.objects.get(pk=anna.pk).pseudonym == "Anna"


def test_a_participant_of_another_dialogue_is_refused(db) -> None:
    anna = make_participant(make_dialogue(), "Anna")
    other = make_dialogue()
    with pytest.raises(CommandError, match=f"dialogue {other.pk} has no participant {anna.pk}"):
        call_command("erase_participant", dialogue=other.pk, participant=anna.pk)


async def test_a_conductor_still_running_shows_no_removed_text(closed_dialogue) -> None:
    # The session's conductor is still in memory, holding the texts as they were.
    conductor = await conductor_for(closed_dialogue.pk)
    anna = await database_sync_to_async(participant_named)(closed_dialogue, "Anna")
    bram = await database_sync_to_async(participant_named)(closed_dialogue, "Bram")
    texts = [text for number, text in enumerate(STATEMENTS) if number % len(PEOPLE) == 0]
    assert all(t in [s.text for s in conductor.engine.state.statements.values()] for t in texts)

    await database_sync_to_async(erase)(anna, remove_statements=True)

    socket = await connect(closed_dialogue, bram)
    frame = json.dumps(await socket.wait_for("state"))
    await socket.close()
    shown = frame + json.dumps(await conductor.monitor())
    assert [text for text in texts if text in shown] == []

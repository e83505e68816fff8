"""A small closed dialogue with statements and votes, run through the real conductor.

The report tests need what a real session leaves behind: an event log written by the
conductor, participants with an intake, statements with support. Everyone joins, posts
on the first question, then votes on what their inbox offers until it is empty.
"""

from __future__ import annotations

from channels.db import database_sync_to_async

from tests.web.conftest import make_dialogue
from wijkdialoog.web.dialogues import access, models
from wijkdialoog.web.dialogues.conductor import conductor_for
from wijkdialoog.web.dialogues.forms import JoinForm, join

PEOPLE = [
    ("Anna", "resident", "Ik wil dat het park groener wordt.", "Als er echt iets verandert."),
    ("Bram", "municipality", "Ik wil horen wat bewoners vinden.", "Als we samen plannen maken."),
    ("Cees", "professional", "", ""),
    ("Dewi", "resident", "Mijn straat is onveilig voor kinderen.", ""),
    ("Evi", "professional", "Voor het buurthuis.", "Als het buurthuis openblijft."),
    ("Fatma", "resident", "", "Als de gemeente luistert."),
]

STATEMENTS = [
    "Meer bomen en groen in het park",
    "Een moestuin in het park voor de hele buurt",
    "Bankjes in het park zodat ouderen kunnen zitten",
    "Drempels in de straat zodat auto's langzamer rijden",
    "Veilig oversteken bij de school voor kinderen",
    "Minder hard rijden in de straat, meer controle",
    "Het buurthuis moet open blijven voor ontmoeting",
    "Koffieochtenden in het buurthuis voor iedereen",
    "Een buurtfeest in de zomer om elkaar te leren kennen",
    "Groen op de pleinen in plaats van stenen",
    "Fietspaden veiliger maken bij de school",
    "Het buurthuis ook 's avonds open voor jongeren",
]


def make_participant_with_intake(
    dialogue: models.Dialogue, name: str, role: str, reason: str, success: str
) -> models.Participant:
    form = JoinForm(
        {
            "pseudonym": name,
            "role": role,
            "organisation_type": "none" if role == "resident" else "municipality",
            "scale": "neighbourhood",
            "reason": reason,
            "success": success,
            "keep_informed": "yes",
            "consent": "on",
        }
    )
    assert form.is_valid(), form.errors
    return join(dialogue, form)


async def run_closed_session() -> models.Dialogue:
    """Make a dialogue, run its first question with everyone voting, and close it."""
    dialogue = await database_sync_to_async(make_dialogue)()
    people = [
        await database_sync_to_async(make_participant_with_intake)(dialogue, *person)
        for person in PEOPLE
    ]
    conductor = await conductor_for(dialogue.pk)
    for person in people:
        assert (await conductor.join(person.pk, person.role, access.intake_of(person))).accepted
    assert (await conductor.open_next_item()).accepted
    for number, text in enumerate(STATEMENTS):
        author = people[number % len(people)]
        assert (await conductor.post(author.pk, text, ref=f"s{number}")).accepted
    voting = list(people)
    for round_number in range(len(STATEMENTS)):
        for voter_number, person in enumerate(list(voting)):
            await conductor.request_inbox(person.pk)
            inbox = conductor.inbox_frame(person.pk)["statements"]
            if not inbox:
                voting.remove(person)
                continue
            # Most agree; one in five disagrees, so not every statement is a synthetron.
            vote = "disagree" if (round_number + voter_number) % 5 == 0 else "agree"
            ref = f"v{round_number}-{person.pk}"
            await conductor.vote(person.pk, inbox[0]["id"], vote, ref=ref)
    assert (await conductor.close_dialogue()).accepted
    return await database_sync_to_async(models.Dialogue.objects.get)(pk=dialogue.pk)

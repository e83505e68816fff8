"""Sessions to render reports from: a real Polis conversation and hand-made records.

The hand-made records hold what a renderer must survive: user text with markup, emoji
and links only, a very long statement, a question nobody voted on, people without a
profile, and a session where nothing was said at all.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from wijkdialoog.reports.build import build_report
from wijkdialoog.reports.content import Report
from wijkdialoog.reports.record import (
    CastVote,
    GivenPollAnswer,
    ItemText,
    Person,
    PostedStatement,
    SessionRecord,
    from_polis,
)

# As the other tests find it: shared/ lies beside the checkout (/work/main, /work/shared).
POLIS_DATA = Path("/work/shared/data/polis")
LONDON = POLIS_DATA / "london.youth.policing"

SCRIPT_STATEMENT = "<script>alert('wijk')</script> Meer <b>bankjes</b> & groen"
LONG_STATEMENT = ("Een hele lange uitspraak over de wijk zonder einde " * 200)[:10_000]
EDGE_STATEMENTS = (
    SCRIPT_STATEMENT,
    "\U0001f333\U0001f333\U0001f6b2\u2764\ufe0f",  # emoji only
    "https://example.org/wijkplan https://example.org/kaart",  # links only
    LONG_STATEMENT,
)
THEMED_STATEMENTS = (
    "Meer groen en bomen in de straat maakt de wijk prettiger",
    "Bomen en planten op het plein geven schaduw in de zomer",
    "Een moestuin voor de buurt brengt mensen samen",
    "Het buurthuis moet vaker open zijn voor jongeren",
    "Jongeren hebben een eigen plek nodig in de wijk",
    "Activiteiten voor ouderen in het buurthuis tegen eenzaamheid",
    "Er wordt te hard gereden in de Dorpsstraat",
    "Drempels en een zebrapad bij de school maken de straat veiliger",
    "Parkeren op de stoep hindert rolstoelen en kinderwagens",
    "Betere verlichting in het park voelt veiliger in de avond",
    "De gemeente moet sneller reageren op meldingen over afval",
    "Afvalbakken zijn vaak vol in het weekend",
)
ROLES = ("resident", "resident", "resident", "professional", "municipality")
PROFILE = {
    "organisation_type": ("none", "residents_group", "welfare", "municipality", "housing"),
    "scale": ("street", "neighbourhood", "city", "neighbourhood", "region"),
    "reason": (
        "Ik wil meedenken over mijn buurt",
        "Omdat ik me zorgen maak over de veiligheid",
        "Ik werk hier en wil horen wat bewoners vinden",
        "Meedenken over groen in de wijk",
    ),
    "success": (
        "Als er echt iets verandert",
        "Als de gemeente luistert naar bewoners",
        "Als we samen plannen maken",
    ),
}


def rich_record() -> SessionRecord:
    """A small neighbourhood session with every kind of item and the awkward statements."""
    rng = random.Random(7)
    items = (
        ItemText(1, "question", "Wat maakt de wijk fijner?", "Denk aan groen en ontmoeten."),
        ItemText(2, "question", "Wat moet er beter?", "Verkeer, afval, veiligheid."),
        ItemText(3, "question", "Wat wilt u nog kwijt?"),  # nobody votes on this one
        ItemText(
            4, "poll", "Hoe tevreden bent u over de wijk?", options=("goed", "matig", "slecht")
        ),
    )
    people = tuple(_person(pid, rng) for pid in range(1, 41))
    statements = [
        PostedStatement(sid, 1 if sid <= 6 else 2, 1 + sid % 40, float(sid), text)
        for sid, text in enumerate(THEMED_STATEMENTS, start=1)
    ]
    first_edge = len(statements) + 1
    statements += [
        PostedStatement(first_edge + i, 1 + i % 2, 2 + i, 100.0 + i, text)
        for i, text in enumerate(EDGE_STATEMENTS)
    ]
    statements += [PostedStatement(90, 3, 5, 200.0, "Dank voor deze avond!")]
    votes = tuple(
        CastVote(pid, s.statement_id, _vote(rng, s.statement_id), 300.0 + pid)
        for s in statements
        if s.item_id != 3
        for pid in range(1, 41)
        if pid != s.author_id and rng.random() < 0.6
    )
    answers = tuple(
        GivenPollAnswer(pid, 4, rng.choice(("goed", "goed", "matig", "slecht")), text, 400.0)
        for pid, text in zip(
            range(1, 31),
            ["omdat het groen is", "De buren zijn aardig", "", "omdat er veel te doen is"] * 8,
            strict=False,
        )
    )
    return SessionRecord(
        title="Samen aan de slag in Lombok",
        items=items,
        people=people,
        statements=tuple(statements),
        votes=votes,
        poll_answers=answers,
        source="Wijkdialoog: testsessie",
        goal="Samen met bewoners bepalen wat de wijk nodig heeft.",
    )


def _person(pid: int, rng: random.Random) -> Person:
    role = ROLES[pid % len(ROLES)]
    if pid % 7 == 0:
        return Person(pid, f"Deelnemer {pid}", role)  # skipped the intake
    profile = {key: rng.choice(values) for key, values in PROFILE.items()}
    return Person(pid, f"Deelnemer {pid}", role, profile)


def _vote(rng: random.Random, statement_id: int) -> str:
    agree_chance = (0.9, 0.75, 0.5, 0.3)[statement_id % 4]
    return "agree" if rng.random() < agree_chance else "disagree"


def empty_record() -> SessionRecord:
    """A session that opened a question and a poll, and where nobody said anything."""
    return SessionRecord(
        title="Een stille avond",
        items=(
            ItemText(1, "question", "Wat vindt u van de wijk?"),
            ItemText(2, "poll", "Komt u nog eens?", options=("ja", "nee")),
        ),
        people=(),
        statements=(),
        votes=(),
        poll_answers=(),
    )


def no_profile_record() -> SessionRecord:
    """People who skipped the intake and wrote a few statements, with a few votes."""
    people = tuple(Person(pid, f"Deelnemer {pid}", "other") for pid in range(1, 6))
    statements = tuple(
        PostedStatement(sid, 1, sid, float(sid), text)
        for sid, text in enumerate(THEMED_STATEMENTS[:5], start=1)
    )
    votes = tuple(
        CastVote(pid, sid, "agree", 50.0)
        for sid in range(1, 6)
        for pid in range(1, 6)
        if pid != sid
    )
    return SessionRecord(
        title="Zonder intake",
        items=(ItemText(1, "question", "Wat gaat goed?"),),
        people=people,
        statements=statements,
        votes=votes,
        poll_answers=(),
    )


@pytest.fixture(scope="session")
def london_report() -> Report:
    return build_report(from_polis(LONDON))


@pytest.fixture(scope="session")
def rich_report() -> Report:
    return build_report(rich_record())


@pytest.fixture(scope="session")
def empty_report() -> Report:
    return build_report(empty_record())


@pytest.fixture(scope="session")
def no_profile_report() -> Report:
    return build_report(no_profile_record())

"""Sessions for the report tests, and the truth about them counted straight from their data.

`LogBuilder` drives a real engine dialogue and keeps only the events it accepts, so a
hand-built log is one the live server could have written. `fold_events` and
`fold_polis` count what happened without any of the report's code: they are what the
workbook, the CSV files and the figures are checked against.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from wijkdialoog.engine import (
    Dialogue,
    Event,
    EventRefused,
    InboxRequested,
    ItemClosed,
    ItemKind,
    ItemOpened,
    MethodSettings,
    ParticipantJoined,
    ParticipantLeft,
    PollAnswered,
    Role,
    StatementHidden,
    StatementPosted,
    Vote,
    VoteCast,
)
from wijkdialoog.engine.outcomes import level_for
from wijkdialoog.reports.record import ItemText, SessionRecord, from_events

POLIS_DATA = Path("/work/shared/data/polis")
LONDON = POLIS_DATA / "london.youth.policing"


# Driving the engine ------------------------------------------------------------


class LogBuilder:
    """Drive an engine dialogue one second at a time and keep the events it accepts."""

    def __init__(self, settings: MethodSettings | None = None) -> None:
        self.dialogue = Dialogue(settings or MethodSettings(seed=5))
        self.events: list[Event] = []
        self.at = 0.0
        self.next_statement_id = 1

    def apply(self, event: Event) -> bool:
        try:
            self.dialogue.apply(event)
        except EventRefused:
            return False
        self.events.append(event)
        return True

    def tick(self) -> float:
        self.at += 1.0
        return self.at

    def join(self, pid: int, role: str = "resident", **intake: str) -> None:
        joined = ParticipantJoined(self.tick(), pid, Role(role), tuple(sorted(intake.items())))
        assert self.apply(joined)

    def open(self, item_id: int, *options: str) -> None:
        kind = ItemKind.POLL if options else ItemKind.QUESTION
        assert self.apply(ItemOpened(self.tick(), item_id, kind, tuple(options)))

    def close(self, item_id: int) -> None:
        assert self.apply(ItemClosed(self.tick(), item_id))

    def post(self, pid: int, item_id: int, text: str, reply_to: int | None = None) -> int:
        sid = self.next_statement_id
        self.next_statement_id += 1
        assert self.apply(StatementPosted(self.tick(), sid, pid, item_id, text, reply_to))
        return sid

    def vote_round(self, choose: Callable[[int, int], Vote]) -> int:
        """Everyone present votes on their inbox head, asking for more when it is empty."""
        cast = 0
        for pid in sorted(self.present()):
            head = self.dialogue.next_statement(pid)
            if head is None:
                self.apply(InboxRequested(self.tick(), pid))
                head = self.dialogue.next_statement(pid)
            if head is not None:
                assert self.apply(VoteCast(self.tick(), pid, head, choose(pid, head)))
                cast += 1
        return cast

    def vote_until_done(self, choose: Callable[[int, int], Vote], rounds: int = 60) -> None:
        for _ in range(rounds):
            if not self.vote_round(choose):
                return

    def answer(self, pid: int, item_id: int, option: str, explanation: str = "") -> None:
        assert self.apply(PollAnswered(self.tick(), pid, item_id, option, explanation))

    def leave(self, pid: int) -> None:
        assert self.apply(ParticipantLeft(self.tick(), pid))

    def hide(self, sid: int, reason: str = "kwetsend") -> None:
        assert self.apply(StatementHidden(self.tick(), sid, reason))

    def present(self) -> list[int]:
        return [p for p, x in self.dialogue.state.participants.items() if x.is_present]

    def seen_by(self, pid: int) -> set[int]:
        state = self.dialogue.state
        participant = state.participants[pid]
        return {s.statement_id for s in state.statements.values() if participant.key in s.audience}


AGREE_CHANCES = (0.97, 0.9, 0.8, 0.6, 0.5, 0.3, 0.1)


def varied_votes(pid: int, sid: int) -> Vote:
    """Seeded votes: each statement its own chance of agreement, some passes."""
    rng = random.Random(sid * 1009 + pid)
    if rng.random() < 0.1:
        return Vote.PASS
    return Vote.AGREE if rng.random() < AGREE_CHANCES[sid % len(AGREE_CHANCES)] else Vote.DISAGREE


# A named neighbourhood session -------------------------------------------------

ITEMS = (
    ItemText(1, "question", "Wat gaat er goed in de wijk?", "Noem wat u wilt houden."),
    ItemText(2, "question", "Wat is er nodig?"),
    ItemText(3, "poll", "Hoe tevreden bent u over de wijk?", options=("goed", "matig", "slecht")),
    ItemText(4, "question", "Wat wilt u nog kwijt?"),
)
# pid -> (pseudonym, role, intake)
PEOPLE: dict[int, tuple[str, str, dict[str, str]]] = {
    1: (
        "Anna",
        "resident",
        {
            "organisation_type": "none",
            "scale": "street",
            "reason": "Ik wil een groener park.",
            "success": "Als er echt bomen komen.",
        },
    ),
    2: (
        "Bram",
        "municipality",
        {
            "organisation_type": "municipality",
            "scale": "city",
            "reason": "Horen wat bewoners vinden.",
            "success": "Als we samen plannen maken.",
        },
    ),
    3: ("Cees", "professional", {"organisation_type": "welfare", "scale": "neighbourhood"}),
    4: (
        "Dewi",
        "resident",
        {
            "organisation_type": "none",
            "scale": "neighbourhood",
            "reason": "Mijn straat is onveilig.",
        },
    ),
    5: ("Evi", "professional", {"organisation_type": "housing", "scale": "city"}),
    6: ("Fatma", "resident", {}),  # no profile at all
    7: ("=Gijs", "other", {"organisation_type": "business", "scale": "region"}),
    8: (
        "Hanna",
        "resident",
        {
            "organisation_type": "residents_group",
            "scale": "street",
            "success": "Als de gemeente luistert.",
        },
    ),
    9: ("@Ilse", "municipality", {"organisation_type": "municipality", "scale": "city"}),
    10: ("Joost", "resident", {"organisation_type": "none", "scale": "street"}),  # never active
}
PSEUDONYMS = {pid: person[0] for pid, person in PEOPLE.items()}
GREEN = [
    "Meer bomen en groen in het park",
    "Een moestuin in het park voor de hele buurt",
    "Bankjes in het park zodat ouderen kunnen zitten",
    "Groen op de pleinen in plaats van stenen",
]
TRAFFIC = [
    "Drempels in de straat zodat auto's langzamer rijden",
    "Veilig oversteken bij de school voor kinderen",
    "Minder hard rijden in de straat, meer controle",
    "Fietspaden veiliger maken bij de school",
]
MEETING = [
    "Het buurthuis moet open blijven voor ontmoeting",
    "Koffieochtenden in het buurthuis voor iedereen",
    "Een buurtfeest in de zomer om elkaar te leren kennen",
    "Het buurthuis ook 's avonds open voor jongeren",
]
FORMULA = "=1+1"
HIDDEN_TEXT = "Die mensen uit de flat horen hier niet"
ODD_TEXTS = [
    FORMULA,
    "\U0001f333\U0001f333\U0001f333",
    "https://example.org/park",
    "-- of meer?",
    "Een café met ideeën van bewoners",
]


def neighbourhood_log() -> LogBuilder:
    """Ten named people, three questions and a poll; one statement hidden after votes."""
    log = LogBuilder()
    for pid, (_, role, intake) in PEOPLE.items():
        log.join(pid, role, **intake)
    log.leave(10)  # registered, never active
    log.open(1)
    texts = GREEN + TRAFFIC + MEETING + ODD_TEXTS
    for number, text in enumerate(texts):
        log.post(1 + number % 9, 1, text)
    hidden = log.post(4, 1, HIDDEN_TEXT)
    log.vote_until_done(varied_votes)
    seen = sorted(log.seen_by(1))
    log.post(1, 1, "Eens, en dan ook bankjes bij de speeltuin", reply_to=seen[0])
    log.post(3, 1, "Een hondenuitlaatplek aan de rand van het park")
    log.vote_round(varied_votes)  # the last two get too few votes for a level
    log.hide(hidden)
    log.close(1)
    log.open(2)
    for number, text in enumerate(["Meer straatverlichting", "Een zebrapad bij de bakker"]):
        log.post(2 + number, 2, text)
    log.vote_until_done(lambda pid, sid: Vote.AGREE if pid % 2 else Vote.DISAGREE)
    log.close(2)
    log.open(3, "goed", "matig", "slecht")
    answers = [
        (1, "goed", "Ik woon hier graag."),
        (2, "matig", ""),
        (3, "goed", "De buren helpen elkaar."),
        (4, "slecht", "Te veel verkeer."),
        (5, "matig", "Het buurthuis is vaak dicht."),
        (7, "goed", '=HYPERLINK("http://x")'),
        (8, "goed", ""),
    ]
    for pid, option, explanation in answers:
        log.answer(pid, 3, option, explanation)
    log.close(3)
    log.open(4)
    log.post(5, 4, "Dank voor de avond")
    log.post(6, 4, "Graag een vervolg")
    log.close(4)
    return log


def neighbourhood_record(log: LogBuilder | None = None) -> SessionRecord:
    log = log or neighbourhood_log()
    return from_events(
        log.events,
        title="Wijkdialoog Zuid",
        items=ITEMS,
        pseudonyms=PSEUDONYMS,
        settings=log.dialogue.settings,
        goal="Samen bepalen wat de wijk nodig heeft.",
    )


# The truth, counted without the report's code -----------------------------------


@dataclass
class Truth:
    """What a session's data says: visible statements, their votes, people, poll answers."""

    settings: MethodSettings
    statements: dict[int, tuple[int, int, str, int | None]] = field(default_factory=dict)
    votes: list[tuple[int, int, str]] = field(default_factory=list)  # (voter, statement, vote)
    people: dict[int, tuple[str, dict[str, str]]] = field(default_factory=dict)  # role, intake
    poll_answers: list[tuple[int, int, str, str]] = field(default_factory=list)
    poll_options: dict[int, tuple[str, ...]] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)

    def counts(self, sid: int) -> tuple[int, int, int]:
        tally = self._tally[sid]
        return tally["agree"], tally["disagree"], tally["pass"]

    @cached_property
    def _tally(self) -> dict[int, Counter[str]]:
        """Votes per statement; counted once, after the fold has filled the truth."""
        tally: dict[int, Counter[str]] = {sid: Counter() for sid in self.statements}
        for _, sid, vote in self.votes:
            tally[sid][vote] += 1
        return tally

    def share(self, sid: int) -> float | None:
        agree, disagree, _ = self.counts(sid)
        return agree / (agree + disagree) if agree + disagree else None

    def level(self, sid: int) -> str | None:
        agree, disagree, _ = self.counts(sid)
        level = level_for(agree, disagree, self.settings)
        return level.value if level else None

    def is_bipotron(self, sid: int) -> bool:
        """docs/method.md: at least 2 on each side, the smaller side at least 25% of n."""
        agree, disagree, _ = self.counts(sid)
        smaller = min(agree, disagree)
        return (
            smaller >= self.settings.bipotron_min_side
            and smaller >= self.settings.bipotron_min_minority_share * (agree + disagree)
        )

    def is_supported(self, sid: int) -> bool:
        agree, disagree, _ = self.counts(sid)
        return agree > disagree and agree >= 2

    def posts_by(self) -> Counter[int]:
        return Counter(author for _, author, _, _ in self.statements.values())

    def votes_by(self) -> Counter[int]:
        return Counter(voter for voter, _, _ in self.votes)

    def active(self) -> set[int]:
        return set(self.posts_by()) | set(self.votes_by())

    def figures(self) -> dict[str, float]:
        """The figures table of docs/method.md, "Outcomes", with hidden statements left out."""
        statements = len(self.statements)
        active = len(self.active())
        reactions = sum(reply is not None for _, _, _, reply in self.statements.values())
        synthetrons = sum(self.level(sid) is not None for sid in self.statements)
        bipotrons = sum(self.is_bipotron(sid) for sid in self.statements)
        return {
            "registered": len(self.people),
            "active": active,
            "statements": statements,
            "reactions": reactions,
            "synthetrons": synthetrons,
            "bipotrons": bipotrons,
            "votes": len(self.votes),
            "poll_answers": len(self.poll_answers),
            "statements_per_person": statements / active if active else 0.0,
            "reaction_share": reactions / statements if statements else 0.0,
            "synthetron_share": synthetrons / statements if statements else 0.0,
            "bipotron_share": bipotrons / statements if statements else 0.0,
        }


def fold_events(events: Iterable[Event], settings: MethodSettings) -> Truth:
    """Count an engine event log: hidden statements and the votes on them left out."""
    truth = Truth(settings)
    votes: list[tuple[int, int, str]] = []
    for event in events:
        match event:
            case ParticipantJoined() if event.participant_id not in truth.people:
                truth.people[event.participant_id] = (event.role.value, dict(event.intake))
            case ItemOpened(kind=ItemKind.POLL):
                truth.poll_options[event.item_id] = event.options
            case StatementPosted():
                truth.statements[event.statement_id] = (
                    event.item_id,
                    event.participant_id,
                    event.text,
                    event.reply_to,
                )
            case VoteCast():
                votes.append((event.participant_id, event.statement_id, event.vote.value))
            case PollAnswered():
                truth.poll_answers.append(
                    (event.participant_id, event.item_id, event.option, event.explanation)
                )
            case StatementHidden():
                truth.hidden.add(event.statement_id)
    for sid in truth.hidden:
        truth.statements.pop(sid, None)
    truth.votes = [v for v in votes if v[1] in truth.statements]
    return truth


def fold_polis(folder: Path) -> Truth:
    """Count a Polis export: rejected comments out, each voter's latest vote, no own votes."""
    comments = _csv_rows(folder / "comments.csv")
    kept = [row for row in comments if row["moderated"] != "-1"]
    author = {int(row["comment-id"]): int(row["author-id"]) for row in kept}
    latest: dict[tuple[int, int], tuple[float, str]] = {}
    for row in _csv_rows(folder / "votes.csv"):
        key = (int(row["voter-id"]), int(row["comment-id"]))
        at = float(row["timestamp"])
        if key not in latest or at >= latest[key][0]:  # the later row wins a tie
            latest[key] = (at, row["vote"])
    names = {"1": "agree", "-1": "disagree", "0": "pass"}
    truth = Truth(MethodSettings())
    for row in kept:
        sid = int(row["comment-id"])
        truth.statements[sid] = (1, author[sid], row["comment-body"], None)
    truth.votes = [
        (voter, sid, names[vote])
        for (voter, sid), (_, vote) in latest.items()
        if sid in author and author[sid] != voter
    ]
    for pid in set(author.values()) | {voter for voter, _, _ in truth.votes}:
        truth.people[pid] = ("other", {})
    return truth


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# Reading files back -------------------------------------------------------------


def sheet_rows(workbook: Any, name: str) -> list[dict[str, Any]]:
    """A sheet's rows as dicts keyed by the header row; empty cells read as None."""
    rows = list(workbook[name].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]

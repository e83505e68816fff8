"""What happened in a session, as plain data: the one input every report is built from.

A record comes from an engine event log (the live server's or the simulator's) or from
a published Polis conversation. It holds the script's texts, the people with their
pseudonymous profile, and every visible statement, vote and poll answer; outcomes are
computed from it, so a Polis conversation (whose votes no routing produced) reports
the same way as a dialogue.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wijkdialoog.analysis.text import stopwords
from wijkdialoog.engine import (
    Event,
    ItemKind,
    ItemOpened,
    MethodSettings,
    ParticipantJoined,
    PollAnswered,
    StatementHidden,
    StatementPosted,
    VoteCast,
)
from wijkdialoog.simulation.crowd import SimulatedSession
from wijkdialoog.simulation.polis_data import AGREE, DISAGREE, load_conversation

# The intake answers a report reads from a participant's profile.
PROFILE_FIELDS = ("organisation_type", "scale", "reason", "success")
SIMULATED_TITLE = "Samen werken aan de wijk (gesimuleerde sessie)"
SIMULATED_GOAL = (
    "Bewoners, professionals en gemeente zoeken samen uit wat de wijk nodig heeft "
    "en wie wat kan doen."
)


@dataclass(frozen=True, slots=True)
class ItemText:
    item_id: int
    kind: str  # "question", "presentation" or "poll"
    title: str
    introduction: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    participant_id: int
    pseudonym: str
    role: str  # resident, professional, municipality or other
    profile: Mapping[str, str] = field(default_factory=dict)  # PROFILE_FIELDS, as given


@dataclass(frozen=True, slots=True)
class PostedStatement:
    statement_id: int
    item_id: int
    author_id: int
    at: float
    text: str
    reply_to: int | None = None


@dataclass(frozen=True, slots=True)
class CastVote:
    participant_id: int
    statement_id: int
    vote: str  # agree, disagree or pass
    at: float


@dataclass(frozen=True, slots=True)
class GivenPollAnswer:
    participant_id: int
    item_id: int
    option: str
    explanation: str
    at: float


@dataclass(frozen=True, slots=True)
class SessionRecord:
    title: str
    items: tuple[ItemText, ...]
    people: tuple[Person, ...]
    statements: tuple[PostedStatement, ...]  # visible ones, in posting order
    votes: tuple[CastVote, ...]
    poll_answers: tuple[GivenPollAnswer, ...]
    settings: MethodSettings = field(default_factory=MethodSettings)
    lang: str = "nl"  # the language the statements are written in
    epoch_times: bool = False  # times are Unix seconds; else seconds since the start
    source: str = ""  # where the record came from, for the report's colophon
    goal: str = ""  # why the session was held, in the organiser's words
    hidden: int = 0  # statements the facilitator hid (left out of everything else)

    @property
    def questions(self) -> tuple[ItemText, ...]:
        return tuple(i for i in self.items if i.kind == ItemKind.QUESTION)

    @property
    def polls(self) -> tuple[ItemText, ...]:
        return tuple(i for i in self.items if i.kind == ItemKind.POLL)


def from_events(
    events: Iterable[Event],
    *,
    title: str,
    items: Sequence[ItemText] = (),
    pseudonyms: Mapping[int, str] | None = None,
    settings: MethodSettings | None = None,
    lang: str = "nl",
    epoch_times: bool = False,
    source: str = "",
    goal: str = "",
) -> SessionRecord:
    """Fold an engine event log into a record; items without a text get a plain title.

    The log holds only accepted events, so nothing here validates them again.
    """
    pseudonyms = pseudonyms or {}
    people: dict[int, Person] = {}
    kinds: dict[int, ItemOpened] = {}
    statements: dict[int, PostedStatement] = {}
    votes: list[CastVote] = []
    answers: list[GivenPollAnswer] = []
    hidden: set[int] = set()
    for event in events:
        if isinstance(event, ParticipantJoined):
            if event.participant_id not in people:  # a returning participant keeps their intake
                people[event.participant_id] = Person(
                    event.participant_id,
                    pseudonyms.get(event.participant_id, f"Deelnemer {event.participant_id}"),
                    str(event.role),
                    dict(event.intake),
                )
        elif isinstance(event, ItemOpened):
            kinds.setdefault(event.item_id, event)
        elif isinstance(event, StatementPosted):
            statements[event.statement_id] = PostedStatement(
                event.statement_id,
                event.item_id,
                event.participant_id,
                event.at,
                event.text,
                event.reply_to,
            )
        elif isinstance(event, VoteCast):
            votes.append(CastVote(event.participant_id, event.statement_id, event.vote, event.at))
        elif isinstance(event, PollAnswered):
            answers.append(
                GivenPollAnswer(
                    event.participant_id, event.item_id, event.option, event.explanation, event.at
                )
            )
        elif isinstance(event, StatementHidden):
            hidden.add(event.statement_id)
    known = {item.item_id: item for item in items}
    for number, (item_id, opened) in enumerate(sorted(kinds.items()), start=1):
        if item_id not in known:
            known[item_id] = ItemText(
                item_id, str(opened.kind), f"Onderdeel {number}", "", opened.options
            )
    return SessionRecord(
        title=title,
        items=tuple(sorted(known.values(), key=lambda i: _item_order(i, items))),
        people=tuple(people.values()),
        statements=tuple(s for s in statements.values() if s.statement_id not in hidden),
        votes=tuple(v for v in votes if v.statement_id not in hidden),
        poll_answers=tuple(answers),
        settings=settings or MethodSettings(),
        lang=lang,
        epoch_times=epoch_times,
        source=source,
        goal=goal,
        hidden=len(hidden & statements.keys()),
    )


def _item_order(item: ItemText, given: Sequence[ItemText]) -> tuple[int, int]:
    """Items in the order the script gave them, unknown ones after, by id."""
    for position, known in enumerate(given):
        if known.item_id == item.item_id:
            return (position, item.item_id)
    return (len(given), item.item_id)


_POLIS_VOTE = {AGREE: "agree", DISAGREE: "disagree"}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def from_polis(folder: Path, *, lang: str | None = None) -> SessionRecord:
    """A Polis conversation as a one-question session: comments are statements.

    Votes of authors on their own comment are left out (Polis casts them for the
    author; the method does not let anyone vote on their own statement).
    """
    conversation = load_conversation(Path(folder))
    item_id = 1
    statements = tuple(
        PostedStatement(c.comment_id, item_id, c.author_id, c.posted_at_s, c.text)
        for c in conversation.comments
    )
    author_of = {s.statement_id: s.author_id for s in statements}
    votes = tuple(
        CastVote(v.voter_id, v.comment_id, _POLIS_VOTE.get(v.vote, "pass"), v.at_s)
        for v in conversation.votes
        if author_of.get(v.comment_id) != v.voter_id
    )
    ids = sorted({s.author_id for s in statements} | {v.participant_id for v in votes})
    people = tuple(Person(pid, f"Deelnemer {pid}", "other") for pid in ids)
    topic, description = _polis_summary(Path(folder) / "summary.csv")
    title = topic or conversation.name
    return SessionRecord(
        title=title,
        items=(ItemText(item_id, ItemKind.QUESTION.value, title, description),),
        people=people,
        statements=statements,
        votes=votes,
        poll_answers=(),
        lang=lang or guess_language([s.text for s in statements]),
        epoch_times=True,
        source=f"Polis: {Path(folder).name} (CC BY 4.0)",
        goal=description,
    )


def _polis_summary(path: Path) -> tuple[str, str]:
    """The conversation's topic and description from summary.csv, if it is there."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            fields = {row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2}
    except (OSError, UnicodeDecodeError, csv.Error):
        return "", ""
    return fields.get("topic", "").strip(), fields.get("conversation-description", "").strip()


def guess_language(texts: Sequence[str]) -> str:
    """Dutch, English, German or Chinese, by the share of each language's stop words."""
    sample = " ".join(texts[:500])
    if len(_CJK.findall(sample)) > len(sample) / 10:
        return "zh"
    tokens = re.findall(r"[^\W\d_]+", sample.lower())
    if not tokens:
        return "nl"
    hits = {lang: sum(t in stopwords(lang) for t in tokens) for lang in ("nl", "en", "de")}
    return max(hits, key=lambda lang: (hits[lang], lang == "nl"))


def from_simulation(session: SimulatedSession, *, title: str = SIMULATED_TITLE) -> SessionRecord:
    """A simulated session (wijkdialoog.simulation.crowd) as a record."""
    items = [ItemText(i.item_id, i.kind, i.title, i.introduction, i.options) for i in session.items]
    return from_events(
        session.events,
        title=title,
        items=items,
        pseudonyms=session.pseudonyms,
        settings=session.settings,
        source="Wijkdialoog: gesimuleerde sessie",
        goal=SIMULATED_GOAL,
    )

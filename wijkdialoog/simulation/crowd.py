"""A synthetic crowd: seeded participants who write, react and vote through a live session.

Every participant belongs to one of 2-4 latent opinion groups. Statements come from the
statement bank: each question has sub-themes, and each sub-theme a stance (consensus,
dividing, mixed, rejected) that gives it a base chance of agreeing per opinion group;
a statement's own chances are drawn around its theme's, so some themes unite everyone
and some divide. Participants fill in the intake and answer the session's two polls
(script.py). A discrete-event loop (a heap of next-action times, O(log n) per event)
lets each participant write at random intervals and vote on their inbox head in
between; every event is applied to a `Dialogue` at once, so the crowd reacts to what
the engine delivers. A refused event is a bug in the crowd and raises.

The default rhythm matches the reference session of docs/method.md: 155 participants,
about 18 statements per person in 90 minutes, 12% of them reactions. Texts, intakes and
poll answers draw from their own random streams, so they do not shift that rhythm.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field

from wijkdialoog.engine import (
    Dialogue,
    Event,
    InboxRequested,
    ItemClosed,
    ItemKind,
    ItemOpened,
    MethodSettings,
    ParticipantJoined,
    PollAnswered,
    Role,
    StatementPosted,
    Vote,
    VoteCast,
)
from wijkdialoog.simulation import polls, profiles
from wijkdialoog.simulation.script import (
    CLOSING_POLL_ID,
    OPENING_POLL_ID,
    POLLS,
    QUESTION_IDS,
    ScriptItemText,
    question_for,
    script_items,
)
from wijkdialoog.simulation.statement_bank import Stance, statement_text

ROLES = (Role.RESIDENT, Role.PROFESSIONAL, Role.MUNICIPALITY)
ROLE_WEIGHTS = (0.55, 0.30, 0.15)
QUESTIONS = len(QUESTION_IDS)
# How often people write on a theme of each stance: divisive topics draw more words.
# With the bank's themes this keeps the old crowd's mix of statements (25% consensus,
# 40% dividing, 20% mixed, 15% rejected), and so its share of synthetrons and bipotrons.
STANCE_PULL = {
    Stance.CONSENSUS: 0.7,
    Stance.DIVIDING: 1.45,
    Stance.MIXED: 1.0,
    Stance.REJECTED: 0.8,
}
STATEMENT_SPREAD = 0.08  # how far a statement's agree chance strays from its theme's


@dataclass(frozen=True, slots=True)
class Rhythm:
    """How fast a synthetic participant acts; the defaults match the reference session."""

    post_gap_s: float = 265.0  # mean time between two statements of one person
    vote_gap_s: float = 85.0  # mean time between two votes (reading, thinking, listening)
    reaction_share: float = 0.13  # chance a statement replies to the last one voted on
    idle_after_empty_s: float = 30.0  # wait after asking for statements with none to vote on
    join_window_share: float = 0.03  # most join in this first share of the session
    late_join_share: float = 0.08  # these join later, in the first half
    poll_read_s: float = 5.0  # nobody answers a poll faster than this
    poll_delay_s: float = 60.0  # mean time from seeing a poll to answering it


@dataclass(slots=True)
class CrowdCounts:
    joined: int = 0
    statements: int = 0
    reactions: int = 0
    votes: int = 0
    passes: int = 0
    inbox_requests: int = 0
    poll_answers: int = 0


@dataclass(slots=True)
class SimulatedSession:
    settings: MethodSettings
    dialogue: Dialogue
    events: list[Event]
    counts: CrowdCounts
    opinion_groups: int
    item_ids: tuple[int, ...] = field(default=())  # the questions' ids
    items: tuple[ScriptItemText, ...] = field(default=())  # every item opened, in order
    pseudonyms: dict[int, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Person:
    role: Role
    opinion_group: int
    activity: float
    pass_rate: float
    intake: tuple[tuple[str, str], ...]
    joins_at: float = 0.0
    last_voted: int | None = None  # statement id, a candidate to react to


# Heap entries: (time, sequence, kind, participant). Kinds sort a tie by sequence only.
_JOIN, _POST, _VOTE = 0, 1, 2


class _Crowd:
    """The loop's state: the dialogue, the people, the heap and the log."""

    def __init__(
        self, *, participants: int, minutes: float, seed: int, settings: MethodSettings
    ) -> None:
        self.rng = random.Random(seed)
        # Own streams for what people say, so texts and profiles leave the rhythm alone.
        self.text_rng = random.Random(f"{seed}-texts")
        self.profile_rng = random.Random(f"{seed}-profiles")
        self.poll_rng = random.Random(f"{seed}-polls")
        self.rhythm = Rhythm()
        self.end_s = minutes * 60.0
        self.dialogue = Dialogue(settings)
        self.events: list[Event] = []
        self.counts = CrowdCounts()
        self.opinion_groups = self.rng.randint(2, 4)
        self.group_weights = [self.rng.uniform(0.5, 1.5) for _ in range(self.opinion_groups)]
        self.people = [self._new_person() for _ in range(participants)]
        self.pseudonyms = profiles.pseudonyms_for(self.profile_rng, range(participants))
        self.heap: list[tuple[float, int, int, int]] = []
        self.sequence = 0
        self._schedule_joins()
        # theme_shares[item_id][theme] = a theme's base chance of agreeing, per opinion group.
        self.theme_shares = {item_id: self._theme_shares(item_id) for item_id in QUESTION_IDS}
        self.theme_weights = {item_id: self._theme_weights(item_id) for item_id in QUESTION_IDS}
        # positions[statement_id] = chance of agreeing, per opinion group.
        self.positions: dict[int, tuple[float, ...]] = {}
        self.theme_of: dict[int, int] = {}  # statement id -> index of its sub-theme
        self.open_question: int | None = None
        self.next_statement_id = 1
        self.poll_windows = self._poll_windows()
        self.script = self._item_script() + self._poll_answers()
        self.script.sort(key=lambda timed: timed[0])  # stable: a tie keeps the script's order
        self.script.reverse()  # pop from the end

    def _new_person(self) -> _Person:
        rng = self.rng
        role = rng.choices(ROLES, ROLE_WEIGHTS)[0]
        return _Person(
            role=role,
            opinion_group=rng.choices(range(self.opinion_groups), self.group_weights)[0],
            activity=rng.lognormvariate(0.0, 0.4) / 1.08,  # mean about 1
            pass_rate=rng.uniform(0.02, 0.2),
            intake=profiles.intake_for(self.profile_rng, role),
        )

    # Themes -----------------------------------------------------------------

    def _theme_shares(self, item_id: int) -> list[tuple[float, ...]]:
        return [self._stance_shares(theme.stance) for theme in question_for(item_id).themes]

    def _stance_shares(self, stance: Stance) -> tuple[float, ...]:
        """Draw how each opinion group sees a theme: shared, divided, mixed or rejected."""
        rng, groups = self.rng, range(self.opinion_groups)
        if stance is Stance.CONSENSUS:
            return tuple(rng.uniform(0.75, 0.95) for _ in groups)
        if stance is Stance.MIXED:
            return tuple(rng.uniform(0.35, 0.65) for _ in groups)
        if stance is Stance.REJECTED:
            return tuple(rng.uniform(0.05, 0.25) for _ in groups)
        # Dividing: each group for or against, and at least one group on each side.
        sides = [rng.random() < 0.5 for _ in groups]
        for_side, against_side = rng.sample(groups, 2)
        sides[for_side], sides[against_side] = True, False
        return tuple(rng.uniform(0.7, 0.92) if side else rng.uniform(0.08, 0.3) for side in sides)

    def _theme_weights(self, item_id: int) -> list[float]:
        return [STANCE_PULL[theme.stance] for theme in question_for(item_id).themes]

    # The script -------------------------------------------------------------

    def _question_span(self) -> tuple[float, float]:
        """Return when the first question opens and how long each question stays open."""
        start = self.end_s * self.rhythm.join_window_share
        return start, (self.end_s - start) / QUESTIONS

    def _poll_windows(self) -> dict[int, tuple[float, float]]:
        """Return each poll's (opens, closes): the first half of the first question, the
        second half of the last."""
        # Beside a question rather than between two, so writing and voting go on.
        start, span = self._question_span()
        return {
            OPENING_POLL_ID: (start, start + span / 2),
            CLOSING_POLL_ID: (self.end_s - span / 2, self.end_s),
        }

    def _item_script(self) -> list[tuple[float, Event]]:
        """Open the questions one after another, each closing as the next opens, and the polls."""
        start, span = self._question_span()
        script: list[tuple[float, Event]] = []
        # Polls first: the opening poll (item 1) opens just before the first question.
        for item_id, (opens, closes) in self.poll_windows.items():
            options = POLLS[item_id].options
            script.append((opens, ItemOpened(opens, item_id, kind=ItemKind.POLL, options=options)))
            script.append((closes, ItemClosed(closes, item_id)))
        for index, item_id in enumerate(QUESTION_IDS):
            opens = start + index * span
            script.append((opens, ItemOpened(opens, item_id)))
            script.append((opens + span, ItemClosed(opens + span, item_id)))
        return script

    def _poll_answers(self) -> list[tuple[float, Event]]:
        """Let about 80% of those present answer each poll, a little while after it opens."""
        rng = self.poll_rng
        moods = [rng.uniform(-0.6, 0.6) for _ in range(self.opinion_groups)]
        answers: list[tuple[float, Event]] = []
        for item_id, (opens, closes) in self.poll_windows.items():
            poll = POLLS[item_id]
            for pid, person in enumerate(self.people):
                if rng.random() >= polls.ANSWER_CHANCE:
                    continue
                seen_at = max(opens, person.joins_at) + self.rhythm.poll_read_s
                at = seen_at + rng.expovariate(1 / self.rhythm.poll_delay_s)
                if at >= closes:
                    continue
                mood = moods[person.opinion_group]
                option = polls.chosen_option(rng, poll, role=person.role, mood=mood)
                explanation = polls.explanation_for(rng, poll, option)
                answers.append((at, PollAnswered(at, pid, item_id, option, explanation)))
        return answers

    # The loop --------------------------------------------------------------

    def run(self) -> None:
        while self.heap:
            at, _, kind, pid = heapq.heappop(self.heap)
            self._run_script(until=at)
            if at >= self.end_s:
                break
            if kind == _JOIN:
                self._join(at, pid)
            elif kind == _POST:
                self._post(at, pid)
            else:
                self._vote(at, pid)
        self._run_script(until=self.end_s)

    def _push(self, at: float, kind: int, pid: int) -> None:
        self.sequence += 1
        heapq.heappush(self.heap, (at, self.sequence, kind, pid))

    def _apply(self, event: Event) -> None:
        self.dialogue.apply(event)
        self.events.append(event)

    def _run_script(self, *, until: float) -> None:
        while self.script and self.script[-1][0] <= until:
            _, event = self.script.pop()
            self._apply(event)
            if isinstance(event, ItemOpened) and event.kind is ItemKind.QUESTION:
                self.open_question = event.item_id
            elif isinstance(event, ItemClosed) and event.item_id == self.open_question:
                self.open_question = None
            elif isinstance(event, PollAnswered):
                self.counts.poll_answers += 1

    def _schedule_joins(self) -> None:
        rhythm, rng = self.rhythm, self.rng
        window = self.end_s * rhythm.join_window_share
        for pid, person in enumerate(self.people):
            late = rng.random() < rhythm.late_join_share
            at = rng.uniform(window, self.end_s / 2) if late else rng.uniform(0.0, window)
            person.joins_at = at
            self._push(at, _JOIN, pid)

    # Actions ---------------------------------------------------------------

    def _join(self, at: float, pid: int) -> None:
        person = self.people[pid]
        self._apply(ParticipantJoined(at, pid, person.role, person.intake))
        self.counts.joined += 1
        # First actions wait until a question is open.
        start = max(at, self.end_s * self.rhythm.join_window_share)
        self._push(start + self._gap(pid, self.rhythm.post_gap_s), _POST, pid)
        self._push(start + self._gap(pid, self.rhythm.vote_gap_s), _VOTE, pid)

    def _gap(self, pid: int, mean_s: float) -> float:
        return self.rng.expovariate(self.people[pid].activity / mean_s)

    def _post(self, at: float, pid: int) -> None:
        self._push(at + self._gap(pid, self.rhythm.post_gap_s), _POST, pid)
        item_id = self.open_question
        if item_id is None:
            return
        person, rng = self.people[pid], self.rng
        reply_to = None
        if rng.random() < self.rhythm.reaction_share and person.last_voted is not None:
            target = self.dialogue.state.statements[person.last_voted]
            if target.item_id == item_id:
                reply_to = target.statement_id
        sid = self.next_statement_id
        self.next_statement_id += 1
        theme = self._theme_for(item_id, reply_to=reply_to)
        self.theme_of[sid] = theme
        self.positions[sid] = self._positions(item_id, theme, author_group=person.opinion_group)
        text = statement_text(
            self.text_rng,
            question=question_for(item_id),
            theme=question_for(item_id).themes[theme],
            is_reaction=reply_to is not None,
            max_chars=self.dialogue.settings.max_statement_chars,
        )
        self._apply(StatementPosted(at, sid, pid, item_id, text, reply_to))
        self.counts.statements += 1
        self.counts.reactions += reply_to is not None

    def _theme_for(self, item_id: int, *, reply_to: int | None) -> int:
        """A reaction stays on its statement's theme; a new statement draws one."""
        if reply_to is not None:
            return self.theme_of[reply_to]
        weights = self.theme_weights[item_id]
        return self.text_rng.choices(range(len(weights)), weights)[0]

    def _positions(self, item_id: int, theme: int, *, author_group: int) -> tuple[float, ...]:
        """Draw how each opinion group sees a new statement, near its theme's stance."""
        rng = self.rng
        base = self.theme_shares[item_id][theme]
        shares = [min(max(rng.gauss(share, STATEMENT_SPREAD), 0.02), 0.98) for share in base]
        shares[author_group] = max(shares[author_group], rng.uniform(0.6, 0.95))
        return tuple(shares)

    def _vote(self, at: float, pid: int) -> None:
        if self.open_question is None:
            self._push(at + self._gap(pid, self.rhythm.vote_gap_s), _VOTE, pid)
            return
        statement_id = self.dialogue.next_statement(pid)
        if statement_id is None:
            self._apply(InboxRequested(at, pid))
            self.counts.inbox_requests += 1
            wait = self.rng.uniform(0.5, 1.5) * self.rhythm.idle_after_empty_s
            self._push(at + wait, _VOTE, pid)
            return
        person = self.people[pid]
        vote = self._choose(person, statement_id)
        self._apply(VoteCast(at, pid, statement_id, vote))
        self.counts.votes += 1
        self.counts.passes += vote is Vote.PASS
        person.last_voted = statement_id
        self._push(at + self._gap(pid, self.rhythm.vote_gap_s), _VOTE, pid)

    def _choose(self, person: _Person, statement_id: int) -> Vote:
        if self.rng.random() < person.pass_rate:
            return Vote.PASS
        agree = self.rng.random() < self.positions[statement_id][person.opinion_group]
        return Vote.AGREE if agree else Vote.DISAGREE


def simulate_session(
    *, participants: int, minutes: float, seed: int, settings: MethodSettings | None = None
) -> SimulatedSession:
    """Run a synthetic crowd through a session of `QUESTIONS` questions and two polls.

    The same seed gives the same log.
    """
    if participants < 1:
        raise ValueError("participants must be at least 1")
    if not minutes > 0:
        raise ValueError("minutes must be positive")
    settings = settings or MethodSettings(seed=seed)
    crowd = _Crowd(participants=participants, minutes=minutes, seed=seed, settings=settings)
    crowd.run()
    return SimulatedSession(
        settings=settings,
        dialogue=crowd.dialogue,
        events=crowd.events,
        counts=crowd.counts,
        opinion_groups=crowd.opinion_groups,
        item_ids=QUESTION_IDS,
        items=script_items(),
        pseudonyms=crowd.pseudonyms,
    )

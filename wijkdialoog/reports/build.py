"""Build a report's content from a session record: figures, themes, parties, polls, words.

One pass counts the votes; each section is then a small function of those counts.
Every section copes with nothing to show (no statements, no votes, no profile): it is
empty, never an error.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from threadpoolctl import threadpool_limits

from wijkdialoog.analysis.crossparty import (
    CrossParty,
    PartyVotes,
    bridges_and_frictions,
    cross_party,
)
from wijkdialoog.analysis.opinion_groups import find_opinion_groups
from wijkdialoog.analysis.text import lemma, words
from wijkdialoog.analysis.themes import Theme, find_themes
from wijkdialoog.engine.figures import BENCHMARK
from wijkdialoog.engine.outcomes import StatementOutcome, outcome_for
from wijkdialoog.reports.content import (
    AcrossParties,
    Count,
    CrossPartyStatement,
    FigureRow,
    Figures,
    Group,
    Infographic,
    InfographicBlock,
    OpinionGroupSection,
    ParticipantRow,
    Participation,
    PartyShare,
    PollExplanation,
    PollSection,
    QuestionSection,
    Quote,
    Report,
    StatementRow,
    ThemeSection,
)
from wijkdialoog.reports.labels import counted, join_words, name, number, percent, say
from wijkdialoog.reports.record import ItemText, SessionRecord

PARTIES = ("resident", "professional", "municipality")
QUOTES_PER_THEME = 4
SYNTHETRON_QUOTES = 3  # the rest of a theme's quotes come from the full data set
CROSS_PARTY_SHOWN = 10
MIN_VOTES_PER_PARTY = 3  # a bridge or friction in the report: every party heard this often
EXPLANATIONS_PER_OPTION = 2
WORDS_IN_CLOUD = 150
FINDINGS_PER_BLOCK = 4
FINDING_CHARS = 90
SAME_AS_BENCHMARK = 0.15  # within 15% of the benchmark counts as average
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True, slots=True)
class ReportEdits:
    """What the facilitator changed before publishing."""

    theme_labels: Mapping[str, str] = field(default_factory=dict)  # theme key -> heading
    summary: tuple[str, ...] | None = None  # replaces the generated paragraphs
    next_steps: str = ""


@dataclass(slots=True)
class _Tally:
    """The counts every section reads, made in one pass over the votes."""

    outcomes: dict[int, StatementOutcome]
    by_item: dict[int, list[StatementOutcome]]  # question -> its statements, in order
    by_role: dict[int, dict[str, PartyVotes]]  # statement -> role -> votes
    role_of: dict[int, str]
    text_of: dict[int, str]
    active: int  # wrote a visible statement or voted on one
    votes_by: Counter[int]
    posts_by: Counter[int]


def build_report(
    record: SessionRecord,
    *,
    lang: str = "nl",
    edits: ReportEdits | None = None,
    seed: int = 0,
) -> Report:
    """Everything a report shows, computed from `record`."""
    # One BLAS/OpenMP thread: on a shared 2-core machine their spinning threads made the
    # report 4-9 times slower (docs/decisions.md); the data here is small per call.
    with threadpool_limits(limits=1):
        return _build(record, lang, edits or ReportEdits(), seed)


def _build(record: SessionRecord, lang: str, edits: ReportEdits, seed: int) -> Report:
    tally = _tally(record)
    questions = tuple(
        _question(record, item, tally, lang=lang, edits=edits, seed=seed)
        for item in record.questions
    )
    theme_of = {
        s: theme.label
        for q in questions
        for theme in q.themes
        for s in theme.statement_ids
        if not theme.is_other
    }
    figures = _figures(record, tally, lang)
    across = _across(record, tally, lang, seed)
    return Report(
        title=record.title,
        lang=lang,
        text_lang=record.lang,
        source=record.source,
        period=_period(record, lang),
        goal=record.goal,
        summary=edits.summary
        if edits.summary is not None
        else _summary(figures, questions, across, lang),
        next_steps=edits.next_steps,
        figures=figures,
        participation=_participation(record, tally, lang, seed),
        questions=questions,
        polls=tuple(_poll(record, item, seed) for item in record.polls),
        across=across,
        words=_words(record),
        infographic=_infographic(record, figures, questions, lang),
        statements=_statement_rows(record, tally, theme_of, lang),
        participants=_participant_rows(record, tally, lang),
        settings={k: v for k, v in record.settings.as_dict().items() if k != "seed"},
        hidden=record.hidden,
    )


# Counting ------------------------------------------------------------------


def _tally(record: SessionRecord) -> _Tally:
    role_of = {p.participant_id: p.role for p in record.people}
    counts: dict[int, list[int]] = {s.statement_id: [0, 0, 0] for s in record.statements}
    by_role: dict[int, dict[str, list[int]]] = defaultdict(dict)
    votes_by: Counter[int] = Counter()
    index = {"agree": 0, "disagree": 1, "pass": 2}
    for vote in record.votes:
        row = counts.get(vote.statement_id)
        if row is None:
            continue  # a vote on a statement that is not shown (hidden)
        position = index[vote.vote]
        row[position] += 1
        votes_by[vote.participant_id] += 1
        if position < 2:
            role = role_of.get(vote.participant_id, "other")
            pair = by_role[vote.statement_id].setdefault(role, [0, 0])
            pair[position] += 1
    outcomes = {
        s.statement_id: outcome_for(
            s.statement_id,
            item_id=s.item_id,
            author_id=s.author_id,
            is_reaction=s.reply_to is not None,
            agree=counts[s.statement_id][0],
            disagree=counts[s.statement_id][1],
            passes=counts[s.statement_id][2],
            settings=record.settings,
        )
        for s in record.statements
    }
    posts_by = Counter(s.author_id for s in record.statements)
    by_item: dict[int, list[StatementOutcome]] = defaultdict(list)
    for outcome in outcomes.values():
        by_item[outcome.item_id].append(outcome)
    return _Tally(
        outcomes=outcomes,
        by_item=by_item,
        by_role={
            s: {role: PartyVotes(a, d) for role, (a, d) in roles.items()}
            for s, roles in by_role.items()
        },
        role_of=role_of,
        text_of={s.statement_id: s.text for s in record.statements},
        active=len(posts_by.keys() | votes_by.keys()),
        votes_by=votes_by,
        posts_by=posts_by,
    )


def is_supported(outcome: StatementOutcome) -> bool:
    """Supported: more agree than disagree votes, and at least two agree votes."""
    return outcome.agree > outcome.disagree and outcome.agree >= 2


# Figures -------------------------------------------------------------------


def _figures(record: SessionRecord, tally: _Tally, lang: str) -> Figures:
    outcomes = tally.outcomes.values()
    statements = len(tally.outcomes)
    active = tally.active
    reactions = sum(o.is_reaction for o in outcomes)
    synthetrons = sum(o.is_synthetron for o in outcomes)
    bipotrons = sum(o.is_bipotron for o in outcomes)
    values = {
        "statements_per_person": statements / active if active else 0.0,
        "reaction_share": reactions / statements if statements else 0.0,
        "synthetron_share": synthetrons / statements if statements else 0.0,
        "bipotron_share": bipotrons / statements if statements else 0.0,
    }
    rows = tuple(
        FigureRow(
            say(lang, f"figure.{key}"), value, BENCHMARK[key], is_share=key.endswith("_share")
        )
        for key, value in values.items()
    )
    return Figures(
        registered=len(record.people),
        active=active,
        statements=statements,
        reactions=reactions,
        synthetrons=synthetrons,
        bipotrons=bipotrons,
        votes=sum(o.agree + o.disagree + o.passes for o in outcomes),
        poll_answers=len(record.poll_answers),
        rows=rows,
        remark=_remark(values, lang) if statements else say(lang, "remark.none"),
    )


def _compared(value: float, benchmark: float) -> str:
    if value > benchmark * (1 + SAME_AS_BENCHMARK):
        return "high"
    if value < benchmark * (1 - SAME_AS_BENCHMARK):
        return "low"
    return "same"


def _remark(values: Mapping[str, float], lang: str) -> str:
    """'Activity higher than average, interactivity low: ...' as the reference report says."""
    activity = _compared(values["statements_per_person"], BENCHMARK["statements_per_person"])
    interaction = _compared(values["reaction_share"], BENCHMARK["reaction_share"])
    consensus = _compared(values["synthetron_share"], BENCHMARK["synthetron_share"])
    division = _compared(values["bipotron_share"], BENCHMARK["bipotron_share"])
    return (
        f"{say(lang, f'remark.activity_{activity}')}; "
        f"{say(lang, f'remark.interaction_{interaction}')}. "
        f"{say(lang, f'remark.consensus_{consensus}')} "
        f"{say(lang, f'remark.division_{division}')}."
    )


# Questions and themes ------------------------------------------------------


def _question(
    record: SessionRecord,
    item: ItemText,
    tally: _Tally,
    *,
    lang: str,
    edits: ReportEdits,
    seed: int,
) -> QuestionSection:
    outcomes = tally.by_item.get(item.item_id, [])
    text_of = tally.text_of
    supported = [o for o in outcomes if is_supported(o)]
    found = find_themes(
        [text_of[o.statement_id] for o in supported],
        lang=record.lang,
        support=[o.agree for o in supported],
        seed=seed,
    )
    themes = tuple(
        _theme(f"q{item.item_id}-t{rank}", theme, supported, record, tally, lang, edits)
        for rank, theme in enumerate(found, start=1)
    )
    bipotrons = sorted(
        (o for o in outcomes if o.is_bipotron),
        key=lambda o: (-(o.agree + o.disagree), o.statement_id),
    )
    return QuestionSection(
        item_id=item.item_id,
        title=item.title,
        introduction=item.introduction,
        statements=len(outcomes),
        votes=sum(o.agree + o.disagree + o.passes for o in outcomes),
        synthetrons=sum(o.is_synthetron for o in outcomes),
        themes=themes,
        bipotrons=tuple(_quote(o, text_of) for o in bipotrons),
    )


def _theme(
    key: str,
    theme: Theme,
    supported: Sequence[StatementOutcome],
    record: SessionRecord,
    tally: _Tally,
    lang: str,
    edits: ReportEdits,
) -> ThemeSection:
    members = [supported[m] for m in theme.members]  # most typical first
    agree = sum(o.agree for o in members)
    decided = agree + sum(o.disagree for o in members)
    parties = _party_shares((tally.by_role.get(o.statement_id, {}) for o in members), lang)
    heard = {p.role: PartyVotes(p.agree, p.disagree) for p in parties if p.role in PARTIES}
    crossed = cross_party(-1, heard, roles=list(heard))
    label = theme.label if not theme.is_other else say(lang, "other_theme")
    explanation = say(
        lang,
        "theme.explanation",
        statements=counted(lang, len(members), "statement"),
        synthetrons=counted(lang, sum(o.is_synthetron for o in members), "synthetron"),
        share=percent(agree / decided if decided else None),
    )
    if crossed.is_bridge and len(heard) == len(PARTIES):
        explanation += " " + say(lang, "theme.bridge")
    elif crossed.is_friction:
        explanation += " " + say(
            lang,
            "theme.friction",
            parties=", ".join(f"{p.label} {percent(p.share)}" for p in parties if p.role in heard),
        )
    return ThemeSection(
        key=key,
        label=edits.theme_labels.get(key, label).strip() or label,
        found_label=label,
        explanation=explanation,
        support=agree,
        statements=len(members),
        synthetrons=sum(o.is_synthetron for o in members),
        quotes=_quotes(members, tally.text_of),
        statement_ids=tuple(o.statement_id for o in members),
        parties=parties,
        is_bridge=crossed.is_bridge,
        is_friction=crossed.is_friction,
        is_other=theme.is_other,
    )


def _quotes(members: Sequence[StatementOutcome], text_of: Mapping[int, str]) -> tuple[Quote, ...]:
    """The best-supported synthetrons, then the most typical other statement of the theme."""
    synthetrons = sorted(
        (o for o in members if o.is_synthetron and (o.share or 0) > 0.5),
        key=lambda o: (-o.interval[0], -o.agree, o.statement_id),
    )
    chosen: list[StatementOutcome] = []
    seen: set[str] = set()

    def take(o: StatementOutcome) -> None:
        text = " ".join(re.findall(r"\w+", text_of[o.statement_id].lower()))
        if text not in seen:
            seen.add(text)
            chosen.append(o)

    for o in synthetrons:
        if len(chosen) == SYNTHETRON_QUOTES:
            break
        take(o)
    for o in members:  # most typical first: ideas with few votes are not lost
        if len(chosen) == QUOTES_PER_THEME:
            break
        if not o.is_synthetron:
            take(o)
    return tuple(_quote(o, text_of) for o in chosen)


def _quote(o: StatementOutcome, text_of: Mapping[int, str]) -> Quote:
    return Quote(
        statement_id=o.statement_id,
        text=text_of[o.statement_id],
        is_synthetron=o.is_synthetron,
        level=o.level.value if o.level else None,
        share=o.share,
        agree=o.agree,
        disagree=o.disagree,
    )


def _party_shares(tallies: Iterable[Mapping[str, PartyVotes]], lang: str) -> tuple[PartyShare, ...]:
    """Sum per-statement party votes; the three parties first, 'other' only when heard."""
    totals: dict[str, list[int]] = {}
    for parties in tallies:
        for role, votes in parties.items():
            pair = totals.setdefault(role, [0, 0])
            pair[0] += votes.agree
            pair[1] += votes.disagree
    roles = [r for r in PARTIES if r in totals] + sorted(r for r in totals if r not in PARTIES)
    return tuple(PartyShare(r, name(lang, "role", r), *totals[r]) for r in roles)


# Polls ---------------------------------------------------------------------


def _poll(record: SessionRecord, item: ItemText, seed: int) -> PollSection:
    answers = [a for a in record.poll_answers if a.item_id == item.item_id]
    counts = Counter(a.option for a in answers)
    options = list(item.options) + sorted(o for o in counts if o not in item.options)
    rng = random.Random(seed * 7919 + item.item_id)
    explanations: list[PollExplanation] = []
    for option in options:
        given = sorted({a.explanation.strip() for a in answers if a.option == option} - {""})
        for text in rng.sample(given, min(EXPLANATIONS_PER_OPTION, len(given))):
            explanations.append(PollExplanation(option, text))
    return PollSection(
        item_id=item.item_id,
        title=item.title,
        introduction=item.introduction,
        answers=len(answers),
        options=tuple(Count(o, counts[o]) for o in options),
        explanations=tuple(explanations),
    )


# Participation -------------------------------------------------------------


def _participation(record: SessionRecord, tally: _Tally, lang: str, seed: int) -> Participation:
    people = record.people

    def counted(kind: str, values: Sequence[str]) -> tuple[Count, ...]:
        found = Counter(v for v in values if v)
        return tuple(Count(name(lang, kind, code), n) for code, n in found.most_common())

    return Participation(
        registered=len(people),
        active=tally.active,
        by_role=counted("role", [p.role for p in people]),
        by_organisation=counted(
            "organisation_type", [p.profile.get("organisation_type", "") for p in people]
        ),
        by_scale=counted("scale", [p.profile.get("scale", "") for p in people]),
        reasons=_grouped([p.profile.get("reason", "") for p in people], record.lang, seed),
        success=_grouped([p.profile.get("success", "") for p in people], record.lang, seed),
    )


def _grouped(answers: Sequence[str], lang: str, seed: int) -> tuple[Group, ...]:
    """Group free-text answers by content, biggest group first, with three quotes each."""
    texts = [a.strip() for a in answers if a and a.strip()]
    if not texts:
        return ()
    themes = find_themes(texts, lang=lang, seed=seed)
    groups = []
    for theme in sorted(themes, key=lambda t: (t.is_other, -len(t.members))):
        quotes = list(dict.fromkeys(texts[m] for m in theme.members))[:3]
        groups.append(Group(theme.label, len(theme.members), tuple(quotes)))
    return tuple(groups)


# Across parties and opinions -----------------------------------------------


def _across(record: SessionRecord, tally: _Tally, lang: str, seed: int) -> AcrossParties:
    roles = _party_shares(tally.by_role.values(), lang)
    heard = [p.role for p in roles if p.role in PARTIES]
    bridges: list[CrossParty] = []
    frictions: list[CrossParty] = []
    if len(heard) >= 2:
        votes = [
            (v.statement_id, tally.role_of.get(v.participant_id, "other"), v.vote)
            for v in record.votes
            if v.statement_id in tally.outcomes
        ]
        bridges, frictions = (
            [c for c in found if _heard_enough(c)]
            for found in bridges_and_frictions(votes, roles=heard)
        )
    question_of = {i.item_id: i.title for i in record.items}

    def shown(crossed: Sequence[CrossParty]) -> tuple[CrossPartyStatement, ...]:
        return tuple(
            CrossPartyStatement(
                statement_id=c.statement_id,
                text=tally.text_of[c.statement_id],
                question=question_of.get(tally.outcomes[c.statement_id].item_id, ""),
                parties=_party_shares([c.parties], lang),
                consensus=c.consensus,
            )
            for c in crossed[:CROSS_PARTY_SHOWN]
        )

    opinion = find_opinion_groups(
        (
            (v.participant_id, v.statement_id, v.vote)
            for v in record.votes
            if v.statement_id in tally.outcomes
        ),
        seed=seed,
    )
    groups = []
    for position, group in enumerate(opinion.groups):
        member_roles = Counter(tally.role_of.get(p, "other") for p in group.members)
        groups.append(
            OpinionGroupSection(
                name=say(lang, "group", letter=chr(ord("A") + position)),
                size=len(group.members),
                roles=tuple(Count(name(lang, "role", r), n) for r, n in member_roles.most_common()),
                distinctive=tuple(
                    (tally.text_of[s], inside, outside) for s, inside, outside in group.distinctive
                ),
            )
        )
    return AcrossParties(
        roles=roles,
        bridges=shown(bridges),
        frictions=shown(frictions),
        groups=tuple(groups),
        shared=tuple(tally.text_of[s] for s in opinion.shared),
        silhouette=opinion.silhouette,
    )


def _heard_enough(crossed: CrossParty) -> bool:
    """Every party that counts in the bridge or friction voted on it often enough."""
    heard = [p.decided for p in crossed.parties.values() if p.decided >= 2]
    return len(heard) >= 2 and min(heard) >= MIN_VOTES_PER_PARTY


# Words, infographic, summary -----------------------------------------------


def _words(record: SessionRecord) -> tuple[Count, ...]:
    """The session's most used words (stop words, hashtags and links left out), as lemmas."""
    counts: Counter[str] = Counter()
    for statement in record.statements:
        counts.update(lemma(w, record.lang) for w in words(statement.text, record.lang))
    return tuple(Count(w, n) for w, n in counts.most_common(WORDS_IN_CLOUD))


def short(text: str, limit: int = FINDING_CHARS) -> str:
    """A statement cut at a word boundary to a short phrase."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _infographic(
    record: SessionRecord, figures: Figures, questions: Sequence[QuestionSection], lang: str
) -> Infographic:
    numbers = tuple(
        Count(say(lang, f"number.{key}"), getattr(figures, key))
        for key in ("registered", "active", "statements", "votes", "synthetrons", "bipotrons")
    )
    blocks = []
    for question in questions:
        findings = []
        for theme in question.themes:
            if theme.is_other or not theme.quotes or len(findings) == FINDINGS_PER_BLOCK:
                continue
            findings.append(f"{theme.label}: {short(theme.quotes[0].text)}")
        if findings:
            blocks.append(InfographicBlock(question.title, tuple(findings)))
    return Infographic(numbers=numbers, goal=record.goal, blocks=tuple(blocks))


def _summary(
    figures: Figures, questions: Sequence[QuestionSection], across: AcrossParties, lang: str
) -> tuple[str, ...]:
    """A paragraph on the whole session (the red thread), then one per question."""
    red_thread = say(
        lang,
        "summary.red_thread",
        active=number(figures.active, lang),
        statements=number(figures.statements, lang),
        votes=number(figures.votes, lang),
    )
    if len([p for p in across.roles if p.role in PARTIES]) >= 2:
        red_thread += " " + say(lang, "summary.bridges", bridges=number(len(across.bridges), lang))
    paragraphs = [red_thread]
    for question in questions:
        named = [f"'{t.label}'" for t in question.themes if not t.is_other][:3]
        if not question.statements:
            paragraphs.append(say(lang, "summary.no_statements", question=question.title))
            continue
        sentences = []
        if named:
            sentences.append(
                say(
                    lang,
                    "summary.question",
                    question=question.title,
                    themes=join_words(named, lang),
                )
            )
        best = next(
            (t.quotes[0] for t in question.themes if t.quotes and t.quotes[0].is_synthetron), None
        )
        if best:
            quote = short(best.text, 160).rstrip(".!? ")
            sentences.append(say(lang, "summary.quote", quote=quote))
        if question.bipotrons:
            sentences.append(
                say(
                    lang,
                    "summary.bipotrons",
                    count=counted(lang, len(question.bipotrons), "statement"),
                )
            )
        if sentences:
            paragraphs.append(" ".join(sentences))
    return tuple(paragraphs)


# Rows for the workbook -----------------------------------------------------


def _time(record: SessionRecord, at: float, lang: str) -> str:
    if record.epoch_times:
        return datetime.fromtimestamp(at, UTC).astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M:%S")
    seconds = max(0, round(at))
    return say(
        lang,
        "time.relative",
        hours=seconds // 3600,
        minutes=seconds // 60 % 60,
        seconds=seconds % 60,
    )


def _period(record: SessionRecord, lang: str) -> str:
    times = [s.at for s in record.statements] + [v.at for v in record.votes]
    if not times:
        return ""
    if record.epoch_times:
        first, last = (
            datetime.fromtimestamp(t, UTC).astimezone(LOCAL_TIME).date()
            for t in (min(times), max(times))
        )
        return f"{first:%d-%m-%Y}" if first == last else f"{first:%d-%m-%Y} \u2013 {last:%d-%m-%Y}"
    minutes = round((max(times) - min(times)) / 60)
    return f"{minutes} min"


def _statement_rows(
    record: SessionRecord, tally: _Tally, theme_of: Mapping[int, str], lang: str
) -> tuple[StatementRow, ...]:
    question_of = {i.item_id: i.title for i in record.items}
    pseudonym_of = {p.participant_id: p.pseudonym for p in record.people}
    rows = []
    for statement in record.statements:
        o = tally.outcomes[statement.statement_id]
        rows.append(
            StatementRow(
                statement_id=statement.statement_id,
                question=question_of.get(statement.item_id, ""),
                pseudonym=pseudonym_of.get(statement.author_id, str(statement.author_id)),
                role=name(lang, "role", tally.role_of.get(statement.author_id, "other")),
                time=_time(record, statement.at, lang),
                reply_to=statement.reply_to,
                text=statement.text,
                agree=o.agree,
                disagree=o.disagree,
                passes=o.passes,
                share=o.share,
                level=o.level.value if o.level else None,
                is_bipotron=o.is_bipotron,
                theme=theme_of.get(statement.statement_id, ""),
            )
        )
    return tuple(rows)


def _participant_rows(
    record: SessionRecord, tally: _Tally, lang: str
) -> tuple[ParticipantRow, ...]:
    return tuple(
        ParticipantRow(
            pseudonym=p.pseudonym,
            role=name(lang, "role", p.role),
            organisation_type=name(
                lang, "organisation_type", p.profile.get("organisation_type", "")
            ),
            scale=name(lang, "scale", p.profile.get("scale", "")),
            reason=p.profile.get("reason", ""),
            success=p.profile.get("success", ""),
            statements=tally.posts_by[p.participant_id],
            votes=tally.votes_by[p.participant_id],
        )
        for p in record.people
    )

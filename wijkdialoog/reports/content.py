"""The report's content as plain data, built once and rendered into every format.

Nothing here knows HTML, PDF or Excel; `dataclasses.asdict` of a `Report` is the JSON
format. Texts a facilitator may change (theme headings, the summary, what happens next)
are fields here, so an edit shows in every format alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Count:
    label: str  # shown to people (Dutch or English)
    count: int


@dataclass(frozen=True, slots=True)
class Quote:
    statement_id: int
    text: str
    is_synthetron: bool  # set in italics; other quotes in quotation marks
    level: str | None
    share: float | None
    agree: int
    disagree: int


@dataclass(frozen=True, slots=True)
class PartyShare:
    role: str  # resident, professional, municipality, other
    label: str
    agree: int
    disagree: int

    @property
    def share(self) -> float | None:
        decided = self.agree + self.disagree
        return self.agree / decided if decided else None


@dataclass(frozen=True, slots=True)
class ThemeSection:
    key: str  # stable within a report ("q<item>-t<rank>"), for renaming
    label: str  # the heading shown (the facilitator may rename it)
    found_label: str  # the label the theme finder gave
    explanation: str
    support: int  # agree votes on its statements: what themes are ranked by
    statements: int
    synthetrons: int
    quotes: tuple[Quote, ...]
    parties: tuple[PartyShare, ...]
    is_bridge: bool
    is_friction: bool
    statement_ids: tuple[int, ...] = ()  # its statements, most typical first
    is_other: bool = False


@dataclass(frozen=True, slots=True)
class QuestionSection:
    item_id: int
    title: str
    introduction: str
    statements: int
    votes: int
    synthetrons: int
    themes: tuple[ThemeSection, ...]
    bipotrons: tuple[Quote, ...]  # the open discussion points, most voted first


@dataclass(frozen=True, slots=True)
class PollExplanation:
    option: str
    text: str


@dataclass(frozen=True, slots=True)
class PollSection:
    item_id: int
    title: str
    introduction: str
    answers: int
    options: tuple[Count, ...]  # in the script's order
    explanations: tuple[PollExplanation, ...]  # a selection


@dataclass(frozen=True, slots=True)
class FigureRow:
    label: str
    value: float
    benchmark: float | None
    is_share: bool  # shown as a percentage


@dataclass(frozen=True, slots=True)
class Figures:
    registered: int
    active: int
    statements: int
    reactions: int
    synthetrons: int
    bipotrons: int
    votes: int
    poll_answers: int
    rows: tuple[FigureRow, ...]  # the figures table beside its benchmark
    remark: str  # a sentence on what stands out


@dataclass(frozen=True, slots=True)
class Group:
    """Free-text answers grouped by content, e.g. why people joined."""

    label: str
    count: int
    quotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Participation:
    registered: int
    active: int
    by_role: tuple[Count, ...]
    by_organisation: tuple[Count, ...]
    by_scale: tuple[Count, ...]
    reasons: tuple[Group, ...]  # why people joined
    success: tuple[Group, ...]  # when the session is a success for them


@dataclass(frozen=True, slots=True)
class CrossPartyStatement:
    statement_id: int
    text: str
    question: str
    parties: tuple[PartyShare, ...]
    consensus: float


@dataclass(frozen=True, slots=True)
class OpinionGroupSection:
    name: str  # "Groep A"
    size: int
    roles: tuple[Count, ...]
    distinctive: tuple[tuple[str, float, float], ...]  # (text, share inside, share outside)


@dataclass(frozen=True, slots=True)
class AcrossParties:
    roles: tuple[PartyShare, ...]  # agree share of every vote per role
    bridges: tuple[CrossPartyStatement, ...]
    frictions: tuple[CrossPartyStatement, ...]
    groups: tuple[OpinionGroupSection, ...]
    shared: tuple[str, ...]  # statements every opinion group supports
    silhouette: float | None


@dataclass(frozen=True, slots=True)
class InfographicBlock:
    heading: str
    findings: tuple[str, ...]  # short phrases


@dataclass(frozen=True, slots=True)
class Infographic:
    numbers: tuple[Count, ...]
    goal: str
    blocks: tuple[InfographicBlock, ...]


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One line of the Berichten sheet: every visible statement."""

    statement_id: int
    question: str
    pseudonym: str
    role: str
    time: str
    reply_to: int | None
    text: str
    agree: int
    disagree: int
    passes: int
    share: float | None
    level: str | None
    is_bipotron: bool
    theme: str


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """One line of the Deelnemers sheet: pseudonymous profile fields only."""

    pseudonym: str
    role: str
    organisation_type: str
    scale: str
    reason: str
    success: str
    statements: int
    votes: int


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    lang: str  # the language of the report's own words: "nl" or "en"
    text_lang: str  # the language the statements are written in
    source: str
    period: str  # when the session ran, as shown
    goal: str
    summary: tuple[str, ...]  # paragraphs; the facilitator may rewrite them
    next_steps: str  # what happens with the results; written by the facilitator
    figures: Figures
    participation: Participation
    questions: tuple[QuestionSection, ...]
    polls: tuple[PollSection, ...]
    across: AcrossParties
    words: tuple[Count, ...]  # the word cloud's words, most frequent first
    infographic: Infographic
    statements: tuple[StatementRow, ...]
    participants: tuple[ParticipantRow, ...]
    settings: dict[str, float | int] = field(default_factory=dict)
    hidden: int = 0  # statements the facilitator hid; they count nowhere in the report

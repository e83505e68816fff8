"""Render a report's content as self-contained HTML: the report, the infographic, the public page.

Every page carries its CSS inline and its pictures as inline SVG or data: URIs, so it
opens offline and prints (or goes through WeasyPrint, pdf.py) as it is. Statements are
participants' text: the templates escape everything (Jinja2 autoescape).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from wijkdialoog.reports.charts import bar_chart_svg
from wijkdialoog.reports.content import (
    Count,
    CrossPartyStatement,
    InfographicBlock,
    PollExplanation,
    PollSection,
    QuestionSection,
    Report,
)
from wijkdialoog.reports.labels import counted, name, percent, say
from wijkdialoog.reports.wordcloud_image import undrawable_words, word_cloud_png

TEMPLATES = Path(__file__).resolve().parent / "templates"
BIPOTRONS_SHOWN = 10
INFOGRAPHIC_BLOCKS = 6  # more would not fit one A4 page
INFOGRAPHIC_GOAL_CHARS = 320
WORDS_IN_ALT_TEXT = 20
STATEMENT_CHARS = 600  # statements are at most 280 characters; this guards the layout

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart with its numbers, which the page also gives as a (visually hidden) table."""

    title: str
    svg: Markup
    columns: tuple[str, str]  # headings of the table of numbers
    rows: tuple[tuple[str, str], ...]


def render_report(report: Report) -> str:
    """The full report as one HTML page, for the screen and (through pdf.py) for print."""
    cloud = word_cloud_png(report.words)
    return _render(
        "report.html",
        report,
        participation_charts=_participation_charts(report),
        question_charts={q.item_id: _themes_chart(q, report.lang) for q in report.questions},
        poll_charts={p.item_id: _poll_chart(p, report.lang) for p in report.polls},
        cloud_uri=_png_uri(cloud),
        cloud_alt=_cloud_alt(report),
        words_missing=undrawable_words(report.words),
        party_columns=_party_columns(report),
        level_rows=_level_rows(report),
        bipotrons_shown=BIPOTRONS_SHOWN,
    )


def render_infographic(report: Report) -> str:
    """The one-page infographic (A4 portrait when printed): key numbers, goal, findings."""
    return _render("infographic.html", report)


def render_public(report: Report) -> str:
    """The short public version for every participant: summary, infographic, what next."""
    return _render("public.html", report)


def _render(template: str, report: Report, **context: object) -> str:
    lang = report.lang
    blocks = report.infographic.blocks
    return _environment.get_template(template).render(
        report=report,
        t=partial(say, lang),
        number=partial(format_number, lang=lang),
        counted=partial(counted, lang),
        share=percent,
        level=partial(name, lang, "level"),
        explained=partial(explained_choice, lang=lang),
        split_finding=split_finding,
        short=shorten,
        clip=partial(_clip, limit=STATEMENT_CHARS),
        info_blocks=blocks[:INFOGRAPHIC_BLOCKS],
        info_more=max(0, len(blocks) - INFOGRAPHIC_BLOCKS),
        info_density=_density(blocks[:INFOGRAPHIC_BLOCKS]),
        info_goal=shorten(report.infographic.goal, INFOGRAPHIC_GOAL_CHARS),
        **context,
    )


# Formatting ----------------------------------------------------------------


def format_number(value: float, *, lang: str, decimals: int = 0) -> str:
    """12.345 in Dutch, 12,345 in English; `decimals` digits after the comma."""
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def shorten(text: str, limit: int) -> str:
    """Cut `text` at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "\u2026"


def _clip(text: str, *, limit: int) -> str:
    return text if len(text) <= limit else shorten(text, limit)


def split_finding(finding: str) -> tuple[str, str]:
    """('theme', 'phrase') from 'theme: phrase' as build.py writes a finding."""
    theme, separator, phrase = finding.partition(": ")
    if not separator or len(theme) > 60:
        return "", finding
    return theme, phrase


def explained_choice(explanation: PollExplanation, *, lang: str) -> tuple[str, str]:
    """The words around the option: ('Ik kies', ' omdat het ...') or ('Ik kies', ': ...').

    An explanation that already says "ik kies <option>" loses those words, so the
    sentence does not say them twice.
    """
    text = " ".join(explanation.text.split())
    i_choose, because = say(lang, "html.i_choose"), say(lang, "html.because")
    said = f"{i_choose} {explanation.option}".lower()
    if text.lower().startswith(said):
        text = text[len(said) :].lstrip(" :,")
    if text.lower().startswith(because + " "):
        return i_choose, " " + text
    return i_choose, ": " + text


def _density(blocks: Sequence[InfographicBlock]) -> str:
    """How tightly the infographic sets its text so that it fits one page.

    Blocks stand two a row: the rows, and the characters in them, fill the page.
    """
    size = sum(len(b.heading) + sum(len(f) for f in b.findings) for b in blocks)
    if len(blocks) > 4 or size > 1500:
        return "dense"
    if len(blocks) > 2 or size > 700:
        return "medium"
    return "roomy"


def _png_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else ""


def _cloud_alt(report: Report) -> str:
    top = ", ".join(w.label for w in report.words[:WORDS_IN_ALT_TEXT])
    return say(report.lang, "html.words_alt", words=top)


# Charts --------------------------------------------------------------------


def _chart(
    title: str,
    counts: Sequence[Count],
    lang: str,
    *,
    columns: tuple[str, str],
    value_label: Callable[[Count], str] | None = None,
) -> Chart:
    value_label = value_label or (lambda c: format_number(c.count, lang=lang))
    shown = [value_label(c) for c in counts]
    values = "; ".join(f"{c.label}: {text}" for c, text in zip(counts, shown, strict=True))
    svg = bar_chart_svg(
        [c.label for c in counts],
        [c.count for c in counts],
        description=say(lang, "html.chart.description", title=title, values=values),
        value_labels=shown,
    )
    rows = tuple((c.label, text) for c, text in zip(counts, shown, strict=True))
    return Chart(title, Markup(svg), columns, rows)


def _with_share(counts: Sequence[Count], lang: str) -> Callable[[Count], str]:
    total = sum(c.count for c in counts)
    return lambda c: f"{format_number(c.count, lang=lang)} ({percent(c.count / (total or 1))})"


def _participation_charts(report: Report) -> list[Chart]:
    lang, p = report.lang, report.participation
    found = [
        ("html.chart.roles", "html.col.role", p.by_role),
        ("html.chart.organisations", "html.col.organisation", p.by_organisation),
        ("html.chart.scales", "html.col.scale", p.by_scale),
    ]
    return [
        _chart(
            say(lang, title),
            counts,
            lang,
            columns=(say(lang, column), say(lang, "html.col.participants")),
            value_label=_with_share(counts, lang),
        )
        for title, column, counts in found
        if len(counts) > 1  # one bar says nothing the sentence above does not
    ]


def _themes_chart(question: QuestionSection, lang: str) -> Chart | None:
    if not question.themes:
        return None
    counts = [
        Count(f"{rank}. {theme.label}", theme.support)
        for rank, theme in enumerate(question.themes, start=1)
    ]
    title = say(lang, "html.themes_chart", question=shorten(question.title, 80))
    columns = (say(lang, "html.col.theme"), say(lang, "html.col.agree_votes"))
    return _chart(title, counts, lang, columns=columns)


def _poll_chart(poll: PollSection, lang: str) -> Chart | None:
    if not poll.answers:
        return None
    title = say(lang, "html.poll_chart", question=shorten(poll.title, 80))
    columns = (say(lang, "html.col.option"), say(lang, "html.col.answers"))
    return _chart(
        title, poll.options, lang, columns=columns, value_label=_with_share(poll.options, lang)
    )


# Tables --------------------------------------------------------------------


def _party_columns(report: Report) -> list[tuple[str, str]]:
    """(role, label) of every party in the bridges and frictions, in the report's order."""
    rows: Sequence[CrossPartyStatement] = report.across.bridges + report.across.frictions
    seen: dict[str, str] = {p.role: p.label for p in report.across.roles}
    for row in rows:
        for party in row.parties:
            seen.setdefault(party.role, party.label)
    heard = {party.role for row in rows for party in row.parties}
    return [(role, label) for role, label in seen.items() if role in heard]


def _level_rows(report: Report) -> list[tuple[str, str]]:
    """The synthetron levels with their agree-share bounds, from the session's settings."""
    settings, lang = report.settings, report.lang
    bounds = [
        ("Top", settings.get("top_share", 0.9)),
        ("High", settings.get("high_share", 0.7)),
        ("Medium", settings.get("medium_share", 0.4)),
        ("Low", settings.get("low_share", 0.15)),
    ]
    rows = [
        (name(lang, "level", level), say(lang, "html.more_than", share=percent(bound)))
        for level, bound in bounds
    ]
    rows.append(
        (name(lang, "level", "Bottom"), say(lang, "html.at_most", share=percent(bounds[-1][1])))
    )
    return rows

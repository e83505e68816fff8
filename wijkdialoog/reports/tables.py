"""The report's tables as rows of plain cells, written as CSV files and the report as JSON.

The Excel workbook (`xlsx.py`) writes the same rows, so a column reads the same in
every format. CSV files are UTF-8 with a byte order mark, comma-separated with a dot
as decimal mark (for tools; people open the workbook). A text cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`: a spreadsheet that
opens the CSV would otherwise run it as a formula (CSV injection, OWASP).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from wijkdialoog.reports.content import ParticipantRow, Quote, Report, StatementRow
from wijkdialoog.reports.labels import name

Cell = str | int | float | None

PARTIES = ("resident", "professional", "municipality", "other")

STATEMENT_COLUMNS = (
    "statement_id",
    "question",
    "pseudonym",
    "role",
    "time",
    "reply_to",
    "text",
    "agree",
    "disagree",
    "passes",
    "share",
    "level",
    "is_bipotron",
    "theme",
)
THEME_COLUMNS = (
    "question",
    "rank",
    "theme",
    "support",
    "statements",
    "synthetrons",
    "explanation",
    *(f"share_{party}" for party in PARTIES),
    "is_bridge",
    "is_friction",
    "quotes",
)
POLL_COLUMNS = ("poll", "option", "count", "answer_share", "explanations")
PARTICIPANT_COLUMNS = (
    "pseudonym",
    "role",
    "organisation_type",
    "scale",
    "reason",
    "success",
    "statements",
    "votes",
)

HEADERS: dict[str, dict[str, str]] = {
    "nl": {
        "statement_id": "Nr",
        "question": "Vraag",
        "pseudonym": "Schuilnaam",
        "role": "Rol",
        "time": "Tijd",
        "reply_to": "Reactie op",
        "text": "Uitspraak",
        "agree": "Eens",
        "disagree": "Oneens",
        "passes": "Pas",
        "share": "Aandeel eens",
        "level": "Niveau",
        "is_bipotron": "Bipotron",
        "theme": "Thema",
        "rank": "Rang",
        "support": "Steun (eens-stemmen)",
        "statements": "Uitspraken",
        "synthetrons": "Synthetrons",
        "explanation": "Toelichting",
        "share_resident": "Eens bewoners",
        "share_professional": "Eens professionals",
        "share_municipality": "Eens gemeente",
        "share_other": "Eens anders",
        "is_bridge": "Brug",
        "is_friction": "Wrijving",
        "quotes": "Citaten",
        "poll": "Peiling",
        "option": "Keuze",
        "count": "Aantal",
        "answer_share": "Aandeel",
        "explanations": "Toelichtingen",
        "organisation_type": "Soort organisatie",
        "scale": "Schaalniveau",
        "reason": "Waarom meedoen",
        "success": "Wanneer geslaagd",
        "votes": "Stemmen",
    },
    "en": {
        "statement_id": "No.",
        "question": "Question",
        "pseudonym": "Pseudonym",
        "role": "Role",
        "time": "Time",
        "reply_to": "Reaction to",
        "text": "Statement",
        "agree": "Agree",
        "disagree": "Disagree",
        "passes": "Pass",
        "share": "Agree share",
        "level": "Level",
        "is_bipotron": "Bipotron",
        "theme": "Theme",
        "rank": "Rank",
        "support": "Support (agree votes)",
        "statements": "Statements",
        "synthetrons": "Synthetrons",
        "explanation": "Explanation",
        "share_resident": "Agree residents",
        "share_professional": "Agree professionals",
        "share_municipality": "Agree municipality",
        "share_other": "Agree other",
        "is_bridge": "Bridge",
        "is_friction": "Friction",
        "quotes": "Quotes",
        "poll": "Poll",
        "option": "Option",
        "count": "Count",
        "answer_share": "Share",
        "explanations": "Explanations",
        "organisation_type": "Organisation type",
        "scale": "Scale level",
        "reason": "Why they joined",
        "success": "When it is a success",
        "votes": "Votes",
    },
}
_YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def headers(columns: Sequence[str], lang: str) -> list[str]:
    """The column headers in the report's language (Dutch when it is unknown)."""
    words = HEADERS.get(lang, HEADERS["nl"])
    return [words[column] for column in columns]


def yes_no(value: bool, lang: str) -> str:
    yes, no = _YES_NO.get(lang, _YES_NO["nl"])
    return yes if value else no


def level_name(level: str | None, lang: str) -> str:
    """A synthetron level as the report names it; empty for a statement without one."""
    return name(lang, "level", level) if level else ""


# Rows ----------------------------------------------------------------------


def statement_cells(row: StatementRow, lang: str) -> tuple[Cell, ...]:
    """One statement in the order of STATEMENT_COLUMNS."""
    return (
        row.statement_id,
        row.question,
        row.pseudonym,
        row.role,
        row.time,
        row.reply_to,
        row.text,
        row.agree,
        row.disagree,
        row.passes,
        row.share,
        level_name(row.level, lang),
        yes_no(row.is_bipotron, lang),
        row.theme,
    )


def theme_rows(report: Report) -> Iterator[tuple[Cell, ...]]:
    """Every theme of every question, in ranked order; Other has no rank."""
    for question in report.questions:
        for rank, theme in enumerate(question.themes, start=1):
            shares = {party.role: party.share for party in theme.parties}
            yield (
                question.title,
                None if theme.is_other else rank,
                theme.label,
                theme.support,
                theme.statements,
                theme.synthetrons,
                theme.explanation,
                *(shares.get(party) for party in PARTIES),
                yes_no(theme.is_bridge, report.lang),
                yes_no(theme.is_friction, report.lang),
                quotes_text(theme.quotes, report.lang),
            )


def quotes_text(quotes: Iterable[Quote], lang: str) -> str:
    """Quotes one per line: a synthetron with its level, another in quotation marks."""
    lines = []
    for quote in quotes:
        if quote.is_synthetron:
            lines.append(f"{quote.text} (synthetron, {level_name(quote.level, lang)})")
        else:
            lines.append(f"\u201c{quote.text}\u201d")
    return "\n".join(lines)


def poll_rows(report: Report) -> Iterator[tuple[Cell, ...]]:
    """Every option of every poll with its count, share and the selected explanations."""
    for poll in report.polls:
        for option in poll.options:
            explained = [e.text for e in poll.explanations if e.option == option.label]
            yield (
                poll.title,
                option.label,
                option.count,
                option.count / poll.answers if poll.answers else None,
                "\n".join(explained),
            )


def participant_cells(row: ParticipantRow) -> tuple[Cell, ...]:
    """One participant in the order of PARTICIPANT_COLUMNS: pseudonymous fields only."""
    return (
        row.pseudonym,
        row.role,
        row.organisation_type,
        row.scale,
        row.reason,
        row.success,
        row.statements,
        row.votes,
    )


# CSV -----------------------------------------------------------------------


def write_csv(report: Report, folder: Path) -> list[Path]:
    """Write statements, themes, polls and participants as CSV files in `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lang = report.lang
    tables: dict[str, tuple[Sequence[str], Iterable[Sequence[Cell]]]] = {
        "statements.csv": (
            STATEMENT_COLUMNS,
            (statement_cells(row, lang) for row in report.statements),
        ),
        "themes.csv": (THEME_COLUMNS, theme_rows(report)),
        "polls.csv": (POLL_COLUMNS, poll_rows(report)),
        "participants.csv": (
            PARTICIPANT_COLUMNS,
            (participant_cells(row) for row in report.participants),
        ),
    }
    written = []
    for file_name, (columns, rows) in tables.items():
        path = folder / file_name
        # errors="replace": a lone surrogate (possible in a JSON escape) becomes "?".
        with path.open("w", newline="", encoding="utf-8-sig", errors="replace") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers(columns, lang))
            writer.writerows([csv_cell(cell) for cell in row] for row in rows)
        written.append(path)
    return written


def csv_cell(cell: Cell) -> str | int | float:
    """A cell as CSV text: empty for nothing, formula-like text neutralised with a quote."""
    if cell is None:
        return ""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


# JSON ----------------------------------------------------------------------


def write_json(report: Report, path: Path) -> Path:
    """Write the whole report as JSON (`dataclasses.asdict`), UTF-8, readable text kept."""
    path = Path(path)
    data = _without_nan(asdict(report))
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8", errors="replace")
    return path


def _without_nan(value: Any) -> Any:
    """NaN and infinity are not JSON; they become null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _without_nan(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_without_nan(item) for item in value]
    return value

"""The report's data as an Excel workbook: every statement with its votes and level.

Written with XlsxWriter in constant-memory mode, which flushes each row once the next
begins, so a session of 200,000 statements stays cheap; rows are written strictly in
order. Every cell is typed explicitly: text is always a string (a statement `=1+1`
stays text, never a formula), numbers and shares are numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from wijkdialoog.reports.content import Report, StatementRow
from wijkdialoog.reports.tables import (
    PARTICIPANT_COLUMNS,
    POLL_COLUMNS,
    STATEMENT_COLUMNS,
    THEME_COLUMNS,
    Cell,
    headers,
    participant_cells,
    poll_rows,
    statement_cells,
    theme_rows,
)

SHEETS = (
    "Overzicht",
    "Berichten",
    "Synthetrons",
    "Bipotrons",
    "Thema's",
    "Peilingen",
    "Deelnemers",
)
MAX_CELL_CHARS = 32_767  # Excel's limit, counted in UTF-16 code units
CUT_MARK = " [\u2026]"
LEVEL_ORDER = ("Top", "High", "Medium", "Low", "Bottom")
# Control characters Excel cannot show (XlsxWriter would write them as _x0007_), and
# lone surrogates (valid in JSON escapes, not in UTF-8) that would break the file.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
WIDTHS = {
    "statement_id": 7,
    "question": 30,
    "pseudonym": 16,
    "role": 13,
    "time": 19,
    "reply_to": 10,
    "text": 70,
    "agree": 8,
    "disagree": 9,
    "passes": 7,
    "share": 12,
    "level": 9,
    "is_bipotron": 9,
    "theme": 28,
    "rank": 6,
    "support": 12,
    "statements": 11,
    "synthetrons": 11,
    "explanation": 60,
    "is_bridge": 8,
    "is_friction": 9,
    "quotes": 80,
    "poll": 30,
    "option": 20,
    "count": 8,
    "answer_share": 9,
    "explanations": 60,
    "organisation_type": 28,
    "scale": 18,
    "reason": 45,
    "success": 45,
    "votes": 8,
}
WRAPPED = {"text", "explanation", "quotes", "explanations", "reason", "success"}

OVERVIEW_WORDS = {
    "nl": {
        "period": "Periode",
        "source": "Bron",
        "goal": "Doel",
        "figure": "Kengetal",
        "value": "Deze sessie",
        "benchmark": "Benchmark",
        "remark": "Wat opvalt",
        "counts": "Aantallen",
        "count": "Aantal",
        "registered": "Aangemeld",
        "active": "Actief",
        "statements": "Uitspraken",
        "reactions": "Reacties",
        "synthetrons": "Synthetrons",
        "bipotrons": "Bipotrons",
        "votes": "Stemmen",
        "poll_answers": "Peilingantwoorden",
    },
    "en": {
        "period": "Period",
        "source": "Source",
        "goal": "Goal",
        "figure": "Figure",
        "value": "This session",
        "benchmark": "Benchmark",
        "remark": "What stands out",
        "counts": "Counts",
        "count": "Count",
        "registered": "Registered",
        "active": "Active",
        "statements": "Statements",
        "reactions": "Reactions",
        "synthetrons": "Synthetrons",
        "bipotrons": "Bipotrons",
        "votes": "Votes",
        "poll_answers": "Poll answers",
    },
}
COUNTED = (
    "registered",
    "active",
    "statements",
    "reactions",
    "synthetrons",
    "bipotrons",
    "votes",
    "poll_answers",
)


class _Formats:
    """The workbook's few cell formats, made once."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.share = workbook.add_format({"num_format": "0%", "valign": "top"})
        self.decimal = workbook.add_format({"num_format": "0.0", "valign": "top"})
        self.top = workbook.add_format({"valign": "top"})

    def for_column(self, column: str) -> Format:
        if column in WRAPPED:
            return self.wrap
        if column.endswith("share"):
            return self.share
        return self.top


def write_xlsx(report: Report, path: Path) -> Path:
    """Write the report's data as a workbook with the sheets of SHEETS, in that order."""
    path = Path(path)
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    formats = _Formats(workbook)
    lang = report.lang

    def sheet(name: str) -> Worksheet:
        return workbook.add_worksheet(name)

    _write_overview(sheet("Overzicht"), report, formats)
    for name, rows in (
        ("Berichten", report.statements),
        ("Synthetrons", synthetrons(report)),
        ("Bipotrons", bipotrons(report)),
    ):
        cells = (statement_cells(row, lang) for row in rows)
        _write_table(sheet(name), STATEMENT_COLUMNS, cells, formats, lang=lang)
    _write_table(sheet("Thema's"), THEME_COLUMNS, theme_rows(report), formats, lang=lang)
    _write_table(sheet("Peilingen"), POLL_COLUMNS, poll_rows(report), formats, lang=lang)
    participants = (participant_cells(row) for row in report.participants)
    _write_table(sheet("Deelnemers"), PARTICIPANT_COLUMNS, participants, formats, lang=lang)
    try:
        workbook.close()
    except FileCreateError as error:
        raise OSError(f"cannot write {path}: {error}") from error
    return path


def synthetrons(report: Report) -> list[StatementRow]:
    """Statements with a level, by question, then level Top to Bottom, then agree share."""
    position = _question_positions(report)
    return sorted(
        (row for row in report.statements if row.level),
        key=lambda row: (
            position.get(row.question, len(position)),
            LEVEL_ORDER.index(row.level) if row.level in LEVEL_ORDER else len(LEVEL_ORDER),
            -(row.share or 0.0),
            row.statement_id,
        ),
    )


def bipotrons(report: Report) -> list[StatementRow]:
    """Dividing statements, by question, then most voted first."""
    position = _question_positions(report)
    return sorted(
        (row for row in report.statements if row.is_bipotron),
        key=lambda row: (
            position.get(row.question, len(position)),
            -(row.agree + row.disagree),
            row.statement_id,
        ),
    )


def _question_positions(report: Report) -> dict[str, int]:
    positions: dict[str, int] = {}
    for question in report.questions:
        positions.setdefault(question.title, len(positions))
    return positions


# Writing -------------------------------------------------------------------


def _write_table(
    sheet: Worksheet,
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    formats: _Formats,
    *,
    lang: str,
) -> None:
    """Write a bold, frozen header with a filter, then the rows below it, in order."""
    for column, (key, header) in enumerate(zip(columns, headers(columns, lang), strict=True)):
        sheet.set_column(column, column, WIDTHS.get(key, 12))
        sheet.write_string(0, column, header, formats.header)
    cell_formats = [formats.for_column(key) for key in columns]
    last_row = 0
    for last_row, cells in enumerate(rows, start=1):
        for column, (cell, cell_format) in enumerate(zip(cells, cell_formats, strict=True)):
            write_cell(sheet, last_row, column, cell, cell_format)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last_row, len(columns) - 1)


def write_cell(sheet: Worksheet, row: int, column: int, cell: Cell, cell_format: Format) -> None:
    """Write text as a string (never a formula) and numbers as numbers; leave blanks empty."""
    if cell is None or cell == "":
        return
    if isinstance(cell, str):
        sheet.write_string(row, column, fit_text(cell), cell_format)
    else:
        sheet.write_number(row, column, cell, cell_format)


def fit_text(text: str) -> str:
    """Text Excel can hold: no unshowable characters, cut with a mark at the cell limit."""
    text = _UNSHOWABLE.sub("", text)
    if len(text) * 2 <= MAX_CELL_CHARS or _utf16_length(text) <= MAX_CELL_CHARS:
        return text
    room = MAX_CELL_CHARS - len(CUT_MARK)
    cut = text[:room]
    while _utf16_length(cut) > room:  # characters outside the BMP count twice
        cut = cut[: len(cut) - (_utf16_length(cut) - room + 1) // 2]
    return cut + CUT_MARK


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _write_overview(sheet: Worksheet, report: Report, formats: _Formats) -> None:
    """Title, period, source, goal, the figures beside the benchmark, and the key counts."""
    words = OVERVIEW_WORDS.get(report.lang, OVERVIEW_WORDS["nl"])
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 2, 16)
    write_cell(sheet, 0, 0, report.title, formats.title)
    details = (("period", report.period), ("source", report.source), ("goal", report.goal))
    for row, (key, value) in enumerate(details, start=1):
        sheet.write_string(row, 0, words[key], formats.header)
        write_cell(sheet, row, 1, value, formats.top)
    row = len(details) + 2
    for column, key in enumerate(("figure", "value", "benchmark")):
        sheet.write_string(row, column, words[key], formats.header)
    figures = report.figures
    for figure in figures.rows:
        row += 1
        number = formats.share if figure.is_share else formats.decimal
        write_cell(sheet, row, 0, figure.label, formats.top)
        write_cell(sheet, row, 1, figure.value, number)
        write_cell(sheet, row, 2, figure.benchmark, number)
    row += 1
    sheet.write_string(row, 0, words["remark"], formats.header)
    write_cell(sheet, row, 1, figures.remark, formats.top)
    row += 2
    sheet.write_string(row, 0, words["counts"], formats.header)
    sheet.write_string(row, 1, words["count"], formats.header)
    for key in COUNTED:
        row += 1
        sheet.write_string(row, 0, words[key], formats.top)
        sheet.write_number(row, 1, getattr(figures, key), formats.top)

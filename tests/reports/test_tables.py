"""CSV and JSON read back; and awkward sessions that must still give every format."""

from __future__ import annotations

import csv
import json
import math
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.reports.fixtures_records import (
    FORMULA,
    PSEUDONYMS,
    LogBuilder,
    fold_events,
    neighbourhood_log,
    neighbourhood_record,
    sheet_rows,
)
from wijkdialoog.engine import MethodSettings, Vote
from wijkdialoog.reports.build import build_report
from wijkdialoog.reports.content import Report
from wijkdialoog.reports.record import SessionRecord, from_events
from wijkdialoog.reports.tables import write_csv, write_json
from wijkdialoog.reports.xlsx import write_xlsx

BOM = b"\xef\xbb\xbf"
STATEMENT_HEADERS = [
    "Nr",
    "Vraag",
    "Schuilnaam",
    "Rol",
    "Tijd",
    "Reactie op",
    "Uitspraak",
    "Eens",
    "Oneens",
    "Pas",
    "Aandeel eens",
    "Niveau",
    "Bipotron",
    "Thema",
]


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(neighbourhood_record())


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def plain(value: Any) -> Any:
    """What JSON makes of a value: tuples become lists."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


# CSV -------------------------------------------------------------------------


def test_csv_writes_four_tables_in_utf8_with_a_byte_order_mark(
    report: Report, tmp_path: Path
) -> None:
    written = write_csv(report, tmp_path / "csv")
    names = ["statements.csv", "themes.csv", "polls.csv", "participants.csv"]
    assert [path.name for path in written] == names
    assert all(path.read_bytes().startswith(BOM) for path in written)
    assert "ideeën" in (tmp_path / "csv" / "statements.csv").read_text(encoding="utf-8-sig")


def test_csv_rows_match_the_report_and_the_log(report: Report, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    write_csv(report, folder)
    statements = read_csv(folder / "statements.csv")
    assert list(statements[0]) == STATEMENT_HEADERS
    log = neighbourhood_log()
    truth = fold_events(log.events, log.dialogue.settings)
    assert sorted(int(row["Nr"]) for row in statements) == sorted(truth.statements)
    for row in statements:
        counts = truth.counts(int(row["Nr"]))
        assert (int(row["Eens"]), int(row["Oneens"]), int(row["Pas"])) == counts
    assert len(read_csv(folder / "themes.csv")) == sum(len(q.themes) for q in report.questions)
    assert len(read_csv(folder / "polls.csv")) == sum(len(p.options) for p in report.polls)
    participants = read_csv(folder / "participants.csv")
    assert len(participants) == len(PSEUDONYMS)
    assert not any("mail" in header.lower() for header in participants[0])


def test_csv_neutralises_formula_like_cells_with_a_quote(report: Report, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    write_csv(report, folder)
    texts = {row["Uitspraak"] for row in read_csv(folder / "statements.csv")}
    assert "'" + FORMULA in texts and FORMULA not in texts
    assert "'-- of meer?" in texts
    pseudonyms = {row["Schuilnaam"] for row in read_csv(folder / "participants.csv")}
    assert {"'=Gijs", "'@Ilse", "Anna"} <= pseudonyms
    explanations = "".join(row["Toelichtingen"] for row in read_csv(folder / "polls.csv"))
    assert "=HYPERLINK" not in explanations.replace("'=HYPERLINK", "")


def test_csv_shares_are_plain_decimal_numbers(report: Report, tmp_path: Path) -> None:
    write_csv(report, tmp_path)
    shares = [row["Aandeel eens"] for row in read_csv(tmp_path / "statements.csv")]
    assert all(0 <= float(share) <= 1 for share in shares if share)
    assert "" in shares  # a statement without agree or disagree votes has no share


# JSON ------------------------------------------------------------------------


def test_json_round_trips_the_whole_report(report: Report, tmp_path: Path) -> None:
    path = write_json(report, tmp_path / "rapport.json")
    text = path.read_text(encoding="utf-8")
    assert "ideeën" in text  # written as is, not as \\u escapes
    assert json.loads(text) == plain(asdict(report))


def test_json_writes_nan_as_null(report: Report, tmp_path: Path) -> None:
    odd = replace(report, across=replace(report.across, silhouette=math.nan))
    text = write_json(odd, tmp_path / "nan.json").read_text(encoding="utf-8")

    def refuse(constant: str) -> None:
        raise ValueError(constant)

    assert json.loads(text, parse_constant=refuse)["across"]["silhouette"] is None


# Awkward sessions: every format, never an exception --------------------------


def write_everything(record: SessionRecord, folder: Path) -> tuple[Report, Any]:
    """Build the report and write the workbook, CSV and JSON; return it and the workbook."""
    report = build_report(record)
    path = write_xlsx(report, folder / "rapport.xlsx")
    write_csv(report, folder / "csv")
    json.loads(write_json(report, folder / "rapport.json").read_text(encoding="utf-8"))
    return report, openpyxl.load_workbook(path)


def test_a_session_without_any_events_gives_an_empty_report(tmp_path: Path) -> None:
    report, book = write_everything(from_events([], title="Niets"), tmp_path)
    assert report.figures.statements == 0 and not report.questions
    assert sheet_rows(book, "Berichten") == []
    assert "geen uitspraken" in report.figures.remark


def test_a_session_without_statements_gives_a_sensible_report(tmp_path: Path) -> None:
    log = LogBuilder()
    log.join(1, "resident", organisation_type="none", scale="street")
    log.open(1)
    report, book = write_everything(from_events(log.events, title="Stil"), tmp_path)
    assert (report.figures.registered, report.figures.active) == (1, 0)
    assert len(sheet_rows(book, "Deelnemers")) == 1
    assert report.questions[0].themes == ()


def test_a_question_without_votes_lists_its_statements_without_levels(tmp_path: Path) -> None:
    log = LogBuilder()
    for pid in (1, 2):
        log.join(pid)
    log.open(1)
    log.post(1, 1, "Meer bomen in het park")
    log.post(2, 1, "Een moestuin voor de buurt")
    report, book = write_everything(from_events(log.events, title="Geen stemmen"), tmp_path)
    rows = sheet_rows(book, "Berichten")
    assert [(row["Eens"], row["Aandeel eens"], row["Niveau"]) for row in rows] == [
        (0, None, None),
        (0, None, None),
    ]
    assert sheet_rows(book, "Synthetrons") == [] and report.figures.votes == 0


def test_statements_of_only_emoji_or_links_are_kept(tmp_path: Path) -> None:
    log = LogBuilder()
    for pid in range(1, 7):
        log.join(pid)
    log.open(1)
    texts = ["\U0001f333\U0001f333", "\U0001f44d", "https://example.org/a", "www.wijk.nl", "#wijk"]
    for number, text in enumerate(texts * 2):
        log.post(1 + number % 6, 1, text)
    log.vote_until_done(lambda pid, sid: Vote.AGREE)
    report, book = write_everything(from_events(log.events, title="Tekens"), tmp_path)
    assert {row["Uitspraak"] for row in sheet_rows(book, "Berichten")} == set(texts)
    assert sum(theme.statements for theme in report.questions[0].themes) == 10


def test_a_statement_of_ten_thousand_characters_is_kept_whole(tmp_path: Path) -> None:
    text = ("Het park is te klein voor alle kinderen in de wijk. " * 200)[:10_000]
    log = LogBuilder(MethodSettings(max_statement_chars=10_000))
    for pid in (1, 2, 3):
        log.join(pid)
    log.open(1)
    log.post(1, 1, text)
    log.vote_until_done(lambda pid, sid: Vote.AGREE)
    _, book = write_everything(from_events(log.events, title="Lang"), tmp_path)
    assert sheet_rows(book, "Berichten")[0]["Uitspraak"] == text
    assert read_csv(tmp_path / "csv" / "statements.csv")[0]["Uitspraak"] == text


def test_a_participant_without_a_profile_gets_empty_fields(tmp_path: Path) -> None:
    log = LogBuilder()
    log.join(1)  # no intake at all
    log.join(2, "professional", organisation_type="welfare", scale="city", reason="Werk")
    log.open(1)
    log.post(1, 1, "Meer bankjes")
    report, book = write_everything(
        from_events(log.events, title="Profiel", pseudonyms={1: "Anoniem", 2: "Bo"}), tmp_path
    )
    rows = {row["Schuilnaam"]: row for row in sheet_rows(book, "Deelnemers")}
    assert rows["Anoniem"]["Waarom meedoen"] is None and rows["Anoniem"]["Uitspraken"] == 1
    assert rows["Bo"]["Waarom meedoen"] == "Werk"
    assert report.participation.registered == 2


def test_control_characters_and_a_broken_surrogate_do_not_break_the_files(
    tmp_path: Path,
) -> None:
    text = "Meer\x07 groen\x00 in de wijk \ud800!"  # a lone surrogate can come from JSON
    log = LogBuilder()
    log.join(1)
    log.open(1)
    log.post(1, 1, text)
    _, book = write_everything(from_events(log.events, title="Tekens"), tmp_path)
    assert sheet_rows(book, "Berichten")[0]["Uitspraak"] == "Meer groen in de wijk !"
    assert read_csv(tmp_path / "csv" / "statements.csv")[0]["Uitspraak"].startswith("Meer")

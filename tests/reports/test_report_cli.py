"""`wijkdialoog report`, end to end: each source, each format, and one line for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
from click.testing import CliRunner, Result

from tests.reports.fixtures_records import LONDON, LogBuilder, fold_polis, sheet_rows
from wijkdialoog.cli import main
from wijkdialoog.engine import Vote

if TYPE_CHECKING:
    from wijkdialoog.web.dialogues.models import Dialogue

needs_london = pytest.mark.skipif(not LONDON.is_dir(), reason="Polis data not available")


def report(*args: str) -> Result:
    return CliRunner().invoke(main, ["report", *args])


def assert_one_line_error(result: Result, *fragments: str) -> None:
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def written(result: Result) -> list[Path]:
    return [
        Path(line[len("written: ") :]) for line in result.output.splitlines() if "written:" in line
    ]


# Sources -----------------------------------------------------------------------


@needs_london
def test_a_polis_conversation_gives_the_workbook_csv_and_json(tmp_path: Path) -> None:
    result = report("--polis", str(LONDON), "--format", "xlsx,csv,json", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    base = "what-is-the-best-way-to-engage-more-young-people"
    assert [path.name for path in written(result)] == [
        f"{base}.xlsx",
        f"{base}-csv",
        f"{base}.json",
    ]
    assert "report ready in" in result.output.splitlines()[-1]
    rows = sheet_rows(openpyxl.load_workbook(tmp_path / f"{base}.xlsx"), "Berichten")
    assert len(rows) == len(fold_polis(LONDON).statements)
    data = json.loads((tmp_path / f"{base}.json").read_text(encoding="utf-8"))
    assert data["lang"] == "nl" and data["title"].startswith("What is the best way")


@needs_london
def test_a_polis_report_in_english_with_every_format(tmp_path: Path) -> None:
    result = report(
        "--polis",
        str(LONDON),
        "--format",
        "html,pdf",
        "--lang",
        "en",
        "--name",
        "london",
        "--out",
        str(tmp_path / "new" / "folder"),
    )
    assert result.exit_code == 0, result.output
    names = [path.name for path in written(result)]
    assert names == [
        "london.html",
        "london-infographic.html",
        "london-publiek.html",
        "london.pdf",
        "london-infographic.pdf",
    ]
    assert all(path.stat().st_size > 0 for path in written(result))
    assert (tmp_path / "new" / "folder" / "london.pdf").read_bytes().startswith(b"%PDF")
    assert 'lang="en"' in (tmp_path / "new" / "folder" / "london.html").read_text()


def test_a_simulated_session_gives_a_workbook(tmp_path: Path) -> None:
    result = report(
        "--simulated", "20", "--minutes", "10", "--seed", "0", "--format", "xlsx", "--out",
        str(tmp_path), "--name", "proef",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "proef.xlsx")
    assert len(sheet_rows(book, "Deelnemers")) == 20


@pytest.mark.django_db
def test_a_dialogue_is_found_by_its_invitation_code(tmp_path: Path) -> None:
    dialogue = dialogue_with_a_log()
    code = dialogue.invite_code.lower()  # as someone might type it
    result = report(code, "--format", "xlsx,json", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert [path.name for path in written(result)] == ["testdialoog.xlsx", "testdialoog.json"]
    book = openpyxl.load_workbook(tmp_path / "testdialoog.xlsx")
    statements = sheet_rows(book, "Berichten")
    assert [row["Uitspraak"] for row in statements] == TEXTS
    assert {row["Vraag"] for row in statements} == {"Wat gaat goed?"}
    assert {row["Schuilnaam"] for row in sheet_rows(book, "Deelnemers")} == set(NAMES)
    polls = sheet_rows(book, "Peilingen")
    assert [(row["Keuze"], row["Aantal"]) for row in polls] == [("ja", 2), ("nee", 1)]


NAMES = ["Anna", "Bram", "Cees"]
TEXTS = ["Meer bomen in het park", "Drempels bij de school", "Het buurthuis open houden"]


def dialogue_with_a_log() -> Dialogue:
    """A dialogue of the web app whose event log holds posts, votes and poll answers."""
    from tests.web.conftest import make_dialogue, make_participant
    from wijkdialoog.web.dialogues import access, eventlog

    dialogue = make_dialogue()
    people = [make_participant(dialogue, name) for name in NAMES]
    question, _, poll = dialogue.items.order_by("position")
    log = LogBuilder(dialogue.engine_settings())
    for person in people:
        log.join(person.pk, person.role, **access.intake_of(person))
    log.open(question.pk)
    for person, text in zip(people, TEXTS, strict=True):
        log.post(person.pk, question.pk, text)
    log.vote_until_done(lambda pid, sid: Vote.AGREE)
    log.close(question.pk)
    log.open(poll.pk, *poll.poll_options)
    for person, option in zip(people, ["ja", "nee", "ja"], strict=True):
        log.answer(person.pk, poll.pk, option)
    rows = [(event, None, None) for event in log.events]
    eventlog.append(dialogue.pk, 0, rows, log.dialogue.state)
    return dialogue


# Bad input: one line, no traceback ---------------------------------------------


@pytest.mark.django_db
def test_an_unknown_invitation_code_is_named() -> None:
    assert_one_line_error(report("ZZZZZZ", "--format", "json"), "'ZZZZZZ'")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["ABC123", "--simulated", "5"],
        ["--polis", "x", "--simulated", "5"],
    ],
)
def test_exactly_one_source_is_needed(args: list[str]) -> None:
    assert_one_line_error(report(*args), "one source")


def test_minutes_and_seed_need_a_simulated_session() -> None:
    assert_one_line_error(report("--polis", "x", "--minutes", "5"), "--simulated")


def test_an_unknown_format_is_named_with_the_allowed_ones(tmp_path: Path) -> None:
    result = report("--simulated", "3", "--format", "html,docx", "--out", str(tmp_path))
    assert_one_line_error(result, "'docx'", "html, pdf, xlsx, csv, json")
    assert not any(tmp_path.iterdir())


def test_a_missing_polis_folder_names_the_missing_file(tmp_path: Path) -> None:
    result = report("--polis", str(tmp_path / "nowhere"), "--out", str(tmp_path))
    assert_one_line_error(result, "comments.csv")


def test_a_malformed_polis_file_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "polis"
    folder.mkdir()
    header = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    good = "1658934589213,x,1,1,0,0,1,Meer groen\n"
    (folder / "comments.csv").write_text(header + good + "1658934589214,x,2,1,0,0,7,Fout\n")
    (folder / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n")
    result = report("--polis", str(folder), "--format", "json", "--out", str(tmp_path))
    assert_one_line_error(result, "comments.csv line 3", "moderated")


def test_an_unwritable_output_folder_gives_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = report("--simulated", "3", "--format", "json", "--out", str(blocker / "rapport"))
    assert_one_line_error(result, "cannot write the report")


def test_an_output_path_that_is_a_file_gives_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert_one_line_error(report("--simulated", "3", "--out", str(blocker)), "a-file")


def test_a_name_with_folders_is_refused(tmp_path: Path) -> None:
    result = report("--simulated", "3", "--name", "../elders", "--out", str(tmp_path))
    assert_one_line_error(result, "--name")


def test_the_help_explains_the_sources_and_formats() -> None:
    result = CliRunner().invoke(main, ["report", "--help"])
    assert result.exit_code == 0
    for word in ("DIALOGUE", "invitation code", "--polis", "--simulated", "xlsx", "--lang"):
        assert word in result.output

"""Tests for the `wijkdialoog` command: output, exit codes and one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from wijkdialoog.cli import main

LONDON = Path("/work/shared/data/polis/london.youth.policing")


def test_simulate_prints_the_figures_beside_the_benchmark() -> None:
    result = CliRunner().invoke(main, ["simulate", "--participants", "60", "--minutes", "30"])
    assert result.exit_code == 0, result.output
    assert "benchmark" in result.output
    assert "statements per person" in result.output
    assert "% reactions" in result.output
    assert "top synthetrons:" in result.output


def test_simulate_defaults_match_the_reference_session() -> None:
    result = CliRunner().invoke(main, ["simulate"])
    assert result.exit_code == 0, result.output
    assert "active participants                 155" in result.output


@pytest.mark.parametrize(
    "args",
    [["simulate", "--participants", "0"], ["simulate", "--minutes", "-5"], ["simulate", "--x"]],
)
def test_a_bad_option_gives_one_line_and_no_traceback(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:")
    assert "Traceback" not in result.output


def test_replay_polis_on_a_missing_folder_names_the_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["replay-polis", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "comments.csv" in lines[0]


@pytest.mark.skipif(not LONDON.is_dir(), reason="Polis data not available")
def test_replay_polis_ends_with_the_result_line() -> None:
    result = CliRunner().invoke(main, ["replay-polis", str(LONDON), "--seeds", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("RESULT recall_engine=")


def test_themes_labels_every_row_of_a_csv(tmp_path):
    import csv

    from tests.analysis.test_themes import GREEN, TRAFFIC, YOUTH

    source = tmp_path / "in.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "text", "author"])
        for text in GREEN + TRAFFIC + YOUTH:
            writer.writerow(["Wat is nodig?", text, "x"])
        writer.writerow(["Andere vraag", "Alleen deze", "y"])
    target = tmp_path / "out.csv"
    result = CliRunner().invoke(
        main, ["themes", str(source), "--out", str(target)], standalone_mode=False
    )
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 25 and all(row["theme"] for row in rows)
    assert [row["author"] for row in rows[:2]] == ["x", "x"]  # other columns kept
    assert len({row["theme"] for row in rows[:24]}) >= 3


def test_themes_names_a_missing_column_on_one_line(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("vraag,text\nA,B\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wijkdialoog.cli",
            "themes",
            str(source),
            "--out",
            str(tmp_path / "o.csv"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "missing column(s) question" in result.stderr and "in.csv" in result.stderr


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"DJANGO_SECRET_KEY": "s"}, "needs PostgreSQL"),
        ({"DJANGO_SECRET_KEY": "s", "DATABASE_URL": "postgres://h/db"}, "needs Redis"),
        ({"DATABASE_URL": "postgres://h/db", "REDIS_URL": "redis://h"}, "DJANGO_SECRET_KEY"),
    ],
)
def test_serve_refuses_a_setup_that_cannot_carry_it(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], says: str
) -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["serve", "--workers", "3"])
    assert result.exit_code == 1
    assert says in result.output
    assert "Traceback" not in result.output


def test_erase_expired_says_when_nothing_is_due(db: None) -> None:
    result = CliRunner().invoke(main, ["erase-expired", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output == "No dialogue is past its retention.\n"


def test_erase_participant_of_a_running_dialogue_is_one_line_and_changes_nothing(
    db: None,
) -> None:
    from tests.web.conftest import make_dialogue, make_participant

    dialogue = make_dialogue()
    dialogue.status = "running"
    dialogue.save()
    anna = make_participant(dialogue, "Anna")
    args = ["erase-participant", "--dialogue", str(dialogue.pk), "--participant", str(anna.pk)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and "not closed yet" in lines[0]
    anna.refresh_from_db()
    assert anna.pseudonym == "Anna"

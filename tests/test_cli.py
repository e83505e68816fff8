"""Tests for the `wijkdialoog` command: output, exit codes and one-line errors."""

from __future__ import annotations

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

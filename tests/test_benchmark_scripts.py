"""The engine benchmarks still run, on crowds too small to measure anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.engine_floor import NeededReads
from benchmarks.engine_throughput import generate
from benchmarks.engine_work import totals
from wijkdialoog.engine import Dialogue
from wijkdialoog.engine.effects import Delivered
from wijkdialoog.engine.events import StatementPosted, VoteCast

ROOT = Path(__file__).resolve().parent.parent


def test_engine_throughput_runs_and_ends_with_its_result_line() -> None:
    command = [sys.executable, "benchmarks/engine_throughput.py", "--minutes", "2"]
    command += ["--sizes", "30", "60", "--least-seconds", "0"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("RESULT eps_1k=")
    figures = dict(pair.split("=") for pair in last.split()[1:])
    assert set(figures) == {"eps_1k", "eps_100k", "cost_ratio", "bytes_per_participant"}
    assert float(figures["cost_ratio"]) > 0
    # With no least time, each size replays once in each of the three rounds.
    assert "of      30 participants 3 times" in done.stdout
    assert "of      60 participants 3 times" in done.stdout


def test_engine_work_reads_cachegrind_totals() -> None:
    report = "desc: I1 cache\nevents: Ir DLmr\nfl=x.c\nfn=f\n1 5 2\nsummary: 1234 56\n"
    assert totals(report) == {"Ir": 1234, "DLmr": 56}


def test_engine_floor_runs_and_ends_with_its_result_line() -> None:
    command = [sys.executable, "benchmarks/engine_floor.py", "--minutes", "2"]
    command += ["--sizes", "30", "60", "--least-seconds", "0"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    last = done.stdout.strip().splitlines()[-1]
    figures = dict(pair.split("=") for pair in last.removeprefix("RESULT ").split())
    assert set(figures) == {"replay_growth_us", "needed_growth_us", "needed_share"}
    assert "     30 participants: the needed reads take" in done.stdout


def test_engine_floor_reads_what_the_replay_named() -> None:
    settings, log = generate(40, minutes=3, seed=2)
    reads = NeededReads(settings, log)
    replayed = Dialogue(settings)
    delivered = [e for event in log for e in replayed.apply(event) if isinstance(e, Delivered)]
    assert delivered
    assert [p.participant_id for p in reads.recipients] == [d.participant_id for d in delivered]
    assert len(reads.votes) == sum(isinstance(e, VoteCast) for e in log) > 0
    assert len(reads.posts) == sum(isinstance(e, StatementPosted) for e in log) > 0
    assert reads.state.events_applied == reads.events == len(log)

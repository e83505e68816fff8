"""How long the session report takes, in every format, and how that grows with size.

Times building the report and writing all formats (HTML, public page, infographic, PDF,
Excel, CSV, JSON) for (a) the simulated reference session (155 participants, 90
minutes), (b) every conversation in ../shared/data/polis/, (c) a simulated session of
10,000 participants (about 200,000 statements). The simulation itself is not timed.
Last line: `RESULT seconds_ref=<a> seconds_large=<c> per_statement_ratio=<c/a per statement>`.

Run from the repository root: `python benchmarks/report_time.py` (about 10 minutes;
`--large-participants 2000` for a quicker look).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wijkdialoog.reports.build import build_report
from wijkdialoog.reports.formats import FORMATS, write_formats
from wijkdialoog.reports.record import SessionRecord, from_polis, from_simulation
from wijkdialoog.simulation.crowd import simulate_session

POLIS = Path(__file__).resolve().parents[2] / "shared" / "data" / "polis"


def time_report(name: str, record: SessionRecord) -> float:
    """Build and write every format; print the stages; return the total seconds."""
    started = time.perf_counter()
    report = build_report(record)
    built = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        stages = {}
        for fmt in FORMATS:
            before = time.perf_counter()
            write_formats(report, [fmt], Path(out), "rapport")
            stages[fmt] = time.perf_counter() - before
    total = time.perf_counter() - started
    statements = len(record.statements)
    written = " ".join(f"{fmt}={seconds:.2f}" for fmt, seconds in stages.items())
    print(
        f"{name}: statements={statements} votes={len(record.votes)} "
        f"people={len(record.people)} build={built - started:.2f} {written} "
        f"total={total:.2f}s per_statement_ms={1000 * total / max(statements, 1):.3f}",
        flush=True,
    )
    return total


def simulated(participants: int, seed: int) -> SessionRecord:
    before = time.perf_counter()
    session = simulate_session(participants=participants, minutes=90, seed=seed)
    print(
        f"(simulated {participants} participants in {time.perf_counter() - before:.1f}s)",
        flush=True,
    )
    return from_simulation(session)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large-participants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    reference = simulated(155, args.seed)
    seconds_ref = time_report("reference", reference)
    for folder in sorted(p for p in POLIS.iterdir() if p.is_dir()):
        time_report(f"polis {folder.name}", from_polis(folder))
    large = simulated(args.large_participants, args.seed)
    seconds_large = time_report("large", large)

    per_ref = seconds_ref / max(len(reference.statements), 1)
    per_large = seconds_large / max(len(large.statements), 1)
    print(
        f"RESULT seconds_ref={seconds_ref:.2f} seconds_large={seconds_large:.2f} "
        f"per_statement_ratio={per_large / per_ref:.3f}"
    )


if __name__ == "__main__":
    main()

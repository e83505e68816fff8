"""Count the engine's work per event, and its misses in a simulated cache, as a crowd grows.

The time per event (engine_throughput.py) mixes the work the engine does for an event
with the wait for memory, and on a shared machine it swings from run to run. Here the
replay runs under valgrind's cachegrind, which counts the instructions executed and
simulates the processor's caches: the same figures on every run, whatever else the
machine does. Two counts per size: instructions per event (the work) and reads per
event that miss the simulated last-level cache (the waits). The cache is set small
(default 4 MB) so that at 10,000 participants the state outgrows it as much as the state
of 100,000 outgrows this machine's 32 MB L3.

Each size is simulated (as in engine_throughput.py: 25 minutes, the log read back
through the server's JSON codec), saved, then loaded in two child processes under
cachegrind: one only loads the log, the other loads and replays it; the difference is the
replay's. Needs valgrind (Debian's `valgrind` package). 1,000 and 10,000 participants take
about five minutes; 100,000 (`--sizes 1000 100000`) would take about an hour,
judging by the 10,000 run (not run yet).

Run from the repository root: `python benchmarks/engine_work.py` (venv or PYTHONPATH=.).
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.engine_throughput import generate, set_collector
from wijkdialoog.engine import Dialogue

# Level-1 caches as on the machines of docs/benchmarks.md, fixed so the counts do not
# depend on the machine valgrind runs on: 32 KB, 8-way, 64-byte lines.
FIRST_LEVEL = "32768,8,64"


def child(log_path: str, *, replay: bool) -> None:
    """Load a saved log and, if asked, replay it; run under cachegrind by `count`."""
    gc.disable()
    with open(log_path, "rb") as saved:
        settings, log = pickle.load(saved)
    set_collector()
    gc.enable()
    # The state is held until the exit, and there is no clean-up: freeing it (which the
    # server never does while a dialogue runs) and the collector's last pass would be
    # counted as the replay's.
    _kept = Dialogue.replay(log, settings) if replay else None
    os._exit(0)


def count(log_path: Path, *, replay: bool, cache_bytes: int) -> dict[str, int]:
    """Return cachegrind's totals (Ir, DLmr, ...) for one child process."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "cachegrind.out"
        command = [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=yes",
            f"--I1={FIRST_LEVEL}",
            f"--D1={FIRST_LEVEL}",
            f"--LL={cache_bytes},16,64",
            f"--cachegrind-out-file={out}",
            sys.executable,
            __file__,
            "--child",
            str(log_path),
            "replay" if replay else "load",
        ]
        # A fixed string hash, so that dicts keyed by text lay out the same in every run.
        same_hashes = {**os.environ, "PYTHONHASHSEED": "0"}
        subprocess.run(command, check=True, capture_output=True, env=same_hashes)
        return totals(out.read_text())


def totals(report: str) -> dict[str, int]:
    """Read the `events:` names and the `summary:` figures of a cachegrind out file."""
    lines = report.splitlines()
    names = next(line for line in lines if line.startswith("events:")).split()[1:]
    figures = next(line for line in lines if line.startswith("summary:")).split()[1:]
    return dict(zip(names, map(int, figures), strict=True))


def measure(size: int, *, minutes: float, seed: int, cache_bytes: int) -> tuple[float, float]:
    """Return (instructions, last-level read misses) per event of replaying one session."""
    settings, log = generate(size, minutes=minutes, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "log.pickle"
        with open(log_path, "wb") as saved:
            pickle.dump((settings, log), saved, protocol=pickle.HIGHEST_PROTOCOL)
        events = len(log)
        del log
        gc.collect()
        with ThreadPoolExecutor(max_workers=2) as pool:
            loading = pool.submit(count, log_path, replay=False, cache_bytes=cache_bytes)
            replaying = pool.submit(count, log_path, replay=True, cache_bytes=cache_bytes)
            load, both = loading.result(), replaying.result()
    work = (both["Ir"] - load["Ir"]) / events
    misses = (both["DLmr"] - load["DLmr"]) / events
    print(
        f"replayed {events:>9} events of {size:>7} participants: {work:,.0f} instructions "
        f"and {misses:.1f} reads missing a {cache_bytes >> 20} MB cache per event",
        flush=True,
    )
    return work, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=25.0, help="session length, all sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument(
        "--cache-mb", type=int, default=4, help="simulated last-level cache (a power of two)"
    )
    parser.add_argument("--child", nargs=2, metavar=("LOG", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], replay=args.child[1] == "replay")
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: apt-get install valgrind")
    if args.cache_mb < 1 or args.cache_mb & (args.cache_mb - 1):
        sys.exit("--cache-mb must be a power of two")

    figures = {
        size: measure(size, minutes=args.minutes, seed=args.seed, cache_bytes=args.cache_mb << 20)
        for size in args.sizes
    }
    small, large = args.sizes[0], args.sizes[-1]
    (small_work, small_misses), (large_work, large_misses) = figures[small], figures[large]
    print(
        f"RESULT work_ratio={large_work / small_work:.3f} "
        f"instructions_{small}={small_work:.0f} instructions_{large}={large_work:.0f} "
        f"misses_{small}={small_misses:.1f} misses_{large}={large_misses:.1f} "
        f"cache_mb={args.cache_mb}"
    )


if __name__ == "__main__":
    main()

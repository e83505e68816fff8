"""Measure how fast the engine folds events, and its memory per participant, as a crowd grows.

For each size a synthetic crowd makes a session's event log (untimed); the log is read
back through the server's JSON codec, as the server reads its event log, and the crowd
and its own dialogue are let go, so that only the replay's state is in memory. Then each
log is replayed into a fresh `Dialogue`, timed, several times: the fastest run counts, as
Python's timeit advises (a small replay lasts a fraction of a second, and other work on a
shared machine only ever adds time to it). The sizes take turns, in rounds, so that a
stretch of minutes in which the host is busier slows every size, not only the one whose
turn it was. The minutes stay the same at every size, so
each participant makes about as many actions everywhere and the cost per event compares
like with like. Memory is the state the largest replay leaves, measured with tracemalloc.

Beside them, the same run measures the machine: what one random read from memory costs in
an area the size of the smallest state and in one the size of the largest. The engine does
the same work per event at every size; what grows is the wait for memory (docs/benchmarks.md).

Run from the repository root: `python benchmarks/engine_throughput.py` (venv or PYTHONPATH=.).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wijkdialoog.engine import Dialogue, MethodSettings
from wijkdialoog.engine.events import Event, event_from_dict, event_to_dict
from wijkdialoog.simulation.crowd import simulate_session
from wijkdialoog.web.collector import collect_as_the_server

SIZES = (1_000, 10_000, 100_000)


def generate(participants: int, *, minutes: float, seed: int) -> tuple[MethodSettings, list[Event]]:
    """Return the settings and event log of a simulated session, read back as the server
    reads its log: each event through its JSON form. The crowd and the dialogue it ran
    are dropped, so they take no room in the caches while the replay is timed."""
    started = time.perf_counter()
    session = simulate_session(participants=participants, minutes=minutes, seed=seed)
    settings = session.settings
    log = [event_from_dict(json.loads(json.dumps(event_to_dict(e)))) for e in session.events]
    del session
    gc.collect()
    took = time.perf_counter() - started
    print(
        f"generated {participants:>7} participants: {len(log):>9} events "
        f"({len(log) / participants:.1f} per participant) in {took:.1f}s",
        flush=True,
    )
    return settings, log


def set_collector() -> None:
    """Freeze what exists before the replay (the whole log, which the server never holds)
    out of the collector's sight, then set the collector as the server sets it."""
    gc.freeze()
    collect_as_the_server()


def time_replays(
    logs: dict[int, tuple[MethodSettings, list[Event]]], *, least_s: float, rounds: int = 3
) -> dict[int, float]:
    """Return, per size, the fastest seconds per event of replaying its log into a fresh
    dialogue. In each of `rounds` rounds every size replays at least once and for at least
    its share of `least_s` seconds."""
    gc.collect()
    set_collector()
    runs: dict[int, list[float]] = {size: [] for size in logs}
    for _ in range(rounds):
        for size, (settings, log) in logs.items():
            spent = 0.0
            while True:
                started = time.perf_counter()
                dialogue = Dialogue.replay(log, settings)
                took = time.perf_counter() - started
                del dialogue
                gc.collect()
                runs[size].append(took)
                spent += took
                if spent >= least_s / rounds:
                    break
    per_event = {}
    for size, (_, log) in logs.items():
        per_event[size] = min(runs[size]) / len(log)
        median = statistics.median(runs[size]) / len(log)
        print(
            f"replayed  {len(log):>9} events of {size:>7} participants {len(runs[size])} times, "
            f"fastest {per_event[size] * 1e6:.1f} us/event (median {median * 1e6:.1f}): "
            f"{1 / per_event[size]:,.0f} events/s",
            flush=True,
        )
    return per_event


def measure_state(settings: MethodSettings, log: list[Event]) -> tuple[int, int, float]:
    """Return (bytes the replayed state keeps, peak bytes during the replay, seconds a full
    collection of the garbage collector takes with it in memory, the fastest of three: the
    first also sorts out what is new). A collection stops a server for as long, so the
    engine keeps its records out of the collector's sight."""
    gc.collect()
    tracemalloc.start()
    dialogue = Dialogue.replay(log, settings)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    collections = []
    for _ in range(3):
        started = time.perf_counter()
        gc.collect()
        collections.append(time.perf_counter() - started)
    del dialogue
    return kept, peak, min(collections)


def random_read_ns(megabytes: float, *, reads: int = 1_000_000, seed: int = 1) -> float:
    """Return how many nanoseconds more a random read from an area this large costs than a
    read in order: the price of missing the processor's caches at that size."""
    slots = max(1, int(megabytes * 1e6) // 8)
    area = memoryview(bytearray(slots * 8)).cast("q")
    rng = random.Random(seed)
    scattered = [rng.randrange(slots) for _ in range(reads)]
    in_order = [i % slots for i in range(reads)]
    took = {}
    for name, places in (("scattered", scattered), ("in order", in_order)):
        started = time.perf_counter()
        for place in places:
            area[place]
        took[name] = time.perf_counter() - started
    return (took["scattered"] - took["in order"]) / reads * 1e9


def replay_options(
    description: str, *, sizes: tuple[int, ...], nargs: int | str
) -> argparse.Namespace:
    """Read the options of a benchmark that generates logs and times their replays."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--minutes", type=float, default=25.0, help="session length, all sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sizes", type=int, nargs=nargs, default=list(sizes))
    parser.add_argument(
        "--least-seconds",
        type=float,
        default=10.0,
        help="replay each size at least this long, over three rounds",
    )
    return parser.parse_args()


def generate_and_time(
    args: argparse.Namespace,
) -> tuple[dict[int, tuple[MethodSettings, list[Event]]], dict[int, float]]:
    """Return each size's log, and the fastest seconds per event of replaying it."""
    logs = {size: generate(size, minutes=args.minutes, seed=args.seed) for size in args.sizes}
    return logs, time_replays(logs, least_s=args.least_seconds)


def main() -> None:
    args = replay_options(__doc__.splitlines()[0], sizes=SIZES, nargs="+")
    logs, per_event = generate_and_time(args)
    largest = args.sizes[-1]
    kept, peak, collection = measure_state(*logs[largest])
    print(
        f"memory at {largest} participants: state {kept / 1e6:.1f} MB "
        f"({kept / largest:,.0f} B/participant), replay peak {peak / 1e6:.1f} MB; "
        f"a full collection with it in memory {collection * 1e3:.1f} ms",
        flush=True,
    )
    smallest = args.sizes[0]
    small_mb, large_mb = kept / largest * smallest / 1e6, kept / 1e6
    small_ns, large_ns = random_read_ns(small_mb), random_read_ns(large_mb)
    print(
        f"a random read from memory costs {small_ns:.0f} ns more than one in order in "
        f"{small_mb:.0f} MB (the state at {smallest}), {large_ns:.0f} ns in {large_mb:.0f} MB "
        f"(at {largest}): {large_ns / max(small_ns, 1):.1f} times as much",
        flush=True,
    )
    print(
        f"RESULT eps_1k={1 / per_event[smallest]:.0f} eps_100k={1 / per_event[largest]:.0f} "
        f"cost_ratio={per_event[largest] / per_event[smallest]:.2f} "
        f"bytes_per_participant={kept / largest:.0f}"
    )


if __name__ == "__main__":
    main()

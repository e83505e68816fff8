"""The garbage collector's settings of a server process; the engine benchmarks use them too."""

from __future__ import annotations

import gc

# Rarer collections: their cost grows with every object alive, not with the work done,
# and gave p99 spikes of 145-270 ms at 3,000 connections (the project's architecture
# notes). The engine keeps its records out of the collector's sight (engine/untracked.py),
# so its passes no longer read them. A young generation collected every 700 new objects,
# Python's default, was tried: anything alive at one of those passes then waits for the
# middle generation, millions of objects later, and in the test suite database
# connections held by such garbage piled up to PostgreSQL's limit (docs/benchmarks.md,
# session 11).
THRESHOLDS = (50_000, 50, 100)


def collect_as_the_server() -> None:
    gc.set_threshold(*THRESHOLDS)

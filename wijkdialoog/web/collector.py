"""The garbage collector's settings of a server process; the engine benchmarks use them too."""

from __future__ import annotations

import gc

# Rarer collections: their cost grows with every object alive, not with the work done,
# and gave p99 spikes of 145-270 ms at 3,000 connections (docs/architecture.md).
THRESHOLDS = (50_000, 50, 100)


def collect_as_the_server() -> None:
    gc.set_threshold(*THRESHOLDS)

"""The garbage collector's settings of a server process; the engine benchmarks use them too."""

from __future__ import annotations

import gc

# The young generation is collected often, as Python does by default (every 700 new
# objects): its objects were made moments ago and are still in the processor's cache, so
# the pass reads them from there. Collected every 50,000 objects instead, it read them
# back from memory: in a crowd of 10,000 a fifth of the engine's cache misses (docs/
# benchmarks.md, session 11). The older generations stay rare: the middle one about
# every 2.5 million objects and the oldest after 100 of those, since their passes cost
# time with every object alive, and Python's defaults gave p99 spikes of 145-270 ms at
# 3,000 connections (the project's architecture notes).
THRESHOLDS = (700, 3_500, 100)


def collect_as_the_server() -> None:
    gc.set_threshold(*THRESHOLDS)

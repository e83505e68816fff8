"""Simulated participants over real websockets: a live crowd for demos and load tests.

Each bot joins through the JSON API (`POST /api/d/<code>/join`), opens the participant
websocket and behaves like a person at a neighbourhood evening: it writes a short Dutch
statement now and then, votes on the head of its inbox after thinking a few seconds
(agreeing as its latent opinion group would, as in `crowd.py`) and answers polls. A
dropped socket is reopened after a jittered backoff, and every frame not yet answered is
sent again with the same `ref`, which the server answers without applying it twice.

The report counts what was sent, acknowledged and refused, and keeps two latencies for
benchmarks: vote -> acknowledgement, and post -> the first inbox frame of another member
that shows the statement (the visible head of the inbox: the first delivery round).

Only the `websockets` client and the standard library talk to the server; no Django
(import contract: cli > simulation > engine).
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from typing import Any

from wijkdialoog.simulation.live_crowd.bot import Bot, Crowd, EventHook
from wijkdialoog.simulation.live_crowd.people import Opinions
from wijkdialoog.simulation.live_crowd.report import CrowdReport

__all__ = ["CrowdReport", "run_crowd"]


def _ignore(kind: str, data: dict[str, Any]) -> None:
    pass


async def run_crowd(
    base_url: str,
    code: str,
    *,
    participants: int,
    duration_s: float | None,
    seed: int,
    post_every_s: float = 60.0,
    think_s: tuple[float, float] = (4.0, 15.0),
    grace_s: float = 15.0,
    join_concurrency: int = 16,
    connect_timeout_s: float = 120.0,
    on_event: EventHook | None = None,
) -> CrowdReport:
    """Join `participants` bots, let them act for `duration_s`, then collect the answers.

    Each bot writes a statement every `post_every_s` on average and votes on its inbox
    head after thinking `think_s` (the defaults: a lively evening for a demo). Joining
    and connecting come first and are not part of `duration_s` (None: act until
    cancelled); after it the bots stop sending and wait up to `grace_s` for the answers
    still due. `on_event(kind, data)` hears "joined", "connected", "acting", "stopped",
    "reconnect" and "finished".
    """
    if participants < 0 or (duration_s is not None and not duration_s > 0):
        raise ValueError("participants must not be negative, a duration must be positive")
    emit = on_event or _ignore
    report = CrowdReport(participants=participants)
    crowd = Crowd(
        base_url, code, post_every_s, think_s, report, Opinions(random.Random(seed)), emit
    )
    bots = [Bot(n, crowd, random.Random(f"{seed}-{n}")) for n in range(participants)]
    began = time.perf_counter()
    gate = asyncio.Semaphore(join_concurrency)
    await asyncio.gather(*(bot.join(gate) for bot in bots))
    emit("joined", {"count": report.joined, "seconds": time.perf_counter() - began})
    links = [asyncio.create_task(bot.stay_connected()) for bot in bots]
    try:
        await _connect_all(bots, report, timeout_s=connect_timeout_s)
        emit("connected", {"count": report.connected, "seconds": time.perf_counter() - began})
        await _act(bots, report, duration_s=duration_s, grace_s=grace_s, emit=emit)
    finally:
        await asyncio.gather(*(bot.finish() for bot in bots))
        for link in links:
            link.cancel()
        await asyncio.gather(*links, return_exceptions=True)
    for bot in bots:
        report.unanswered.update(entry.frame["type"] for entry in bot.unacked.values())
        report.schedule.append(bot.schedule)
    emit("finished", {"unanswered": sum(report.unanswered.values())})
    return report


async def _connect_all(bots: list[Bot], report: CrowdReport, *, timeout_s: float) -> None:
    until = time.perf_counter() + timeout_s
    while True:
        report.connected = sum(bot.is_connected.is_set() for bot in bots)
        refused = sum(bot.is_finished and not bot.is_connected.is_set() for bot in bots)
        if refused:
            raise RuntimeError(f"the server refused {refused} of {len(bots)} bots' sockets")
        if report.connected == len(bots):
            return
        if time.perf_counter() > until:
            missing = len(bots) - report.connected
            raise TimeoutError(f"{missing} of {len(bots)} bots did not connect in {timeout_s}s")
        await asyncio.sleep(0.05)


async def _act(
    bots: list[Bot],
    report: CrowdReport,
    *,
    duration_s: float | None,
    grace_s: float,
    emit: EventHook,
) -> None:
    report.started_at = time.perf_counter()
    emit("acting", {"duration_s": duration_s})
    deadline = math.inf if duration_s is None else report.started_at + duration_s
    if not bots:
        await asyncio.sleep(duration_s if duration_s is not None else math.inf)
    await asyncio.gather(*(bot.act(deadline) for bot in bots))
    report.ended_at = time.perf_counter()
    emit("stopped", {"unanswered": sum(len(bot.unacked) for bot in bots)})
    await _await_answers(bots, grace_s=grace_s)


async def _await_answers(bots: list[Bot], *, grace_s: float) -> None:
    until = time.perf_counter() + grace_s
    while any(bot.unacked for bot in bots) and time.perf_counter() < until:
        await asyncio.sleep(0.1)

"""Measure how much of the engine's growth in time per event is the reads any routing needs.

engine_throughput.py finds the time per event growing with the crowd while the work per
event stays the same (engine_work.py): the growth is the wait for memory. Part of that
wait is unavoidable: an event must find its participant's record and, for a vote, the
statement's record and the voter's mark in its audience; each delivery must reach the
recipient's inbox. This benchmark replays each size's log (timed, as engine_throughput.py
does), then times those reads alone, on the replayed state, for the same events and the
same deliveries in the same order; and the same loops again on a single record, always in
the cache, which is what the loops cost without any wait. The difference is what the
needed reads wait for memory at that size.

Done in a tight loop, those reads wait less than in the engine, where each comes amid
the work of its event: the processor overlaps misses that lie close together. So the
figure is a floor: how far the engine's own reads could at best come down, not a promise.

Run from the repository root: `python benchmarks/engine_floor.py` (venv or PYTHONPATH=.).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.engine_throughput import generate_and_time, replay_options
from wijkdialoog.engine import Dialogue, MethodSettings
from wijkdialoog.engine.effects import Delivered
from wijkdialoog.engine.events import Event, StatementPosted, VoteCast
from wijkdialoog.engine.state import DialogueState, Participant

SIZES = (1_000, 100_000)


class NeededReads:
    """What a replayed log's events name: votes, posts and deliveries, in the log's order."""

    def __init__(self, settings: MethodSettings, log: list[Event]) -> None:
        dialogue = Dialogue(settings)
        delivered_to: list[int] = []
        for event in log:
            for effect in dialogue.apply(event):
                if type(effect) is Delivered:
                    delivered_to.append(effect.participant_id)
        self.state: DialogueState = dialogue.state
        self.events = len(log)
        self.votes = [(e.participant_id, e.statement_id) for e in log if type(e) is VoteCast]
        self.posts = [e.participant_id for e in log if type(e) is StatementPosted]
        participants = self.state.participants
        # The engine reaches recipients through their groups, not by id: so do these reads.
        self.recipients: list[Participant] = [participants[p] for p in delivered_to]


def find_records(state: DialogueState, votes: list[tuple[int, int]], posts: list[int]) -> None:
    participants, statements = state.participants, state.statements
    for participant_id, statement_id in votes:
        voter = participants[participant_id]
        statements[statement_id].audience.get(voter.key)
    for participant_id in posts:
        participants[participant_id]


def reach_inboxes(recipients: list[Participant]) -> None:
    for recipient in recipients:
        len(recipient.inbox)


def fastest(run: Callable[[], None], *, times: int = 5) -> float:
    took = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        took.append(time.perf_counter() - started)
    return min(took)


def needed_wait_us(reads: NeededReads) -> tuple[float, float]:
    """Return (µs per event the needed reads take, µs per event of it that is waiting)."""
    state, votes, posts, recipients = reads.state, reads.votes, reads.posts, reads.recipients
    taken = fastest(lambda: find_records(state, votes, posts)) + fastest(
        lambda: reach_inboxes(recipients)
    )
    one_vote, one_post = votes[:1] * len(votes), posts[:1] * len(posts)
    one_recipient = recipients[:1] * len(recipients)
    in_cache = fastest(lambda: find_records(state, one_vote, one_post)) + fastest(
        lambda: reach_inboxes(one_recipient)
    )
    return taken / reads.events * 1e6, (taken - in_cache) / reads.events * 1e6


def main() -> None:
    args = replay_options(__doc__.splitlines()[0], sizes=SIZES, nargs=2)
    logs, per_event = generate_and_time(args)
    waits = {}
    for size, (settings, log) in logs.items():
        reads = NeededReads(settings, log)
        taken, waits[size] = needed_wait_us(reads)
        print(
            f"{size:>7} participants: the needed reads take {taken:.2f} us per event, "
            f"{waits[size]:.2f} of it waiting for memory "
            f"({len(reads.recipients) / reads.events:.2f} deliveries per event)",
            flush=True,
        )
        del reads
    small, large = args.sizes
    replay_growth = (per_event[large] - per_event[small]) * 1e6
    needed_growth = waits[large] - waits[small]
    print(
        f"from {small} to {large} participants the replay grows by {replay_growth:.2f} us per "
        f"event, the needed reads' wait by {needed_growth:.2f} us",
        flush=True,
    )
    share = needed_growth / replay_growth if replay_growth else float("nan")
    print(
        f"RESULT replay_growth_us={replay_growth:.2f} needed_growth_us={needed_growth:.2f} "
        f"needed_share={share:.2f}"
    )


if __name__ == "__main__":
    main()

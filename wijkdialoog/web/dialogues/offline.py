"""Script steps taken before the server runs (the demo, tests, benchmarks).

With no server running there is no other writer, so a short-lived conductor may act;
it goes through the same path as the facilitator's console.
"""

from __future__ import annotations

import asyncio

from wijkdialoog.web.dialogues.conductor import Conductor, Outcome


def open_next_item(dialogue_id: int) -> Outcome:
    """Open the dialogue's next script item, as the console's button does."""

    async def act() -> Outcome:
        conductor = Conductor(dialogue_id)
        await conductor.start()
        try:
            return await conductor.open_next_item()
        finally:
            await conductor.stop()

    return asyncio.run(act())


def open_first_item(dialogue_id: int) -> Outcome | None:
    """Open the first item unless one was opened before; None when nothing was to do."""

    async def opened_before() -> bool:
        conductor = Conductor(dialogue_id)
        await conductor.start()
        try:
            return bool(conductor.engine.state.items)
        finally:
            await conductor.stop()

    if asyncio.run(opened_before()):
        return None
    return open_next_item(dialogue_id)

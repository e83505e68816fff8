"""The conductor when things go wrong: repeats, stopping, and a second writer.

A client sends an intent again, with the same ref, when it got no answer in time; a
conductor is stopped when its process loses the dialogue; for a moment two processes
may each think they run it (cluster.py). None of these may store an intent twice or
leave a caller waiting for ever.
"""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from tests.web.conftest import amake_dialogue, amake_participant
from wijkdialoog.web.dialogues import access, models
from wijkdialoog.web.dialogues.conductor import Conductor, OwnerUnavailable, conductor_for

count_statements = database_sync_to_async(models.Statement.objects.count)


async def running_with(names: list[str]) -> tuple[Conductor, list[models.Participant]]:
    """A dialogue whose first question is open, with these participants present."""
    dialogue = await amake_dialogue()
    people = [await amake_participant(dialogue, name) for name in names]
    conductor = await conductor_for(dialogue.pk)
    for person in people:
        joined = await conductor.join(person.pk, person.role, access.intake_of(person))
        assert joined.accepted
    assert (await conductor.open_next_item()).accepted
    return conductor, people


async def test_the_same_ref_twice_in_one_batch_is_stored_once(adb):
    conductor, (alice,) = await running_with(["Alice"])
    text = "Meer bankjes op het plein"
    first, again = await asyncio.gather(
        conductor.post(alice.pk, text, ref="p-1"), conductor.post(alice.pk, text, ref="p-1")
    )
    assert first.accepted and again.accepted
    assert first.statement_id == again.statement_id is not None
    assert await count_statements() == 1


async def test_a_stopped_conductor_sends_callers_elsewhere_and_stores_nothing(adb):
    conductor, (alice,) = await running_with(["Alice"])
    await conductor.stop()
    with pytest.raises(OwnerUnavailable):
        await conductor.post(alice.pk, "Te laat voor deze", ref="p-late")
    assert await count_statements() == 0


async def test_after_a_second_writer_a_resend_is_answered_not_applied_again(adb):
    """Two conductors of one dialogue, as while a lease changes hands: what one wrote,
    the other learns when its own write clashes, refs included."""
    conductor, (alice, bob) = await running_with(["Alice", "Bob"])
    other = Conductor(conductor.dialogue_id)
    await other.start()
    try:
        written = await other.post(alice.pk, "Een zebrapad bij de school", ref="p-1")
        assert written.accepted
        # The first conductor's log is behind: its write clashes, it reads the log again.
        clash = await conductor.post(bob.pk, "Meer licht in de tunnel", ref="p-2")
        assert clash.refusal is not None and clash.refusal.code == "server_error"
        resent = await _when_rebuilt(conductor.post(alice.pk, "Een zebrapad", ref="p-1"))
        assert resent.statement_id == written.statement_id
        assert await count_statements() == 1
    finally:
        await other.stop()


async def _when_rebuilt(intent):  # type: ignore[no-untyped-def]
    # The rebuild runs in the conductor's loop right after the failed batch; the intent
    # queued meanwhile is taken after it.
    return await asyncio.wait_for(intent, timeout=10)


async def test_when_overloaded_writes_are_refused_at_once_and_change_nothing(adb, settings):
    conductor, people = await running_with(["Alice", "Bob", "Cees", "Dirk"])
    settings.WIJKDIALOOG_CONDUCTOR_QUEUE_LIMIT = 2
    outcomes = await asyncio.gather(
        *(conductor.post(p.pk, f"Idee van {p.pseudonym}", ref="p-1") for p in people)
    )
    codes = [o.refusal.code if o.refusal else "ack" for o in outcomes]
    assert codes == ["ack", "ack", "busy", "busy"]
    assert await count_statements() == 2
    # Joining and reading are never refused, however full the queue.
    settings.WIJKDIALOOG_CONDUCTOR_QUEUE_LIMIT = 0
    assert (await conductor.request_inbox(people[0].pk)).accepted
    busy = await conductor.post(people[2].pk, "Nog een idee", ref="p-2")
    assert busy.refusal is not None and "erg druk" in busy.refusal.message

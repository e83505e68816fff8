"""Leases on PostgreSQL: one process per dialogue, and a lease nobody uses is let go.

A process that holds a dialogue's lease but cannot start its conductor (the database
half back after an outage, say) must not keep the lease: every other process would
wait for it, and the session would stand still. Nor may a lease connection the process
gave up in a network fault, which the database may still keep open.
"""

from __future__ import annotations

import pytest
from django.db import connection

from wijkdialoog.web.dialogues import cluster
from wijkdialoog.web.dialogues import conductor as local

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="leases are PostgreSQL advisory locks"
)

DIALOGUE = 987_654  # no such dialogue: the lock is only a number


async def test_a_lease_is_held_by_one_process_until_released(adb):
    first, second = cluster.Leases(), cluster.Leases()
    try:
        assert await first.claim(DIALOGUE)
        assert not await second.claim(DIALOGUE)
        await first.release(DIALOGUE)
        assert DIALOGUE not in first.held
        assert await second.claim(DIALOGUE)
    finally:
        await first.close()
        await second.close()


async def test_a_take_over_that_fails_lets_the_lease_go(adb, monkeypatch):
    async def database_away(dialogue_id: int) -> None:
        raise OSError("the database is not back yet")

    monkeypatch.setattr(local, "conductor_for", database_away)
    failing, other = cluster._Cluster(), cluster.Leases()
    try:
        assert await failing.leases.claim(DIALOGUE)
        with pytest.raises(OSError):
            await failing._take_over(DIALOGUE)
        assert await other.claim(DIALOGUE)
    finally:
        await failing.leases.close()
        await other.close()


async def test_a_lease_connection_given_up_in_a_network_fault_does_not_keep_the_lease(adb):
    leases, other = cluster.Leases(), cluster.Leases()
    assert await leases.claim(DIALOGUE)
    # The lease connection failed on the process's side; the database heard nothing
    # and still holds the lease for it.
    abandoned = leases._connection
    leases._connection = None
    leases.held.clear()
    try:
        assert not await other.claim(DIALOGUE)
        # Reconnecting ends the abandoned connection, and the lease is free again.
        assert await leases.claim(DIALOGUE)
        assert not await other.claim(DIALOGUE)
        await leases.release(DIALOGUE)
        assert await other.claim(DIALOGUE)
    finally:
        await abandoned.close()
        await leases.close()
        await other.close()

"""The live path end to end over websockets: join, post, deliver, vote, refuse."""

from __future__ import annotations

from channels.db import database_sync_to_async

from tests.web.conftest import amake_dialogue, amake_participant, connect
from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.conductor import conductor_for


async def test_post_reaches_group_and_vote_is_stored(adb):
    dialogue = await amake_dialogue()
    alice = await amake_participant(dialogue, "Alice")
    bob = await amake_participant(dialogue, "Bob", role="professional")
    a = await connect(dialogue, alice)
    b = await connect(dialogue, bob)
    await a.wait_for("state")
    await b.wait_for("state")
    conductor = await conductor_for(dialogue.pk)
    assert (await conductor.open_next_item()).accepted
    opened = await a.wait_for("state")
    assert opened["item"]["title"] == "Wat gaat goed?"

    await a.send({"type": "post", "ref": "p1", "text": "Meer bankjes in het park"})
    ack = await a.wait_for("ack", ref="p1")
    statement_id = ack["statement"]
    inbox = await b.wait_for("inbox")
    assert [s["id"] for s in inbox["statements"]] == [statement_id]

    await b.send({"type": "vote", "ref": "v1", "statement": statement_id, "vote": "agree"})
    await b.wait_for("ack", ref="v1")
    row = await database_sync_to_async(models.Statement.objects.get)(engine_id=statement_id)
    assert (row.text, row.agree) == ("Meer bankjes in het park", 1)

    await b.send({"type": "vote", "ref": "v2", "statement": statement_id, "vote": "agree"})
    refused = await b.wait_for("error", ref="v2")
    assert refused["code"] == "already_voted"
    assert "al" in refused["message"]
    count = await database_sync_to_async(models.VoteRecord.objects.count)()
    assert count == 1
    await a.close()
    await b.close()

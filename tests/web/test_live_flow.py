"""The live path end to end over websockets: join, post, deliver, vote, refuse."""

from __future__ import annotations

from channels.db import database_sync_to_async

from tests.web.conftest import amake_dialogue, amake_participant, connect, make_administrator
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


async def test_console_hears_the_monitor_through_the_channel_layer(adb):
    from channels.testing import WebsocketCommunicator

    from wijkdialoog.web.dialogues.consumers import ConsoleConsumer

    dialogue = await amake_dialogue()
    staff = await database_sync_to_async(make_administrator)("leider")
    console = WebsocketCommunicator(ConsoleConsumer.as_asgi(), f"/ws/console/{dialogue.pk}/")
    console.scope["user"] = staff
    console.scope["url_route"] = {"kwargs": {"dialogue_id": dialogue.pk}}
    connected, _ = await console.connect()
    assert connected
    first = await console.receive_json_from()
    assert (first["type"], first["statements"]) == ("monitor", 0)
    conductor = await conductor_for(dialogue.pk)
    await conductor.open_next_item()
    # The script change arrives through the layer (Redis when REDIS_URL is set).
    while (frame := await console.receive_json_from(timeout=5))["type"] != "script":
        pass
    assert frame["open_item"] == conductor.open_item_id()
    await console.disconnect()

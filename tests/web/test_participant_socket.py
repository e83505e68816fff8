"""The participant's websocket: refusals with a code, resends answered once, rate limits."""

from __future__ import annotations

from channels.db import database_sync_to_async

from tests.web.conftest import Socket, amake_dialogue, amake_participant, connect
from wijkdialoog.web.dialogues import models
from wijkdialoog.web.dialogues.conductor import conductor_for

count_statements = database_sync_to_async(models.Statement.objects.count)
count_votes = database_sync_to_async(models.VoteRecord.objects.count)


async def two_in_a_question() -> tuple[models.Dialogue, Socket, Socket]:
    """Alice and Bob connected to a dialogue whose first question is open."""
    dialogue = await amake_dialogue()
    alice = await connect(dialogue, await amake_participant(dialogue, "Alice"))
    bob = await connect(dialogue, await amake_participant(dialogue, "Bob", role="professional"))
    await alice.wait_for("state")
    await bob.wait_for("state")
    assert (await (await conductor_for(dialogue.pk)).open_next_item()).accepted
    await alice.wait_for("state")
    await bob.wait_for("state")
    return dialogue, alice, bob


async def test_a_frame_that_is_not_json_is_a_bad_frame(adb):
    _, alice, bob = await two_in_a_question()
    await alice.communicator.send_to(text_data="{not json")
    error = await alice.wait_for("error")
    assert error["code"] == "bad_frame"
    assert error["message"] == "Dit bericht begrijpt de server niet."
    await alice.send({"type": "post", "ref": "p-ok", "text": "Nog steeds verbonden"})
    assert (await alice.wait_for("ack", ref="p-ok"))["statement"] is not None
    await alice.close()
    await bob.close()


async def test_a_frame_of_an_unknown_type_is_a_bad_frame(adb):
    _, alice, bob = await two_in_a_question()
    await alice.send({"type": "shout", "ref": "s-1"})
    error = await alice.wait_for("error", ref="s-1")
    assert error["code"] == "bad_frame"
    await alice.close()
    await bob.close()


async def test_a_vote_on_an_unknown_statement_is_refused(adb):
    _, alice, bob = await two_in_a_question()
    await bob.send({"type": "vote", "ref": "v-1", "statement": 999, "vote": "agree"})
    error = await bob.wait_for("error", ref="v-1")
    assert error["code"] == "unknown_statement"
    assert error["message"] == "Deze stelling bestaat niet."
    assert await count_votes() == 0
    await alice.close()
    await bob.close()


async def test_a_vote_on_a_hidden_statement_is_refused(adb):
    dialogue, alice, bob = await two_in_a_question()
    await alice.send({"type": "post", "ref": "p-1", "text": "Iets wat weg moet"})
    statement_id = (await alice.wait_for("ack", ref="p-1"))["statement"]
    inbox = await bob.wait_for("inbox")
    assert [s["id"] for s in inbox["statements"]] == [statement_id]
    hidden = await (await conductor_for(dialogue.pk)).hide(statement_id, "reden")
    assert hidden.accepted
    await bob.send({"type": "vote", "ref": "v-1", "statement": statement_id, "vote": "agree"})
    error = await bob.wait_for("error", ref="v-1")
    assert error["code"] == "statement_hidden"
    assert await count_votes() == 0
    await alice.close()
    await bob.close()


async def test_a_resent_post_gets_the_same_statement_and_is_stored_once(adb):
    _, alice, bob = await two_in_a_question()
    frame = {"type": "post", "ref": "p-again", "text": "Meer licht in de tunnel"}
    await alice.send(frame)
    first = await alice.wait_for("ack", ref="p-again")
    await alice.send(frame)  # as after a reconnect, when the ack was lost
    second = await alice.wait_for("ack", ref="p-again")
    assert first["statement"] == second["statement"] is not None
    assert await count_statements() == 1
    await alice.close()
    await bob.close()


async def test_a_post_resent_on_a_new_connection_is_stored_once(adb):
    dialogue = await amake_dialogue()
    participant = await amake_participant(dialogue, "Alice")
    first_socket = await connect(dialogue, participant)
    await first_socket.wait_for("state")
    assert (await (await conductor_for(dialogue.pk)).open_next_item()).accepted
    frame = {"type": "post", "ref": "p-reconnect", "text": "Een zebrapad bij school"}
    await first_socket.send(frame)
    first = await first_socket.wait_for("ack", ref="p-reconnect")
    await first_socket.close()
    second_socket = await connect(dialogue, participant)
    await second_socket.wait_for("state")
    await second_socket.send(frame)
    second = await second_socket.wait_for("ack", ref="p-reconnect")
    assert first["statement"] == second["statement"]
    assert await count_statements() == 1
    await second_socket.close()


async def test_the_third_post_in_a_minute_is_rate_limited(adb, settings):
    settings.WIJKDIALOOG_STATEMENTS_PER_MINUTE = 2
    _, alice, bob = await two_in_a_question()
    for number in (1, 2):
        await alice.send({"type": "post", "ref": f"p-{number}", "text": f"Stelling {number}"})
        await alice.wait_for("ack", ref=f"p-{number}")
    await alice.send({"type": "post", "ref": "p-3", "text": "Stelling 3"})
    error = await alice.wait_for("error", ref="p-3")
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("Rustig aan")
    assert await count_statements() == 2
    await alice.close()
    await bob.close()


async def test_a_post_before_the_first_item_is_refused(adb):
    dialogue = await amake_dialogue()
    alice = await connect(dialogue, await amake_participant(dialogue, "Alice"))
    state = await alice.wait_for("state")
    assert state["item"] is None
    await alice.send({"type": "post", "ref": "p-early", "text": "Te vroeg"})
    error = await alice.wait_for("error", ref="p-early")
    assert error["code"] == "dialogue_not_started"
    assert await count_statements() == 0
    await alice.close()


async def test_a_post_of_only_the_hashtag_is_refused_as_empty(adb):
    _, alice, _ = await two_in_a_question()
    await alice.send({"type": "post", "ref": "h1", "text": " #wijk "})
    refused = await alice.wait_for("error", ref="h1")
    assert refused["code"] == "empty_statement"
    count = await database_sync_to_async(models.Statement.objects.count)()
    assert count == 0

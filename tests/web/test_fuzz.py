"""Malformed socket frames and form posts: a refusal each, never a 500, nothing changed.

Hypothesis builds frames and forms that are wrong in every way we could think of:
not JSON, not an object, unknown types, missing or mistyped fields, ids that are zero,
negative, huge, booleans or text, votes that are no vote, statements that are empty,
only the hashtag or too long, frames over the size limit. The session has no statement
yet, so no vote can be valid. After each batch the engine's state and the event log
are exactly as before, and a proper statement is still accepted: the server stays up.
"""

from __future__ import annotations

import json
from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import amake_dialogue, amake_participant, connect, make_administrator
from tests.web.test_participant_views import PageClient, client_of
from wijkdialoog.engine import snapshot_json
from wijkdialoog.web.dialogues import cluster, models
from wijkdialoog.web.dialogues.cluster import conductor_for
from wijkdialoog.web.dialogues.consumers import MAX_FRAME_BYTES
from wijkdialoog.web.dialogues.protocol import MESSAGES

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

bad_ids = st.one_of(
    st.integers(max_value=0),
    st.integers(min_value=2**53),
    st.booleans(),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
# No statement exists, so even a well-formed id names nothing.
any_ids = st.one_of(bad_ids, st.integers(min_value=1, max_value=10**6))
bad_texts = st.one_of(
    st.sampled_from(["", "   ", "\n\t", "#wijk", " #wijk "]),
    st.text(min_size=281, max_size=400).filter(lambda t: t.strip()),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


def _frame(kind: Any, **fields: Any) -> dict[str, Any]:
    return {"type": kind, **fields}


dict_frames = st.one_of(
    st.builds(_frame, st.sampled_from(["post"]), text=bad_texts),
    st.builds(_frame, st.just("post"), text=bad_texts, reaction_to=any_ids),
    st.builds(_frame, st.just("post")),
    st.builds(_frame, st.just("vote"), statement=any_ids, vote=st.text(max_size=10)),
    st.builds(_frame, st.just("vote"), statement=bad_ids, vote=st.just("agree")),
    st.builds(_frame, st.just("vote"), statement=any_ids, vote=json_values),
    st.builds(_frame, st.just("vote")),
    st.builds(_frame, st.just("poll"), item=any_ids, option=st.text(max_size=10)),
    st.builds(
        _frame,
        st.just("poll"),
        item=st.just(1),
        option=st.text(max_size=5),
        explanation=json_values,
    ),
    st.builds(_frame, st.one_of(st.text(max_size=10), st.integers(), st.none(), json_values)),
    st.dictionaries(st.text(max_size=8), json_values, max_size=4),
).filter(lambda f: f.get("type") != "sync")  # a resync is valid and changes nothing anyway

socket_frames = st.one_of(
    st.tuples(st.just("json"), dict_frames),
    st.tuples(st.just("json"), json_values.filter(lambda v: not isinstance(v, dict))),
    st.tuples(st.just("text"), st.text(min_size=1, max_size=60)),  # the test client sends no ""
    st.tuples(st.just("bytes"), st.binary(min_size=1, max_size=60)),
    st.tuples(
        st.just("text"), st.just('{"type": "post", "text": "' + "x" * MAX_FRAME_BYTES + '"}')
    ),
)


def _encoded(kind: str, value: Any) -> dict[str, Any]:
    if kind == "bytes":
        return {"bytes_data": value}
    text = json.dumps(value) if kind == "json" else value
    return {"text_data": text}


async def _state(dialogue_id: int) -> tuple[dict[str, Any], int]:
    """The engine's state and the log, less what every page visit adds: a request for
    statements to vote on (nothing to hand out here) and the clock."""
    conductor = await conductor_for(dialogue_id)
    events = await database_sync_to_async(
        models.Event.objects.filter(dialogue_id=dialogue_id).exclude(kind="inbox.requested").count
    )()
    state = json.loads(snapshot_json(conductor.engine.state))
    for visit_counter in ("events_applied", "last_at"):
        state.pop(visit_counter)
    return state, events


@FUZZ
@given(frames=st.lists(socket_frames, min_size=1, max_size=12))
async def test_malformed_frames_are_refused_and_change_nothing(adb, frames) -> None:
    await _send_frames(frames)


async def _send_frames(frames: list[tuple[str, Any]]) -> None:
    dialogue = await amake_dialogue()
    socket = await connect(dialogue, await amake_participant(dialogue, "Fuzzer"))
    try:
        await socket.wait_for("state")
        assert (await (await conductor_for(dialogue.pk)).open_next_item()).accepted
        await socket.wait_for("state")
        before = await _state(dialogue.pk)
        for kind, value in frames:
            await socket.communicator.send_to(**_encoded(kind, value))
            answer = await socket.wait_for("error", timeout=5)
            assert answer["code"] in MESSAGES and answer["message"]
        assert await _state(dialogue.pk) == before
        # Still up, and still listening to this very socket.
        await socket.send({"type": "post", "ref": "ok", "text": "Meer bankjes in het park"})
        assert (await socket.wait_for("ack", ref="ok"))["statement"] is not None
    finally:
        await socket.close()
        await cluster.stop()


form_values = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "0", "-1", "1", "99999999999999999999", "agree", "post", "vote", "poll"]),
)
page_forms = st.one_of(
    st.fixed_dictionaries(
        {
            "action": st.just("post"),
            "text": st.sampled_from(["", "  ", "#wijk", " #wijk", "x" * 281]),
        },
        optional={"reaction_to": form_values, "ref": form_values},
    ),
    st.fixed_dictionaries(
        {"action": st.just("vote")},
        optional={"statement": form_values, "vote": form_values, "ref": form_values},
    ),
    st.fixed_dictionaries(
        {"action": st.just("poll")},
        optional={"item": form_values, "option": form_values, "explanation": form_values},
    ),
    # Anything else; a post with some text would be a proper statement.
    st.dictionaries(st.sampled_from(["action", "text", "vote", "x", "ref"]), form_values).filter(
        lambda form: form.get("action") != "post"
    ),
)
console_forms = st.one_of(
    st.tuples(
        st.just("verbergen"),
        st.fixed_dictionaries({}, optional={"statement": form_values, "reason": form_values}),
    ),
    st.tuples(
        st.just("mededeling"),
        st.fixed_dictionaries({}, optional={"text": st.sampled_from(["", " ", "x" * 501])}),
    ),
)


@FUZZ
@given(
    posts=st.lists(page_forms, min_size=1, max_size=6), staff=st.lists(console_forms, max_size=4)
)
async def test_malformed_form_posts_never_fail_and_change_nothing(adb, posts, staff) -> None:
    await _post_forms(posts, staff)


async def _post_forms(posts: list[dict[str, str]], staff: list[tuple[str, dict[str, str]]]) -> None:
    dialogue = await amake_dialogue()
    participant = await amake_participant(dialogue, "Formulier")
    try:
        assert (await (await conductor_for(dialogue.pk)).open_next_item()).accepted
        page = client_of(dialogue, participant)
        page_url = f"/d/{dialogue.invite_code}/dialoog/"
        assert (await page.get(page_url)).status_code == 200  # present, as a visit makes you
        before = await _state(dialogue.pk)
        for form in posts:
            response = await page.post(page_url, form)
            assert response.status_code < 500, form
        console = PageClient()
        user = await sync_to_async(_staff_user)()
        await sync_to_async(console.force_login)(user)
        for path, form in staff:
            response = await console.post(f"/console/{dialogue.pk}/{path}/", form)
            assert response.status_code < 500, (path, form)
        assert await _state(dialogue.pk) == before
    finally:
        await cluster.stop()


def _staff_user() -> Any:
    existing = get_user_model().objects.filter(username="fuzz-leider").first()
    return existing or make_administrator("fuzz-leider")

"""Fixtures for the web layer: a dialogue with a script, joined participants, sockets."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connections

from wijkdialoog.web.asgi import application
from wijkdialoog.web.dialogues import access, cluster, models
from wijkdialoog.web.dialogues.forms import JoinForm, join


def make_dialogue(**settings: Any) -> models.Dialogue:
    neighbourhood = models.Neighbourhood.objects.create(name="Testwijk", municipality="Utrecht")
    dialogue = models.Dialogue.objects.create(neighbourhood=neighbourhood, title="Testdialoog")
    if settings:
        dialogue.method_settings = {**dialogue.method_settings, **settings}
        dialogue.save()
    kinds = [("question", "Wat gaat goed?"), ("question", "Wat is nodig?"), ("poll", "Kiezen")]
    for position, (kind, title) in enumerate(kinds):
        models.ScriptItem.objects.create(
            dialogue=dialogue,
            position=position,
            kind=kind,
            title=title,
            introduction=f"Inleiding bij {title}",
            hashtag="#wijk",
            poll_options=["ja", "nee"] if kind == "poll" else [],
        )
    return dialogue


def make_administrator(username: str = "gespreksleider", password: str = "geheim") -> Any:
    """A municipality administrator: staff who may run every dialogue."""
    user = get_user_model().objects.create_user(username, password=password, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="administer_dialogues"))
    return get_user_model().objects.get(pk=user.pk)  # without the cached permissions


def make_participant(
    dialogue: models.Dialogue, name: str, role: str = "resident"
) -> models.Participant:
    form = JoinForm(
        {
            "pseudonym": name,
            "role": role,
            "organisation_type": "none",
            "scale": "neighbourhood",
            "keep_informed": "maybe",
            "consent": "on",
        }
    )
    assert form.is_valid(), form.errors
    return join(dialogue, form)


class Socket:
    """A participant's websocket in a test, with helpers to wait for a frame type."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.communicator = communicator
        self.frames: list[dict[str, Any]] = []

    async def send(self, frame: dict[str, Any]) -> None:
        await self.communicator.send_to(text_data=json.dumps(frame))

    async def receive(self, timeout: float = 3) -> dict[str, Any]:
        frame = json.loads(await self.communicator.receive_from(timeout=timeout))
        self.frames.append(frame)
        return frame

    async def wait_for(self, kind: str, timeout: float = 3, **match: Any) -> dict[str, Any]:
        while True:
            frame = await self.receive(timeout)
            if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
                return frame

    async def close(self) -> None:
        await self.communicator.disconnect()


async def connect(dialogue: models.Dialogue, participant: models.Participant | None) -> Socket:
    headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
    if participant is not None:
        cookie = f"{access.cookie_name(dialogue)}={participant.device_token}"
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, f"/ws/d/{dialogue.invite_code}/", headers)
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    return Socket(communicator)


@pytest.fixture(autouse=True)
def forget_the_cluster() -> Iterator[None]:
    """Sync tests reach conductors too (through pages); leave no lease behind."""
    yield
    cluster.forget()


@pytest.fixture
async def stop_conductors() -> AsyncIterator[None]:
    yield
    await cluster.stop()
    # The conductor's writes ran in a worker thread; its connection must not outlive
    # the test database.
    await database_sync_to_async(connections.close_all)()


@pytest.fixture
def adb(transactional_db: None, stop_conductors: None) -> None:
    """A database that threads (the conductor's writes) see, and no conductor left over."""


amake_dialogue = database_sync_to_async(make_dialogue)
amake_participant = database_sync_to_async(make_participant)

"""Limits per client address: joining, logging in, guessing codes and opening sockets.

Each test acts from addresses of its own (random, in the documentation range), so
counts left by other tests, or by an earlier run in a shared Redis, do not meet it,
and holds the clock within one minute, so the count does not start again halfway.
"""

from __future__ import annotations

import ipaddress
import json
import random
from types import SimpleNamespace

import pytest
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from redis.exceptions import RedisError

from tests.web.conftest import amake_dialogue, amake_participant, make_dialogue
from tests.web.test_participant_views import INTAKE
from wijkdialoog.web import address_limits
from wijkdialoog.web.asgi import application
from wijkdialoog.web.dialogues import access, models

TOO_MANY = "Te veel pogingen vanaf dit adres; probeer het over een minuut opnieuw."


def new_address() -> str:
    """A fresh IPv6 address in 2001:db8::/32, in a /64 of its own."""
    network = random.getrandbits(32) << 64
    return str(ipaddress.IPv6Address(int(ipaddress.IPv6Address("2001:db8::")) + network + 1))


@pytest.fixture(autouse=True)
def one_minute(monkeypatch) -> None:
    monkeypatch.setattr(address_limits, "time", SimpleNamespace(time=lambda: 1_800_000_015.0))


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def assert_too_many(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 429
    assert response["Retry-After"] == "45"  # the rest of the frozen minute


def test_joins_over_the_limit_get_a_dutch_page_and_create_no_one(db, settings) -> None:
    settings.WIJKDIALOOG_JOINS_PER_MINUTE_PER_ADDRESS = 2
    dialogue = make_dialogue()
    url = reverse("participant:join", args=[dialogue.invite_code])
    town_hall = new_address()
    for _ in range(2):
        assert from_address(town_hall).post(url, INTAKE).status_code == 302
    refused = from_address(town_hall).post(url, INTAKE)
    assert_too_many(refused)
    assert TOO_MANY in refused.content.decode()
    assert "Te veel pogingen" in refused.content.decode()
    assert models.Participant.objects.filter(dialogue=dialogue).count() == 2
    # Reading the form is no attempt; another address joins as before.
    assert from_address(town_hall).get(url).status_code == 200
    assert from_address(new_address()).post(url, INTAKE).status_code == 302


def test_the_join_api_answers_a_code_over_the_limit(db, settings) -> None:
    settings.WIJKDIALOOG_JOINS_PER_MINUTE_PER_ADDRESS = 1
    dialogue = make_dialogue()
    url = reverse("participant:join_api", args=[dialogue.invite_code])
    body = json.dumps(INTAKE)
    bot = from_address(new_address())
    assert bot.post(url, body, content_type="application/json").status_code == 201
    refused = bot.post(url, body, content_type="application/json")
    assert_too_many(refused)
    assert refused.json() == {"code": "too_many_attempts", "message": TOO_MANY, "retry_after": 45}
    assert models.Participant.objects.filter(dialogue=dialogue).count() == 1


@pytest.mark.parametrize("login_url", ["/console/inloggen/", "/admin/login/"])
def test_logins_over_the_limit_are_refused_even_with_the_right_password(
    db, settings, login_url
) -> None:
    settings.WIJKDIALOOG_LOGINS_PER_MINUTE_PER_ADDRESS = 3
    get_user_model().objects.create_user("leider", password="juist", is_staff=True)
    guesser = from_address(new_address())
    for guess in ("fout1", "fout2", "fout3"):
        answer = guesser.post(login_url, {"username": "leider", "password": guess})
        assert answer.status_code == 200  # the form again, with its error
    refused = guesser.post(login_url, {"username": "leider", "password": "juist"})
    assert_too_many(refused)
    assert "_auth_user_id" not in guesser.session
    right_away = from_address(new_address()).post(
        login_url, {"username": "leider", "password": "juist"}
    )
    assert right_away.status_code == 302


def test_after_too_many_unknown_codes_even_the_right_one_is_refused(db, settings) -> None:
    settings.WIJKDIALOOG_CODE_MISSES_PER_MINUTE_PER_ADDRESS = 3
    dialogue = make_dialogue()
    guesser = from_address(new_address())
    assert guesser.get("/", {"code": "AAAAAA"}).status_code == 404
    assert guesser.get(reverse("participant:join", args=["BBBBBB"])).status_code == 404
    # The download of one's own data counts a miss too (it sends a stranger home).
    assert guesser.get(reverse("participant:own_data", args=["CCCCCC"])).status_code == 302
    # A right guess must look like the wrong ones, on every page that takes a code.
    for url in (
        f"/?code={dialogue.invite_code}",
        reverse("participant:join", args=[dialogue.invite_code]),
        reverse("participant:page", args=[dialogue.invite_code]),
        reverse("participant:report", args=[dialogue.invite_code]),
        reverse("participant:own_data", args=[dialogue.invite_code]),
    ):
        assert_too_many(guesser.get(url))
    api = reverse("participant:join_api", args=[dialogue.invite_code])
    assert_too_many(guesser.post(api, json.dumps(INTAKE), content_type="application/json"))
    assert not models.Participant.objects.exists()
    assert from_address(new_address()).get(f"/?code={dialogue.invite_code}").status_code == 302


def test_known_codes_do_not_count_as_misses(db, settings) -> None:
    settings.WIJKDIALOOG_CODE_MISSES_PER_MINUTE_PER_ADDRESS = 2
    dialogue = make_dialogue()
    resident = from_address(new_address())
    for _ in range(5):
        assert resident.get("/", {"code": dialogue.invite_code}).status_code == 302


def test_an_ipv6_home_counts_as_one_address_ipv4_addresses_apart() -> None:
    assert address_limits.counted_address("2001:db8:1:2::5") == "2001:db8:1:2::/64"
    assert address_limits.counted_address("2001:db8:1:2:abcd::9") == "2001:db8:1:2::/64"
    assert address_limits.counted_address("2001:db8:1:3::5") == "2001:db8:1:3::/64"
    assert address_limits.counted_address("192.0.2.7") == "192.0.2.7"
    assert address_limits.counted_address("") == "unknown"


def test_one_ipv6_network_shares_its_limit(db, settings) -> None:
    settings.WIJKDIALOOG_JOINS_PER_MINUTE_PER_ADDRESS = 1
    dialogue = make_dialogue()
    url = reverse("participant:join", args=[dialogue.invite_code])
    home = ipaddress.IPv6Address(new_address())
    assert from_address(str(home)).post(url, INTAKE).status_code == 302
    assert from_address(str(home + 1)).post(url, INTAKE).status_code == 429


async def test_sockets_over_the_limit_are_refused_in_the_handshake(adb, settings) -> None:
    settings.WIJKDIALOOG_SOCKETS_PER_MINUTE_PER_ADDRESS = 1
    dialogue = await amake_dialogue()
    participant = await amake_participant(dialogue, "Merel")
    town_hall = new_address()

    async def connect(address: str) -> tuple[WebsocketCommunicator, bool]:
        cookie = f"{access.cookie_name(dialogue)}={participant.device_token}"
        headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
        communicator = WebsocketCommunicator(
            application, f"/ws/d/{dialogue.invite_code}/", [*headers, (b"cookie", cookie.encode())]
        )
        communicator.scope["client"] = (address, 50000)
        connected, _ = await communicator.connect(timeout=5)
        return communicator, connected

    first, accepted = await connect(town_hall)
    assert accepted
    await first.disconnect()
    _, accepted = await connect(town_hall)
    assert not accepted
    third, accepted = await connect(new_address())
    assert accepted
    await third.disconnect()


def test_without_redis_nothing_is_counted_and_no_one_refused(monkeypatch, caplog) -> None:
    class Unreachable:
        def add(self, *args: object, **kwargs: object) -> None:
            raise RedisError("Connection refused")

        get = add

    monkeypatch.setattr(address_limits, "_counters", Unreachable)
    assert address_limits.count("joins", "192.0.2.1") == 0
    assert address_limits.wait_s("code_misses", "192.0.2.1") == 0
    assert "Redis unreachable" in caplog.text

"""What every response tells the browser: a strict policy, no framing, no sniffing, safe
cookies; with WIJKDIALOOG_HTTPS=1, secure cookies, HSTS and a redirect to https."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import make_administrator, make_dialogue
from tests.web.report_session import run_closed_session
from tests.web.test_participant_views import INTAKE
from wijkdialoog.web import server
from wijkdialoog.web.dialogues import access, models
from wijkdialoog.web.dialogues.views_report import OWN_PAGE_POLICY


def directives(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    pairs = (part.strip().split(" ", 1) for part in policy.split(";"))
    return {name: sources for name, sources in pairs}


@pytest.mark.parametrize("url", ["/", "/console/inloggen/", "/admin/login/"])
def test_every_page_has_a_strict_policy_and_safe_headers(db, url) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_policy_lets_the_page_open_its_socket_on_this_host_only(db) -> None:
    policy = directives(Client().get("/", headers={"host": "localhost"}))
    assert policy["connect-src"] == "'self' ws://localhost wss://localhost"


def test_a_request_for_another_host_still_gets_a_policy(db) -> None:
    response = Client().get("/", headers={"host": "evil.example"})
    assert response.status_code == 400  # not in ALLOWED_HOSTS
    assert directives(response)["connect-src"] == "'self'"


def test_no_page_of_ours_carries_inline_script_or_style(db) -> None:
    dialogue = make_dialogue()
    console = Client()
    console.force_login(make_administrator())
    pages = [
        Client().get("/").content.decode(),
        Client().get(reverse("participant:join", args=[dialogue.invite_code])).content.decode(),
        console.get(reverse("console:home")).content.decode(),
    ]
    for html in pages:
        assert "<script>" not in html and "<style" not in html
        assert " style=" not in html and " onclick=" not in html and "javascript:" not in html


@pytest.fixture
async def closed_dialogue(adb) -> models.Dialogue:
    return await run_closed_session()


def test_the_report_keeps_its_own_policy_that_lets_it_show_its_embedded_images(
    closed_dialogue,
) -> None:
    console = Client()
    console.force_login(make_administrator())
    response = console.get(reverse("console:report_preview", args=[closed_dialogue.pk]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == OWN_PAGE_POLICY  # not the site's one
    assert "img-src data:" in OWN_PAGE_POLICY
    assert 'src="data:image/png;base64,' in response.content.decode()  # the word cloud


def test_the_participant_cookie_is_http_only_and_same_site(db) -> None:
    dialogue = make_dialogue()
    url = reverse("participant:join", args=[dialogue.invite_code])
    for secure in (False, True):
        response = Client().post(url, INTAKE, secure=secure)
        assert response.status_code == 302
        cookie = response.cookies[access.cookie_name(dialogue)]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert bool(cookie["secure"]) is secure  # over https, only ever sent over https


def test_the_session_and_csrf_cookies_are_http_only_and_same_site(db) -> None:
    make_administrator("leider", "geheim-wachtwoord")
    client = Client()
    client.get(reverse("console:login"))
    logged_in = client.post(
        reverse("console:login"), {"username": "leider", "password": "geheim-wachtwoord"}
    )
    assert logged_in.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["httponly"] and cookie["samesite"] == "Lax", name


# The switch, as a new process reads it --------------------------------------------


def deploy_check(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="wijkdialoog.web.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="wijkdialoog.gemeente.example",
        **variables,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        env=env,
        cwd=server.REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def warnings_of(done: subprocess.CompletedProcess[str]) -> set[str]:
    return {word.strip("():") for word in done.stderr.split() if word.startswith("(security.")}


def test_behind_tls_the_deploy_check_finds_nothing_we_could_fix() -> None:
    done = deploy_check(WIJKDIALOOG_HTTPS="1")
    assert done.returncode == 0, done.stderr
    # Preloading HSTS is the municipality's choice for its own domain (docs/operations.md).
    assert warnings_of(done) == {"security.W021"}


def test_without_the_switch_the_deploy_check_asks_for_secure_cookies_and_hsts() -> None:
    done = deploy_check(WIJKDIALOOG_HTTPS="0")
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= warnings_of(done)


def test_a_mistyped_switch_stops_start_up() -> None:
    done = deploy_check(WIJKDIALOOG_HTTPS="yes")
    assert done.returncode != 0
    assert "WIJKDIALOOG_HTTPS must be 1 or 0" in done.stderr


def test_uvicorn_believes_forwarded_headers_only_from_the_proxy() -> None:
    command = server.uvicorn_command("127.0.0.1", 8000)
    assert "--proxy-headers" in command
    assert command[command.index("--forwarded-allow-ips") + 1] == "127.0.0.1,::1"
    proxies = server.proxy_addresses({"WIJKDIALOOG_PROXY_ADDRESSES": "10.0.0.5"})
    command = server.uvicorn_command("0.0.0.0", 8000, proxies=proxies)
    assert command[command.index("--forwarded-allow-ips") + 1] == "10.0.0.5"

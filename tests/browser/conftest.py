"""A real server on a throw-away SQLite database, and Debian's Chromium, for browser tests."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.live.server_fixture import LiveServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
README_SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"

# What the browser refused under the Content-Security-Policy, in every page new_page made.
CSP_VIOLATIONS: list[str] = []
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.wdCspViolation(
    event.effectiveDirective + " refused " + (event.blockedURI || "inline") +
    " on " + document.location.pathname);
});
"""

# A dialogue with two questions, not started, and a facilitator account.
SETUP = """
import json, django
django.setup()
from django.contrib.auth.models import User
from wijkdialoog.web.dialogues import models
hood = models.Neighbourhood.objects.create(name="Lombok", municipality="Utrecht")
d = models.Dialogue.objects.create(
    neighbourhood=hood, title="Samen aan de slag in Lombok",
    welcome="Welkom! Deel je ideeën over de wijk.", privacy_text="We bewaren alleen je schuilnaam.")
questions = [
    ("Wat gaat goed in de wijk?", "Denk aan projecten die werkten.", "#watwerkt"),
    ("Wat is er nodig naast geld?", "Tijd, ruimte, mensen?", "#nodig"),
]
for position, (title, intro, tag) in enumerate(questions):
    models.ScriptItem.objects.create(dialogue=d, position=position, kind="question",
                                     title=title, introduction=intro, hashtag=tag)
d.facilitators.add(User.objects.create_user("leider", password="geheim-wachtwoord", is_staff=True))
print(json.dumps({"dialogue": d.pk, "code": d.invite_code}))
"""


@pytest.fixture
def running_server(tmp_path: Path):
    server = LiveServer(tmp_path, {})
    server.env.pop("DATABASE_URL", None)  # the embedded default, as `make run` uses
    server.env.pop("REDIS_URL", None)
    server.migrate()
    server.setup = server.python(SETUP)  # type: ignore[attr-defined]
    server.start()
    yield server
    server.stop()


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def csp_violations() -> Iterator[list[str]]:
    CSP_VIOLATIONS.clear()
    yield CSP_VIOLATIONS


def new_page(browser: Browser, **context_options: Any) -> Page:
    """A page in a context of its own that reports each CSP violation to CSP_VIOLATIONS."""
    context = browser.new_context(**context_options)
    context.expose_binding("wdCspViolation", lambda source, text: CSP_VIOLATIONS.append(text))
    context.add_init_script(CSP_WATCH)
    return context.new_page()


def join(browser: Browser, base_url: str, code: str, name: str, role: str) -> Page:
    page = new_page(browser, viewport={"width": 390, "height": 844})  # a phone
    page.goto(f"{base_url}/")
    page.get_by_label(re.compile("code", re.I)).fill(code)
    page.get_by_role("button", name=re.compile("verder|doe mee|ga", re.I)).first.click()
    page.get_by_label(re.compile("Schuilnaam")).fill(name)
    page.get_by_label("Ik doe mee als").select_option(role)
    page.get_by_label("Soort organisatie").select_option("none")
    page.get_by_label(re.compile("niveau van")).select_option("neighbourhood")
    page.get_by_label("misschien").check()
    page.get_by_label(re.compile("privacytekst gelezen")).check()
    page.get_by_role("button", name="Doe mee").click()
    expect(page.locator("#connection")).not_to_contain_text("verbroken", timeout=10_000)
    return page


def log_in_as_facilitator(browser: Browser, base_url: str) -> Page:
    console = new_page(browser, viewport={"width": 1280, "height": 900})
    console.goto(f"{base_url}/console/")
    console.get_by_label("Gebruikersnaam").fill("leider")
    console.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    console.get_by_role("button", name="Inloggen").click()
    return console

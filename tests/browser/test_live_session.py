"""A facilitator and two participants in a real Chromium, against the real server.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright. Takes the screenshots
the README shows; `make screenshots` (UPDATE_SCREENSHOTS=1) saves them to
docs/screenshots/, a plain test run to its temporary folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.conftest import README_SCREENSHOTS, join, log_in_as_facilitator
from tests.live.server_fixture import LiveServer


def test_facilitator_and_two_participants(
    running_server: LiveServer, browser: Browser, tmp_path: Path, csp_violations: list[str]
) -> None:
    screenshots = README_SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    base, code = running_server.base_url, running_server.setup["code"]  # type: ignore[attr-defined]
    dialogue_id = running_server.setup["dialogue"]  # type: ignore[attr-defined]

    console = log_in_as_facilitator(browser, base)
    console.goto(f"{base}/console/{dialogue_id}/")
    expect(console.get_by_role("heading", name="Samen aan de slag in Lombok")).to_be_visible()

    anna = join(browser, base, code, "Anna", "resident")
    bram = join(browser, base, code, "Bram", "professional")
    expect(anna.get_by_text("de gespreksleider opent zo de eerste vraag")).to_be_visible()

    console.get_by_role("button", name="Open volgende onderdeel").click()
    for page in (anna, bram):  # live: neither reloads
        expect(page.get_by_role("heading", name="Wat gaat goed in de wijk?")).to_be_visible(
            timeout=10_000
        )
    box = anna.get_by_label("Jouw stelling")
    expect(box).to_have_value(re.compile("^#watwerkt"))
    box.fill("#watwerkt De buurtmoestuin brengt jong en oud samen")
    anna.get_by_role("button", name="Plaats stelling").click()
    expect(box).to_have_value(re.compile(r"^#watwerkt\s*$"), timeout=10_000)

    # Bram is in Anna's mini-group (two people, one group): the statement comes to him.
    statement = bram.locator("#statement-body")
    expect(statement).to_have_text(
        "#watwerkt De buurtmoestuin brengt jong en oud samen", timeout=10_000
    )
    expect(anna.locator("#inbox-statement")).to_be_hidden()  # never your own
    screenshots.mkdir(parents=True, exist_ok=True)
    bram.screenshot(path=str(screenshots / "participant.png"), full_page=True)
    bram.get_by_role("button", name="Eens", exact=True).click()
    expect(bram.locator("#inbox-statement")).to_be_hidden(timeout=10_000)

    # The console's monitor follows live: one statement, one vote.
    expect(console.locator('[data-figure="statements"]')).to_have_text("1", timeout=10_000)
    expect(console.locator('[data-figure="votes"]')).to_have_text("1", timeout=10_000)

    console.get_by_role("button", name="Open volgende onderdeel").click()
    for page in (anna, bram):
        expect(page.get_by_role("heading", name="Wat is er nodig naast geld?")).to_be_visible(
            timeout=10_000
        )
    expect(bram.get_by_label("Jouw stelling")).to_have_value(re.compile("^#nodig"))
    anna.get_by_label("Jouw stelling").fill("#nodig Een vaste plek om elkaar te ontmoeten")
    anna.get_by_role("button", name="Plaats stelling").click()
    expect(bram.locator("#statement-body")).to_have_text(
        "#nodig Een vaste plek om elkaar te ontmoeten", timeout=10_000
    )
    console.wait_for_timeout(2500)  # one monitor tick, so the screenshot shows live figures
    console.screenshot(path=str(screenshots / "console.png"), full_page=True)
    assert (screenshots / "participant.png").stat().st_size > 10_000

    stored = running_server.python(
        "import json, django; django.setup()\n"
        "from wijkdialoog.web.dialogues.models import Statement, VoteRecord\n"
        "print(json.dumps([sorted(Statement.objects.values_list('text', flat=True)),"
        " list(VoteRecord.objects.values_list('vote', flat=True))]))"
    )
    assert stored == [
        [
            "#nodig Een vaste plek om elkaar te ontmoeten",
            "#watwerkt De buurtmoestuin brengt jong en oud samen",
        ],
        ["agree"],
    ]

    # Text from the socket is shown as text: a statement and a notice full of markup.
    marked_up = "#nodig <img src=x onerror=alert(1)> <b>Bankjes</b>"
    bram.get_by_role("button", name="Eens", exact=True).click()  # on to the next statement
    anna.get_by_label("Jouw stelling").fill(marked_up)
    anna.get_by_role("button", name="Plaats stelling").click()
    expect(bram.locator("#statement-body")).to_have_text(marked_up, timeout=10_000)
    console.get_by_label("Mededeling aan iedereen").fill("<i>Nog</i> tien minuten")
    console.get_by_role("button", name="Stuur naar iedereen").click()
    expect(anna.locator("#notices")).to_contain_text("<i>Nog</i> tien minuten", timeout=10_000)
    for page in (anna, bram, console):
        assert page.locator("main img, main b, main i").count() == 0

    # The pages and their sockets worked under the site's Content-Security-Policy.
    assert csp_violations == []

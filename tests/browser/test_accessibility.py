"""WCAG 2.1 A and AA checks with axe-core on every page a participant or facilitator sees.

axe-core finds what a machine can find (labels, names, contrast, landmarks, ARIA use);
keyboard use and reading order still want a person with a screen reader.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import join, log_in_as_facilitator
from tests.live.server_fixture import LiveServer

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page: Page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def test_every_page_meets_wcag_21_aa(running_server: LiveServer, browser: Browser) -> None:
    base, code = running_server.base_url, running_server.setup["code"]  # type: ignore[attr-defined]
    dialogue_id = running_server.setup["dialogue"]  # type: ignore[attr-defined]
    found: list[str] = []

    visitor = browser.new_context().new_page()
    visitor.goto(f"{base}/")
    found += violations(visitor)
    visitor.get_by_label("Typ je code").fill("ONBEKEND")
    visitor.get_by_role("button", name="Verder").click()
    found += violations(visitor)  # the error state
    visitor.goto(f"{base}/d/{code}/")
    visitor.get_by_role("button", name="Doe mee").click()  # empty intake: every error shown
    found += violations(visitor)

    console = log_in_as_facilitator(browser, base)
    found += violations(console)  # the list of dialogues
    anna = join(browser, base, code, "Anna", "resident")
    found += violations(anna)  # the waiting room
    bram = join(browser, base, code, "Bram", "municipality")
    console.goto(f"{base}/console/{dialogue_id}/")
    console.get_by_role("button", name="Open volgende onderdeel").click()
    anna.get_by_label("Jouw stelling").fill("#watwerkt Korte lijnen met de wijkagent")
    anna.get_by_role("button", name="Plaats stelling").click()
    expect(bram.locator("#statement-body")).to_contain_text("wijkagent", timeout=10_000)
    found += violations(bram)  # a statement to vote on
    found += violations(anna)  # writing, nothing to vote on
    found += violations(console)  # the live console
    for path in ("nieuw/", "importeren/", f"{dialogue_id}/sluiten/"):
        console.goto(f"{base}/console/{path}")
        found += violations(console)

    assert not found, "\n".join(found)

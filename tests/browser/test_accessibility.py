"""WCAG 2.1 A and AA checks with axe-core on every page a participant or facilitator sees.

axe-core finds what a machine can find (labels, names, contrast, landmarks, ARIA use);
keyboard use and reading order still want a person with a screen reader.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import CSP_VIOLATIONS, join, log_in_as_facilitator, new_page
from tests.live.server_fixture import LiveServer

# A second dialogue, run and closed by a conductor in a child process (the server has not
# loaded it, so there is one writer), with themes for the report page to show.
CLOSED_SESSION = """
import asyncio, json, django
django.setup()
from tests.web.report_session import run_closed_session
from wijkdialoog.web.dialogues.cluster import stop as stop_all

async def main():
    try:
        return await run_closed_session()
    finally:
        await stop_all()

d = asyncio.run(main())
from django.contrib.auth.models import User
d.facilitators.add(User.objects.get(username="leider"))  # the console's login runs it too
print(json.dumps({"dialogue": d.pk, "code": d.invite_code}))
"""

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

    visitor = new_page(browser)
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
    for path in ("nieuw/", "importeren/", f"{dialogue_id}/sluiten/", f"{dialogue_id}/rapport/"):
        console.goto(f"{base}/console/{path}")
        found += violations(console)
    found += report_pages(running_server, browser, console)

    assert not found, "\n".join(found)
    assert CSP_VIOLATIONS == []  # every page, the report's under its own policy too


def report_pages(server: LiveServer, browser: Browser, console: Page) -> list[str]:
    """The report of a closed dialogue: console page, publishing, the public page."""
    closed = server.python(CLOSED_SESSION)
    base, code = server.base_url, closed["code"]
    found: list[str] = []
    reader = new_page(browser, viewport={"width": 390, "height": 844})
    reader.goto(f"{base}/d/{code}/rapport/")
    expect(reader.get_by_role("heading", level=1)).to_contain_text("nog niet gepubliceerd")
    found += violations(reader)

    console.goto(f"{base}/console/{closed['dialogue']}/rapport/")
    expect(console.locator("input[name^='theme-']").first).to_be_visible()
    found += violations(console)
    console.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(console.get_by_text("zijn opgeslagen")).to_be_visible()
    found += violations(console)  # with the success message
    console.get_by_role("link", name="Publiceren…").click()
    console.get_by_role("button", name="Publiceer het verslag").click()  # not confirmed
    expect(console.get_by_text("Vink aan")).to_be_visible()
    found += violations(console)  # the error state
    console.get_by_label("Ja, publiceer het verslag", exact=False).check()
    console.get_by_role("button", name="Publiceer het verslag").click()
    expect(console.get_by_text("Het verslag is gepubliceerd")).to_be_visible()
    found += violations(console)  # published: the public link, withdraw

    reader.goto(f"{base}/d/{code}/rapport/")
    found += violations(reader)
    # The full report's pictures are inside it (data: URIs), as its own policy allows.
    console.goto(f"{base}/console/{closed['dialogue']}/rapport/voorbeeld/")
    loaded = "[...document.images].map((image) => image.complete && image.naturalWidth > 0)"
    shown = console.evaluate(loaded)
    assert shown and all(shown), shown
    return found

"""The Content-Security-Policy in Chromium: a script smuggled into a page does not run,
and the CSP watcher the other browser tests rely on does see it."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import new_page
from tests.live.server_fixture import LiveServer


def test_a_smuggled_script_is_refused_and_reported(
    running_server: LiveServer, browser: Browser, csp_violations: list[str]
) -> None:
    page = new_page(browser)
    page.goto(f"{running_server.base_url}/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.smuggled = 'script'";
            document.body.append(script);
            document.body.insertAdjacentHTML(
                "beforeend", '<img src="/static/none.png" onerror="window.smuggled = \\'img\\'">');
        }"""
    )
    page.wait_for_timeout(500)  # the image fails to load; its handler must not run
    assert page.evaluate("window.smuggled") is None
    assert any(v.startswith("script-src-elem refused inline") for v in csp_violations)
    assert any(v.startswith("script-src-attr refused inline") for v in csp_violations)


def test_the_admin_works_under_the_policy(
    running_server: LiveServer, browser: Browser, csp_violations: list[str]
) -> None:
    running_server.python(
        "import django; django.setup()\n"
        "from django.contrib.auth.models import User\n"
        "User.objects.create_superuser('beheer', password='geheim-wachtwoord')\n"
        "print('{}')"
    )
    base = running_server.base_url
    dialogue = running_server.setup["dialogue"]  # type: ignore[attr-defined]
    admin = new_page(browser)
    admin.goto(f"{base}/admin/")
    admin.get_by_label("Gebruikersnaam").fill("beheer")
    admin.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    admin.get_by_role("button", name="Aanmelden").click()
    for path in ("", "dialogues/dialogue/", f"dialogues/dialogue/{dialogue}/change/"):
        admin.goto(f"{base}/admin/{path}")
        assert admin.locator("#content").count() == 1
    # The inline script items' "add another" button comes from the admin's own script.
    expect(admin.get_by_role("button", name="Nog een Scriptonderdeel toevoegen")).to_have_count(1)
    assert csp_violations == []

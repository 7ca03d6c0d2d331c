"""
Real-browser fixtures: the system's Chromium driven by Playwright, one browser per session.

The browser is Debian's ``chromium`` (``apt-get install -y chromium``), never
a download by ``playwright install``. Tests using these fixtures are marked
``@pytest.mark.browser`` and run against pytest-django's ``live_server``.

Fixtures: ``browser`` (one Chromium for the session, started after every
other test), ``page`` (a fresh context per test, downloads accepted, relative
URLs resolved against the live server), ``axe`` (a function auditing the
current page with the vendored axe-core and returning its violations).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last.

    Playwright's sync API keeps an event loop running in the main thread for as long as the
    session's browser lives, and Django's ORM refuses to run beside a running loop; so the
    browser starts only once every other test has run.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser():
    # A browser test that cannot run fails: a skip would pass a regression in silence.
    from playwright import sync_api

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    # The tests' own ORM calls run beside Playwright's loop, never at the same time as it
    # does anything: safe, and Django must be told so. Only while the browser lives, so that
    # no other test (or the subprocesses they start) sees the setting.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000},
        base_url=live_server.url,
        accept_downloads=True,
        locale="en-GB",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    source = AXE.read_text(encoding="utf-8")

    def audit(page, impacts=("serious", "critical")) -> list[dict]:
        """Violations of the given impacts on the page as it is now."""
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
            if violation["impact"] in impacts
        ]

    return audit

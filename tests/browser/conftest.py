"""
Real-browser fixtures: Chromium from the system's packages, driven by Playwright.

The browser is Debian's ``chromium`` (``apt-get install -y chromium``), never
a download by ``playwright install``. Tests using these fixtures are marked
``@pytest.mark.browser`` and run against pytest-django's ``live_server``.

Fixtures: ``browser`` (one Chromium for the tests of this package), ``page`` (a fresh context
per test, downloads accepted, relative URLs resolved against the live
server), ``axe`` (a function auditing the current page with the vendored
axe-core and returning its violations).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"


# Package scope: the browser (and its event loop) is gone before other tests run.
@pytest.fixture(scope="package")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`.")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in the tests' thread; the
    # ORM calls made around it are still synchronous and safe. Only while the
    # browser runs: `check --deploy` rightly refuses the variable elsewhere.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
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

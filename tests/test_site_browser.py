"""A real browser opens a built page from the file system and reveals a failure's reason.

Debian's chromium driven by Playwright's Python package (no `playwright install`): CI
installs both (`apt-get install -y chromium`, `pip install playwright`). A missing
browser is a failure with the install line, not a skip.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notecheck.publish import build_site
from test_site_build import gradient_result

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    found = CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")
    if not found:
        pytest.fail("chromium not found: run `apt-get install -y chromium` (CI's .ci/run does)")
    return str(found)


def test_failed_claim_reveals_its_explanation_in_chromium(tmp_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright not installed: run `pip install playwright` (CI's .ci/run does)")
    build_site([gradient_result(tmp_path)], tmp_path / "site")
    page_url = (tmp_path / "site" / "grad.html").resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 900})
            remote = []
            page.on("request", lambda r: remote.append(r.url) if not r.url.startswith("file:") else None)
            page.goto(page_url)
            # the parser kept the markup as written: every explanation inside its formula,
            # every inline formula still inside its paragraph
            assert page.locator(".nc-explain").count() == page.locator(".nc-formula > .nc-explain").count() == 3
            assert page.locator("p > .nc-inline").count() == page.locator(".nc-inline").count() == 3
            failed = page.locator('.nc-formula[data-verdict="failed"]')
            assert failed.count() == 1
            explanation = failed.locator(".nc-explain")
            assert not explanation.is_visible(), "explanations stay closed while reading"
            failed.locator(".nc-mark").click()
            explanation.wait_for(state="visible", timeout=5000)
            assert "failed claim at formula 2" in explanation.inner_text()
            assert explanation.locator("math").count() == 1, "the expected expression is typeset"
            box = failed.locator(".nc-math math").bounding_box()
            assert box and box["height"] > 20, "MathML laid out as a display formula"
            page.screenshot(path=str(tmp_path / "failed-claim.png"), full_page=True)
            # keyboard: the next mark opens with Tab + Space, no mouse, no script
            unverified = page.locator('.nc-formula[data-verdict="unverified"]')
            unverified.locator(".nc-toggle").focus()
            page.keyboard.press("Space")
            unverified.locator(".nc-explain").wait_for(state="visible", timeout=5000)
            assert remote == [], f"the page loaded remote resources: {remote}"
        finally:
            browser.close()
    assert (tmp_path / "failed-claim.png").stat().st_size > 5000

"""A real browser opens built pages from the file system: a failure's reason opens, no
page scrolls sideways on a phone, brackets stretch in the packaged math font.

Debian's chromium driven by Playwright's Python package (no `playwright install`): CI
installs both (`apt-get install -y chromium`, `pip install playwright`). A missing
browser is a failure with the install line, not a skip. Screenshots go to the test's
tmp folder (`shots/`), to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from click.testing import CliRunner

from conftest import ROOT, SEEDS
from notecheck.cli import main
from notecheck.publish import build_site
from test_site_build import gradient_result, make_note, make_result

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


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError:
        pytest.fail("playwright not installed: run `pip install playwright` (CI's .ci/run does)")
    return start()


def test_failed_claim_reveals_its_explanation_in_chromium(tmp_path):
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


def build(tmp_path: Path, *sources: str) -> Path:
    """`notecheck build SOURCES -o tmp/site` from the repository root, as a user runs it."""
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, ["build", "-j", "1", *sources, "-o", str(tmp_path / "site")])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return tmp_path / "site"


def open_everything(page) -> None:
    """Every explanation and the findings panel opened, as a curious reader would."""
    page.evaluate("""() => {
        document.querySelectorAll('.nc-toggle').forEach(box => { box.checked = true; });
        document.querySelectorAll('details').forEach(d => { d.open = true; });
    }""")


def page_overflow(page) -> dict:
    """How far the page scrolls sideways, and which formula boxes pass the text column."""
    return page.evaluate("""() => {
        const column = document.querySelector('main').getBoundingClientRect();
        const style = getComputedStyle(document.querySelector('main'));
        const right = column.right - parseFloat(style.paddingRight) + 1;
        const past = [...document.querySelectorAll('.nc-math')]
            .filter(m => m.getBoundingClientRect().right > right)
            .map(m => (m.closest('[id]') || m).id || m.textContent.slice(0, 40));
        return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, past};
    }""")


def marks_far_or_small(page) -> list[str]:
    """Display formulas whose mark is not legible (under 13 px) or not beside the formula
    (more than 24 px from its right edge, or outside its height)."""
    return page.evaluate("""() => [...document.querySelectorAll('.nc-display[data-verdict]')].filter(f => {
        const math = f.querySelector(':scope > .nc-math').getBoundingClientRect();
        const mark = f.querySelector(':scope > .nc-mark');
        const box = mark.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(mark).fontSize);
        return size < 13 || box.left - math.right > 24 || box.left < math.right - 1
            || box.top > math.bottom || box.bottom < math.top;
    }).map(f => f.id)""")


def assert_fits(page, url: str, shot: Path) -> None:
    """`url` neither scrolls sideways nor lets a formula out of the text column, closed
    and with every explanation open; a screenshot of each state is saved."""
    page.goto(url)
    page.evaluate("document.fonts.ready")
    for state in ("closed", "open"):
        if state == "open":
            open_everything(page)
        found = page_overflow(page)
        assert found["scrollWidth"] <= found["innerWidth"], f"{url} ({state}) scrolls sideways: {found}"
        assert not found["past"], f"{url} ({state}): formulas past the text column: {found['past']}"
        assert not marks_far_or_small(page), f"{url}: marks not legible beside their formulas"
        page.screenshot(path=str(shot.with_name(f"{shot.stem}-{state}.png")), full_page=True)


def test_no_page_of_the_examples_site_scrolls_sideways_on_a_phone_or_desktop(tmp_path):
    site = build(tmp_path, "examples")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 6, "index, the notes and their tag pages"
    shots = tmp_path / "shots"
    shots.mkdir()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                page = browser.new_page(viewport=viewport)
                for path in pages:
                    name = path.relative_to(site).as_posix().replace("/", "_")
                    assert_fits(page, path.resolve().as_uri(), shots / f"{size}-{name}.png")
                page.close()
        finally:
            browser.close()
    assert len(list(shots.glob("phone-*.png"))) == 2 * len(pages)


def test_the_findings_panel_opens_without_javascript(tmp_path):
    site = build(tmp_path, "examples")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=PHONE, java_script_enabled=False)
            page.goto((site / "trace-tricks.html").resolve().as_uri())
            findings = page.locator(".nc-findings .nc-finding")
            assert findings.count() >= 1 and not findings.first.is_visible(), "closed at the top of the page"
            page.locator(".nc-findings summary").click()
            findings.first.wait_for(state="visible", timeout=5000)
            assert findings.first.locator("math").count() >= 1, "its formula typeset"
        finally:
            browser.close()


def test_the_seed_index_and_seed_001_fit_a_phone(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip(f"acceptance seeds not found at {SEEDS} (../shared is not beside the clone)")
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    site = build(tmp_path, *seeds)
    (first,) = [p for p in site.glob("*.html") if p.name.startswith("001_")]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=PHONE)
            for path in (site / "index.html", first):
                assert_fits(page, path.resolve().as_uri(), tmp_path / f"phone-{path.stem}.png")
        finally:
            browser.close()


BRACKETS = r"""# Brackets

The gradient $\frac{\partial f}{\partial X} = \left[\frac{\partial f}{\partial X_{ij}}\right]$ and an element $[x]$.
"""


def test_brackets_stretch_in_the_packaged_math_font(tmp_path):
    """The stretched bracket is drawn with the site's own STIX Two Math (a web font the
    page loaded, not one installed on the machine), and is taller than a plain one."""
    note = make_note(tmp_path / "notes" / "brackets.md", BRACKETS, "Brackets")
    build_site([make_result(note)], tmp_path / "site")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=PHONE)
            page.goto((tmp_path / "site" / "brackets.html").resolve().as_uri())
            page.evaluate("document.fonts.ready")
            faces = page.evaluate("[...document.fonts].map(f => [f.family, f.status])")
            assert faces == [["notecheck STIX Two Math", "loaded"]]
            stretched = page.locator('#f0 mo[stretchy="true"]').first
            plain = page.locator('#f1 mo').first
            assert stretched.text_content() == plain.text_content() == "["
            tall, short = stretched.bounding_box()["height"], plain.bounding_box()["height"]
            assert tall > 1.8 * short, f"\\left[ did not stretch: {tall:.0f} px vs {short:.0f} px"
            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": '#f0 mo[stretchy="true"]'})["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            assert [(f["postScriptName"], f["isCustomFont"]) for f in fonts] == [("STIXTwoMath-Regular", True)]
            page.screenshot(path=str(tmp_path / "brackets.png"))
        finally:
            browser.close()

"""`plugins: [notecheck]` in a real MkDocs Material site: `mkdocs build` marks the wrong
derivative of tests/notes/mkdocs_two_gradients.md on its page, leaves arithmatex's math
for MathJax/KaTeX as it was, and with `strict: true` fails the build.

The site is built by the `mkdocs` command in a subprocess, so the plugin is found
through the `mkdocs.plugins` entry point as a user's install finds it. No network:
Material's web fonts are off, no MathJax is loaded, Chromium may fetch file:// only.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notecheck.config import Config
from notecheck.pipeline import check_file
from notecheck.publish.site import build_site, page_paths
from notecheck_mkdocs.marks import ARITHMATEX
from test_site_browser import CHROMIUM_ARGS, chromium_path, sync_playwright

NOTE = Path(__file__).parent / "notes" / "mkdocs_two_gradients.md"
MKDOCS_YML = """site_name: Checked notes
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
plugins:
{plugins}
"""


def make_site(folder: Path, plugins: str) -> Path:
    (folder / "docs").mkdir(parents=True)
    shutil.copyfile(NOTE, folder / "docs" / "index.md")
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins=plugins), encoding="utf-8")
    return folder


def mkdocs_build(folder: Path) -> subprocess.CompletedProcess:
    if importlib.util.find_spec("mkdocs") is None:
        pytest.fail("mkdocs not installed: run `pip install -e '.[test]'` (mkdocs, Material, pymdown-extensions)")
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(folder / "mkdocs.yml")]
    quiet = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=quiet)


def formula_wrappers(html: str) -> dict[str, str]:
    """verdict -> the whole marked formula element, for the page's display formulas."""
    found = {}
    wrapper = r'<div class="nc-formula nc-display" id="nc-f\d+" data-verdict="(\w+)".*?</span></span></div>'
    for match in re.finditer(wrapper, html, re.DOTALL):
        found[match.group(1)] = match.group(0)
    return found


def explanations(html: str) -> list[tuple[str, str]]:
    """(verdict, explanation markup) of each marked display formula."""
    return re.findall(r'<div class="nc-formula nc-display" id="[\w-]+" data-verdict="(\w+)".*?'
                      r'(<span class="nc-explain".*?)</div>', html, re.DOTALL)


def notecheck_build_page(tmp_path: Path) -> str:
    """The test note's page as `notecheck build` makes it."""
    result = check_file(NOTE, str(NOTE), Config())
    build_site([result], tmp_path / "notecheck-site")
    (page,) = page_paths([result])
    return (tmp_path / "notecheck-site" / page).read_text("utf-8")


def test_mkdocs_build_marks_the_wrong_derivative_and_keeps_arithmatex(tmp_path):
    plain = make_site(tmp_path / "plain", "  - search")
    checked = make_site(tmp_path / "checked", "  - search\n  - notecheck")
    for site in (plain, checked):
        built = mkdocs_build(site)
        assert built.returncode == 0, built.stderr
    page = (checked / "site" / "index.html").read_text("utf-8")
    unmarked = (plain / "site" / "index.html").read_text("utf-8")
    # arithmatex's elements, delimiters included, are exactly what MathJax/KaTeX get without the plugin
    assert [m.group(0) for m in ARITHMATEX.finditer(page)] == [m.group(0) for m in ARITHMATEX.finditer(unmarked)]
    marked = formula_wrappers(page)
    assert set(marked) == {"failed", "verified"}
    assert r"\frac{\partial g}{\partial \boldsymbol{x}} = \boldsymbol{x}" in marked["failed"]
    assert "scaled by 1/2" in marked["failed"] and "NC501" in marked["failed"]
    expected = marked["failed"].split('<span class="nc-label">expected</span>')[1]
    assert "<math" in expected and "<mn>2</mn>" in expected, "the re-derived gradient typeset"
    assert r"(A + A^T)\boldsymbol{x}" in marked["verified"]
    assert [verdict for verdict, _ in explanations(page)] == ["verified", "failed"]
    assert explanations(page) == explanations(notecheck_build_page(tmp_path)), "the same as `notecheck build`"
    assert 'href="assets/notecheck/notecheck.css"' in page
    font = checked / "site" / "assets" / "notecheck" / "fonts" / "STIXTwoMath-Regular.woff2"
    assert font.is_file() and (font.parent / "OFL.txt").is_file()
    css = (checked / "site" / "assets" / "notecheck" / "notecheck.css").read_text("utf-8")
    assert ".nc-explain" in css and 'url("fonts/STIXTwoMath-Regular.woff2")' in css

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            # the reader's system is dark, the Material site light: the marks follow the site
            view = browser.new_page(viewport={"width": 1000, "height": 900}, color_scheme="dark")
            remote = []
            view.route(re.compile(r"^(?!file:).*"), lambda route: (remote.append(route.request.url), route.abort()))
            view.goto((checked / "site" / "index.html").resolve().as_uri())
            failed = view.locator('.nc-formula[data-verdict="failed"]')
            assert failed.count() == 1 and failed.locator(".arithmatex").count() == 1
            explanation = failed.locator(".nc-explain")
            assert not explanation.is_visible()
            failed.locator(".nc-mark").click()
            explanation.wait_for(state="visible", timeout=5000)
            assert "derivative: failed" in explanation.inner_text()
            assert "scaled by 1/2" in explanation.inner_text()
            assert explanation.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 236, 236)"
            verified = view.locator('.nc-formula[data-verdict="verified"]')
            verified.locator(".nc-mark").click()
            verified.locator(".nc-explain").wait_for(state="visible", timeout=5000)
            view.screenshot(path=str(tmp_path / "mkdocs-page.png"), full_page=True)
            assert remote == [], f"the page asked for remote resources: {remote}"
        finally:
            browser.close()


def test_strict_fails_the_build_on_the_wrong_derivative(tmp_path):
    site = make_site(tmp_path / "strict", "  - notecheck:\n      strict: true")
    built = mkdocs_build(site)
    assert built.returncode != 0
    assert "notecheck (strict): 1 error finding in the docs" in built.stderr
    assert re.search(r"docs/index\.md:\d+:\d+: NC501 ", built.stderr), built.stderr


def test_strict_passes_when_the_error_is_disabled(tmp_path):
    site = make_site(tmp_path / "quiet", "  - notecheck:\n      strict: true\n      disable: [NC501]")
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr

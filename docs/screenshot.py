"""Regenerate docs/screenshot.png: a seed page built by notecheck, a failed claim opened.

    python3 docs/screenshot.py [SEED_FILE]   (default: the first seed with a failed claim)

Needs Debian's chromium and the playwright package, as the browser test does. The README
shows the result; rerun it when the checker's verdicts on the seeds change.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from notecheck.config import Config
from notecheck.pipeline import run
from notecheck.publish import build_site, page_paths

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(argv: list[str]) -> None:
    files = [Path(a) for a in argv] or sorted(SEEDS.glob("*.txt"))
    results = run(files, Config(), jobs=1)
    chosen = next((i for i, r in enumerate(results) if r.counts()["failed"]), 0)
    failed = next(c for c in results[chosen].claims if c.verdict == "failed")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site([results[chosen]], site)
        page_url = (site / page_paths([results[chosen]])[0]).as_uri()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 960, "height": 900})
            page.goto(page_url)
            formula = page.locator(f"#f{failed.formula}")
            formula.locator(".nc-mark").click()
            formula.evaluate("el => el.scrollIntoView({block: 'center'})")
            page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
            browser.close()
    print(f"docs/screenshot.png: {results[chosen].note.path}, formula {failed.formula}")


if __name__ == "__main__":
    main(sys.argv[1:])

"""The MkDocs plugin: `plugins: [notecheck]` checks every page as `mkdocs build` runs.

Each page's source file goes through notecheck's own pipeline (`pipeline.check_file`,
the configuration of the nearest `[tool.notecheck]` as `notecheck check` would use);
the rendered page gets the same marks and explanations `notecheck build` gives
(`marks.mark_page`); the marks' stylesheet and the math font are written to
`assets/notecheck/`. With `strict: true`, error findings fail the build with the
report `notecheck check` prints.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config as MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from notecheck import config as notecheck_config
from notecheck.pipeline import check_file
from notecheck.result import NoteResult
from notecheck_mkdocs.marks import mark_page

log = logging.getLogger("mkdocs.plugins.notecheck")
ASSETS = "assets/notecheck"
STYLESHEET = f"{ASSETS}/notecheck.css"
# the theme's colours (following Material's light/dark scheme) and formula marks, nothing
# that styles the rest of the page
STYLESHEET_TEMPLATE = """{% from "palette.css" import light, dark %}
:root {
{{ light() }}}
[data-md-color-scheme="slate"] {
{{ dark() }}}
{% include "marks.css" %}
/* MathJax's and KaTeX's display margins, inside a marked formula's own box */
.nc-display > .nc-math mjx-container[display="true"], .nc-display > .nc-math .katex-display { margin: 0.3em 0; }
"""


class NotecheckPluginConfig(MkDocsConfig):
    strict = config_options.Type(bool, default=False)  # error findings fail the build
    layout = config_options.Optional(config_options.Choice(("numerator", "denominator")))
    disable = config_options.ListOfItems(config_options.Type(str), default=[])  # codes never reported


class NotecheckPlugin(BasePlugin[NotecheckPluginConfig]):
    """Checks each page's formulas and marks them with their verdicts."""

    def on_config(self, config: Any) -> Any:
        from notecheck.publish import template_environment

        self.env = template_environment(None)
        self.results: dict[str, NoteResult] = {}
        self.root = Path(config.config_file_path or config.docs_dir).parent
        self.settings = notecheck_config.with_options(
            notecheck_config.load(Path(config.docs_dir)),
            layout=self.config.layout, disable=tuple(self.config.disable))
        config.extra_css.append(STYLESHEET)
        return config

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        """Check the page's source file (front matter and line numbers as written); the
        Markdown goes on to MkDocs unchanged."""
        source = page.file.abs_src_path
        if source and Path(source).is_file():
            self.results[page.file.src_uri] = check_file(Path(source), self.display_path(source), self.settings)
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        result = self.results.get(page.file.src_uri)
        if result is None:
            return html
        from notecheck.publish import formula_renderer, formula_views

        return mark_page(html, formula_views(result), formula_renderer(self.env))

    def on_post_build(self, *, config: Any) -> None:
        """The stylesheet and font into the site; then the verdict on the whole build."""
        from notecheck.publish import STATIC

        target = Path(config.site_dir) / ASSETS
        target.mkdir(parents=True, exist_ok=True)
        (target / "notecheck.css").write_text(self.env.from_string(STYLESHEET_TEMPLATE).render(), "utf-8")
        shutil.copytree(STATIC / "fonts", target / "fonts", dirs_exist_ok=True)
        results = [self.results[k] for k in sorted(self.results)]
        counts = {"verified": 0, "failed": 0, "unverified": 0, "suppressed": 0}
        for result in results:
            for verdict, n in result.counts().items():
                counts[verdict] += n
        hidden = f", {counts['suppressed']} suppressed" if counts["suppressed"] else ""
        failing = [r for r in results if any(f.severity == "error" for f in r.findings)]
        errors = sum(f.severity == "error" for r in failing for f in r.findings)
        log.info(f"notecheck: {plural(len(results), 'page')} checked: {counts['verified']} verified, "
                 f"{counts['failed']} failed, {counts['unverified']} unverified claims{hidden}; "
                 f"{plural(errors, 'error')}")
        if self.config.strict and failing:
            from notecheck.publish import report

            raise PluginError(f"notecheck (strict): {plural(errors, 'error finding')} in the docs:\n"
                              f"{report.text(failing).rstrip()}")

    def display_path(self, source: str) -> str:
        """The page's file as the report names it: relative to mkdocs.yml's folder."""
        try:
            return Path(source).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(source).as_posix()


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"

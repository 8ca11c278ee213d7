"""Stage 5, results → what people read: text, JSON, SARIF and GitHub reports, and the
annotated static site.

Reads `NoteResult`s only: it never parses LaTeX or re-runs a check. Offers `report`
(one function per output format, `FORMATS`), `build_site` (pages from the packaged
Jinja2 templates in `publish/templates/`, overridable by a theme folder) and `typeset`
(LaTeX as sanitized MathML). Jinja2 and latex2mathml load only when a site is built.
The MkDocs plugin marks pages with the same pieces: `template_environment`,
`formula_renderer`, `formula_views` and the `STATIC` files (the math font).
"""

from notecheck.publish import report

__all__ = ["report", "build_site", "SiteError", "page_paths", "lang_sample", "typeset",
           "template_environment", "formula_renderer", "formula_views", "STATIC"]
_SITE = {"build_site": "site", "SiteError": "site", "page_paths": "site", "lang_sample": "site",
         "typeset": "mathml", "template_environment": "site", "formula_renderer": "site",
         "formula_views": "site_body", "STATIC": "site"}


def __getattr__(name: str):
    """The site's names load with their modules on first use: `notecheck check` imports
    this package for its reports and should not pay for the site builder."""
    if name not in _SITE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"notecheck.publish.{_SITE[name]}"), name)
    globals()[name] = value
    return value

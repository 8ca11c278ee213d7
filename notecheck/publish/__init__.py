"""Stage 5, results → what people read: text, JSON, SARIF and GitHub reports, and the
annotated static site.

Reads `NoteResult`s only: it never parses LaTeX or re-runs a check. Offers `report`
(one function per output format, `FORMATS`), `build_site` (pages from the packaged
Jinja2 templates in `publish/templates/`, overridable by a theme folder) and `typeset`
(LaTeX as sanitized MathML). Jinja2 and latex2mathml load only when a site is built.
The MkDocs plugin marks pages with the same pieces: `template_environment`,
`formula_renderer`, `formula_views` and the `STATIC` files (the math font).
"""

__all__ = ["report", "build_site", "SiteError", "SiteRecord", "page_paths", "plan_site", "page_maker", "PlanChanged",
           "typeset", "template_environment", "formula_renderer", "formula_views", "STATIC"]
_SITE = {"report": "report", "build_site": "site", "SiteError": "site", "SiteRecord": "site_record",
         "page_paths": "site", "plan_site": "site_plan", "page_maker": "site", "PlanChanged": "site",
         "typeset": "mathml", "template_environment": "site", "formula_renderer": "site",
         "formula_views": "site_body", "STATIC": "site"}


def __getattr__(name: str):
    """Each name loads with its module on first use: `notecheck check` imports this
    package for its reports and should not pay for the site builder, and a rebuild with
    nothing to do pays for neither."""
    if name not in _SITE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    module = import_module(f"notecheck.publish.{_SITE[name]}")
    value = module if name == _SITE[name] else getattr(module, name)
    globals()[name] = value
    return value

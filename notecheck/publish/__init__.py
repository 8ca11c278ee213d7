"""Stage 5, results → what people read: text, JSON, SARIF and GitHub reports, and the
annotated static site.

Reads `NoteResult`s only: it never parses LaTeX or re-runs a check. Offers `report`
(one function per output format, `FORMATS`), `build_site` (pages from the packaged
Jinja2 templates in `publish/templates/`, overridable by a theme folder) and `typeset`
(LaTeX as sanitized MathML). Jinja2 and latex2mathml load only when a site is built.
"""

from notecheck.publish import report
from notecheck.publish.mathml import typeset
from notecheck.publish.site import SiteError, build_site, page_paths

__all__ = ["report", "build_site", "SiteError", "page_paths", "typeset"]

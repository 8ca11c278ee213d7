"""The packaged `templates/formula.html`, written out: what rendering it gives for one
formula, without Jinja's machinery.

A page renders the formula template once per formula (5,773 times for the 100 bench
notes), and for each, Jinja made a context, ran a generator and looked up and escaped
each value through its environment: 7 us for a formula without claims, 25 us for one
with (a sixth of rendering a page, once the formulas are typeset). This writes the same
HTML, value for value, in the template's order: every value the template escapes is
escaped with the escape Jinja's autoescape calls (markupsafe's); the MathML and an
expected result's HTML, which the template writes in `{% autoescape false %}` blocks,
are written as they are; the `math_text` and `tex` filters are the site's own.

It stands for the packaged template as it was written for (`WRITTEN_FOR`, the digest of
its source): a theme's `formula.html`, or an edited packaged one, is rendered by Jinja.
`tests/test_site_formula.py` holds the two to the same HTML on every formula of our notes,
the examples, the seeds and the corpus.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

from notecheck.publish.site_text import formula_html, math_text

__all__ = ["formula_writer", "WRITTEN_FOR"]

FORMULA_TEMPLATE = Path(__file__).parent / "templates" / "formula.html"
# sha256 of the `formula.html` `formula_writer` writes: change both together
WRITTEN_FOR = "54f0fe40fac193c96d591199d4ee7d98df259203fbedb39c4af1f52669fdb2c4"


def formula_writer(template: Any) -> Optional[Callable[[Any, bool], str]]:
    """For `template` (Jinja's `formula.html`), a function of (view, block) that returns
    what `template.render(view=view, block=block)` returns, if it is the packaged template
    as written for; else None."""
    filename = getattr(template, "filename", None)
    if filename is None or Path(filename) != FORMULA_TEMPLATE or not packaged_as_written():
        return None
    def write(view: Any, block: bool) -> str:
        tag = "div" if block else "span"
        verdict, anchor = view.verdict, view.anchor
        out = ["<", tag, ' class="nc-formula ', "nc-display" if view.display else "nc-inline", '"']
        if anchor:
            out += (' id="', escaped(anchor), '"')
        if verdict:
            out += (' data-verdict="', escaped(verdict), '"')
        if view.line:
            out += (' data-line="', escaped(view.line), '"')
        if view.problems:
            codes = " ".join(first_of_each([finding.code for finding in view.problems]))
            out += (' data-findings="', escaped(codes), '" title="', escaped(view.problem_summary), '"')
        out += ('><span class="nc-math">', str(view.math_html), "</span>")
        if verdict:
            out += ('<input type="checkbox" class="nc-toggle" id="', escaped(anchor),
                    '-why"><label class="nc-mark" for="', escaped(anchor), '-why" title="', escaped(verdict),
                    ': show why"><span aria-hidden="true">', escaped(view.mark), '</span><span class="nc-sr">',
                    escaped(verdict), '; show why</span></label><span class="nc-explain" role="note">')
            several = len(view.claims) > 1
            for shown in view.claims:
                claim = shown.claim
                out += ('<span class="nc-claim" data-claim-verdict="', escaped(claim.verdict), '" data-step="',
                        escaped(claim.step), '"><span class="nc-claim-head">', escaped(shown.mark), " ",
                        escaped(claim.kind))
                if several:
                    out += (", relation ", escaped(claim.step + 1))
                out += (": ", escaped(claim.verdict), "</span>")
                if claim.message:
                    out += ('<span class="nc-message">', math_text(str(claim.message)), "</span>")
                if shown.expected_html:
                    out += ('<span class="nc-expected"><span class="nc-label">expected</span> ',
                            str(shown.expected_html), "</span>")
                out.append("</span>")
            for finding in view.findings:
                out += ('<span class="nc-claim-finding"><code>', escaped(finding.code), "</code> ",
                        escaped(finding.name))
                if finding.fix and finding.fix not in view.expected:
                    out += (' <span class="nc-fix">fix: ', formula_html(str(finding.fix)), "</span>")
                out.append("</span>")
            out.append("</span>")
        out += ("</", tag, ">")
        return "".join(out)

    return write


def first_of_each(codes: list[str]) -> list[str]:
    """Jinja's `unique` filter: each value once, in order, compared without case."""
    seen: set[str] = set()
    out = []
    for code in codes:
        key = code.lower() if isinstance(code, str) else code
        if key not in seen:
            seen.add(key)
            out.append(code)
    return out


@lru_cache(maxsize=4096, typed=True)  # a page's values repeat (verdicts, kinds, codes, steps)
def escaped(value: Any) -> str:
    """`value` as Jinja's autoescape writes it (markupsafe's `escape`)."""
    from markupsafe import escape  # lazy: only `build` renders

    return str(escape(value))


@lru_cache(maxsize=1)
def packaged_as_written() -> bool:
    """Whether the packaged `formula.html` is the one `formula_writer` writes."""
    try:
        return hashlib.sha256(FORMULA_TEMPLATE.read_bytes()).hexdigest() == WRITTEN_FOR
    except OSError:
        return False

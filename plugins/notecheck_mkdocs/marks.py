"""Mark the formulas of a page MkDocs rendered with the verdicts notecheck gave them.

pymdownx.arithmatex (generic mode) leaves each formula as `<span class="arithmatex">\\(…\\)</span>`
or `<div class="arithmatex">\\[…\\]</div>` for MathJax or KaTeX to typeset in the browser.
That element is kept byte for byte, delimiters and all, so the page's own math rendering
still finds it; around it goes the same markup `notecheck build` gives a formula (the
theme's `formula.html`): `data-verdict`, the mark, the explanation that opens without
JavaScript. Formulas are paired with the note's by their LaTeX, in page order.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from typing import Any, Callable, Iterable

ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)
WRAPS = (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$"), ("$", "$"))
ANCHOR_PREFIX = "nc-"  # `f3` could be a heading's id on a MkDocs page; `nc-f3` is ours


def latex_key(latex: str) -> str:
    """LaTeX compared without whitespace: arithmatex and notecheck's reader strip and
    keep line breaks differently."""
    return "".join(latex.split())


def unwrap(content: str) -> str:
    """The LaTeX inside an arithmatex element (its HTML unescaped, its delimiters off)."""
    text = unescape(content).strip()
    for start, end in WRAPS:
        if text.startswith(start) and text.endswith(end) and len(text) >= len(start) + len(end):
            return text[len(start):len(text) - len(end)].strip()
    return text


def pair_formulas(found: Iterable[str], latex: list[str]) -> list[int | None]:
    """For each formula found on the page (in order), the index of the note's formula
    with the same LaTeX, matching in order and skipping what does not match."""
    keys = [latex_key(x) for x in latex]
    pairs: list[int | None] = []
    next_index = 0
    for text in found:
        key = latex_key(text)
        index = next((i for i in range(next_index, len(keys)) if keys[i] == key), None)
        pairs.append(index)
        if index is not None:
            next_index = index + 1
    return pairs


def mark_page(html: str, views: list[Any], render_formula: Callable[[Any, bool], str]) -> str:
    """`html` with each arithmatex formula that holds a claim or a finding wrapped in
    notecheck's formula markup. `views` are the note's FormulaViews (notecheck.publish.site_body)."""
    matches = list(ARITHMATEX.finditer(html))
    pairs = pair_formulas((unwrap(m.group(2)) for m in matches), [v.latex for v in views])
    out, last = [], 0
    for match, index in zip(matches, pairs):
        if index is None or not (views[index].verdict or views[index].problems):
            continue
        view = replace(views[index], anchor=ANCHOR_PREFIX + views[index].anchor, math_html=match.group(0))
        out.append(html[last:match.start()])
        out.append(render_formula(view, match.group(1) == "div"))
        last = match.end()
    out.append(html[last:])
    return "".join(out)

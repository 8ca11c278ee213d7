"""An HTML paragraph that holds math (`<p>$$ y = \\mathbf{x}^\\top \\theta $$</p>`) read as
a Markdown paragraph, so that its formulas are read.

Some blogs write every paragraph as HTML, and Chinese notebooks set their formulas in
`<font size=4>`. CommonMark takes a line that opens with such a tag as raw HTML up to
the next blank line, so its formulas were never read, while MathJax, which reads the
page's text whatever its tags, typesets them. Read as a paragraph instead, its tags are
inline HTML (shown as text on the site, as raw HTML is) and its `$…$`, `$$…$$`, `\\(…\\)`
and `\\[…\\]` are formulas. A block that holds none of these stays the HTML block it was."""

from __future__ import annotations

import re

HTML_PARAGRAPH = re.compile(r"<(?:p|font)(?:\s[^<>]*)?>", re.I)  # text wrappers; a `<div>` may hold a page's widgets
MATH_OPENERS = ("$", "\\(", "\\[")


def html_math_paragraph(state, start_line: int, end_line: int, silent: bool) -> bool:
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("<", begin) or state.sCount[start_line] - state.blkIndent >= 4:
        return False
    if HTML_PARAGRAPH.match(state.src, begin) is None:
        return False
    last = start_line + 1
    while last < end_line and not state.isEmpty(last):
        last += 1
    text = state.getLines(start_line, last, state.blkIndent, False)
    if not any(opener in text for opener in MATH_OPENERS):
        return False
    if silent:
        return True
    state.line = last
    token = state.push("paragraph_open", "p", 1)
    token.map = [start_line, last]
    token = state.push("inline", "", 0)
    token.content = text.strip()
    token.map = [start_line, last]
    token.children = []
    state.push("paragraph_close", "p", -1)
    return True

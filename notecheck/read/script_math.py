"""MathJax 2's `<script type="math/tex">` and `<script type="math/tex; mode=display">`
(Jekyll posts written for MathJax 2 keep their formulas there) as markdown-it math
tokens, inline and as a block, so they are read and rendered like `$...$` and `$$...$$`."""

from __future__ import annotations

import re

SCRIPT_OPEN = re.compile(r"""<script\s+type\s*=\s*["']math/tex\s*(;\s*mode\s*=\s*display)?\s*["']\s*>""", re.I)
SCRIPT_CLOSE = "</script>"


def script_math_inline(state, silent: bool) -> bool:
    match = SCRIPT_OPEN.match(state.src, state.pos)
    if match is None:
        return False
    end = state.src.find(SCRIPT_CLOSE, match.end(), state.posMax)
    if end < 0 or not state.src[match.end():end].strip():
        return False
    if not silent:
        token = state.push("math_inline_double" if match.group(1) else "math_inline", "math", 0)
        token.content = state.src[match.end():end]
        token.markup = match.group(0)
        token.meta["delimiter"] = "script"
    state.pos = end + len(SCRIPT_CLOSE)
    return True


def script_math_block(state, start_line: int, end_line: int, silent: bool) -> bool:
    """A line that starts with the display script tag, up to the line that closes it."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("<", begin):  # most lines (asked of every line of a paragraph)
        return False
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    match = SCRIPT_OPEN.match(state.src, begin)
    if match is None or not match.group(1):
        return False
    close = state.src.find(SCRIPT_CLOSE, match.end())
    if close < 0:
        return False
    last = start_line
    while last < end_line and state.eMarks[last] < close:
        last += 1
    if last >= end_line or state.src[close + len(SCRIPT_CLOSE):state.eMarks[last]].strip():
        return False  # text after the tag on its line: an inline formula of a paragraph
    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = state.src[match.end():close]
    token.markup = match.group(0)
    token.meta["delimiter"] = "script"
    token.map = [start_line, last + 1]
    state.line = last + 1
    return True

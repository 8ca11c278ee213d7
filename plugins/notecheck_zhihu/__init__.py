"""Zhihu exports: equation images become formulas.

Zhihu renders every formula as an image whose URL carries the LaTeX,
``![alt](https://www.zhihu.com/equation?tex=%5Cfrac%7B...%7D)``; an exported article is
Markdown full of them. This plugin adds inline rules that read such an image (or Zhihu's
HTML ``<img src=".../equation?tex=..">``) as a formula at the image's place: the LaTeX is
the URL-decoded ``tex=`` parameter (``+`` is a space), or the alt text when the parameter
is empty. A formula alone in its paragraph, or whose LaTeX ends with Zhihu's display
marker ``\\\\``, is display math.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote_plus

# `![alt](https://www.zhihu.com/equation?...)`: the alt may hold brackets (`\left[`) but
# never `](`, so the first `](` after `![` ends it; this is what must follow. The query may
# hold parentheses unescaped (`tex=E(f(x))`), balanced as CommonMark allows in a link.
EQUATION_URL = re.compile(r"\]\(\s*(?:https?:)?//(?:www\.)?zhihu\.com/equation\?((?:[^()\s]|\((?:[^()\s]|\([^()\s]*\))*\))*)\s*\)")
MAX_ALT = 5000  # characters: bounds the search, so a page of `![` stays linear
# Zhihu's own HTML: `<img src="https://www.zhihu.com/equation?tex=..." alt="..." eeimg="1"/>`
EQUATION_TAG = re.compile(
    r"<img\s[^<>]*?src=\"(?:https?:)?//(?:www\.)?zhihu\.com/equation\?([^\"<>]*)\"[^<>]*>", re.I)
ALT = re.compile(r"\salt=\"([^\"]*)\"", re.I)


def on_markdown(md) -> None:
    md.inline.ruler.before("image", "zhihu_equation", zhihu_equation)
    md.inline.ruler.before("html_inline", "zhihu_equation_tag", zhihu_equation_tag)


def zhihu_equation(state, silent: bool) -> bool:
    if not state.src.startswith("![", state.pos):
        return False
    close = state.src.find("](", state.pos + 2, min(state.posMax, state.pos + 2 + MAX_ALT))
    match = EQUATION_URL.match(state.src, close, state.posMax) if close >= 0 else None
    if match is None:
        return False
    latex, marked_display = equation_latex(match.group(1), state.src[state.pos + 2:close])
    if not latex:
        return False
    if not silent:
        alone = state.pos == 0 and not state.src[match.end():state.posMax].strip()  # content is stripped
        token = state.push("math_inline", "math", 0)
        token.content = latex
        token.markup = "zhihu"
        token.meta.update(delimiter="image", display=marked_display or alone,
                          original=state.src[state.pos:match.end()])
    state.pos = match.end()
    return True


def zhihu_equation_tag(state, silent: bool) -> bool:
    if not state.src.startswith("<", state.pos):
        return False
    match = EQUATION_TAG.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    alt = ALT.search(match.group(0))
    latex, marked_display = equation_latex(unescape(match.group(1)), unescape(alt.group(1)) if alt else "")
    if not latex:
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = latex
        token.markup = "zhihu"
        token.meta.update(delimiter="image", display=marked_display, original=match.group(0))
    state.pos = match.end()
    return True


def equation_latex(query: str, alt: str) -> tuple[str, bool]:
    """The LaTeX of an equation URL's query (alt text as fallback), and whether Zhihu
    marked it as display math with a trailing `\\\\`."""
    tex = next((unquote_plus(part[4:]) for part in query.split("&") if part.startswith("tex=")), "")
    latex = (tex or alt).strip()
    for opener, closer in (("\\(", "\\)"), ("\\[", "\\]")):  # a CSDN copy keeps the delimiters: `\(p(x)=…\)`
        if latex.startswith(opener) and latex.endswith(closer):
            latex = latex[2:-2].strip()
    if latex.endswith("\\\\"):
        return latex[:-2].rstrip(), True
    return latex, False

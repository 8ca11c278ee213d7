"""latex2mathml's tokens of a formula, for `mathml_fast`: cut by its tokenizer's own
regular expression, each group in braces given as one `Group`.

The walker in `mathml_fast` reads these where latex2mathml reads its tokenizer's; a
formula with a token it does not build (a comment, `\\verb`, a font command latex2mathml
reads as a symbol) is declined here already, with `Unsupported`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from latex2mathml import commands as c
from latex2mathml.symbols_parser import convert_symbol
from latex2mathml.tokenizer import PATTERN, UNITS

__all__ = ["Group", "Unsupported", "tokenize"]


class Unsupported(Exception):
    """The formula uses something `mathml_fast` does not build: latex2mathml must."""


class Group(tuple):
    """The tokens between a `{` and its `}` (a group inside it is one Group), which
    `tokenize` gives in their place: the node of a group in braces depends on its tokens
    alone, and a site's formulas repeat their groups (`{i}`, `{T}`, `{\\partial L}`: of
    the bench's 14,019 groups in 4,400 formulas, 11,976 are one seen before, with 46% of
    the tokens), so `mathml_fast` walks each once. Where latex2mathml reads a `{` as a
    token of its own (the text of `\\Big`, a colour, a delimiter), `mathml_fast` declines."""

    __slots__ = ()


# PATTERN without its groups (and without `\verb`, which needs one): `findall` gives the
# text of each match PATTERN makes, in its order of alternatives
WHOLE_MATCH = re.compile(re.sub(r"\(\?P<\w+>", "(?:", PATTERN.pattern.replace("(?P=verb_delim)", "(?!)")),
                         PATTERN.flags)


def tokenize(latex: str) -> list[str | Group]:
    """latex2mathml's `tokenize(latex)` for the tokens `mathml_fast` builds, each group
    in braces as one Group; Unsupported otherwise.
    Its PATTERN cuts the tokens, as `WHOLE_MATCH`: a match object per token cost two
    thirds of the time, and the same few tokens (letters, `\\alpha`, `\\mathbf{x}`) make
    up most formulas, each read once per process (`_token_parts`)."""
    if "\\verb" in latex:  # its closing delimiter is a back-reference WHOLE_MATCH lacks
        raise Unsupported("\\verb")
    out: list = []
    outer: list[list] = []  # the tokens of the groups open around `out`
    for text in WHOLE_MATCH.findall(latex):
        if text == c.OPENING_BRACE:
            outer.append(out)
            out = []
        elif text == c.CLOSING_BRACE:
            if not outer:
                raise Unsupported("unopened brace")
            group = Group(out)
            out = outer.pop()
            out.append(group)
        else:
            parts = _token_parts(text)
            if parts is None:
                raise Unsupported(text)
            out += parts
    if outer:
        raise Unsupported("unclosed brace")
    return out


@lru_cache(maxsize=4096)
def _token_parts(text: str) -> Optional[tuple[str, ...]]:
    """The tokens latex2mathml's `tokenize` makes of `text`, one match of its PATTERN
    (matched alone, it matches the same alternative: PATTERN looks ahead only inside a
    match); None for a token `mathml_fast` does not build."""
    match = PATTERN.fullmatch(text)
    kind = match.lastgroup if match else None
    if kind in ("letter", "number", "char", "escaped"):
        return (text,)
    if kind == "command":
        if text.startswith(c.MATH) and text not in (*c.MATH_NON_FONT_COMMANDS, *c.LOCAL_FONTS):
            return None  # read as a symbol if it names one (`\mathdollar`)
        return (text,)
    if kind == "subsup_digit":
        return match.group("subsup_operator", "subsup_digit")
    if kind == "dimension":  # `\\[2ex]` is typeset as `[2ex]`, as latex2mathml does
        return (text.replace(" ", "") if text[0:1].isdigit() else text,)
    if kind == "dot_decimal" and text == ".":
        return (".",)
    if kind in ("operatorname", "begin_end"):
        return ("".join(text.split(" ")),)
    if kind == "text_content":
        content = match.group("text_content")
        if (content.startswith(("%", c.BEGIN, c.END, c.OPERATORNAME))
                or (content[0:1].isdigit() and content.endswith(UNITS))):
            return None
        return (match.group("text_cmd"), content)
    if kind == "math_close":
        if match.group("math_font") not in c.LOCAL_FONTS:
            return None
        symbol = convert_symbol(text)
        if symbol:
            return (f"&#x{symbol};",)
        return (match.group("math_font"), Group((match.group("math_arg"),)))
    return None  # a comment, `.5`, `\verb`, `\frac12`

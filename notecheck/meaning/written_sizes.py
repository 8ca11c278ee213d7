"""Sizes as a note writes them: `m×1`, `p x n`, `\\mathbb{R}^{m\\times n}`, `R^n`. Token
matching over the text; nothing is evaluated."""

from __future__ import annotations

import re
from functools import lru_cache

from notecheck.latex.constants import size_name
from notecheck.latex.expr import Bars, Expr, Space, Symbol

# ---------------------------------------------------------------- dims

DIM = r"[A-Za-z]\w{0,2}|\d{1,4}"
FONT_NAMES = re.compile(r"\\(?:boldsymbol|mathbf|bm|pmb|mathrm|mathit|text)\b")
SPACING = re.compile(r"\\[,;:! ]|[{}\s]|\\left|\\right")
SIZES = re.compile(rf"(?:\\in)?({DIM})(?:×|x|X)({DIM})")
TENSOR_SIZE = re.compile(rf"(?:(?:{DIM})(?:×|x|X)){{2,}}(?:{DIM})")  # `N \times k \times p \times k`, `3×224×224`


@lru_cache(maxsize=4096)
def dims_in_latex(latex: str) -> tuple[object, object] | None:
    """`m×1`, `m\\times n`, `\\boldsymbol{m}\\times\\boldsymbol{1}`, `p x n` → ('m', 1)...

    Sizes are written with `×`, `x`, `X`, `*` or `\\times` (whose `imes` may have spacing
    inside it, which is dropped): a text with none of these and not all the letters of
    `imes` is no size. Half the formulas of a note are such; most others hold a character
    that no substitution drops and no size has (`=`, `^`, a bracket): both are answered
    without the substitutions. (Kept per text: each shape solver asks it of every formula
    of its section, and the prose of every formula and size it reads, 12,500 times for
    3,100 texts per 100 notes.)"""
    if ("x" in latex or "X" in latex or "×" in latex or "*" in latex or
            ("i" in latex and "m" in latex and "e" in latex and "s" in latex)) and NOT_IN_SIZES.search(latex) is None:
        return _written_dims(latex)
    return None


NOT_IN_SIZES = re.compile(r"[=^()\[\]+\-/|'&<>]")  # kept by every substitution, matched by no `SIZES`


def _written_dims(latex: str) -> tuple[object, object] | None:
    """`dims_in_latex` of a text that may write sizes."""
    m = SIZES.fullmatch(_size_text(latex))
    if m is None:
        return None
    return as_dim(m.group(1)), as_dim(m.group(2))


def writes_tensor_size(latex: str) -> bool:
    """`N \\times k \\times p \\times k` (a Jacobian's size), `3×224×224`: three or more sizes,
    a tensor's, not a product of vectors."""
    return ("×" in latex or "times" in latex) and NOT_IN_SIZES.search(latex) is None \
        and TENSOR_SIZE.fullmatch(_size_text(latex)) is not None


def _size_text(latex: str) -> str:
    """The text with fonts and spacing dropped and each way of writing × made `×`."""
    text = SPACING.sub("", FONT_NAMES.sub("", latex))
    return text.replace("\\times", "×").replace("imes", "×").replace("*", "×")


def as_dim(text: str):
    return int(text) if text.isdecimal() else text


def dims_of_space(space: Space) -> tuple[object, object] | None:
    """`\\mathbb{R}^{m\\times n}` → ('m','n'); `\\mathbb{R}^n` → ('n', 1); `\\mathbb{R}` → (1, 1)."""
    rows, cols = space_dim(space.rows), space_dim(space.cols)
    if rows is None or cols is None:
        return None
    return rows, cols


def space_dim(e: Expr | None):
    """One size a space writes: a letter's name (`n`, `d'`), a whole number, 1 when it
    writes none, `|V|` for the size of a set; None for anything else (`n-1`, `x_i`)."""
    if e is None:
        return 1
    if isinstance(e, Symbol) and not e.sub:
        return size_name(e)
    if isinstance(e, Bars) and isinstance(e.arg, Symbol) and not e.arg.sub:
        return f"|{size_name(e.arg)}|"  # `\\mathbb{R}^{d \\times |V|}`: the size of a set (a vocabulary)
    value = getattr(e, "value", None)
    if value is not None and getattr(value, "denominator", 2) == 1:
        return int(value)
    return None

"""Index notation the parser reads as a construct of its own: the indicator
`\\mathbb{1}[i=j]`, which is the Kronecker delta δ_ij.

The tree writes a Kronecker delta as the entry `(I)_{ij}` of a sizeless identity, the
form `\\delta_{ij}` also takes once the note's meaning is read (`notecheck.meaning.entries`),
so one rule evaluates both.
"""

from __future__ import annotations

from functools import lru_cache

from notecheck.latex.expr import Identity, Index
from notecheck.latex.lex import Token


INDICATOR_BRACKETS = {"[": "]", "(": ")", "{": "}"}  # `\\mathbb{1}[i=j]`, `\\mathbb{1}(i=j)`, `\\mathbb{1}_{i=j}`


def indicator(parser, tok: Token) -> Index | None:
    """After `\\mathbb{1}`: `[a = b]`, `(a = b)` or `_{a = b}` with one letter or digit on
    each side is δ_ab (the cursor moves past it); anything else is None with the cursor
    unmoved."""
    skip = 1 if parser.at("_") else 0
    ahead = [parser.peek(k) for k in range(skip, skip + 5)]
    if any(t is None for t in ahead):
        return None
    opener, left, equals, right, closer = ahead
    if INDICATOR_BRACKETS.get(opener.text) != closer.text or equals.text != "=" or (opener.text == "{") != bool(skip):
        return None
    if not all(t.kind == "char" and t.text.isascii() and t.text.isalnum() for t in (left, right)):
        return None
    parser.i += skip + 5
    return Index(Identity(pos=tok.pos, end=tok.end), f"{left.text},{right.text}", pos=tok.pos, end=closer.end)


INDEX_LETTERS = frozenset("ijklpqrs")  # letters that index entries (m, n, N count sizes)
COMPANIONS = frozenset("abcdefgh")  # index letters only beside one of those: `[UV]_{ib}`


def index_parts(sub: str | None) -> list[str] | None:
    """The indices a subscript lists, or None when it is a name, not indices:
    `ij` → [i, j]; `i,j` → [i, j]; `kk`; `i1` → [i, 1]; `(i)` → [i]; `2,i` → [2, i];
    `ib` → [i, b]; `1`, `F`, `max`, `ab` → None. At least one part is an index letter."""
    if not sub:
        return None
    parts = _parts_of(sub)
    return None if parts is None else list(parts)


@lru_cache(maxsize=4096)
def _parts_of(sub: str) -> tuple[str, ...] | None:
    """`index_parts` of a subscript, worked out once per subscript: every stage after the
    parser asks it of every subscripted letter, often (a pure function of the text)."""
    text = sub.replace(" ", "").replace("{", "").replace("}", "")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    if "," in text:
        parts = [p for p in text.split(",") if p]
    elif len(text) <= 3:
        parts = list(text)
    else:
        return None
    if not any(p in INDEX_LETTERS for p in parts):
        return None
    allowed = INDEX_LETTERS | (COMPANIONS if len(parts) == 2 else frozenset())
    return tuple(parts) if all(p in allowed or p.isdigit() for p in parts) else None


def index_text(parts: list[str]) -> str:
    """Parts back as a subscript: `ij`, or `i,1` when a part is longer than a letter."""
    return "".join(parts) if all(len(p) == 1 for p in parts) and not any(p.isdigit() for p in parts) \
        else ",".join(parts)

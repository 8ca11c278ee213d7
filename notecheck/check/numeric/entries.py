"""Entries in the numeric engine: the value of `X_{ij}` at concrete indices, the
Kronecker delta, the family member a derivative is taken by, derivatives by an entry
(`∂f/∂X_{ij}` is the (i, j) entry of ∂f/∂X's Jacobian column), and how far the index of
a sum runs."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from notecheck.check.numeric.errors import IllConditioned, ShapeMismatch, Unsupported
from notecheck.check.numeric.kernels import Jet
from notecheck.check.numeric.lazy import EYE, ZERO, Lazy
from notecheck.latex import expr as E
from notecheck.latex.constants import size_name
from notecheck.latex.indices import index_parts


def entry(node: E.Index, index: tuple[int, ...], evaluator) -> Jet:
    """The entry of `node.arg` at 1-based `index` (one index for a vector), with its
    tangent; `(I)_{ij}` of a sizeless identity is δ_ij."""
    if isinstance(node.arg, E.Identity) and node.arg.size is None:
        return kronecker(index)
    base = evaluator.ev(node.arg)
    if isinstance(base, Lazy):
        if base.kind == ZERO:
            return Jet(np.zeros((1, 1)))
        if base.kind == EYE and base.tscale is None:
            return Jet(kronecker(index).v * base.scale)
        raise Unsupported("an entry of a vector of ones of unknown size")
    return entry_of(base, index, lambda: (f"the entry _{{{node.sub}}}", "array"))


def entry_of(base: Jet, index: tuple[int, ...], named) -> Jet:
    """The 1-based `index` entry of an evaluated array with its tangent (one index for a
    vector, either orientation); out of range is unsupported, named `what` outside `of`
    with `named()` -> (what, of), asked only then (an entry is read at every term of every
    sum, and its name would be written out each time)."""
    rows, cols = base.v.shape
    if len(index) == 1 and 1 in (rows, cols):
        index = (index[0], 1) if cols == 1 else (1, index[0])
    if len(index) != 2 or not (1 <= index[0] <= rows and 1 <= index[1] <= cols):
        what, of = named()
        raise Unsupported(f"{what} outside a {rows}×{cols} {of}")
    i, j = index[0] - 1, index[1] - 1
    t = None if base.t is None else base.t[:, i:i + 1, j:j + 1]
    return Jet(base.v[i:i + 1, j:j + 1], t)


def kronecker(index: tuple[int, ...]) -> Jet:
    if len(index) != 2:
        raise Unsupported("a Kronecker delta needs two indices")
    return Jet(np.array([[1.0 if index[0] == index[1] else 0.0]]))


@lru_cache(maxsize=4096)
def subscript_parts(sub: str | None) -> tuple[str, ...] | None:
    """`index_parts` as a tuple, remembered: a pure function of the subscript text that
    the evaluator asks about at every node of every draw."""
    parts = index_parts(sub)
    return None if parts is None else tuple(parts)


@lru_cache(maxsize=4096)
def member_letters_of(sub: str | None) -> tuple[str, ...]:
    return tuple(p for p in (subscript_parts(sub) or ()) if not p.isdigit())


def member_letters(sym: E.Symbol) -> tuple[str, ...]:
    return member_letters_of(sym.sub)


def pinned_member(sym: E.Symbol, env: dict[str, int], pins: dict[str, int]) -> bool:
    """Whether `a_{2,i}` read here (i as a sum or the claim has it now) is the member
    the derivative is taken by: the one at the pinned value of i."""
    letters = member_letters(sym)
    return bool(letters) and all(p in pins and env.get(p) == pins[p] for p in letters)


def member_index(sym: E.Symbol, pins: dict[str, int]) -> tuple | None:
    """The concrete index of a family member whose letters are all pinned, as the draw
    keys its members (`a_{2,i}` at i=3 → ('2', 3)); None when one is not."""
    parts = subscript_parts(sym.sub) or ()
    if not member_letters(sym) or not all(p.isdigit() or p in pins for p in parts):
        return None
    return tuple(p if p.isdigit() else pins[p] for p in parts)


def entry_position(node: E.Index, pins: dict[str, int], shape: tuple[int, int]) -> int:
    """The column-major position of the entry `node` names in an array of `shape`."""
    parts = subscript_parts(node.sub) or ()
    values = [int(p) if p.isdecimal() else pins.get(p) for p in parts]
    if None in values or not values:
        raise Unsupported(f"a derivative by the entry _{{{node.sub}}} with its index unknown")
    rows, cols = shape
    if len(values) == 1 and 1 in shape:
        values = [values[0], 1] if cols == 1 else [1, values[0]]
    if len(values) != 2 or not (1 <= values[0] <= rows and 1 <= values[1] <= cols):
        raise Unsupported(f"a derivative by the entry _{{{node.sub}}} outside a {rows}×{cols} array")
    return (values[0] - 1) + rows * (values[1] - 1)


@lru_cache(maxsize=4096)
def split_indices(sub: str) -> tuple[str, ...]:
    """`'i'` -> (i,); `'1,i'` -> (1, i); `'ij'` -> (i, j). Remembered (a pure function of
    the text, asked at every indexed node of every evaluation)."""
    parts = subscript_parts(sub)
    if parts is not None:
        return parts
    if "," in sub:
        return tuple(p.strip() for p in sub.split(","))
    if sub.isalpha() and len(sub) <= 3:
        return tuple(sub)
    return (sub,)


@lru_cache(maxsize=4096)
def index_plan(sub: str) -> tuple[int | str, ...]:
    """The parts of a subscript with its written numbers already read (`'1,j'` -> (1, 'j')):
    a pure function of the text, asked at every entry of every evaluation."""
    return tuple(int(p) if p.isdecimal() else p for p in split_indices(sub))


def index_extent(evaluator, body: E.Expr, index: str) -> int | None:
    """How far `index` can run in the element accesses of `body` (`X_{ij}`, `x_i`,
    `(A^TB)_{kk}`)."""
    for node in E.walk(body):
        if isinstance(node, E.Index):
            parts, shape = split_indices(node.sub), owner_shape(evaluator, node.arg)
        elif not (isinstance(node, E.Symbol) and node.sub) or node in evaluator.draw.shapes:
            continue
        else:
            parts, shape = split_indices(node.sub), evaluator.draw.shapes.get(E.rebuilt(node, sub=None))
        if index not in parts or shape is None:
            continue
        if len(parts) == 2:
            return shape[parts.index(index)]
        if len(parts) == 1 and 1 in shape:
            return max(shape)
    return None


def sum_upper_bound(evaluator, node: E.Sum, index: str) -> int:
    """The last value of `index`: as written, else the size of what it indexes
    (`\\sum_i x_i` over the entries of x), else the index's own count."""
    extent = index_extent(evaluator, node.body, index)
    upper = node.upper
    if extent and isinstance(upper, E.Symbol) and upper.sub is None and upper.name not in evaluator.env:
        evaluator.draw.sizes.setdefault(size_name(upper), extent)  # `\\sum_{i=1}^n x_i`: n is the size of x
        return extent
    if upper is not None:
        return sum_bound(evaluator, upper, index, None)
    return extent or evaluator.draw.count(index)


def sum_bound(evaluator, limit: E.Expr | None, index: str, default: int | None) -> int:
    """A sum limit as an integer: written number, named size (`N`), or the index's range."""
    if limit is None:
        return default if default is not None else evaluator.draw.count(index)
    if isinstance(limit, E.Chain) and len(limit.items) == 2:  # `i=1` if the parser kept it
        limit = limit.items[1]
    if isinstance(limit, E.Symbol) and limit.sub is None and limit.name not in evaluator.env:
        return evaluator.draw.count(size_name(limit))
    out = evaluator.concrete(limit, "a sum limit")
    value = float(out.v[0, 0])
    if out.v.shape != (1, 1) or value != int(value):
        raise Unsupported("a sum limit that is not a whole number")
    return int(value)


def owner_shape(evaluator, node: E.Expr) -> tuple[int, int] | None:
    """The shape of what an entry is taken from: a symbol's, its transpose's, or the
    value's when it is computed (`(A^TB)_{kk}`)."""
    if isinstance(node, E.Transpose):
        inner = owner_shape(evaluator, node.arg)
        return None if inner is None else (inner[1], inner[0])
    if isinstance(node, E.Symbol):
        return evaluator.draw.shapes.get(node)
    try:
        out = evaluator.ev(node)
    except (Unsupported, ShapeMismatch, IllConditioned):
        return None
    return out.v.shape if isinstance(out, Jet) else None

"""Candidate fixes for a wrong claim: the one-step edits of its right-hand side.

Most wrong gradients in notes are one slip away from right: a dropped transpose, a sign
lost in `d(X^{-1})`, two factors in the wrong order, a factor of 2, the whole result in
the other layout. `candidates` proposes those one-step edits, each with the sentence a
teacher would write in the margin; the checker tests each numerically and offers the
first that holds (else the re-derived expression).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import tee
from typing import Iterator

from notecheck.latex import to_latex
from notecheck.latex.expr import (
    Add,
    Expr,
    Identity,
    Inverse,
    Kron,
    Mul,
    Neg,
    Number,
    Ones,
    Transpose,
    Zero,
    children,
    walk,
)

MAX_NODES = 200  # beyond this many nodes a right-hand side gets no one-step candidates

Path = tuple[int, ...]


# ---------------------------------------------------------------- tree surgery


Slot = tuple[str, tuple[int, ...]]  # a field, and the indices into it (none, one, or row and column)


def _slots(node: Expr) -> list[Slot]:
    """Where each child lives, in the order of `children` (a matrix's entries row by row)."""
    out: list[Slot] = []
    for name in node.__dataclass_fields__:
        if name in ("pos", "end"):
            continue
        value = getattr(node, name)
        if isinstance(value, Expr):
            out.append((name, ()))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, Expr):
                    out.append((name, (i,)))
                elif isinstance(item, tuple):
                    out.extend((name, (i, j)) for j, x in enumerate(item) if isinstance(x, Expr))
    return out


def _child(node: Expr, slot: Slot) -> Expr:
    name, indices = slot
    value = getattr(node, name)
    for i in indices:
        value = value[i]
    return value


def _replaced(value, indices: tuple[int, ...], new: Expr):
    if not indices:
        return new
    items = list(value)
    items[indices[0]] = _replaced(items[indices[0]], indices[1:], new)
    return tuple(items)


def _with_child(node: Expr, slot: Slot, new: Expr) -> Expr:
    name, indices = slot
    values = {k: getattr(node, k) for k in node.__dataclass_fields__ if k not in ("pos", "end")}
    values[name] = _replaced(values[name], indices, new)
    return type(node)(**values)


def replace_at(root: Expr, path: Path, new: Expr) -> Expr:
    """`root` with the node at `path` (child indices from the root, as `children` counts
    them) replaced by `new`."""
    if not path:
        return new
    slot = _slots(root)[path[0]]
    return _with_child(root, slot, replace_at(_child(root, slot), path[1:], new))


def _paths(root: Expr) -> Iterator[tuple[Path, Expr]]:
    """Every node with its path, parents first."""
    stack: list[tuple[Path, Expr]] = [((), root)]
    while stack:
        path, node = stack.pop()
        yield path, node
        kids = children(node)
        stack.extend((path + (i,), kid) for i, kid in reversed(list(enumerate(kids))))


# ---------------------------------------------------------------- labels


def label(expr: Expr) -> str:
    """LaTeX for a message, from the printer; a terse fallback where it fails."""
    try:
        return to_latex(expr)
    except Exception:  # noqa: BLE001 - a label must never break a fix
        return _fallback_label(expr)


def _fallback_label(expr: Expr) -> str:
    from notecheck.latex.expr import Symbol

    if isinstance(expr, Symbol):
        return expr.name + (f"_{expr.sub}" if expr.sub else "")
    if isinstance(expr, Transpose):
        return _fallback_label(expr.arg) + "^T"
    if isinstance(expr, Inverse):
        return _fallback_label(expr.arg) + "^{-1}"
    if isinstance(expr, Number):
        return str(expr.value)
    return "the " + type(expr).__name__.lower()


# ---------------------------------------------------------------- candidates


def _has_inverse(expr: Expr) -> bool:
    return any(isinstance(n, Inverse) for n in walk(expr))


def _flip_sign(rhs: Expr, is_scalar) -> Iterator[tuple[Expr, str]]:
    flipped = rhs.arg if isinstance(rhs, Neg) else Neg(rhs)
    if _has_inverse(rhs):
        yield flipped, "the sign is wrong: d(X^{-1}) = -X^{-1} dX X^{-1} brings a minus sign"
    else:
        yield flipped, "the sign is wrong"


def _size(node: Expr) -> int:
    return sum(1 for _ in walk(node))


def _transposes(rhs: Expr, is_scalar) -> Iterator[tuple[Expr, str]]:
    """Drop each transpose; then add one, on single symbols first (`A` for `A^T` is the
    common slip), then on larger pieces. `X^{-1}` becomes `X^{-T}` by transposing X."""
    nodes = list(_paths(rhs))
    for path, node in nodes:
        if isinstance(node, Transpose) and path:
            parent = _at(rhs, path[:-1])
            if isinstance(parent, Inverse):
                reason = f"{label(parent)} should be {label(Inverse(node.arg))}: no transpose on this inverse"
            else:
                reason = f"drop the transpose on {label(node.arg)}"
            yield replace_at(rhs, path, node.arg), reason
    wrappable = [
        (path, node)
        for path, node in nodes
        if path
        and not isinstance(node, (Transpose, Number, Identity, Neg, Ones, Zero, Inverse))
        and not is_scalar(node)
    ]
    wrappable.sort(key=lambda item: _size(item[1]))
    for path, node in wrappable:
        parent = _at(rhs, path[:-1])
        if isinstance(parent, Transpose):
            continue
        if isinstance(parent, Inverse):
            reason = f"{label(parent)} should be {label(Inverse(Transpose(node)))}: the gradient of a determinant or an inverse carries the inverse transpose"
        else:
            reason = f"{label(node)} should be transposed: {label(Transpose(node))}"
        yield replace_at(rhs, path, Transpose(node)), reason


def _at(root: Expr, path: Path) -> Expr:
    for index in path:
        root = children(root)[index]
    return root


def _swaps(rhs: Expr, is_scalar) -> Iterator[tuple[Expr, str]]:
    for path, node in _paths(rhs):
        if not isinstance(node, (Mul, Kron)) or len(node.factors) < 2:
            continue
        factors = node.factors
        for i in range(len(factors)):
            for j in range(i + 1, len(factors)):
                if factors[i] == factors[j] or any(isinstance(f, Number) or is_scalar(f) for f in (factors[i], factors[j])):
                    continue
                swapped = list(factors)
                swapped[i], swapped[j] = swapped[j], swapped[i]
                new = type(node)(tuple(swapped))
                what = "matrix products do not commute" if isinstance(node, Mul) else "the Kronecker product does not commute"
                yield replace_at(rhs, path, new), f"{label(factors[i])} and {label(factors[j])} are in the wrong order: {what}"


def _coefficient(rhs: Expr) -> tuple[Fraction, Expr, bool]:
    """The leading number of the right-hand side, the rest, and whether it was negated."""
    negated = isinstance(rhs, Neg)
    body = rhs.arg if negated else rhs
    if isinstance(body, Mul) and body.factors and isinstance(body.factors[0], Number):
        rest = body.factors[1:]
        return body.factors[0].value, rest[0] if len(rest) == 1 else Mul(rest), negated
    return Fraction(1), body, negated


def _scales(rhs: Expr, is_scalar) -> Iterator[tuple[Expr, str]]:
    coef, body, negated = _coefficient(rhs)

    def build(c: Fraction) -> Expr:
        out = body if c == 1 else Mul((Number(c),) + (body.factors if isinstance(body, Mul) else (body,)))
        return Neg(out) if negated else out

    if coef != 1:
        yield build(Fraction(1)), f"drop the factor {coef}: the claim is {coef} times the gradient"
    yield build(coef * 2), "a factor 2 is missing: a quadratic form gives two equal terms (x^TAx gives 2Ax when A is symmetric)"
    yield build(coef / 2), "off by a factor of 2: the claim is twice the gradient"


def _term_edits(rhs: Expr, is_scalar) -> Iterator[tuple[Expr, str]]:
    """One term of a sum with its sign flipped or its factor 2 lost or doubled:
    `2X^T(Xw - y) + λw` for `... + 2λw`."""
    if not isinstance(rhs, Add) or len(rhs.terms) < 2:
        return
    for i, term in enumerate(rhs.terms):
        def with_term(new: Expr) -> Expr:
            return Add(rhs.terms[:i] + (new,) + rhs.terms[i + 1 :])

        what = label(term)
        yield with_term(term.arg if isinstance(term, Neg) else Neg(term)), f"the sign of {what} is wrong"
        for new, reason in _scales(term, is_scalar):
            yield with_term(new), f"{what}: {reason}"


def _layout(rhs: Expr, is_scalar) -> Iterator[tuple[Expr, str]]:
    if isinstance(rhs, Transpose):
        whole = rhs.arg
    elif isinstance(rhs, Inverse):
        whole = Inverse(rhs.arg.arg if isinstance(rhs.arg, Transpose) else Transpose(rhs.arg))
    else:
        whole = Transpose(rhs)
    yield whole, "the gradient has the shape of the variable (denominator layout): transpose it"


def candidates(rhs: Expr, shape_of=None) -> Iterator[tuple[Expr, str]]:
    """The one-step edits of a claimed right-hand side, most likely slips first (sign,
    a transpose too many, a factor of 2, the sign or factor of one term of a sum, a
    missing transpose, two factors swapped, the other layout), each with a one-line reason for the reader. No duplicates; nothing
    for huge trees. With `shape_of(node) -> (rows, cols)`, scalars are left alone."""
    if _size(rhs) > MAX_NODES:
        return
    is_scalar = _scalar_test(shape_of)
    # the transposes dropped and those added come from one walk, made as far as it is read
    # (each made once: a candidate's reason prints the expression, ~0.1 ms)
    for_dropping, for_adding = tee(_transposes(rhs, is_scalar))
    seen = {rhs}
    for edits in (_index_swaps(rhs, is_scalar), _flip_sign(rhs, is_scalar), _transposes_dropped(for_dropping),
                  _scales(rhs, is_scalar), _term_edits(rhs, is_scalar), _transposes_added(for_adding),
                  _swaps(rhs, is_scalar), _layout(rhs, is_scalar)):
        for expr, reason in edits:
            if expr not in seen:
                seen.add(expr)
                yield expr, reason


def _index_swaps(rhs: Expr, is_scalar) -> Iterator[tuple[Expr, str]]:
    from notecheck.check.indexed import index_edits

    return index_edits(rhs)


def _transposes_dropped(transposes: Iterator[tuple[Expr, str]]) -> Iterator[tuple[Expr, str]]:
    return (pair for pair in transposes if pair[1].startswith("drop"))


def _transposes_added(transposes: Iterator[tuple[Expr, str]]) -> Iterator[tuple[Expr, str]]:
    return (pair for pair in transposes if not pair[1].startswith("drop"))


def _scalar_test(shape_of):
    if shape_of is None:
        return lambda node: False
    from notecheck.latex import Shapes

    shapes = Shapes(shape_of)
    return shapes.is_scalar

"""`I`, `\\mathbf{1}` and `\\mathbf{0}` written without a size: constants whose size the
surrounding operation decides (`A + I`, `X\\mathbf{1}`), like numpy broadcasting.

A `Lazy` stands for `scale · I`, `scale · 1`, `scale · 1ᵀ` or `0` of an unknown size until
an operand with a concrete shape fixes it; `materialize` then makes the array.
"""

from __future__ import annotations


import numpy as np

from notecheck.check.numeric.errors import ShapeMismatch, Unsupported
from notecheck.check.numeric.kernels import Jet
from notecheck.records import FrozenRecord

EYE, ONES, ZERO = "identity", "ones", "zero"


class Lazy(FrozenRecord):
    """`I`, `1` or `0` whose size is not known yet, scaled: it takes the size of what it meets."""

    kind: str                      # EYE, ONES or ZERO
    transposed: bool = False       # ONES only: a row 1ᵀ
    scale: float = 1.0
    tscale: np.ndarray | None = None  # the scale's tangent, (k,), or None for zero

    def scaled(self, value: np.ndarray, tangent: np.ndarray | None) -> Lazy:
        """`c · self` for a 1×1 value c with its tangent (k,1,1)."""
        c = float(value[0, 0])
        parts = []
        if tangent is not None:
            parts.append(tangent[:, 0, 0] * self.scale)
        if self.tscale is not None:
            parts.append(c * self.tscale)
        return Lazy(self.kind, self.transposed, c * self.scale, sum(parts) if parts else None)

    def size_from_left(self, cols_of_left: int) -> tuple[int, int] | None:
        """Shape when the factor on its left has `cols_of_left` columns, if that fixes it."""
        if self.kind == EYE:
            return (cols_of_left, cols_of_left)
        if self.kind == ONES and not self.transposed:
            return (cols_of_left, 1)
        return None

    def size_from_right(self, rows_of_right: int) -> tuple[int, int] | None:
        """Shape when the factor on its right has `rows_of_right` rows, if that fixes it."""
        if self.kind == EYE:
            return (rows_of_right, rows_of_right)
        if self.kind == ONES and self.transposed:
            return (1, rows_of_right)
        return None

    def suits(self, shape: tuple[int, int]) -> bool:
        """Whether the constant can have this shape (`materialize` makes it without a mismatch)."""
        rows, cols = shape
        if self.kind == EYE:
            return rows == cols
        if self.kind == ONES:
            return (rows if self.transposed else cols) == 1
        return True

    def materialize(self, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray | None]:
        """The value and tangent at a concrete shape (the shape must suit the kind)."""
        rows, cols = shape
        if self.kind == EYE:
            if rows != cols:
                raise ShapeMismatch(f"identity matrix used as {rows}×{cols}")
            base = np.eye(rows)
        elif self.kind == ONES:
            if (rows if self.transposed else cols) != 1:
                raise ShapeMismatch(f"vector of ones used as {rows}×{cols}")
            base = np.ones(shape)
        else:
            return np.zeros(shape), None
        tangent = None if self.tscale is None else self.tscale[:, None, None] * base
        return self.scale * base, tangent


def unknown_size(lazy: Lazy, where: str) -> Unsupported:
    """The error for a sizeless constant that nothing around it sizes."""
    name = {EYE: "I", ONES: "the vector of ones", ZERO: "the zero matrix"}[lazy.kind]
    return Unsupported(f"the size of {name} in {where} (write it, e.g. I_n)")


def combine_lazies(lazies: list[Lazy]) -> Lazy:
    """A sum of sizeless constants of one kind (`I + 2I`) is that kind, summed scales."""
    if not lazies:
        return Lazy(ZERO)
    first = lazies[0]
    if any((x.kind, x.transposed) != (first.kind, first.transposed) for x in lazies):
        raise unknown_size(first, "a sum")
    tscales = [x.tscale for x in lazies if x.tscale is not None]
    return Lazy(first.kind, first.transposed, sum(x.scale for x in lazies), sum(tscales) if tscales else None)


def size_lazies_in_product(items: list) -> list:
    """Give each sizeless I / 1 in a product the size its matrix neighbour implies."""
    items = list(items)
    changed = True
    while changed:
        changed = False
        for i, x in enumerate(items):
            if not isinstance(x, Lazy):
                continue
            shape = None
            left = neighbour(items, i, -1)
            right = neighbour(items, i, 1)
            if left is not None:
                shape = x.size_from_left(left.v.shape[1])
            if shape is None and right is not None:
                shape = x.size_from_right(right.v.shape[0])
            if shape is not None:
                items[i] = Jet(*x.materialize(shape))
                changed = True
    return items


def neighbour(items: list, i: int, step: int) -> Jet | None:
    """The nearest non-scalar concrete factor in direction `step`, skipping 1×1 scalings."""
    j = i + step
    while 0 <= j < len(items):
        x = items[j]
        if isinstance(x, Lazy):
            return None
        if x.v.shape != (1, 1):
            return x
        j += step
    return None


def scale_lazy_product(items: list) -> Lazy:
    """A product of scalars and one sizeless constant is that constant, scaled."""
    lazies = [x for x in items if isinstance(x, Lazy)]
    scalars = [x for x in items if isinstance(x, Jet)]
    if any(x.v.shape != (1, 1) for x in scalars) or len(lazies) > 1 and any(x.kind != EYE for x in lazies):
        raise unknown_size(lazies[0], "a product")
    out = lazies[0]
    for other in lazies[1:]:
        out = out.scaled(np.array([[other.scale]]), None if other.tscale is None else other.tscale[:, None, None])
    for s in scalars:
        out = out.scaled(s.v, s.t)
    return out

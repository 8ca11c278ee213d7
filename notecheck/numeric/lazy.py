"""`I`, `\\mathbf{1}` and `\\mathbf{0}` written without a size: constants whose size the
surrounding operation decides (`A + I`, `X\\mathbf{1}`), like numpy broadcasting.

A `Lazy` stands for `scale · I`, `scale · 1`, `scale · 1ᵀ` or `0` of an unknown size until
an operand with a concrete shape fixes it; `materialize` then makes the array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from notecheck.numeric.errors import ShapeMismatch, Unsupported

EYE, ONES, ZERO = "identity", "ones", "zero"


@dataclass(frozen=True)
class Lazy:
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

    def materialize(self, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray | None]:
        """The value and tangent at a concrete shape (the shape must suit the kind)."""
        rows, cols = shape
        if self.kind == EYE:
            if rows != cols:
                raise ShapeMismatch(f"identity matrix used as {rows}×{cols}")
            base = np.eye(rows)
        elif self.kind == ONES:
            if (rows != 1 and cols != 1) or (self.transposed and rows != 1 and cols == 1 and rows > 1):
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

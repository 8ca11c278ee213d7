"""Forward-mode rules: every operation on (value, tangent) pairs.

A `Jet` is a value (r, c) with its batched tangent (k, r, c), or None for an exact zero
(the value and its first derivatives along k directions, hence the name).
Each function here is one rule of matrix calculus (`d(XY) = dX Y + X dY`,
`dX⁻¹ = −X⁻¹ dX X⁻¹`, `d|X| = |X| tr(X⁻¹dX)`, ...) applied to all k directions at once.
"""

from __future__ import annotations

import math

import numpy as np

from notecheck.check.numeric.elementwise import derivative as elementwise_derivative
from notecheck.check.numeric.errors import NEARLY_SINGULAR, IllConditioned, ShapeMismatch, Unsupported

MAX_CONDITION = 1e8  # 1-norm condition number beyond which an inverse is a bad draw
MAX_ENTRIES = 1 << 21  # numbers (value and tangents) one Kronecker product may make: 16 MB
FLOAT = np.dtype(np.float64)  # the dtype of every value: a builtin dtype is one object, so `is` tests it


class Jet:
    """A value (r, c) and its batched tangent (k, r, c), or None for an exact zero.
    Never changed once made; a plain slotted class because one is made at every node of
    every evaluation, and a frozen dataclass's `__init__` costs several times more."""

    __slots__ = ("v", "t")

    def __init__(self, v: np.ndarray, t: np.ndarray | None = None):
        self.v = v
        self.t = t


def shape_text(a: np.ndarray) -> str:
    return f"{a.shape[0]}×{a.shape[1]}"


def add_tangents(*ts: np.ndarray | None) -> np.ndarray | None:
    present = [t for t in ts if t is not None]
    if not present:
        return None
    total = present[0]
    for t in present[1:]:
        total = total + t
    return total


def vec_batch(t: np.ndarray) -> np.ndarray:
    """(..., r, c) -> (..., r*c), column-major like vec(X)."""
    return t.swapaxes(-1, -2).reshape(t.shape[:-2] + (-1,))


def unvec_batch(x: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """(..., r*c) -> (..., r, c), the inverse of `vec_batch`."""
    return x.reshape(x.shape[:-1] + (cols, rows)).swapaxes(-1, -2)


def too_large(factors: list[Jet]) -> None:
    """Refuse a Kronecker product whose entries at this draw's sizes would take more than
    `MAX_ENTRIES` numbers. Sizes multiply: `(A⊗A)⊗(A⊗A)` with A drawn 8×9 is 4096×6561,
    and its tangents hundreds of MB more; the claim stays unverified, saying why, rather
    than taking the machine's memory."""
    rows = math.prod(x.v.shape[0] for x in factors)
    cols = math.prod(x.v.shape[1] for x in factors)
    directions = max((math.prod(x.t.shape[:-2]) for x in factors if x.t is not None), default=0)
    if rows * cols * (1 + directions) > MAX_ENTRIES:
        raise Unsupported(f"a Kronecker product of {rows}×{cols} entries at these sizes needs more memory "
                          "than notecheck gives a claim")


def kron_batch(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Kronecker product over the last two axes, broadcasting leading ones."""
    p, q = a.shape[-2:]
    r, s = b.shape[-2:]
    out = a[..., :, None, :, None] * b[..., None, :, None, :]
    return out.reshape(out.shape[:-4] + (p * r, q * s))


def trace_batch(t: np.ndarray) -> np.ndarray:
    return t.trace(axis1=-2, axis2=-1)[..., None, None]


def safe_inverse(a: np.ndarray) -> np.ndarray:
    """The inverse, or `IllConditioned` when rounding would make it untrustworthy.

    The 1-norm condition number costs two column sums once the inverse is known, far
    less than the SVD behind `np.linalg.cond`.
    """
    try:
        inv = np.linalg.inv(a)
    except np.linalg.LinAlgError as err:
        raise IllConditioned("inverse of a singular matrix") from err
    condition = np.abs(a).sum(axis=0).max() * np.abs(inv).sum(axis=0).max()
    if not np.isfinite(condition) or condition > MAX_CONDITION:
        raise IllConditioned(NEARLY_SINGULAR)
    return inv


def product_shape(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int] | None:
    """Shape of `a b` under the note's rule (a 1×1 factor scales), or None if they cannot meet."""
    if a == (1, 1):
        return b
    if b == (1, 1):
        return a
    return (a[0], b[1]) if a[1] == b[0] else None


def product_order(shapes: list[tuple[int, int]]):
    """A parenthesization of a product whose shapes all meet, as a nested (i, j) tree.

    Left to right when that works; otherwise the first that does (`A bᵀc D` is
    `A (bᵀc) D`: the 1×1 in the middle scales). None if there is none.
    """
    n = len(shapes)
    shape, order = shapes[0], 0
    for i in range(1, n):  # the left fold, which almost always works
        shape = product_shape(shape, shapes[i])
        if shape is None:
            break
        order = (order, i)
    else:
        return order
    best: dict[tuple[int, int], tuple] = {(i, i): (shapes[i], i) for i in range(n)}
    for length in range(2, n + 1):
        for i in range(n - length + 1):
            j = i + length - 1
            for split in range(j - 1, i - 1, -1):  # prefer the left fold
                left, right = best.get((i, split)), best.get((split + 1, j))
                if left and right:
                    shape = product_shape(left[0], right[0])
                    if shape:
                        best[(i, j)] = (shape, (left[1], right[1]))
                        break
    found = best.get((0, n - 1))
    return None if found is None else found[1]


def is_vector(a: np.ndarray) -> bool:
    return a.shape != (1, 1) and 1 in a.shape


def broadcast_shape(shapes: list[tuple[int, int]], what: str) -> tuple[int, int]:
    big = {s for s in shapes if s != (1, 1)}
    if len(big) > 1:
        raise ShapeMismatch(f"{what} of " + " and ".join(f"{r}×{c}" for r, c in sorted(big)))
    return big.pop() if big else (1, 1)


def multiply_tree(order, items: list[Jet]) -> Jet:
    if isinstance(order, int):
        return items[order]
    return multiply(multiply_tree(order[0], items), multiply_tree(order[1], items))


def multiply(a: Jet, b: Jet) -> Jet:
    av, bv, at, bt = a.v, b.v, a.t, b.t
    if av.shape == (1, 1) or bv.shape == (1, 1):
        value = av * bv
        left = None if at is None else at * bv
        right = None if bt is None else av * bt
    else:
        # `dot` calls BLAS directly, at half the cost of `@`'s ufunc machinery, and gives the
        # very same bits when both are contiguous (C or F order: 182,654 random pairs, up to
        # 39×39, inf and nan included); `@` otherwise (broadcast or strided views differ)
        value = av.dot(bv) if av.flags.forc and bv.flags.forc else av @ bv
        left = None if at is None else at @ bv
        right = None if bt is None else av @ bt
    t = right if left is None else left if right is None else left + right
    if t is not None and t.shape[1:] != value.shape:
        t = np.broadcast_to(t, (t.shape[0],) + value.shape)
    return Jet(value, t)


def scalar_power(base: Jet, exp: Jet, e: float) -> Jet:
    b = float(base.v[0, 0])
    if b < 0 and e != int(e):
        raise IllConditioned("a fractional power of a negative number")
    if b == 0 and e < 1:
        raise IllConditioned("a power of zero")
    try:
        value = np.array([[b**e]])
    except OverflowError as err:  # Python floats raise where numpy would say inf
        raise IllConditioned("a power too large to represent") from err
    t = add_tangents(
        None if base.t is None else e * b ** (e - 1) * base.t,
        None if exp.t is None or b <= 0 else value * np.log(b) * exp.t,
    )
    return Jet(value, t)


def matrix_power(base: Jet, n: int) -> Jet:
    """`base` to the integer power n by repeated squaring: log n products, each through
    the product rule, so the tangent is exact and nothing keeps every power."""
    if n < 0:
        return matrix_power(inverse(base), -n)
    result = Jet(np.eye(base.v.shape[0]))
    square = base
    while n:
        if n & 1:
            result = multiply(result, square)
        n >>= 1
        if n:
            square = multiply(square, square)
    return result


def inverse(x: Jet, inverted=None) -> Jet:
    """X⁻¹ and its tangent; `inverted` is where the inverse of a value is found (a world's
    memo, which inverts each array once), else `safe_inverse`."""
    rows, cols = x.v.shape
    if rows != cols:
        raise ShapeMismatch(f"inverse of a {rows}×{cols} matrix")
    inv = (inverted or safe_inverse)(x.v)
    return Jet(inv, None if x.t is None else -inv @ x.t @ inv)


def determinant(x: Jet) -> Jet:
    rows, cols = x.v.shape
    if rows != cols:
        raise ShapeMismatch(f"determinant of a {rows}×{cols} matrix")
    det = np.linalg.det(x.v)
    t = None
    if x.t is not None:
        t = det * trace_batch(safe_inverse(x.v) @ x.t)
    return Jet(np.array([[det]]), t)


def plus_or_minus(a: Jet, b: Jet, sign: float) -> Jet:
    """`a ± b` read with one sign; the claim is checked under both readings."""
    if a.v.shape != b.v.shape and (1, 1) not in (a.v.shape, b.v.shape):
        raise ShapeMismatch(f"± of {shape_text(a.v)} and {shape_text(b.v)}")
    value = a.v + sign * b.v
    t = add_tangents(a.t, None if b.t is None else sign * b.t)
    if t is not None and t.shape[1:] != value.shape:
        t = np.broadcast_to(t, (t.shape[0],) + value.shape)
    return Jet(value, t)


def absolute(x: Jet) -> Jet:
    return Jet(np.abs(x.v), None if x.t is None else np.sign(x.v) * x.t)


def trace(x: Jet) -> Jet:
    rows, cols = x.v.shape
    if rows != cols:
        raise ShapeMismatch(f"trace of a {rows}×{cols} matrix")
    return Jet(np.array([[x.v.trace()]]), None if x.t is None else trace_batch(x.t))


def adjugate(x: Jet) -> Jet:
    det, inv = determinant(x), inverse(x)
    d = float(det.v[0, 0])
    return Jet(d * inv.v, add_tangents(None if det.t is None else det.t * inv.v, None if inv.t is None else d * inv.t))


def diag(x: Jet) -> Jet:
    rows, cols = x.v.shape
    if (rows, cols) == (1, 1):
        return x
    if 1 in (rows, cols):
        eye = np.eye(max(rows, cols))
        flat = x.v.reshape(-1)
        t = None if x.t is None else eye * x.t.reshape(x.t.shape[0], 1, -1)
        return Jet(eye * flat, t)
    if rows != cols:
        raise ShapeMismatch(f"diag of a {rows}×{cols} matrix")
    t = None if x.t is None else np.diagonal(x.t, axis1=-2, axis2=-1)[..., None]
    return Jet(np.diag(x.v)[:, None], t)


def vec(x: Jet) -> Jet:
    return Jet(x.v.reshape(-1, 1, order="F"), None if x.t is None else vec_batch(x.t)[..., None])


def softmax(x: Jet) -> Jet:
    """Softmax over a vector; over each column of a matrix."""
    if x.v.shape[0] == 1 and x.v.shape[1] > 1:
        out = softmax(Jet(x.v.T, None if x.t is None else x.t.swapaxes(-1, -2)))
        return Jet(out.v.T, None if out.t is None else out.t.swapaxes(-1, -2))
    z = np.exp(x.v - x.v.max(axis=0, keepdims=True))
    s = z / z.sum(axis=0, keepdims=True)
    t = None
    if x.t is not None:
        t = s * x.t - s * (s * x.t).sum(axis=-2, keepdims=True)
    return Jet(s, t)


def elementwise(x: Jet, name: str, prime: int) -> Jet:
    value = elementwise_derivative(name, prime)(x.v)
    t = None if x.t is None else elementwise_derivative(name, prime + 1)(x.v) * x.t
    return Jet(value, t)


def norm(x: Jet, kind: str) -> Jet:
    """‖x‖ (2-norm of a vector, Frobenius of a matrix), ‖·‖_F, ‖·‖_2, ‖·‖_1, ‖·‖_∞, ‖·‖_*."""
    matrix = not (1 in x.v.shape)
    if kind in ("", "F", "f", "fro") or (kind == "2" and not matrix):
        n = float(np.sqrt((x.v**2).sum()))
        if n == 0.0:
            raise IllConditioned("the norm of zero")
        t = None if x.t is None else (x.v * x.t).sum(axis=(-2, -1), keepdims=True) / n
        return Jet(np.array([[n]]), t)
    if kind in ("2", "*") and matrix:
        u, s, vt = np.linalg.svd(x.v)
        if kind == "2":
            t = None if x.t is None else (u[:, :1].T @ x.t @ vt[:1].T)
            return Jet(np.array([[s[0]]]), t)
        k = len(s)
        t = None if x.t is None else trace_batch(u[:, :k].T @ x.t @ vt[:k].T)
        return Jet(np.array([[s.sum()]]), t)
    if kind in ("1", "\\infty", "inf", "∞", "max"):
        a = np.abs(x.v)
        sign = np.sign(x.v)
        if not matrix:
            if kind == "1":
                return Jet(np.array([[a.sum()]]), None if x.t is None else np.sum(sign * x.t, axis=(-2, -1), keepdims=True))
            i = np.unravel_index(np.argmax(a), a.shape)
            return Jet(np.array([[a[i]]]), None if x.t is None else (sign[i] * x.t[:, i[0], i[1]])[:, None, None])
        axis = 0 if kind == "1" else 1  # 1: max column sum; ∞: max row sum
        sums = a.sum(axis=axis)
        j = int(np.argmax(sums))
        pick = (slice(None), j) if axis == 0 else (j, slice(None))
        t = None
        if x.t is not None:
            t = np.sum(sign[pick] * x.t[(slice(None),) + pick], axis=-1)[:, None, None]
        return Jet(np.array([[sums[j]]]), t)
    raise Unsupported(f"the norm ‖·‖_{kind}")


def exp_trace(x: Jet) -> Jet:
    """etr(X) = exp(tr X)."""
    tr = trace(x)
    value = np.exp(tr.v)
    return Jet(value, None if tr.t is None else value * tr.t)


MATRIX_FUNCTIONS = {
    "etr": exp_trace,
    "tr": trace,
    "det": determinant,
    "adj": adjugate,
    "diag": diag,
    "vec": vec,
    "softmax": softmax,
}

"""The numeric truth: a tree's value and exact differential on a random draw, and the true
derivatives of a note's functions (gradients, Jacobians, Hessians).

`evaluate` is the entry point: every node type but derivatives has its rule in
`notecheck.check.numeric.evaluator`; a derivative node needs the whole evaluation again
(its Jacobian is one forward-mode pass), so its rule lives here with the Jacobians.

A Jacobian is one forward-mode pass with a batch of tangents, one per basis direction of
the variable (3×4×5 sizes make that a few dozen), so it is exact to rounding. With
respect to a defined intermediate (`∂l/∂a_1` after `a_1 = W_1 x`), `a_1` becomes a leaf
holding its current value: l is differentiated through its own definitions, but a_1's
definition is not expanded, which is what the partial derivative means.

Second derivatives (Hessians, `d(∇f)`) are central differences of exact gradients:
their error is ~1e-10 relative, far inside the comparison tolerance.
"""

from __future__ import annotations

import math

import numpy as np

from notecheck.latex import expr as E
from notecheck.check.numeric.dependence import is_power_of_symbol
from notecheck.check.numeric.draw import Draw
from notecheck.check.numeric.entries import entry_position, member_index
from notecheck.check.numeric.errors import IllConditioned, Unsupported, copied, no_value
from notecheck.check.numeric.evaluator import Evaluator
from notecheck.check.numeric.kernels import FLOAT, Jet, unvec_batch, vec_batch
from notecheck.check.numeric.lazy import ZERO, Lazy, unknown_size
from notecheck.check.numeric.quiet import quietly
from notecheck.check.numeric.symbols import label
from notecheck.records import FrozenRecord

STEP = 1e-5  # relative step of the central differences for second derivatives


class Dual(FrozenRecord):
    """A value and its exact differential along the evaluation's direction (same shape)."""

    value: np.ndarray
    tangent: np.ndarray


class DerivativeEvaluator(Evaluator):
    """The evaluator with the rule for derivative nodes: `∂f/∂X` is the true derivative
    at the draw, and its differential a central difference of true derivatives."""

    def _Derivative(self, node: E.Derivative):
        draw = self.draw.pinned(self.env)  # inside `\\sum_i`, ∂l/∂a_{2,i} is by the member at this i
        value = derivative(node.f, node.wrt, draw, self.defs, self.layout, node.order, self.functions)
        if not self.tangents:  # nothing moves (most evaluations): an exact zero, as `tangent_of_derivative` says
            return Jet(value)
        depends = self.draw.memo.depends
        moving = {s: t for s, t in self.tangents.items() if depends(node.f, s, self.defs)}
        if moving and self.values_only and not self.differentials:
            return Jet(value, unread_tangent(value, draw, moving))
        tangent = tangent_of_derivative(node, draw, self.defs, moving, self.layout, self.functions)
        return Jet(value, tangent)

    def defined_derivative(self, fn: E.Symbol, head: E.Apply, arg: E.Expr) -> Jet:
        """`C'(a)` after `C(a) = ½(y - a)²`: the Jacobian of the body by its one argument,
        a number, at the value of `a`, exact like every derivative here. Its own differential
        (a second derivative) is worked out only where nothing reads it."""
        point = self.concrete(arg, "the argument of ", fn)
        if point.v.shape != (1, 1):
            raise Unsupported(f"the derivative {label(fn)} of a function of several variables")
        if point.t is not None and not (self.values_only and not self.differentials):
            raise Unsupported(f"the differential of {label(fn)}, a derivative of a defined function")
        parameter = head.args[0]
        draw = self.draw.with_values({parameter: point.v})
        value, jac, _ = jacobian(self.defs[head], parameter, draw, self.draw.memo.without(self.defs, parameter),
                                 self.functions)
        slope = jac[:, 0].reshape(value.shape, order="F")
        return Jet(slope, None if point.t is None else np.zeros((point.t.shape[0],) + slope.shape))


def evaluate_raw(expr: E.Expr, draw: Draw, defs=None, tangents=None, k: int = 1, layout="denominator", functions=None,
                 values_only: bool = False):
    """Evaluate to `Jet` or a sizeless `Lazy`; numeric faults become `IllConditioned`.
    Asked again with the same inputs in the same world, the answer is the remembered one
    (`notecheck.check.numeric.memo`). `values_only` when the caller reads the value and
    not its tangent (a claim's two sides): a derivative outside any differential then
    skips the central differences of its own tangent (`unread_tangent`)."""
    defs, tangents = defs or {}, tangents or {}
    expr = draw.memo.same(expr)
    key = draw.memo.key(expr, draw, defs, tangents, k, layout, functions, values_only)
    known = draw.memo.results.get(key)
    if known is not None:
        out, fault = known[1], known[2]
        if fault is not None:
            raise copied(fault)  # a copy: raised, the kept one would hold its traceback's frames
        return out
    keep = (expr, draw.values, draw.shapes, draw.properties, tuple(tangents))  # the memo keeps the definitions
    lanes = draw.memo.lanes
    if lanes is not None and not tangents:  # a claim in index notation: every value of its indices at once
        out = lanes.evaluated(expr, draw, defs, k, layout, functions, values_only, key)
        if out is not None:
            draw.memo.results[key] = (keep, out, None)
            return out
    try:
        out = evaluated(expr, draw, defs, tangents, k, layout, functions, values_only)
    except (Unsupported, IllConditioned) as fault:
        if not isinstance(fault.__cause__, RecursionError):  # kept without the frames that led here, which
            draw.memo.results[key] = (keep, None, copied(fault))  # hold the draw and its memo: a cycle
        raise
    draw.memo.results[key] = (keep, out, None)
    return out


def evaluated(expr: E.Expr, draw: Draw, defs: dict, tangents: dict, k: int, layout: str, functions,
              values_only: bool = False):
    """`evaluate_raw` without the memo: one walk of the tree."""
    evaluator = DerivativeEvaluator(draw, defs, tangents, k, layout, functions)
    evaluator.values_only = values_only
    try:
        out = quietly(evaluator.ev, expr)
    except np.linalg.LinAlgError as err:
        raise IllConditioned(f"linear algebra failed ({err})") from err
    except RecursionError as err:
        raise Unsupported("a formula nested too deeply") from err
    if type(out) is Jet and not (finite(out.v) and (out.t is None or finite(out.t))):
        raise IllConditioned("overflow (a value is not finite)")
    return out


def finite(a: np.ndarray) -> bool:
    """No inf or nan anywhere (a sum is finite only if every entry is, barring overflow).
    `np.add.reduce` is what `a.sum()` runs, without its Python wrapper (twice per evaluation).
    A single float (most values and many tangents: 16,000 of 26,000 per 100 notes) is its
    own sum and is read as it is: a numpy reduction costs ten times as much."""
    if a.size == 1 and a.dtype is FLOAT:
        return math.isfinite(a.item())
    return math.isfinite(float(np.add.reduce(a, axis=None)))


def batched(direction: dict | None) -> dict:
    """dX arrays (r, c) as k = 1 batched tangents (1, r, c)."""
    return {sym: np.asarray(d, dtype=float)[None] for sym, d in (direction or {}).items()}


def evaluate(
    expr: E.Expr,
    draw: Draw,
    defs: dict | None = None,
    direction: dict | None = None,
    layout: str = "denominator",
    functions: dict | None = None,
    shape: tuple[int, int] | None = None,
) -> Dual:
    """Value and exact differential of `expr` at `draw`, moving the symbols of `direction`
    (dX) and holding every other symbol constant.

    `defs` are the note's definitions in force, keyed by
      - a Symbol (`z = XWb`): the symbol evaluates through its definition, so its
        differential is right too; `f = f(X)` (an Apply of itself) is a random function;
      - an Apply head `f(x)` with Symbol parameters: `f(2t)` binds x to 2t;
      - `Func('sigma', ())` with value `σ(z)`: what a bare `σ` / `σ'` is applied to.
    `layout` orients derivative nodes; `functions` maps a name to what it means in this
    note ('sigma' -> 'sigmoid' | 'tanh' | 'relu' | 'softplus' | 'generic' | 'softmax';
    '±' -> '+' or '-', the reading of ± to evaluate). A result that is a sizeless
    `I`/`1`/`0` needs `shape` (or use `compare.claim_values`). Raises `Unsupported`
    (with a reason for the reader) or `IllConditioned` (draw again).
    """
    out = evaluate_raw(expr, draw, defs, batched(direction), 1, layout, functions)
    if isinstance(out, Lazy):
        if shape is None:
            raise unknown_size(out, "the result")
        out = Jet(*out.materialize(shape))
    tangent = np.zeros_like(out.v) if out.t is None else np.array(out.t[0])
    return Dual(out.v, tangent)


def value_of(expr: E.Expr, draw: Draw, defs: dict | None = None, layout: str = "denominator",
             functions: dict | None = None, sizeless: bool = False) -> np.ndarray | Lazy:
    """`evaluate(expr, draw, defs, None, layout, functions).value`, without making the zero
    tangent nobody reads (a derivative claim compares values only, on every draw). A
    sizeless `I`, `1` or `0` comes back as it is when `sizeless` (for `sized_as`)."""
    out = evaluate_raw(expr, draw, defs, None, 1, layout, functions)
    if isinstance(out, Lazy):
        if sizeless:
            return out
        raise unknown_size(out, "the result")
    return out.v


def sized_as(value: np.ndarray | Lazy, like: np.ndarray) -> np.ndarray:
    """A value as `value_of(…, sizeless=True)` gave it, a sizeless `I`, `1` or `0` made the
    shape of `like`, the value it is claimed equal to (`∂x/∂x = I`), or of its transpose,
    where one suits it."""
    if not isinstance(value, Lazy):
        return value
    shape = next((s for s in (like.shape, like.shape[::-1]) if value.suits(s)), None)
    if shape is None:
        raise unknown_size(value, "the result")
    return value.materialize(shape)[0]


def differentiated_shape(node: E.Derivative, draw: Draw, defs=None, functions=None) -> tuple[int, int]:
    """The shape of the function `node` differentiates, once `node` was evaluated at this
    draw with these definitions (`value_of`): that evaluation's Jacobian computed the
    function's value, and asked again here it is remembered (`memo`), where evaluating
    the function alone walked it once more. A Hessian's function is a scalar: `hessian`
    refuses any other (a gradient of the point's shape is one of a scalar)."""
    if node.order != 1:
        return (1, 1)
    return jacobian(node.f, node.wrt, draw, defs, functions)[0].shape


def jacobian(f: E.Expr, wrt: E.Expr, draw: Draw, defs=None, functions=None) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """(value of f, J, shape of wrt) with J[a, b] = ∂vec(f)_a / ∂vec(wrt)_b (column-major)."""
    defs = defs or {}
    f, wrt = draw.memo.same(f), draw.memo.same(wrt)
    if isinstance(wrt, E.Transpose) and isinstance(wrt.arg, E.Symbol):
        value, jac, (rows, cols) = jacobian(f, wrt.arg, draw, defs, functions)
        permuted = jac.reshape(jac.shape[0], cols, rows).transpose(0, 2, 1).reshape(jac.shape[0], -1)
        return value, permuted, (cols, rows)
    if isinstance(wrt, E.Index) and isinstance(wrt.arg, (E.Symbol, E.Transpose)):
        value, jac, shape = jacobian(f, wrt.arg, draw, defs, functions)  # ∂f/∂X_{ij}: one column of ∂f/∂X
        column = entry_position(wrt, draw.indices, shape)
        return value, jac[:, column:column + 1], (1, 1)
    if is_vec_of_symbol(wrt):
        value, jac, (rows, cols) = jacobian(f, wrt.args[0], draw, defs, functions)
        return value, jac, (rows * cols, 1)
    if is_power_of_symbol(wrt):  # ∂L/∂σ²: by v = σ², whose σ moves as dσ/dv = 1/(2σ)
        value, jac, shape = jacobian(f, wrt.base, draw, defs, functions)
        if shape != (1, 1):
            raise Unsupported("a derivative with respect to a power of a vector or a matrix")
        k = int(wrt.exp.value)
        return value, jac / (k * variable_value(wrt.base, draw, defs or {}, functions)[0, 0] ** (k - 1)), (1, 1)
    if not isinstance(wrt, E.Symbol):
        raise Unsupported("a derivative with respect to an expression, not a symbol")
    point = variable_value(wrt, draw, defs, functions)
    if member_index(wrt, draw.indices) is not None:  # the member a_{2,i} at the pinned i
        draw = draw.with_values({wrt: point})
    elif wrt in defs:
        draw = draw.with_values({wrt: point})
        defs = draw.memo.without(defs, wrt)
    rows, cols = point.shape
    n = point.size
    out = evaluate_raw(f, draw, defs, draw.memo.basis_tangents(wrt, rows, cols), n, "denominator", functions)
    if isinstance(out, Lazy):
        if out.kind != ZERO:
            raise unknown_size(out, "the differentiated function")
        raise Unsupported("the differentiated function is a zero of unknown size")
    jac = np.zeros((out.v.size, n)) if out.t is None else vec_batch(full_batch(out.t, (n,) + out.v.shape)).T
    return out.v, jac, (rows, cols)


def full_batch(t: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """`t` broadcast to `shape`, read-only like `np.broadcast_to`'s view; a tangent that
    already has that shape (the usual case) is only viewed, which costs a tenth as much."""
    if t.shape != shape:
        return np.broadcast_to(t, shape)
    out = t.view()
    out.flags.writeable = False
    return out


def is_vec_of_symbol(node: E.Expr) -> bool:
    """`vec(X)`: differentiating by it is differentiating by X, arranged as a column."""
    return isinstance(node, E.Func) and node.name == "vec" and len(node.args) == 1 and isinstance(node.args[0], E.Symbol)


def variable_value(wrt: E.Symbol, draw: Draw, defs: dict, functions=None) -> np.ndarray:
    """Where the variable stands: its drawn value, or its definition's value."""
    index = member_index(wrt, draw.indices)
    if index is not None and wrt not in defs and wrt in draw.shapes:
        return draw.member(wrt, index)
    if wrt in defs:
        out = evaluate_raw(defs[wrt], draw, draw.memo.without(defs, wrt), None, 1, "denominator", functions)
        if isinstance(out, Lazy):
            raise unknown_size(out, f"the definition of {label(wrt)}")
        return out.v
    value = draw.values.get(wrt)
    if value is not None:
        return value
    raise no_value(label(wrt))


def orient(value: np.ndarray, jac: np.ndarray, wrt_shape: tuple[int, int], layout: str) -> np.ndarray:
    """Arrange a Jacobian as the note writes the derivative.

    Scalar by matrix: denominator layout has the shape of X, numerator its transpose.
    Vector by vector: numerator is m×n (rows follow f), denominator n×m; but a row
    written on purpose fixes the orientation in either layout: `∂f/∂xᵀ` is the m×n
    Jacobian and `∂fᵀ/∂x` its n×m transpose. Matrix by scalar: numerator has the shape
    of F, denominator its transpose.
    """
    numerator = layout == "numerator"
    if value.shape == (1, 1):
        grad = unvec_batch(jac[0], *wrt_shape)
        return grad.T if numerator else grad
    if wrt_shape == (1, 1):
        d = unvec_batch(jac[:, 0], *value.shape)
        return d if numerator else d.T
    if 1 in value.shape and 1 in wrt_shape:
        f_row, x_row = value.shape[0] == 1, wrt_shape[0] == 1
        if f_row != x_row:
            return jac.T if f_row else jac
        return jac if numerator else jac.T
    raise Unsupported("the derivative of a matrix with respect to a matrix (a 4-index tensor)")


def gradient(f: E.Expr, wrt: E.Expr, draw: Draw, defs=None, functions=None) -> np.ndarray:
    """The exact gradient of `f` with respect to `wrt` in denominator layout (the shape of
    `wrt` for a scalar f; n×m for a vector f of size m and a vector of size n)."""
    return derivative(f, wrt, draw, defs, "denominator", 1, functions)


def derivative(f: E.Expr, wrt: E.Expr | None, draw: Draw, defs=None, layout: str = "denominator", order: int = 1, functions=None) -> np.ndarray:
    """∂f/∂wrt (order 1) or the Hessian ∂²f/∂x∂xᵀ (order 2, scalar f, vector x), oriented by `layout`."""
    if wrt is None:
        raise Unsupported("a gradient ∇f without the variable")
    if order == 1:
        value, jac, shape = jacobian(f, wrt, draw, defs, functions)
        if isinstance(wrt, E.Index) and min(value.shape) > 1:  # ∂Y/∂X_{ij}: Y's entries differentiated
            return unvec_batch(jac[:, 0], *value.shape)
        return orient(value, jac, shape, layout)
    if order == 2:
        return hessian(f, wrt, draw, defs, functions)
    raise Unsupported(f"a derivative of order {order}")


def hessian(f: E.Expr, wrt: E.Expr, draw: Draw, defs=None, functions=None) -> np.ndarray:
    """∂²f/∂x∂xᵀ of a scalar f by a vector x (or by `vec(X)`: then n×n with n the size
    of X), by central differences of exact gradients."""
    base = wrt.args[0] if is_vec_of_symbol(wrt) else wrt
    if not isinstance(base, E.Symbol):
        raise Unsupported("a Hessian with respect to an expression")
    defs = defs or {}
    point = variable_value(base, draw, defs, functions)
    if base in defs:
        defs = draw.memo.without(defs, base)
    if base is wrt and 1 not in point.shape:
        raise Unsupported("a Hessian with respect to a matrix (a 4-index tensor; write vec(X))")
    h = STEP * (1.0 + np.abs(point).max())
    columns = []
    for j in range(point.size):
        step = np.zeros(point.size)
        step[j] = h
        step = step.reshape(point.shape, order="F")
        plus = gradient(f, base, draw.with_values({base: point + step}), defs, functions)
        minus = gradient(f, base, draw.with_values({base: point - step}), defs, functions)
        if plus.shape != point.shape:
            raise Unsupported("a Hessian of a function that is not scalar")
        columns.append(((plus - minus) / (2 * h)).reshape(-1, order="F"))
    return np.array(columns).T


def tangent_of_derivative(node: E.Derivative, draw: Draw, defs, tangents: dict, layout: str, functions=None) -> np.ndarray | None:
    """d(∂f/∂X) along each of the evaluation's k directions, (k, r, c): central
    differences of exact derivatives."""
    if not tangents:
        return None
    refuse_intermediates(draw, tangents)
    scale = max(1.0, max(float(np.abs(draw.values[s]).max()) for s in tangents))
    h = STEP * scale
    k = next(iter(tangents.values())).shape[0]

    def at(j: int, sign: float) -> np.ndarray:
        shifted = draw.with_values({s: draw.values[s] + sign * h * t[j] for s, t in tangents.items()})
        return derivative(node.f, node.wrt, shifted, defs, layout, node.order, functions)

    return np.stack([(at(j, 1.0) - at(j, -1.0)) / (2 * h) for j in range(k)])


def refuse_intermediates(draw: Draw, tangents: dict) -> None:
    """A derivative's differential is taken along drawn variables only."""
    if any(s not in draw.values for s in tangents):
        raise Unsupported("the differential of a derivative along a defined intermediate")


def unread_tangent(value: np.ndarray, draw: Draw, tangents: dict) -> np.ndarray:
    """The tangent of a derivative node that nothing reads: the evaluation is of a claim's
    side, whose value alone is compared, and no differential encloses the node. Its 2k
    derivatives at shifted draws (`tangent_of_derivative`, ~6% of checking's CPU) are
    skipped; zeros of its shape stand in, not None (an exact zero), so that every rule
    above it takes the same branch as with the true tangent (`det` of a moving matrix
    checks its inverse), and a derivative along an intermediate is refused as before."""
    refuse_intermediates(draw, tangents)
    k = next(iter(tangents.values())).shape[0]
    return np.zeros((k,) + value.shape)

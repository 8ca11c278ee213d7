"""True derivatives of a note's functions: gradients, Jacobians and Hessians, exactly.

A Jacobian is one forward-mode pass with a batch of tangents, one per basis direction of
the variable (3×4×5 sizes make that a few dozen), so it is exact to rounding. With
respect to a defined intermediate (`∂l/∂a_1` after `a_1 = W_1 x`), `a_1` becomes a leaf
holding its current value: l is differentiated through its own definitions, but a_1's
definition is not expanded, which is what the partial derivative means.

Second derivatives (Hessians, `d(∇f)`) are central differences of exact gradients:
their error is ~1e-10 relative, far inside the comparison tolerance.
"""

from __future__ import annotations

import numpy as np

from notecheck.latex import expr as E
from notecheck.check.numeric.draw import Draw
from notecheck.check.numeric.errors import Unsupported
from notecheck.check.numeric.evaluate import evaluate_raw, label, unvec_batch, vec_batch
from notecheck.check.numeric.lazy import ZERO, Lazy, unknown_size

STEP = 1e-5  # relative step of the central differences for second derivatives


def jacobian(f: E.Expr, wrt: E.Expr, draw: Draw, defs=None, functions=None) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """(value of f, J, shape of wrt) with J[a, b] = ∂vec(f)_a / ∂vec(wrt)_b (column-major)."""
    defs = dict(defs or {})
    if isinstance(wrt, E.Transpose) and isinstance(wrt.arg, E.Symbol):
        value, jac, (rows, cols) = jacobian(f, wrt.arg, draw, defs, functions)
        permuted = jac.reshape(jac.shape[0], cols, rows).transpose(0, 2, 1).reshape(jac.shape[0], -1)
        return value, permuted, (cols, rows)
    if is_vec_of_symbol(wrt):
        value, jac, (rows, cols) = jacobian(f, wrt.args[0], draw, defs, functions)
        return value, jac, (rows * cols, 1)
    if not isinstance(wrt, E.Symbol):
        raise Unsupported("a derivative with respect to an expression, not a symbol")
    point = variable_value(wrt, draw, defs, functions)
    if wrt in defs:
        draw = draw.with_values({wrt: point})
        del defs[wrt]
    rows, cols = point.shape
    n = point.size
    basis = unvec_batch(np.eye(n), rows, cols)
    out = evaluate_raw(f, draw, defs, {wrt: basis}, n, "denominator", functions)
    if isinstance(out, Lazy):
        if out.kind != ZERO:
            raise unknown_size(out, "the differentiated function")
        raise Unsupported("the differentiated function is a zero of unknown size")
    jac = np.zeros((out.v.size, n)) if out.t is None else vec_batch(np.broadcast_to(out.t, (n,) + out.v.shape)).T
    return out.v, jac, (rows, cols)


def is_vec_of_symbol(node: E.Expr) -> bool:
    """`vec(X)`: differentiating by it is differentiating by X, arranged as a column."""
    return isinstance(node, E.Func) and node.name == "vec" and len(node.args) == 1 and isinstance(node.args[0], E.Symbol)


def variable_value(wrt: E.Symbol, draw: Draw, defs: dict, functions=None) -> np.ndarray:
    """Where the variable stands: its drawn value, or its definition's value."""
    if wrt in defs:
        rest = {s: d for s, d in defs.items() if s != wrt}
        out = evaluate_raw(defs[wrt], draw, rest, None, 1, "denominator", functions)
        if isinstance(out, Lazy):
            raise unknown_size(out, f"the definition of {label(wrt)}")
        return out.v
    if wrt in draw.values:
        return draw.values[wrt]
    raise Unsupported(f"no value for {label(wrt)} (unknown shape)")


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
    defs = dict(defs or {})
    point = variable_value(base, draw, defs, functions)
    defs.pop(base, None)
    if base is wrt and 1 not in point.shape:
        raise Unsupported("a Hessian with respect to a matrix (a 4-index tensor; write vec(X))")
    h = STEP * (1.0 + np.max(np.abs(point)))
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
    if any(s not in draw.values for s in tangents):
        raise Unsupported("the differential of a derivative along a defined intermediate")
    scale = max(1.0, max(float(np.max(np.abs(draw.values[s]))) for s in tangents))
    h = STEP * scale
    k = next(iter(tangents.values())).shape[0]

    def at(j: int, sign: float) -> np.ndarray:
        shifted = draw.with_values({s: draw.values[s] + sign * h * t[j] for s, t in tangents.items()})
        return derivative(node.f, node.wrt, shifted, defs, layout, node.order, functions)

    return np.stack([(at(j, 1.0) - at(j, -1.0)) / (2 * h) for j in range(k)])


def depends_on(f: E.Expr, sym: E.Symbol, defs=None) -> bool:
    """Whether `f` mentions `sym`, directly or through the definitions in force.

    Structural, so "f does not depend on Y" (`∂f/∂Y` when f is built without Y) can be
    said before any numbers are drawn.
    """
    defs = defs or {}
    seen: set = set()
    stack = [f]
    while stack:
        node = stack.pop()
        for sub in E.walk(node):
            if sub == sym:
                return True
            for key in definition_keys(sub, defs):
                if key not in seen:
                    seen.add(key)
                    stack.append(defs[key])
    return False


def definition_keys(node: E.Expr, defs: dict) -> list[E.Expr]:
    """The keys of `defs` that define `node`: the symbol; for `f(a)` the symbol f and any
    head `f(x)`; for a bare `σ'` the key `Func('sigma', ())`."""
    if isinstance(node, E.Apply):
        keys = [k for k in defs if isinstance(k, E.Apply) and k.fn == node.fn]
        return keys + ([node.fn] if node.fn in defs else [])
    if isinstance(node, E.Func) and not node.args:
        key = E.Func(node.name, ())
        return [key] if key in defs else []
    return [node] if isinstance(node, E.Symbol) and node in defs else []

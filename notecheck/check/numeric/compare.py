"""Whether two expressions are equal: numerically, over several independent random draws.

A claim is `verified` when both sides agree on every draw, `failed` when they clearly
differ, and `unverified` (with the reason) when they cannot be evaluated. A draw that is
ill-conditioned (a near-singular inverse, the log of a negative number, a difference
too close to the tolerance to call) is drawn again rather than counted: bad luck of the
random values must never make a right claim fail.
"""

from __future__ import annotations

import math

import numpy as np

from notecheck.latex import expr as E
from notecheck.check.numeric.domain import positive_symbols
from notecheck.check.numeric.draw import draw as make_draw
from notecheck.check.numeric.errors import IllConditioned, ShapeMismatch, Unsupported
from notecheck.check.numeric.evaluate import batched, evaluate_raw
from notecheck.check.numeric.kernels import FLOAT, shape_text
from notecheck.check.numeric.lazy import Lazy
from notecheck.records import Record
from notecheck.result import FAILED, UNVERIFIED, VERIFIED

RTOL = 1e-6
ATOL = 1e-9
CLEARLY_DIFFERENT = 1e-3  # relative differences between RTOL and this are re-drawn
MAX_ATTEMPTS_PER_DRAW = 4


class Outcome(Record):
    """The numeric verdict on `lhs = rhs`.

    `error` is the largest relative difference seen; `lhs`/`rhs` are the values on the
    deciding draw (for a diagnosis such as "transposed" or "scaled by 2"); `draws` is how
    many draws were compared.
    """

    verdict: str
    reason: str = ""
    error: float = 0.0
    draws: int = 0
    lhs: np.ndarray | None = None
    rhs: np.ndarray | None = None
    shape_mismatch: bool = False  # failed because operands or sides cannot have one shape


def relative_error(a: np.ndarray, b: np.ndarray, atol: float = ATOL) -> float:
    """‖a − b‖ relative to the larger of ‖a‖, ‖b‖ (Frobenius), with `atol` as a floor.

    Scale-aware: a draw whose values are large (an ill-conditioned inverse) gets a
    proportionally larger allowance.
    """
    if a.shape != b.shape:
        return float("inf")
    scale = max(frobenius(a), frobenius(b))
    diff = frobenius(a - b)
    return 0.0 if diff <= atol else diff / max(scale, atol)


def frobenius(x: np.ndarray) -> float:
    """`float(np.linalg.norm(x))`, the very same float (√ of the same dot product), without
    its checks of the arguments, which cost more than the norm of a small array. (Any other
    dtype goes to `norm`; testing the dtype by identity costs half of comparing it.)"""
    if x.dtype is not FLOAT:
        return float(np.linalg.norm(x))
    flat = x.ravel(order="K")
    return math.sqrt(float(flat.dot(flat)))


def as_matrix(a) -> np.ndarray:
    """`np.atleast_2d(np.asarray(a, dtype=float))`, the very array when it already is a
    float matrix (what every comparison compares) without the two calls' checks."""
    if type(a) is np.ndarray and a.ndim == 2 and a.dtype is FLOAT:
        return a
    return np.atleast_2d(np.asarray(a, dtype=float))


def close(a, b, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """Equal up to rounding: the one rule every comparison of values uses (verdicts,
    diagnoses, the deriver's check). ‖a − b‖ relative to the larger norm, with `atol` as
    a floor (`relative_error`); a literal 0 (1×1) is a zero of any shape (`∂l/∂w = 0`)."""
    a, b = as_matrix(a), as_matrix(b)
    if a.shape != b.shape:
        if a.shape == (1, 1) and a[0, 0] == 0:
            a = np.zeros_like(b)
        elif b.shape == (1, 1) and b[0, 0] == 0:
            b = np.zeros_like(a)
    return relative_error(a, b, atol) <= rtol


def needs_direction(exprs) -> bool:
    return any(isinstance(node, E.Differential) for e in exprs for node in E.walk(e))


def concrete_pair(a, b) -> tuple[np.ndarray, np.ndarray]:
    """Both sides as arrays: a sizeless I/1/0 takes the other side's shape; a literal
    0 stands for a zero of any shape (`∇f = 0`)."""
    if isinstance(a, Lazy) and isinstance(b, Lazy):
        if a.kind == b.kind and a.transposed == b.transposed:
            return np.array([[a.scale]]), np.array([[b.scale]])
        raise Unsupported("both sides are constants of unknown size")
    if isinstance(a, Lazy):
        return a.materialize(b.v.shape)[0], b.v
    if isinstance(b, Lazy):
        return a.v, b.materialize(a.v.shape)[0]
    if a.v.shape != b.v.shape:
        if b.v.shape == (1, 1) and b.v[0, 0] == 0.0:
            return a.v, np.zeros_like(a.v)
        if a.v.shape == (1, 1) and a.v[0, 0] == 0.0:
            return np.zeros_like(b.v), b.v
    return a.v, b.v


def claim_values(lhs: E.Expr, rhs: E.Expr, draw, defs=None, direction=None, layout: str = "denominator",
                 functions=None) -> tuple[np.ndarray, np.ndarray]:
    """Both sides of `lhs = rhs` at one draw, comparable: a sizeless `I`, `\\mathbf{1}`
    or `\\mathbf{0}` takes the other side's shape (`XX^{-1} = I`, `da = 0`), a literal 0
    stands for a zero of the other side's shape. Raises like `evaluate`."""
    tangents = batched(direction)
    a = evaluate_raw(lhs, draw, defs, tangents, 1, layout, functions, values_only=True)
    b = evaluate_raw(rhs, draw, defs, tangents, 1, layout, functions, values_only=True)
    return concrete_pair(a, b)


def equal_claim(
    lhs: E.Expr,
    rhs: E.Expr,
    shapes: dict,
    properties: dict | None = None,
    defs: dict | None = None,
    variables=None,
    draws: int = 3,
    seed: int = 0,
    sizes: dict | None = None,
    functions: dict | None = None,
    layout: str = "denominator",
    rtol: float = RTOL,
) -> Outcome:
    """Check `lhs = rhs` on `draws` independent draws of the symbols in `shapes`.

    `variables` are the symbols that move (get a random dX) in differentials; default
    every symbol that is not defined. Other symbols are constants (zero differential).
    `layout` orients derivative nodes. A claim with `±` must hold reading it as plus and
    as minus. When no draw is in the domain (`\\log(u/c)`), the symbols under the log
    are drawn positive, as the note must mean them. Never raises for a note's content: what cannot be evaluated is
    `unverified` with the reason.
    """
    defs = defs or {}
    outcome = equal_readings(lhs, rhs, shapes, properties, defs, variables, draws, seed, sizes, functions, layout, rtol)
    if outcome.verdict == UNVERIFIED and "non-positive" in outcome.reason:
        positive = positive_symbols([lhs, rhs], defs) & set(shapes)
        if positive:
            properties = {**(properties or {})}
            for sym in positive:
                properties[sym] = properties.get(sym, frozenset()) | {"positive"}
            return equal_readings(lhs, rhs, shapes, properties, defs, variables, draws, seed, sizes, functions, layout, rtol)
    return outcome


def equal_readings(lhs, rhs, shapes, properties, defs, variables, draws, seed, sizes, functions, layout, rtol) -> Outcome:
    """`equal_claim` over both readings of `±` (if there is one)."""
    trees = [lhs, rhs, *defs.values()]
    if not any(isinstance(n, E.Func) and n.name == "pm" for t in trees for n in E.walk(t)):
        return equal_on_draws(lhs, rhs, shapes, properties, defs, variables, draws, seed, sizes, functions, layout, rtol)
    outcomes = {}
    for sign in "+-":
        reading = {**(functions or {}), "±": sign}
        outcomes[sign] = equal_on_draws(lhs, rhs, shapes, properties, defs, variables, draws, seed, sizes, reading, layout, rtol)
    for sign, word in (("+", "plus"), ("-", "minus")):
        if outcomes[sign].verdict != VERIFIED:
            outcome = outcomes[sign]
            outcome.reason = f"reading ± as {word}: {outcome.reason}"
            return outcome
    return outcomes["+"]


def equal_on_draws(lhs, rhs, shapes, properties, defs, variables, draws, seed, sizes, functions, layout, rtol) -> Outcome:
    """`equal_claim` for one reading of the note's functions."""
    rng = np.random.default_rng(seed)
    moving = needs_direction([lhs, rhs, *defs.values()])
    chosen = None if variables is None else list(variables)
    good, worst, unlucky = 0, 0.0, []
    last = (None, None)
    for _ in range(draws * MAX_ATTEMPTS_PER_DRAW):
        world = make_draw(shapes, properties, rng, sizes)
        direction = None
        if moving:
            candidates = chosen if chosen is not None else [s for s in world.values if s not in defs]
            direction = batched(world.direction(candidates))
        try:
            a = evaluate_raw(lhs, world, defs, direction, 1, layout, functions)
            b = evaluate_raw(rhs, world, defs, direction, 1, layout, functions)
            left, right = concrete_pair(a, b)
        except IllConditioned as err:
            unlucky.append(err.reason)
            continue
        except ShapeMismatch as err:
            return Outcome(FAILED, f"shapes do not fit: {err.reason}", float("inf"), good, shape_mismatch=True)
        except Unsupported as err:
            return Outcome(UNVERIFIED, err.reason, draws=good)
        last = (left, right)
        if left.shape != right.shape:
            reason = f"the sides differ in shape ({shape_text(left)} vs {shape_text(right)})"
            return Outcome(FAILED, reason, float("inf"), good + 1, left, right, shape_mismatch=True)
        error = relative_error(left, right)
        if error > CLEARLY_DIFFERENT:
            return Outcome(FAILED, f"the sides differ (relative difference {error:.3g})", error, good + 1, left, right)
        if error > rtol:
            unlucky.append(f"a difference of {error:.1e}, too close to call")
            continue
        worst = max(worst, error)
        good += 1
        if good == draws:
            return Outcome(VERIFIED, "", worst, good, *last)
    reason = unlucky[-1] if unlucky else "no usable draw"
    return Outcome(UNVERIFIED, f"numerically unstable: {reason}", worst, good, *last)


"""Property: on random scalar functions of a matrix, built from every operation the
deriver supports, the symbolic gradient equals the exact numeric one.

Functions are random trees over X (3x4, the variable) and constants of every shape
needed, through products, sums, transposes, Hadamard products, scalings (by numbers
and by scalar functions of X), elementwise
functions, well-conditioned inverses, traces, determinants, log-determinants, norms,
softmax, inner products and Kronecker products.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notecheck.check.derive import gradient, verified_gradient
from notecheck.latex.expr import (
    Add, Bars, Func, Hadamard, Inner, Inverse, Kron, Mul, Neg, Norm, Number, Power, Symbol, Transpose,
)

X = Symbol("X")
CONSTANTS = {
    (3, 3): Symbol("B"),
    (3, 4): Symbol("P"),
    (4, 3): Symbol("Q"),
    (4, 4): Symbol("C"),
    (3, 1): Symbol("u", font="bold"),
    (4, 1): Symbol("v", font="bold"),
    (1, 3): Transpose(Symbol("u", font="bold")),
    (1, 4): Transpose(Symbol("v", font="bold")),
}
SPD = {3: Symbol("S", sub="3"), 4: Symbol("S", sub="4")}
SHAPES = {
    X: (3, 4),
    Symbol("B"): (3, 3),
    Symbol("P"): (3, 4),
    Symbol("Q"): (4, 3),
    Symbol("C"): (4, 4),
    Symbol("u", font="bold"): (3, 1),
    Symbol("v", font="bold"): (4, 1),
    SPD[3]: (3, 3),
    SPD[4]: (4, 4),
}
PROPERTIES = {SPD[3]: frozenset({"spd"}), SPD[4]: frozenset({"spd"})}
ELEMENTWISE = ("sin", "cos", "tanh", "sigma", "exp")


def leaf(shape):
    options = [CONSTANTS[shape]] if shape in CONSTANTS else []
    if shape == (3, 4):
        options.append(X)
    if shape == (4, 3):
        options.append(Transpose(X))
    return st.sampled_from(options) if options else None


@st.composite
def matrix(draw, shape, depth):
    """A random expression of `shape` that mentions X somewhere (most of the time)."""
    rows, cols = shape
    base = leaf(shape)
    if depth <= 0 and base is not None:
        return draw(base)
    kinds = ["product", "transpose", "sum", "hadamard", "scale", "elementwise", "neg", "scalar_times"]
    if rows == cols:
        kinds.append("inverse")
    if base is not None:
        kinds += ["leaf", "leaf"]
    kind = draw(st.sampled_from(kinds))
    below = depth - 1
    if kind == "leaf" or (depth <= 0 and kind != "product"):
        if base is None:
            inner = draw(st.sampled_from([3, 4]))
            return Mul((draw(matrix((rows, inner), 0)), draw(matrix((inner, cols), 0))))
        return draw(base)
    if kind == "product":
        inner = draw(st.sampled_from([3, 4]))
        return Mul((draw(matrix((rows, inner), below)), draw(matrix((inner, cols), below))))
    if kind == "transpose":
        return Transpose(draw(matrix((cols, rows), below)))
    if kind == "sum":
        return Add((draw(matrix(shape, below)), draw(matrix(shape, below))))
    if kind == "hadamard":
        return Hadamard((draw(matrix(shape, below)), draw(matrix(shape, below))))
    if kind == "scale":
        return Mul((Number(Fraction(draw(st.sampled_from([2, 3, -1])), draw(st.sampled_from([1, 2])))), draw(matrix(shape, below))))
    if kind == "neg":
        return Neg(draw(matrix(shape, below)))
    if kind == "scalar_times":  # a scalar function of X scaling a matrix: u^T M v · N
        inner = draw(matrix((3, 4), below))
        weight = Func("cos", (Mul((Number(Fraction(1, 3)), CONSTANTS[(1, 3)], inner, CONSTANTS[(4, 1)])),))
        return Mul((weight, draw(matrix(shape, below))))
    if kind == "elementwise":
        return Func(draw(st.sampled_from(ELEMENTWISE)), (Mul((Number(Fraction(1, 4)), draw(matrix(shape, below)))),))
    # a well-conditioned inverse: SPD plus a PSD term
    z = draw(matrix((rows, draw(st.sampled_from([3, 4]))), below))
    return Inverse(Add((SPD[rows], Mul((Number(Fraction(1, 10)), z, Transpose(z))))))


@st.composite
def scalar(draw):
    """A random scalar function of X."""
    shape = draw(st.sampled_from([(3, 4), (3, 3), (4, 4), (3, 1), (4, 1)]))
    m = draw(matrix(shape, draw(st.integers(2, 4))))
    rows, cols = shape
    forms = ["bilinear", "frobenius", "inner", "scaled"]
    if rows == cols:
        forms += ["trace", "logdet", "det", "kron"]
    if cols == 1:
        forms += ["norm", "softmax"]
    form = draw(st.sampled_from(forms))
    left, right = CONSTANTS.get((1, rows)) or Transpose(CONSTANTS[(rows, 1)]), CONSTANTS.get((cols, 1))
    if form == "bilinear":
        return Mul((left, m, right)) if cols > 1 else Mul((left, m))
    if form == "frobenius":
        return Power(Norm(m, "F"), Number(Fraction(2)))
    if form == "inner":
        return Inner(CONSTANTS.get(shape) or CONSTANTS[(rows, 1)], m)
    if form == "scaled":
        inner = Mul((left, m, right)) if cols > 1 else Mul((left, m))
        return Func(draw(st.sampled_from(["sin", "cos", "tanh"])), (Mul((Number(Fraction(1, 3)), inner)),))
    if form == "trace":
        return Func("tr", (m,))
    if form == "logdet":
        return Func("log", (Bars(Add((SPD[rows], Mul((Number(Fraction(1, 10)), m, Transpose(m)))))),))
    if form == "det":
        return Bars(Add((SPD[rows], Mul((Number(Fraction(1, 10)), m)))))
    if form == "kron":
        return Func("tr", (Kron((m, CONSTANTS[(3, 3)])),))
    if form == "norm":
        return Norm(Add((m, CONSTANTS[(rows, 1)])))
    return Mul((left, Func("softmax", (m,))))


def worlds(count=2, seed=3):
    from notecheck.check.numeric.draw import draw

    rng = np.random.default_rng(seed)
    return [draw(SHAPES, PROPERTIES, rng) for _ in range(count)]


WORLDS = worlds()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scalar())
def test_symbolic_gradient_equals_the_numeric_one(f):
    from notecheck.check.numeric.compare import close
    from notecheck.check.numeric.errors import IllConditioned
    from notecheck.check.numeric.evaluate import evaluate
    from notecheck.check.numeric.evaluate import gradient as numeric_gradient

    derived = gradient(f, X, shape_of=SHAPES.get, properties=PROPERTIES)
    for world in WORLDS:
        try:
            truth = numeric_gradient(f, X, world)
            value = evaluate(derived, world, shape=truth.shape).value
        except IllConditioned:
            continue
        assert value.shape == (3, 4)
        assert close(truth, value, rtol=1e-6), f"{f!r}\n->\n{derived!r}"


@settings(max_examples=40, deadline=None)
@given(scalar())
def test_verified_gradient_never_refuses_a_correct_derivation(f):
    from notecheck.check.numeric.errors import IllConditioned, Unsupported
    from notecheck.check.numeric.evaluate import gradient as numeric_gradient

    try:
        assert verified_gradient(f, X, None, SHAPES.get, PROPERTIES, WORLDS) is not None
    except Unsupported:  # only when no draw can be evaluated at all (the norm of a zero vector)
        for world in WORLDS:
            try:
                numeric_gradient(f, X, world)
            except IllConditioned:
                continue
            raise


Z = Symbol("Z")


@st.composite
def through_definition(draw):
    """A scalar function of an intermediate Z = g(X) (3x4), the way notes define z = XWb."""
    from notecheck.check.derive import substitute

    f = draw(scalar())
    g = draw(matrix((3, 4), draw(st.integers(1, 2))))
    return substitute(f, {X: Z}), {Z: g}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(through_definition(), st.sampled_from([True, False, "auto"]))
def test_gradients_through_intermediate_definitions(case, expand):
    from notecheck.check.numeric.compare import close
    from notecheck.check.numeric.errors import IllConditioned
    from notecheck.check.numeric.evaluate import evaluate
    from notecheck.check.numeric.evaluate import gradient as numeric_gradient

    f, defs = case
    shapes = {**SHAPES, Z: (3, 4)}
    derived = gradient(f, X, defs, shapes.get, PROPERTIES, expand=expand)
    for world in WORLDS:
        try:
            truth = numeric_gradient(f, X, world, defs)
            value = evaluate(derived, world, defs, shape=truth.shape).value
        except IllConditioned:
            continue
        assert close(truth, value, rtol=1e-6), f"{f!r}\n{defs!r}\n->\n{derived!r}"

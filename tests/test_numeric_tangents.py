"""Every forward-mode rule agrees with a finite difference: the exact differentials the
checker trusts are what a careful numerical derivative measures, for each kind of node."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from notecheck.latex.expr import (
    Add, Apply, Bars, Div, Dot, Func, Hadamard, Identity, Inner, Inverse, Kron, Matrix, Mul, Neg,
    Norm, Number, Ones, Power, Sum, Symbol, Transpose,
)
from notecheck.check.numeric.draw import draw
from notecheck.check.numeric.evaluate import evaluate

X, Y, S = Symbol("X"), Symbol("Y"), Symbol("S")  # X 3×3, Y 3×2, S 3×3 symmetric positive definite
x, y = Symbol("x", font="bold"), Symbol("y", font="bold")  # 3×1
t = Symbol("t")  # scalar
SHAPES = {X: (3, 3), Y: (3, 2), S: (3, 3), x: (3, 1), y: (3, 1), t: (1, 1), Symbol("u"): (2, 1)}
PROPS = {S: frozenset({"spd"}), X: frozenset({"invertible"})}


def num(v):
    return Number(Fraction(v))


CASES = {
    "sum with scalar": Add((X, t, Neg(Transpose(X)))),
    "product chain": Mul((Transpose(Y), X, Y)),
    "scaling": Mul((t, X, t)),
    "inner dot": Dot(x, y),
    "hadamard": Hadamard((X, X, Transpose(X))),
    "kronecker": Kron((X, Y)),
    "division": Div(X, Add((num(2), Mul((t, t))))),
    "scalar power": Power(Add((num(3), Mul((t, t)))), num(Fraction(3, 2))),
    "matrix power": Power(X, num(3)),
    "negative matrix power": Power(X, num(-2)),
    "inverse": Inverse(Add((X, Identity()))),
    "determinant": Bars(X),
    "absolute value": Bars(Add((t, num(5)))),
    "frobenius norm": Norm(Y),
    "spectral norm": Norm(Y, "2"),
    "nuclear norm": Norm(Y, "*"),
    "one norm": Norm(x, "1"),
    "trace": Func("tr", (Mul((X, X)),)),
    "log det": Func("log", (Bars(S),)),
    "exp": Func("exp", (Y,)),
    "sin cos": Hadamard((Func("sin", (X,)), Func("cos", (X,)))),
    "tanh": Func("tanh", (Y,)),
    "tan": Func("tan", (Mul((num(Fraction(1, 10)), X)),)),
    "sigmoid and its derivative": Hadamard((Func("sigma", (Y,)), Func("sigma", (Y,), prime=1))),
    "sigma second derivative": Func("sigma", (Y,), prime=2),
    "sqrt": Func("sqrt", (Add((num(4), Hadamard((Y, Y)))),)),
    "softplus": Func("softplus", (Y,)),
    "softmax vector": Func("softmax", (x,)),
    "softmax columns": Func("softmax", (Y,)),
    "softmax row": Func("softmax", (Transpose(x),)),
    "diag of vector": Func("diag", (x,)),
    "diag of matrix": Func("diag", (Mul((X, X)),)),
    "vec": Func("vec", (Mul((X, Y)),)),
    "adjugate": Func("adj", (X,)),
    "exp trace": Func("etr", (Mul((num(Fraction(1, 4)), X)),)),
    "inner frobenius": Inner(Y, Mul((X, Y))),
    "explicit blocks": Matrix(((X, Y), (Transpose(Y), Mul((t, Identity(size="2")))))),
    "ones product": Mul((Transpose(Ones()), X, Ones())),
    "sum over index": Sum(Mul((Symbol("i"), X)), index="i", lower=num(1), upper=num(3)),
    "abstract function": Apply(Symbol("u"), (X, t)),
    "abstract derivative": Apply(Symbol("g", prime=1), (t,)),
}


def finite_difference(expr, world, direction, h=1e-6):
    def at(sign):
        moved = world.with_values({s: world.values[s] + sign * h * d for s, d in direction.items()})
        return evaluate(expr, moved).value

    return (at(1.0) - at(-1.0)) / (2 * h)


@pytest.mark.parametrize("name", sorted(CASES))
def test_exact_differential_matches_a_finite_difference(name):
    expr = CASES[name]
    world = draw(SHAPES, PROPS, np.random.default_rng(3))
    direction = world.direction()
    exact = evaluate(expr, world, direction=direction).tangent
    approx = finite_difference(expr, world, direction)
    scale = max(1.0, float(np.abs(approx).max()))
    assert exact.shape == approx.shape
    assert np.abs(exact - approx).max() <= 1e-5 * scale, (exact, approx)
    assert np.abs(exact).max() > 0  # every case moves, so a zero tangent would be a bug

"""Worked examples in the seeds' style, parsed from LaTeX: every right result is verified
numerically, and one-edit breaks of it (a transpose dropped or added, the sign flipped,
the scale changed, two factors swapped) are caught."""

from __future__ import annotations

from dataclasses import fields, replace
from fractions import Fraction

import numpy as np
import pytest

from notecheck.latex.expr import Expr, Mul, Neg, Number, Symbol, Transpose
from notecheck.check.numeric.compare import equal_claim
from notecheck.check.numeric.draw import draw
from notecheck.check.numeric.errors import IllConditioned, Unsupported
from notecheck.check.numeric.evaluate import evaluate
from notecheck.latex import parse
from notecheck.result import FAILED, VERIFIED


def bold(name, sub=None):
    return Symbol(name, font="bold", sub=sub)


def sides(latex: str) -> tuple[Expr, Expr]:
    chain = parse(latex).statements[0]
    return chain.items[0], chain.items[-1]


def definitions(*latex: str) -> dict:
    return dict(sides(text) for text in latex)


a, b, c, w, x, y = (bold(n) for n in "abcwxy")
A, B, C, D, M, W, X, Y = (Symbol(n) for n in "ABCDMWXY")
W1, W2 = Symbol("W", sub="1"), Symbol("W", sub="2")
Sigma = Symbol("Sigma")

EXAMPLES = {
    "bilinear": (
        {a: (3, 1), X: (3, 4), b: (4, 1)}, {},
        [r"f = \boldsymbol{a}^T X\boldsymbol{b}"],
        r"\frac{\partial f}{\partial X} = \boldsymbol{a}\boldsymbol{b}^T",
    ),
    "exp": (
        {a: (3, 1), X: (3, 4), b: (4, 1)}, {},
        [r"f = \boldsymbol{a}^T\exp(X\boldsymbol{b})"],
        r"\frac{\partial f}{\partial X} = (\boldsymbol{a}\odot\exp(X\boldsymbol{b}))\boldsymbol{b}^T",
    ),
    "quadratic trace": (
        {Y: (4, 3), M: (4, 4)}, {M: frozenset({"symmetric"})},
        [r"f = \text{tr}(Y^TMY)"],
        r"\frac{\partial f}{\partial Y} = 2MY",
    ),
    "softmax cross-entropy": (
        {W: (3, 4), x: (4, 1), y: (3, 1)}, {y: frozenset({"onehot"})},
        [r"l = -\boldsymbol{y}^T\log\frac{\exp(W\boldsymbol{x})}{\boldsymbol{1}^T\exp(W\boldsymbol{x})}"],
        r"\frac{\partial l}{\partial W} = (\text{softmax}(W\boldsymbol{x})-\boldsymbol{y})\boldsymbol{x}^T",
    ),
    "backprop": (
        {W1: (5, 4), W2: (3, 5), x: (4, 1), y: (3, 1)}, {y: frozenset({"onehot"})},
        [
            r"\boldsymbol{a}_1 = W_1\boldsymbol{x}",
            r"\boldsymbol{h}_1 = \sigma(\boldsymbol{a}_1)",
            r"\boldsymbol{a}_2 = W_2\boldsymbol{h}_1",
            r"l = -\boldsymbol{y}^T\log\text{softmax}(\boldsymbol{a}_2)",
        ],
        r"\frac{\partial l}{\partial W_1} = [W_2^T(\text{softmax}(\boldsymbol{a}_2)-\boldsymbol{y})\odot\sigma'(\boldsymbol{a}_1)]\boldsymbol{x}^T",
    ),
    "backprop intermediate": (
        {W1: (5, 4), W2: (3, 5), x: (4, 1), y: (3, 1)}, {y: frozenset({"onehot"})},
        [
            r"\boldsymbol{a}_1 = W_1\boldsymbol{x}",
            r"\boldsymbol{h}_1 = \sigma(\boldsymbol{a}_1)",
            r"\boldsymbol{a}_2 = W_2\boldsymbol{h}_1",
            r"l = -\boldsymbol{y}^T\log\text{softmax}(\boldsymbol{a}_2)",
        ],
        r"\frac{\partial l}{\partial \boldsymbol{a}_1} = W_2^T(\text{softmax}(\boldsymbol{a}_2)-\boldsymbol{y})\odot\sigma'(\boldsymbol{a}_1)",
    ),
    "least squares": (
        {X: (5, 3), w: (3, 1), y: (5, 1)}, {},
        [r"l = \|X\boldsymbol{w}-\boldsymbol{y}\|^2"],
        r"\frac{\partial l}{\partial \boldsymbol{w}} = 2X^T(X\boldsymbol{w}-\boldsymbol{y})",
    ),
    "gaussian mle": (
        {bold("x", "i"): (3, 1), Sigma: (3, 3)}, {Sigma: frozenset({"spd"})},
        [
            r"\bar{\boldsymbol{x}} = \frac{1}{N}\sum_{i=1}^N \boldsymbol{x}_i",
            r"S = \frac{1}{N}\sum_{i=1}^N (\boldsymbol{x}_i-\bar{\boldsymbol{x}})(\boldsymbol{x}_i-\bar{\boldsymbol{x}})^T",
            r"l = \log|\Sigma| + \frac{1}{N}\sum_{i=1}^N (\boldsymbol{x}_i-\bar{\boldsymbol{x}})^T\Sigma^{-1}(\boldsymbol{x}_i-\bar{\boldsymbol{x}})",
        ],
        r"\frac{\partial l}{\partial \Sigma} = \Sigma^{-1} - \Sigma^{-1}S\Sigma^{-1}",
    ),
    "log det": (
        {X: (4, 4)}, {X: frozenset({"invertible"})},
        [r"f = \log|X|"],
        r"\frac{\partial f}{\partial X} = X^{-T}",
    ),
    "inverse trace": (
        {A: (4, 4), X: (4, 4)}, {X: frozenset({"invertible"})},
        [r"f = \text{tr}(AX^{-1})"],
        r"\frac{\partial f}{\partial X} = -(X^{-1}AX^{-1})^T",
    ),
    "logistic regression": (
        {w: (4, 1), x: (4, 1), Symbol("y"): (1, 1)}, {},
        [r"l = -y\log\sigma(\boldsymbol{w}^T\boldsymbol{x}) - (1-y)\log(1-\sigma(\boldsymbol{w}^T\boldsymbol{x}))"],
        r"\frac{\partial l}{\partial \boldsymbol w} = (\sigma(\boldsymbol{w}^T\boldsymbol{x}) - y)\boldsymbol{x}",
    ),
    "ridge hessian": (
        {X: (5, 3), w: (3, 1), y: (5, 1), Symbol("lambda"): (1, 1)}, {},
        [r"l = \frac{1}{2}\|X\boldsymbol{w}-\boldsymbol{y}\|^2 + \frac{\lambda}{2}\|\boldsymbol{w}\|^2"],
        r"\nabla^2_{\boldsymbol w} l = X^TX + \lambda I",
    ),
    "gram differential": (
        {X: (5, 3)}, {}, [], r"d(X^TX) = dX^TX + X^TdX",
    ),
    "adjugate": (
        {X: (4, 4)}, {}, [], r"d|X| = \text{tr}(\text{adj}(X)dX)",
    ),
    "mixed product": (
        {A: (2, 3), B: (3, 2), C: (3, 4), D: (2, 3)}, {},
        [], r"(A\otimes B)(C\otimes D) = AC\otimes BD",
    ),
    "kronecker trace": (
        {A: (3, 3), B: (2, 2)}, {}, [], r"\text{tr}(A\otimes B) = \text{tr}(A)\text{tr}(B)",
    ),
    "vec outer": (
        {a: (3, 1), b: (4, 1)}, {}, [], r"\mathrm{vec}(\boldsymbol{a}\boldsymbol{b}^T) = \boldsymbol{b}\otimes\boldsymbol{a}",
    ),
}
VARIABLES = {"gram differential": [X], "adjugate": [X]}


def check(name: str, rhs: Expr | None = None, **kw):
    shapes, props, defs_latex, claim = EXAMPLES[name]
    lhs, right = sides(claim)
    defs = definitions(*defs_latex)
    right = right if rhs is None else rhs
    return equal_claim(lhs, right, shapes, properties=props, defs=defs, variables=VARIABLES.get(name), **kw)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_right_result_is_verified(name):
    out = check(name)
    assert out.verdict == VERIFIED, out.reason


@pytest.mark.parametrize("name", ["bilinear", "softmax cross-entropy", "least squares"])
def test_right_result_in_the_other_layout_fails_in_this_one(name):
    assert check(name, layout="numerator").verdict == FAILED


# ------------------------------------------------------------ one-edit breaks


def one_edits(node: Expr):
    """Every tree that differs from `node` by one of the edits a careless derivation
    makes: a transpose dropped, a transpose added to a symbol, two adjacent factors
    swapped; applied at each position."""
    if isinstance(node, Transpose):
        yield node.arg
    if isinstance(node, Symbol):
        yield Transpose(node)
    if isinstance(node, Mul):
        for i in range(len(node.factors) - 1):
            f = list(node.factors)
            f[i], f[i + 1] = f[i + 1], f[i]
            yield Mul(tuple(f))
    for field in fields(node):
        if field.name in ("pos", "end"):
            continue
        value = getattr(node, field.name)
        if isinstance(value, Expr):
            for edited in one_edits(value):
                yield replace(node, **{field.name: edited})
        elif isinstance(value, tuple) and all(isinstance(v, Expr) for v in value):
            for i, item in enumerate(value):
                for edited in one_edits(item):
                    yield replace(node, **{field.name: value[:i] + (edited,) + value[i + 1:]})


def whole_edits(node: Expr):
    yield Neg(node)
    yield Mul((Number(Fraction(2)), node))
    yield Mul((Number(Fraction(1, 2)), node))


def same_value(name: str, candidate: Expr) -> bool:
    """Whether an edit leaves the value unchanged (transposing a symmetric matrix or a
    scalar): such an edit is not a break."""
    shapes, props, defs_latex, claim = EXAMPLES[name]
    world = draw(shapes, props, np.random.default_rng(11))
    defs = definitions(*defs_latex)
    try:
        truth = evaluate(sides(claim)[1], world, defs).value
        value = evaluate(candidate, world, defs).value
    except (Unsupported, IllConditioned):
        return False
    return value.shape == truth.shape and np.allclose(value, truth, rtol=1e-9, atol=1e-12)


def test_one_edit_breaks_are_flagged_at_least_95_percent():
    flagged = total = 0
    missed = []
    for name in sorted(EXAMPLES):
        right = sides(EXAMPLES[name][3])[1]
        for candidate in [*one_edits(right), *whole_edits(right)]:
            if same_value(name, candidate):
                continue
            total += 1
            if check(name, rhs=candidate).verdict == FAILED:
                flagged += 1
            else:
                missed.append((name, candidate))
    assert total > 60
    assert flagged / total >= 0.95, missed[:5]

"""True gradients are what the textbooks say they are, in both layouts, through a note's
definitions, and with respect to intermediates: the ground truth a derivative claim is
judged by."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from notecheck.latex.expr import (
    Add, Apply, Bars, Derivative, Differential, Func, Hadamard, Inverse, Mul, Neg, Number,
    Symbol, Transpose,
)
from notecheck.check.numeric.compare import close, equal_claim
from notecheck.check.numeric.draw import draw
from notecheck.check.numeric.errors import Unsupported
from notecheck.check.numeric.dependence import depends_on
from notecheck.check.numeric.evaluate import derivative, gradient
from notecheck.result import FAILED, VERIFIED

A, W, X, Y = (Symbol(n) for n in "AWXY")
W1 = Symbol("W", sub="1")
Sigma = Symbol("Sigma")
a, b, c, x, y = (Symbol(n, font="bold") for n in "abcxy")
a1 = Symbol("a", font="bold", sub="1")
f, l = Symbol("f"), Symbol("l")


def T(e):
    return Transpose(e)


def mul(*factors):
    return Mul(tuple(factors))


def world(shapes, props=None, seed=0, sizes=None):
    return draw(shapes, props or {}, np.random.default_rng(seed), sizes)


def test_gradient_of_bilinear_form_is_outer_product_in_denominator_layout():
    shapes = {a: (3, 1), X: (3, 4), b: (4, 1)}
    w = world(shapes)
    form = mul(T(a), X, b)
    expected = w.values[a] @ w.values[b].T
    assert close(gradient(form, X, w), expected)
    assert close(derivative(form, X, w, layout="numerator"), expected.T)
    assert gradient(form, X, w).shape == (3, 4)


def test_gradient_with_respect_to_a_transpose_is_transposed():
    shapes = {a: (3, 1), X: (3, 4), b: (4, 1)}
    w = world(shapes, seed=2)
    form = mul(T(a), X, b)
    assert close(gradient(form, T(X), w), gradient(form, X, w).T)


def test_softmax_cross_entropy_gradient():
    shapes = {W: (3, 4), x: (4, 1), y: (3, 1)}
    w = world(shapes, {y: frozenset({"onehot"})}, seed=1)
    loss = Neg(mul(T(y), Func("log", (Func("softmax", (mul(W, x),)),))))
    logits = w.values[W] @ w.values[x]
    p = np.exp(logits) / np.exp(logits).sum()
    assert close(gradient(loss, W, w), (p - w.values[y]) @ w.values[x].T)
    assert not close(gradient(loss, W, w), (w.values[y] - p) @ w.values[x].T)


def test_log_det_gradient_is_the_inverse_transpose():
    w = world({Sigma: (4, 4)}, {Sigma: frozenset({"spd"})})
    assert close(gradient(Func("log", (Bars(Sigma),)), Sigma, w), np.linalg.inv(w.values[Sigma]))
    g = world({X: (4, 4)}, {X: frozenset({"invertible"})}, seed=5)
    assert close(gradient(Bars(X), X, g), np.linalg.det(g.values[X]) * np.linalg.inv(g.values[X]).T)
    assert not close(gradient(Bars(X), X, g), np.linalg.det(g.values[X]) * np.linalg.inv(g.values[X]))


def test_seed_000_claim_is_right_in_numerator_layout_only():
    # f(W) = cᵀσ(XWb);  ∂f/∂W = b(σ'(XWb) ⊙ c)ᵀ X in the note's (numerator) layout
    shapes = {X: (3, 4), W: (4, 5), b: (5, 1), c: (3, 1)}
    defs = {f: mul(T(c), Func("sigma", (mul(X, W, b),)))}
    claim = mul(b, T(Hadamard((Func("sigma", (mul(X, W, b),), prime=1), c))), X)
    lhs = Derivative(f, W)
    assert equal_claim(lhs, claim, shapes, defs=defs, layout="numerator").verdict == VERIFIED
    assert equal_claim(lhs, claim, shapes, defs=defs, layout="denominator").verdict == FAILED
    denominator = mul(T(X), Hadamard((Func("sigma", (mul(X, W, b),), prime=1), c)), T(b))
    assert equal_claim(lhs, denominator, shapes, defs=defs).verdict == VERIFIED


def test_gradient_with_respect_to_an_intermediate_holds_its_definition_fixed():
    # a1 = W1 x, l = cᵀσ(a1): ∂l/∂a1 = σ'(a1) ⊙ c, while ∂l/∂W1 goes through a1
    shapes = {W1: (3, 4), x: (4, 1), c: (3, 1)}
    defs = {a1: mul(W1, x), l: mul(T(c), Func("sigma", (a1,)))}
    w = world(shapes, seed=3)
    pre = w.values[W1] @ w.values[x]
    s = 1 / (1 + np.exp(-pre))
    delta = s * (1 - s) * w.values[c]
    assert close(gradient(l, a1, w, defs), delta)
    assert close(gradient(l, W1, w, defs), delta @ w.values[x].T)
    right = Hadamard((Func("sigma", (a1,), prime=1), c))
    assert equal_claim(Derivative(l, a1), right, shapes, defs=defs).verdict == VERIFIED
    assert equal_claim(Derivative(l, a1), Func("sigma", (a1,), prime=1), shapes, defs=defs).verdict == FAILED


def test_jacobian_of_a_linear_map_in_both_layouts():
    shapes = {A: (3, 4), x: (4, 1)}
    w = world(shapes)
    assert close(derivative(mul(A, x), x, w, layout="numerator"), w.values[A])
    assert close(derivative(mul(A, x), x, w, layout="denominator"), w.values[A].T)


def test_quadratic_form_gradient_and_hessian():
    shapes = {A: (4, 4), x: (4, 1)}
    w = world(shapes, seed=4)
    quad = mul(T(x), A, x)
    sym = w.values[A] + w.values[A].T
    assert close(gradient(quad, x, w), sym @ w.values[x])
    assert close(derivative(quad, x, w, order=2), sym)
    claim = Derivative(quad, x, order=2)
    assert equal_claim(claim, Add((A, T(A))), shapes).verdict == VERIFIED
    assert equal_claim(claim, mul(Number(Fraction(2)), A), shapes).verdict == FAILED


def test_differential_of_a_gradient_is_the_hessian_times_dx():
    shapes = {A: (4, 4), x: (4, 1)}
    grad = Derivative(mul(T(x), A, x), x)
    rhs = mul(Add((A, T(A))), Differential(x))
    assert equal_claim(Differential(grad), rhs, shapes, variables=[x]).verdict == VERIFIED
    assert equal_claim(Differential(grad), mul(A, Differential(x)), shapes, variables=[x]).verdict == FAILED


def test_abstract_function_gradient_matches_its_differential():
    u = Symbol("u")
    shapes = {X: (3, 4), u: (1, 1)}
    w = world(shapes, seed=6)
    ux = Apply(u, (X,))
    g = gradient(ux, X, w)
    assert g.shape == (3, 4) and np.linalg.norm(g) > 0
    assert close(gradient(ux, X, w), g)  # the same function every time within a draw


def test_no_dependence_is_visible_structurally_and_numerically():
    shapes = {A: (3, 4), X: (3, 4), Y: (3, 4)}
    z = Symbol("z", font="bold")
    defs = {z: mul(T(A), X), f: Func("tr", (z,))}
    assert depends_on(f, X, defs) and not depends_on(f, Y, defs)
    assert not np.any(gradient(f, Y, world(shapes), defs))


def test_derivative_of_a_matrix_by_a_matrix_is_unsupported_with_reason():
    shapes = {A: (3, 4), X: (4, 2)}
    try:
        derivative(mul(A, X), X, world(shapes))
    except Unsupported as err:
        assert "4-index" in err.reason
    else:
        raise AssertionError("expected Unsupported")


def test_inverse_gradient_through_trace():
    shapes = {A: (4, 4), X: (4, 4)}
    w = world(shapes, {X: frozenset({"invertible"})}, seed=8)
    inv = np.linalg.inv(w.values[X])
    expected = -(inv @ w.values[A] @ inv).T
    assert close(gradient(Func("tr", (mul(A, Inverse(X)),)), X, w), expected)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**31))
def test_bilinear_gradient_for_any_sizes(m, n, seed):
    shapes = {a: (m, 1), X: (m, n), b: (n, 1)}
    w = world(shapes, seed=seed)
    assert close(gradient(mul(T(a), X, b), X, w), w.values[a] @ w.values[b].T)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 5), st.integers(0, 2**31))
def test_trace_of_product_gradient_for_any_size(n, seed):
    shapes = {A: (n, n), X: (n, n)}
    w = world(shapes, seed=seed)
    assert close(gradient(Func("tr", (mul(A, X, A),)), X, w), (w.values[A] @ w.values[A]).T)


def test_gradient_of_an_expression_holding_a_derivative():
    # g = ∇_x (xᵀAx) = (A + Aᵀ)x, so ∂(bᵀg)/∂x = (A + Aᵀ)ᵀ b
    shapes = {A: (4, 4), x: (4, 1), b: (4, 1)}
    w = world(shapes, seed=9)
    inner = mul(T(b), Derivative(mul(T(x), A, x), x))
    sym = w.values[A] + w.values[A].T
    assert close(gradient(inner, x, w), sym.T @ w.values[b], rtol=1e-6)
    assert close(gradient(inner, b, w), sym @ w.values[x])


def test_hessian_by_vec_of_a_matrix_is_a_kronecker_product():
    # f = tr(XᵀAXB): ∂²f/∂vec(X)∂vec(X)ᵀ = Bᵀ⊗A + B⊗Aᵀ
    B = Symbol("B")
    shapes = {X: (3, 2), A: (3, 3), B: (2, 2)}
    w = world(shapes, seed=12)
    f_expr = Func("tr", (mul(T(X), A, X, B),))
    vec_x = Func("vec", (X,))
    a_, b_ = w.values[A], w.values[B]
    expected = np.kron(b_.T, a_) + np.kron(b_, a_.T)
    assert close(derivative(f_expr, vec_x, w, order=2), expected)
    assert close(gradient(f_expr, vec_x, w), gradient(f_expr, X, w).reshape(-1, 1, order="F"))


def test_dependence_follows_applied_definitions_and_bare_sigma():
    g, t, z = Symbol("g"), Symbol("t"), Symbol("z", font="bold")
    defs = {Apply(g, (t,)): mul(t, X), Func("sigma", ()): Func("sigma", (mul(W, x),))}
    assert depends_on(Apply(g, (Y,)), X, defs)
    assert depends_on(Func("sigma", (), prime=1), W, defs)
    assert not depends_on(Func("sigma", (), prime=1), z, defs)


def test_derivative_by_a_transposed_vector_is_the_jacobian_in_either_layout():
    shapes = {A: (3, 4), x: (4, 1)}
    w = world(shapes)
    for layout in ("numerator", "denominator"):
        assert close(derivative(mul(A, x), T(x), w, layout=layout), w.values[A])
        assert close(derivative(T(mul(A, x)), x, w, layout=layout), w.values[A].T)

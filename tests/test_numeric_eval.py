"""The numeric engine decides identities and differentials the way a careful reader would:
the seeds' rules hold, one-edit breaks of them (a transpose dropped, a sign flipped, a
factor changed) do not, and what it cannot evaluate is said, never guessed."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest

from notecheck.latex.expr import (
    Add, Apply, Bars, Derivative, Differential, Dot, Func, Hadamard, Identity, Inner, Inverse,
    Div, Kron, Matrix, Mul, Neg, Norm, Number, Ones, Power, Sum, Symbol, Text, Transpose, Zero,
)
from notecheck.check.numeric.compare import close, equal_claim
from notecheck.check.numeric.draw import draw
from notecheck.check.numeric.evaluate import evaluate
from notecheck.result import FAILED, UNVERIFIED, VERIFIED
from tests.conftest import ROOT

A, B, C, X, Y, W = (Symbol(n) for n in "ABCXYW")
Sigma = Symbol("Sigma")
a, b, c, x, y, z = (Symbol(n, font="bold") for n in "abcxyz")
N = Symbol("N")


def d(e):
    return Differential(e)


def T(e):
    return Transpose(e)


def mul(*f):
    return Mul(tuple(f))


def add(*t):
    return Add(tuple(t))


def tr(e):
    return Func("tr", (e,))


def num(v):
    return Number(Fraction(v))


def holds(lhs, rhs, shapes, **kw):
    return equal_claim(lhs, rhs, shapes, **kw).verdict


# ------------------------------------------------------------ the seeds' rules

PRODUCT_SHAPES = {X: (3, 4), Y: (4, 5)}
SQUARE = {X: (4, 4)}


def test_product_rule_holds_and_its_breaks_fail():
    lhs = d(mul(X, Y))
    assert holds(lhs, add(mul(d(X), Y), mul(X, d(Y))), PRODUCT_SHAPES) == VERIFIED
    assert holds(lhs, add(mul(d(X), Y), Neg(mul(X, d(Y)))), PRODUCT_SHAPES) == FAILED
    assert holds(lhs, mul(d(X), Y), PRODUCT_SHAPES) == FAILED
    assert holds(lhs, add(mul(d(X), Y), mul(num(2), X, d(Y))), PRODUCT_SHAPES) == FAILED


def test_factors_swapped_past_dx_is_a_shape_failure():
    out = equal_claim(d(mul(X, Y)), add(mul(d(X), Y), mul(d(Y), X)), PRODUCT_SHAPES)
    assert out.verdict == FAILED and out.shape_mismatch
    assert "4×5" in out.reason and "3×4" in out.reason


def test_differential_of_inverse_and_its_sign():
    lhs = d(Inverse(X))
    right = Neg(mul(Inverse(X), d(X), Inverse(X)))
    assert holds(lhs, right, SQUARE) == VERIFIED
    assert holds(lhs, mul(Inverse(X), d(X), Inverse(X)), SQUARE) == FAILED
    assert holds(lhs, Neg(mul(Inverse(X), d(X), Inverse(T(X)))), SQUARE) == FAILED


def test_differential_of_determinant():
    lhs = d(Bars(X))
    assert holds(lhs, mul(Bars(X), tr(mul(Inverse(X), d(X)))), SQUARE) == VERIFIED
    assert holds(lhs, mul(Bars(X), tr(mul(Inverse(T(X)), d(X)))), SQUARE) == FAILED
    assert holds(lhs, mul(num(2), Bars(X), tr(mul(Inverse(X), d(X)))), SQUARE) == FAILED


def test_differential_of_log_det_of_spd_matrix():
    shapes, props = {Sigma: (4, 4)}, {Sigma: frozenset({"spd"})}
    lhs = d(Func("log", (Bars(Sigma),)))
    assert holds(lhs, tr(mul(Inverse(Sigma), d(Sigma))), shapes, properties=props) == VERIFIED
    assert holds(lhs, Neg(tr(mul(Inverse(Sigma), d(Sigma)))), shapes, properties=props) == FAILED


def test_symmetric_direction_keeps_symmetric_identities_true():
    # tr(A dΣ) = tr(Aᵀ dΣ) only because dΣ is symmetric when Σ is
    shapes = {A: (4, 4), Sigma: (4, 4)}
    props = {Sigma: frozenset({"symmetric"})}
    claim = (tr(mul(A, d(Sigma))), tr(mul(T(A), d(Sigma))))
    assert holds(*claim, shapes, properties=props, variables=[Sigma]) == VERIFIED
    assert holds(*claim, shapes, variables=[Sigma]) == FAILED


def test_trace_hadamard_rule():
    shapes = {A: (3, 4), B: (3, 4), C: (3, 4)}
    lhs = tr(mul(T(A), Hadamard((B, C))))
    assert holds(lhs, tr(mul(T(Hadamard((A, B))), C)), shapes) == VERIFIED
    assert holds(lhs, tr(mul(Hadamard((A, B)), T(C))), shapes) == VERIFIED  # tr(M) = tr(Mᵀ)
    assert holds(lhs, tr(mul(T(Hadamard((A, C))), C)), shapes) == FAILED


def test_vec_kronecker_rule_and_its_transposed_break():
    shapes = {A: (3, 4), X: (4, 5), B: (5, 2)}
    lhs = Func("vec", (mul(A, X, B),))
    assert holds(lhs, mul(Kron((T(B), A)), Func("vec", (X,))), shapes) == VERIFIED
    out = equal_claim(lhs, mul(Kron((B, A)), Func("vec", (X,))), shapes)
    assert out.verdict == FAILED


def test_kronecker_differential_is_exact():
    shapes = {A: (2, 3), B: (3, 2)}
    assert holds(d(Kron((A, B))), add(Kron((d(A), B)), Kron((A, d(B)))), shapes) == VERIFIED


def test_seed_000_hadamard_differential():
    # d f = cᵀ[σ'(z) ⊙ d z] with z = X W b, and d z = X dW b
    shapes = {X: (3, 4), W: (4, 5), b: (5, 1), c: (3, 1)}
    defs = {z: mul(X, W, b)}
    lhs = d(mul(T(c), Func("sigma", (z,))))
    right = mul(T(c), Hadamard((Func("sigma", (z,), prime=1), mul(X, d(W), b))))
    assert holds(lhs, right, shapes, defs=defs, variables=[W]) == VERIFIED
    wrong = mul(T(c), Hadamard((Func("sigma", (z,)), mul(X, d(W), b))))
    assert holds(lhs, wrong, shapes, defs=defs, variables=[W]) == FAILED


def test_dot_of_vectors_is_an_inner_product():
    shapes = {Symbol("u", font="bold"): (4, 1), Symbol("v", font="bold"): (4, 1), Symbol("alpha"): (1, 1)}
    u, v, alpha = Symbol("u", font="bold"), Symbol("v", font="bold"), Symbol("alpha")
    assert holds(Dot(u, mul(alpha, v)), mul(alpha, Dot(u, v)), shapes) == VERIFIED
    assert holds(Dot(u, v), mul(T(u), v), shapes) == VERIFIED


def test_scalar_between_matrices_scales():
    # A (bᵀc) D: the 1×1 in the middle scales instead of failing the product
    D = Symbol("D")
    shapes = {A: (3, 4), b: (5, 1), c: (5, 1), D: (4, 2)}
    assert holds(mul(A, T(b), c, D), mul(T(c), b, A, D), shapes) == VERIFIED


def test_scalar_plus_matrix_broadcasts():
    shapes = {X: (3, 4)}
    h = Func("tanh", (X,))
    lhs = Func("tanh", (X,), prime=1)
    assert holds(lhs, add(num(1), Neg(Hadamard((h, h)))), shapes) == VERIFIED


def test_sizeless_identity_takes_its_neighbours_size():
    lam = Symbol("lambda")
    shapes = {X: (5, 3), lam: (1, 1)}
    gram = add(mul(T(X), X), mul(lam, Identity()))
    assert holds(d(gram), add(mul(d(T(X)), X), mul(T(X), d(X))), shapes, variables=[X]) == VERIFIED
    assert holds(tr(mul(Identity(), gram)), tr(gram), shapes) == VERIFIED
    assert holds(mul(T(Ones()), mul(X, Ones())), mul(T(Ones()), X, Ones()), shapes) == VERIFIED


def test_stationarity_against_literal_zero_compares_shapes_sensibly():
    shapes = {X: (3, 4)}
    assert holds(mul(X, num(0)), num(0), shapes) == VERIFIED
    assert holds(X, num(0), shapes) == FAILED
    assert holds(add(X, Neg(X)), Zero(), shapes) == VERIFIED


def test_explicit_block_matrix_and_norms():
    shapes = {x: (3, 1), y: (2, 1)}
    stacked = Matrix(((x,), (y,)))
    assert holds(Power(Norm(stacked), num(2)), add(mul(T(x), x), mul(T(y), y)), shapes) == VERIFIED
    assert holds(d(Power(Norm(x), num(2))), mul(num(2), T(x), d(x)), shapes) == VERIFIED
    assert holds(d(Power(Norm(x), num(2))), mul(T(x), d(x)), shapes) == FAILED


def test_sum_over_family_members():
    xi = Symbol("x", font="bold", sub="i")
    shapes = {xi: (3, 1), A: (3, 3)}
    lhs = Sum(mul(T(xi), A, xi), index="i", lower=num(1), upper=N)
    rhs = tr(mul(A, Sum(mul(xi, T(xi)), index="i", lower=num(1), upper=N)))
    assert holds(lhs, rhs, shapes) == VERIFIED
    assert holds(lhs, tr(mul(T(A), A, Sum(mul(xi, T(xi)), index="i", upper=N))), shapes) == FAILED


def test_sum_bound_follows_declared_size():
    xi = Symbol("x", sub="i")
    shapes = {xi: (1, 1)}
    world = draw(shapes, {}, np.random.default_rng(0), sizes={"N": 7})
    ones_sum = evaluate(Sum(num(1), index="i", lower=num(1), upper=N), world)
    assert ones_sum.value[0, 0] == 7


def test_element_access_inside_a_sum():
    xij = Symbol("X", sub="ij")
    shapes = {X: (3, 4)}
    lhs = Sum(Power(xij, num(2)), index="i,j")  # i and j run over the rows and columns of X
    world = draw(shapes, {}, np.random.default_rng(1))
    assert close(evaluate(lhs, world).value, evaluate(Power(Norm(X, "F"), num(2)), world).value)


def test_abstract_function_is_the_same_on_both_sides():
    u = Symbol("u")
    shapes = {x: (3, 1), u: (1, 1)}
    ux = Apply(u, (x,))
    assert holds(ux, ux, shapes) == VERIFIED
    assert holds(d(ux), mul(T(Derivative(ux, x)), d(x)), shapes) == VERIFIED
    assert holds(d(ux), mul(num(2), T(Derivative(ux, x)), d(x)), shapes) == FAILED


def test_softmax_differential():
    shapes = {z: (4, 1)}
    s = Func("softmax", (z,))
    rhs = add(Hadamard((s, d(z))), Neg(mul(s, T(s), d(z))))
    assert holds(d(s), rhs, shapes) == VERIFIED
    assert holds(d(s), Hadamard((s, d(z))), shapes) == FAILED


def test_unsupported_constructs_are_unverified_with_a_reason():
    out = equal_claim(Symbol("X", sub="ij"), num(0), {X: (3, 4)})
    assert out.verdict == UNVERIFIED and "X_ij" in out.reason
    out = equal_claim(Text("integral"), num(0), {})
    assert out.verdict == UNVERIFIED and "integral" in out.reason
    out = equal_claim(Func("sigma", (), prime=1), num(0), {})
    assert out.verdict == UNVERIFIED and "without its argument" in out.reason


def test_log_of_a_sometimes_negative_value_is_resampled_not_failed():
    t = Symbol("t")
    out = equal_claim(d(Func("log", (t,))), Div(d(t), t), {t: (1, 1)}, draws=3, seed=3)
    assert out.verdict == VERIFIED


def test_ten_thousand_nested_nodes_do_not_blow_the_stack():
    deep = X
    for _ in range(10_000):
        deep = Neg(deep)
    out = equal_claim(deep, X, {X: (2, 2)})
    assert out.verdict == UNVERIFIED and "nested" in out.reason


def test_close_is_scale_aware():
    big = np.array([[1e8, 1.0]])
    assert close(big, big + np.array([[1e-1, 0.0]]))
    assert not close(np.array([[1.0, 2.0]]), np.array([[1.0, 2.001]]))
    assert close(np.zeros((2, 2)), np.full((2, 2), 1e-12))


def test_inner_frobenius_equals_trace_form():
    shapes = {A: (3, 4), B: (3, 4)}
    assert holds(Inner(A, B), tr(mul(T(A), B)), shapes) == VERIFIED


def test_a_claim_check_takes_well_under_a_millisecond_per_draw():
    shapes = {X: (3, 4), Y: (4, 5)}
    lhs, rhs = d(mul(X, Y)), add(mul(d(X), Y), mul(X, d(Y)))
    equal_claim(lhs, rhs, shapes, draws=1)
    start = time.process_time()
    for seed in range(50):
        equal_claim(lhs, rhs, shapes, draws=1, seed=seed)
    per_draw = (time.process_time() - start) / 50
    assert per_draw < 2e-3, per_draw


def test_reading_the_error_types_does_not_load_numpy():
    import subprocess
    import sys

    code = "import sys; import notecheck.check.numeric.errors; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT))
    assert out.stdout.strip() == "False", out.stderr


def test_definition_with_a_parameter_applies_to_other_arguments():
    g, t = Symbol("g"), Symbol("t")
    shapes = {t: (1, 1), x: (3, 1)}
    defs = {Apply(g, (t,)): Power(t, num(2))}
    assert holds(Apply(g, (mul(num(2), t),)), mul(num(4), Power(t, num(2))), shapes, defs=defs) == VERIFIED
    assert holds(Apply(g, (Dot(x, x),)), Power(Norm(x), num(4)), shapes, defs=defs) == VERIFIED
    assert holds(Apply(g, (t,)), mul(num(2), t), shapes, defs=defs) == FAILED


def test_an_abstract_function_defined_as_itself_is_a_random_function():
    f = Symbol("f")
    shapes = {X: (3, 4)}
    defs = {f: Apply(f, (X,))}
    out = equal_claim(d(f), Inner(Derivative(f, X), d(X)), shapes, defs=defs, variables=[X])
    assert out.verdict == VERIFIED


def test_bare_sigma_prime_means_sigma_prime_of_the_declared_argument():
    # seed 000: tr(cᵀ[σ' ⊙ X dW b]) where σ' is σ'(z), z = X W b
    shapes = {X: (3, 4), W: (4, 5), b: (5, 1), c: (3, 1)}
    defs = {z: mul(X, W, b), Func("sigma", ()): Func("sigma", (z,))}
    lhs = d(mul(T(c), Func("sigma", (z,))))
    right = tr(mul(T(c), Hadamard((Func("sigma", (), prime=1), mul(X, d(W), b)))))
    assert holds(lhs, right, shapes, defs=defs, variables=[W]) == VERIFIED
    # "σ' = σ·(1−σ)" is a statement about the scalar function: check it on a scalar argument
    t, sigma = Symbol("t"), Symbol("sigma")
    scalar = {Func("sigma", ()): Func("sigma", (t,))}
    assert holds(Func("sigma", (), prime=1), Dot(sigma, add(num(1), Neg(sigma))), {t: (1, 1)}, defs=scalar) == VERIFIED
    assert holds(Func("sigma", (), prime=1), Dot(sigma, add(num(1), sigma)), {t: (1, 1)}, defs=scalar) == FAILED


def test_e_and_pi_are_constants_unless_the_note_gives_them_values():
    t = Symbol("t")
    e = Symbol("e")
    assert holds(Power(e, t), Func("exp", (t,)), {t: (1, 1)}) == VERIFIED
    assert holds(Power(e, t), Func("exp", (t,)), {t: (1, 1), e: (1, 1)}) == FAILED


def test_right_claims_about_inverses_never_fail_over_many_random_worlds():
    # plain Gaussian matrices are sometimes nearly singular: those draws are re-drawn
    shapes = {X: (4, 4)}
    rules = [
        (d(Inverse(X)), Neg(mul(Inverse(X), d(X), Inverse(X)))),
        (d(Func("log", (Bars(X),))), tr(mul(Inverse(X), d(X)))),  # log|X| = log|det X|
        (d(Bars(X)), mul(Bars(X), tr(mul(Inverse(X), d(X))))),
    ]
    verdicts = {holds(lhs, rhs, shapes, seed=seed) for lhs, rhs in rules for seed in range(150)}
    assert verdicts == {VERIFIED}


def test_a_defined_vector_before_parentheses_multiplies_them():
    # h_1(c ⊙ s)^T read as an application by the parser is h_1 times (c ⊙ s)^T
    h1, s = Symbol("h", font="bold", sub="1"), Symbol("s", font="bold")
    shapes = {A: (3, 4), x: (4, 1), c: (5, 1), s: (5, 1)}
    defs = {h1: mul(A, x)}
    product = mul(h1, T(Hadamard((c, s))))
    assert holds(Apply(h1, (T(Hadamard((c, s))),)), product, shapes, defs=defs) == VERIFIED
    f = Symbol("f")
    fdefs = {f: mul(T(c), Func("sigma", (mul(Symbol("B"), A, x),)))}
    fshapes = {A: (3, 4), x: (4, 1), c: (5, 1), Symbol("B"): (5, 3)}
    assert holds(Apply(f, (A,)), Symbol("f"), fshapes, defs=fdefs) == VERIFIED


def test_orthogonal_matrices_and_their_directions_keep_qtq_identity():
    Q = Symbol("Q")
    for shape in [(4, 4), (5, 3)]:
        shapes, props = {Q: shape}, {Q: frozenset({"orthogonal"})}
        assert holds(mul(T(Q), Q), Identity(), shapes, properties=props) == VERIFIED
        assert holds(d(mul(T(Q), Q)), Zero(), shapes, properties=props) == VERIFIED
        assert holds(d(mul(T(Q), Q)), Zero(), shapes) == FAILED


def test_probability_vectors_sum_to_one():
    p = Symbol("p", font="bold")
    assert holds(mul(T(Ones()), p), num(1), {p: (4, 1)}, properties={p: frozenset({"probability"})}) == VERIFIED


def test_second_differential_is_the_hessian_form_not_zero():
    shapes = {A: (4, 4), x: (4, 1)}
    quad = mul(T(x), A, x)
    right = mul(T(d(x)), add(A, T(A)), d(x))
    assert holds(d(d(quad)), right, shapes, variables=[x]) == VERIFIED
    assert holds(d(d(quad)), num(0), shapes, variables=[x]) == FAILED
    assert holds(d(d(quad)), mul(T(d(x)), A, d(x)), shapes, variables=[x]) == FAILED


@pytest.mark.parametrize("meaning", ["sigmoid", "tanh", "softplus", "generic"])
def test_sigma_means_what_the_note_says_and_sigma_prime_follows(meaning):
    shapes = {X: (3, 4)}
    lhs = d(Func("sigma", (X,)))
    right = Hadamard((Func("sigma", (X,), prime=1), d(X)))
    assert holds(lhs, right, shapes, functions={"sigma": meaning}) == VERIFIED
    assert holds(lhs, Hadamard((Func("sigma", (X,)), d(X))), shapes, functions={"sigma": meaning}) == FAILED


def test_tan_and_exp_trace_differentials():
    shapes = {X: (3, 3)}
    tan = Func("tan", (X,))
    assert holds(d(tan), Hadamard((add(num(1), Hadamard((tan, tan))), d(X))), shapes) == VERIFIED
    etr = Func("etr", (X,))
    assert holds(d(etr), mul(etr, tr(d(X))), shapes) == VERIFIED


def test_plus_or_minus_must_hold_under_both_readings():
    shapes = {X: (3, 4), Y: (3, 4)}
    def pm(u, v):
        return Func("pm", (u, v))

    assert holds(d(pm(X, Y)), pm(d(X), d(Y)), shapes) == VERIFIED
    out = equal_claim(d(pm(X, Y)), add(d(X), d(Y)), shapes)
    assert out.verdict == FAILED and "minus" in out.reason


def test_unbounded_index_runs_over_the_vector_it_indexes():
    xi = Symbol("x", font="bold", sub="i")
    assert holds(Sum(Power(xi, num(2)), index="i"), mul(T(x), x), {x: (5, 1)}) == VERIFIED


def test_a_leading_d_without_a_value_is_the_differential():
    # `\mathrm{d}(X^{-1})` and `d^2 f` when the parser reads d as a factor
    dsym, drm = Symbol("d"), Symbol("d", font="rm")
    shapes = {X: (4, 4)}
    assert holds(mul(drm, Inverse(X)), Neg(mul(Inverse(X), d(X), Inverse(X))), shapes) == VERIFIED
    quad = mul(T(x), A, x)
    second = mul(Power(dsym, num(2)), quad)
    qshapes = {A: (4, 4), x: (4, 1)}
    assert holds(second, mul(T(d(x)), add(A, T(A)), d(x)), qshapes, variables=[x]) == VERIFIED
    valued = {X: (3, 3), dsym: (1, 1)}  # a note whose d is a number: d X is a product
    assert holds(mul(dsym, X), mul(X, dsym), valued) == VERIFIED
    assert holds(mul(dsym, X), d(X), valued, variables=[X]) == FAILED


def test_symbols_under_a_log_are_drawn_positive_when_they_must_be():
    u, cc = Symbol("u", font="bold"), Symbol("c")
    shapes = {u: (4, 1), cc: (1, 1)}
    lhs = Func("log", (Div(u, cc),))
    assert holds(lhs, add(Func("log", (u,)), Neg(mul(Ones(), Func("log", (cc,))))), shapes) == VERIFIED
    assert holds(lhs, add(Func("log", (u,)), mul(Ones(), Func("log", (cc,)))), shapes) == FAILED


def test_positive_symbols_skip_arguments_that_are_positive_anyway():
    from notecheck.check.numeric.domain import positive_symbols

    u, cc = Symbol("u", font="bold"), Symbol("c")
    assert positive_symbols([Func("log", (Div(u, cc),))]) == {u, cc}
    assert positive_symbols([Func("log", (Bars(Sigma),)), Func("log", (Func("softmax", (x,)),))]) == set()
    assert positive_symbols([Func("log", (mul(T(Ones()), Func("exp", (x,))),))]) == set()


def test_claim_values_size_a_sizeless_side_by_the_other():
    from notecheck.check.numeric.compare import claim_values

    world = draw({X: (4, 4), a: (3, 1)}, {}, np.random.default_rng(2))
    left, right = claim_values(mul(X, Inverse(X)), Identity(), world)
    assert right.shape == (4, 4) and close(left, right)
    left, right = claim_values(d(a), Zero(), world, direction={a: np.zeros((3, 1))})
    assert left.shape == right.shape == (3, 1)


def test_family_members_move_each_in_its_own_direction():
    xi = Symbol("x", font="bold", sub="i")
    shapes = {xi: (3, 1), A: (3, 3)}
    lhs = d(Sum(mul(T(xi), A, xi), index="i", lower=num(1), upper=N))
    right = Sum(add(mul(T(d(xi)), A, xi), mul(T(xi), A, d(xi))), index="i", lower=num(1), upper=N)
    assert holds(lhs, right, shapes, variables=[xi]) == VERIFIED
    wrong = Sum(mul(num(2), T(xi), A, d(xi)), index="i", lower=num(1), upper=N)
    assert holds(lhs, wrong, shapes, variables=[xi]) == FAILED


def test_a_definition_with_the_sum_index_is_evaluated_per_term():
    xi, ai = Symbol("x", font="bold", sub="i"), Symbol("a", font="bold", sub="1,i")
    W1 = Symbol("W", sub="1")
    shapes = {xi: (4, 1), W1: (3, 4)}
    defs = {ai: mul(W1, xi)}
    lhs = Sum(mul(T(ai), ai), index="i", lower=num(1), upper=N)
    rhs = tr(mul(W1, Sum(mul(xi, T(xi)), index="i", lower=num(1), upper=N), T(W1)))
    assert holds(lhs, rhs, shapes, defs=defs) == VERIFIED


def test_a_matrix_before_parentheses_multiplies_them():
    P = Symbol("P")
    shapes = {P: (3, 3), x: (3, 1), y: (3, 1)}
    assert holds(Apply(P, (add(x, y),)), add(mul(P, x), mul(P, y)), shapes) == VERIFIED


def test_a_product_of_contiguous_matrices_is_the_same_bits_by_dot_as_by_matmul():
    """`kernels.multiply` multiplies two contiguous matrices with `ndarray.dot` (half the
    cost of `@`); it must give `@`'s bits, in C and F order, inner and outer products,
    A·Aᵀ (which BLAS may do as a symmetric product) and non-finite entries included."""
    from notecheck.check.numeric.kernels import Jet, multiply

    rng = np.random.default_rng(19)
    with np.errstate(all="ignore"):
        for trial in range(3000):
            r, c, k = (int(n) for n in rng.integers(1, 12, 3))
            left = rng.standard_normal((r, c)) * 10.0 ** rng.uniform(-8, 8)
            right = rng.standard_normal((c, k)) * 10.0 ** rng.uniform(-8, 8)
            if trial % 97 == 0:
                left[0, 0] = np.inf
            pairs = [(left, right), (np.asfortranarray(left), right), (left, np.asfortranarray(right)),
                     (rng.standard_normal((c, r)).T, rng.standard_normal((k, c)).T), (left, left.T)]
            for p, q in pairs:
                if p.shape[1] != q.shape[0] or (1, 1) in (p.shape, q.shape):
                    continue
                got, want = multiply(Jet(p), Jet(q)).v, p @ q
                assert np.array_equal(got, want, equal_nan=True) and got.strides == want.strides

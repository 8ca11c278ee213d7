"""A claim's sides are evaluated for their values only: a derivative outside any
differential skips its own tangent there, and nothing it answers may differ from a full
evaluation (values, a differential of the same derivative, a definition read both ways,
and what the world's memo hands to a later caller that reads the tangent)."""

from __future__ import annotations

import numpy as np
import pytest

from notecheck.check.numeric.draw import draw
from notecheck.check.numeric.evaluate import batched, evaluate_raw
from notecheck.latex.expr import Add, Derivative, Differential, Mul, Symbol, Transpose

S, x, y, g = Symbol("S"), Symbol("x", font="bold"), Symbol("y", font="bold"), Symbol("g")
SHAPES = {S: (3, 3), x: (3, 1), y: (3, 1)}
GRADIENT = Derivative(Mul((Transpose(x), S, x)), x)  # ∂(xᵀSx)/∂x = (S + Sᵀ)x, moving with S and x

SIDES = {
    "derivative outside a differential": Mul((Transpose(GRADIENT), y)),
    "differential of a derivative": Differential(GRADIENT),
    "definition read outside, then inside a differential": Add((Mul((Transpose(g), y)),
                                                                Mul((Transpose(Differential(g)), y)))),
    "definition read inside, then outside a differential": Add((Mul((Transpose(Differential(g)), y)),
                                                                Mul((Transpose(g), y)))),
}


def world(seed: int):
    out = draw(SHAPES, {}, np.random.default_rng(seed))
    return out, batched(out.direction([S, x]))


@pytest.mark.parametrize("name", sorted(SIDES))
def test_values_only_gives_the_same_value(name):
    for seed in range(3):
        one, tangents = world(seed)
        full = evaluate_raw(SIDES[name], one, {g: GRADIENT}, tangents)
        two, tangents = world(seed)  # a fresh memo: nothing remembered from the full evaluation
        quick = evaluate_raw(SIDES[name], two, {g: GRADIENT}, tangents, values_only=True)
        assert np.array_equal(full.v, quick.v)


def test_the_memo_keeps_a_values_only_answer_apart():
    one, tangents = world(0)
    quick = evaluate_raw(GRADIENT, one, {}, tangents, values_only=True)
    full = evaluate_raw(GRADIENT, one, {}, tangents)
    assert not np.any(quick.t)  # its tangent was skipped ...
    assert np.any(full.t)  # ... and a caller that reads the tangent gets the true one
    assert np.array_equal(quick.v, full.v)


def test_an_applied_definition_reads_its_arguments_tangents():
    from notecheck.latex.expr import Apply

    f, u = Symbol("f"), Symbol("u", font="bold")
    body = Mul((Transpose(Differential(u)), y))  # f(u) = duᵀy
    side = Apply(f, (GRADIENT,))
    for seed in range(3):
        one, tangents = world(seed)
        full = evaluate_raw(side, one, {Apply(f, (u,)): body}, tangents)
        two, tangents = world(seed)
        quick = evaluate_raw(side, two, {Apply(f, (u,)): body}, tangents, values_only=True)
        assert np.array_equal(full.v, quick.v) and np.any(full.v)


def test_a_tree_written_again_is_worked_out_once_per_world():
    """`∂(xᵀSx)/∂x` in two formulas is two equal trees: the second is answered by what the
    first worked out (the memo keys by identity, so it must see them as one), and a tree
    that differs in one letter is not."""
    one, _ = world(0)
    first = evaluate_raw(Mul((Transpose(GRADIENT), y)), one, {})
    again = evaluate_raw(Mul((Transpose(Derivative(Mul((Transpose(x), S, x)), x)), y)), one, {})
    other = evaluate_raw(Mul((Transpose(Derivative(Mul((Transpose(x), S, y)), x)), y)), one, {})
    assert again is first
    assert other is not first

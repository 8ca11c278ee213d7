"""Lanes (`notecheck.check.numeric.lanes`): a side of a claim in index notation evaluated at
every value of its free indices at once gives, at each value, the very bits the evaluation
at that value gives, or leaves the side to that evaluation."""

from fractions import Fraction

import numpy as np
import pytest

from notecheck.check.indexed import assignments
from notecheck.check.numeric.draw import draw as make_draw
from notecheck.check.numeric.errors import Unsupported
from notecheck.check.numeric.evaluate import evaluate_raw, evaluated
from notecheck.check.numeric.lanes import Lanes
from notecheck.latex.expr import Add, Derivative, Div, Func, Identity, Index, Mul, Neg, Number, Sum, Symbol, Transpose

A, B, C, U = (Symbol(n) for n in "ABCU")
x = Symbol("x", font="bold")
SHAPES = {A: (3, 3), B: (3, 3), C: (4, 3), U: (3, 4), x: (4, 1)}


def delta(sub):
    return Index(Identity(), sub)


def times(*factors):
    return Mul(tuple(factors))


SIDES = {  # a side, its free indices and how far each runs
    "deltas pick an entry": (Sum(times(delta("ip"), delta("jq"), Index(A, "ji")), "i,j", implied=True),
                             {"p": 3, "q": 3}),
    "two sums": (Add((Sum(times(Index(U, "pk"), Index(C, "kq")), "k"), Sum(times(Index(U, "pk"), Index(U, "qk")), "k"))),
                 {"p": 3, "q": 3}),
    "an entry of a product": (Index(times(U, x), "i"), {"i": 3}),
    "a vector's entries, an index as a number": (Add((times(Symbol("x", font="bold", sub="j"), Symbol("j")),
                                                      Neg(Div(Index(Transpose(A), "jj"), Number(Fraction(3)))))),
                                                 {"j": 3}),
    "a derivative by an entry": (Derivative(Index(U, "ij"), Index(U, "kl")), {"i": 3, "j": 4, "k": 3, "l": 4}),
    "a derivative of a sum by an entry": (Derivative(Sum(times(Index(U, "ij"), Index(C, "ji")), "i,j"), Index(U, "kl")),
                                          {"k": 3, "l": 4}),
    "entries by an entry in a sum": (Sum(times(Derivative(Index(U, "ij"), Index(U, "pq")), Index(C, "ji")), "i,j"),
                                     {"p": 3, "q": 4}),
    "a vector's entries by one of them": (Sum(times(Derivative(Index(x, "i"), Index(x, "k")), Index(x, "i")), "i"),
                                          {"k": 4}),
}


def world():
    return make_draw(SHAPES, None, np.random.default_rng(7))


@pytest.mark.parametrize("name", SIDES)
def test_every_lane_is_the_evaluation_at_its_value_bit_for_bit(name):
    side, ranges = SIDES[name]
    draw, chosen = world(), assignments(tuple(ranges), ranges)
    draw.memo.lanes = Lanes(tuple(ranges), chosen)
    evaluate_raw(side, draw.pinned(chosen[0]))
    assert len(draw.memo.results) >= len(set(map(tuple, map(dict.items, chosen))))  # every lane at the first
    for values in chosen:
        at = draw.pinned(values)
        lane, alone = evaluate_raw(side, at), evaluated(side, at, {}, {}, 1, "denominator", None)
        assert lane.v.shape == alone.v.shape == (1, 1) and lane.v.tobytes() == alone.v.tobytes() and lane.t is None


def test_a_side_the_lanes_do_not_evaluate_is_evaluated_at_each_value():
    side, ranges = Func("sigma", (Index(A, "ij"),)), {"i": 3, "j": 3}  # σ of an array may round unlike σ of a number
    draw, chosen = world(), assignments(tuple(ranges), ranges)
    draw.memo.lanes = Lanes(tuple(ranges), chosen)
    for values in chosen:
        assert evaluate_raw(side, draw.pinned(values)).v.tobytes() == \
            evaluated(side, draw.pinned(values), {}, {}, 1, "denominator", None).v.tobytes()
    assert len(draw.memo.results) == len(chosen)  # each evaluated at its own value


def test_an_entry_out_of_range_at_one_value_leaves_every_value_to_its_own_evaluation():
    ranges = {"p": 4}  # A has 3 rows
    draw, chosen = world(), assignments(("p",), ranges)
    draw.memo.lanes = Lanes(("p",), chosen)
    side = times(Index(A, "p1"), Number(Fraction(2)))
    assert evaluate_raw(side, draw.pinned({"p": 1})).v[0, 0] == 2 * draw.values[A][0, 0]
    assert len(draw.memo.results) == 1
    with pytest.raises(Unsupported, match="outside a 3×3"):
        evaluate_raw(side, draw.pinned({"p": 4}))


@pytest.mark.parametrize("name", ["entries by an entry in a sum", "a vector's entries by one of them"])
def test_entries_by_an_entry_in_a_sum_are_read_in_lanes_once_for_every_value(name):
    """Einstein-notation notes write `∂X_{ij}/∂X_{pq}` in every term of their sums: read in
    lanes, the first value's evaluation answers every other value's."""
    side, ranges = SIDES[name]
    draw, chosen = world(), assignments(tuple(ranges), ranges)
    draw.memo.lanes = Lanes(tuple(ranges), chosen)
    evaluate_raw(side, draw.pinned(chosen[0]))
    made = len(draw.memo.results)
    for values in chosen[1:]:
        evaluate_raw(side, draw.pinned(values))
    assert len(draw.memo.results) == made

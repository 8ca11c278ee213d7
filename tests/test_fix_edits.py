"""Fixes a reader would accept: one-step edits with a reason, applied without touching
anything else in the note."""

from fractions import Fraction

import pytest

from notecheck.latex.expr import Inverse, Mul, Neg, Number, Symbol, Transpose
from notecheck.findings import Edit
from notecheck.check import apply_edits, unified_diff
from notecheck.check.candidates import candidates, replace_at

A, X = Symbol("A"), Symbol("X")
x = Symbol("x", font="bold")
NOTE = "Intro line.\n\n$$\\frac{\\partial f}{\\partial X} = X^{-1}$$\n\nLast line, no newline"


def test_a_dropped_transpose_is_offered_with_its_reason():
    found = dict(candidates(Mul((A, x))))
    fixed = Mul((Transpose(A), x))
    assert fixed in found
    assert "transposed" in found[fixed]


def test_an_extra_transpose_can_be_dropped():
    found = dict(candidates(Mul((Transpose(A), x))))
    assert Mul((A, x)) in found
    assert "drop the transpose" in found[Mul((A, x))]


def test_a_lost_minus_sign_in_an_inverse_is_explained():
    rhs = Mul((Inverse(Transpose(X)), A, Inverse(Transpose(X))))
    first, reason = next(iter(candidates(rhs)))
    assert first == Neg(rhs)
    assert "minus sign" in reason


def test_swapped_factors_and_scales_are_candidates():
    found = dict(candidates(Mul((Number(Fraction(2)), A, X))))
    assert Mul((Number(Fraction(2)), X, A)) in found
    assert "do not commute" in found[Mul((Number(Fraction(2)), X, A))]
    assert Mul((A, X)) in found  # drop the 2
    assert Mul((Number(Fraction(4)), A, X)) in found


def test_the_other_layout_is_the_last_candidate():
    edits = list(candidates(Mul((A, x))))
    assert edits[-1][0] == Transpose(Mul((A, x)))
    assert "denominator layout" in edits[-1][1]


def test_candidates_are_distinct_and_never_the_claim_itself():
    rhs = Mul((Transpose(x), A, x))
    exprs = [e for e, _ in candidates(rhs)]
    assert len(exprs) == len(set(exprs))
    assert rhs not in exprs


def test_replace_at_rebuilds_only_the_path():
    tree = Mul((A, Transpose(X)))
    assert replace_at(tree, (1, 0), A) == Mul((A, Transpose(A)))


def test_apply_edits_touches_only_the_spans():
    start = NOTE.index("X^{-1}")
    out = apply_edits(NOTE, [Edit(start, start + len("X^{-1}"), "-X^{-T}"), Edit(0, 5, "Outro")])
    assert out == NOTE.replace("X^{-1}", "-X^{-T}").replace("Intro", "Outro")


def test_apply_edits_refuses_overlaps_and_out_of_range():
    with pytest.raises(ValueError):
        apply_edits(NOTE, [Edit(0, 5, "a"), Edit(3, 8, "b")])
    with pytest.raises(ValueError):
        apply_edits(NOTE, [Edit(0, len(NOTE) + 1, "a")])


def test_unified_diff_shows_the_changed_line_only():
    new = NOTE.replace("X^{-1}", "-X^{-T}")
    diff = unified_diff("notes/a.md", NOTE, new)
    assert diff.startswith("--- a/notes/a.md\n+++ b/notes/a.md\n")
    assert "-$$\\frac{\\partial f}{\\partial X} = X^{-1}$$\n" in diff
    assert "+$$\\frac{\\partial f}{\\partial X} = -X^{-T}$$\n" in diff
    assert unified_diff("a.md", NOTE, NOTE) == ""


def test_unified_diff_marks_a_missing_final_newline():
    diff = unified_diff("a.md", "x\ny", "x\nz")
    assert "\\ No newline at end of file" in diff


def test_with_shapes_scalars_are_neither_transposed_nor_swapped():
    lam = Symbol("lambda")
    shapes = {lam: (1, 1), A: (3, 3), x: (3, 1)}
    exprs = [e for e, _ in candidates(Mul((lam, A, x)), shape_of=shapes.get)]
    assert Mul((Transpose(lam), A, x)) not in exprs
    assert Mul((A, lam, x)) not in exprs
    assert Mul((lam, Transpose(A), x)) in exprs


def test_an_inverse_is_transposed_inside_and_explained():
    found = dict(candidates(Inverse(X)))
    assert Inverse(Transpose(X)) in found
    assert Transpose(Inverse(X)) not in found  # the same number, written worse
    assert "inverse transpose" in found[Inverse(Transpose(X))]

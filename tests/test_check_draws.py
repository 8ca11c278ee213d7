"""How many random draws a verdict rests on: one settles a claim made of analytic pieces
that holds on it; anything piecewise or discrete, and every failure, takes all three."""

import pytest

from notecheck.check.one_draw import one_draw_decides
from notecheck.config import Config
from notecheck.latex import parse
from notecheck.meaning.claims import Relation
from notecheck.pipeline import check_loaded
from notecheck.read import read_text
from notecheck.result import FAILED, UNVERIFIED, VERIFIED


def relation(lhs: str, rhs: str, **fields) -> Relation:
    return Relation(0, 0, "step", parse(lhs).statements[0], parse(rhs).statements[0], "=", **fields)


@pytest.mark.parametrize("lhs, rhs", [
    ("\\mathrm{tr}(AB)", "\\mathrm{tr}(BA)"),
    ("(AB)^{-1}", "B^{-1}A^{-1}"),
    ("\\log\\det(\\Sigma)", "-\\log\\det(\\Sigma^{-1})"),
    ("\\|x\\|^2", "x^Tx"),
    ("\\sigma(z)", "\\frac{1}{1+e^{-z}}"),
])
def test_analytic_claims_are_settled_by_the_draw_they_hold_on(lhs, rhs):
    assert one_draw_decides(relation(lhs, rhs), {}, {})


@pytest.mark.parametrize("lhs, rhs", [
    ("|x|", "x"),
    ("\\sqrt{x^2}", "x"),
    ("x^{1/2}", "x"),
    ("\\mathrm{relu}(x)", "x"),
    ("\\|x\\|_1", "\\mathbf{1}^Tx"),
])
def test_piecewise_claims_take_every_draw(lhs, rhs):
    assert not one_draw_decides(relation(lhs, rhs), {}, {})


def test_discrete_values_take_every_draw():
    from notecheck.latex.expr import Symbol

    assert not one_draw_decides(relation("y^Ty", "1"), {Symbol("y"): frozenset({"onehot"})}, {})
    assert not one_draw_decides(relation("\\sigma(z)", "z"), {}, {"sigma": "relu"})


def test_a_claim_true_for_positive_values_only_is_not_verified_on_a_positive_first_draw():
    # this note's first draw of x is positive and a later one negative (its seed is its text)
    text = "Let $x$ be a scalar (note 2).\n\n$$\\sqrt{x^2} = x$$\n"
    result = check_loaded(read_text(text, "note.md"), Config())
    assert [c.verdict for c in result.claims] == [FAILED]


def test_a_right_identity_is_still_verified():
    text = ("Let $A$ be a $3\\times 4$ matrix and $B$ a $4\\times 3$ matrix.\n\n"
            "$$\\mathrm{tr}(AB) = \\mathrm{tr}(BA)$$\n\n$$\\mathrm{tr}(AB) = \\mathrm{tr}(B^TA^T)$$\n")
    result = check_loaded(read_text(text, "note.md"), Config())
    assert [c.verdict for c in result.claims] == [VERIFIED, VERIFIED]


def test_a_claim_in_index_notation_is_settled_like_any_other():
    # each draw checks it at the same values of i and j: only the drawn A and B differ
    assert one_draw_decides(relation("(AB)_{ij}", "\\sum_k A_{ik}B_{kj}", indices=("i", "j")), {}, {})


def test_a_claim_defined_only_for_values_in_the_unit_interval_is_judged_there():
    """`\\log(p - p^2)` is defined only for p in (0, 1), which a Gaussian or a positive draw of
    five such numbers together seldom keeps to: after both, they are drawn in (0, 1), where
    the right identity holds and the lost sign is a certain error."""
    letters = "pqrst"
    left = " + ".join(f"\\log({x} - {x}^2)" for x in letters)
    right = " + ".join(f"\\log {x} + \\log(1-{x})" for x in letters)
    note = "Let $p, q, r, s, t$ be probabilities.\n\n$$%s$$\n"
    held = check_loaded(read_text(note % f"{left} = {right}", "note.md"), Config())
    lost = check_loaded(read_text(note % f"{left} = -({right})", "note.md"), Config())
    assert [c.verdict for c in held.claims] == [VERIFIED]
    assert [c.verdict for c in lost.claims] == [FAILED]


def test_a_claim_whose_inverse_exists_only_for_a_tall_matrix_is_judged_with_one():
    """Sizes are handed out in the order the note names them, so X ∈ R^{m×n} is drawn wide
    and X^TX singular; with the sizes the other way round the left inverse exists: a right
    claim about it is verified there, a wrong one (X times its left inverse is a projection,
    not I) stays unverified, never failed on a singular draw."""
    note = "Let $X \\in \\mathbb{R}^{m \\times n}$ with $m > n$ have full column rank.\n\n$$%s$$\n"
    right = check_loaded(read_text(note % "(X^TX)^{-1}X^TX = I", "note.md"), Config())
    wrong = check_loaded(read_text(note % "X(X^TX)^{-1}X^T = I", "note.md"), Config())
    assert [c.verdict for c in right.claims] == [VERIFIED]
    assert [c.verdict for c in wrong.claims] == [UNVERIFIED]
    assert "ill-conditioned" in wrong.claims[0].message

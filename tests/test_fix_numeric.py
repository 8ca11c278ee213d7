"""The smallest edit finds the author's slip: for a right gradient broken by one typical
mistake, the first candidate that holds numerically is the right gradient, and the
reason names the mistake."""

from __future__ import annotations

import numpy as np
import pytest

from notecheck.check.candidates import candidates
from notecheck.latex import parse

SIZES = {
    "X": (4, 4), "A": (4, 4), "C": (4, 4), "W": (3, 4), "M": (3, 3),
    r"\boldsymbol{a}": (4, 1), r"\boldsymbol{b}": (4, 1), r"\boldsymbol{x}": (4, 1),
    r"\boldsymbol{w}": (4, 1), r"\boldsymbol{y}": (3, 1),
}


def expr(latex: str):
    return parse(latex).statements[0]


SHAPES = {expr(name): shape for name, shape in SIZES.items()}
PROPERTIES = {expr("M"): frozenset({"symmetric"})}

SLIPS = [
    # f, variable, wrong claim, right claim, words the reason must contain
    (r"\boldsymbol{a}^TX^{-1}\boldsymbol{b}", "X", r"X^{-T}\boldsymbol{a}\boldsymbol{b}^TX^{-T}",
     r"-X^{-T}\boldsymbol{a}\boldsymbol{b}^TX^{-T}", "minus sign"),
    (r"\log|X|", "X", r"X^{-1}", r"X^{-T}", "inverse transpose"),
    (r"(W\boldsymbol{w}-\boldsymbol{y})^T(W\boldsymbol{w}-\boldsymbol{y})", r"\boldsymbol{w}",
     r"W^T(W\boldsymbol{w}-\boldsymbol{y})", r"2W^T(W\boldsymbol{w}-\boldsymbol{y})", "2"),
    (r"\boldsymbol{x}^TA\boldsymbol{x}", r"\boldsymbol{x}", r"(A+A)\boldsymbol{x}", r"(A+A^T)\boldsymbol{x}", "transposed"),
    (r"\mathrm{tr}(AXC)", "X", r"C^TA^T", r"A^TC^T", "wrong order"),
    (r"\mathrm{tr}(W^TMW)", "W", r"2MW^T", r"2MW", "drop the transpose"),
]


def holds(f, wrt, rhs, worlds) -> bool:
    from notecheck.check.numeric.compare import close
    from notecheck.check.numeric.errors import IllConditioned, Unsupported
    from notecheck.check.numeric.evaluate import evaluate
    from notecheck.check.numeric.evaluate import gradient

    for world in worlds:
        try:
            truth = gradient(f, wrt, world)
            value = evaluate(rhs, world, shape=truth.shape).value
        except IllConditioned:
            continue
        except Unsupported:
            return False
        if value.shape != truth.shape or not close(truth, value):
            return False
    return True


@pytest.mark.parametrize("f_text, wrt_text, wrong_text, right_text, words", SLIPS)
def test_first_candidate_that_holds_is_the_right_gradient(f_text, wrt_text, wrong_text, right_text, words):
    from notecheck.check.numeric.draw import draw

    f, wrt, wrong, right = expr(f_text), expr(wrt_text), expr(wrong_text), expr(right_text)
    rng = np.random.default_rng(5)
    worlds = [draw(SHAPES, PROPERTIES, rng) for _ in range(3)]
    assert holds(f, wrt, right, worlds) and not holds(f, wrt, wrong, worlds)
    for candidate, reason in candidates(wrong, shape_of=SHAPES.get):
        if holds(f, wrt, candidate, worlds):
            assert words in reason, reason
            assert candidate == right or len(repr(candidate)) == len(repr(right))  # A^T + A for A + A^T
            return
    pytest.fail("no one-step edit repairs the claim")


def test_one_term_of_a_sum_can_lose_its_factor_two():
    from notecheck.check.numeric.draw import draw

    lam = expr(r"\lambda")
    shapes = {**SHAPES, lam: (1, 1)}
    f = expr(r"\|W\boldsymbol{w}-\boldsymbol{y}\|^2 + \lambda\boldsymbol{w}^T\boldsymbol{w}")
    wrong = expr(r"2W^T(W\boldsymbol{w}-\boldsymbol{y}) + \lambda\boldsymbol{w}")
    rng = np.random.default_rng(2)
    worlds = [draw(shapes, PROPERTIES, rng) for _ in range(3)]
    for candidate, reason in candidates(wrong, shape_of=shapes.get):
        if holds(f, expr(r"\boldsymbol{w}"), candidate, worlds):
            assert candidate == expr(r"2W^T(W\boldsymbol{w}-\boldsymbol{y}) + 2\lambda\boldsymbol{w}")
            assert "2" in reason
            return
    pytest.fail("no one-step edit repairs the claim")

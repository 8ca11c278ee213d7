"""Derived gradients read the way a careful author writes them, not the way reverse mode
produces them: the forms below are what a reader of the note sees as "expected"."""

import pytest

from notecheck.check.derive import gradient
from notecheck.latex import parse
from notecheck.latex import simplify

SIZES = {
    "X": (4, 4), "A": (4, 4), "B": (4, 4), "M": (3, 3), "W": (3, 4), "\\Sigma": (3, 3), "S": (3, 3),
    r"\boldsymbol{x}": (4, 1), r"\boldsymbol{y}": (3, 1), r"\boldsymbol{\mu}": (3, 1), r"\boldsymbol{x}_i": (3, 1),
    "N": (1, 1),
}


def tex(latex: str):
    return parse(latex).statements[0]


SHAPES = {tex(name): shape for name, shape in SIZES.items()}
PROPS = {tex("M"): {"symmetric"}, tex(r"\boldsymbol{y}"): {"onehot"}, tex(r"\Sigma"): {"spd"}}

CASES = [
    # f, variable, the form the reader should see
    (r"\log|AXB|", "X", r"A^T(AXB)^{-T}B^T"),
    (r"\log|X^{-1}|", "X", r"-X^{-T}"),
    (r"\det(X^{-1})", "X", r"-\det(X^{-1})X^{-T}"),
    (r"\mathrm{tr}(W^TMW)", "W", r"2MW"),
    (r"\boldsymbol{x}^TA\boldsymbol{x}", r"\boldsymbol{x}", r"(A+A^T)\boldsymbol{x}"),
    (r"\log(\boldsymbol{1}^T\exp(W\boldsymbol{x}))", r"\boldsymbol{x}", r"W^T\text{softmax}(W\boldsymbol{x})"),
    (r"-\boldsymbol{y}^T\log\text{softmax}(W\boldsymbol{x})", "W", r"(\text{softmax}(W\boldsymbol{x})-\boldsymbol{y})\boldsymbol{x}^T"),
    (r"\log|\Sigma|", r"\Sigma", r"\Sigma^{-1}"),
]


@pytest.mark.parametrize("f, wrt, expected", CASES)
def test_derived_gradient_reads_like_the_cookbook(f, wrt, expected):
    assert gradient(tex(f), tex(wrt), shape_of=SHAPES.get, properties=PROPS) == tex(expected)


def test_numerator_layout_of_a_symmetric_sum_keeps_it_whole():
    got = gradient(tex(r"\boldsymbol{x}^TA\boldsymbol{x}"), tex(r"\boldsymbol{x}"), shape_of=SHAPES.get, layout="numerator")
    assert got == tex(r"\boldsymbol{x}^T(A+A^T)")


def test_a_long_definition_keeps_its_name_and_its_symmetry():
    defs = {tex("S"): tex(r"\frac{1}{N}\sum_{i=1}^N(\boldsymbol{x}_i-\boldsymbol{\mu})(\boldsymbol{x}_i-\boldsymbol{\mu})^T")}
    got = gradient(tex(r"\log|\Sigma| + \mathrm{tr}(\Sigma^{-1}S)"), tex(r"\Sigma"), defs, SHAPES.get, PROPS)
    assert got == tex(r"\Sigma^{-1} - \Sigma^{-1}S\Sigma^{-1}")


def test_simplify_pushes_transposes_and_folds_numbers():
    assert simplify(tex(r"((AB)^T)^T + 2\cdot 3 A B"), shape_of=SHAPES.get) == tex(r"7AB")
    assert simplify(tex(r"(X^{-1})^T"), shape_of=SHAPES.get) == tex(r"X^{-T}")
    assert simplify(tex(r"M^T\boldsymbol{y} + M\boldsymbol{y}"), shape_of=SHAPES.get, properties=PROPS) == tex(r"2M\boldsymbol{y}")


def test_an_abstract_function_gives_the_chain_rule_in_the_notes_notation():
    import numpy as np

    from notecheck.check.numeric.compare import close
    from notecheck.check.numeric.draw import draw
    from notecheck.check.numeric.evaluate import evaluate
    from notecheck.check.numeric.evaluate import gradient as numeric_gradient

    shapes = {tex("A"): (2, 3), tex("X"): (3, 4), tex("B"): (4, 5), tex("Y"): (2, 5)}
    f_of_y = tex("f(Y)")
    defs = {tex("Y"): tex("AXB")}
    got = gradient(f_of_y, tex("X"), defs, shapes.get)
    assert got == tex(r"A^T\frac{\partial f}{\partial Y}B^T")
    world = draw(shapes, {}, np.random.default_rng(0))
    truth = numeric_gradient(f_of_y, tex("X"), world, defs)
    assert close(truth, evaluate(got, world, {**defs, tex("f"): f_of_y}).value)


def test_the_gradient_by_one_member_of_a_family_is_its_own_term_not_the_sum():
    s_i, y_i = tex(r"\boldsymbol{s}_i"), tex(r"\boldsymbol{y}_i")
    shapes = {s_i: (3, 1), y_i: (3, 1)}
    f = tex(r"-\sum_{i=1}^N\boldsymbol{y}_i^T\log\text{softmax}(\boldsymbol{s}_i)")
    got = gradient(f, s_i, shape_of=shapes.get, properties={y_i: {"onehot"}})
    assert got == tex(r"\text{softmax}(\boldsymbol{s}_i)-\boldsymbol{y}_i")

"""Readings of other people's notes that are not certain, so a claim that fails under one
of them is `unverified`, never an error (batch 27: a Russian lecture notebook on
automatic differentiation, a Jekyll page on Jacobians)."""

import pytest

from notecheck.config import Config
from notecheck.latex.expr import Matrix, Number, Symbol
from notecheck.latex.parser import parse
from notecheck.pipeline import check_loaded
from notecheck.read import read_text
from notecheck.result import FAILED, UNVERIFIED, VERIFIED


def check_text(text: str):
    return check_loaded(read_text(text, "note.md", plugins=[]), Config())


def errors(result) -> list[str]:
    return [f.code for f in result.findings if f.severity == "error"]


GRAPH = ("| variable | function | derivative |\n|:---:|:---:|:---:|\n"
         "| $b$ | $exp(a)$ | $\\frac{\\partial b}{\\partial a} = \\exp (a)$ |\n"
         "| $c$ | $a + b$ | $\\frac{\\partial c}{\\partial a} = \\frac{\\partial c}{\\partial b} = 1$ |\n"
         "| $f$ | $\\sqrt c$ | $\\frac{\\partial f}{\\partial c} = \\frac{1}{2\\sqrt c}$ |\n\n")


def test_a_chain_rule_over_a_graph_given_in_a_table_is_not_called_wrong():
    """c is a function of b, so ∂f/∂c may follow b's path or hold b fixed: backpropagation's
    sum `∂f/∂b ∂b/∂a + ∂f/∂c ∂c/∂a` is right read the first way."""
    result = check_text(GRAPH + "$$\\frac{\\partial f}{\\partial a} = \\frac{\\partial f}{\\partial b} \\cdot "
                        "\\frac{\\partial b}{\\partial a} + \\frac{\\partial f}{\\partial c} \\cdot "
                        "\\frac{\\partial c}{\\partial a}$$\n")
    assert FAILED not in [c.verdict for c in result.claims] and errors(result) == []
    summed = [c for c in result.claims if result.note.formulas[c.formula].line == 7]
    assert [c.verdict for c in summed] == [UNVERIFIED] and "path" in summed[0].message


def test_the_tensor_product_of_two_vectors_may_be_their_outer_product():
    text = "Let $x \\in \\mathbb{R}^3$. Then $x^2 = x \\otimes x = x \\cdot x^T$ is a matrix.\n"
    result = check_text(text)
    assert errors(result) == [] and FAILED not in [c.verdict for c in result.claims]
    kron = check_text("Let $P \\in \\mathbb{R}^{2 \\times 3}$, $A \\in \\mathbb{R}^{4 \\times 5}$ and "
                      "$W \\in \\mathbb{R}^{3 \\times 4}$.\n\n$$\\mathrm{vec}(PWA) = (P \\otimes A^T)\\mathrm{vec}(W)$$\n")
    assert "NC401" in errors(kron)  # matrices: the Kronecker product it is, and the law is wrong


def test_numbers_a_wide_space_separates_are_a_row_not_one_number():
    row = parse("[6 \\ \\ \\ 14] \\cdot v").statements[0].left
    assert row == Matrix(((Number(6), Number(14)),), "[")
    assert parse("1\\,000").statements[0] == Number(1000)  # a thin space groups digits


def test_an_exercise_that_places_a_defined_letter_in_a_space_may_mean_a_new_one():
    result = check_text("We write $\\mathbf{y} = \\mathbf{W}\\mathbf{x}$ with $\\mathbf{W} \\in \\mathbb{R}^{n \\times m}$, "
                        "so $\\frac{d\\mathbf{y}}{d\\mathbf{x}} = \\mathbf{W}$.\n\n"
                        "Verify that $$\\frac{d}{d\\mathbf{x}} \\mathbf{y}^T \\mathbf{A} \\mathbf{x} = \\mathbf{y}^T \\mathbf{A},$$"
                        " where\n$\\mathbf{x} \\in \\mathbb{R}^m$, $\\mathbf{A} \\in \\mathbb{R}^{n \\times m}$ and "
                        "$\\mathbf{y} \\in \\mathbb{R}^n$.\n")
    assert errors(result) == [] and FAILED not in [c.verdict for c in result.claims]


def test_a_sites_bold_letter_macros_are_read_as_bold_letters_and_a_failure_through_them_is_uncertain():
    """`\\Bx`, `\\By`, `\\BA` kept in a blog's MathJax configuration, not in the note: read
    as bold letters when the note uses three or more and defines none."""
    result = check_text("Let $\\Bx \\in \\mathbb{R}^n$, $\\By \\in \\mathbb{R}^n$ and $\\BA \\in \\mathbb{R}^{n\\times n}$.\n\n"
                        "$$\\frac{\\partial \\Bx^T\\BA\\By}{\\partial \\Bx} = \\BA\\By$$\n\n"
                        "$$\\frac{\\partial \\Bx^T\\BA\\By}{\\partial \\By} = \\BA\\Bx$$\n")
    right, wrong = result.claims
    assert right.verdict == VERIFIED
    assert wrong.verdict == UNVERIFIED and "`\\BA` as a bold A" in wrong.message and errors(result) == []
    alone = check_text("$$\\Bx = 1$$\n")
    assert any("undefined macro \\Bx" in f.message for f in alone.findings)


@pytest.mark.parametrize("x, A, y", [(r"\bx", r"\bA", r"\by"), (r"\bX", r"\bA", r"\bbeta"),
                                     (r"\v x", r"\v A", r"\v y"), (r"\bs{x}", r"\bs{A}", r"\bs{y}")])
def test_other_spellings_of_a_sites_bold_macros_and_greek_letters_are_not_one(x, A, y):
    """`\\bX`, `\\bbeta` (an econometrics course), `\\v x` (an optimization script), `\\bs{x}`: a
    site's bold letters too; `\\bx` is not read (its `b` may be another word's), nor `\\beta` ever."""
    text = (f"Let ${x} \\in \\mathbb{{R}}^n$, ${y} \\in \\mathbb{{R}}^n$ and ${A} \\in \\mathbb{{R}}^{{n\\times n}}$.\n\n"
            f"$$\\frac{{\\partial {x}^T{A}{y}}}{{\\partial {x}}} = {A}{y}$$\n\n$$\\beta = 1$$\n")
    result = check_text(text)
    if x == r"\bx":
        assert any("undefined macro \\bx" in f.message for f in result.findings)
        return
    assert [c.verdict for c in result.claims if c.kind == "derivative"] == [VERIFIED]
    assert errors(result) == [] and parse(r"\beta").statements[0] == Symbol("beta")

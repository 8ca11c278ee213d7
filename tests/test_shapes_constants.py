"""Saying a symbol is constant does not forget the shape it was declared with; calling a
capital a constant number (常数) reads it as a number, never as a fact that fails a claim."""

from notecheck.config import Config
from notecheck.pipeline import check_loaded
from notecheck.read import read_text

NOTE = r"""Let $X \in \mathbb{R}^{m\times n}$, $\mathbf{y}\in\mathbb{R}^{m}$ and $\mathbf{w}\in\mathbb{R}^{n}$.

$$L = \|X\mathbf{w} - \mathbf{y}\|^2$$

Take the differential; $X$ and $\mathbf{y}$ are constants:

$$\frac{\partial L}{\partial \mathbf{w}} = 2X(X\mathbf{w}-\mathbf{y})$$
"""


def test_a_transpose_dropped_after_a_constants_remark_is_a_shape_error_with_its_fix():
    result = check_loaded(read_text(NOTE, "ls.md"), Config())
    shape = [f for f in result.findings if f.code == "NC301"]
    assert [(f.line, f.fix) for f in shape] == [(7, r"2X^T(X\mathbf{w}-\mathbf{y})")]
    assert [c.verdict for c in result.claims if c.kind == "derivative"] == ["failed"]


CONSTANT_NUMBER = ("函数$f: \\mathbb{R} \\rightarrow \\mathbb{R}$的输入和输出都是标量。设$C$为WORD，那么\n\n"
                   "$$\\frac{\\text{d}}{\\text{d}x} [Cf(x)] = C \\frac{\\text{d}}{\\text{d}x} f(x)$$\n")


def test_a_capital_called_a_constant_number_is_a_number_and_its_rule_is_in_no_layout():
    """"设 C 为常数" (d2l's appendix): C is a number, so d/dx[Cf(x)] = C d/dx f(x) holds
    in the note's layout; read as a matrix (the capital's convention) it holds only in
    numerator layout. "常数矩阵" still says a matrix: the rule is then in numerator order,
    which in a note nothing else tells the layout of is the author's, not a warning."""
    number = check_loaded(read_text(CONSTANT_NUMBER.replace("WORD", "常数"), "d2l.md"), Config())
    assert [c.verdict for c in number.claims] == ["verified"] and number.findings == []
    assert "numerator" not in number.claims[0].message
    matrix = check_loaded(read_text(CONSTANT_NUMBER.replace("WORD", "常数矩阵"), "d2l.md"), Config())
    assert [(c.verdict, c.message) for c in matrix.claims] == [("verified", "verified in numerator layout")]
    assert matrix.findings == []


def test_a_constant_number_used_as_a_matrix_is_unverified_never_an_error():
    """The number is a prior, not a declaration: a claim that needs C to be a matrix is
    left unverified, with the reading that made it so."""
    text = ("设$C$为常数，$\\mathbf{x}$ 是列向量。\n\n"
            "$$\\frac{\\partial (C\\mathbf{x})}{\\partial \\mathbf{x}} = C^T$$\n")
    result = check_loaded(read_text(text, "c.md"), Config())
    assert [c.verdict for c in result.claims] == ["unverified"]
    assert "called a constant, read as a number" in result.claims[0].message
    assert [f.code for f in result.findings] == ["NC701"]

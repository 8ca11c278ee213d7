"""Saying a symbol is constant does not forget the shape it was declared with."""

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

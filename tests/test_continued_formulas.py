"""A formula that starts with `=` goes on from the formula right before it: notebooks write
a derivation one display per step, Zhihu one equation image per step. Its first side is
that formula's last side, so the step between the two is checked like any other."""

from notecheck.config import Config
from notecheck.check import apply_edits
from notecheck.latex import parse_formulas
from notecheck.pipeline import check_loaded
from notecheck.read import read_text
from notecheck.result import FAILED, VERIFIED

SIZES = "Let $A, B \\in \\mathbb{R}^{n \\times n}$.\n\n"


def check_text(text: str):
    return check_loaded(read_text(text, "note.md", plugins=[]), Config())


def test_a_display_starting_with_equals_checks_the_step_from_the_display_before_it():
    text = SIZES + "$$\n\\mathrm{tr}(A^T B) = \\sum_{i,j} A_{ij} B_{ij}\n$$\n\n$$\n= \\mathrm{tr}(A B)\n$$\n"
    result = check_text(text)
    wrong = [c for c in result.claims if c.verdict == FAILED]
    assert [(c.lhs, c.rhs) for c in wrong] == [("\\sum_{i,j} A_{ij}B_{ij}", "\\mathrm{tr}(A B)")]
    errors = [f for f in result.findings if f.severity == "error"]
    assert [(f.code, f.line) for f in errors] == [("NC401", 8)]
    fixed = apply_edits(text, [errors[0].edit])  # the fix goes in the formula that states the step
    assert "\n= \\mathrm{tr}(A^TB)\n" in fixed and "\\mathrm{tr}(A^T B) = \\sum" in fixed


def test_side_by_side_formulas_and_a_line_break_between_them_are_one_chain():
    result = check_text(SIZES + "Since $\\mathrm{tr}(AB) = \\mathrm{tr}(BA)$<br>\n$= \\mathrm{tr}(A^T B^T)^T$"
                        " and $x = 2 + 1$ $= 3$.\n")
    steps = {(c.lhs, c.rhs): c.verdict for c in result.claims}
    assert steps["\\mathrm{tr}(BA)", "\\mathrm{tr}(A^T B^T)^T"] == VERIFIED
    assert steps["2 + 1", "3"] == VERIFIED


def test_words_or_another_cell_between_keep_a_formula_apart():
    note = read_text("$$\nf(x) = x^2\n$$\n\nReLU ($= \\max(0, x)$) acts on each entry.\n", "note.md", plugins=[])
    trees, errors, _ = parse_formulas(note)
    assert trees[1] is None and errors[1].startswith("starts with '='")
    cells = '{"cells": [%s], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}' % ", ".join(
        '{"cell_type": "markdown", "metadata": {}, "source": ["%s"]}' % source for source in ("$$a = b$$", "$$= c$$"))
    notebook = read_text(cells, "note.ipynb", plugins=[])
    trees, errors, _ = parse_formulas(notebook)
    assert trees[1] is None

"""Hostile or broken LaTeX ends in a ParseError with a column, never a crash or a hang."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notecheck.latex.expr import Parsed
from notecheck.latex import MAX_NESTING, ParseError, parse


@pytest.mark.parametrize("opener,closer", [
    ("{", "}"), ("(", ")"), (r"\left(", r"\right)"), (r"\sqrt{", "}"), ("x^{", "}"),
    (r"\frac{1}{", "}"), (r"\boldsymbol{", "}"), ("f(", ")"), ("d(", ")"), (r"\|", r"\|"),
    (r"\begin{bmatrix}", r"\end{bmatrix}"),
])
def test_deep_nesting_is_refused_cleanly(opener, closer):
    for depth in (MAX_NESTING + 5, 3000):
        with pytest.raises(ParseError) as caught:
            parse(opener * depth + "x" + closer * depth)
        assert caught.value.col >= 1


def test_ten_thousand_nested_braces_and_a_too_long_formula():
    with pytest.raises(ParseError):
        parse("{" * 10_000 + "x" + "}" * 10_000)
    with pytest.raises(ParseError, match="too long"):
        parse("x+" * 15_000 + "x")


def test_a_long_but_allowed_formula_parses_quickly():
    latex = " + ".join(r"\operatorname{tr}(A_{%d}^T X)" % k for k in range(500))
    start = time.perf_counter()
    tree = parse(latex)
    assert time.perf_counter() - start < 2
    assert len(tree.statements[0].terms) == 500


def test_nested_function_letters_do_not_backtrack_exponentially():
    start = time.perf_counter()
    parse("f(" * 20 + "x" + ")" * 20)
    assert time.perf_counter() - start < 1


PIECES = list("abxXYdIO012()[]{}|^_'+-=,;&<>/.*:!?$#%~") + [
    r"\frac", r"\left", r"\right", r"\|", r"\sum", r"\nabla", r"\partial", r"\boldsymbol", r"\mathrm",
    r"\text", r"\sigma", r"\odot", r"\cdot", r"\begin{bmatrix}", r"\end{bmatrix}", r"\begin{aligned}",
    r"\end{aligned}", r"\\", r"\operatorname", r"\lvert", r"\rvert", r"\langle", r"\rangle", " ",
    r"\mathbb", r"\quad", r"\det", r"\log", r"\sqrt", r"\bar", r"\underbrace", r"\pm", r"\in", "当",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_token_soup_parses_or_fails_with_a_column(latex):
    try:
        tree = parse(latex)
    except ParseError as err:
        assert 1 <= err.col <= len(latex) + 1
    else:
        assert isinstance(tree, Parsed)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_unicode_text_parses_or_fails_with_a_column(latex):
    try:
        parse(latex)
    except ParseError as err:
        assert 1 <= err.col <= len(latex) + 1


def test_parsing_and_printing_load_no_numeric_library():
    """`notecheck check` must start fast: the parse path stays free of numpy and sympy."""
    import subprocess
    import sys

    code = ("import sys, notecheck.latex;"
            "notecheck.latex.to_latex(notecheck.latex.parse(r'\\frac{\\partial f}{\\partial X}=A^T'));"
            "print(sorted(m for m in ('numpy', 'sympy', 'jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

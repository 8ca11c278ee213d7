"""Messages on a page: the LaTeX in them typeset, the prose left as escaped text."""

from __future__ import annotations

import re

from notecheck.publish.site_text import math_text


def pieces(html: str) -> list[str]:
    """The LaTeX of each typeset piece of `html`, in order (from the MathML annotation)."""
    return re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', html)


def prose(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.sub(r'<span class="nc-math">.*?</math></span>', "[math]", html))


def test_a_backtick_span_is_typeset_and_the_prose_after_it_kept():
    html = math_text(r"`\boldsymbol{a}\boldsymbol{x}`: cannot multiply a column vector (n×1) by a column vector (n×1)")
    assert pieces(html) == [r"\boldsymbol{a}\boldsymbol{x}"]
    assert prose(html) == "[math]: cannot multiply a column vector (n×1) by a column vector (n×1)"


def test_a_run_of_math_words_inside_prose_is_one_formula():
    html = math_text(r"sign (the sign is wrong: d(X^{-1}) = -X^{-1} dX X^{-1} brings a minus sign)")
    assert pieces(html) == [r"d(X^{-1}) = -X^{-1} dX X^{-1}"]
    assert prose(html) == "sign (the sign is wrong: [math] brings a minus sign)"


def test_parentheses_and_punctuation_around_a_formula_stay_prose():
    html = math_text(r"wrong value (\lambda\boldsymbol{w}: a factor 2 is missing (x^TAx gives 2Ax when A is symmetric))")
    assert pieces(html) == [r"\lambda\boldsymbol{w}", "x^TAx"]
    assert prose(html) == "wrong value ([math]: a factor 2 is missing ([math] gives 2Ax when A is symmetric))"
    reads = math_text(r"in denominator layout it reads (\mathbf{x}^\top(A + A^\top))^\top")
    assert pieces(reads) == [r"(\mathbf{x}^\top(A + A^\top))^\top"]
    starts_plain = math_text(r"it reads ((A + A^T)\boldsymbol{x})^T")
    assert pieces(starts_plain) == [r"((A + A^T)\boldsymbol{x})^T"] and prose(starts_plain) == "it reads [math]"


def test_prose_without_math_is_only_escaped():
    text = "right, but the note's layout - see <b>here</b>"
    assert math_text(text) == "right, but the note&#x27;s layout - see &lt;b&gt;here&lt;/b&gt;"


def test_latex_that_cannot_be_typeset_stays_as_escaped_text():
    html = math_text(r"broken \frac{a <script>")
    assert "<math" not in html and "<script>" not in html and r"<code>\frac{a</code>" in html


def test_symbol_names_in_a_message_keep_their_whole_subscript():
    html = math_text("X, X_ij appears on one side only and is not defined")
    assert pieces(html) == ["X_{ij}"] and "<msub><mi>X</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub>" in html
    listed = math_text("W_1, a_2,1, b_2 appear on one side only")
    assert "<mrow><mn>2</mn><mo>,</mo><mn>1</mn></mrow>" in listed

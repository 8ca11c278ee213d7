"""The typesetter's own builder writes exactly what latex2mathml's tree writes, or declines.

`fast_mathml` replaces latex2mathml's tokenizer, walker and converter (and the writing
out of its element tree) for the common formulas; if its MathML ever differed, a page of
the site would change. Held on every
formula of our notes, the examples, the seeds and the public corpus (inline and display:
`\\sum`'s limits move in display), and on generated formulas: well-formed ones of the
constructs it builds, and random strings of its tokens and of those it must decline
(misplaced scripts and braces, unknown environments, comments, dimensions)."""

from pathlib import Path

import latex2mathml
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notecheck.publish.mathml import TYPESETTING_REWRITES, braces_fit, library_mathml, typeset
from notecheck.publish.mathml_fast import VERIFIED_VERSION, MissingEnd, fast_mathml

from note_formulas import formulas_in

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# with another latex2mathml every formula goes to it (the output stays right, only slower)
takes_the_fast_way = pytest.mark.skipif(
    latex2mathml.__version__ != VERIFIED_VERSION,
    reason=f"mathml_fast copies latex2mathml {VERIFIED_VERSION}, not {latex2mathml.__version__}: "
           "compare it with this version and update VERIFIED_VERSION")


def library_output(latex: str, mode: str) -> str | None:
    try:
        return library_mathml(latex, mode)
    except Exception:  # latex2mathml raises many types; the page then shows the source
        return None


def same_as_library(latex: str) -> bool:
    """Whether `fast_mathml` writes what latex2mathml's tree writes or declines, in both
    modes; True only when it wrote it."""
    for pattern, replacement in TYPESETTING_REWRITES:
        latex = pattern.sub(replacement, latex)
    built = True
    for mode in ("inline", "block"):
        try:
            fast = fast_mathml(latex, mode)
        except MissingEnd:
            assert library_output(latex, mode) is None, (latex, mode)  # latex2mathml raises too
            built = False
            continue
        if fast is None:
            built = False
            continue
        assert fast == library_output(latex, mode), (latex, mode)
    return built


@takes_the_fast_way
def test_same_mathml_on_our_notes_and_examples():
    formulas = sorted(set(formulas_in([ROOT / "examples", ROOT / "tests" / "notes"])))
    built = sum(same_as_library(latex) for latex in formulas)
    assert built > 0.9 * len(formulas), "the common formulas take the fast way"


@takes_the_fast_way
def test_same_mathml_on_the_seeds_and_the_corpus(seeds, corpus):
    formulas = sorted(set(formulas_in([seeds, corpus])))
    assert len(formulas) > 1000
    built = sum(same_as_library(latex) for latex in formulas)
    assert built > 0.9 * len(formulas)


@pytest.mark.parametrize("latex", [
    r"\sum_{i=1}^N x_i", r"\sum^N_{i} x", r"\left( \sum_i x \right)", r"\prod_k a_k'",
    r"x'' + y''' + z_i' + w'^2", r"x^a_b", r"\underbrace{a+b}_{n} + \overbrace{c}^{m}",
    r"{\bf V}x + {\rm d}y + \tt x + \mit{y} + {\cal L}", r"\bm{\mathbf{X}}^2 \boldsymbol{\hat{x}}",
    r"\mathrm{d}x\,\mathbb{R}^{m\times n}",
    r"\begin{bmatrix} a & b \\ c & d \\ \end{bmatrix}", r"\begin{split} a &= b \\ &= c \end{split}",
    r"\begin{array}{c} x \\ y \end{array}", r"\begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}",
    r"\begin{pmatrix} {r} & 1 \end{pmatrix}", r"\frac{\partial f}{\partial X} = \dfrac{1}{2} \sqrt{x}",
    r"\operatorname{tr}(A) \operatorname*{argmin}_x \det X \min_x \log x \Attn",
    r"{\displaystyle \sum_i x} \large y \color{red} z \Big( \bigl[ \boxed{x} \mbox{a b} \\[2ex] -2em",
    r"\begin{split} a &= b \color{blue} c \\[5pt] &= \displaystyle d \end{split}",
    r"\text{a & b} \text{&amp; &#60;} \mbox{&} \tag{a&b} \text{} {} \sqrt{} \frac{}{} \hat{} \bm{}",
    r"\begin{bmatrix}\end{bmatrix} \begin{split}\end{split} a & b \\ c \left. x \right.",
    r"x < y > z \text{a b} \tag{1} \| x \|_2 \{ y \} \langle a, b \rangle \left\| x \right. \quad \ ~",
])
@takes_the_fast_way
def test_same_mathml_on_each_construct(latex):
    assert same_as_library(latex)


@pytest.mark.parametrize("latex", [
    r"\begin{split} a &= b \\ c", r"x + \begin{bmatrix} a & b", r"\left( \begin{cases} a",
    r"\frac{a}{b} \begin{aligned} x", r"\sqrt \begin{matrix} a", r"\begin{pmatrix} \begin{matrix} a \end{matrix}",
])
@takes_the_fast_way
def test_an_environment_without_its_end_is_not_typeset_as_latex2mathml_does_not(latex):
    for pattern, replacement in TYPESETTING_REWRITES:
        latex = pattern.sub(replacement, latex)
    for mode in ("inline", "block"):
        with pytest.raises(MissingEnd):
            fast_mathml(latex, mode)
        assert library_output(latex, mode) is None
    assert "nc-tex-error" in typeset(latex, True)


@pytest.mark.parametrize("latex", [
    r"x^", r"x^^2", r"x_a_b", r"{x", r"\left( x", r"\frac{a}", r"\begin{bmatrix} a {", r"\sqrt[3]{x}",
    r"a % comment", r"\hspace{2cm} x", r"\newcommand{\R}{\mathbb{R}} \R", r"\colorbox{red}{x}", r"'x",
    r"x \right)", r"{x^}", r"\text{a<b}", r"\begin{array}{c|c} a & b \end{array}", r"\mathbf", r"1.5.3 .5",
])
def test_declines_what_it_does_not_build(latex):
    for pattern, replacement in TYPESETTING_REWRITES:
        latex = pattern.sub(replacement, latex)
    assert fast_mathml(latex, "inline") is None


SYMBOLS = st.sampled_from(
    "x y A B 1 2 3.5 + - = ( ) [ ] | , . ; : ! < > @ ~ * / "
    r"\alpha \sigma \partial \nabla \top \odot \otimes \times \cdot \in \cdots \ldots \infty "
    r"\log \exp \det \min \max \sum \prod \int \Attn \| \{ \} \, \quad \ ~ \mathbf{X} \mathbb{R} "
    r"\mathrm{d} \operatorname{tr} \text{a~b} \bf \rm \langle \rangle".split()
)


@st.composite
def formulas(draw, depth=3):
    """Well-formed formulas of the constructs `fast_mathml` builds."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 9 if depth > 0 else 0))
        inner = (lambda: draw(formulas(depth=depth - 1))) if depth > 0 else None
        if kind == 0:
            parts.append(draw(SYMBOLS))
        elif kind == 1:
            parts.append(draw(SYMBOLS) + draw(st.sampled_from(["^", "_"])) + "{" + inner() + "}")
        elif kind == 2:
            primes = draw(st.sampled_from(["", "'", "''"]))
            parts.append(draw(SYMBOLS) + "_" + draw(SYMBOLS) + "^" + draw(SYMBOLS) + primes)
        elif kind == 3:
            parts.append(draw(st.sampled_from([r"\frac", r"\dfrac"])) + "{" + inner() + "}{" + inner() + "}")
        elif kind == 4:
            left, right = draw(st.sampled_from([("(", ")"), ("[", "]"), (r"\|", "."), (r"\langle", r"\rangle")]))
            parts.append(rf"\left{left} {inner()} \right{right}")
        elif kind == 5:
            command = draw(st.sampled_from(r"\mathbf \boldsymbol \bm \pmb \mathrm \mathbb \mathcal \hat \bar "
                                           r"\tilde \vec \sqrt \underbrace \overbrace \overline".split()))
            parts.append(command + "{" + inner() + "}")
        elif kind == 6:
            parts.append("{" + inner() + "}" + draw(st.sampled_from(["", "'", "^T", "_i", "^{-1}"])))
        elif kind == 7:
            env = draw(st.sampled_from(["bmatrix", "pmatrix", "matrix", "vmatrix", "split", "cases"]))
            rows = " \\\\ ".join(" & ".join(inner() for _ in range(2)) for _ in range(draw(st.integers(1, 2))))
            parts.append(rf"\begin{{{env}}} {rows} \end{{{env}}}")
        elif kind == 8:
            parts.append(draw(st.sampled_from([r"\sum", r"\prod"])) + "_{" + inner() + "}^" + draw(SYMBOLS))
        else:
            parts.append(draw(SYMBOLS) + "'")
    return draw(st.sampled_from([" ", ""])).join(parts)


@settings(max_examples=400, deadline=None)
@given(formulas())
def test_same_mathml_on_generated_formulas(latex):
    same_as_library(latex)


SOUP = st.sampled_from(
    r"x A 1 2.5 + = ( ) [ ] | & ' ^ _ { } \\ \frac \dfrac \left \right \sqrt \hat \mathbf \bm "
    r"\boldsymbol \mathbf{X} \sum \prod \text{t} \operatorname{tr} \underbrace \overbrace \bf "
    r"\begin{bmatrix} \end{bmatrix} \begin{split} \end{split} \begin{array} \end{array} {c} {r} "
    r"\begin{cases} \end{cases} \begin{foo} \end{foo} \prime \color{red} \newcommand \limits % 2cm . .5 "
    r"\tt \mit \cal \rm \mathdollar \mathop \sqrt[3] \not \gcd \lim \int \space "
    r"\displaystyle \large \color{blue} \Big \bigl \boxed \mbox{m} \colorbox \middle \\[2ex] 3mm "
    r"\, \quad \partial \Attn \tag{1} \min \det".split() + [" ", "\n"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(SOUP, min_size=1, max_size=14).map("".join))
def test_same_mathml_or_declined_on_random_token_strings(latex):
    same_as_library(latex)


def braces_counted_one_by_one(latex: str) -> tuple[int, bool]:
    """The deepest brace and whether all close, as first written: a character at a time."""
    depth = deepest = 0
    balanced, escaped = True, False
    for ch in latex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "}":
            balanced = balanced and depth > 0
            depth = max(depth - 1, 0)
    return deepest, balanced and depth == 0


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="\\{}a \n", max_size=16), st.integers(0, 5))
def test_braces_fit_as_counted_one_character_at_a_time(latex, limit):
    deepest, balanced = braces_counted_one_by_one(latex)
    assert braces_fit(latex, limit) == (balanced and deepest <= limit)


def test_braces_fit_up_to_the_limit():
    assert braces_fit("{" * 100 + "}" * 100, 100)
    assert not braces_fit("{" * 101 + "}" * 101, 100)
    assert braces_fit(r"\frac{a}{b}\{", 1) and not braces_fit(r"\frac{a", 100) and braces_fit("a\\", 0)

"""Untrusted notes: any mix of prose and formulas gives findings or nothing, never a crash,
and a right note stays quiet however its sentences are shuffled."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notecheck.meaning import read_context
from notecheck.findings import RULES, Finding
from notecheck.latex import parse_formulas
from notecheck.read import read_text
from notecheck.meaning import infer

FORMULAS = [
    "X\\in\\mathbb{R}^{m\\times n}", "\\boldsymbol{a}", "m×1", "f = \\boldsymbol{a}^T X\\boldsymbol{b}",
    "\\frac{\\partial f}{\\partial X} = \\boldsymbol{a}\\boldsymbol{b}^T", "A,B", "\\boldsymbol{a}\\boldsymbol{x}",
    "\\text{tr}(X)", "X^{-1}", "\\sigma(WX)\\odot Y", "x^TAx", "\\sum_{i=1}^N \\boldsymbol{x}_i",
    "\\operatorname{vec}(X) = (I\\otimes A)\\boldsymbol{b}", "<\\nabla_X f, d\\boldsymbol{x}>_F", "\\left(", "}{",
    "\\mathbf{1}^T\\exp(\\boldsymbol{a})", "y^t", "\\lambda_i(Y)", "\\boldsymbol{h}_1(\\boldsymbol{c})^T",
]
WORDS = ["其中", "是", "为", "列向量", "矩阵", "标量", "对称正定", "常量", "，", "。", "例2：", "# 标题\n",
         "where", "is", "one-hot", "分子布局", "分母布局", "这是", "设", "Let", "\n\n", " ", "a", "X", "σ",
         "exp表示逐元素求指数", "与X尺寸相同的矩阵", "m×n", "|"]

piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(FORMULAS).map(lambda f: f"${f}$"))


def check(text: str):
    note = read_text(text, "fuzz.md", plugins=[])
    trees = parse_formulas(note)[0]
    context = read_context(note, trees)
    env, findings = infer(note, trees, context)
    env.concrete()
    return findings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(piece, max_size=30))
def test_any_mix_of_prose_and_formulas_is_handled(pieces):
    findings = check("".join(pieces))
    assert all(isinstance(f, Finding) and f.code in RULES and f.line >= 1 for f in findings)


RIGHT = [
    "例1：$f = \\boldsymbol{a}^T X\\boldsymbol{b}$，其中 $\\boldsymbol{a}$ 是 $m×1$ 列向量，$X$ 是 $m\\times n$ 矩阵，"
    "$\\boldsymbol{b}$ 是 $n×1$ 列向量。",
    "$df = \\text{tr}(\\boldsymbol{b}\\boldsymbol{a}^T dX)$。",
    "$\\frac{\\partial f}{\\partial X} = \\boldsymbol{a}\\boldsymbol{b}^T$。",
    "$\\boldsymbol{u}\\cdot\\boldsymbol{u} = \\boldsymbol{u}^T\\boldsymbol{u}$。",
    "$d(XY) = (dX)Y + XdY$。",
    "$\\sigma'(X) = \\sigma(X)\\odot(1-\\sigma(X))$。",
]


@settings(max_examples=30, deadline=None)
@given(st.permutations(RIGHT[1:]))
def test_a_right_note_stays_quiet_in_any_order(rest):
    assert check("\n\n".join([RIGHT[0], *rest]) + "\n") == []


def test_a_function_named_like_a_vector_the_note_defined_does_not_crash_shape_inference():
    """φ defined as a column of basis functions, then applied, `w^T φ(x_i)`: a transpose
    trial toggled the φ of the application and shape inference failed (NC901)."""
    from notecheck.config import Config
    from notecheck.pipeline import check_loaded
    from notecheck.read import read_text

    text = ("The basis functions are $\\mathbf{\\phi}=\\begin{bmatrix}\\phi_0 \\\\ \\phi_1 \\\\ \\phi_2\\end{bmatrix}$ "
            "and $\\mathbf{x}_i \\in \\mathbb{R}^D$.\n\n$$\\hat y_i = \\mathbf{w}^\\top\\mathbf{\\phi}(\\mathbf{x}_i)$$\n")
    result = check_loaded(read_text(text, "note.md"), Config())
    assert "NC901" not in [f.code for f in result.findings]


def test_a_doubt_about_a_side_carried_from_the_formula_before_does_not_crash():
    """A French report's softmax derivation goes on over five `$$= …$$` formulas; the
    division its last one's doubt names was carried from the formula before, whose text
    holds it, and quoting it asked a fraction for a letter's name (NC901, every claim of
    the note left unverified)."""
    from notecheck.config import Config
    from notecheck.pipeline import check_loaded
    from notecheck.read import read_text

    text = ("$$\\frac{\\partial}{\\partial \\theta_{j}} \\left(X \\theta_{k}^T - log\\left(\\sum_i^K e^{X \\theta_i^T}"
            "\\right)\\right) $$\n"
            "$$= - \\frac{\\partial}{\\partial \\theta_{j}}log\\left(\\sum_i^K e^{X \\theta_i^T}\\right) $$\n"
            "$$= - \\frac{1}{\\sum_i^K e^{X \\theta_i^T}} \\frac{\\partial}{\\partial \\theta_{j}}"
            "\\sum_i^K e^{X \\theta_i^T} $$\n"
            "$$= - \\frac{1}{\\sum_i^K e^{X \\theta_i^T}} \\frac{\\partial}{\\partial \\theta_{j}}e^{X \\theta_j^T} $$\n"
            "$$= - \\frac{Xe^{X \\theta_j^T}}{\\sum_i^K e^{X \\theta_i^T}} $$\n")
    result = check_loaded(read_text(text, "report.md"), Config())
    assert "NC901" not in [f.code for f in result.findings]
    assert len(result.claims) == 4

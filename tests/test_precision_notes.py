"""Precision first, on notes written the way other people write: letters rebound per
exercise, properties negated, named functions defined and differentiated, definitions
restated, a notebook. Every wrong claim (marked `<!-- expect: wrong -->`) is flagged,
no right claim fails, and nearly every right claim is verified; where the reading is
uncertain the claim is unverified, with the reason, never an error."""

import json
from pathlib import Path

import pytest

from notecheck.config import Config
from notecheck.findings import ERROR
from notecheck.pipeline import check_file, check_loaded
from notecheck.meaning.sections import alternative_items, list_items
from notecheck.read import read_text
from notecheck.result import FAILED, UNVERIFIED, VERIFIED

from marked_notes import CHECKED_KINDS, MARK, is_flagged

NOTES = Path(__file__).parent / "notes"
PRECISION_NOTES = ["precision_exercises_en.md", "precision_examples_zh.md", "precision_restate_zh.md",
                   "precision_cells.ipynb"]


def marks(path: Path) -> set[tuple[int | None, int]]:
    """(cell, line) of every marked line; cell None outside notebooks."""
    if path.suffix != ".ipynb":
        lines = path.read_text(encoding="utf-8").splitlines()
        return {(None, n) for n, line in enumerate(lines, 1) if MARK in line}
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return {(k, n) for k, cell in enumerate(cells) for n, line in enumerate("".join(cell["source"]).splitlines(), 1)
            if MARK in line}


def split_claims(path: Path):
    result = check_file(path, path.name, Config())
    marked = marks(path)
    right, wrong = [], []
    for claim in result.claims:
        if claim.kind not in CHECKED_KINDS:
            continue
        formula = result.note.formulas[claim.formula]
        (wrong if (formula.cell, formula.line) in marked else right).append(claim)
    return result, right, wrong


@pytest.mark.parametrize("name", PRECISION_NOTES)
def test_every_wrong_claim_is_flagged(name):
    result, _, wrong = split_claims(NOTES / name)
    assert wrong, "the note has marked wrong claims"
    missed = [(c.lhs, c.rhs, c.verdict, c.message) for c in wrong if not is_flagged(result, c)]
    assert missed == []


@pytest.mark.parametrize("name", PRECISION_NOTES)
def test_no_right_claim_fails_or_carries_an_error(name):
    result, right, _ = split_claims(NOTES / name)
    failed = [(c.lhs, c.rhs, c.message) for c in right if c.verdict == FAILED]
    assert failed == []
    lines = {(result.note.formulas[c.formula].cell, result.note.formulas[c.formula].line) for c in right}
    errors = [(f.line, f.code, f.message) for f in result.findings
              if f.severity == ERROR and (f.cell, f.line) in lines]
    assert errors == []


def test_nine_in_ten_right_claims_are_verified():
    right = [c for name in PRECISION_NOTES for c in split_claims(NOTES / name)[1]]
    verified = sum(c.verdict == VERIFIED for c in right)
    assert len(right) >= 20 and verified >= 0.9 * len(right), (verified, len(right))


def check_text(text: str, name: str = "note.md"):
    return check_loaded(read_text(text, name), Config())


def error_codes(result) -> list[str]:
    return [f.code for f in result.findings if f.severity == ERROR]


HESSIAN = ("$$\\frac{\\partial^2 (\\boldsymbol{x}^TA\\boldsymbol{x})}{\\partial \\boldsymbol{x}\\partial\\boldsymbol{x}^T}"
           " = A + A$$\n")


@pytest.mark.parametrize("words", ["(not necessarily symmetric)", "(non-symmetric)", ", which is not symmetric,",
                                   "（不一定对称）", "（非对称）", ", in general not symmetric,"])
def test_a_negated_property_is_not_assumed(words):
    text = f"Let $A\\in\\mathbb{{R}}^{{n\\times n}}$ {words} and $\\boldsymbol{{x}}\\in\\mathbb{{R}}^{{n}}$.\n\n" + HESSIAN
    result = check_text(text)
    assert [c.verdict for c in result.claims if c.kind == "derivative"] == [FAILED]


def test_an_asserted_property_is_assumed():
    text = "Let $A\\in\\mathbb{R}^{n\\times n}$ (symmetric) and $\\boldsymbol{x}\\in\\mathbb{R}^{n}$.\n\n" + HESSIAN
    result = check_text(text)
    assert [c.verdict for c in result.claims if c.kind == "derivative"] == [VERIFIED]


def test_a_clash_between_conventions_alone_is_unverified_with_the_reason():
    # (`C(\\mathbf a) = …` defines C as a function, which the parser reads as one: no clash to doubt)
    result = check_text("$$C(\\mathbf{a}) = \\frac{1}{2}(y - \\mathbf{a})^2$$\n\n$$\\mathbf{a}\\mathbf{b} = B$$\n\n"
                        "$$\\mathbf{1} X = Y$$\n")
    assert error_codes(result) == []
    reasons = " ".join(f.message for f in result.findings if f.code == "NC701")
    assert "only a convention" in reasons and "may be a vector or a matrix of ones" in reasons


def test_a_bold_group_with_a_transpose_is_no_size_clash():
    # rendered, `\\mathbf{A A}^\\top` is A Aᵀ; read as TeX groups it, (AA)ᵀ, a 3×4 A cannot multiply itself
    text = ("Let $\\mathbf{A}\\in\\mathbb{R}^{3\\times 4}$.\n\n"
            "$$\\mathrm{tr}(\\mathbf{A A}^\\top) = \\mathrm{tr}(\\mathbf{A}^\\top \\mathbf{A})$$\n")
    result = check_text(text)
    assert error_codes(result) == []
    assert [c.verdict for c in result.claims] == [VERIFIED]


def test_a_constraint_is_not_a_definition_that_verifies_what_follows():
    # `c(x) = 0` says where c vanishes; read as "c is zero", every later claim about c held vacuously
    text = ("Let $\\mathbf{x}, \\mathbf{d} \\in \\mathbb{R}^3$. We minimize $f(\\mathbf{x})$ subject to "
            "$c(\\mathbf{x}) = 0$.\n\n"
            "$$\\left(\\frac{d}{d\\mathbf{x}} c(\\mathbf{x})\\right)^T \\mathbf{d} = 0$$\n")
    result = check_text(text)
    assert VERIFIED not in [c.verdict for c in result.claims]
    assert error_codes(result) == []


def test_the_loss_at_worked_numbers_keeps_its_formula():
    text = ("The loss is $E = \\frac{1}{2}(p - 2)^2$.\n\nAt $p = 2.3$ it is $E = 0.045$.\n\n"
            "$$\\frac{\\partial E}{\\partial p} = p - 2$$\n")
    assert [c.verdict for c in check_text(text).claims if c.kind == "derivative"] == [VERIFIED]


def test_a_primed_size_is_a_size_of_its_own():
    # `d'` is not `d`: X is not square, and the sums run to each size
    result = check_text("Let $X \\in \\mathbb{R}^{d \\times d'}$ and $\\mathbf{v} \\in \\mathbb{R}^{d'}$.\n\n"
                        "$$\\mathrm{tr}(I_{d'}) = d'$$\n\n"
                        "$$\\sum_{j=1}^{d'} v_j = \\mathbf{1}^\\top \\mathbf{v}$$\n\n"
                        "$$\\mathrm{tr}(X^\\top X) = \\sum_{i=1}^{d} \\sum_{j=1}^{d'} X_{ij}^2$$\n\n"
                        "$$\\mathrm{tr}(X) = \\mathrm{tr}(X^\\top)$$\n")
    assert [c.verdict for c in result.claims][:3] == [VERIFIED] * 3
    assert {f.code for f in result.findings if f.severity == ERROR} == {"NC306"}  # traces of a d×d' X


CROSS_ENTROPY = "$$L = -\\sum_i y_i \\log(p_i)$$\n\nwhere $y_i$ and $p_i$ are scalars.\n\n"
WORKED_GRADIENT = "Say a weight $w = 0.5$ has the gradient\n\n$$\\frac{\\partial L}{\\partial w} = -0.32$$\n"


@pytest.mark.parametrize("text", [
    # a worked example's table gives the output as a number: its derivative is still the logistic one
    "The unit gives $z = wx + b$ and $s$, the logistic of $z$.\n\n| quantity | value |\n|---|---|\n"
    "| $s = 1/(1+e^{-0.4})$ | 0.599 |\n\nLocally $\\frac{\\partial s}{\\partial z} = s(1-s)$.\n",
    # the loss worked out at the example's numbers does not make it a constant
    "The loss is $E = \\frac{1}{2}(p - 2)^2$.\n\nAt $p = 2.3$ it is $E = 0.045$.\n\n"
    "$$\\frac{\\partial E}{\\partial p} = p - 2$$\n",
    # numbers side by side in brackets are a row, not a product
    "$$g = 2 \\cdot [0.5 \\;\\; 0.25] = [1, 0.5]$$\n",
    # a gradient step assigns; it claims nothing
    "$$V = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$\n\nOne step:\n\n"
    "$$V = V - 0.5 \\begin{bmatrix} 2 & 0 \\\\ 0 & 2 \\end{bmatrix}$$\n",
    # a bold d set as the differential: d(x_k^2) = 2 x_k dx_k is right, read as d times x it is "scaled by 2"
    "$$\\mathbf{d}\\,\\|\\mathbf{v}\\|^2 = \\sum_{k=1}^m \\mathbf{d}\\, v_k^2 = 2\\sum_{k=1}^m v_k\\, \\mathbf{d} v_k$$\n",
    # `B^\\top_j` may be the j-th column of Bᵀ (a scalar with yᵀ), not B_j transposed (a row)
    "Let $\\mathbf{y}\\in\\mathbb{R}^m$ and $g(\\mathbf{y})=\\mathbf{y}^\\top\\mathbf{B}\\mathbf{y}$.\n\n"
    "$$\\frac{\\partial g}{\\partial y_j}=\\mathbf{y}^\\top\\mathbf{B}^\\top_j+\\mathbf{y}^\\top\\mathbf{B}_j$$\n\n"
    "where $\\mathbf{B}_j$ is the $j$-th column of $\\mathbf{B}$.\n",
    # "k 维可逆矩阵" is a k×k invertible matrix, not a k-vector
    "设 $G$ 为 $k$ 维可逆矩阵，则\n\n"
    "$$(G^\\mathsf{T}A^\\mathsf{T}AG)^{-1}G^\\mathsf{T}A^\\mathsf{T}b = G^{-1}(A^\\mathsf{T}A)^{-1}A^\\mathsf{T}b$$\n",
    # columns set apart by wide spaces in brackets are a block row; the equation before the comma
    # is no subject of "is a basis vector", so W stays m×k and WᵀW is k×k
    "- $\\mathbf{W}=[\\mathbf{w}_1~~~\\mathbf{w}_2~~~\\cdots~~~\\mathbf{w}_k]_{m\\times k}$, $\\mathbf{w}_j$ is the "
    "$j$-th basis vector with m dimension.\n\nSubject to $\\mathbf{W}^\\top\\mathbf{W}=\\mathbf{I}$.\n",
    # x is called a vector and no more: laid as a row, as code lays an input, `x W` fits
    "**All neurons:** $\\mathbf{z} = \\mathbf{x} W + \\mathbf{b}$, where $\\mathbf{x}$ is the input vector "
    "(25 pixels) and $W$ is a matrix (25×8).\n",
    # a part after the one that defined the loss means the loss of its own worked example
    f"## Part 4\n\n{CROSS_ENTROPY}## Part 5\n\n{WORKED_GRADIENT}",
    # the words ending the paragraph before a display formula announce it as a condition
    "Let $S_B, S_W \\in \\mathbb{R}^{n \\times n}$ be symmetric and $w \\in \\mathbb{R}^n$. Differentiating, "
    "$J(w)$ is maximized when the following equation is satisfied.\n\n"
    "$$(w^\\top S_B w)S_W w = (w^\\top S_W w)S_B w$$\n",
    # each numbered case is a section of its own: the reduced Z is d'×m in general, m×m when d' = m
    "Let $\\mathbf{Z} \\in \\mathbb{R}^{d'\\times m}$ and $\\mathbf{V}, \\boldsymbol{\\Lambda} \\in \\mathbb{R}^{m\\times m}$.\n\n"
    "(1) 当 $d>m$ 时, $\\mathbf{Z}=\\boldsymbol{\\Lambda}^{1/2}\\mathbf{V}^{\\top}$.\n",
    # a derivative with a factor beside its ∂ is not read, so its shape is no fact
    "Let $\\mathbf{W} \\in \\mathbb{R}^{q\\times h}$, $\\mathbf{o}_t \\in \\mathbb{R}^q$, $\\mathbf{h}_t \\in \\mathbb{R}^h$.\n\n"
    "$$\\frac{\\partial L}{\\partial \\mathbf{W}} = \\sum_{t=1}^T \\frac{\\partial l (\\mathbf{o}_t, y_t)}"
    "{T \\cdot \\partial \\mathbf{o}_t} \\mathbf{h}_t^\\top$$\n",
    # one letter in two cases may count the same samples (`y_{n1}` in one matrix of entries, `t_{N1}` in the next)
    "Let $Y \\in \\mathbb{R}^{n\\times 2}$ and $T \\in \\mathbb{R}^{N\\times 2}$.\n\n$$\\delta = Y - T$$\n",
    # a shape written out is no equation between matrices
    "我把样本数量定义为$N$，本训练数据集$N=1000$，特征数 $d = 8$。\n\n"
    "把每一行的向量按行堆叠起来，就得到了特征矩阵$\\boldsymbol{X}$（shape $N \\times d = 1000 \\times 8$）。\n",
    # `W_{RX,kl}` is the entry kl of the matrix labelled RX: k is not free on one side only
    "Let $\\boldsymbol{z} = W_{RX} \\boldsymbol{x}_t$.\n\n"
    "$$\\frac{\\partial z_i}{\\partial W_{RX,kl}} = \\delta_{ik} x_{t,l}$$\n",
    # a sentence with formulas in it: words right after `=` say what the formula cannot
    "Yes, because\n\n$$\\text{Gradient Descent on } (-\\log P) = \\text{Gradient Ascent on } (\\log P)$$\n",
    # μ is never written out (the note defines μ^l): how ∂μ/∂x_i varies with i is not known
    "Let $\\boldsymbol{x} \\in \\mathbb{R}^n$ and $\\mu^l = \\frac{1}{n}\\sum_r^n x_r^l$.\n\n"
    "$$\\frac{\\partial \\mu}{\\partial x_i} = \\frac{1}{n}$$\n",
    # "contract on" an axis: the note sums repeated indices; ∂y_{kj}/∂x_{pq} has four of its own
    "Let $X \\in \\mathbb{R}^{n\\times n}$ be invertible and $Y = X^{-1}$. We multiply by $y_{ni}$ and contract on "
    "the second axis $i$:\n\n$$\\delta_{n k} \\frac{\\partial y_{k j}}{\\partial x_{p q}} = -y_{n p} y_{q j}$$\n\n"
    "$$\\frac{\\partial y_{n j}}{\\partial x_{p q}} = -y_{n p} y_{q j}$$\n",
    # a d over no d: the denominator of d(xᵀAx)/dx lost its d
    "> 求导公式：$A=A^\\mathsf T\\Rightarrow\\dfrac{\\text{d}x^\\mathsf TAx}{x}=2Ax$\n",
    # a declared matrix before a parenthesis holding one symbol may be a function of it
    "Compute $\\frac{d(z(\\mathbf{Y}(\\mathbf{X})))}{d\\mathbf{X}}$, where $\\mathbf{Y}$ is a $m\\times n$ matrix "
    "and $\\mathbf{X}$ is a $p\\times q$ matrix.\n",
    # `AB_{ij}`: the entry (AB)_{ij} with its bracket dropped, not A times the entry B_{ij}
    "Let $A\\in\\mathbb{R}^{r\\times d}$ and $B\\in\\mathbb{R}^{d\\times s}$.\n\n"
    "$$AB_{ij}=\\sum_{k=1}^{d}{a_{ik}b_{kj}}$$\n",
    # "Supposons que …" (French: "suppose") begins a binding, as "Suppose" does
    "Pour une matrice carrée $A$ on a ${tr} A = {tr} A^T$.\n\n"
    "Supposons que $A \\in \\mathbb{R}^{m\\times n}$ et $B \\in \\mathbb{R}^{n \\times m}$. "
    "Alors ${tr} AB = {tr} BA$.\n",
    # "When A is invertible": only a square matrix is, so m = n there
    "Recall solving $Ax=b$ given a matrix $A\\in R^{m\\times n}$ and a vector $b\\in R^{m}$ for $x\\in R^{n}$. "
    "When $A$ is *invertible*, we can compute $x=A^{-1}b$.\n",
    # S_1 defined by a sum whose shape the note leaves open: its uppercase letter is only a convention
    "Here $w$ is a weight vector.\n\n$$S_1 = \\sum_{i \\in c1} (z_i - \\bar{z}_1)^2$$\n\n"
    "Likewise $S_2 = w^T S_{c2} w$.\n\n$$S_1 + S_2 = w^T S_{c1} w + w^T S_{c2} w$$\n",
    # BPTT sums the paths through h^{(2)} itself: its ∂h^{(3)}/∂W holds h^{(2)} fixed
    "An RNN: $h^{(t)} = \\tanh(W h^{(t-1)} + U x^{(t)})$ and $o^{(t)} = V h^{(t)}$, with a loss $L^{(t)}$.\n\n"
    "$$\\frac{\\partial L^{(2)}}{\\partial W} = \\frac{\\partial L^{(2)}}{\\partial o^{(2)}}"
    "\\frac{\\partial o^{(2)}}{\\partial h^{(2)}}\\frac{\\partial h^{(2)}}{\\partial W} + "
    "\\frac{\\partial L^{(2)}}{\\partial o^{(2)}}\\frac{\\partial o^{(2)}}{\\partial h^{(2)}}"
    "\\frac{\\partial h^{(2)}}{\\partial h^{(1)}}\\frac{\\partial h^{(1)}}{\\partial W}$$\n",
    # equations solved for θ after its derivative is set to zero, with names given to the data on the way
    "Each toss $y_i \\in \\mathbb{R}$ is one or zero.\n\n"
    "$$\\ell(\\theta) = \\sum_{i=1}^N \\left(y_i\\log\\theta + (1-y_i)\\log(1-\\theta)\\right)$$\n\n"
    "Setting its derivative to zero,\n\n"
    "$$\\frac{\\partial \\ell}{\\partial\\theta} = \\frac{1}{\\theta}\\sum_{i=1}^N y_i - "
    "\\frac{1}{1-\\theta}\\sum_{i=1}^N(1-y_i) = 0$$\n\n"
    "With $n_1 = \\sum_{i=1}^N y_i$ heads and $n_0 = \\sum_{i=1}^N (1-y_i)$ tails,\n"
    "$$\n\\begin{aligned}\n\\frac{n_1}{\\theta} &= \\frac{n_0}{1-\\theta} \\\\\nn_1(1-\\theta) &= n_0\\theta\n"
    "\\end{aligned}\n$$\n",
    # rows named by their matrix: a later "is an eigenvector" / "is a vector" does not make them columns
    "令 $W$ 的行向量为 $w_j$。限定 $w_1 w_1^T = \\Vert w_1 \\Vert^2 = 1$。\n\n$w_2$是$\\Sigma$的特征向量。\n",
    "Let the rows of $X$ be $x_i$. Then $x_1 x_1^T = \\Vert x_1 \\Vert^2$.\n\nHere $x_2$ is a vector.\n",
    # prose spelled inside a formula with `\ `, and bars around a bracketed matrix for its determinant
    "Let $A \\in \\mathbb{R}^{m\\times n}$ and $y \\in \\mathbb{R}^m$. The range holds every "
    "$y\\ such\\ that\\ y = Ax$.\n\nFor one entry, $|\\left[a_{11}\\right]| = a_{11}$.\n",
    # a product worked out with its entries set apart by spacing instead of `&`
    "$$\\begin{pmatrix} 2 & 0\\\\ 1 & 3 \\end{pmatrix}\\begin{pmatrix} 1 & 4\\\\ 5 & 2 \\end{pmatrix} = "
    "\\begin{pmatrix} 2 \\times 1 + 0 \\times 5 \\quad 2 \\times 4 + 0 \\times 2 \\\\ "
    "1 \\times 1 + 3 \\times 5 \\quad 1 \\times 4 + 3 \\times 2 \\end{pmatrix}$$\n",
    "Let $W \\in \\mathbb{R}^{2 \\times 3}$.\n\n$$W^{T} = \\begin{vmatrix}\nw_{11} w_{12}\\\\\nw_{21} w_{22}\\\\\n"
    "w_{31} w_{32}\n\\end{vmatrix}$$\n",
    # `∂/∂u_m` before a sum and `+ c_k`: meant for the whole right side
    "Take an input $$\\mathbf{u} \\in \\mathbb{R}^n$$, weights $$A \\in \\mathbb{R}^{p \\times n}$$ and a bias "
    "$$\\mathbf{c} \\in \\mathbb{R}^p$$; the layer gives $$\\mathbf{z} = A\\mathbf{u} + \\mathbf{c} \\in \\mathbb{R}^p$$. "
    "Each element $$z_k, k \\in \\lbrace 1, \\dotsc p \\rbrace$$ of $$\\mathbf{z}$$ is\n\n"
    "$$z_k = \\sum_{j=1}^n a_{kj} u_j + c_k$$\n\n"
    "By an input $$u_m \\in \\mathbb{R}$$, with $$a_{km}, c_k \\in \\mathbb{R}$$:\n\n"
    "$$ \\frac{\\partial z_k}{\\partial u_m} = \\frac{\\partial}{\\partial u_m} \\sum_{j=1}^n a_{kj} u_j + c_k = a_{km}$$\n",
    # a rule for numbers in a note whose x is a vector elsewhere: divided by, x is a number there
    "Let $x \\in \\mathbb{R}^n$ and $A \\in \\mathbb{R}^{n\\times n}$; then $\\nabla_x x^TAx = (A + A^T)x$.\n\n"
    "Also, $\\frac{d}{dx} \\,\\frac{1}{x} = -\\,\\frac{1}{x^{2}}$.\n",
    # the entries of a bold X written as plain x_{11}, x_{12}, …: a derivative by one of them
    "Let $\\mathbf{B} = \\begin{bmatrix} 2 & 1 \\\\ 0 & 5 \\end{bmatrix}$ and $\\mathbf{X} = "
    "\\begin{bmatrix} x_{11} & x_{12} \\\\ x_{21} & x_{22} \\end{bmatrix}$, so "
    "$\\text{tr}(\\mathbf{B} \\mathbf{X}) = 2x_{11} + x_{21} + 5x_{22}$.\n\n"
    "- $\\frac{\\partial \\text{tr}(\\mathbf{B} \\mathbf{X})}{\\partial x_{11}} = 2$\n",
    # the derivative worked out at the points the note names
    "Let $g(t) = t^3 - 2t^2 + 6$. Then $\\frac{\\partial g}{\\partial t} = 3t^2 - 4t$.\n\n"
    "**At $t = 2$:** $\\frac{\\partial g}{\\partial t} = 3(2)^2 - 4(2) = 4$\n\n"
    "**At $t = 0$:** $\\frac{\\partial g}{\\partial t} = 0$, a flat point.\n",
    # a guess the note shows in order to refute it
    "Let $P \\in \\mathbb{R}^{n\\times m}$, $Q \\in \\mathbb{R}^{n\\times r}$, $R \\in \\mathbb{R}^{r\\times m}$. "
    "Copying the scalar rule we might write\n\n$$\\frac{d}{dR}\\|P - QR\\|_F^2 = -2(P - QR)Q$$\n\n"
    "However, this does not work: the sizes of $(P - QR)$ and $Q$ do not fit.\n",
    # a mistake the note labels as one, before or after it
    "**Wrong:** if $P \\in \\mathbb{R}^{m\\times n}$ and $u \\in \\mathbb{R}^m$, then $Pu$ is undefined.\n\n"
    "So instead of writing $Pu$, write $P^Tu$.\n",
    # the Hessian as the derivative of a gradient written without its variable
    "Let $\\mathbf{M} \\in \\mathbb{R}^{n\\times n}$ be symmetric and $g = \\mathbf{v}^T\\mathbf{M}\\mathbf{v}$.\n\n"
    "**Step 1:** $\\nabla g = 2 \\mathbf{M} \\mathbf{v}$\n\n**Step 2:** $\\mathbf{H} = "
    "\\frac{\\partial}{\\partial \\mathbf{v}^T} (\\nabla g) = \\frac{\\partial}{\\partial \\mathbf{v}^T} (2\\mathbf{M}\\mathbf{v})$\n",
    # italic x a number, bold x a vector, in one section
    "A scalar is one number: $x \\in \\mathbb{R}$. A vector is bold: $\\mathbf{x} = [1, 2, 3]^T$.\n",
    # softmax over entries u_m of a vector the note never names
    "$$q_k = \\frac{e^{u_k}}{\\sum_m e^{u_m}}$$\n\nSo $\\dfrac{\\partial q_k}{\\partial u_k} = q_k(1 - q_k)$.\n",
    # a fraction over an expression of a vector: elementwise, or the letter is a number there
    "An activation acts entrywise: $y = f(x), \\quad x \\in \\mathbb{R}^n$.\n\n## Sigmoid\n\n"
    "$$\n\\sigma(x) = \\frac{1}{1 + e^{-x}}\n$$\n",
    # the words of a sentence typed as letters inside the formula
    "Let $U \\in \\mathbb{R}^{n\\times n}$ be orthogonal and $x, y \\in \\mathbb{R}^n$.\n\n"
    "$$\\|Ux\\|_2 = \\|x\\|_2 for any x\\in \\mathbb{R}^{n}$$\n",
    # the chain rule's partial beside the total derivative holds the other argument fixed
    "Let $f(z, \\theta)$ be a loss of the state $z(\\theta)$ and of $\\theta$, all scalars.\n\n"
    "$$\\frac{d f}{d \\theta} = \\frac{\\partial f}{\\partial \\theta} + "
    "\\frac{\\partial f}{\\partial z}\\frac{d z}{d \\theta}$$\n",
    # a section that declares A afresh lists properties of any B: B's n×p from a section before may not hold
    "## Products\n\nLet $A\\in \\mathbb{R}^{m\\times n}$ and $B\\in \\mathbb{R}^{n\\times p}$.\n\n$$C = AB$$\n\n"
    "## Transpose\n\nGiven $A \\in \\mathbb{R}^{m\\times n}$, the following hold:\n\n"
    "- $(AB)^T = B^TA^T$\n- $(A+B)^T = A^T + B^T$\n",
    # a step the note says one cannot take, written with the question it leaves open
    "设 $X \\in \\mathbb{R}^{m\\times n}$，$f = \\boldsymbol{a}^T X \\boldsymbol{b}$。注意：这里不能用"
    "$\\frac{\\partial f}{\\partial X} = \\boldsymbol{a}^T \\frac{\\partial X}{\\partial X}\\boldsymbol{b} = ?$\n",
    # a scalar analogy the note writes "instead of" the vector formula before it (대신에)
    "### 기본 공식\n\n$$u, w\\in \\mathbb{R}^n$$일 때 다음이 성립한다.\n\n- $$\\nabla_u w^Tu = w$$: 내적을 u로 "
    "미분한다.\n\n$$w^Tu$$ 대신에 $$wu$$를 미분하면 $$(wu)^{'}=w$$이다.\n",
    # an entry numbered with a circled digit, as a note's own step labels are (`[…]_{②}`)
    "Let $x, y \\in \\mathbb{R}^3$.\n\n$$\\left[x + y\\right]_{②} = \\left[y + x\\right]_{②}$$\n",
])
def test_right_lines_of_worked_examples_and_other_notations_raise_no_error(text):
    result = check_text(text)
    assert [(f.line, f.code) for f in result.findings if f.severity == ERROR] == []
    assert FAILED not in [c.verdict for c in result.claims]
    assert [f.message for f in result.findings if f.code == "NC901"] == []


@pytest.mark.parametrize("product", ["\\boldsymbol{a}\\boldsymbol{x}", "\\boldsymbol{a}(\\boldsymbol{x} + \\boldsymbol{x})",
                                     "[\\boldsymbol{a}\\,\\boldsymbol{x}]"])
def test_the_same_clash_between_declared_shapes_is_an_error(product):
    text = ("Let $\\boldsymbol{a}\\in\\mathbb{R}^{n}$ and $\\boldsymbol{x}\\in\\mathbb{R}^{n}$.\n\n"
            f"$$f = {product}$$\n")
    assert "NC301" in [f.code for f in check_text(text).findings]


SOFTMAX = ("Let $\\mathbf{z} \\in \\mathbb{R}^C$. If we define $\\Sigma_C = \\sum_{d=1}^C e^{z_d}$, then\n\n"
           "$$\\text{if } i = j: \\frac{\\partial \\frac{e^{z_i}}{\\Sigma_C}}{\\partial z_i} = "
           "\\frac{e^{z_i}\\Sigma_C - e^{z_i}e^{z_i}}{\\Sigma_C^2}$$\n\n"
           "$$\\text{if } i \\neq j: \\frac{\\partial \\frac{e^{z_i}}{\\Sigma_C}}{\\partial z_j} = "
           "\\frac{0 - e^{z_i}e^{z_j}}{\\Sigma_C^2}$$\n")


def test_a_letter_a_sum_runs_over_indexes_entries_and_a_case_for_unequal_indices_is_not_checked_at_equal_ones():
    # z_d in the sum over d is an entry of z (d is no usual index letter), so Σ_C depends on z_i
    result = check_text(SOFTMAX)
    assert [(c.kind, c.verdict) for c in result.claims if c.kind == "derivative"] == \
        [("derivative", VERIFIED), ("derivative", UNVERIFIED)]
    assert "only where the indices differ" in result.claims[-1].message


def test_the_conjugate_transpose_is_a_transpose_of_real_values():
    text = ("Let $A \\in \\mathbb{C}^{M\\times N}$ and $b \\in \\mathbb{C}^{M}$. The projection of b is\n\n"
            "$$p = A(A^{\\mathrm{H}}A)^{-1}A^\\mathrm{H} b$$\n\nand $A^\\mathrm{H}(b - p) = 0$.\n")
    assert [f.code for f in check_text(text).findings if f.severity == ERROR] == []


@pytest.mark.parametrize("text", [
    "$\\mathbf{z} = \\mathbf{x} W$, where $\\mathbf{x}$ is a column vector and $W$ is a matrix (25×8).\n",
    # called only a vector, but laid as a column by the note's own `xᵀA`
    "$f = \\mathbf{x}^\\top W \\mathbf{x}$ and $\\mathbf{z} = \\mathbf{x} W$, where $\\mathbf{x}$ is a vector "
    "and $W$ is a matrix (25×25).\n",
])
def test_a_vector_laid_as_a_column_before_a_matrix_is_an_error(text):
    assert "NC301" in [f.code for f in check_text(text).findings]


def test_a_loss_defined_in_the_same_section_that_does_not_depend_on_the_variable_is_an_error():
    assert "NC502" in [f.code for f in check_text(CROSS_ENTROPY + WORKED_GRADIENT).findings]


@pytest.mark.parametrize("operator", ["\\mathbf{D}_{\\mathbf{x}} f(\\mathbf{x})", "\\delta A\\, B",
                                      "\\mathrm{tr}\\, A B"])
def test_an_ambiguous_operator_leaves_a_failure_unverified(operator):
    text = (f"Let $A, B\\in\\mathbb{{R}}^{{n\\times n}}$ and $\\mathbf{{x}}\\in\\mathbb{{R}}^{{n}}$.\n\n"
            f"$$ {operator} = A^T B^T$$\n")
    result = check_text(text)
    assert [f for f in result.findings if f.severity == ERROR] == []
    assert all(c.verdict == UNVERIFIED or c.verdict == VERIFIED for c in result.claims)


def test_a_delta_before_a_defined_letter_may_be_its_change_so_a_failure_is_unverified():
    """`\\Delta B` after `B = A^{-1}` is the change of B (`-A^{-1}\\Delta A A^{-1}`), not Δ
    times A^{-1}: read as a product, the right step below is off by a sign."""
    result = check_text("Put $B = A^{-1}$; a small change of A moves B by $\\Delta B = -A^{-1}\\Delta A A^{-1}$.\n\n"
                        "$$\\mathrm{tr}(B^{-1}\\Delta B) = \\mathrm{tr}(-AA^{-1}\\Delta A A^{-1})$$\n")
    assert [f for f in result.findings if f.severity == ERROR] == []
    step = result.claims[-1]
    assert step.verdict == UNVERIFIED and "may be a change of X" in step.message


def test_a_restatement_is_checked_against_the_first_definition_and_does_not_replace_it():
    text = ("Let $\\mathbf{w}\\in\\mathbb{R}^{n}$ and $X\\in\\mathbb{R}^{m\\times n}$, "
            "$\\mathbf{y}\\in\\mathbb{R}^{m}$.\n\n$$L = \\|X\\mathbf{w}-\\mathbf{y}\\|^2$$\n\n"
            "That is, $L = \\mathbf{w}^TX^TX\\mathbf{w} - 2\\mathbf{y}^TX\\mathbf{w}$.\n\n"
            "$$\\frac{\\partial L}{\\partial \\mathbf{w}} = 2X^T(X\\mathbf{w}-\\mathbf{y})$$\n")
    result = check_text(text)
    verdicts = {(c.kind, c.rhs): c.verdict for c in result.claims}
    assert verdicts[("step", "\\mathbf{w}^TX^TX\\mathbf{w} - 2\\mathbf{y}^TX\\mathbf{w}")] == FAILED
    assert verdicts[("derivative", "2X^T(X\\mathbf{w}-\\mathbf{y})")] == VERIFIED


def test_a_value_written_with_its_size_declares_the_letter():
    text = ("Let $W=[\\mathbf{w}_1\\cdots \\mathbf{w}_k]_{m\\times k}$ and $\\mathbf{v}\\in\\mathbb{R}^{m}$.\n\n"
            "$$\\mathbf{v}^TW = W^T\\mathbf{v}$$\n")
    result = check_text(text)
    assert "NC304" in [f.code for f in result.findings]  # 1×k against k×1: both sides declared


def test_words_inside_a_formula_and_an_ambiguous_norm_leave_failures_unverified():
    text = ("Let $X\\in\\mathbb{R}^{m\\times n}$, $U\\in\\mathbb{R}^{m\\times k}$, $V\\in\\mathbb{R}^{k\\times n}$, "
            "$\\mathbf{x}\\in\\mathbb{R}^{n}$.\n\n$$f = \\|X-UV\\|_2^2$$\n\n"
            "$$\\frac{\\partial f}{\\partial U} = -2(X-UV)V^T + U$$\n\n"
            "$$\\mathbf{x}^T\\mathbf{x} = 6 \\textrm{ with gradient } 2\\mathbf{x}$$\n")
    result = check_text(text)
    assert error_codes(result) == []
    reasons = " ".join(f.message for f in result.findings)
    assert "2-norm of a matrix" in reasons and "words inside the formula" in reasons


def test_a_finite_step_is_first_order_and_a_bracketed_trace_is_a_trace():
    text = ("Let $X\\in\\mathbb{R}^{n\\times n}$ and $f(X) = \\operatorname{tr}(X^TX)$.\n\n"
            "$$df = f(X+dX) - f(X) = 2\\operatorname{tr}(X^TdX)$$\n\n"
            "$$\\mathrm{tr}[X^TX] = \\mathrm{tr}[XX^T]$$\n\n$$\\mathrm{tr}[X^TX] = \\mathrm{tr}[X^2]$$\n")
    result = check_text(text)
    assert error_codes(result) == ["NC401"]
    steps = [c for c in result.claims if c.kind == "differential"]
    assert steps and all(c.verdict == UNVERIFIED and "first order" in c.message for c in steps)
    traces = {c.rhs: c.verdict for c in result.claims if c.kind == "identity"}
    assert traces == {"\\mathrm{tr}[XX^T]": VERIFIED, "\\mathrm{tr}[X^2]": FAILED}


def test_a_function_of_several_arguments_is_defined_and_differentiated():
    text = ("With $X\\in\\mathbb{R}^{m\\times n}$, $\\mathbf{w}\\in\\mathbb{R}^{n}$, $\\mathbf{t}\\in\\mathbb{R}^{m}$ "
            "and a scalar $b$, let $C(\\mathbf{w}, b) = \\|X\\mathbf{w} + b\\mathbf{1} - \\mathbf{t}\\|^2$.\n\n"
            "$$\\frac{\\partial C}{\\partial b} = 2\\mathbf{1}^T(X\\mathbf{w} + b\\mathbf{1} - \\mathbf{t})$$\n\n"
            "$$\\frac{\\partial C}{\\partial b} = \\mathbf{1}^T(X\\mathbf{w} + b\\mathbf{1} - \\mathbf{t})$$\n")
    result = check_text(text)
    assert [c.verdict for c in result.claims if c.kind == "derivative"] == [VERIFIED, FAILED]
    assert error_codes(result) == ["NC501"]


def test_the_star_of_a_starred_environment_is_no_product():
    starred = check_text("\\begin{align*}\n\\mathbf{a}\\mathbf{b} &= B\n\\end{align*}\n")
    reasons = " ".join(f.message for f in starred.findings if f.code == "NC701")
    assert "only a convention" in reasons and "`*` may be" not in reasons
    product = check_text("$$\\mathbf{a} * A = B$$\n")
    assert "`*` may be the elementwise or the matrix product" in " ".join(f.message for f in product.findings)


def test_sides_of_different_shapes_are_one_finding_in_the_notes_sizes():
    result = check_text("Let $A\\in\\mathbb{R}^{n\\times n}$ and $B\\in\\mathbb{R}^{n\\times n}$.\n\n"
                        "$$\\frac{1}{2}\\|A\\|_F^2 - B^TA = \\mathrm{tr}(B^TA)$$\n")
    errors = [f for f in result.findings if f.severity == ERROR]
    assert [f.code for f in errors] == ["NC304"] and "n×n" in errors[0].message
    assert [c.verdict for c in result.claims] == [FAILED] and "n×n" in result.claims[0].message


def test_a_starred_optimum_has_the_shape_of_its_letter_and_is_checked_through_its_definition():
    declared = ("Let $\\mathbf{x}\\in\\mathbb{R}^{n}$, $A\\in\\mathbb{R}^{m\\times n}$ and "
                "$\\mathbf{b}\\in\\mathbb{R}^{m}$; call the minimizer $\\mathbf{x}^*$.\n\n")
    normal = "$$A^TA{\\mathbf{x}^*} = A^T\\mathbf{b}$$\n"
    unsolved = check_text(declared + "$$2A^TA{\\mathbf{x}^*} - 2A^T\\mathbf{b} = 0$$\n\n" + normal)
    assert [f.code for f in unsolved.findings if f.severity == ERROR] == []  # no scalar x^*: no clash
    assert [c.verdict for c in unsolved.claims] == [UNVERIFIED, UNVERIFIED]  # conditions, never false
    solved = check_text(declared + "$$\\mathbf{x}^* = (A^TA)^{-1}A^T\\mathbf{b}$$\n\n" + normal +
                        "\n$$A^TA\\mathbf{x}^* = 2A^T\\mathbf{b}$$\n")
    assert [(c.kind, c.verdict) for c in solved.claims] == [("step", VERIFIED), ("step", FAILED)]


def test_a_claim_about_an_undefined_starred_letter_is_unverified_with_the_reason():
    result = check_text("Let $\\mathbf{v}\\in\\mathbb{R}^{n}$ and $A\\in\\mathbb{R}^{n\\times n}$.\n\n"
                        "$$\\mathbf{v}^*\\mathbf{v} = \\|\\mathbf{v}\\|^2$$\n\n$$A\\mathbf{v}^* = \\mathbf{v}$$\n")
    assert [f for f in result.findings if f.severity == ERROR] == []
    reasons = " ".join(f.message for f in result.findings if f.code == "NC701")
    assert "`\\mathbf{v}^*` is read as an optimum the note does not define" in reasons


def test_a_bold_letter_the_note_calls_a_function_applies_to_its_parenthesis():
    called = ("Softmax maps $\\mathbf x$ to $\\mathbf s(\\mathbf x)$. We write $\\mathbf s$ for it, keeping in "
              "mind that $\\mathbf s$ is a function of the whole vector $\\mathbf x$.\n")
    assert [f.code for f in check_text(called).findings] == []  # `\mathbf s(\mathbf x)` is no product
    declared = "Let $\\mathbf s, \\mathbf x \\in \\mathbb{R}^n$.\n\n$$\\mathbf s(\\mathbf x) = 1$$\n"
    assert "NC301" in [f.code for f in check_text(declared).findings]  # a vector before a parenthesis multiplies


def shape_findings(result) -> list[tuple[str, str]]:
    """(code, message) of the shape findings: the shape errors and the shape clashes left unverified."""
    return [(f.code, f.message) for f in result.findings
            if f.code.startswith("NC3") or f.message.startswith("shapes not checked")]


def test_a_worked_example_gives_named_sizes_values_rather_than_contradicting_them():
    text = ("Let $W \\in \\mathbb{R}^{p \\times q}$.\n\n"
            "For instance, with $W = \\begin{bmatrix} 2 & 1 \\\\ 0 & 4 \\\\ 1 & 1 \\end{bmatrix}$ we get\n\n"
            "$$W^\\top W = \\begin{bmatrix} 5 & 3 \\\\ 3 & 18 \\end{bmatrix}$$\n")
    assert shape_findings(check_text(text)) == []


def test_a_worked_example_that_gives_a_size_two_values_is_unverified_with_the_reason():
    text = ("Let $W \\in \\mathbb{R}^{p \\times q}$.\n\n"
            "For instance, with $W = \\begin{bmatrix} 2 & 1 \\\\ 0 & 4 \\\\ 1 & 1 \\end{bmatrix}$ we get\n\n"
            "$$W^\\top W = \\begin{bmatrix} 5 & 3 & 0 \\\\ 3 & 18 & 0 \\\\ 0 & 0 & 1 \\end{bmatrix}$$\n")
    [(code, message)] = shape_findings(check_text(text))
    assert code == "NC701" and "matrices of entries make `q` both 2 and 3" in message


def test_a_matrix_of_entries_against_a_declared_number_of_rows_is_still_an_error():
    text = ("Let $W \\in \\mathbb{R}^{3 \\times 3}$.\n\n"
            "$$W = \\begin{bmatrix} 2 & 1 \\\\ 0 & 4 \\end{bmatrix}$$\n\n"
            "$$\\begin{bmatrix} 2 & 1 \\\\ 0 & 4 \\end{bmatrix} + \\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix} = C$$\n")
    assert [code for code, _ in shape_findings(check_text(text))] == ["NC304", "NC302"]


def test_a_letter_declared_twice_with_two_shapes_is_unverified_where_they_disagree():
    text = ("The QR factorisation takes $M \\in \\mathbb{R}^{p \\times q}$.\n\n"
            "The power method takes $M \\in \\mathbb{R}^{q \\times q}$.\n\n"
            "Then $M\\mathbf{z} = \\mathbf{w}$ with $\\mathbf{w} \\in \\mathbb{R}^p$ and $\\mathbf{z} \\in \\mathbb{R}^q$.\n")
    [(code, message)] = shape_findings(check_text(text))
    assert code == "NC701" and "`M` is declared p×q (line 1) and q×q (line 3)" in message


def test_a_letter_declared_in_an_earlier_section_and_used_with_another_shape_is_unverified():
    text = ("# One\n\nLet $M \\in \\mathbb{R}^{p \\times q}$.\n\n"
            "# Two\n\nWith $\\mathbf{w} \\in \\mathbb{R}^p$ and $\\mathbf{z} \\in \\mathbb{R}^q$: "
            "$M\\mathbf{z} = \\lambda\\mathbf{z}$ and $M\\mathbf{z} = \\mathbf{w}$.\n")
    [(code, message)] = shape_findings(check_text(text))
    assert code == "NC701" and "`M` is declared p×q (line 3), but its use here reads it as q×q" in message


def test_a_clash_of_two_declarations_of_different_letters_stays_an_error():
    text = ("Let $M \\in \\mathbb{R}^{p \\times q}$, $\\mathbf{w} \\in \\mathbb{R}^p$ and $\\mathbf{z} \\in \\mathbb{R}^q$.\n\n"
            "$$M\\mathbf{w} = \\mathbf{z}$$\n")
    assert [code for code, _ in shape_findings(check_text(text))] == ["NC301"]


@pytest.mark.parametrize("condition", ["If $p = q$", "If $q=p$", "When $M$ is square", "若 $p=q$",
                                       "If $M$ is symmetric", "若 $M$ 为对称", "For square matrices"])
def test_an_inverse_under_a_stated_equality_of_sizes_is_no_error(condition):
    text = (f"Let $M \\in \\mathbb{{R}}^{{p \\times q}}$ and $\\mathbf{{w}} \\in \\mathbb{{R}}^p$.\n\n"
            f"{condition}, the solution is $\\mathbf{{z}} = M^{{-1}}\\mathbf{{w}}$.\n")
    [(code, message)] = shape_findings(check_text(text))
    assert code == "NC701" and "its sentence assumes" in message and "needs a square matrix" in message


def test_an_inverse_under_another_condition_is_still_an_error():
    text = ("Let $M \\in \\mathbb{R}^{p \\times q}$ and $\\mathbf{w} \\in \\mathbb{R}^p$.\n\n"
            "If $p = q$, it is easy. If $p > q$, the solution is $\\mathbf{z} = M^{-1}\\mathbf{w}$.\n")
    assert [code for code, _ in shape_findings(check_text(text))] == ["NC306"]


def test_a_letter_written_bold_and_plain_in_one_formula_may_be_a_vector_of_length_one():
    text = ("Let $\\boldsymbol{x} \\in \\mathbb{R}^n$. If $\\boldsymbol{f}$ is a scalar $f$, its Jacobian "
            "$\\dfrac{\\partial \\boldsymbol{f}}{\\partial \\boldsymbol{x}} = "
            "\\left(\\dfrac{\\partial f}{\\partial \\boldsymbol{x}}\\right)^T$ is a row.\n")
    [(code, message)] = shape_findings(check_text(text))
    assert code == "NC701" and "the bold one may be f taken as a vector of length 1" in message


def test_a_chain_that_opens_with_nabla_may_carry_it_through_lines_that_drop_it():
    text = ("Let $X \\in \\mathbb{R}^{m \\times n}$, $A \\in \\mathbb{R}^{p \\times n}$, $B \\in \\mathbb{R}^{m \\times p}$.\n\n"
            "$$\\begin{aligned} \\nabla \\|XA^T-B\\|_F^2 &= \\nabla tr((XA^T-B)^T(XA^T-B)) \\\\\n"
            "&= 2tr(XA^TAX^T) - 2tr(X^TBA) \\\\\n&= 2XA^TA - 2BA \\end{aligned}$$\n")
    result = check_text(text)
    assert [code for code, _ in shape_findings(result)] == ["NC701"]
    assert not [f for f in result.findings if f.severity == ERROR]
    assert any("the chain opens with ∇" in c.message for c in result.claims if c.verdict == UNVERIFIED)


def test_a_number_set_against_a_matrix_on_the_nabla_line_itself_stays_an_error():
    text = ("Let $X \\in \\mathbb{R}^{m \\times n}$ and $B \\in \\mathbb{R}^{m \\times n}$.\n\n"
            "$$\\nabla_X tr(X^TB) = tr(B^TX)$$\n")
    assert ERROR in [f.severity for f in check_text(text).findings]


def test_a_bare_nabla_of_an_expression_in_x_and_constants_is_by_x_and_only_verifies():
    """`∇tr(A^TX) = A`: with no subscript the variable of matrix calculus is X, by
    convention. A claim so read may be verified; its failure (∇tr(AX) = 2A) is only
    a doubt, since the note never says which variable it means."""
    text = ("Let $A, X \\in \\mathbb{R}^{n \\times n}$.\n\n$$\\nabla tr(A^TX) = A$$\n\n$$\\nabla tr(AX) = 2A$$\n")
    result = check_text(text)
    right, wrong = [c for c in result.claims if c.kind == "derivative"]
    assert right.verdict == VERIFIED
    assert wrong.verdict == UNVERIFIED and "read as ∇ by X, the usual one" in wrong.message
    assert not [f for f in result.findings if f.severity == ERROR]


def test_an_iterate_label_free_on_one_side_is_no_free_index_error():
    """Quasi-Newton's secant condition `H_k y_j = s_j` for j < k: k names the iterate H_k."""
    text = ("Let $\\mathbf{H}_k \\in \\mathbb{R}^{n \\times n}$ and $\\mathbf{y}_j, \\mathbf{s}_j \\in \\mathbb{R}^n$.\n\n"
            "$$\\mathbf{H}_k \\mathbf{y}_j = \\mathbf{s}_j \\quad \\text{for } j < k$$\n")
    result = check_text(text)
    assert not [f for f in result.findings if f.code == "NC403"]
    assert any("k labels the matrix H_{k}" in c.message for c in result.claims)


WOODBURY = ("Let $\\mathbf{A}\\in\\mathbb R^{n \\times n}$ and $\\mathbf{C}\\in\\mathbb R^{m \\times m}$ be invertible, "
            "$\\mathbf{U}\\in\\mathbb R^{n \\times m}$ and $\\mathbf{V}\\in\\mathbb R^{m \\times n}$.\n\n"
            "$$(\\mathbf{A} + \\mathbf{U}\\mathbf{C}\\mathbf{V})^{-1} = \\mathbf{A}^{-1} - \\mathbf{A}^{-1}\\mathbf{U}"
            "(\\mathbf{C}^{-1} + \\mathbf{V}\\mathbf{A}^{-1}\\mathbf{U})^{-1}\\mathbf{V}\\mathbf{A}^{-1}$$\n\n")


@pytest.mark.parametrize("case", [
    "* With $m=1$, $\\mathbf{C} = 1$, $\\mathbf{U} = \\mathbf{u} \\in\\mathbb R^{n \\times 1}$ and "
    "$\\mathbf{V} = \\mathbf{v}^\\top \\in\\mathbb R^{1 \\times n}$, we get\n",
    "Take $\\mathbf{u} \\in \\mathbb{R}^n$ and $\\mathbf{w} \\in \\mathbb{R}^m$. For $\\mathbf{u} = \\mathbf{w}$, "
    "$\\mathbf{u}\\mathbf{u}^T$ is semidefinite.\n"])
def test_letters_set_equal_under_a_stated_case_are_no_shape_error(case):
    """"With m = 1, U = u": under the case the sentence states, an n×m matrix is a column;
    "For u = w": two letters set equal after "for" are supposed equal, sizes included."""
    assert not [code for code, _ in shape_findings(check_text(WOODBURY + case)) if code.startswith("NC3")]


def test_a_number_that_is_a_size_of_the_notes_worked_example_may_stand_for_its_letter():
    """"A dataset with 50 samples: a $50\\times 2$ matrix X", then σ² = (1/50)uᵀXᵀXu = uᵀDu
    with D = (1/N)XᵀX: at the example's N = 50 it holds; a 1/3 there stays wrong."""
    text = ("Let $X \\in \\mathbb{R}^{N \\times k}$, $D = \\frac{1}{N}X^TX$ and $u \\in \\mathbb{R}^k$. "
            "Our example is a $50\\times 2$ data matrix.\n\n"
            "$$\\sigma^2 = \\frac{1}{50}u^TX^TXu = u^TDu$$\n\n$$\\tau^2 = \\frac{1}{3}u^TX^TXu = u^TDu$$\n")
    errors = [f.line for f in check_text(text).findings if f.severity == ERROR]
    assert errors == [5]


def test_a_claim_with_plus_minus_is_verified_only_when_both_readings_hold_and_never_failed():
    text = ("Let $a, b$ be numbers.\n\n$$(a \\pm b)^2 = a^2 \\pm 2ab + b^2$$\n\n$$a \\pm b = a + b$$\n\n"
            "$$\\sqrt{a^2} = \\pm a$$\n")
    both, plus_only, by_value = check_text(text).claims
    assert both.verdict == VERIFIED
    assert plus_only.verdict == UNVERIFIED and "it holds for plus" in plus_only.message
    assert by_value.verdict == UNVERIFIED and "either sign, value by value" in by_value.message


def test_a_summary_of_a_worked_example_far_below_its_numbers_is_at_those_numbers():
    """Given a = 0 and y = 0.8, then a dozen formulas on, a summary table repeats
    ∂L/∂a = -0.8: y is still defined as its number, so the value may be the example's."""
    filler = "".join(f"Step {k}: $s_{{{k}}}$.\n\n" for k in range(14))
    text = ("Let $L = \\frac{1}{2}(a - y)^2$, so $\\frac{\\partial L}{\\partial a} = a - y$.\n\n"
            "Given $a = 0$ and $y = 0.8$: $\\frac{\\partial L}{\\partial a} = 0 - 0.8 = -0.8$.\n\n" + filler +
            "| result | value |\n| --- | --- |\n| $\\frac{\\partial L}{\\partial a} = -0.8$ | yes |\n")
    assert not [f for f in check_text(text).findings if f.severity == ERROR]


def test_a_determinant_without_parentheses_takes_the_letters_after_it():
    """`\\det AB = \\det A \\det B`: det(AB), and two determinants on the right; a wrong one is a
    doubt about the determinant's extent, not an error."""
    text = ("Let $A, B \\in \\mathbb{R}^{n \\times n}$.\n\n$$\\det AB = \\det A \\det B$$\n\n"
            "$$\\det AB = \\det A + \\det B$$\n")
    result = check_text(text)
    right, wrong = result.claims
    assert right.verdict == VERIFIED
    assert wrong.verdict == UNVERIFIED and "determinant written without parentheses" in wrong.message


@pytest.mark.parametrize("words", ["Rule (4) holds for square matrices $M$ only.",
                                   "La règle (4) ne vaut que pour les matrices carrées inversibles $M$."])
def test_an_inverse_of_a_letter_the_note_calls_square_elsewhere_is_unverified(words):
    """A note that makes M p×q for one rule and calls M square for another writes one
    letter for two matrices: an inverse of M in a later paragraph may mean the square one."""
    text = ("For $g: \\mathbb{{R}}^{{p \\times q}} \\to \\mathbb{{R}}$ of $M \\in \\mathbb{{R}}^{{p \\times q}}$, "
            "let $\\mathbf{{w}} \\in \\mathbb{{R}}^p$.\n\n{}\n\nA remark: $\\mathbf{{z}} = M^{{-1}}\\mathbf{{w}}$.\n")
    [(code, message)] = shape_findings(check_text(text.format(words)))
    assert code == "NC701" and "calls `M` square elsewhere" in message and "needs a square matrix" in message
    [(code, _)] = shape_findings(check_text(text.format("Rule (4) is another rule.")))
    assert code == "NC306"


def test_a_condition_in_a_table_row_covers_that_row_only():
    """A table of identities is a row per statement: "A is square" in one row is no
    condition on the next row's power of the m×n matrix A."""
    text = ("Let $A \\in \\mathbb{R}^{m \\times n}$ and $B \\in \\mathbb{R}^{n \\times p}$.\n\n"
            "| when | identity |\n| --- | --- |\n"
            "| $A$ is square | $(A^2)^T = (A^T)^2$ |\n"
            "| always | $(AB)^T = B^T A^T$ |\n"
            "| always | $(A^3)^T = (A^T)^3$ |\n")
    found = {(f.line, f.code) for f in check_text(text).findings if f.code.startswith(("NC3", "NC7"))}
    assert (5, "NC701") in found  # its own row says A is square
    assert (7, "NC306") in found and not any(line == 5 and code == "NC306" for line, code in found)


def test_a_letter_set_to_a_new_value_in_a_parallel_case_is_unverified_where_its_sizes_clash():
    """The vector case `df = tr(A dx) → ∂f/∂x^T = A`, then the matrix case with the same A:
    each formula sets A anew, and the section's formulas solved together clash on it."""
    text = ("# Identifying the Jacobian\n\nFor a function of a vector $x$:\n\n"
            "$$df(x) = \\mathrm{tr}(A\\,dx) \\to \\frac{\\partial f(x)}{\\partial x^T} = A$$\n\n"
            "and for a function of a matrix $X$:\n\n"
            "$$df(X) = \\mathrm{tr}(A\\,dX) \\to \\frac{\\partial f(X)}{\\partial X^T} = A$$\n")
    found = shape_findings(check_text(text))
    assert found and all(code == "NC701" for code, _ in found)
    assert "the formula sets `A` equal to `\\frac{\\partial f(x)}{\\partial x^T}`" in found[0][1]


def test_a_letter_set_to_a_value_clashes_as_before_where_a_declaration_sizes_it():
    text = ("# Identifying the Jacobian\n\nLet $A \\in \\mathbb{R}^{n \\times n}$ and $x \\in \\mathbb{R}^m$.\n\n"
            "$$df(x) = \\mathrm{tr}(A\\,dx) \\to \\frac{\\partial f(x)}{\\partial x^T} = A$$\n\n"
            "$$dg = \\mathrm{tr}(A\\,dY)$$\n")
    assert ERROR in [f.severity for f in check_text(text).findings]


BOLD_HEADED = (
    '$$\n'
    '\\begin{aligned}\n'
    '&\\text{Data:} &&X \\in \\mathbb{R}^{n \\times d}, \\; y \\in \\{0,1\\}^{n \\times 1} \\\\\n'
    '&\\text{Weights:} &&w \\in \\mathbb{R}^{d \\times 1} \\\\\n'
    '&\\text{Scores:} &&z = Xw \\\\\n'
    '&\\text{Prediction:} &&\\hat{y} = \\sigma(z)\n'
    '\\end{aligned}\n'
    '$$\n'
    '\n'
    '**the softmax**\n'
    '\n'
    'With $K$ classes the scores of one input form a vector, and\n'
    '\n'
    '$$\n'
    '\\sigma(z)_k = \\frac{e^{z_k}}{\\sum_{i=1}^{K}e^{z_i}}\n'
    '$$\n'
    '\n'
    '**the gradient**\n'
    '\n'
    'For one example $(x, y)$ with $x \\in \\mathbb{R}^d$, the loss is\n'
    '\n'
    '$$\n'
    '\\mathcal{L} = - [y \\log \\sigma(z) + (1-y)\\log(1-\\sigma(z)) ], \\qquad z = w^\\top x.\n'
    '$$\n'
    '\n'
    'By the chain rule,\n'
    '\n'
    '$$\n'
    '\\frac{\\partial \\mathcal{L}}{\\partial z} = - \\left[y (1-\\sigma(z)) - (1-y)\\sigma(z)\\right] = \\sigma(z) - y.\n'
    '$$\n'
    '\n'
    'Since $z = w^\\top x$,\n'
    '\n'
    '$$\n'
    '\\frac{\\partial z}{\\partial w} = x, \\qquad \\frac{\\partial \\mathcal{L}}{\\partial w} = (\\sigma(z) - y)\\,x.\n'
    '$$\n'
    '\n'
    'Over the $n$ examples,\n'
    '\n'
    '$$\n'
    '\\nabla_w \\mathcal{L}=X^\\top(\\hat{y} - y).\n'
    '$$\n'
)


def test_a_bold_line_heads_a_section_in_a_note_without_headings():
    """A post whose headings are bold lines: its preamble makes z = Xw and y n-vectors, its
    last part works one example (z = wᵀx, a number); read as one section, the last part's
    steps were shape errors. With `#` headings the note read so already."""
    assert ERROR not in [f.severity for f in check_text(BOLD_HEADED).findings]
    headed = BOLD_HEADED.replace("**the softmax**", "# The softmax").replace("**the gradient**", "# The gradient")
    assert ERROR not in [f.severity for f in check_text(headed).findings]


def test_an_iterate_written_x_to_the_t_is_no_certain_transpose_where_the_note_writes_mathrm_t():
    """`x^{t}` is the t-th iterate in a note that writes its transposes `^{\\mathrm{T}}`:
    `x - x^{t}` is then no column minus a row, at most unverified."""
    text = ("Let $\\boldsymbol{x} \\in \\mathbb{R}^{n}$ and $\\boldsymbol{x}^{t}$ its $t$-th iterate.\n\n"
            "$$f(\\boldsymbol{x}) \\approx f(\\boldsymbol{x}^{t}) + \\nabla f(\\boldsymbol{x}^{t})^{\\mathrm{T}}"
            "(\\boldsymbol{x}-\\boldsymbol{x}^{t})$$\n")
    assert [f.code for f in check_text(text).findings if f.code.startswith("NC3")] == []


@pytest.mark.parametrize("text", [
    "정방행렬 $U\\in \\mathbb{R}^{n\\times n}$를 직교행렬이라고 부른다. 따라서 $U^{-1} = U^T$이다.\n",
    "$Q \\in \\mathbb{R}^{n\\times n}$ は直交行列である。よって $Q^{-1} = Q^\\top$ が成り立つ。\n",
    "Let $V \\in \\mathbb{R}^{n\\times n}$ be an orthogonal matrix, so that $V^{-1} = V^T$.\n",
])
def test_a_matrix_called_orthogonal_in_passing_is_drawn_orthogonal(text):
    assert [c.verdict for c in check_text(text).claims if c.kind in CHECKED_KINDS] == [VERIFIED]


def test_orthogonal_to_another_vector_is_no_property_of_the_vector():
    # "w is orthogonal to x" relates two vectors: w is not drawn as a unit vector, so ‖w‖ = 1 is not verified
    text = "Let $w, x \\in \\mathbb{R}^n$ and $w$ orthogonal to $x$.\n\n$$w^T w = 1$$\n"
    assert VERIFIED not in [c.verdict for c in check_text(text).claims]


def test_an_i_with_a_subscript_placed_in_a_space_that_is_not_square_is_a_letter_not_the_identity():
    # softmax regression's one-hot label rows `I_y ∈ R^{m×k}`: read as an identity, Z - I_y clashed
    text = ("Let $X \\in \\mathbb{R}^{m \\times n}$, the probabilities $Z \\in \\mathbb{R}^{m\\times k}$, and "
            "$I_y \\in \\mathbb{R}^{m \\times k}$ the one-hot rows of the labels.\n\n"
            "$$G = \\frac{1}{m} X^T (Z - I_y)$$\n\nwhere $G \\in \\mathbb{R}^{n\\times k}$. Here $I_n$ stays the identity: "
            "$I_n X^T = X^T$.\n")
    result = check_text(text)
    assert error_codes(result) == []
    assert [c.verdict for c in result.claims if c.kind in CHECKED_KINDS] == [VERIFIED]


def test_a_note_that_binds_the_letter_o_means_its_own_matrix_not_the_zero_matrix():
    # attention's output O = PV: read as the zero matrix, dO was anything and tr(Gᵀ P dV) a size clash
    text = ("Let $P \\in \\mathbb{R}^{N \\times N}$ and $V \\in \\mathbb{R}^{N \\times d}$, and the output\n\n"
            "$$O = PV$$\n\nHolding $P$ fixed, $dO = P\\,dV$, so $\\mathrm{tr}(G^\\top dO) = \\mathrm{tr}(G^\\top P\\,dV)$.\n")
    result = check_text(text)
    assert error_codes(result) == []
    assert [c.verdict for c in result.claims if c.kind in CHECKED_KINDS] == [VERIFIED, VERIFIED]


@pytest.mark.parametrize("text", [
    "Let $\\mathbf{h} \\in \\mathbb{R}^k$ be the pre-activations.\n\n"
    "$$\\sigma'(\\mathbf{h}) = \\sigma(\\mathbf{h})(1 - \\sigma(\\mathbf{h}))$$\n",
    "For a matrix $P$ of pre-activations, $G = \\tanh(P)$ and\n\n"
    "$$\\frac{\\partial \\ell}{\\partial P} = \\frac{\\partial \\ell}{\\partial G} \\odot (1 - G^2)$$\n",
])
def test_an_activation_derivative_written_with_plain_products_and_squares_raises_no_error(text):
    result = check_text(text)
    assert not [f for f in result.findings if f.severity == ERROR]
    assert any("may be taken elementwise" in message for message in
               [c.message for c in result.claims] + [f.message for f in result.findings])


def test_a_wrong_activation_derivative_of_a_number_is_still_an_error():
    text = "Let $t \\in \\mathbb{R}$ and $u = \\tanh(t)$. Then\n\n$$\\frac{du}{dt} = 1 + u^2$$\n"
    assert [c.verdict for c in check_text(text).claims if c.kind == "derivative"] == [FAILED]


def test_a_superscript_one_marks_a_label_so_superscripts_beside_it_are_no_powers():
    text = ("We project onto one dimension, so $w$ is a row vector; $S$ is a symmetric matrix and "
            "$\\alpha \\in \\mathbb{R}$.\n\n$$(w^1)^TSw^1 = (w^1)^T\\alpha w^1$$\n")
    [(code, message)] = shape_findings(check_text(text))
    assert code == "NC701" and "a superscript 1 is a label" in message


def test_statistics_words_before_a_parenthesis_are_functions_not_letters():
    text = ("Let $\\mathbf{x} \\in \\mathbb{R}^n$ be random and $S \\in \\mathbb{R}^{n\\times n}$ its covariance, "
            "$S = Cov(\\mathbf{x})$, so $Var(\\mathbf{a}^T\\mathbf{x}) = \\mathbf{a}^TS\\mathbf{a}$.\n")
    result = check_text(text)
    assert shape_findings(result) == []
    assert [c.message for c in result.claims] == ["a variance Var[·]"]


REUSED = ("# Regression\n\nLet $X \\in \\mathbb{{R}}^{{{first}}}$ hold the data and $\\beta \\in \\mathbb{{R}}^p$.\n\n"
          "# A Gaussian\n\nLet $X \\in \\mathbb{{R}}^{{n}}$ be a random vector.\n\n"
          "# Tests\n\nThe fitted values are $X\\beta$.\n")


def test_a_letter_earlier_sections_declare_two_kinds_is_uncertain_where_neither_is_repeated():
    [(code, message)] = shape_findings(check_text(REUSED.format(first="n \\times p")))
    assert code == "NC701" and "`X` is declared a matrix (line 3) and a column (line 7) in earlier sections" in message


def test_a_letter_earlier_sections_declare_alike_keeps_its_kind():
    text = ("# Regression\n\nLet $\\mathbf{x} \\in \\mathbb{R}^n$ and $\\mathbf{b} \\in \\mathbb{R}^p$.\n\n"
            "# A Gaussian\n\nLet $\\mathbf{x} \\in \\mathbb{R}^n$ be a random vector.\n\n"
            "# Tests\n\nThe fitted values are $\\mathbf{x}\\mathbf{b}$.\n")
    assert [code for code, _ in shape_findings(check_text(text))] == ["NC301"]


def test_a_derivative_by_a_copy_of_the_variable_written_apart_is_no_missing_dependence():
    """"Read the three x of f(x) = (2x+1)x + x² as x_1, x_2, x_3": ∂f/∂x_3 = 2x_3 is by a
    copy of x (x is a number here), not by a variable f does not read."""
    text = ("Let $x$ be a scalar and $f(x) = (2x+1)x + x^2$. Write it as $(2x_1+1)x_2 + x_3^2$; "
            "then $\\partial f/\\partial x_3 = 2x_3$.\n")
    result = check_text(text)
    assert not [f for f in result.findings if f.code == "NC502"]
    assert any("x_3 may be an entry or a copy of x" in c.message for c in result.claims)


FLAT = ("Let $M \\in \\mathbb{{R}}^{{2 \\times 2}}$ and $s = \\mathrm{{tr}}(M)$.{words}\n\n"
        "$$\\frac{{\\partial s}}{{\\partial M}} = \\begin{{bmatrix}} 1 & 0 & 0 & 1 \\end{{bmatrix}}$$\n")


def test_a_function_written_through_the_entries_of_a_matrix_depends_on_the_matrix():
    text = ("Take $B = \\begin{bmatrix} b_{11} & b_{12} \\\\ b_{21} & b_{22} \\end{bmatrix}$ and\n\n"
            "$$F(B) = 3b_{11} + 3b_{12} + 3b_{21} + 3b_{22}$$\n\n"
            "$$\\frac{dF}{dB} = \\begin{bmatrix} 3 & 3 \\\\ 3 & 3 \\end{bmatrix}$$\n")
    result = check_text(text)
    assert not [f for f in result.findings if f.code == "NC502"]
    assert any("may be an entry of B" in c.message for c in result.claims)


ACTIVATIONS = ("# Linear\n\nWith $g(t) = t$ for $t \\in \\mathbb{{R}}$ the layer stays linear.\n\n"
               "# Sigmoid\n\nFor the sigmoid of $t \\in \\mathbb{{R}}$, $$\\frac{{d}}{{dt}}g(t) = g(t)(1 - g(t))$$\n\n"
               "{tanh}")


def test_a_function_the_note_defines_anew_for_each_example_is_uncertain_in_another_section():
    text = ACTIVATIONS.format(tanh="# Tanh\n\nWith $g(t) = \\tanh(t)$, $$\\frac{d}{dt}g(t) = 1 - g(t)^2$$\n")
    sigmoid, tanh = [c for c in check_text(text).claims if c.kind == "derivative"]
    assert sigmoid.verdict == UNVERIFIED and "defined in another section (line 3) and again elsewhere" in \
        sigmoid.message
    assert tanh.verdict == VERIFIED


def test_a_function_the_note_defines_once_holds_in_later_sections():
    [sigmoid] = [c for c in check_text(ACTIVATIONS.format(tanh="")).claims if c.kind == "derivative"]
    assert sigmoid.verdict == FAILED


LAW = ("Let $P \\in \\mathbb{{R}}^{{m \\times n}}$, $Q \\in \\mathbb{{R}}^{{n \\times k}}$ and $R = PQ$.\n\n"
       "- {words} $P(Q+R) = PQ + PR$.\n")


TANH = ("# Layers\n\nA layer maps $x \\in \\mathbb{{R}}^n$ to $y \\in \\mathbb{{R}}^m$.\n\n"
        "# Tanh\n\n{words} let $y = \\tanh(x)$. Then\n\n$$\\frac{{dy}}{{dx}} = 1 - y^2$$\n")


QUADRATIC = ("## Quadratic forms\n\nFor $A \\in \\mathbb{{R}}^{{n\\times n}}$ and $x \\in \\mathbb{{R}}^n$,\n\n"
             "$${formula}$$\n\n"
             "Take two vectors $x_1, x_2 \\in \\mathbb{{R}}^n$ with $x_1^TAx_1 > 0$.\n")


def test_x_i_beside_the_vector_x_may_be_its_entry_though_the_section_has_vectors_x_1_x_2():
    formula = "x^TAx = \\sum_{i=1}^n\\sum_{j=1}^n A_{ij}x_ix_j"
    [(code, message)] = shape_findings(check_text(QUADRATIC.format(formula=formula)))
    assert code == "NC701" and "`x_{i}` may be an entry of `x`" in message


def test_two_members_of_a_family_of_vectors_multiplied_still_clash():
    [(code, _)] = shape_findings(check_text(QUADRATIC.format(formula="y = x_1 x_2")))
    assert code == "NC301"


GARBLED = ("For $x \\in \\mathbb{{R}}$ the first node computes $y = x^2$.\n\n{between}"
           "$$\\frac{{\\partial y}}{{\\partial x}} = \\exp(x)$$\n")


def test_a_definition_that_does_not_parse_between_may_give_the_letter_a_new_meaning():
    [claim] = [c for c in check_text(GARBLED.format(between="The next node computes $y = exp()x$:\n\n")).claims
               if c.kind == "derivative"]
    assert claim.verdict == UNVERIFIED and "a formula that does not parse (line 3) may define y anew" in claim.message


def test_without_such_a_formula_the_earlier_definition_holds():
    [claim] = [c for c in check_text(GARBLED.format(between="")).claims if c.kind == "derivative"]
    assert claim.verdict == FAILED


def test_a_kind_from_an_earlier_section_reached_through_a_definition_leaves_a_clash_unverified():
    text = ("# Data\n\nLet $X \\in \\mathbb{R}^{n}$ be a random vector.\n\n"
            "# Fit\n\nLet $R \\in \\mathbb{R}^{r\\times k}$ and $B = X^T$. The fit is $RB$.\n")
    [(code, message)] = shape_findings(check_text(text))
    assert code == "NC701" and "`X` is a vector by a declaration of an earlier section (line 3)" in message


COFACTORS = ("Let $A \\in \\mathbb{{R}}^{{n \\times n}}$ and $b \\in \\mathbb{{R}}^n$. Then\n\n"
             "$$A^{{-1}} = \\frac{{1}}{{\\det A}} {right}$$\n")


def test_a_number_times_a_function_of_unknown_shape_is_not_a_number():
    assert shape_findings(check_text(COFACTORS.format(right="\\mathrm{co}(A)^T"))) == []


def test_a_number_times_a_declared_vector_is_that_vector():
    assert [code for code, _ in shape_findings(check_text(COFACTORS.format(right="b")))] == ["NC304"]


def test_two_sides_said_to_differ_need_not_have_one_shape():
    text = ("Let $A \\in \\mathbb{R}^{1 \\times 3}$ and $B \\in \\mathbb{R}^{3 \\times 1}$. "
            "Products do not commute: $AB \\neq BA$.\n")
    assert shape_findings(check_text(text)) == []


def test_words_left_between_two_broken_formulas_are_prose_not_letters():
    text = ("Let $a, t, v, b \\in \\mathbb{R}^n$. We used $\\|v-b\\|^2 = \\|v\\|^2\n"
            "- 2\\langle v, b\\rangle + \\|b\\|^2,$\nand that, similarly, $\\|v+b\\|^2 = \\|v\\|^2 + \\|b\\|^2$.\n")
    assert [f for f in check_text(text).findings if f.severity == ERROR] == []


PLANE = ("Data lie near a plane; for example{words} every point "
         "$\\mathbf{{x}} \\in \\mathbb{{R}}^3$ splits in two.\n\n$$\\mathbf{{x}} = W\\mathbf{{z}} + \\boldsymbol\\mu$$\n\n"
         "with $W \\in \\mathbb{{R}}^{{D \\times M}}$, $\\mathbf{{z}} \\in \\mathbb{{R}}^M$, $\\boldsymbol\\mu \\in \\mathbb{{R}}^D$.\n")


KEYFRAMES = "Between keyframes $i, j$ the bias drifts:\n\n$${left} = \\mathbf{{b}}_{{i}}^{{g}} + \\boldsymbol{{\\eta}}^{{g}}$$\n"


def test_a_letter_with_one_index_on_each_side_may_step_between_members():
    findings = check_text(KEYFRAMES.format(left="\\mathbf{b}_{j}^{g}")).findings
    assert not [f for f in findings if f.severity == ERROR]
    assert any("may name two members" in f.message for f in findings)


def test_an_index_free_on_one_side_of_two_different_letters_is_still_an_error():
    assert [f.code for f in check_text(KEYFRAMES.format(left="\\mathbf{c}_{j}^{g}")).findings if f.severity == ERROR] \
        == ["NC403"]


DISCLAIMED = ("Let $A \\in \\mathbb{{R}}^{{m \\times n}}$ and $\\mathbf{{u}} \\in \\mathbb{{R}}^m$.\n\n"
              "The product $(2\\mathbf{{u}}^T) A^T${words}\n")

# (template, words that explain the clash, words that do not, what the doubt says, the error without it)
EXPLAINED = [
    (DISCLAIMED, " does not fit!", " is what we need.", "does not fit", "NC305"),
    (DISCLAIMED, "는 차원이 안 맞습니다!", "를 계산합니다.", "차원이 안 맞", "NC305"),
    (FLAT, " We flatten it in row-major order:", "", "lays the same entries out in another shape", "NC304"),
    (LAW, "Matrix products are distributive:", "Then", "states a law", "NC305"),
    (LAW, "矩阵乘法满足分配律：", "Then", "states a law", "NC305"),
    (LAW, "La multiplication est distributive :", "Then", "states a law", "NC305"),
    (LAW, "For all matrices that fit,", "Then", "states a law", "NC305"),
    (LAW, "For commuting matrices,", "Then", "states a law", "NC305"),
    (TANH, "In terms of its output:", "For the vector $x$,",
     "`x` is a vector by a declaration of an earlier section (line 3)", "NC304"),
    (PLANE, " ($D = 3$)", "", "the note sets `D = 3`", "NC304"),
]


@pytest.mark.parametrize("template, words, other_words, doubt, code", EXPLAINED)
def test_words_that_explain_a_clash_leave_it_unverified_and_without_them_it_is_an_error(template, words, other_words,
                                                                                        doubt, code):
    explained = shape_findings(check_text(template.format(words=words)))
    assert explained and all(found == "NC701" and doubt in message for found, message in explained)
    assert [found for found, _ in shape_findings(check_text(template.format(words=other_words)))] == [code]


CIRCLE = "Let $a, b \\in \\mathbb{{R}}$. {words} $a^4 + b^4 = (a^2 + b^2)^2 - 2a^2b^2 = 1 - 2a^2b^2$.\n"


def test_an_identity_the_sentence_puts_on_the_unit_circle_is_unverified_there():
    [step] = [c for c in check_text(CIRCLE.format(words="On the unit circle,")).claims if c.verdict != VERIFIED]
    assert step.verdict == UNVERIFIED and "On the unit circle" in step.message


def test_the_same_identity_without_the_constraint_fails():
    assert FAILED in [c.verdict for c in check_text(CIRCLE.format(words="Hence")).claims]


def test_a_law_the_paragraph_states_holds_for_its_next_sentence_too():
    text = ("Let $\\mathbf{z} \\in \\mathbb{R}^M$ and $\\boldsymbol\\mu \\in \\mathbb{R}^D$. For any random vector, the "
            "covariance is $\\mathbb{E}[(\\mathbf{z}-\\boldsymbol\\mu)(\\mathbf{z}-\\boldsymbol\\mu)^T]$. Expanding it "
            "gives $\\mathbb{E}[\\mathbf{z}\\mathbf{z}^T] - \\boldsymbol\\mu\\boldsymbol\\mu^T$.\n")
    findings = shape_findings(check_text(text))
    assert findings and all(code == "NC701" and "states a law" in message for code, message in findings)


def test_a_capital_letter_said_to_go_into_the_columns_of_a_matrix_stays_a_matrix():
    text = ("The prior's covariance $\\boldsymbol\\Sigma$ is absorbed into the columns of the loading matrix "
            "$W$.\n\n$$\\boldsymbol\\Sigma^{-1/2}\\boldsymbol\\Sigma\\boldsymbol\\Sigma^{-1/2} = I$$\n")
    assert [code for code, _ in shape_findings(check_text(text))] == []


def test_a_subscripted_capital_said_to_be_a_column_of_a_matrix_is_a_vector():
    text = "Let $A \\in \\mathbb{R}^{m \\times n}$ and let $A_i$ be the $i$-th column of $A$.\n\n$$A_i A_i = A_i$$\n"
    assert any("`A_i` is called a vector" in message for _, message in shape_findings(check_text(text)))


def test_a_differentiated_letter_defined_as_a_vector_of_declared_size_is_that_vector():
    text = ("Let $A \\in \\mathbb{R}^{m \\times n}$ and $x \\in \\mathbb{R}^n$.\n\n"
            "Set $u = Ax$. Then $\\frac{\\partial u}{\\partial x} = A^T$ and "
            "$\\frac{\\partial (u^Tu)}{\\partial x} = A^T (2u)$.\n")
    result = check_text(text)
    assert shape_findings(result) == []
    assert [c.verdict for c in result.claims if c.kind == "derivative"] == [VERIFIED, VERIFIED]


def test_primes_are_transposes_where_a_primed_matrix_stands_before_a_group():
    text = ("Let $X \\in \\mathbb{R}^{n \\times m}$ and $A, B \\in \\mathbb{R}^{n \\times n}$. Then "
            "$X'(A + B)X = X'AX + X'BX$ and $\\|X\\|_F^2 = \\operatorname{tr}(X'X)$.\n")
    assert [c.verdict for c in check_text(text).claims] == [VERIFIED, VERIFIED]


def test_a_calligraphic_letter_before_a_group_may_be_an_operator():
    text = ("Let $x \\in \\mathbb{R}^{n}$ and $A \\in \\mathbb{R}^{n \\times n}$. Then "
            "$\\mathcal{D}_t\\{x^TAx\\} = (\\mathcal{D}_tx)^TAx + x^TA(\\mathcal{D}_tx)$.\n")
    [claim] = check_text(text).claims
    assert claim.verdict == UNVERIFIED and "may be an operator" in claim.message


ORTHOGONAL = "Let $X \\in \\mathbb{{R}}^{{n \\times n}}$. This holds if and only if $B = 1$ (and thus {chain}).\n"


def test_a_chain_that_says_a_matrix_is_orthogonal_holds_its_other_steps_for_an_orthogonal_one():
    claims = check_text(ORTHOGONAL.format(chain="$X^TX = XX^T = I$")).claims
    assert [c.verdict for c in claims] == [UNVERIFIED, UNVERIFIED] and "X is orthogonal" in claims[0].message


@pytest.mark.parametrize("chain", ["$X^TX = XX^T + X = I$", "$X^TX = X^2 = I$"])
def test_a_step_that_fails_for_an_orthogonal_matrix_too_is_still_wrong(chain):
    assert FAILED in [c.verdict for c in check_text(ORTHOGONAL.format(chain=chain)).claims]


def test_a_chain_ending_in_another_constant_states_no_property_that_excuses_its_steps():
    text = "Let $\\mathbf{w} \\in \\mathbb{R}^{n}$ be a unit vector: $\\Vert\\mathbf{w}\\Vert_2=\\sum_{i}w_i=1$.\n"
    assert FAILED in [c.verdict for c in check_text(text).claims]


def notebook(*cells: str) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "markdown", "metadata": {}, "source": cell} for cell in cells]})


SETUP = ("Let $x \\in \\mathbb{R}^n$, $A \\in \\mathbb{R}^{n \\times m}$, $y \\in \\mathbb{R}^m$ and "
         "$z = x^TA$, $z \\in \\mathbb{R}^{1 \\times m}$.\n")
LOGITS = "For the softmax of the logits, $\\frac{\\partial L}{\\partial z} = \\sigma(z) - y$.\n"


def test_a_heading_inside_a_notebook_cell_starts_a_part_of_its_own():
    findings = check_text(notebook(SETUP + "\n## Softmax\n\n" + LOGITS), "n.ipynb").findings
    assert [f.code for f in findings if f.severity == ERROR] == []


def test_a_later_cell_may_mean_another_letter_than_an_earlier_cell_declared():
    findings = check_text(notebook(SETUP, LOGITS), "n.ipynb").findings
    assert [f.code for f in findings if f.severity == ERROR] == []
    assert any("declaration in an earlier cell" in f.message for f in findings)


def test_a_derivation_in_one_cell_that_contradicts_its_own_declaration_is_still_an_error():
    text = notebook(SETUP + "\n" + LOGITS)
    assert "NC302" in [f.code for f in check_text(text, "n.ipynb").findings]



def test_a_declaration_blamed_in_a_notebook_is_reported_in_its_cell():
    text = notebook("# Title\n", "Let $A \\in \\mathbb{R}^{m \\times n}$ and $x \\in \\mathbb{R}^n$.\n\n"
                    "$$\\frac{\\partial (x^T A)}{\\partial x} = A$$\n")
    assert [(f.code, f.cell, f.line) for f in check_text(text, "n.ipynb").findings if f.code == "NC305"] == \
        [("NC305", 1, 1)]


@pytest.mark.parametrize("rel", [":=", "="])
def test_a_named_function_of_letters_on_the_left_is_defined_there(rel):
    text = ("Let $X \\in \\mathbb{R}^{n \\times m}$ and $T \\in \\mathbb{R}^{m \\times p}$. We study "
            f"$\\sigma(T) {rel} \\|XT\\|_F$.\n")
    assert [code for code, _ in shape_findings(check_text(text))] == []


def test_a_declaration_whose_rows_clash_with_its_columns_says_which_sizes_the_product_joins():
    text = ("Let $x \\in \\mathbb{R}^n$ and $A \\in \\mathbb{R}^{m \\times n}$.\n\n"
            "$$\\frac{\\partial (x^T A)}{\\partial x} = A$$\n")
    [(code, message)] = shape_findings(check_text(text))
    assert code == "NC305" and message.endswith("needs m = n")  # not "needs m×m", which would not fit either


def test_a_number_in_parentheses_opening_a_row_numbers_it_and_is_no_factor():
    text = ("Let $A \\in \\mathbb{R}^{m \\times n}$ and $B \\in \\mathbb{R}^{n \\times p}$.\n\n"
            "$$\\begin{aligned}\n&\\left( 1\\right) \\ \\left( A^T \\right)^T = A \\\\\n"
            "&\\left( 2\\right) \\ \\left( AB \\right)^T = B^TA^T\n\\end{aligned}$$\n")
    result = check_text(text)
    assert [c.verdict for c in result.claims] == [VERIFIED, VERIFIED]


def test_an_infinite_series_that_fails_when_summed_to_a_few_terms_is_unverified():
    text = ("Let $A \\in \\mathbb{R}^{n \\times n}$.\n\n"
            "$$(I - A)^{-1} = \\sum_{k=0}^{\\infty} A^k$$\n\n$$\\sum_{k=0}^{\\infty} A^k = I + A$$\n")
    result = check_text(text)
    assert [c.verdict for c in result.claims] == [UNVERIFIED, UNVERIFIED]
    assert all("infinite series" in c.message for c in result.claims)


@pytest.mark.parametrize("words", ["という主張は正しくない。", "とは限らない。", "is not necessarily true.", "不一定成立。"])
def test_a_claim_the_note_says_is_not_true_in_general_is_no_error(words):
    text = ("Let $A \\in \\mathbb{R}^{n \\times n}$ and $B \\in \\mathbb{R}^{n \\times n}$.\n\n"
            f"$AB = BA$ {words}\n")
    result = check_text(text)
    assert [c.verdict for c in result.claims] == [UNVERIFIED]
    assert error_codes(result) == []


def test_a_letter_right_before_a_bracketed_list_is_indexed_not_multiplied_by_a_row():
    # read as x times the row [0, 0], each side was 0 and the step "verified"
    text = ("$$\\begin{aligned}\ny[1,1] &= x[0,0]\\cdot h[1,1] + x[1,0]\\cdot h[0,1] \\\\\n"
            "&= x[0,1]\\cdot h[1,0] + x[1,1]\\cdot h[0,0]\n\\end{aligned}$$\n")
    result = check_text(text)
    assert [c.verdict for c in result.claims] == [UNVERIFIED, UNVERIFIED]
    assert "an entry of the letter before it ([0,0])" in result.claims[1].message


def test_a_letter_right_before_a_bracket_leaves_a_failure_unverified():
    result = check_text("Let $x \\in \\mathbb{R}^n$.\n\n$$x[n] = 2x[n]$$\n")
    assert error_codes(result) == []
    assert "may index x" in result.claims[0].message


def test_a_paragraph_on_the_order_of_a_product_names_both_orders_whatever_the_sizes():
    text = ("Let $A \\in \\mathbb{R}^{m \\times n}$ and $B \\in \\mathbb{R}^{n \\times p}$, so $AB$ is m by p.\n\n"
            "The order of multiplication matters: $BA$ is another product.\n")
    assert [code for code, _ in shape_findings(check_text(text))] == ["NC701"]


def test_a_product_its_paragraph_writes_in_both_orders_need_not_fit_both_ways():
    sizes = "Let $A \\in \\mathbb{R}^{m \\times n}$ and $B \\in \\mathbb{R}^{n \\times p}$.\n\n"
    both = check_text(sizes + "Then $AB$ and $BA$ are two products.\n")
    assert [code for code, _ in shape_findings(both)] == ["NC701"]
    alone = check_text(sizes + "Then $BA$ is a product.\n")
    assert [code for code, _ in shape_findings(alone)] == ["NC305"]


def test_a_block_of_a_letter_the_note_says_is_orthogonal_is_not_drawn_so_a_failure_is_unverified():
    claim = ", and $U_R \\in \\mathbb{R}^{n \\times r}$ its first r columns.\n\n$$U_RU_R^TU_R = U_R$$\n"
    stated = check_text("Let $U \\in \\mathbb{R}^{n \\times n}$ with $U^TU = UU^T = I$" + claim)
    assert "U_R may be a block of U" in stated.claims[-1].message and stated.claims[-1].verdict == UNVERIFIED
    unstated = check_text("Let $U \\in \\mathbb{R}^{n \\times n}$" + claim)
    assert [c.verdict for c in unstated.claims] == [FAILED]


@pytest.mark.parametrize("case", ["For $n = 2$:\n\n", "$n=2$の場合:\n\n", "当 $n=2$ 时，"])
def test_a_claim_right_after_the_case_of_a_size_the_note_states_is_unverified(case):
    claim = "$$\\det(I + A) = 1 + \\det(A) + \\operatorname{tr}(A)$$\n"
    after = check_text(f"Let $A \\in \\mathbb{{R}}^{{n \\times n}}$.\n\n{case}{claim}")
    assert [c.verdict for c in after.claims] == [UNVERIFIED] and "the case n = 2" in after.claims[0].message
    alone = check_text(f"Let $A \\in \\mathbb{{R}}^{{n \\times n}}$.\n\n{claim}")
    assert [c.verdict for c in alone.claims] == [FAILED]


@pytest.mark.parametrize("words", ["let us look at one more example of an optimization problem:",
                                   "here is another example:", "再看一个例子："])
def test_a_paragraph_that_announces_another_example_starts_its_letters_afresh(words):
    text = ("We minimize $g(u) = u^T Q u$ over $u \\in \\mathbb{R}^2$, with $x \\in \\mathbb{R}^2$ the state.\n\n"
            f"Before going on, {words}\n\n"
            "$$\\min_{u,x} \\; u^2 + 3x^2 - 2ux \\quad \\text{subject to} \\quad u + x = 3.$$\n")
    assert [code for code, _ in shape_findings(check_text(text)) if code != "NC701"] == []
    same = text.replace(words, "we write the cost once more:")
    assert [code for code, _ in shape_findings(check_text(same))] == ["NC301"]


def test_zero_blocks_written_0_beside_a_block_leave_a_clash_unverified():
    text = ("Let $\\Sigma \\in \\mathbb{R}^{n \\times D}$, $w \\in \\mathbb{R}^D$, $y \\in \\mathbb{R}^n$ and "
            "$\\bar\\Sigma \\in \\mathbb{R}^{r \\times r}$.\n\n"
            "$$\\left\\|\\begin{bmatrix} \\bar{\\Sigma} & 0 \\\\ 0 & 0 \\end{bmatrix} \\begin{bmatrix} V_R^T \\\\ V_N^T "
            "\\end{bmatrix}w - \\begin{bmatrix} U_R^T \\\\ U_N^T \\end{bmatrix} y \\right\\|_2^2$$\n")
    [(code, message)] = shape_findings(check_text(text))
    assert code == "NC701" and "has blocks written `0`" in message


def test_a_tuple_transposed_is_a_column_so_a_worked_example_rebinds_its_vector():
    first = ("Points (1,1), (3,2), (5,5):\n\n$$X=\\begin{bmatrix}1&3&5\\\\1&1&1\\end{bmatrix},\\ "
             "\\pmb y=(1,2,5)^{\\rm T},\\ \\pmb w^*=(X X^{\\rm T})^{-1} X \\pmb y$$\n\n")
    second = ("Points (1,1), (1,2):\n\n$$X=\\begin{bmatrix}1&1\\\\1&1\\end{bmatrix},\\ \\pmb y=(1,2)^{\\rm T}$$\n\n"
              "$$\\pmb w_1=\\pmb w_0+\\alpha X(\\pmb y -X^{\\rm T}\\pmb w_0)$$\n")
    assert [code for code, _ in shape_findings(check_text(first + second)) if code != "NC701"] == []
    declared = check_text("Let $A \\in \\mathbb{R}^{3 \\times 3}$ and $y = (1, 2)^T$.\n\n$$z = Ay$$\n")
    assert [code for code, _ in shape_findings(declared)] == ["NC301"]


CHAIN_SECTION = ("## 1. The chain rule\n\nFor vectors $\\mathbf{x}$, $\\mathbf{y}$, $\\mathbf{z}$ with "
                 "$\\mathbf{y} = \\mathbf{f}(\\mathbf{x})$ and $\\mathbf{z} = \\mathbf{g}(\\mathbf{y})$.\n\n")


def test_data_an_earlier_section_defined_through_a_letter_without_a_size_here_is_drawn():
    """y = f(x) in a section on the chain rule, then least squares with y as data: the
    gradient is verified with y drawn, and one off by a factor of 2 is wrong on that
    reading (y, f's value at an x that nothing moves, is a constant either way). A claim
    through a derivative of y alone (r := ∂(y^Ty)/∂w), which that reading would make
    0 = 0, is not verified."""
    section = ("## 2. Least squares\n\n$$L(\\mathbf{w}) = \\frac{1}{2} \\|\\mathbf{y} - X\\mathbf{w}\\|^2$$\n\n"
               "$$\\nabla_\\mathbf{w} L = -X^T (\\mathbf{y} - X\\mathbf{w})$$\n\n"
               "$$\\nabla_\\mathbf{w} L = -2X^T (\\mathbf{y} - X\\mathbf{w})$$\n\n")
    result = check_text(CHAIN_SECTION + section)
    claims = [c for c in result.claims if c.kind == "derivative"]
    assert [c.verdict for c in claims] == [VERIFIED, FAILED]
    assert error_codes(result) == ["NC501"]
    still = ("$$\\mathbf{r} = \\frac{\\partial \\mathbf{y}^T\\mathbf{y}}{\\partial \\mathbf{w}}$$\n\n"
             "$$\\mathbf{r}^T \\mathbf{w} = 2\\mathbf{r}^T\\mathbf{w}$$\n")
    [step] = [c for c in check_text(CHAIN_SECTION + section + still).claims if c.kind == "step"]
    assert step.verdict == UNVERIFIED and "no value for x" in step.message


def test_a_claim_read_without_an_earlier_definition_by_a_formula_only_verifies():
    """A = B - Bᵀ in one section, then "the n×n antisymmetric matrices have det(Aᵀ) = det(-A)"
    where B has no size: judged with A drawn, A loses its antisymmetry, so a failure there
    says nothing of the note (with y = f(x) dropped, y is as much "some value" as before)."""
    text = ("## Antisymmetric matrices\n\nAny square $B$ gives one: $$A = B - B^T$$\n\n## Their determinants\n\n"
            "The $n \\times n$ antisymmetric matrices have $\\det(A^T) = \\det(-A) = (-1)^{n} \\det(A)$.\n")
    assert not [f for f in check_text(text).findings if f.severity == ERROR]


def test_a_function_with_a_letter_superscript_applied_to_its_argument_is_no_product():
    """`J^{i}(x)\\delta`, the Jacobian of the i-th of several functions f^i (a Gauss-Newton
    note): not J to the power i times x, whose clash with δ would be a false error."""
    text = ("Let $x \\in \\mathbb{R}^{N}$ and $\\delta \\in \\mathbb{R}^{N}$.\n\n"
            "$$f^{i}(x + \\delta) \\approx f^{i}(x) + J^{i}(x)\\delta$$\n")
    assert [code for code, _ in shape_findings(check_text(text))] == ["NC701"]


def test_a_bias_added_to_each_row_and_a_tensor_size_are_no_shape_errors():
    """`Y = XW + b` with b ∈ R^k and XW N×k adds the bias to each example's row (numpy's
    broadcasting, as every network note writes it), and "a Jacobian of size $N \\times k
    \\times p \\times k$" is a tensor's size, not a product; a column that fits neither side
    of the matrix is still an error."""
    declared = "Let $X \\in \\mathbb{R}^{N \\times p}$, $W \\in \\mathbb{R}^{p \\times k}$ and $b \\in \\mathbb{R}^{%s}$.\n\n"
    bias = declared % "k" + "$$Y = XW + b$$\n\nIts Jacobian has size $N \\times k \\times p \\times k$.\n"
    assert [code for code, _ in shape_findings(check_text(bias)) if code != "NC701"] == []
    assert [code for code, _ in shape_findings(check_text(declared % "p" + "$$Y = XW + b$$\n"))] == ["NC302"]


def test_a_law_of_the_order_of_a_product_holds_for_any_sizes_that_fit():
    """`tr(AB) = tr(BA)` after an example that declared B ∈ R^{n×p} for AB: the law is for
    matrices of any fitting sizes, not an error of B's declaration; `BA` alone still is."""
    text = ("For $A\\in\\mathbb{R}^{m\\times n}$ and $B\\in\\mathbb{R}^{n\\times p}$, $AB \\in \\mathbb{R}^{m\\times p}$.\n\n"
            "The trace: $\\operatorname{tr}(AB)=\\operatorname{tr}(BA)$.\n")
    assert {code for code, _ in shape_findings(check_text(text))} == {"NC701"}
    alone = "For $A\\in\\mathbb{R}^{m\\times n}$ and $B\\in\\mathbb{R}^{n\\times p}$.\n\n$$C = BA$$\n"
    assert [code for code, _ in shape_findings(check_text(alone))] == ["NC305"]


def test_a_worked_example_of_numbers_against_named_sizes_declared_later_is_no_error():
    """A single sample's one-hot label `Y = [0, 0, 1, 0]`, then the batch's Y ∈ R^{B×C}:
    the example has its own sizes (B = 1, C = 4), not a clash."""
    text = ("For example, with 4 classes the one-hot label is\n\n$$Y = [0, 0, 1, 0]$$\n\n"
            "For a batch, $Y \\in \\mathbb{R}^{B \\times C}$.\n")
    assert [code for code, _ in shape_findings(check_text(text)) if code != "NC701"] == []


def test_a_gradient_of_a_function_defined_of_other_arguments_is_unverified():
    """`g(x_1, x_2) = …` and then `∇g(x) = [...]`: which entries of x the body's x_1, x_2
    are is not said, so the gradient is not judged (it was judged 2×2, and failed)."""
    text = ("Let $x \\in \\mathbb{R}^2$.\n\n$$g(x_1,x_2)=2x_1^2+x_1x_2+\\frac32x_2^2-x_1-2x_2.$$\n\n"
            "$$\\nabla g(x)=\\begin{bmatrix}4x_1+x_2-1\\\\x_1+3x_2-2\\end{bmatrix}$$\n")
    result = check_text(text)
    [gradient] = [c for c in result.claims if c.kind == "derivative"]
    assert gradient.verdict == UNVERIFIED and "defined of 2 arguments but applied to 1" in gradient.message


PCA_LECTURE = (
    "Let $X_0 \\in \\mathbb{{R}}^{{N \\times 2}}$ hold the data. If the unit vector is defined by coordinates "
    "$u=[u_0,u_1]$, the scores are\n$$\nZ = X_0 u\n$$\n\n"
    "Let $M$ be a $N\\times k$ matrix and let $u$ be a $k\\times 1$ column vector. If $u$ is a {size} matrix, "
    "and $G(u) = uM$, then $D(G)(v) = vM$ for any $1\\times N$ vector $v$.\n\n"
    "Let $W$ be the $k\\times t$ matrix whose columns are the $w'_{{i}}$, and the $w'_{{i}}$ are orthogonal.\n\n"
    "$$\n\\sum_{{i=1}}^{{t}} \\|X_{{0}}w'_{{i}}\\|^2 = \\sum_{{i=1}}^{{t}} (w'_{{i}})^{{\\intercal}}X_{{0}}^{{\\intercal}}"
    "X_{{0}}w'_{{i}}\n$$\n")


def test_a_lecture_that_lists_coordinates_supposes_sizes_and_calls_a_family_orthogonal_has_no_shape_error():
    """`u = [u_0, u_1]` lists a vector's coordinates (a column for `X_0u`); "If $u$ is a
    $1\\times N$ matrix, … uM" supposes another size for this case; "the $w'_i$ are
    orthogonal" says they are at right angles to each other, not that each is an orthogonal
    (square) matrix. Without the supposition, `uM` is an error."""
    assert [code for code, _ in shape_findings(check_text(PCA_LECTURE.format(size="$1\\times N$")))
            if code != "NC701"] == []
    declared = "Let $M \\in \\mathbb{R}^{N\\times k}$ and $u \\in \\mathbb{R}^{k}$. %s\n$$\nH = uM\n$$\n"
    assert [code for code, _ in shape_findings(check_text(declared % "If $u$ is a $1\\times N$ matrix, then"))] \
        == ["NC701"]
    assert [code for code, _ in shape_findings(check_text(declared % "Then"))] == ["NC301"]


def test_an_orthogonal_matrix_said_in_russian_and_taken_back_with_ne():
    """"так как $U$ ортогональна, $U^{-1} = U^T$" (since U is orthogonal) holds, as in English;
    "$U$ не ортогональна" (U is not orthogonal) takes it back, and the claim is then wrong."""
    example = "\n\n$$U = \\begin{bmatrix} 0 & 1 \\\\ -1 & 2 \\end{bmatrix}$$\n"
    said = check_text("Так как $U$ ортогональна, $U^{-1} = U^T$." + example)
    denied = check_text("Так как $U$ не ортогональна, $U^{-1} = U^T$." + example)
    assert [c.verdict for c in said.claims if c.kind == "identity"][:1] == [VERIFIED]
    assert [c.verdict for c in denied.claims if c.kind == "identity"][:1] == [FAILED]


def test_a_letter_a_worked_example_sets_to_matrices_of_two_shapes_is_no_certain_clash():
    """A PCA example's `\\hat F = \\frac14 F^TF = [2×2]` (the covariance), then the
    reconstruction `\\hat F = G_1u_1^T = [4×2]`: `F - \\hat F` means the second."""
    text = ("$$F = \\begin{bmatrix}2 & 1 \\\\ 1 & 2 \\\\ -1 & -2 \\\\ -2 & -1\\end{bmatrix}$$\n\n"
            "$$\\hat{F} = \\frac{1}{4}F^TF = \\begin{bmatrix}2{,}5 & 2\\\\ 2 & 2{,}5\\end{bmatrix}$$\n\n"
            "$$\\hat{F} = G_1 u_1^T = \\begin{bmatrix}1{,}5&1{,}5\\\\1{,}5&1{,}5\\\\-1{,}5&-1{,}5\\\\-1{,}5&-1{,}5"
            "\\end{bmatrix}$$\n\nThe error is $\\|F - \\hat{F}\\|^2 = 2$.\n")
    findings = shape_findings(check_text(text))
    assert [code for code, _ in findings if code != "NC701"] == []
    assert any("matrices of numbers of sizes 2×2 and 4×2" in message for _, message in findings)


def test_a_jacobian_written_as_partial_f_is_an_operator_and_an_entry_of_diag_is_a_convention():
    """`\\dot y = \\partial f(x)\\dot x` (a pushforward) makes ẏ a column of f's output size, not
    of ẋ's: `⟨\\bar y, \\dot y⟩` with both in R^m is no clash. `(\\operatorname{diag}(A))_{ij} =
    δ_ij A_ij`, the Matrix Cookbook's definition, cannot fail: notes read diag of a matrix two ways."""
    text = ("Let $\\dot{x} \\in \\mathbb{R}^n$ and $w \\in \\mathbb{R}^m$. By definition of the pushforward "
            "$\\dot{y} = \\partial f(x) \\dot{x}$, and $\\bar{x} = \\partial f(x)^T \\bar{y}$ with $\\bar{y} = w$.\n\n"
            "$$\n\\langle \\bar{y}, \\dot{y} \\rangle = \\langle \\bar{x}, \\dot{x} \\rangle\n$$\n")
    assert [code for code, _ in shape_findings(check_text(text)) if code != "NC701"] == []
    cookbook = check_text("Diagonal of the matrix $\\mathbf{A}$, i.e. "
                          "$(\\operatorname{diag}(\\mathbf{A}))_{i j}=\\delta_{i j} A_{i j}$\n")
    assert FAILED not in [c.verdict for c in cookbook.claims]


def test_a_claim_that_is_0_eq_0_under_the_definitions_is_not_verified():
    """After `b = 0`, `b(x + y) = bx + by` holds at every draw as 0 = 0, and so would a wrong
    `b(x + y) = bx + 2by`: no check took place. Numbers that come to 0 = 0 are still checked,
    and a side the note writes as zeros (`Mv = [0; 0]`) is the claim itself."""
    zero = check_text("Let $x, y \\in \\mathbb{R}^3$ and $b = 0$.\n\n$$b(x + y) = bx + by$$\n")
    [claim] = zero.claims
    assert claim.verdict == UNVERIFIED and "both sides are 0" in claim.message
    numbers = check_text("Let $a = 1$.\n\n$$-\\frac{28}{10}+\\frac{14}{5}=-\\frac{14}{5}+\\frac{14}{5}=0$$\n")
    assert [c.verdict for c in numbers.claims][:1] == [VERIFIED]
    null = check_text("Let $a = 1$ and $b = 1$.\n\n"
                      "$$\\begin{bmatrix}-2 & 2\\\\ 2 & -2\\end{bmatrix}\\begin{bmatrix}a\\\\b\\end{bmatrix}"
                      " = \\begin{bmatrix}0\\\\0\\end{bmatrix}$$\n")
    assert [c.verdict for c in null.claims] == [VERIFIED]


def test_latex_section_lines_start_sections_as_headings_do():
    """Mathpix's Markdown writes `\\section{…}` and `\\subsection{…}` lines for headings: a
    letter declared in one section is not the letter of the next (the Matrix Cookbook's Σ is
    P×P in one and the x of another is n-long)."""
    text = ("\\subsection{Wishart}\n\nHere $\\mathbf{M} \\in \\mathbb{R}^{P \\times P}$.\n\n"
            "\\subsection{Gaussian}\n\nHere $\\mathbf{x} \\in \\mathbb{R}^{n}$.\n\n"
            "$$\\mathbf{M}\\mathbf{x}$$\n")
    assert [f.code for f in check_text(text).findings if f.severity == ERROR] == []
    merged = text.replace("\\subsection{Gaussian}", "Gaussian")
    assert [f.code for f in check_text(merged).findings if f.severity == ERROR] == ["NC305"]


def test_a_formula_after_if_is_a_supposition_not_an_identity():
    """"A matrix A is idempotent if AA = A" defines a property: A is no idempotent matrix of the
    note, so AA = A does not fail; the same formula said outright does."""
    said = "Let $\\mathbf{A} \\in \\mathbb{R}^{n \\times n}$.\n\nA matrix $\\mathbf{A}$ is idempotent {}\n\n" \
           "$$\\mathbf{A}\\mathbf{A} = \\mathbf{A}$$\n"
    [supposed] = check_text(said.replace("{}", "if")).claims
    assert supposed.verdict == UNVERIFIED and "supposes it" in supposed.message
    assert [c.verdict for c in check_text(said.replace("{}", "as we show:")).claims] == [FAILED]


def test_notation_a_matrix_reference_writes_is_not_called_wrong():
    """The Matrix Cookbook's `x^H` (the conjugate transpose, not x to a power H), `sin(X)` of a
    matrix (its power series, whose gradient is cos(X)^T, not the elementwise one) and
    `[A]_{ij}` (the submatrix without row i and column j) are read as uncertain: no error."""
    declared = "Let $\\mathbf{x} \\in \\mathbb{R}^{n}$ and $\\mathbf{X}, \\mathbf{A} \\in \\mathbb{R}^{n \\times n}$.\n\n"
    for formula in ("\\|\\mathbf{x}\\|_{2}^{2} = \\mathbf{x}^{H} \\mathbf{x}",
                    "\\frac{\\partial \\operatorname{Tr}(\\sin (\\mathbf{X}))}{\\partial \\mathbf{X}}=\\cos (\\mathbf{X})^{T}",
                    "\\operatorname{cof}(\\mathbf{A}, i, j)=(-1)^{i+j} \\operatorname{det}\\left([\\mathbf{A}]_{i j}\\right)"):
        result = check_text(declared + f"$${formula}$$\n")
        assert error_codes(result) == [], formula
        assert FAILED not in [c.verdict for c in result.claims], formula


def test_list_items_that_each_define_the_same_name_are_alternatives_with_letters_of_their_own():
    """Four forms of an attention score side by side, W d×d in the first and k×d in the third
    ("W is k×d" after the list): no form is wrong for the other's W. Written as one derivation
    (no list) the same formulas clash."""
    forms = ("$S_{ij} = c_i^T W q_j$", "$S_{ij} = c_i^T U^T V q_j$", "$S_{ij} = c_i^T W^T D W q_j$")
    listed = "".join(f"{k}. The form {form}\n" for k, form in enumerate(forms, 1))
    after = "\nHere $W$ is $k \\times d$ and $D$ is $k \\times k$.\n"
    assert [f.code for f in check_text(listed + after).findings if f.severity == ERROR] == []
    prose = "".join(f"The form {form}.\n\n" for form in forms)
    assert [f.code for f in check_text(prose + after).findings if f.severity == ERROR] == ["NC301"]
    # what the note declared before the list holds in each item
    declared = "Let $A \\in \\mathbb{R}^{m \\times n}$ and $x \\in \\mathbb{R}^{m}$.\n\n1. $f = x^T A$\n2. $f = A x$\n"
    assert [f.code for f in check_text(declared).findings if f.severity == ERROR] == ["NC305"]
    # a sub-item that restates its item under a condition is no alternative
    nested = "6. $d|X| = \\mathrm{tr}(X^\\# dX)$\n   - if X is invertible, $d|X| = |X|\\mathrm{tr}(X^{-1}dX)$\n"
    for text, alternatives in ((nested, []), (listed, [[1, 2, 3]])):
        note = read_text(text, "note.md", plugins=[])
        assert alternative_items(note, *list_items(note)) == alternatives


def test_a_derivative_equal_to_a_vec_is_the_vec_convention_not_a_shape_error():
    """A note that defines the derivative by an m×n matrix as an mn-vector writes
    `∂f/∂X = vec(∇_X f)`; read with ∂f/∂X of X's shape it clashed (NC304)."""
    text = ("Let $X \\in \\mathbb{R}^{m \\times n}$ and $f = \\mathrm{tr}(X^T X)$.\n\n"
            "$$\\frac{\\partial f}{\\partial X} = vec(\\nabla_X f)$$\n")
    assert [f.code for f in check_text(text).findings if f.severity == ERROR] == []


def test_a_label_the_note_says_sums_to_one_is_drawn_so_and_the_softmax_gradient_holds():
    """`∂l/∂W = (softmax(Wx) - y)x^T` holds when `y^T 1 = 1` (a one-hot or probability label),
    which a note may state as a formula only: drawn without it, y made the right gradient
    fail. Stated of y, y is drawn as a probability vector and the gradient verifies; stated
    as a sum notecheck does not tie to y, the failure is unverified; never stated, it fails."""
    setting = ("Let $l = -y^T \\log \\mathrm{softmax}(Wx)$, $y \\in \\mathbb{R}^{m}$, "
               "$W \\in \\mathbb{R}^{m \\times n}$, $x \\in \\mathbb{R}^{n}$.\n\n")
    claim = "$$\\frac{\\partial l}{\\partial W} = (\\mathrm{softmax}(Wx) - y)x^T$$\n"

    def gradient(text):
        [found] = [c for c in check_text(text).claims if c.kind == "derivative"]
        return found

    stated = check_text(setting + "We use $$y^T \\boldsymbol{1} = 1$$\n\n" + claim)
    assert [c.verdict for c in stated.claims if c.kind == "derivative"] == [VERIFIED]
    [assumed] = [c for c in stated.claims if c.kind != "derivative"]  # what y is drawn to be is no claim verified
    assert assumed.verdict == UNVERIFIED and "drawn so" in assumed.message
    summed = gradient(setting + "We use $$\\sum_i y_i = 1$$\n\n" + claim)
    assert summed.verdict == UNVERIFIED and "sum to 1" in summed.message
    assert gradient(setting + claim).verdict == FAILED


def test_a_declaration_in_one_item_of_a_list_of_laws_is_that_items():
    """A list of Kronecker identities whose last item declares its own letters (`A ∈ R^{m×n}`,
    `B ∈ R^{p×q}`) does not give them to the laws before it, where A + B and A^{-1} were false
    errors; declared before the list, the sizes hold in every item."""
    laws = ("1. $(A + B) \\otimes C = A \\otimes C + B \\otimes C$\n"
            "2. $(A \\otimes B)^{-1} = A^{-1} \\otimes B^{-1}$\n"
            "3. $K_{pm} (A \\otimes B) K_{nq} = B \\otimes A$, $A \\in \\mathbb{R}^{m \\times n}$, "
            "$B \\in \\mathbb{R}^{p \\times q}$\n")
    assert [f.code for f in check_text(laws).findings if f.severity == ERROR] == []
    before = "Let $A \\in \\mathbb{R}^{m \\times n}$ and $B \\in \\mathbb{R}^{p \\times q}$.\n\n" + laws.split("3.")[0]
    assert "NC302" in [f.code for f in check_text(before).findings if f.severity == ERROR]


UNSURE_READINGS = {
    # `S_B := \\frac{1}{N_1}\\sum_{n \\in C_1} x_n x_nᵀ` (a sum over a class, not evaluated): a claim that holds for
    # any S_B is verified all the same; one that needs what such a sum gives (symmetry: `2S_Ww` is right) is not failed
    "S_W is defined (line 1) as a sum over a condition": (
        "Let $\\mathbf{w}, \\mathbf{x}_n \\in \\mathbb{R}^d$, "
        "$S_B := \\frac{1}{N_1} \\sum_{n \\in \\mathcal{C}_1} \\mathbf{x}_n \\mathbf{x}_n^T$ and "
        "$S_W := \\sum_{n \\in \\mathcal{C}_2} \\mathbf{x}_n \\mathbf{x}_n^T$.\n\n"
        "$$\\mathbf{w}^T S_B \\mathbf{w} + \\mathbf{w}^T \\mathbf{w} = \\mathbf{w}^T (S_B + I) \\mathbf{w}$$\n\n"
        "$$\\nabla_{\\mathbf{w}} (\\mathbf{w}^T S_W \\mathbf{w}) = 2 S_W \\mathbf{w}$$\n"),
    # `σ = √(1/N Σ…)`, then "with Bessel's correction" `σ² = 1/(N-1) Σ…`: a square alone on the left defines the
    # variance anew (the doubt is the first claim's here, so the right restatement comes first)
    "may define sigma anew": (
        "Let $x_n$ be the samples.\n\n$$\\sigma = \\sqrt{\\frac{1}{N} \\sum_{n=1}^{N} (x_n - \\mu)^2}$$\n\n"
        "$$\\sigma^2 = \\frac{1}{N} \\sum_{n=1}^{N} (x_n - \\mu)^2$$\n\n"
        "With Bessel's correction:\n\n$$\\sigma^2 = \\frac{1}{N - 1} \\sum_{n=1}^{N} (x_n - \\mu)^2$$\n"),
    # `∂L/∂σ²` of a Gaussian's log-likelihood: verified through σ (dσ/dσ² = 1/(2σ)); a wrong one is not failed,
    # since `w^2_{11}` may be layer 2's weight rather than a square
    "reads it as a power": (
        "Let $\\sigma \\in \\mathbb{R}$, $\\mu \\in \\mathbb{R}$ and $x_n \\in \\mathbb{R}$.\n\n"
        "$$\\mathcal{L} = -\\frac{N}{2}\\log(2\\pi\\sigma^2) - \\frac{1}{2\\sigma^2}\\sum_{n=1}^N (x_n - \\mu)^2$$\n\n"
        "$$\\frac{\\partial \\mathcal{L}}{\\partial \\sigma^2} = -\\frac{N}{2\\sigma^2} + "
        "\\frac{1}{2\\sigma^4}\\sum_{n=1}^N (x_n - \\mu)^2$$\n\n"
        "$$\\frac{\\partial \\mathcal{L}}{\\partial \\sigma^2} = -\\frac{N}{2\\sigma^2} + "
        "\\frac{1}{\\sigma^4}\\sum_{n=1}^N (x_n - \\mu)^2$$\n"),
}


@pytest.mark.parametrize("doubt", list(UNSURE_READINGS))
def test_a_reading_that_may_not_be_the_notes_verifies_what_holds_and_fails_nothing(doubt):
    """A claim through a letter defined by what is not evaluated, a square that may define a
    variance anew, a derivative by a squared letter: the right one verified, the wrong one
    unverified with the reason, no error."""
    result = check_text(UNSURE_READINGS[doubt])
    claims = [c for c in result.claims if c.kind != "definition"]
    assert [c.verdict for c in claims] == [VERIFIED, UNVERIFIED]
    assert doubt in claims[1].message
    assert error_codes(result) == []


PCA_EXPANSION = ("Let $D \\in \\mathbb{R}^{n \\times l}$, $x \\in \\mathbb{R}^n$ and $c \\in \\mathbb{R}^l$. {words}\n\n"
                 "$$x^Tx - 2x^TDc + c^TD^TDc = x^Tx - 2x^TDc + c^Tc$$\n")


@pytest.mark.parametrize("words, verdict", [
    ("여기서 $D$는 열들이 정규화되어 있고 서로 직교하는 경우로 한정한다.", VERIFIED),
    ("We constrain the columns of $D$ to be orthogonal to each other and of unit norm.", VERIFIED),
    ("The columns of $D$ are orthogonal to each other, but not of unit norm.", FAILED),
])
def test_columns_said_orthonormal_in_words_make_the_gram_matrix_the_identity(words, verdict):
    """A PCA note's decoder D (n×l, l < n) with orthonormal columns, said in words: DᵀD = I, so
    cᵀDᵀDc = cᵀc holds (D drawn tall, whatever order the note named n and l in); orthogonal
    columns not of unit norm do not make it hold, and "the columns of D are orthogonal" says
    nothing of D itself being square (it had made a false NC305 of D's n×l)."""
    result = check_text(PCA_EXPANSION.replace("{words}", words))
    assert [c.verdict for c in result.claims] == [verdict]
    assert error_codes(result) == (["NC401"] if verdict == FAILED else [])


def test_a_wrong_gradient_of_a_named_function_is_re_derived_from_its_definition():
    """`∇h(x) = 2Px` after `h(x) = xᵀPx` with P not symmetric: the fix shown is (P + Pᵀ)x, derived
    from what h(x) is, not `∂h/∂x` (which holds, and tells the reader nothing)."""
    result = check_text("Let $\\mathbf{x} \\in \\mathbb{R}^p$ and $P \\in \\mathbb{R}^{p \\times p}$ (not necessarily "
                        "symmetric), and $h(\\mathbf{x}) = \\mathbf{x}^TP\\mathbf{x}$.\n\n"
                        "$$\\nabla h(\\mathbf{x}) = 2P\\mathbf{x}$$\n")
    claim = next(c for c in result.claims if c.kind == "derivative")
    assert claim.verdict == FAILED and claim.expected == "(P + P^T)\\mathbf{x}"


RULES_TO_REMEMBER = ("Let $A$ be a matrix of shape $m \\times n$, and $x$ be $n \\times 1$ vector, then\n\n"
                     "$$z = Ax$$\n\nRemember, that:\n\n* $C = AB \\quad C^T = B^T A^T$\n* {law}\n")


@pytest.mark.parametrize("law", ["$\\langle x, Ay\\rangle = \\langle A^T x, y\\rangle$",
                                 "$\\langle x, yB\\rangle = \\langle xB^T, y\\rangle$"])
def test_a_law_restated_among_rules_is_no_clash_with_an_earlier_passages_sizes(law):
    # A m×n and x ∈ R^n were for z = Ax: the rule moves a matrix across an inner product, for any sizes
    result = check_text(RULES_TO_REMEMBER.format(law=law))
    assert error_codes(result) == []
    assert any("a law that holds for any sizes that fit" in f.message for f in result.findings)


def test_a_false_law_with_the_same_letters_is_still_a_clash():
    # (Ay)^T = A^T y^T: transposing a product does not keep its order, whatever size y has
    result = check_text(RULES_TO_REMEMBER.format(law="$(Ay)^T = A^T y^T$"))
    assert error_codes(result) != []


RULES_FOR_V = ("$$\\begin{{gather*}}\n& \\frac{{\\partial v^T v}}{{\\partial x}} = {rule} \\tag{{1}}\n\\\\\n"
               "& \\frac{{\\partial v v^T}}{{\\partial x}} = \\frac{{\\partial v}}{{\\partial x}} v^T + "
               "v \\frac{{\\partial v^T}}{{\\partial x}} \\tag{{2}}\n\\end{{gather*}}$$\n")


def test_a_rule_for_vectors_that_holds_only_for_numbers_is_not_verified():
    # v is written transposed (a vector), but rule (1)'s right side fits only with v a number, for which it holds
    rule = "\\frac{\\partial v^T}{\\partial x} v + \\frac{\\partial v^T}{\\partial x} v^T"
    result = check_text(RULES_FOR_V.format(rule=rule))
    assert VERIFIED not in [c.verdict for c in result.claims]
    assert "written transposed" in result.claims[0].message


@pytest.mark.parametrize("claim", ["\\frac{\\partial x^T A x}{\\partial x} = (A + A^T) x",
                                   "\\frac{\\partial a^T X b}{\\partial X} = a b^T"])
def test_a_rule_whose_transposed_letters_fit_as_vectors_is_still_verified(claim):
    assert [c.verdict for c in check_text(f"$${claim}$$\n").claims] == [VERIFIED]


VIEWS_OF_A_PRODUCT = ("Let $A \\in \\mathbb{R}^{m \\times n}$ and $B \\in \\mathbb{R}^{n \\times p}$. Viewed as a sum of "
                      "outer products, $AB = \\sum_i a_i b_i^T$ with $a_i \\in \\mathbb{R}^m$ and $b_i \\in \\mathbb{R}^p$.\n\n"
                      "{words}\n\n$$C = AB$$\n\nHere $c_i = A b_i$.\n")


def test_a_member_in_a_paragraph_on_the_columns_of_its_capital_may_be_one_of_them():
    # CS229's review: b_i were B's rows (p-vectors) in one view, B's columns (n-vectors) in the next
    words = "Second, if we represent $B$ by columns, the columns of $C$ are products of $A$ and the columns of $B$:"
    result = check_text(VIEWS_OF_A_PRODUCT.replace("{words}", words))
    assert error_codes(result) == []
    assert any("columns or rows of `B`" in f.message for f in result.findings)
    unsaid = check_text(VIEWS_OF_A_PRODUCT.replace("{words}", "Second, the product again:"))
    assert "NC301" in [f.code for f in unsaid.findings if f.severity == ERROR]


def test_a_derivative_of_a_function_the_note_defines_in_several_sections_is_not_certain():
    """Exercises that each define f, then their solutions: `f'(x)` in the solutions may be
    any exercise's f, so a product rule for the first exercise is no error against the last."""
    text = ("### Problem 1\n\nFind the derivative of $f(x) = x^3 e^{2x}$.\n\n"
            "### Problem 2\n\nFind the derivative of $f(x) = (x + 2)^2$.\n\n"
            "## Solutions\n\nFor $x \\in \\mathbb{R}$, using the product rule with $u = x^3$ and $v = e^{2x}$:\n\n"
            "$$f'(x) = \\frac{d}{dx}(x^3) \\cdot e^{2x} + x^3 \\cdot \\frac{d}{dx}(e^{2x})$$\n")
    [solution] = check_text(text).claims
    assert solution.verdict == UNVERIFIED and "defined in another section" in solution.message


def test_a_claim_that_writes_out_a_definition_in_force_is_not_verified():
    """`X^TX = M` right after `M = X^TX`: through M's definition its two sides are one
    tree, and a check that could not fail verifies nothing; `X^TX = M^T` is a check."""
    text = ("Let $X \\in \\mathbb{R}^{5 \\times 3}$ and $M = X^\\top X$.\n\n"
            "$$X^\\top X = M$$\n\n$$X^\\top X = M^\\top$$\n")
    restated, transposed = check_text(text).claims[-2:]
    assert restated.verdict == UNVERIFIED and "restates the definition of M" in restated.message
    assert transposed.verdict == VERIFIED


def test_a_letter_used_as_a_number_but_read_as_a_vector_makes_no_error():
    """A Spanish note: `v = w^\\top x + b` with w and x never declared reads v as a row
    (x a scalar by convention) although `\\frac{u}{v}` uses v as a number; `dy/dv = y(1-y)`
    rests on that reading and is no shape error."""
    text = ("$$\nE_1 = \\dfrac{1}{2} (d - y)^2\n\\quad\\quad\nv = w^\\top x + b\n\\quad\\quad\n"
            "y = \\sigma (v) = \\dfrac{1}{1 + e^{-v}}\n$$\n\n"
            "Usando la regla $\\frac{d}{dx} \\left( \\frac{u}{v} \\right) = \\frac{u'v - uv'}{v^2}$ se tiene\n\n"
            "$$\n\\dfrac{d}{dv}y = \\dfrac{e^{-v}}{(1 + e^{-v})^2}\n$$\n\n$$\n\\dfrac{d}{dv}y = y (1 - y)\n$$\n")
    result = check_text(text)
    assert error_codes(result) == []
    assert any(f.message.startswith("shapes not checked") and "`\\dfrac{d}{dv}y` is a row vector" in f.message
               for f in result.findings)


KALMAN_RULES = ("**rule 1**\n\n$\\mathbf{A} \\in \\mathbb{R}^{m \\times n}$, $\\mathbf{B} \\in \\mathbb{R}^{n \\times m}$\n\n"
                "$$\\frac{d}{d \\mathbf{A}} tr(\\mathbf{A} \\mathbf{B}) = \\mathbf{B}^T$$\n\n"
                "**rule 2**\n\n$$\\frac{d}{d \\mathbf{A}} tr(\\mathbf{A} \\mathbf{B} \\mathbf{A}^T)$$\n\n"
                "$\\mathbf{A} \\in \\mathbb{R}^{m \\times n}$, $\\mathbf{B} \\in \\mathbb{R}^{n \\times n}$ symmetric\n\n"
                "$$\\frac{d}{d \\mathbf{A}} tr(\\mathbf{A} \\mathbf{B} \\mathbf{A}^T) = 2 \\mathbf{A} \\mathbf{B}$$\n")


def test_bold_lines_head_the_parts_of_a_notebook_cell_as_of_a_note():
    """A Kalman notebook's cell states two rules under bold lines, B n×m in the first and
    n×n in the second, declared after the rule's own formula: as in the same text as
    Markdown, the second rule's `tr(ABA^T)` is not read with the first rule's B."""
    for text, name in ((KALMAN_RULES, "n.md"), (notebook(KALMAN_RULES), "n.ipynb")):
        result = check_text(text, name)
        assert error_codes(result) == [], name
        assert [c.verdict for c in result.claims] == [VERIFIED, VERIFIED], name


def test_a_bold_list_item_in_a_notebook_cell_heads_no_part():
    """A Korean notebook numbers its steps `1. **순전파 단계**`: list items, not headings, whose
    letters (x in `h = f(x w_1)`) the chain rule's step reads."""
    cell = ("1. **Forward**\n\n    - $h = f(x \\cdot w_1)$\n    - $y = f(h \\cdot w_2)$\n\n"
            "2. **Error**\n\n    - $E = \\frac{1}{2}(t - y)^2$\n\n3. **Gradient**\n\n"
            "    - $\\frac{\\partial E}{\\partial w_2} = \\frac{\\partial E}{\\partial y} \\cdot \\frac{\\partial y}{\\partial w_2}$\n")
    [chain] = check_text(notebook(cell), "n.ipynb").claims
    assert chain.verdict == VERIFIED


def test_the_matrix_cookbooks_partial_differentials_are_checked():
    """`\\partial(X^{-1}) = -X^{-1}(\\partial X)X^{-1}`, as the Matrix Cookbook writes
    differentials: right ones verified, a lost sign flagged with the fix in the note's ∂."""
    text = ("Let $X \\in \\mathbb{R}^{n \\times n}$ be invertible and $Y \\in \\mathbb{R}^{n\\times n}$.\n\n"
            "$$\\partial |X| = \\mathrm{tr}(|X| X^{-1} \\partial X)$$\n\n"
            "$$\\partial (XY) = (\\partial X) Y + X (\\partial Y)$$\n\n"
            "$$\\partial (X^{-1}) = X^{-1} (\\partial X) X^{-1}$$\n")
    determinant, product, inverse = check_text(text).claims
    assert determinant.verdict == VERIFIED and product.verdict == VERIFIED
    assert inverse.verdict == FAILED and inverse.expected == "-X^{-1} (\\partial X) X^{-1}"


def test_a_partial_before_a_letter_equal_to_no_differential_may_name_a_gradient():
    """A Japanese note writes `\\partial w_{jk}` for ∂E/∂w_{jk}, as others write dw: read as
    the differential, `\\partial w = ∂E/∂w = 2w` would fail; it is unverified, saying why."""
    text = "Let $E = w^2$ for $w \\in \\mathbb{R}$.\n\n$$\\partial w = \\frac{\\partial E}{\\partial w} = 2w$$\n"
    named, derivative = check_text(text).claims
    assert named.verdict == UNVERIFIED and "`\\partial w` may name ∂L/∂w" in named.message
    assert derivative.verdict == VERIFIED


def test_a_worked_examples_declaration_holds_no_further_than_its_heading_in_a_notebook():
    """A Japanese regression notebook declares X ∈ R^{N×d}, then X ∈ R^{4×2} under `### 単回帰を表現する`
    (an example): the next `##` part's `Xw`, with w ∈ R^d, is the general X's again."""
    cells = ("## Notation\n\nLet $\\bm{X} \\in \\mathbb{R}^{N \\times d}$, $\\bm{y} \\in \\mathbb{R}^N$ and "
             "$\\bm{w} \\in \\mathbb{R}^d$.\n",
             "### An example\n\nWith two features, $\\bm{X} \\in \\mathbb{R}^{4 \\times 2}$ and $\\bm{y} \\in \\mathbb{R}^4$.\n",
             "## The objective\n\n$$\\hat{\\bm{y}} = \\bm{X}\\bm{w}$$\n\n"
             "$$\\bm{\\epsilon} = \\bm{y} - \\hat{\\bm{y}} = \\bm{y} - \\bm{X}\\bm{w}$$\n")
    [step] = check_text(notebook(*cells), "n.ipynb").claims
    assert step.verdict == VERIFIED


def test_a_declared_vector_set_equal_to_itself_applied_is_a_function_there():
    """A Turkish note: "if $x=x(\\alpha),z=z(\\alpha)$", the chain rule, then "if we say
    $z = x = \\alpha$", after declaring x and z vectors: `x(\\alpha)` names x as a function
    of α, no product of two vectors."""
    text = ("Let $x \\in \\mathbb{R}^n$, $z \\in \\mathbb{R}^n$ and $A \\in \\mathbb{R}^{n \\times n}$.\n\n"
            "If $x=x(\\alpha),z=z(\\alpha)$, by the chain rule\n\n"
            "$$\\frac{\\partial (z^TAx)}{\\partial \\alpha} = \\frac{\\partial (z^TAx)}{\\partial x} "
            "\\frac{\\partial x}{\\partial \\alpha} + \\frac{\\partial (z^TAx)}{\\partial z} \\frac{\\partial z}{\\partial \\alpha}$$\n\n"
            "If we say $z = x = \\alpha$,\n\n$$\\frac{\\partial (x^TAx)}{\\partial \\alpha} = "
            "\\frac{\\partial (x^TAx)}{\\partial x}$$\n")
    assert "NC301" not in error_codes(check_text(text))


SUPPOSED_SAME = ("Let $x \\in \\mathbb{R}^n$, $z \\in \\mathbb{R}^n$ and $A \\in \\mathbb{R}^{n \\times n}$.\n\n"
                 "If $x=x(\\alpha),z=z(\\alpha)$, by the chain rule\n\n"
                 "$$\\frac{\\partial (z^TAx)}{\\partial \\alpha} = \\frac{\\partial (z^TAx)}{\\partial x} "
                 "\\frac{\\partial x}{\\partial \\alpha} + \\frac{\\partial (z^TAx)}{\\partial z} "
                 "\\frac{\\partial z}{\\partial \\alpha}$$\n\n"
                 "{words} $z = x = \\alpha$,\n\n"
                 "$$\\frac{\\partial (x^TAx)}{\\partial \\alpha} = \\frac{\\partial (x^TAx)}{\\partial x}$$\n")


@pytest.mark.parametrize("words", ["If we say", "Suppose", "Eğer"])
def test_a_claim_after_a_supposed_value_may_hold_only_there(words):
    """"If we say $x = \\alpha$" gives x a value for what follows, which notecheck does not
    put in for x: the claim after it holds there and is wrong for x in general, so it is
    unverified, naming the supposition, not an error."""
    result = check_text(SUPPOSED_SAME.replace("{words}", words))
    claim = result.claims[-1]
    assert error_codes(result) == []
    assert claim.verdict == UNVERIFIED and "x = \\alpha, as the note supposes" in claim.message


@pytest.mark.parametrize("words", ["Its solution is", "Then"])
def test_a_claim_after_an_answer_is_judged_for_the_letter_in_general(words):
    result = check_text(SUPPOSED_SAME.replace("{words}", words))
    assert error_codes(result) == ["NC501"]


ESCAPED_BARS = ("---\nlayout: post\n---\n\n行列式：对可逆的 $X \\in \\mathbb{R}^{n \\times n}$，"
                "$ d\\|X\\| = \\|X\\|tr({inverse}dX) $。\n")


def test_a_norm_that_holds_as_a_determinant_is_not_called_wrong():
    """A Jekyll or Hexo note writes `\\|X\\|` so that its bars start no table, and the page
    shows `|X|`, here the determinant the words name (行列式): read as a norm the claim
    fails, read as bars it holds, so it is unverified, saying both readings."""
    result = check_text(ESCAPED_BARS.replace("{inverse}", "X^{-1}"))
    assert error_codes(result) == []
    claim = result.claims[-1]
    assert claim.verdict == UNVERIFIED and "Markdown renderer" in claim.message


def test_a_norm_claim_wrong_either_way_is_still_an_error():
    result = check_text(ESCAPED_BARS.replace("{inverse}", "X^{-T}"))
    assert error_codes(result) == ["NC402"]


def test_a_bold_digit_set_equal_to_a_number_may_be_that_number():
    """A Turkish backprop note sums two derivatives, `0 + 1 = \\mathbf{1}`, setting its
    results in bold throughout: the bold 1 of no size is that number, not for certain the
    vector of ones, so the shapes are a doubt, not an NC304. A ones vector with its size
    written (`\\mathbf{1}_n`) set equal to a number is still an error."""
    result = check_text("Toplarsak: $\\frac{dd}{dc} = 0 + 1 = \\mathbf{1}$\n")
    assert error_codes(result) == []
    assert any("number 1 set in bold" in f.message for f in result.findings)
    sized = check_text("Let $\\mathbf{x} \\in \\mathbb{R}^n$.\n\n$$\\mathbf{x}^T\\mathbf{x} = \\mathbf{1}_n$$\n")
    assert error_codes(sized) == ["NC304"]


def test_a_derivative_by_a_letter_the_function_reads_in_another_font_is_a_doubt():
    """`∇_{\\boldsymbol\\Sigma}(-½\\log|\\Sigma|)`: a Korean post bolds Σ in the gradient and not
    in the log. The function reads the same letter in another font, so "does not depend on
    Σ" (NC502) would rest on the bold alone: unverified, saying so."""
    result = check_text("$\\boldsymbol\\Sigma \\in \\mathbb{R}^{d \\times d}$ 는 공분산 행렬이다.\n\n"
                        "$$\\nabla_{\\boldsymbol\\Sigma}\\bigg(-\\frac{1}{2}\\log|\\Sigma|\\bigg) = -\\frac{1}{2}\\Sigma^{-1}$$\n")
    assert error_codes(result) == []
    assert "another font" in result.claims[-1].message


FROBENIUS = ("这里，$\\mathrm{tr}(\\mathbf{A}^T\\mathbf{B})={sum}$，矩阵$A,B$具有相同的维度。\n\n"
             "$$\\mathrm{tr}(A^TB) = \\sum_{i,j}A_{ij}B_{ij}$$\n")


def test_a_letter_bold_on_one_side_and_plain_on_the_other_is_read_as_one_matrix():
    """A Chinese post writes `tr(𝐀ᵀ𝐁) = Σ_ij A_ij B_ij`, calling the matrices A and B in
    the words: a claim between a bold A and another, plain, A would mean nothing, so the
    one reading that checks is verified, saying so; read so and wrong, it is a doubt
    with the reason, never an error."""
    right = check_text(FROBENIUS.replace("{sum}", "\\sum_{ij}A_{ij}B_{ij}"))
    assert [c.verdict for c in right.claims] == [VERIFIED, VERIFIED]
    assert "in either font one symbol" in right.claims[0].message
    wrong = check_text(FROBENIUS.replace("{sum}", "\\sum_{ij}A_{ij}B_{ij} + 1"))
    assert error_codes(wrong) == [] and wrong.claims[0].verdict == UNVERIFIED
    assert "bold on one side, plain on the other" in wrong.claims[0].message
    assert "read with A, B in either font one symbol it would be wrong" in wrong.claims[0].message


def test_a_size_written_as_the_size_of_a_set_is_read_with_its_declaration():
    """An attention post sizes its unembedding `W_u \\in \\reals^{d \\times |V|}` (KaTeX's
    `\\reals`, |V| the vocabulary's size). Unread, the declaration left U to the loose
    `dz/dX = U`, and two right gradients became an NC304 and an NC301."""
    text = ("The scores over the vocabulary use $X \\in \\mathbb{R}^{n \\times d}$, "
            "$U \\in \\mathbb{R}^{d \\times |V|}$ and $\\hat{y} \\in \\mathbb{R}^{n \\times |V|}$.\n\n"
            "$$\\frac{dz}{dU} = X$$\n\n$$\\frac{dL}{dU} = ((\\hat{y} - y)^T X)^T$$\n\n"
            "$$\\frac{dz}{dX} = U$$\n\n$$\\frac{dL}{dX} = (\\hat{y} - y) U^T$$\n")
    assert error_codes(check_text(text)) == []
    assert not any(check_text(text.replace("\\mathbb{R}", "\\reals")).parse_errors)


def test_a_chain_through_an_intermediate_of_conventional_shape_is_not_called_wrong():
    """`dL/dX = dL/dŷ × dŷ/dz × dz/dX` with ŷ a c×v matrix: z is some function of X whose
    shape the note never gives (a number only by convention), so the chain's value is no
    fact to be wrong about."""
    text = ("$$X \\in \\mathbb{R}^{c \\times d}, \\hat{y} \\in \\mathbb{R}^{c \\times v}$$\n\n"
            "$$\\frac{dL}{dX} = \\frac{dL}{d\\hat{y}} \\times \\frac{d\\hat{y}}{dz} \\times \\frac{dz}{dX}$$\n")
    result = check_text(text)
    assert error_codes(result) == [] and result.claims[0].verdict == UNVERIFIED
    assert "a function the note differentiates, read as a number" in result.claims[0].message


def test_vectors_side_by_side_with_dots_are_a_matrix_not_a_number():
    """A Kalman-filter note writes `x^T [m_1, …, m_L] μ` (L columns in R^D, μ ∈ R^L): the
    bracket was read as a number, and x^T times μ as an NC301."""
    text = ("Let $\\boldsymbol{x} \\in \\mathbb{R}^D$, $\\boldsymbol{\\mu} \\in \\mathbb{R}^L$ and "
            "$\\boldsymbol{m}_{1}, \\ldots, \\boldsymbol{m}_{L} \\in \\mathbb{R}^D$.\n\n"
            "$$b = \\boldsymbol{x}^\\top [\\boldsymbol{m}_{1}, \\ldots, \\boldsymbol{m}_{L}] \\boldsymbol{\\mu}$$\n")
    assert error_codes(check_text(text)) == []
    assert error_codes(check_text(text.replace("[\\boldsymbol{m}_{1}, \\ldots, \\boldsymbol{m}_{L}] ", ""))) != []


def test_a_gradient_through_a_function_the_note_does_not_define_may_be_a_column():
    """A Gauss-Newton post: `f = ½‖g(x)‖²`, so g is vector-valued and ∇g its Jacobian;
    `∇f = (∇g)^T g` is a column. Read with g a number it is a row (NC601): not certain."""
    text = ("Let $$f(\\mathbf{x}) = \\frac{1}{2} ||g(\\mathbf{x})||_2^2$$\n\n"
            "$$\\nabla_\\mathbf{x} f(\\mathbf{x}) = (\\nabla_\\mathbf{x} g(\\mathbf{x}))^\\top g(\\mathbf{x})$$\n")
    result = check_text(text)
    assert [f.code for f in result.findings if f.code == "NC601"] == []
    assert "`g` is a function the note does not define" in result.claims[-1].message


def test_d_before_a_bracket_is_a_variance_not_a_matrix_times_a_vector():
    """`D[x_i]` in a Chinese derivation of the biased variance is the variance (方差). Read
    as the matrix D times x_i, it made x_i a vector in the one-dimensional section even
    without the p-vectors of the section before, and `2x_i μ` a product of two columns."""
    text = ("## 多维\n\n每个样本 $x_i$ 为 $p$ 维向量。\n\n## 一维\n\n其中 $\\mu = {1\\over N}\\sum_{i=1}^N x_i$。\n\n"
            "$$E[s] = E[{1\\over N}\\sum_{i=1}^N(x_i^2-2x_i\\mu+\\mu^2)] = "
            "{1\\over N}\\sum_{i=1}^N(D[x_i]+E[x_i]^2) - D[\\mu]$$\n")
    assert error_codes(check_text(text)) == []


def test_an_index_inside_a_variance_may_name_the_sample_it_runs_over():
    """A PCA notebook writes the variance of the projections as `var(x_j·w)` and sums
    over j on the right: j names the sample the variance is taken over, so "j is free on
    the left side only" (NC403) is not certain."""
    text = ("Let $\\mathbf{x}_j, \\mathbf{w} \\in \\mathbb{R}^d$.\n\n"
            "$$\\operatorname{var}(\\mathbf{x}_{j} \\cdot \\mathbf{w}) = \\frac{1}{n}\\sum_{j=1}^{n}(\\mathbf{x}_{j} "
            "\\cdot \\mathbf{w})^2 - \\left( \\frac{1}{n}\\sum_{j=1}^{n}\\mathbf{x}_{j} \\cdot \\mathbf{w} \\right)^2$$\n")
    result = check_text(text)
    assert error_codes(result) == []
    assert "the sample it is taken over" in result.claims[-1].message


def test_a_vector_alone_in_square_brackets_may_be_its_cross_product_matrix():
    """A quadruped-MPC note writes `r × f = [r] f` ([r] the skew-symmetric matrix of r):
    a vector in square brackets before another is no certain product of two columns.
    In parentheses it still is one."""
    text = ("Let $\\mathbf{r}, \\mathbf{f} \\in \\mathbb{R}^3$.\n\n$$\\mathbf{\\tau} = [\\mathbf{r}] \\mathbf{f}$$\n")
    result = check_text(text)
    assert error_codes(result) == []
    assert any("`[\\mathbf{r}]` may be the cross-product (skew-symmetric) matrix of `\\mathbf{r}`" in f.message
               for f in result.findings)
    assert error_codes(check_text(text.replace("[\\mathbf{r}]", "(\\mathbf{r})"))) == ["NC301"]


def test_a_step_repeated_in_one_formula_is_unverified_not_suppressed():
    """An equation image repeats `u + v = w + z` on two rows: one finding (same place,
    same message) reports both claims, so the summary counts two unverified and none
    suppressed (the user suppressed nothing)."""
    image = "![](https://www.zhihu.com/equation?tex=u%2Bv%3Dw%2Bz%5C%5C%0Au%2Bv%3Dw%2Bz)"
    result = check_text(f"那么有\n\n{image}\n")
    assert [(c.verdict, c.suppressed) for c in result.claims] == [(UNVERIFIED, False), (UNVERIFIED, False)]
    assert result.counts()["suppressed"] == 0


def test_an_unnumbered_example_label_starts_a_section_of_its_own():
    """A Chinese cheat sheet lists generic rules (`d\\text{tr}(X) = \\text{tr}(dX)`, `dX^{-1} =
    -X^{-1}dX X^{-1}`), then "**例：** … X 是 m×n 矩阵": the example's X is not the rules'
    X, which would make every trace and inverse of them an NC306."""
    text = ("### 标量对矩阵求导\n\n1. **迹**：$d\\text{tr}(X) = \\text{tr}(dX)$\n"
            "2. **逆**：$dX^{-1} = -X^{-1}dX X^{-1}$\n\n"
            "**例：**$f = \\boldsymbol{a}^T X\\boldsymbol{b}$，其中 $X$是 $m\\times n$ 矩阵。\n")
    assert error_codes(check_text(text)) == []

"""Shape inference on small notes: what a reader would see flagged, and what must pass."""

from fractions import Fraction

from notecheck.meaning import Context, read_context
from notecheck.latex.expr import Derivative, Mul, Neg, Number, Parsed, Symbol, Transpose, walk
from notecheck.read import Formula, Note
from notecheck.latex import parse_formulas
from notecheck.read import read_text
from notecheck.meaning import Shape, infer


def run(text: str):
    note = read_text(text, "note.md", plugins=[])
    trees = parse_formulas(note)[0]
    context = read_context(note, trees)
    env, findings = infer(note, trees, context)
    return note, trees, env, findings


def at(note, text: str) -> int:
    """The index of the formula whose LaTeX is `text`."""
    return next(i for i, f in enumerate(note.formulas) if f.latex == text)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_a_column_times_a_column_is_flagged_with_the_transpose_that_fixes_it():
    note, _, _, findings = run("$f=\\boldsymbol{a}\\boldsymbol{x}$ 为标量函数；$\\boldsymbol{a}, \\boldsymbol{x}$ 均为列向量。"
                               "$df = \\boldsymbol{a}^{\\top}d\\boldsymbol{x}$\n")
    assert codes(findings) == ["NC301"]
    finding = findings[0]
    assert finding.fix == "\\boldsymbol{a}^{\\top}\\boldsymbol{x}"
    assert finding.line == 1 and finding.col == note.formulas[0].col + 2
    assert finding.formula == "f=\\boldsymbol{a}\\boldsymbol{x}"


def test_the_fix_follows_the_notes_transpose_style():
    # u and v declared: a clash between conventions alone would be no error (precision first)
    _, _, _, findings = run("Let $\\boldsymbol{u}, \\boldsymbol{v}\\in\\mathbb{R}^{n}$. "
                            "$\\boldsymbol{y}^T \\boldsymbol{x}$ and $s = \\boldsymbol{u}\\boldsymbol{v} + \\boldsymbol{u}^T\\boldsymbol{v}$\n")
    assert codes(findings) == ["NC301"]
    assert findings[0].fix == "\\boldsymbol{u}^T\\boldsymbol{v}"


def test_right_formulas_raise_nothing():
    _, _, _, findings = run(
        "其中 $X$ 是 $m\\times n$ 矩阵，$\\boldsymbol{a}$ 是 $m×1$ 列向量，$\\boldsymbol{b}$ 是 $n×1$ 列向量。\n\n"
        "$$f = \\boldsymbol{a}^T X\\boldsymbol{b}, \\quad df = \\text{tr}(\\boldsymbol{b}\\boldsymbol{a}^T dX), "
        "\\quad \\frac{\\partial f}{\\partial X} = \\boldsymbol{a}\\boldsymbol{b}^T$$\n\n"
        "$H = \\sigma(X)$, $G = 1 - H\\odot H$, $\\boldsymbol{u}\\cdot \\boldsymbol{u} = \\boldsymbol{u}^T\\boldsymbol{u}$\n\n"
        "$\\operatorname{vec}(AXB) = (B^T \\otimes A)\\operatorname{vec}(X)$\n")
    assert findings == []


def test_scalar_plus_matrix_broadcasts_but_matrix_plus_a_column_of_neither_size_does_not():
    _, _, _, ok = run("$A$ 是 $m\\times n$ 矩阵。$B = 1 - A \\odot A$\n")
    assert ok == []
    _, _, _, bad = run("$A$ 是 $m\\times n$ 矩阵，$\\boldsymbol{v}$ 是 $p×1$ 列向量。$B = A + \\boldsymbol{v}$\n")
    assert codes(bad) == ["NC302"]
    assert "matrix (m×n)" in bad[0].message and "column vector (p×1)" in bad[0].message


def test_elementwise_product_of_different_shapes():
    _, _, _, findings = run("$A$ 是 $m\\times n$ 矩阵，$B$ 是 $n\\times m$ 矩阵。$C = A\\odot B$\n")
    assert codes(findings) == ["NC303"]
    assert findings[0].fix == "A\\odot B^T"


def test_trace_and_inverse_need_square_matrices():
    _, _, _, findings = run("$X\\in\\mathbb{R}^{m\\times n}$. $t = \\text{tr}(X)$ and $Y = X^{-1}$\n")
    assert codes(findings) == ["NC306", "NC306"]
    assert "square" in findings[0].message


def test_sides_of_an_equation_differ():
    _, _, _, findings = run("$X\\in\\mathbb{R}^{m\\times n}$, $Y\\in\\mathbb{R}^{m\\times n}$. $X^T = Y$\n")
    assert codes(findings) == ["NC304"]
    assert findings[0].fix == "X^T = Y^T" or findings[0].fix == "X = Y"


def test_a_declaration_that_contradicts_use_is_reported_at_the_declaration():
    note, _, _, findings = run("例2：$f = \\boldsymbol{a}^T\\exp(X\\boldsymbol{b})$。\n"
                               "其中a是 $m \\times 1$ 列向量,X是 $m \\times n$ 矩阵,b是 $m \\times 1$ 列向量。\n\n"
                               "$df = \\boldsymbol{a}^T(\\exp(X\\boldsymbol{b})\\odot(dX\\boldsymbol{b}))$\n")
    assert codes(findings) == ["NC305"]
    finding = findings[0]
    assert finding.line == 2 and note.text.split("\n")[1][finding.col - 1] == "b"
    assert "m×1" in finding.message and "n×1" in finding.message and finding.fix == "n×1"


def test_plain_letters_become_vectors_by_use_without_a_finding():
    note, trees, env, findings = run(
        "$\\frac{\\partial (Xw-y)^T(Xw-y)}{\\partial w} = 2(Xw-y)^TX = 0$\n\n$w = (X^TX)^{-1}X^Ty$\n")
    assert findings == []
    w = env.symbol(Symbol("w"), formula=1)
    assert w.cols == 1 and w.rows != 1


def test_examples_rebind_their_letters():
    note, _, env, findings = run(
        "例1：$W$ 是 $l\\times m$ 矩阵，$X$ 是 $m\\times n$ 矩阵。$Y = WX$\n\n"
        "例2：$W$ 是 $m\\times n$ 矩阵，$\\boldsymbol{x}$ 是 $n×1$ 列向量。$\\boldsymbol{a} = W\\boldsymbol{x}$\n")
    assert findings == []
    assert env.symbol(Symbol("W"), formula=at(note, "Y = WX")) == Shape("l", "m")
    assert env.symbol(Symbol("W"), formula=at(note, "\\boldsymbol{a} = W\\boldsymbol{x}")) == Shape("m", "n")


def test_a_result_that_lets_a_letter_be_a_square_non_singular_matrix_binds_it_anew():
    # "**3.A** Let A ∈ R^{n×m}", "**3.C** Let A ∈ R^{m×n}", "**3.D** Let A be some square, non-singular matrix"
    note, _, env, findings = run(
        "**3.A** Let $A \\in \\mathbb{R}^{n \\times m}$ and $B \\in \\mathbb{R}^{m \\times n}$. "
        "Then $\\nabla_A \\mathrm{tr}(AB) = B^T$.\n\n"
        "**3.C** Let $A \\in \\mathbb{R}^{m \\times n}$. Then $\\nabla_{A^T} f(A) = (\\nabla_A f(A))^T$.\n\n"
        "**3.D** Let $A$ be some square, non-singular matrix. Then $\\nabla_A |A| = |A| (A^{-1})^T$.\n")
    assert findings == []
    a = env.symbol(Symbol("A"), formula=at(note, "\\nabla_A |A| = |A| (A^{-1})^T"))
    assert a.rows == a.cols != "m"


def test_each_row_of_a_table_of_results_binds_its_own_letters():
    note, _, env, findings = run(
        "Let $X \\in \\mathbb{R}^{m\\times n}$ and $B \\in \\mathbb{R}^{n\\times q}$.\n\n"
        "| function | differential | where |\n|:--|:--|:--|\n"
        "| $F = AX$ | $\\mathrm{d}F = A\\,\\mathrm{d}X$ | $A \\in \\mathbb{R}^{p\\times m}$ |\n"
        "| $F = XA$ | $\\mathrm{d}F = \\mathrm{d}X\\,A$ | $A \\in \\mathbb{R}^{n\\times q}$ |\n\n"
        "After the table, $Y = XB$.\n")
    assert findings == []  # one binding for the section put the second row's A into the first row
    assert env.symbol(Symbol("A"), formula=at(note, "\\mathrm{d}F = A\\,\\mathrm{d}X")) == Shape("p", "m")
    assert env.symbol(Symbol("A"), formula=at(note, "\\mathrm{d}F = \\mathrm{d}X\\,A")) == Shape("n", "q")
    assert env.symbol(Symbol("B"), formula=at(note, "Y = XB")) == Shape("n", "q")  # declared before the table


def test_a_table_that_declares_each_letter_once_binds_the_text_after_it():
    note, _, env, findings = run(
        "| symbol | size |\n|--|--|\n| $X \\in \\mathbb{R}^{m\\times n}$ | data |\n"
        "| $W \\in \\mathbb{R}^{n\\times k}$ | weights |\n\nThen $Z = XW$.\n")
    assert findings == []
    assert env.symbol(Symbol("W"), formula=at(note, "Z = XW")) == Shape("n", "k")


def test_indexed_symbols_are_one_family_and_entries_are_scalars():
    _, trees, env, findings = run(
        "其中 $\\boldsymbol{x}_i$ 是 $m\\times 1$ 列向量。"
        "$S = \\frac{1}{N}\\sum_{i=1}^N(\\boldsymbol{x}_i-\\bar{\\boldsymbol{x}})(\\boldsymbol{x}_i-\\bar{\\boldsymbol{x}})^T$, "
        "$X = [\\boldsymbol{x}_1, \\cdots, \\boldsymbol{x}_N]$, $df = \\sum_{i,j} \\frac{\\partial f}{\\partial X_{ij}}dX_{ij}$\n")
    assert findings == []
    assert env.symbol(Symbol("x", "bold", "1"), formula=2) == Shape("m", 1)
    assert env.symbol(Symbol("S"), formula=1) == Shape("m", "m")
    assert env.symbol(Symbol("X", "", "ij"), formula=3).is_scalar or \
        env.concrete(formula=3)[Symbol("X", "", "ij")] == (1, 1)


def test_derivatives_take_the_variables_shape_and_are_marked_layout_dependent():
    note, trees, env, findings = run("其中 $W$ 是 $m\\times n$ 矩阵，$l$ 是标量。$\\frac{\\partial l}{\\partial W} = G$\n")
    assert findings == []
    derivative = next(n for n in walk(trees[-1]) if isinstance(n, Derivative))
    assert env.of(derivative) == Shape("m", "n")
    assert env.layout_dependent(derivative)


def test_a_gradient_written_in_the_other_layout_is_not_a_shape_error():
    _, _, _, findings = run("$\\frac{\\partial\\, x^TAx}{\\partial{x}} = x^T(A+ A^T)$\n")
    assert findings == []


def test_functions_keep_or_change_shapes():
    _, trees, env, findings = run(
        "$\\boldsymbol{v}$ 是 $n×1$ 列向量，$X$ 是 $m\\times n$ 矩阵。"
        "$D = \\operatorname{diag}(\\boldsymbol{v})$, $\\boldsymbol{s} = \\operatorname{softmax}(X\\boldsymbol{v})$, "
        "$\\boldsymbol{z} = \\operatorname{vec}(X)$, $K = X \\otimes X$, $E = \\exp(X)$\n")
    assert findings == []
    assert env.symbol(Symbol("D"), formula=4) == Shape("n", "n")
    assert env.symbol(Symbol("s", "bold"), formula=5) == Shape("m", 1)
    assert env.symbol(Symbol("z", "bold"), formula=6) in (Shape("m*n", 1), Shape("n*m", 1))
    assert env.symbol(Symbol("E"), formula=8) == Shape("m", "n")


def test_concrete_sizes_are_distinct_so_no_transpose_can_hide():
    _, _, env, _ = run("$X\\in\\mathbb{R}^{m\\times n}$, $A$ is a matrix, $\\boldsymbol{y} = A X \\boldsymbol{b}$, $c = 2$\n")
    sizes = env.concrete(formula=2)
    rows, cols = sizes[Symbol("X")]
    assert rows != cols and 1 not in (rows, cols)
    assert sizes[Symbol("b", "bold")] == (cols, 1)
    a_rows, a_cols = sizes[Symbol("A")]
    assert a_cols == rows and a_rows not in (rows, cols)
    assert sizes[Symbol("c")] == (1, 1)
    assert env.concrete({"m": 7}, formula=2)[Symbol("X")][0] == 7
    assert env.concrete()[Symbol("X")] == (rows, cols)


def test_a_conflict_is_reported_once_not_down_the_note():
    _, _, _, findings = run("$\\boldsymbol{a}$, $\\boldsymbol{x}$ 是列向量。$f = \\boldsymbol{a}\\boldsymbol{x}$, "
                            "$g = 2f + \\boldsymbol{a}\\boldsymbol{x}$, $h = \\boldsymbol{a}\\boldsymbol{x}$\n")
    assert codes(findings) == ["NC301"]


def test_ten_thousand_nested_negations_do_not_blow_the_stack():
    deep = Number(Fraction(1))
    for _ in range(10_000):
        deep = Neg(deep)
    note = Note(path="deep.md", text="$x$\n", title="deep",
                formulas=[Formula(latex="x", line=1, col=2, end_line=1, display=False, delimiter="$")])
    env, findings = infer(note, [Parsed((deep,))], Context())
    assert findings == []


def test_missing_trees_and_an_empty_context_are_fine():
    note = Note(path="n.md", text="$x$\n", title="n",
                formulas=[Formula(latex="x", line=1, col=2, end_line=1, display=False, delimiter="$")])
    env, findings = infer(note, [None], Context())
    assert findings == [] and env.concrete() == {}
    tree = Parsed((Mul((Transpose(Symbol("a", "bold")), Symbol("x", "bold"))),))
    env, findings = infer(note, [tree], Context())
    assert findings == [] and env.of(tree.statements[0]).is_scalar


def test_a_step_that_moves_a_factor_is_wrong_at_its_place_not_in_the_declarations():
    _, _, _, findings = run(
        "记 $f(W) = \\pmb c^T\\sigma(XW\\pmb b)$。其中 $X$ 是 $m\\times n$ 矩阵，$W$ 是 $n\\times p$ 矩阵，"
        "$\\pmb b$ 是 $p\\times 1$ 向量，$\\pmb c$ 是 $m\\times 1$ 向量。\n\n"
        "$d\\pmb z = X dW\\pmb b$\n\n于是 $d\\pmb z = dW X\\pmb b$\n")
    assert codes(findings) == ["NC301"]
    assert findings[0].line == 5 and "dW X" in findings[0].message


def test_a_vector_added_to_a_matrix_of_unknown_sizes_may_be_broadcast():
    """`\\tilde X = YU^T + \\bar x` adds the mean to every row of a data matrix, as numpy
    does: with no size of either given, no certain NC302. With sizes declared, a column
    as long as neither the matrix's rows nor its columns is still a mismatch."""
    from notecheck.config import Config
    from notecheck.pipeline import check_loaded
    from notecheck.read import read_text

    loose = check_loaded(read_text("Reconstruct the data from the mean vector $\\mathbf{\\bar{x}}$:\n\n"
                                   "$$\\mathbf{\\tilde{X}} = \\mathbf{Y}\\mathbf{U}^T + \\mathbf{\\bar{x}}$$\n",
                                   "note.md"), Config())
    assert "NC302" not in [f.code for f in loose.findings if f.severity == "error"]
    sized = check_loaded(read_text("Let $Y \\in \\mathbb{R}^{n\\times k}$, $U \\in \\mathbb{R}^{d\\times k}$ and "
                                   "$m \\in \\mathbb{R}^{k}$.\n\n$$Z = YU^T + m$$\n", "note.md"), Config())
    assert "NC302" in [f.code for f in sized.findings if f.severity == "error"]


def test_a_vector_over_a_vector_is_taken_entry_by_entry():
    """Cross-entropy's gradient `-y/a` is a vector of the same shape, so a matrix times it is a
    column (it was left of unknown shape, and a product skips such a factor as a number)."""
    _, _, _, findings = run("Let $\\boldsymbol{a}, \\boldsymbol{y} \\in \\mathbb{R}^q$ and $A \\in \\mathbb{R}^{q \\times q}$.\n\n"
                            "$$\\boldsymbol{v} = A \\left(-\\dfrac{\\boldsymbol{y}}{\\boldsymbol{a}}\\right) = \\boldsymbol{y}$$\n\n"
                            "$$\\boldsymbol{u} = \\dfrac{1}{\\boldsymbol{a}} = \\boldsymbol{y}$$\n")
    assert codes(findings) == []
    _, _, _, findings = run("Let $\\boldsymbol{a}, \\boldsymbol{y} \\in \\mathbb{R}^q$ and $B \\in \\mathbb{R}^{q \\times p}$.\n\n"
                            "$$\\boldsymbol{v} = B \\dfrac{\\boldsymbol{y}}{\\boldsymbol{a}}$$\n")
    assert codes(findings) == ["NC305"]  # B is declared q×p, and used as q×q


def test_a_vector_summed_with_no_index_may_be_the_sum_of_its_entries():
    _, _, _, findings = run("Let $\\boldsymbol{a}, \\boldsymbol{y} \\in \\mathbb{R}^q$.\n\n"
                            "$$\\boldsymbol{v} = \\boldsymbol{a} \\sum \\boldsymbol{y} - \\boldsymbol{y}$$\n")
    assert codes(findings) == []


def test_an_elementwise_product_with_a_derivative_in_the_other_layout_is_no_shape_error():
    """`∂z/∂Yᵀ ∘ ∂Y/∂x_{pq}` in a numerator-layout tutorial: ∂z/∂Yᵀ has Y's shape there and
    Yᵀ's in the denominator layout; which one is the checker's business, as in a product."""
    _, _, _, findings = run("Let $\\mathbf{Y} \\in \\mathbb{R}^{m \\times n}$, $\\mathbf{X} \\in \\mathbb{R}^{p \\times q}$ "
                            "and $z$ a number.\n\n"
                            "$$\\frac{\\partial z}{\\partial x_{pq}} = \\mathbf{1}_m^\\top(\\frac{\\partial z}{\\partial "
                            "\\mathbf{Y}^\\top}\\circ\\frac{\\partial\\mathbf{Y}}{\\partial x_{pq}})\\mathbf{1}_n$$\n")
    assert "NC303" not in codes(findings)
    _, _, _, findings = run("Let $A \\in \\mathbb{R}^{m \\times n}$ and $B \\in \\mathbb{R}^{n \\times m}$.\n\n"
                            "$$C = A \\circ B$$\n")
    assert codes(findings) == ["NC303"]


def test_the_inverse_of_a_vector_is_its_entries_reciprocals_and_of_a_non_square_matrix_an_error():
    """`(\\exp(W)\\mathbf{1}_n)^{-1}` is how attention notes write a softmax's normalizer: a
    vector's entries inverted, no size error; a 3×2 matrix's inverse still is one."""
    _, _, _, findings = run("Let $W \\in \\mathbb{R}^{n \\times n}$ and $A \\in \\mathbb{R}^{3 \\times 2}$.\n\n"
                            "$$B = \\exp(W) \\odot ((\\exp(W)\\mathbf{1}_n)^{-1}\\mathbf{1}_n^T)$$\n\n$$C = A^{-1}$$\n")
    assert [(f.code, f.line) for f in findings] == [("NC306", 5)]


def test_a_clash_of_a_letter_defined_only_after_it_is_a_doubt_not_an_error():
    """"… $(B_3\\mathbf{1}_n^T)$ … where $B_3 = …$": up to its definition B_3 is a matrix only
    by its case, so the clash is the convention's; defined before, the same product is an error."""
    after = ("Let $W \\in \\mathbb{R}^{n \\times n}$.\n\n$$C = W \\odot (B_3\\mathbf{1}_n^T)$$\n\n"
             "Where $B_3 = (W\\mathbf{1}_n)^{-1}$.\n")
    findings = run(after)[3]
    assert codes(findings) == ["NC701"] and "`B_{3}` is defined only after this formula (line 5)" in findings[0].message
    before = ("Let $W \\in \\mathbb{R}^{n \\times n}$ and $B_3 = W$.\n\n$$C = W \\odot (B_3\\mathbf{1}_n^T)$$\n")
    assert codes(run(before)[3]) == ["NC301"]


def test_a_functions_value_keeps_one_shape_through_the_section():
    """`g(c) = Dc`, then `x^Tg(c) + g(c)^Tx` (a PCA note's expansion of ‖x − g(c)‖²): g(c) is the
    column Dc wherever the section writes it, so both terms are numbers; and `g(c)^T + x^TD`
    then adds a 1×n row to a 1×l one, an error the unknown g(c) had hidden."""
    base = ("Let $D \\in \\mathbb{R}^{n \\times l}$, $c \\in \\mathbb{R}^l$ and $x \\in \\mathbb{R}^n$.\n\n"
            "$$g(c) = Dc$$\n\n")
    assert codes(run(base + "$$y = x^Tg(c) + g(c)^Tx$$\n")[3]) == []
    assert codes(run(base + "$$w = g(c)^T + x^T D$$\n")[3]) == ["NC302"]


def test_a_value_of_unknown_shape_read_as_a_number_makes_a_clash_a_doubt():
    """`J(y)^T ∇f(g(y))` with J(y) a 2×2 matrix: ∇f(g(y)) has no shape the note gives, and taken
    as a number the left side is 2×2 against the column on the right; it is a column (the
    chain rule), so the clash is a guess, said as such, not an error."""
    _, _, _, findings = run(
        "Let $g(\\mathbf{y}) = \\begin{pmatrix} y_1 + y_2 \\\\ y_1 - y_2 \\end{pmatrix}$ and "
        "$J(\\mathbf{y}) = \\begin{pmatrix} 1 & 1 \\\\ 1 & -1 \\end{pmatrix}$.\n\n"
        "$$\\nabla h(\\mathbf{y}) = J(\\mathbf{y})^T \\nabla f(g(\\mathbf{y})) = "
        "\\begin{pmatrix} 1 & 1 \\\\ 1 & -1 \\end{pmatrix} 2g(\\mathbf{y})$$\n")
    assert codes(findings) == ["NC701"]
    assert "`\\nabla f(g(\\mathbf{y}))` has a shape the note does not give" in findings[0].message


def test_a_matrix_declared_symmetric_in_an_earlier_section_stays_square():
    """"由于 W 是对称矩阵" in one section; a later one sums W by rows and by columns without
    declaring it again. W is read square there, as its draws must be for the symmetry the
    note states to hold: read m×n, its row and column sums differed and a right step failed."""
    note, _, env, findings = run(
        "## 图\n\n由于 $\\mathbf{W}$ 是对称矩阵, 令 $d = \\mathbf{W}\\mathbf{1}$。\n\n"
        "## 化简\n\n$$\\boldsymbol{d} = \\mathbf{W}\\mathbf{1}$$\n")
    w = env.symbol(Symbol("W", font="bold"), formula=at(note, "\\boldsymbol{d} = \\mathbf{W}\\mathbf{1}"))
    assert w.rows == w.cols

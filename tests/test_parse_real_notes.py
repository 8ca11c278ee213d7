"""What real notes write, one construct at a time: read as meant, or kept `Opaque` with
the construct named (a claim using it is unverified, never misread), and printed back
to the same tree. Examples are our own; the constructs are the ones public notes use."""

from fractions import Fraction

import pytest

from notecheck.config import ConfigError, from_table
from notecheck.latex import ParseError, parse, parse_formulas, to_latex
from notecheck.latex.expr import (
    Add, Apply, Bars, Chain, Derivative, Differential, Func, Hadamard, Mul, Norm, Number, Opaque, Power, Space, Sum, Symbol, Text,
    Transpose,
)
from notecheck.latex.macros import definitions_of
from notecheck.read import Formula, Note

a, b, c, x, y = (Symbol(n) for n in "abcxy")
A, B, C, X = (Symbol(n) for n in "ABCX")


def read(latex: str, **reading):
    """The tree, after checking that printing it and parsing the print gives it back."""
    tree = parse(latex, **reading)
    for statement in tree.statements:
        assert parse(to_latex(statement), **reading).statements == (statement,), to_latex(statement)
    return tree


def one(latex: str, **reading):
    tree = read(latex, **reading)
    assert len(tree.statements) == 1, tree
    return tree.statements[0]


# ---------------------------------------------------------------- equation arrays

@pytest.mark.parametrize("latex", [
    r"\begin{array}{lcl} a &=& b + c \\ &=& c + b \end{array}",
    r"\begin{eqnarray} a & = & b + c \nonumber \\ & = & c + b \label{eq:sum} \end{eqnarray}",
    r"\begin{align} a &= b + c & & \text{(by (3))} \\ &= c + b \tag{1.2} \end{align}",
    r"\begin{align*} a &= b + c \notag \\[5pt] &= c + b \end{align*}",
    r"\begin{aligned} a &= b + c \qquad (2.1) \\ &= c + b \end{aligned}",
])
def test_equation_arrays_are_one_chain_and_their_labels_are_dropped(latex):
    assert one(latex) == Chain((a, Add((b, c)), Add((c, b))), ("=", "="))


def test_double_escaped_row_breaks_separate_rows():
    assert one(r"\begin{bmatrix} a \\\\ b \end{bmatrix}") == one(r"\begin{bmatrix} a \\ b \end{bmatrix}")


def test_boxes_and_colours_are_their_content():
    assert one(r"\boxed{a = b}") == Chain((a, b), ("=",))
    assert one(r"\bbox[yellow,5px]{ \text{(Eq. 5.2)} a = b }") == Chain((a, b), ("=",))
    assert one(r"\colorbox{mint}{$ a = b. $}") == Chain((a, b), ("=",))
    assert one(r"\color{RoyalBlue}{A} x") == Mul((A, x))
    assert one(r"\underbrace{A B}_{\substack{n \times n \\ \text{square}}} x") == Mul((Mul((A, B)), x))


def test_cases_is_opaque_not_a_matrix():
    node = one(r"\mathrm{relu}(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert node.items[1] == Opaque("a piecewise definition (cases)",
                                   r"\begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}")


# ---------------------------------------------------------------- macros

def test_a_def_shadowing_par_expands_with_its_arguments():
    macros = definitions_of([r"\gdef\par#1#2{\frac{\partial #1}{\partial #2}}"])
    assert one(r"\delta = \par{C}{z}", macros=macros) == Chain((Symbol("delta"), Derivative(C, Symbol("z"))), ("=",))


@pytest.mark.parametrize("definition", [
    r"\newcommand{\sL}{\mathcal{L}}", r"\renewcommand\sL{\mathcal{L}}", r"\def\sL{\mathcal{L}}",
    r"\providecommand{\sL}[0]{\mathcal{L}}",
])
def test_every_way_of_defining_a_macro(definition):
    assert one(r"\sL(x)", macros=definitions_of([definition])) == Apply(Symbol("L", font="cal"), (x,))


def test_declare_math_operator_and_optional_arguments():
    macros = definitions_of([r"\DeclareMathOperator{\Var}{Var} \newcommand{\pd}[2][f]{\frac{\partial #1}{\partial #2}}"])
    assert one(r"\Var(x)", macros=macros) == Func("Var", (x,))
    assert one(r"\pd{x}", macros=macros) == Derivative(Symbol("f"), x)
    assert one(r"\pd[g]{x}", macros=macros) == Derivative(Symbol("g"), x)


def test_a_formula_that_only_defines_macros_is_prose_and_defines_for_itself():
    assert parse(r"\newcommand{\bR}{\mathbb{R}}").statements == (Text("macro definitions"),)
    assert one(r"\def\bx{\mathbf{x}} \bx^T\bx") == Mul((Transpose(Symbol("x", font="bold")), Symbol("x", font="bold")))


def test_mathjax_builtins_need_no_definition():
    assert one(r"X \in \R^{n \times d}") == Chain((X, Space("R", Symbol("n"), Symbol("d"))), ("\\in",))


def test_expansion_is_bounded():
    with pytest.raises(ParseError, match="expands without end"):
        parse(r"\def\a{\a\a} \a")
    with pytest.raises(ParseError, match="expands without end"):
        parse(r"\def\a{x\a} \a")


def test_an_undefined_macro_is_named():
    with pytest.raises(ParseError, match=r"\\Attn"):
        parse(r"\Attn(\theta)")


def note_of(*latexes: str, front_matter=None) -> Note:
    formulas = [Formula(latex, k + 1, 1, k + 1, True, "$$") for k, latex in enumerate(latexes)]
    return Note(path="n.md", text="", title="n", front_matter=front_matter or {}, formulas=formulas)


def test_the_note_defines_macros_for_all_its_formulas_and_the_site_for_every_note():
    note = note_of(r"\gdef\par#1#2{\frac{\partial #1}{\partial #2}}", r"\par{C}{z} = \pd{C}{w}")
    trees, errors, findings = parse_formulas(note)
    assert "\\pd" in errors[1] and [f.code for f in findings] == ["NC202"]
    site = from_table({"macros": {"pd": ["\\frac{\\partial #1}{\\partial #2}", 2]}})
    trees, errors, _ = parse_formulas(note, site)
    assert errors == [None, None]
    assert trees[1].statements[0] == Chain((Derivative(C, Symbol("z")), Derivative(C, Symbol("w"))), ("=",))
    front = note_of(r"\R^n \ni \bx", front_matter={"macros": {"bx": "\\mathbf{x}"}})
    assert parse_formulas(front)[1] == [None]


def test_config_macros_must_be_latex_strings():
    with pytest.raises(ConfigError, match="macro"):
        from_table({"macros": {"R": 3}})
    with pytest.raises(ConfigError, match="macros"):
        from_table({"macros": ["R"]})


# ---------------------------------------------------------------- findings: broken or not read yet

@pytest.mark.parametrize("latex,code", [
    (r"\frac{a}{b", "NC201"),
    (r"\begin{bmatrix} a & b", "NC201"),
    (r"a + }", "NC201"),
    (r"\Attn(x)", "NC202"),
    (r"\begin{proof} x \end{proof}", "NC202"),
])
def test_broken_latex_is_a_warning_and_unread_latex_is_information(latex, code):
    _, errors, findings = parse_formulas(note_of(latex))
    assert [f.code for f in findings] == [code] and errors[0]
    severity = {"NC201": "warning", "NC202": "info"}[code]
    assert findings[0].severity == severity


@pytest.mark.parametrize("latex,code", [
    (r"Y = X @ W^T", "X @ W^T"), (r"\nabla b = np.sum(G)", "np.sum(G)"),
    (r"\beta = rbind(\beta_1, \beta_2)", r"rbind(\beta_1, \beta_2)"),
])
def test_code_inside_math_is_kept_whole_and_called_not_math_notation(latex, code):
    node = one(latex).items[1]
    assert isinstance(node, Opaque) and node.latex == code and "not math notation" in node.what


def test_prose_abbreviations_are_not_code():
    assert read(r"\text{s.t.}\ x \ge 0").statements[0] == Text("s.t.")
    assert one(r"\sum_{i.j} A_{ij}") == Sum(Symbol("A", sub="ij"), "i,j")


# ---------------------------------------------------------------- notation

def test_plain_double_bars_are_a_norm():
    assert one(r"\frac{1}{2}||x - y||^2") == one(r"\frac{1}{2}\|x - y\|^2")
    assert one(r"||X||^2_F") == Power(Norm(X, "F"), Number(Fraction(2)))


@pytest.mark.parametrize("latex,what", [
    (r"\max_{x} f(x)", "max/min"), (r"\min f(x)", "max/min"), (r"\arg\max_{\theta} L(\theta)", "argmax/argmin"),
    (r"\operatorname*{argmin}_x \|Ax - b\|", "argmax/argmin"), (r"\int_0^1 f(x)\, dx", "an integral"), (r"\lim_{h \to 0} \frac{f(x+h) - f(x)}{h}", "a limit"),
    (r"\prod_{i=1}^N p(x_i)", "a product over an index (\\prod)"), (r"\sup_{x > 0} f(x)", "sup/inf"),
    (r"\forall i", "a quantifier (\\forall)"), (r"f(x) \bigg|_{x=a}", "an evaluation bar (|_{x=a})"),
    (r"\left. x^2 \right|_{x=0}^{1}", "an evaluation bar (|_{x=a})"), (r"X^*", None),
    (r"\frac{\partial^2 f}{\partial x \partial y}", "a mixed partial derivative"),
    (r"\boldsymbol{a}^{\wedge}", "the hat map (\\phi^\\wedge)"), (r"\ln(R)^\vee", "the vee map (R^\\vee)"),
    (r"\arccos \frac{1}{2}", "an inverse function (\\arccos)"),
    (r"\partial^2 |X|", "a second partial differential (\\partial^2 x)"), (r"\nabla_N", "\\nabla without its operand"),
    (r"\frac{\partial}{\partial x}", "a derivative operator without its operand"),
    (r"\text{d}/\text{d}x", "a derivative operator d/dx"), (r"P(A \cap B)", None),
    (r"p(y \mid x)", "a conditional probability p(y|x)"),
])
def test_notation_without_a_tree_node_is_opaque_and_named(latex, what):
    node = one(latex)
    opaque = node if isinstance(node, Opaque) else next(n for n in (getattr(node, "args", None) or ()) if isinstance(n, Opaque))
    if what is not None:
        assert opaque.what == what
    assert opaque.latex in latex


def test_a_checked_letter_is_a_symbol_of_its_own():
    """`\\check{x}_k`, a Kalman filter's prediction beside its estimate `\\hat{x}_k`."""
    assert one(r"\check{x}_k = \hat{x}_k") == Chain((Symbol("x", sub="k", accent="check"), Symbol("x", sub="k", accent="hat")),
                                                    ("=",))


def test_a_partial_differential_is_the_differential_as_the_matrix_cookbook_writes_it():
    """`\\partial(XY) = (\\partial X)Y + X(\\partial Y)`: ∂X is dX, and prints back as written."""
    assert one(r"\partial |X|") == Differential(Bars(X))
    assert to_latex(one(r"\partial (X^{-1}) = -X^{-1} (\partial X) X^{-1}")) == r"\partial X^{-1} = -X^{-1}\partial XX^{-1}"


def test_an_opaque_part_keeps_the_rest_of_the_formula():
    node = one(r"\min_x f(x) + c = d")
    assert node.rels == ("=",) and node.items[1] == Symbol("d")
    assert one(r"A^* + B") == Add((Opaque("a starred symbol (an optimum, a conjugate or an adjoint)", "A^*"), B))


@pytest.mark.parametrize("latex,starred", [
    (r"x^*", Symbol("x", accent="star")), (r"{\mathbf{x}^*}", Symbol("x", "bold", accent="star")),
    (r"\theta^{\ast}", Symbol("theta", accent="star")), (r"w_1^\star", Symbol("w", sub="1", accent="star")),
])
def test_a_starred_letter_is_a_symbol_of_its_own(latex, starred):
    r"""`x^*` (the optimum of x) is a value apart from x, read and printed back as one symbol,
    so `A^TA\mathbf{x}^* = A^T\mathbf{b}` is a product, not a clash with a scalar."""
    assert one(latex) == starred
    assert one(r"A^TA{\mathbf{x}^*}") == Mul((Transpose(A), A, Symbol("x", "bold", accent="star")))


@pytest.mark.parametrize("latex", [r"X^{Tr}", r"X^{\mathsf{T}}", r"X^\top", r"X^{\mathrm{Tr}}"])
def test_transpose_spellings_of_real_notes(latex):
    assert one(latex) == Transpose(X)


def test_t_is_a_transpose_only_where_the_note_says_so():
    assert one(r"K^t Q") == Mul((Power(Symbol("K"), Symbol("t")), Symbol("Q")))
    assert one(r"K^t Q", t_transposes=True) == Mul((Transpose(Symbol("K")), Symbol("Q")))
    note = note_of(r"A^t B = C", r"\beta^t")
    trees, _, _ = parse_formulas(note)
    assert trees[0].statements[0].items[0] == Mul((Transpose(A), B))
    assert parse_formulas(note_of(r"A^t B = C", r"A^T"))[0][0].statements[0].items[0] != Mul((Transpose(A), B))


def test_prime_is_a_new_symbol_not_a_guess():
    assert one(r"x^\prime") == one("x'") == Symbol("x", prime=1)


@pytest.mark.parametrize("latex,rel", [
    (r"a := b", ":="), (r"a \triangleq b", ":="), (r"a \equiv b", ":="), (r"a =: b", "=:"), (r"a \approx b", "\\approx"),
    (r"a \propto b", "\\propto"), (r"a \to b", "\\to"), (r"a \mapsto b", "\\mapsto"), (r"a \ni b", "\\ni"),
])
def test_relations(latex, rel):
    assert one(latex) == Chain((a, b), (rel,))


def test_a_map_with_its_domain():
    node = one(r"f: \mathbb{R}^{N} \ni x \mapsto a^T x \in \mathbb{R}")
    assert node.rels == (":", "\\ni", "\\mapsto", "\\in")


def test_a_relation_without_its_left_side_is_a_fragment():
    assert one(r"\in \mathbb{R}^n") == Opaque("a relation without its left side", r"\in \mathbb{R}^n")
    with pytest.raises(ParseError, match="continues a formula"):
        parse(r"= a + b")


def test_words_in_math_before_parentheses_are_functions():
    assert one(r"\text{Cov}(X)") == Func("Cov", (X,))
    assert one(r"\mathrm{Var}(x)") == Func("Var", (x,))
    tree = read(r"\text{where the sum runs over } i")
    assert isinstance(tree.statements[0], Text)


def test_a_superscript_before_a_subscript_indexes_the_symbol():
    assert one(r"w^l_{ij}") == Power(Symbol("w", sub="ij"), Symbol("l"))
    assert one(r"h^{(t)}_{[i]}") == Symbol("h", sub="[i](t)")
    assert one(r"\delta_T^{(T)}") == Symbol("delta", sub="T(T)")


def test_references_typeset_as_math_are_prose():
    assert parse(r"Eq. 6.1").statements == (Text("Eq. 6.1"),)
    assert parse(r"\eqref{eq:chain}").statements == (Text(r"\eqref{eq:chain}"),)


def test_bigodot_is_the_elementwise_product():
    assert one(r"a \bigodot b") == Hadamard((a, b))


def test_a_letter_the_note_defines_as_a_function_applies():
    assert one(r"\Omega(\theta) K") == Mul((Symbol("Omega"), Symbol("theta"), Symbol("K")))
    assert one(r"\Omega(\theta) K", functions=frozenset({"Omega"})) == Mul((Apply(Symbol("Omega"), (Symbol("theta"),)), Symbol("K")))
    trees, _, _ = parse_formulas(note_of(r"\Omega(\theta) = \sum_i e_i e_i^T", r"\Omega(\theta) K"))
    assert trees[1].statements[0] == Mul((Apply(Symbol("Omega"), (Symbol("theta"),)), Symbol("K")))


def test_a_sum_takes_the_elementwise_product_as_its_body():
    xi, yi = Symbol("x", sub="i"), Symbol("y", sub="i")
    assert one(r"\sum_i x_i \odot y_i + c") == Add((Sum(Hadamard((xi, yi)), "i"), c))
    assert one(r"(\sum_i x_i) \odot y_i") == Hadamard((Sum(xi, "i"), yi))


def test_a_prime_is_a_transpose_only_where_the_note_says_so():
    assert one(r"{\bf X}'y") == Mul((Symbol("X", font="bold", prime=1), y))
    assert one(r"{\bf X}'y", primes_transpose=True) == Mul((Transpose(Symbol("X", font="bold")), y))
    trees, _, _ = parse_formulas(note_of(r"{\bf y}'{\bf X}\beta = \beta'{\bf X}'{\bf y}"))
    assert trees[0].statements[0].items[1].factors[0] == Transpose(Symbol("beta"))
    trees, _, _ = parse_formulas(note_of(r"X' = g'(X)"))  # `g'(x)`: primes are derivatives here
    assert trees[0].statements[0].items[0] == Symbol("X", prime=1)


@pytest.mark.parametrize("latex,plain", [
    (r"x = y \tag*{$\blacksquare$}", "x = y"),  # a proof's end, not a factor
    (r"x = y \tag*{2}", "x = y"),
    (r"\|x\|_2=\sqrt{\sideset{}{^n_{i=1}}\sum x_i^2}", r"\|x\|_2 = \sqrt{\sum_{i=1}^n x_i^2}"),  # scripts as OCR sets them
    (r"\Huge{x = y}", "x = y"),
])
def test_typesetting_around_a_formula_changes_nothing_it_says(latex, plain):
    assert one(latex) == one(plain)


def test_an_appendix_equation_number_is_prose():
    assert parse("(C.2)").statements == (Text("(C.2)"),)


def test_a_diagonal_matrix_may_leave_the_cells_around_its_dots_blank():
    """`\\operatorname{diag}(p) = \\begin{pmatrix} p_1 & & 0 \\\\ & \\ddots & \\\\ 0 & & p_C \\end{pmatrix}`."""
    matrix = one(r"\begin{pmatrix} p_1 & & 0\\ & \ddots & \\ 0 & & p_C \end{pmatrix}")
    assert [len(row) for row in matrix.rows] == [3, 3, 3]

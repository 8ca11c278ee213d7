"""The notation people write in gradient notes, one small case each, read as they mean it."""

from fractions import Fraction

import pytest

from notecheck.latex.expr import (
    Add, Apply, Bars, Chain, Derivative, Differential, Div, Dot, Dots, Func, Hadamard, Identity,
    Index, Inner, Inverse, Kron, Matrix, Mul, Neg, Norm, Number, Ones, Power, Space, Sum, Symbol,
    Opaque, Text, Transpose, Zero, walk,
)
from notecheck.latex import ParseError, parse, to_latex

X, Y, W, A, B = (Symbol(n) for n in "XYWAB")
x, f, p = Symbol("x"), Symbol("f"), Symbol("p")
bx, ba, bb, bc, bz = (Symbol(n, font="bold") for n in "xabcz")
sigma = Symbol("sigma")


def one(latex: str):
    """The single statement of a formula."""
    parsed = parse(latex)
    assert len(parsed.statements) == 1, parsed
    return parsed.statements[0]


@pytest.mark.parametrize("latex", [
    r"\boldsymbol{x}", r"\bm{x}", r"\pmb x", r"\pmb{x}", r"\mathbf{x}", r"\vec{x}", r"\boldsymbol x",
])
def test_every_bold_spelling_is_the_same_bold_symbol(latex):
    assert one(latex) == bx


def test_bold_and_italic_x_differ():
    assert one("x") != one(r"\mathbf{x}")


@pytest.mark.parametrize("latex", [
    "X^T", "X^{T}", r"X^\top", r"X^{\top}", r"X^\intercal", r"X^{\mathsf T}", r"X^{\mathsf{T}}", r"X^{\rm T}",
])
def test_every_transpose_spelling(latex):
    assert one(latex) == Transpose(X)


@pytest.mark.parametrize("latex, read", [
    (r"\mathbf{a b}^\top", Mul((ba, Transpose(bb)))),
    (r"\mathbf{ab}^{T}", Mul((ba, Transpose(bb)))),
    (r"\boldsymbol{a b c}^{-1}", Mul((ba, bb, Inverse(bc)))),
    (r"\mathbf{a x}_1", Mul((ba, Symbol("x", font="bold", sub="1")))),
])
def test_a_script_after_a_bold_group_of_letters_is_on_its_last_letter(latex, read):
    """As the page shows it: `\\mathbf{ab}^T` looks exactly like `\\mathbf{a}\\mathbf{b}^T`."""
    assert one(latex) == read


def test_a_script_after_a_bracketed_bold_group_is_on_the_group():
    assert one(r"\mathbf{(a b)}^\top") == Transpose(Mul((ba, bb)))


@pytest.mark.parametrize("latex", [r"X^{-T}", r"X^{-\top}"])
def test_inverse_transpose(latex):
    assert one(latex) == Inverse(Transpose(X))


@pytest.mark.parametrize("latex", [
    r"\text{tr}(A)", r"\operatorname{tr}(A)", r"\mathrm{tr}(A)", r"\mathrm{Tr}(A)", r"\text{trace}(A)",
    r"{\rm tr}(A)", r"\operatorname{tr}\left(A\right)", r"tr(A)", r"\mathbf{tr}(A)",
])
def test_every_trace_spelling(latex):
    assert one(latex) == Func("tr", (A,))


@pytest.mark.parametrize("latex", [
    r"\mathrm{tr}\, AB", r"\operatorname{tr} A B", "tr AB", "{tr} A B", "trAB", r"\text{tr}[AB]",
])
def test_a_trace_without_parentheses_takes_the_whole_product(latex):
    # CS229 writes `trAB = trBA`; a lost \operatorname leaves `{tr} A B`: never t·r·A·B, nor tr(A)·B
    assert one(latex) == Func("tr", (Mul((A, B)),))


def test_a_bare_trace_stops_at_a_sum_and_tr_alone_is_two_letters():
    assert one(r"\mathrm{tr} A + \mathrm{tr} B") == Add((Func("tr", (A,)), Func("tr", (B,))))
    assert one(r"tr(A)B") == Mul((Func("tr", (A,)), B))
    assert one(r"\text{tr}\{A\}B") == Mul((Func("tr", (A,)), B))  # a bracket holds all it takes
    assert one("x tr") == Mul((x, Symbol("t"), Symbol("r")))


@pytest.mark.parametrize("latex", ["x_i", "x_{i}", "x_{ i }"])
def test_subscript_spellings_are_one_symbol(latex):
    assert one(latex) == Symbol("x", sub="i")


def test_a_third_time_derivative_dot_is_an_accent_of_its_own():
    """`\\dddot{x}` (jerk, in a Kalman or a mechanics note) is x with three dots, not x with two."""
    assert one(r"\dddot{x}") == Symbol("x", accent="dddot") != one(r"\ddot{x}")


@pytest.mark.parametrize("typed, meant", [(r"w^(L) x", r"w^{(L)} x"), (r"a^(l-1) = 2", r"a^{(l-1)} = 2")])
def test_a_label_in_parentheses_typed_without_braces_is_the_label(typed, meant):
    """`w^(L)`: TeX raises only the `(`, but the author labels w with (L), as `w^{(L)}` does."""
    assert parse(typed) == parse(meant)


def test_accent_inside_or_outside_bold_is_the_same():
    assert one(r"\boldsymbol{\bar{x}}") == one(r"\bar{\boldsymbol{x}}") == Symbol("x", font="bold", accent="bar")


def test_prime_makes_a_new_symbol_and_sigma_prime_is_the_derivative():
    assert one("B'") == Symbol("B", prime=1)
    assert one(r"\sigma'") == Func("sigma", (), 1)
    assert one(r"\sigma'(X)") == Func("sigma", (X,), 1)


def test_identity_ones_zero():
    assert one("I") == Identity()
    assert one("I_n") == Identity("n")
    assert one(r"\mathbf{1}") == Ones()
    assert one(r"\boldsymbol{1}_n") == Ones("n")
    assert one(r"\boldsymbol{0}") == Zero()
    assert one("0") == Number(Fraction(0))
    # subscripted by an index, I is the i-th column of the identity (a unit vector), not an identity of size i
    assert one(r"\mathbf{I}_i - \boldsymbol{w}_i") == Add((Symbol("I", sub="i"), Neg(Symbol("w", font="bold", sub="i"))))


def test_seed_precedence_hadamard_is_looser_than_products():
    # σ' ⊙ (X dW b), not (σ' ⊙ X) dW b
    assert one(r"\sigma'\odot X\mathrm{d}W\pmb b") == Hadamard(
        (Func("sigma", (), 1), Mul((X, Differential(W), Symbol("b", font="bold")))))


def test_cdot_is_looser_than_juxtaposition():
    # u · αv: the inner product of u with αv
    u, v, alpha = Symbol("u", font="bold"), Symbol("v", font="bold"), Symbol("alpha")
    assert one(r"\pmb u \cdot \alpha \pmb v") == Dot(u, Mul((alpha, v)))


def test_differential_binds_to_the_next_operand_with_its_postfix():
    assert one("dX^{-1}") == Differential(Inverse(X))
    assert one("dXX^{-1}") == Mul((Differential(X), Inverse(X)))
    assert one(r"d\boldsymbol{a}^TX") == Mul((Differential(Transpose(ba)), X))
    assert one("d(XY)") == Differential(Mul((X, Y)))
    assert one(r"\mathrm{d}X") == one(r"\mathrm dX") == Differential(X)
    assert one(r"d\sigma(X)") == Differential(Func("sigma", (X,)))
    assert one(r"d|X|") == Differential(Bars(X))
    assert one(r"d\lvert X \rvert") == Differential(Bars(X))


def test_d_alone_is_a_symbol():
    assert one("d") == Symbol("d")
    assert one("d^2") == Power(Symbol("d"), Number(Fraction(2)))


def test_seed_inverse_rule_reads_with_the_sign_on_the_whole_product():
    chain = one(r"dX^{-1}=-X^{-1}dXX^{-1}")
    assert chain == Chain((Differential(Inverse(X)), Neg(Mul((Inverse(X), Differential(X), Inverse(X))))), ("=",))


def test_derivatives():
    assert one(r"\frac{\partial f}{\partial X}") == Derivative(f, X)
    assert one(r"\dfrac{\partial f}{\partial X}") == Derivative(f, X)
    assert one(r"\partial f/\partial X") == Derivative(f, X, 1, "slash")
    assert one(r"\nabla_X f") == Derivative(f, X, 1, "nabla")
    assert one(r"\nabla f") == Derivative(f, None, 1, "nabla")
    assert one(r"\nabla^2 f") == Derivative(f, None, 2, "nabla")
    assert one(r"\frac{\partial^2 f}{\partial x^2}") == Derivative(f, x, 2)
    assert one(r"\frac{d\log L}{d\mu}") == Derivative(Func("log", (Symbol("L"),)), Symbol("mu"), 1, "d")


def test_juxtaposed_transposed_derivative():
    assert one(r"\frac{\partial f}{\partial X}^T dX") == Mul((Transpose(Derivative(f, X)), Differential(X)))
    assert one(r"{\frac{\partial f}{\partial X}}^{\top} dX") == Mul((Transpose(Derivative(f, X)), Differential(X)))


def test_derivative_operator_takes_the_rest_of_the_product():
    a = Symbol("a", font="bold")
    assert one(r"\frac{\partial}{\partial \mathbf{x}}(\mathbf{a}^T \mathbf{x})") == \
        Derivative(Mul((Transpose(a), bx)), bx, 1, "op")


def test_hessian_by_one_variable_is_a_second_derivative():
    assert one(r"\frac{\partial^2 f}{\partial \boldsymbol{x} \partial \boldsymbol{x}^T}") == Derivative(f, bx, 2)
    assert one(r"\frac{\partial^2 f}{\partial x\partial x}") == Derivative(f, x, 2)


def test_mixed_partials_are_read_as_opaque_with_a_reason():
    node = one(r"\frac{\partial^2 f}{\partial x \partial y} + g")
    assert isinstance(node, Add) and node.terms[1] == Symbol("g")
    assert node.terms[0] == Opaque("a mixed partial derivative", r"\frac{\partial^2 f}{\partial x \partial y}")


def test_sum_with_limits_takes_the_product_and_stops_at_plus():
    i = Symbol("x", sub="i")
    assert one(r"\sum_{i=1}^N x_i") == Sum(i, "i", Number(Fraction(1)), Symbol("N"))
    assert one(r"\sum^N_{i=1} x_i") == Sum(i, "i", Number(Fraction(1)), Symbol("N"))
    assert one(r"\sum_{i,j} A_{ij}B_{ij} + 1") == Add((
        Sum(Mul((Symbol("A", sub="ij"), Symbol("B", sub="ij"))), "i,j"), Number(Fraction(1))))
    assert one(r"\frac{1}{N}\sum_i x_i") == Mul((Div(Number(Fraction(1)), Symbol("N")), Sum(i, "i")))


@pytest.mark.parametrize("latex", [r"|X|", r"\lvert X\rvert", r"\left| X \right|", r"\vert X \vert"])
def test_bars(latex):
    assert one(latex) == Bars(X)


def test_det_and_norms():
    assert one(r"\det(X)") == Func("det", (X,))
    assert one(r"\|x\|") == Norm(x)
    assert one(r"\|X\|_F") == Norm(X, "F")
    assert one(r"\|x\|_2^2") == Power(Norm(x, "2"), Number(Fraction(2)))
    assert one(r"\left\| x \right\|") == Norm(x)


def test_products_and_operators():
    assert one(r"A \otimes B") == Kron((A, B))
    assert one(r"A \circ B \odot X") == Hadamard((A, B, X))
    assert one(r"A \times B") == Mul((A, B))
    assert one(r"A \cdot B") == Dot(A, B)
    assert one(r"1 - H\odot H") == Add((Number(Fraction(1)), Neg(Hadamard((Symbol("H"), Symbol("H"))))))


@pytest.mark.parametrize("latex", [r"\frac{a}{b}", r"\dfrac{a}{b}", r"\tfrac{a}{b}", r"\frac ab", "a/b"])
def test_fractions(latex):
    assert one(latex) == Div(Symbol("a"), Symbol("b"))


def test_numbers_are_exact():
    assert one("0.5") == Number(Fraction(1, 2))
    assert one("12") == Number(Fraction(12))


@pytest.mark.parametrize("latex,name", [
    (r"\exp(X)", "exp"), (r"\log(X)", "log"), (r"\sin(X)", "sin"), (r"\cos(X)", "cos"),
    (r"\tanh(X)", "tanh"), (r"\sigma(X)", "sigma"), (r"\text{softmax}(X)", "softmax"),
    (r"\operatorname{diag}(X)", "diag"), (r"\operatorname{vec}(X)", "vec"), (r"\operatorname{adj}(X)", "adj"),
    (r"\mathrm{diag}(X)", "diag"), ("X^{\\#}", "adj"),
])
def test_functions(latex, name):
    assert one(latex) == Func(name, (X,))


def test_function_without_parentheses_takes_the_next_operand():
    assert one(r"\log p(\theta)") == Func("log", (Apply(p, (Symbol("theta"),)),))
    assert one(r"\cos x_1 dx_1") == Mul((Func("cos", (Symbol("x", sub="1"),)), Differential(Symbol("x", sub="1"))))


def test_bare_sigma_is_a_symbol():
    assert one(r"\sigma \cdot (1-\sigma)") == Dot(sigma, Add((Number(Fraction(1)), Neg(sigma))))
    assert one(r"\sigma^2") == Power(sigma, Number(Fraction(2)))


def test_implicit_application_rule():
    assert one("f(W)") == Apply(f, (W,))
    assert one(r"u(\boldsymbol{x})") == Apply(Symbol("u"), (bx,))
    assert one("f'(x)") == Apply(Symbol("f", prime=1), (x,))
    assert one(r"p_\theta(y, x)") == Apply(Symbol("p", sub="\\theta"), (Symbol("y"), x))
    # a conditional bar is a probability, not a function of two arguments (Bayes' rule
    # with a random two-argument p would be "false"): kept whole
    assert one(r"p_\theta(y|x)") == Opaque("a conditional probability p(y|x)", r"p_\theta(y|x)")
    # a space, a non-function letter, or the letter inside: a product
    assert one("f (W)") == Mul((f, W))
    assert one("X(A+B)") == Mul((X, Add((A, B))))
    assert one("p(1-p)") == Mul((p, Add((Number(Fraction(1)), Neg(p)))))


def test_calligraphic_letter_applies():
    mu, Sigma = Symbol("mu", font="bold"), Symbol("Sigma")
    assert one(r"\mathcal{N}(\boldsymbol{\mu},\Sigma)") == Apply(Symbol("N", font="cal"), (mu, Sigma))


@pytest.mark.parametrize("latex", [
    r"\left( X \right)^T", r"\big( X \big)^T", r"\Big(X\Big)^T", r"\bigl(X\bigr)^T", r"(X)^T", r"\left[X\right]^T",
])
def test_sized_delimiters_only_group(latex):
    assert one(latex) == Transpose(X)


def test_spacing_macros_are_ignored():
    assert one(r"A\,B\;X\!Y\ W") == Mul((A, B, X, Y, W))


def test_text_between_formulas_is_prose():
    parsed = parse(r"\frac{\partial x}{\partial x} = \boldsymbol{I}（单位矩阵）")
    assert parsed.statements[1] == Text("（单位矩阵）")
    assert parse(r"x \text{ and } y").statements == (x, Text("and"), Symbol("y"))


def test_explicit_matrices():
    a11, a12 = Symbol("a", sub="11"), Symbol("a", sub="12")
    assert one(r"\begin{bmatrix} a_{11} & a_{12} \\ 1 & 0 \end{bmatrix}") == Matrix(
        ((a11, a12), (Number(Fraction(1)), Number(Fraction(0)))), "bmatrix")
    assert one(r"\left[\begin{array}{c} a_{11}\\ a_{12} \end{array}\right]") == Matrix(((a11,), (a12,)), "array")
    assert one(r"\begin{pmatrix} x \end{pmatrix}") == Matrix(((x,),), "pmatrix")
    assert one(r"[x_1, \cdots, x_N]") == Matrix(((Symbol("x", sub="1"), Dots(), Symbol("x", sub="N")),), "[")


def test_aligned_rows_are_statements_and_a_leading_relation_continues_the_chain():
    parsed = parse(r"\begin{aligned} f &= A \\ &= B \\ g &= X \end{aligned}")
    assert parsed.statements == (Chain((f, A, B), ("=", "=")), Chain((Symbol("g"), X), ("=",)))
    assert parsed.joins == ("row",)


def test_statement_separators():
    parsed = parse(r"a = b, \quad c = d \Rightarrow e = f; g")
    assert len(parsed.statements) == 4
    assert parsed.joins == (",", "\\Rightarrow", ";")


def test_underbrace_is_its_content():
    assert one(r"\underbrace{X^T}_{\text{label}} A") == Mul((Transpose(X), A))


def test_inner_products():
    assert one(r"\langle A, B\rangle") == Inner(A, B)
    assert one(r"<A, B>_F") == Inner(A, B, "F")
    assert one(r"\langle A, B\rangle_F") == Inner(A, B, "F")


def test_spaces_and_relations():
    assert one(r"X\in \mathbb{R}^{m\times n}") == Chain((X, Space("R", Symbol("m"), Symbol("n"))), ("\\in",))
    assert one(r"\boldsymbol{x}\in \mathbb{R}^n") == Chain((bx, Space("R", Symbol("n"))), ("\\in",))
    assert one("z := XW") == Chain((Symbol("z"), Mul((X, W))), (":=",))
    assert one(r"a \approx b \le c").rels == ("\\approx", "\\le")


def test_index_of_a_computed_result():
    assert one(r"\sigma(\mathbf{z})_i") == Index(Func("sigma", (bz,)), "i")
    assert one(r"(A\mathbf{x})_k") == Index(Mul((A, bx)), "k")


def test_seed_gradient_of_the_warm_up_note():
    claim = one(r"\frac{\partial f}{\partial W} = \pmb b (\sigma'(XW\pmb b)\odot \pmb c)^TX")
    b, c = Symbol("b", font="bold"), Symbol("c", font="bold")
    inner = Hadamard((Func("sigma", (Mul((X, W, b)),), 1), c))
    assert claim == Chain((Derivative(f, W), Mul((b, Transpose(inner), X))), ("=",))


def test_chain_items_span_exactly_their_text():
    latex = r"df = \operatorname{tr}\left(\frac{\partial f}{\partial X}^T dX\right) = \langle G, dX\rangle"
    chain = one(latex)
    texts = [latex[item.pos:item.end] for item in chain.items]
    assert texts == ["df", r"\operatorname{tr}\left(\frac{\partial f}{\partial X}^T dX\right)", r"\langle G, dX\rangle"]
    for node in walk(chain):
        assert 0 <= node.pos < node.end <= len(latex)


def test_lone_operator_mentions_are_prose():
    assert parse(r"\odot").statements == (Text(r"\odot"),)
    assert parse(r"\nabla_N").statements == (Opaque("\\nabla without its operand", r"\nabla_N"),)


@pytest.mark.parametrize("latex,reason", [
    (r"\frac{a}{", "never closed"),
    (r"(a + b", "closed by"),
    (r"a = ", "after '='"),
    (r"\begin{cases} a", "never ended"),
    ("", "empty"),
])
def test_bad_formulas_raise_parse_error_with_reason_and_column(latex, reason):
    with pytest.raises(ParseError) as caught:
        parse(latex)
    assert reason in caught.value.message
    assert 1 <= caught.value.col <= len(latex) + 1


def test_paired_delimiters_nest():
    assert one(r"\lvert |X| + 1 \rvert") == Bars(Add((Bars(X), Number(Fraction(1)))))
    assert one(r"\lVert \|x\|_2 \rVert_F") == Norm(Norm(x, "2"), "F")


@pytest.mark.parametrize("latex, sub", [
    (r"W^{[l]}", "[l]"), (r"W^{[2]}", "[2]"), (r"a^{[l](i)}", "[l](i)"), (r"Z^{[l-1]}", "[l-1]"), (r"W^{ [1] }", "[1]"),
])
def test_a_bracketed_superscript_labels_a_layer_and_is_never_a_power(latex, sub):
    """Deep-learning notes write layer l's weights `W^{[l]}` (and example i's activation
    `a^{[l](i)}`): a name, as `x^{(i)}` is, so that `Z^{[1]} = W^{[1]}X + b^{[1]}` defines Z^{[1]}."""
    assert one(latex) == Symbol(latex[0], sub=sub)


def test_a_layer_label_may_carry_its_transpose():
    assert one(r"A^{[l-1]T}") == Transpose(Symbol("A", sub="[l-1]"))
    assert one(r"A^{[l-1]\top}") == Transpose(Symbol("A", sub="[l-1]"))
    assert isinstance(one("x^2"), Power) and isinstance(one("x^{l}"), Power)


def test_a_transpose_typed_as_the_character_is_a_transpose():
    """`A^⊤` (U+22A4 typed, not `\\top`) is A transposed, and a fix in such a note writes it so."""
    from notecheck.latex import style_of, to_latex

    assert one("A^⊤") == Transpose(Symbol("A"))
    assert one("A^{-⊤}") == Inverse(Transpose(Symbol("A")))
    assert to_latex(Transpose(Symbol("B")), style_of(["x^⊤ A x"])) == "B^⊤"


def test_a_layer_superscript_is_a_label_in_a_note_that_writes_layers_so():
    """In a note on backpropagation that writes `z^l = w^l a^{l-1} + b^l`, `w^2` is layer 2's
    w (the label of `w^{[2]}`), not w squared; in a note with no such layers it stays a power."""
    from notecheck.latex import parse_formulas
    from notecheck.read import read_text

    layers = read_text("$$z^l = w^l a^{l-1} + b^l$$\n\n$$\\frac{\\partial C}{\\partial w^2} = \\delta^2 a^1$$\n", "n.md")
    trees = parse_formulas(layers)[0]
    derivative = trees[1].statements[0].items[0]
    assert derivative.wrt == Symbol("w", sub="[2]")
    assert trees[0].statements[0].items[0] == Symbol("z", sub="[l]")
    squares = read_text("$$f = w^2 + x^2$$\n\n$$\\sum_l x^l = \\frac{1}{1-x}$$\n", "n.md")
    assert isinstance(parse_formulas(squares)[0][0].statements[0].items[1].terms[0], Power)


def test_a_line_broken_after_an_operator_goes_on_in_the_next_row():
    """`Q = a + \\ b`: one sum over two lines (an iLQR note's expansions), in `aligned` too,
    while a sign chart's lone `+` and `-` cells keep their rows."""
    assert one(r"Q = \frac{1}{2} x^T C x + \\ x^T c") == one(r"Q = \frac{1}{2} x^T C x + x^T c")
    assert one(r"\begin{aligned} V &= \begin{bmatrix} x \\ u \end{bmatrix}^T c + \\ & \frac{1}{2} x^T C x \end{aligned}") \
        == one(r"V = \begin{bmatrix} x \\ u \end{bmatrix}^T c + \frac{1}{2} x^T C x")
    with pytest.raises(ParseError):
        parse(r"\begin{bmatrix} + & - \\ - & + \end{bmatrix}")


def test_markdown_escapes_in_math_are_a_subscript_and_a_star():
    """`w\\_{1,i}`, `x^\\*`: escaped so that Markdown does not read emphasis."""
    assert one(r"\hat y_i = w_0 + w\_{1,i} x\_{1,i}") == one(r"\hat y_i = w_0 + w_{1,i} x_{1,i}")
    assert one(r"x^\* = \arg\min f") == one(r"x^* = \arg\min f")


def test_an_arrow_over_a_letter_is_a_vector():
    assert one(r"J(\overrightarrow{w}) = \|X\overrightarrow{w} - \overrightarrow{y}\|^2") \
        == one(r"J(\vec{w}) = \|X\vec{w} - \vec{y}\|^2")


def test_a_probability_of_an_event_or_given_by_vert_is_a_probability_not_a_function():
    """`P(y=k|x;\\theta)` (softmax regression), `P(Y=1)`, `p(x_t \\vert x_{t-1}, u_t)` (a
    Bayes filter): probabilities, left unread; `f(\\vert x \\vert)` still applies f."""
    assert one(r"P(y=k|x;\theta)").what == "a conditional probability p(y|x)"
    assert one(r"P(Y=1)").what == "the probability of an event, P(y=k)"
    assert one(r"p(x_t \vert x_{t-1}, u_t)").what == "a conditional probability p(y|x)"
    assert one(r"f(\vert x \vert)") == Apply(f, (Bars(x),))


def test_ufldl_reals_an_example_label_with_its_transpose_and_a_zero_width_space():
    assert one(r"x \in \Re^{n}") == one(r"x \in \mathbb{R}^{n}")
    assert one(r"\theta^{(1)\top} x") == Mul((Transpose(Symbol("theta", sub="(1)")), x))
    assert one("(y−\\hat{y}\u200b)^2") == one(r"(y - \hat{y})^2")


def test_d_over_dx_before_an_operand_is_a_derivative_of_it():
    """`d/d\\mathbf{X}(tr(\\mathbf{X}^TA\\mathbf{X}))`, a cookbook's plain-text operator, takes
    what follows it as `\\frac{d}{dX}` does; bare, it stays an operator."""
    assert one(r"d/d\mathbf{X}(\mathbf{a}^T\mathbf{X}\mathbf{b}) = \mathbf{a}\mathbf{b}^T") \
        == one(r"\frac{d}{d\mathbf{X}}(\mathbf{a}^T\mathbf{X}\mathbf{b}) = \mathbf{a}\mathbf{b}^T")
    assert isinstance(one(r"\text{d}/\text{d}x"), Opaque)


def test_sets_indicators_and_half_open_intervals_are_read_as_such():
    """Braces around a condition (a set builder, softmax regression's indicator `1\\{y=k\\}`)
    and `[0, T)` are notation, not a list nor a broken bracket; braces around values stay
    a list, and a field's restriction changes no size."""
    assert one(r"\{x \in \mathbb{R}^n \mid Ax = b\}").what == "a set or a condition in braces ({x | ...})"
    condition = Opaque("a set or a condition in braces ({x | ...})", r"\{y^{(i)} = k\}")
    assert one(r"1\{y^{(i)} = k\}") == Mul((Number(Fraction(1)), condition))
    assert one(r"1\lbrace y^{(i)} = k\rbrace").factors[1].what == condition.what  # the braces spelled out
    assert one(r"\{1, 2\}") == Matrix(((Number(Fraction(1)), Number(Fraction(2))),), delim="[")
    assert one(r"t \in [0, T)").items[1] == Opaque("an interval", "[0, T)")
    assert one(r"x \in \mathbb{R}^n_{\ge 0}") == one(r"x \in \mathbb{R}^n")
    with pytest.raises(ParseError):
        parse(r"\{x \mid x > 0")


def test_a_placeholder_argument_and_a_power_of_a_function_name():
    """`f(\\cdot)` and `\\|\\cdot\\|` name a function with its argument left open;
    `\\sin^2 x` is (sin x)², while `\\sin^{-1} x` (arcsin) is kept whole, not misread as a
    reciprocal, and a power of a function with no value power (`\\det^{2}`) is refused."""
    assert one(r"f(\cdot)") == Apply(f, (Opaque("a placeholder argument, f(·)", r"\cdot"),))
    assert one(r"g(., y)") == Apply(Symbol("g"), (Opaque("a placeholder argument, f(·)", "."), Symbol("y")))
    assert one(r"\|\cdot\|_2") == Norm(Opaque("a placeholder argument, f(·)", r"\cdot"), "2")
    assert one(r"\sec^2 x") == Power(Func("sec", (x,)), Number(Fraction(2)))
    assert one(r"\sin^2(x)") == one(r"(\sin x)^2")
    assert one(r"\tan^{-1}(y/x)") == Opaque("an inverse function (\\sin^{-1})", r"\tan^{-1}(y/x)")
    with pytest.raises(ParseError):
        parse(r"\det^{2} X")


def test_probabilities_binomials_floors_and_definite_orderings_are_read():
    """`\\Pr(X = x)`, `\\binom{n}{k}`, `\\lfloor x \\rfloor` are read whole, as notation no claim
    is checked through; `A \\succeq 0` is a relation, as `A \\ge 0` is."""
    assert one(r"\Pr(X = x)") == Opaque("a probability, Pr(·)", r"\Pr(X = x)")
    assert one(r"\binom{n}{2}") == Opaque("a binomial coefficient", r"\binom{n}{2}")
    assert one(r"\lfloor n/2 \rfloor") == Opaque("a floor", r"\lfloor n/2 \rfloor")
    assert one(r"A \succeq 0") == Chain((A, Number(Fraction(0))), ("\\succeq",))
    with pytest.raises(ParseError):
        parse(r"\lfloor x")


def test_an_indicator_of_two_indices_is_the_identity_entry_however_bracketed():
    """`\\mathbb{1}(i=j)` and `\\mathbb{1}_{i=j}` (softmax's Jacobian `ŷ_j(\\mathbb{1}(i=j) - ŷ_i)`)
    are δ_ij, as `\\mathbb{1}[i=j]` is."""
    delta = one(r"\mathbb{1}[i=j]")
    assert one(r"\mathbb{1}(i=j)") == delta and one(r"\mathbb{1}_{i=j}") == delta


def test_blank_cells_kramdown_row_breaks_and_a_backslash_at_a_line_end():
    """`\\vdots & & \\vdots` leaves a cell blank in an elided matrix; kramdown notes end a
    matrix's rows with `\\newline`; a `\\` before a line break is TeX's control space."""
    elided = one(r"\begin{bmatrix} a & \cdots & b \\ \vdots & & \vdots \\ c & \cdots & d \end{bmatrix}")
    assert [len(row) for row in elided.rows] == [3, 3, 3] and elided.rows[1][1] == Dots("blank")
    assert one(r"\begin{bmatrix} 1 &0\newline 2 &0\newline\end{bmatrix}") == \
        one(r"\begin{bmatrix} 1 & 0 \\ 2 & 0 \end{bmatrix}")
    assert one("a + b \\\n + c") == one("a + b + c")


def test_a_function_name_in_braces_and_an_operator_applied_twice():
    """`\\mathop{trace}(W^TDW)` lost its `\\operatorname`: the trace, not t·r·a·c·e; `D(F)(v)`
    is an operator applied to a function and then to v, not D times F(v)."""
    assert one(r"\mathop{trace}(W^TW)") == one(r"\operatorname{tr}(W^TW)")
    operator = Opaque("an operator applied to a function, D(F)(v)", "D(F)(v)")
    assert parse(r"D(F)(v)", functions=frozenset("F")).statements == (operator,)
    assert one(r"D(F)(v)") != operator  # F is no function of the note's
    assert isinstance(parse(r"g(t)(1 - g(t))", functions=frozenset("g")).statements[0], Mul)


def test_a_derivative_of_a_defined_function_in_a_direction_is_kept_whole():
    """`Df(X)[V] = f(X+V) - f(X)` after `f(X) = AXB`: the derivative of f at X in the direction V,
    not D times f(X) times V (read so, V took f(X)'s rows and `A(X+V)B` clashed); a matrix D
    before a defined function's value, with no direction after it, still multiplies it."""
    directional = Opaque("the derivative of a function in a direction, Df(X)[V]", r"Df(\mathbf{X})[\mathbf{V}]")
    chain = parse(r"Df(\mathbf{X})[\mathbf{V}] = f(\mathbf{X} + \mathbf{V})", functions=frozenset("f")).statements[0]
    assert chain.items[0] == directional
    assert isinstance(parse(r"Dg(c)", functions=frozenset("g")).statements[0], Mul)
    assert isinstance(parse(r"Df(x)[h]").statements[0], Mul)  # f is no function of the note's


def test_plain_tex_over_in_a_group_is_a_fraction():
    """`{a \\over b}` is `\\frac{a}{b}` (plain TeX, as older notes and readme2tex write it),
    a derivative too when both sides start with ∂."""
    assert one(r"{1 \over 2} x") == one(r"\frac{1}{2} x")
    assert one(r"{\partial E \over \partial W}") == one(r"\frac{\partial E}{\partial W}")
    assert one(r"\overline{x}") != one(r"x")


def test_negated_relations_a_font_switch_under_an_accent_and_a_named_quantity():
    """`i \\not= j` is `i \\ne j`; `\\tilde{\\bf z}` is a bold z with a tilde; `\\text{Odds} = …`
    names a quantity, as `\\mathrm{Odds}` would, while `\\text{where } x = 1` stays prose."""
    assert one(r"i \not= j") == one(r"i \ne j")
    assert one(r"\tilde{\bf z}") == one(r"\tilde{\mathbf{z}}")
    assert one(r"\text{Odds} = p") == one(r"\mathrm{Odds} = p")
    assert parse(r"\text{where } x = 1").statements[0] == Text("where")


def test_a_size_in_brackets_is_bookkeeping_not_a_product():
    """`[1\\!\\times\\!3]\\cdot[3\\!\\times\\!3]=[1\\!\\times\\!3]` tracks a product's shapes."""
    size = Opaque("a size written in brackets, [m×n]", r"[1\!\times\!3]")
    assert one(r"[1\!\times\!3]") == size
    assert one(r"[a, b]") == Matrix(((Symbol("a"), Symbol("b")),), delim="[")


def test_a_filters_prior_and_posterior_marks_are_labels_not_powers():
    """`P_t^{-}` (a Kalman filter's prior) and `x^+` (its posterior) are symbols of their own,
    printed as written; `a^{-1}` stays an inverse."""
    prior = one(r"P_{t}^{-}")
    assert isinstance(prior, Symbol) and prior != Symbol("P", sub="t") and to_latex(prior) == "P_t^-"
    assert to_latex(one(r"x^+ = x^- + K(z - Hx^-)")) == "x^+ = x^- + K(z - Hx^-)"
    assert isinstance(one(r"a^{-1}"), Inverse)


def test_a_decimal_comma_a_braced_norm_with_its_index_and_a_right_bar_evaluation():
    """`2{,}5` is 2.5 (a Russian note's decimal comma); `{\\lVert r\\rVert}_2^2` is the squared
    2-norm; `\\left. f \\right\\rvert_{a=1}` is f evaluated at a = 1, as `f\\bigg|_{a=1}` is."""
    assert one(r"2{,}5") == Number(Fraction(5, 2))
    assert one(r"{\lVert r\rVert}_2^2") == one(r"\lVert r\rVert_2^2")
    assert one(r"\left. \frac{x}{a} \right\rvert_{a = 1}").what == "an evaluation bar (|_{x=a})"
    assert isinstance(one(r"\lvert x \rvert"), Bars)


def test_an_operator_with_its_variable_set_under_it_and_a_product_of_intervals():
    """`\\underset{b}{\\arg\\min} f(b)` is argmin_b f(b), its operand included (read as
    argmin times f(b), β̂ took the objective's 1×1 shape); `[100, 300] \\times [0, 2]` is a
    Cartesian product of two intervals, not a row times a row."""
    assert one(r"\underset{b}{\arg\min} \|y - Xb\|^2").what == "argmax/argmin"
    assert one(r"[100, 300] \times [0, 2]").what == "a product of intervals (a Cartesian product)"
    assert isinstance(one(r"\underset{x}{y}"), Symbol)


def test_a_primed_letter_before_parentheses_is_a_derivative_applied():
    """`\\sigma_m'(\\cdot)`, `g'(x)`: the derivative of a function, applied (`g'` times `(x)`
    makes no sense, and `(\\cdot)` has nothing to multiply)."""
    assert isinstance(one(r"g'(x)"), Apply)
    assert one(r"\sigma_m'(\cdot)") == Apply(Symbol("sigma", sub="m", prime=1),
                                              (Opaque("a placeholder argument, f(·)", r"\cdot"),))


def test_an_accent_over_an_expression_is_a_quantity_of_its_own():
    """`\\bar{x^2}` (the mean of x², in a regression tutorial) is neither x² nor a bar over
    x: read whole, so the formula is read and a claim through it stays unverified."""
    assert one(r"\bar{x^2}") == Opaque("\\bar over an expression", r"\bar{x^2}")
    assert one(r"\bar{x}") == Symbol("x", accent="bar")


def test_slices_stacked_vectors_and_an_indicator_of_a_condition_are_read_whole():
    """`X_0[i,:]` (a slice, as code writes it), `[a_t; s_t]` (a stacking) and `\\mathbb{1}(x > 0)`
    are notation no claim is checked through; `[a, b]` stays a row and `\\mathbf{1}^T x` a sum."""
    assert one(r"A[:, j]").factors[1].what == "a slice of an array, X[i, :]"
    assert one(r"[a_t; s_t]").what == "vectors stacked, [a; b]"
    assert one(r"\mathbb{1}(x > 0)").what == "an indicator of a condition, 1(x > 0)"
    assert one(r"\mathbf{1}\lbrack z_n = k\rbrack").what == "an indicator of a condition, 1(x > 0)"
    assert isinstance(one(r"[a, b]"), Matrix) and isinstance(one(r"\mathbf{1}^T x"), Mul)


def test_a_time_step_above_a_letter_names_it_and_prints_back():
    """deeplearning.ai's RNN notes write the value at step t above the letter, `a^{<t>}`
    (or `\\langle t \\rangle`): a label like `x^{(i)}`, not an inner product nor a power."""
    a_t, a_before = Symbol("a", sub="<t>"), Symbol("a", sub="<t-1>")
    assert one(r"a^{<t>}") == one(r"a^{\langle t \rangle}") == a_t
    assert one(r"g(W a^{<t-1>})") == Apply(Symbol("g"), (Mul((Symbol("W"), a_before)),))
    assert to_latex(a_t) == "a^{<t>}"


def test_a_formula_boxed_whole_holds_its_statements_side_by_side():
    """A worked answer boxed with its results (`\\boxed{|B| = 10,\\ B^{-1} = …}.`) reads as
    those statements; a box around a part of a formula is that part."""
    boxed = parse(r"\boxed{|B|=10,\qquad B^{-1}=\frac1{10}\begin{bmatrix}6&-7\\-2&4\end{bmatrix}.}")
    assert boxed.statements == parse(r"|B|=10,\qquad B^{-1}=\frac1{10}\begin{bmatrix}6&-7\\-2&4\end{bmatrix}.").statements
    assert one(r"x = \boxed{a + b}") == one(r"x = a + b")


def test_typed_unicode_letters_ellipses_nablas_and_type_sizes_are_read():
    """What notes paste from word processors and Chinese blogs: math italic `𝑋𝑊` is XW, a
    typed `⋯`/`⁝` is the elision `\\cdots`/`\\vdots`, `\\triangledown` is ∇, `\\small` sets
    nothing but the type's size."""
    assert one("𝑋𝑊 + 𝑏") == one("XW + b")
    assert one("[1, ⋯, n]") == one(r"[1, \cdots, n]")
    assert one(r"\begin{bmatrix} a \\ ⁝ \\ b \end{bmatrix}") == one(r"\begin{bmatrix} a \\ \vdots \\ b \end{bmatrix}")
    assert one(r"\triangledown_X f") == one(r"\nabla_X f") == one(r"\bigtriangledown_X f")
    assert one(r"{\small A} x") == one(r"{A} x")


def test_a_conditional_distribution_statement_is_read_with_its_condition_whole():
    """`y \\mid x;\\theta \\sim \\mathrm{Bernoulli}(\\phi)` (a GLM's assumption) states a
    distribution; its conditioned side is kept whole, not refused at `\\mid`."""
    statement = one(r"y\mid x;\theta\sim\operatorname{Bernoulli}(\phi)")
    assert statement.rels == ("\\sim",) and statement.items[0] == Opaque("a conditional (y | x)", r"y\mid x;\theta")
    aligned = parse(r"\begin{aligned} G\mid G_0,\alpha &\sim \text{DP}(G_0,\alpha) \end{aligned}").statements[0]
    assert aligned.items[0] == Opaque("a conditional (y | x)", r"G\mid G_0,\alpha")


@pytest.mark.parametrize("latex, letter", [("O'", "O"), ("I'", "I"), ("O'(p, q)", "O")])
def test_a_primed_o_or_i_is_a_letter_not_the_zero_or_identity_matrix(latex, letter):
    # "the convolution of $A$ and $O'$": the derivative of the output O, a letter of its own
    primed = [n for n in walk(one(latex)) if isinstance(n, Symbol) and n.prime]
    assert [(n.name, n.prime) for n in primed] == [(letter, 1)]
    assert one("O") == Zero()


def test_a_prime_macro_after_a_letter_is_its_prime():
    # `g\prime(z)`, as some notes write g'(z) outside a superscript
    assert one("g\\prime(z)") == one("g'(z)")
    assert one("g\\prime\\prime") == one("g''")


@pytest.mark.parametrize("latex", ["(x_1;x_2;\\ldots;x_d)", "\\{\\boldsymbol{w};b\\}", "(\\boldsymbol{x};1)", "[a_t; s_t]"])
def test_a_semicolon_stacks_vectors_into_a_column_read_whole(latex):
    # a textbook's (x_1; x_2; ...; x_d) is the column vector of those entries: read, not yet evaluated
    [stacked] = [n for n in walk(one(f"v = {latex}")) if isinstance(n, Opaque)]
    assert stacked.what.startswith("vectors stacked")


def test_a_semicolon_inside_an_argument_list_stacks_nothing():
    assert isinstance(one("(p(x;\\theta), y)"), Matrix)


@pytest.mark.parametrize("latex", [
    "\\frac{\\partial}{\\partial z}\\max(0, z) = \\left\\{ \\begin{array}{ll} 0 & z \\leq 0 \\\\ 1 & z > 0 \\end{array} \\right.",
    "f(z) = \\left\\{ \\begin{matrix} z, & z \\ge 0 \\\\ 0, & z < 0 \\end{matrix} \\right.",
])
def test_a_brace_closed_by_right_dot_is_a_piecewise_definition(latex):
    chain = one(latex)
    assert isinstance(chain.items[-1], Opaque) and "piecewise" in chain.items[-1].what


@pytest.mark.parametrize("latex", ["\\begin{cases} x + y = 1 \\\\ x - y = 0 \\end{cases}",
                                   "\\left\\{ \\begin{array}{l} 2x &= 1 \\\\ y &= 3 \\end{array} \\right."])
def test_equations_under_one_brace_are_a_system_not_a_piecewise_definition(latex):
    [braced] = parse(latex).statements
    assert braced.what == "a system of equations (in braces)"


def test_values_with_conditions_under_one_brace_stay_piecewise():
    [braced] = parse("\\left\\{ \\begin{array}{ll} y = 0 & z \\leq 0 \\\\ y = 1 & z > 0 \\end{array} \\right.").statements
    assert "piecewise" in braced.what


def test_a_bold_group_holding_a_sum_is_its_terms_in_bold_as_it_is_set():
    """`A\\boldsymbol{x+b}` shows A𝐱+𝐛: no bracket, so A multiplies x alone."""
    assert one(r"A\boldsymbol{x+b}") == one(r"A\boldsymbol{x} + \boldsymbol{b}")
    assert one(r"\mathbf{x - \mu}^T") == one(r"\mathbf{x} - \mathbf{\mu}^T")
    assert one(r"A\boldsymbol{(x+b)}") == one(r"A(\boldsymbol{x} + \boldsymbol{b})")
    assert one(r"\mathbf{x_{i+1}}") == one(r"\mathbf{x}_{i+1}")


def test_a_bold_one_in_an_extra_pair_of_braces_is_still_the_vector_of_ones():
    assert one(r"\overrightarrow{{1}}") == one(r"\mathbf{1}") == Ones()


def test_plain_tex_eqalign_is_aligned_rows_and_a_dashed_arrow_joins_statements():
    rows = parse(r"\eqalign{ & g = a + b \cr & = b + a \cr}").statements
    assert rows == parse(r"\begin{aligned} & g = a + b \\ & = b + a \end{aligned}").statements
    assert parse(r"w \dashrightarrow w - \eta g").joins == parse(r"w \Rightarrow w - \eta g").joins


def test_matlabs_dot_star_written_in_latex_is_the_product_entry_by_entry():
    assert one(r"g'(z) \cdot * \delta") == one(r"g'(z) \odot \delta")
    assert isinstance(one(r"a \cdot b"), Dot)


def test_times_between_two_vectors_is_their_cross_product():
    assert one(r"[1,0,1] \times [0,1,1]").what == "a cross product of two vectors"
    assert one(r"\mathbf{u} \times \mathbf{v}").what == "a cross product of two vectors"
    assert isinstance(one(r"A \times B"), Mul)


def test_a_side_that_starts_with_plus_minus_is_either_sign_and_mathord_is_its_group():
    assert one(r"r = \pm 1").items[1] == Func("pm", (Number(Fraction(1)),))
    assert to_latex(one(r"x = \pm\sqrt{2}")) == r"x = \pm \sqrt{2}"
    assert one(r"\mathord{d_0} x") == one(r"d_0 x")


def test_a_matrix_drawn_by_its_columns_between_rules_of_bars_is_read_whole():
    ruled = one(r"\begin{bmatrix} | & & | \\ x^1 & \cdots & x^m \\ | & & | \end{bmatrix}")
    assert ruled.what == "a matrix drawn by its columns (rules of bars)"
    mids = one(r"\left[\begin{array}{cc} \mid & \mid \\ a_1 & a_2 \\ \mid & \mid \end{array}\right]")
    assert mids.what == ruled.what
    assert isinstance(one(r"\begin{bmatrix} |x| & 1 \end{bmatrix}"), Matrix)


def test_a_prime_on_a_bracket_is_a_derivative_read_whole_and_the_chain_goes_on():
    chain = one(r"(1 + e^{-x})' = \frac{d}{dx}(1) + \frac{d}{dx}(e^{-x})")
    assert chain.items[0].what == "a derivative written as a prime on an expression"
    assert isinstance(chain.items[1], Add)


def test_a_brace_closed_by_a_brace_is_still_a_list():
    assert isinstance(one("\\left\\{ a, b \\right\\}"), Matrix)


def test_a_one_column_array_of_equations_is_a_list_of_statements():
    parsed = parse("\\begin{array}{l} A = A_0 + E \\\\ (A + \\Delta A)x = b \\end{array}")
    assert [type(s) for s in parsed.statements] == [Chain, Chain]
    assert isinstance(one("\\begin{array}{c} x \\\\ y \\end{array}"), Matrix)  # no relation: a column


@pytest.mark.parametrize("latex", [
    "\\delta_j^l = \\frac{\\partial C}{\\partial z_j^l}\\,\\,\\,(l=2,3,\\cdots)",
    "\\delta^l = W^T\\delta^{l+1} \\quad (1 \\leq l \\leq L - 1)",
    "\\delta^l = W^T\\delta^{l+1}, (1 \\leq l \\leq L - 1)",
])
def test_a_condition_in_parentheses_that_ends_a_formula_is_not_read_as_a_factor(latex):
    chain = one(latex)
    assert isinstance(chain, Chain) and not any(isinstance(n, Opaque) for n in walk(chain))


def test_a_wide_space_around_a_relation_keeps_the_statement_whole():
    # `u(x) \quad=\quad x^2` aligns a list of definitions; between statements (`a = b \quad c = d`) it still separates
    assert one("u(x) \\quad=\\quad x^2") == one("u(x) = x^2")
    assert len(parse("a = b \\quad c = d").statements) == 2


def test_one_term_in_angle_brackets_is_read_whole():
    # `$\langle t \rangle$` in prose, as a course writes the time step of `a^{\langle t \rangle}`
    assert isinstance(one("\\langle t-1\\rangle"), Opaque)
    assert isinstance(one("\\langle a, b\\rangle"), Inner)


@pytest.mark.parametrize("latex", ["\\pi_\\theta(a_0 \\vert s_0)", "\\pi(a|s)", "\\pi_\\theta(a \\mid s)"])
def test_a_policy_of_an_action_given_a_state_is_a_conditional_probability(latex):
    assert "conditional" in one(latex).what


def test_a_pair_of_bars_after_a_letter_is_still_an_absolute_value_in_a_product():
    assert isinstance(one("a(|x| + 1)"), Mul)


def test_a_derivative_by_a_functions_value_is_by_that_application():
    # `∂L/∂a(b)`, the loss by an activation's output: read, and left to the checker to call unjudgeable
    derivative = one("\\frac{\\partial L}{\\partial a(\\mathbf{b})}")
    assert isinstance(derivative, Derivative) and isinstance(derivative.wrt, Apply)
    assert one("\\frac{\\partial L}{\\partial x}(x+1)").factors[0].wrt == x  # after the fraction: a product


@pytest.mark.parametrize("latex, same", [
    (r"f : \mathbb{R} \longrightarrow \mathbb{R}", r"f : \mathbb{R} \to \mathbb{R}"),
    (r"X \xrightarrow{W} z", r"X \to z"),
    (r"X \xrightarrow[\text{below}]{W} z", r"X \to z"),
    (r"f\colon X \to Y", r"f: X \to Y"),
    (r"E_D \doteq \frac{1}{2}\sum_i e_i^2", r"E_D := \frac{1}{2}\sum_i e_i^2"),
    (r"w \thicksim \mathcal{N}(0, 1)", r"w \sim \mathcal{N}(0, 1)"),
    (r"e(x + h) \cong e(x) + Jh", r"e(x + h) \approx e(x) + Jh"),
    (r"\textcolor{red}{\delta_{ij}} = 1", r"\delta_{ij} = 1"),
    (r"x_1, \hdots, x_n", r"x_1, \ldots, x_n"),
    (r"{\textstyle \begin{aligned} a &= b \\ c &= d \end{aligned}}", r"\begin{aligned} a &= b \\ c &= d \end{aligned}"),
    (r"\displaylines{ a = b \\ c = d }", r"\begin{gathered} a = b \\ c = d \end{gathered}"),
    (r"a = b \\ \Downarrow \\ c = d", r"a = b \Rightarrow c = d"),
    (r"\text{net}_t = w x_t", r"\mathrm{net}_t = w x_t"),
    (r"\frac{f(a)}{2!} + \frac{1}{0!}", r"\frac{f(a)}{2} + \frac{1}{1}"),
    (r"\mathcal{N}(0_n, \sigma^2 I_n)", r"\mathcal{N}(\mathbf{0}_n, \sigma^2 I_n)"),
    (r"\langle \sigma(x), 1_n \rangle = 1", r"\langle \sigma(x), \mathbf{1}_n \rangle = 1"),
    (r"\frac{\partial\cal L}{\partial U} = {\bf x}", r"\frac{\partial \mathcal{L}}{\partial U} = \mathbf{x}"),
    (r"\rm d x = \bf v", r"\mathrm{d} x = \mathbf{v}"),
    (r"\frac{d^2f}{dx_1dx_1}", r"\frac{d^2 f}{dx_1^2}"),
])
def test_standard_macros_and_plain_spellings_read_as_what_they_draw(latex, same):
    """Standard macros a note leans on (longer and labelled arrows, `\\doteq` for "defined as",
    `\\colon`, a colour), an environment braced with its style, a factorial of a number, a
    zero or ones vector written plain, a bare font switch (`\\cal L`) or a second derivative written
    `dx_1dx_1`: each reads as what it draws, not as a parse error."""
    assert parse(latex).statements == parse(same).statements


def test_a_second_derivative_by_two_letters_written_with_d_is_a_mixed_one():
    assert parse(r"\frac{d^2f}{dx_idx_j}").statements[0].what == "a mixed partial derivative"


def test_argmin_spelled_as_an_operator_with_limits_is_kept_whole():
    for latex in (r"\mathop{\arg\max}_\theta L(\theta)", r"\mathop{\mathrm{argmin}}_{D} \|E\|_F^2",
                  r"\argmin_x f(x)"):
        assert isinstance(one(latex), Opaque) and one(latex).what == "argmax/argmin", latex
    assert isinstance(one(r"\mathop{\nabla}_{A}\mathrm{tr}(AB) = B^T").items[0], Derivative)


def test_a_superscript_of_several_labels_names_a_letter():
    """`\\delta^{t,k}` (BPTT's error at time t from step k) is a letter of its own, not δ to
    a power, and stays apart from `\\delta_{t,k}`; printed back as written."""
    assert one(r"\delta^{t, k}") == one(r"\delta^{t,k}") != one(r"\delta_{t,k}")
    assert isinstance(one(r"\delta^{t,k}"), Symbol)
    assert to_latex(one(r"\delta^{out,t}_i")) == r"\delta_i^{out,t}"


def test_a_factorial_of_a_letter_is_a_function_and_code_inequality_is_not_one():
    assert one(r"\frac{x^k}{k!}") == Div(Power(x, Symbol("k")), Func("factorial", (Symbol("k"),)))
    assert to_latex(one(r"(n+1)!")) == "(n + 1)!"
    with pytest.raises(ParseError):
        parse("a != b")


def test_a_letter_and_digits_before_a_subscript_name_one_quantity():
    """`h1_{in_1}` (hidden layer 1's input to unit 1) is h1 subscripted, since a number takes
    no subscript; `x1` without a subscript is still x times 1."""
    assert one(r"h1_{in_1}") == Symbol("h1", sub="in_1")
    assert one(r"x1") == Mul((x, Number(Fraction(1))))


@pytest.mark.parametrize("latex", [r"KL(p||q)", r"D_{KL}(p \| q)", r"D_\text{KL}(p \parallel q)",
                                   r"D_{KL}(p(x;\theta)||p(x;\theta+\delta\theta))"])
def test_a_divergence_of_two_distributions_is_kept_whole_and_a_norm_in_an_argument_is_still_one(latex):
    assert any(isinstance(n, Opaque) and n.what.startswith("a divergence") for n in walk(one(latex)))
    assert one(r"f(\|x\| + \|y\|)") == Apply(f, (Add((Norm(x), Norm(Symbol("y")))),))


def test_the_physics_packages_derivatives_are_derivatives():
    """`\\pdv{f}{x}`, `\\pdv[2]{f}{x}`, `\\pdv{x} f` and `\\dv{y}{x}` read as the fractions they
    print; `\\partial_1 f` (by the first argument) is kept whole, not a parse error."""
    assert one(r"\pdv{J}{\mathbf{z}}") == one(r"\frac{\partial J}{\partial \mathbf{z}}")
    assert one(r"\pdv[2]{f}{x}") == one(r"\frac{\partial^2 f}{\partial x^2}")
    assert one(r"\dv{y}{x} = 2x") == one(r"\frac{dy}{dx} = 2x")
    assert isinstance(one(r"\pdv{x} f"), Derivative)
    assert one(r"\partial_{21} f(0, 0)").what == r"a partial derivative written \partial_i f"


def test_primes_and_ordinals_in_a_superscript_a_question_and_a_relation_braced_whole():
    assert one(r"g^{'}(z) = g(z)(1 - g(z))") == one(r"g'(z) = g(z)(1 - g(z))")
    assert one(r"k^{\rm th}").what == one(r"(l-1)^{th}").what == "an ordinal (the k-th)"
    assert one(r"{\displaystyle h(x)=g(f(x))}") == one(r"h(x)=g(f(x))")
    assert one(r"\frac{\partial}{\partial A} x^TAy = ?").items[1].what == "the question an exercise asks (?)"


def test_equation_numbers_typeset_as_math_and_empty_spacing_groups_are_no_parse_errors():
    """`$(3.2.6)$` and `(2.2.2.6),(2.2.2.7)` are equation numbers, `\\qquad{(C.7)}` one after a
    formula; `={}&` and a trailing `{}` only space an aligned row. A prescript's `{}` is kept."""
    assert isinstance(one(r"(3.2.6)"), Text) and isinstance(one(r"(2.2.2.6),(2.2.2.7)"), Text)
    assert one(r"(A+B)^{-1} = C \qquad{(C.7)}") == one(r"(A+B)^{-1} = C")
    assert parse(r"\begin{aligned} p &= h \\ q &= w \end{aligned} {}").statements == \
        parse(r"\begin{aligned} p &= h \\ q &= w \end{aligned}").statements
    assert parse(r"a ={}& b").statements == parse(r"a = b").statements
    with pytest.raises(ParseError):
        parse(r"{}_{n}C_{k}")


def test_a_letter_before_an_event_is_its_probability():
    """`\\rho(x=0)` and `p (y = k|x; \\theta)` are a probability of an event, not a factor
    times an equation (nor a condition set apart: `\\log p (y=1) = q` keeps its event)."""
    assert one(r"\log p (y=1) = q").items[0].args[0].what == "the probability of an event, P(y=k)"
    assert one(r"\rho(x=0) = 0.8").items[0].what == "the probability of an event, P(y=k)"
    assert isinstance(one(r"p (y = k|x; \theta)"), Opaque)
    assert isinstance(one(r"a (b + c)"), Mul)


def test_a_norm_with_single_bars_and_an_indicator_with_its_condition_below():
    assert one(r"|X|_F^2") == one(r"\|X\|_F^2") and one(r"|x|_2") == one(r"\|x\|_2")
    assert one(r"\mathbb{1}_{z > 0}").what == "an indicator of a condition, 1_{z>0}"
    with pytest.raises(ParseError):
        parse(r"|\Delta W|_{\text{full}}")  # a count of parameters, no norm


def test_an_arrow_typed_as_equals_and_greater_than_and_an_arrow_alone_on_its_row_join_two_statements():
    # `=>` typed for ⇒ separates like \Rightarrow; `x >= 0` is still ≥
    typed = parse(r"z = w a => \frac{\partial z}{\partial w} = a")
    assert [type(s) for s in typed.statements] == [Chain, Chain] and typed.joins == ("\\Rightarrow",)
    assert parse(r"x >= 0").statements[0].rels == ("\\ge",)
    # `& \rightarrow \\` alone between two rows: "so", between the rows' statements
    rows = parse(r"\begin{gather*} a = b \\ & \rightarrow \\ c = d \end{gather*}")
    assert [to_latex(s) for s in rows.statements] == ["a = b", "c = d"]
    with pytest.raises(ParseError):
        parse(r"f: X \to")  # an arrow with nothing after it that ends the formula is still unfinished


def test_mathjaxs_braket_is_the_angle_brackets_it_draws():
    term, written = (parse(latex).statements[0].items[0] for latex in (r"\braket{z_t} = 1", r"\langle z_t \rangle = 1"))
    assert (type(term), term.what, term.latex) == (type(written), written.what, r"\braket{z_t}")
    assert parse(r"\braket{x, y} = x^T y").statements == parse(r"\langle x, y \rangle = x^T y").statements


def test_an_lvert_nothing_closes_is_the_bar_of_a_conditional():
    bar, plain = one(r"p(t \lvert \mathbf{x}, \mathbf{w})"), one(r"p(t | \mathbf{x}, \mathbf{w})")
    assert (type(bar), bar.what) == (type(plain), plain.what)
    closed = parse(r"\log \lvert S \rvert + p(t \lvert x)").statements[0]
    assert [type(term).__name__ for term in closed.terms] == ["Func", "Opaque"]


def test_a_formula_of_spacing_only_is_layout_and_a_relation_may_end_its_row():
    assert [type(s) for s in parse(r"\qquad\quad").statements] == [Text]
    row_end = parse(r"\begin{aligned} f - g =\\ &-(1-\alpha) h \end{aligned}").statements
    assert row_end == parse(r"f - g = -(1-\alpha) h").statements
    with pytest.raises(ParseError):
        parse(r"a = \\")


def test_a_percentage_is_read_and_is_not_the_number_before_it():
    # `p = 90\%` must not define p as 90, or `1 - p = 10\%` would fail
    chain = one(r"1 - p = 10 \%")
    assert isinstance(chain.items[1].factors[-1], Opaque) and "percentage" in chain.items[1].factors[-1].what


def test_a_bar_or_comma_inside_a_bold_group_sets_each_letter_bold():
    """`p(\\mathbf{y \\mid x})` and `\\mathbf{y, z}` are typed with one bold group around
    both letters; the page shows 𝐲 | 𝐱, so it reads as `\\mathbf{y} \\mid \\mathbf{x}`."""
    assert one(r"p(\mathbf{y\mid x})").what == one(r"p(\mathbf{y} \mid \mathbf{x})").what == "a conditional probability p(y|x)"
    assert one(r"f(\mathbf{y, z})") == Apply(f, (Symbol("y", font="bold"), bz))


def test_a_hat_over_nabla_is_a_gradient_of_its_own_with_its_subscript():
    """A natural-gradient note writes `\\hat{\\nabla}_\\lambda L`: an estimated or natural
    gradient, no accent over a letter, kept whole with its subscript."""
    node = one(r"\hat{\nabla}_\lambda L")
    assert isinstance(node, Mul) and isinstance(node.factors[0], Opaque)
    assert node.factors[0].latex == r"\hat{\nabla}_\lambda"


def test_a_hexo_post_s_doubled_backslashes_are_undone_where_they_unbalance_the_braces():
    """Hexo's renderer takes `\\\\` for `\\`, so its posts write `\\left\\\\{ … \\\\\\\\ … \\right.`
    for the `\\left\\{ … \\\\ … \\right.` MathJax sees: as written a `{` is never closed."""
    hexo = r"\left\\{\begin{aligned}&a=1\\\\& b=2\end{aligned}\right."
    assert one(hexo).what == one(r"\left\{\begin{aligned}&a=1\\& b=2\end{aligned}\right.").what


@pytest.mark.parametrize("latex, meant", [
    ("V^*_t", r"V^{*}_{t}"), (r"V^\ast_T", r"V^{*}_{T}"),  # an optimal value function at t, not an adjoint
    (r"\varDelta x", r"\Delta x"), (r"\varSigma^{-1}", r"\Sigma^{-1}"),  # amsmath's italic capitals
    ("ŷ_i - y_i", r"\hat{y}_i - y_i"),  # a prediction typed as one character
])
def test_notations_of_other_fields_read_as_they_are_meant(latex, meant):
    assert one(latex) == one(meant)


def test_a_starred_capital_without_a_subscript_is_still_not_read():
    """`A^*` alone is as often the adjoint (or the conjugate transpose) as an optimum."""
    assert isinstance(one("A^*"), Opaque)


def test_the_hat_map_typed_as_land_and_typewriter_text_are_read():
    assert one(r"\phi^\land").what == one(r"\phi^\wedge").what == r"the hat map (\phi^\wedge)"
    assert one(r"\texttt{x}") == one(r"\text{x}")


def test_sum_typed_for_a_covariance_sigma_is_sigma():
    """A Chinese note types the covariance Σ as `\\sum`: `(x-\\mu)^T\\sum^{-1}(x-\\mu)`,
    `\\left|\\sum\\right|`. A `\\sum` with no index that is inverted, or that has no
    body, can only be that Σ; a sum with an index stays a sum."""
    assert one(r"(x-\mu)^T\sum^{-1}(x-\mu)") == one(r"(x-\mu)^T\Sigma^{-1}(x-\mu)")
    assert one(r"\left|\sum\right|") == one(r"\left|\Sigma\right|")
    assert isinstance(one(r"\sum_i x_i"), Sum)


def test_mid_typed_for_absolute_value_bars_is_read_as_bars():
    """A regression post types |y_i - w x_i| as `\\mid y_i - w x_i \\mid`; a formula that
    does not read with `\\mid` as a condition's bar reads with it as a bar. A condition
    (`p(y \\mid x)`) is still one."""
    assert one(r"L = \sum_i \mid y_i - w x_i \mid") == one(r"L = \sum_i | y_i - w x_i |")
    assert one(r"p(y \mid x)").what == "a conditional probability p(y|x)"

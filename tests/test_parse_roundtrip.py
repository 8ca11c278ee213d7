"""Printing a tree and parsing it back gives the same tree, in every notation style.

A fix or a re-derived gradient is shown as LaTeX; if that text read back as something
else, the user would be told to write a different formula than the one checked.
"""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from notecheck.meaning import read_context
from notecheck.latex.expr import (
    Add, Apply, Bars, Chain, Derivative, Differential, Div, Dot, Func, Hadamard, Identity, Index, Inner,
    Inverse, Kron, Matrix, Mul, Neg, Norm, Number, Ones, Zero,
    Parsed, Power, Sum, Symbol, Transpose, walk,
)
from notecheck.read import Formula, Note
from notecheck.latex import ParseError, parse
from notecheck.latex import Style, note_reading, style_of, to_latex
from notecheck.read import read_path
from notecheck.meaning import infer

from conftest import CORPUS, SEEDS

STYLES = [
    Style(),
    Style(bold="\\mathbf", transpose="^\\top", trace="\\mathrm{tr}", differential="\\mathrm{d}"),
    Style(bold="\\bm", transpose="^{\\top}", trace="\\text{tr}"),
    Style(bold="\\pmb", transpose="^{T}", trace="\\mathrm{Tr}"),
    Style(bold="\\boldsymbol", transpose="^{\\mathsf{T}}", trace="\\text{trace}", labels_above=False),
]

# symbols of known shapes over the dimensions m, n, p
SYMBOLS = {
    ("m", "n"): Symbol("X"), ("n", "p"): Symbol("W"), ("p", "m"): Symbol("Z"),
    ("n", "n"): Symbol("S"), ("m", "m"): Symbol("Sigma"), ("p", "p"): Symbol("A", sub="1"),
    ("n", 1): Symbol("x", font="bold"), ("m", 1): Symbol("y", font="bold"), ("p", 1): Symbol("b", font="bold", sub="2"),
    (1, 1): Symbol("alpha"),
}
SCALARS = [Symbol("alpha"), Symbol("c"), Symbol("lambda"), Symbol("t", sub="i"), Number(Fraction(2)), Number(Fraction(1, 2))]
DIMS = ["m", "n", "p", 1]


def leaf(shape):
    """A symbol of that shape, or the transpose of one (every pair of DIMS has one)."""
    if shape == (1, 1):
        return st.sampled_from(SCALARS)
    if shape in SYMBOLS:
        return st.just(SYMBOLS[shape])
    return st.just(Transpose(SYMBOLS[(shape[1], shape[0])]))


@st.composite
def expr_of(draw, shape, depth=3):
    """A random tree of the given shape, built only from operations whose shapes match."""
    rows, cols = shape
    options = ["leaf"]
    if depth > 0:
        options += ["transpose", "product", "scale", "add", "neg", "hadamard", "func", "differential", "div"]
        if rows == cols and rows != 1:
            options.append("inverse")
        if shape == (1, 1):
            options += ["trace", "power", "norm", "det", "dot", "sum"]
    kind = draw(st.sampled_from(options))
    sub = depth - 1
    if kind == "leaf":
        return draw(leaf(shape))
    if kind == "transpose":
        return Transpose(draw(expr_of((cols, rows), sub)))
    if kind == "inverse":
        return Inverse(draw(expr_of(shape, sub)))
    if kind == "product":
        inner = draw(st.sampled_from(DIMS))
        return Mul((draw(expr_of((rows, inner), sub)), draw(expr_of((inner, cols), sub))))
    if kind == "scale":
        return Mul((draw(st.sampled_from(SCALARS)), draw(expr_of(shape, sub))))
    if kind == "add":
        return Add((draw(expr_of(shape, sub)), draw(expr_of(shape, sub))))
    if kind == "neg":
        return Neg(draw(expr_of(shape, sub)))
    if kind == "hadamard":
        return Hadamard((draw(expr_of(shape, sub)), draw(expr_of(shape, sub))))
    if kind == "func":
        return Func(draw(st.sampled_from(["exp", "log", "sigma", "tanh"])), (draw(expr_of(shape, sub)),))
    if kind == "differential":
        return Differential(draw(expr_of(shape, sub)))
    if kind == "div":
        return Div(draw(expr_of(shape, sub)), draw(st.sampled_from(SCALARS)))
    if kind == "trace":
        k = draw(st.sampled_from(["m", "n", "p"]))
        return Func("tr", (draw(expr_of((k, k), sub)),))
    if kind == "power":
        return Power(draw(expr_of(shape, sub)), Number(Fraction(2)))
    if kind == "norm":
        return Power(Norm(draw(expr_of(("n", 1), sub)), draw(st.sampled_from([None, "2"]))), Number(Fraction(2)))
    if kind == "det":
        return Bars(draw(expr_of(("n", "n"), sub)))
    if kind == "dot":
        return Dot(draw(expr_of(("m", 1), sub)), draw(expr_of(("m", 1), sub)))
    return Sum(draw(expr_of(shape, sub)), "i", Number(Fraction(1)), Symbol("N"))


shapes = st.sampled_from([("m", "n"), ("n", "n"), ("n", 1), (1, 1), ("m", 1), ("n", "p")])


def shape_of(latex: str, tree: Parsed):
    note = Note(path="t.md", text=f"${latex}$", title="t",
                formulas=[Formula(latex, 1, 2, 1, False, "$", 1, 1 + len(latex))])
    env, _ = infer(note, [tree], read_context(note, [tree]))
    return env.of(tree.statements[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=shapes, data=st.data(), style=st.sampled_from(STYLES))
def test_random_well_shaped_trees_print_and_parse_back(shape, data, style):
    tree = data.draw(expr_of(shape))
    latex = to_latex(tree, style)
    parsed = parse(latex)
    assert parsed.statements == (tree,), latex
    plain = to_latex(tree)
    assert shape_of(latex, parsed) == shape_of(plain, parse(plain))


def trees_of_the_notes():
    """Every formula that parses, read as `check` reads it (the note's macros, its `^t`)."""
    for folder in (SEEDS, CORPUS):
        for path in sorted(folder.iterdir()):
            note = read_path(path)
            reading = note_reading(note)
            for formula in note.formulas:
                try:
                    yield path.name, formula.latex, parse(formula.latex, **reading), reading
                except ParseError:
                    continue


def test_every_tree_of_the_seeds_and_corpus_prints_back_to_itself(seeds, corpus):
    count = 0
    for name, latex, tree, reading in trees_of_the_notes():
        for style in STYLES:
            printed = to_latex(tree, style)
            assert parse(printed, **reading) == tree, (name, latex, printed)
        count += 1
    assert count > 700


def test_chain_items_span_exactly_their_own_text_in_the_notes(seeds, corpus):
    """`--fix` replaces a right-hand side by its span: the text there must be that item."""
    for name, latex, tree, reading in trees_of_the_notes():
        for node in walk(tree):
            assert 0 <= node.pos < node.end <= len(latex), (name, latex, node)
            if isinstance(node, Chain):
                for k, item in enumerate(node.items):
                    if k and node.rels[k - 1] == "\\in":  # `R^n` is a set only right of \in
                        again = parse("x \\in " + latex[item.pos:item.end], **reading).statements[0].items[1]
                        assert again == item, (name, latex[item.pos:item.end])
                        continue
                    again = parse(latex[item.pos:item.end], **reading)
                    assert again.statements == (item,), (name, latex[item.pos:item.end])


@pytest.mark.parametrize("latex,printed", [
    ("A(B+C)", "A(B + C)"),
    ("(AB)^T", "(AB)^T"),
    ("A^TB^T", "A^TB^T"),
    (r"\sigma'\odot X dW b", r"\sigma' \odot XdWb"),
    ("f (x+y) + f(x)", "{f}(x + y) + f(x)"),
    (r"t r (A+B) + \operatorname{tr}(A)", r"t r(A + B) + \operatorname{tr}(A)"),
    (r"\alpha x", r"\alpha x"),
    ("a - (b - c)", "a - (b - c)"),
    (r"-X^{-1}dXX^{-1}", "-X^{-1}dXX^{-1}"),
    (r"\frac{1}{N}\sum_{i=1}^N x_i", r"\frac{1}{N}\sum_{i=1}^N x_i"),
    (r"(\frac{1}{N}\sum_{i=1}^N x_i) \cdot y", r"(\frac{1}{N}\sum_{i=1}^N x_i) \cdot y"),
    (r"(\sum_i x_i) y", r"(\sum_i x_i)y"),
    (r"\sum_i x_i \cdot y_i", r"\sum_i x_i \cdot y_i"),
    (r"d(X^T)", "dX^T"),
    (r"(dX)^T", "(dX)^T"),
    (r"\operatorname{tr}(A^TB)", r"\operatorname{tr}(A^TB)"),
])
def test_parentheses_only_where_needed(latex, printed):
    assert to_latex(parse(latex).statements[0]) == printed


def test_style_follows_the_note():
    style = style_of([r"\mathbf{a}^\top X \mathbf{b}", r"\mathrm{tr}(\mathbf{A}^\top B)", r"\mathrm{d}X"])
    assert style == Style(bold="\\mathbf", transpose="^\\top", trace="\\mathrm{tr}", differential="\\mathrm{d}")
    assert style_of([r"\pmb c^T\sigma(XW\pmb b)", r"\text{tr}(A)"]) == Style(bold="\\pmb", trace="\\text{tr}")
    assert style_of([]) == Style()
    assert style_of([r"W^{[l]}A^{[l-1]}", r"q_{[i]}"]).labels_above and not style_of([r"q_{[i]}"]).labels_above
    layer = parse(r"A^{[l-1]T}").statements[0]
    assert to_latex(layer) == r"{A^{[l-1]}}^T" and to_latex(layer, Style(labels_above=False)) == r"A_{[l-1]}^T"
    tree = parse(r"\boldsymbol{a}^T X").statements[0]
    assert to_latex(tree, style) == r"\mathbf{a}^\top X"


# ---------------------------------------------------------------- every node type, any shape

ATOMS = st.sampled_from([
    Symbol("x"), Symbol("X"), Symbol("x", font="bold"), Symbol("W", sub="1"), Symbol("a", sub="1,i"),
    Symbol("mu", font="bold"), Symbol("Sigma"), Symbol("x", font="bold", accent="bar"), Symbol("B", prime=1),
    Symbol("N", font="cal"), Symbol("K", sub="mn"), Symbol("W", sub="[l]"), Symbol("a", sub="[2](i)"), Identity(), Identity("n"), Ones(), Ones("n"), Zero(),
    Number(Fraction(3)), Number(Fraction(1, 4)), Func("sigma", (), 1),
])
FUNCS = st.sampled_from(["tr", "det", "log", "exp", "sin", "cos", "tanh", "sigma", "softmax", "diag", "vec", "adj"])


def compound(children):
    two = st.tuples(children, children)
    return st.one_of(
        two.map(lambda t: Add(t)), children.map(Neg), two.map(lambda t: Mul(t)),
        two.map(lambda t: Dot(*t)), two.map(lambda t: Hadamard(t)), two.map(lambda t: Kron(t)),
        two.map(lambda t: Div(*t)), children.map(Transpose), children.map(Inverse),
        children.map(lambda c: Power(c, Number(Fraction(2)))), children.map(Bars),
        st.tuples(children, st.sampled_from([None, "F", "2"])).map(lambda t: Norm(*t)),
        st.tuples(FUNCS, children).map(lambda t: Func(t[0], (t[1],))),
        children.map(lambda c: Apply(Symbol("f"), (c,))), two.map(lambda t: Apply(Symbol("p"), t)),
        two.map(lambda t: Inner(*t)), two.map(lambda t: Matrix(((t[0], t[1]), (t[1], t[0])))),
        children.map(lambda c: Sum(c, "i", Number(Fraction(1)), Symbol("N"))),
        children.map(Differential), children.map(lambda c: Index(Func("exp", (c,)), "k")),
        children.map(lambda c: Derivative(c, Symbol("X"))),
        children.map(lambda c: Derivative(c, Symbol("x", font="bold"), 1, "nabla")),
        children.map(lambda c: Derivative(c, Symbol("x"), 2, "op")),
    )


any_tree = st.recursive(ATOMS, compound, max_leaves=8)


def reads_otherwise(tree) -> bool:
    """Trees the parser never builds because their LaTeX means something else by rule:
    `f(f(x))` (a letter before brackets that mention it multiplies), and `|x|^{-1}` (a
    scalar's -1 power is a `Power`, not an `Inverse`)."""
    for node in walk(tree):
        if isinstance(node, Apply) and any(isinstance(inner, Symbol) and inner.name == node.fn.name
                                           for arg in node.args for inner in walk(arg)):
            return True
        if isinstance(node, Inverse) and isinstance(node.arg, (Bars, Norm, Number)):
            return True
    return False


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=any_tree, style=st.sampled_from(STYLES))
def test_any_tree_of_any_node_prints_and_parses_back(tree, style):
    assume(not reads_otherwise(tree))
    latex = to_latex(tree, style)
    assert parse(latex).statements == (tree,), latex

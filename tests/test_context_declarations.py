"""What a note declares: shapes and properties from prose (Chinese, English, plain text),
from `\\in \\mathbb{R}^{m\\times n}`, from front matter; elementwise functions; the layout."""

from notecheck.meaning import Declaration, dims_in_latex, read_context
from notecheck.latex.expr import Symbol
from notecheck.latex import parse_formulas
from notecheck.read import read_text
from notecheck.meaning import Shape


def context_of(text: str):
    note = read_text(text, "note.md", plugins=[])
    trees = parse_formulas(note)[0]
    return read_context(note, trees), note


def decl(context, sym: Symbol) -> Declaration:
    found = context.lookup(sym)
    assert found, f"{sym} is not declared; declared: {list(context.declarations)}"
    return found[-1]


BOLD_A = Symbol("a", "bold")
X = Symbol("X")


def test_chinese_prose_with_formulas_gives_shapes_and_properties():
    context, _ = context_of(
        "例1：$f = \\boldsymbol{a}^T X\\boldsymbol{b}$。其中 $\\boldsymbol{a}$ 是 $m×1$ 列向量，"
        "$X$ 是 $m\\times n$ 矩阵，$f$ 是标量，$M$ 是 $l×l$ 对称矩阵，"
        "$\\Sigma$ 是 $m\\times m$ 对称正定矩阵。\n")
    assert decl(context, BOLD_A).shape == Shape("m", 1)
    assert decl(context, X).shape == Shape("m", "n")
    assert decl(context, Symbol("f")).shape == Shape(1, 1)
    assert {"symmetric"} <= decl(context, Symbol("M")).properties
    sigma = decl(context, Symbol("Sigma"))
    assert sigma.shape == Shape("m", "m") and {"spd", "symmetric"} <= sigma.properties


def test_one_hot_in_chinese_and_english():
    context, _ = context_of("其中 $\\boldsymbol{y}$ 是除一个元素为1外其它元素为0的 $m×1$ 列向量。\n\n"
                            "Here $t$ is one-hot.\n")
    y = decl(context, Symbol("y", "bold"))
    assert y.shape == Shape("m", 1) and "onehot" in y.properties
    assert "onehot" in decl(context, Symbol("t")).properties


def test_plain_text_declarations_of_a_damaged_export_apply_to_any_font():
    context, _ = context_of("其中a是 $m \\times 1$ 列向量,X是 $m \\times n$ 矩阵,b是 $m \\times 1$ 列向量,f是标量。\n")
    assert decl(context, Symbol("b", "bold")).shape == Shape("m", 1)
    assert decl(context, Symbol("b")).any_font
    assert decl(context, X).shape == Shape("m", "n")


def test_constants_listed_in_one_formula_or_in_words():
    context, _ = context_of("由于$A,B$是常量，$dA=0$。\n\nwhere a and b are constant.\n")
    for name in "AB":
        assert "constant" in decl(context, Symbol(name)).properties
    for name in "ab":
        assert "constant" in decl(context, Symbol(name)).properties


def test_english_prose_with_and_without_a_verb():
    context, _ = context_of("Let W is p×n here.\n\nΣ symmetric positive definite.\n")
    assert decl(context, Symbol("W")).shape == Shape("p", "n")
    assert "spd" in decl(context, Symbol("Sigma")).properties


def test_set_membership_in_formulas():
    context, _ = context_of("Take $X\\in\\mathbb{R}^{m\\times n}$ and $\\boldsymbol{x}\\in \\mathbb{R}^{n\\times 1}$ "
                            "and $x \\in R^n$.\n")
    assert decl(context, X).shape == Shape("m", "n")
    assert decl(context, Symbol("x", "bold")).shape == Shape("n", 1)
    assert decl(context, Symbol("x")).shape == Shape("n", 1)


def test_written_sizes_win_over_a_wrong_kind_word():
    # seed 001 calls an l×m matrix a 列向量: the sizes are what the formulas use
    context, _ = context_of("其中$W$是$l×m$列向量。\n")
    w = decl(context, Symbol("W"))
    assert w.shape == Shape("l", "m") and "matrix" in w.properties and "vector" not in w.properties


def test_a_convention_about_letters_is_not_a_declaration_of_x():
    context, _ = context_of("本文使用小写字母x表示标量，大写字母X表示矩阵。\n")
    assert not context.lookup(Symbol("x", "bold"))


def test_elementwise_functions_are_named():
    context, _ = context_of("$\\sigma$ 是sigmoid函数，exp表示逐元素求指数。\n")
    assert context.elementwise == {"sigma": "sigmoid", "exp": "exp"}
    assert not context.lookup(Symbol("sigma"))


def test_front_matter_notecheck_key_and_not_jekyll_layout():
    text = ("---\nlayout: post\nnotecheck:\n  layout: denominator\n  symbols:\n    X: \"m x n\"\n"
            "    M: \"n x n symmetric\"\n    y: \"m one-hot\"\n---\n\nBody.\n")
    context, _ = context_of(text)
    assert context.layout.name == "denominator" and "front matter" in context.layout.reason
    assert decl(context, X).shape == Shape("m", "n")
    assert decl(context, Symbol("M")).shape == Shape("n", "n") and "symmetric" in context.properties(Symbol("M"))
    y = decl(context, Symbol("y", "bold"))
    assert y.shape == Shape("m", 1) and "onehot" in y.properties
    jekyll, _ = context_of("---\nlayout: post\ntitle: t\n---\n\nBody.\n")
    assert jekyll.layout is None


def test_layout_declared_only_where_the_note_says_it_uses_it():
    declared, _ = context_of("> 这是\n>\n> 分子布局\n>\n> 下的记号。\n\n后面也许可以使用分母布局。\n")
    assert declared.layout.name == "numerator" and "line" in declared.layout.reason
    mention, _ = context_of("在之前笔者简单地介绍过分子/分母布局下的微分准则。\n")
    assert mention.layout is None
    english, _ = context_of("Throughout we use the denominator layout.\n")
    assert english.layout.name == "denominator"
    recommendation, _ = context_of("可能最方便的方法是使用分母布局。\n")
    assert recommendation.layout is None


def test_a_choice_made_right_after_defining_both_layouts_is_a_comparison():
    text = ("### Numerator Layout vs Denominator Layout\n\n- **Numerator layout**: one way\n"
            "- **Denominator layout**: the other\n\nThis document uses the numerator layout.\n")
    context, _ = context_of(text)
    assert context.layout is None


def test_same_shape_as_x_is_the_denominator_layout():
    context, _ = context_of("标量f对矩阵X的导数，即f对X逐元素求导排成与X尺寸相同的矩阵。\n")
    assert context.layout.name == "denominator"


def test_sizes_written_in_many_ways():
    assert dims_in_latex("m×1") == ("m", 1)
    assert dims_in_latex("\\boldsymbol{m}\\times\\boldsymbol{1}") == ("m", 1)
    assert dims_in_latex("p \\times n") == ("p", "n")
    assert dims_in_latex("\\frac{1}{2}") is None


def test_declarations_carry_their_place():
    context, note = context_of("Intro.\n\n其中$X$是$m\\times n$矩阵。\n")
    x = decl(context, X)
    assert x.line == 3 and x.formula == 0 and x.col == note.formulas[0].col


def test_conditions_and_phrases_naming_another_matrix_declare_nothing():
    context, _ = context_of("若标量函数f是矩阵X经加减乘法、逐元素函数等运算构成，则可求导。\n")
    assert not context.lookup(Symbol("f")) and context.elementwise == {}


def test_a_text_without_a_times_sign_is_answered_as_the_substitutions_would():
    """`dims_in_latex` answers None without its substitutions only where they could not
    have found sizes: held to them on texts that write `imes` in pieces, or none at all."""
    from notecheck.meaning.written_sizes import _written_dims

    for text in ("m{\\times}n", "m\\t{im}es n", "m\\ti mes n", "m*n", "\\frac{1}{2}", "a b", "m×1", "3 X 4",
                 "\\mathbf{x}", "\\in m\\times n", "mies", "", "n\\,\\times\\, 1"):
        assert dims_in_latex(text) == _written_dims(text), text

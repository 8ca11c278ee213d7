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
    assert "number" not in decl(context, Symbol("A")).properties  # 常量: a constant quantity, any shape


def test_a_constant_number_is_told_from_a_constant_matrix():
    context, _ = context_of("设$C$为常数，$A$为常数矩阵，$N$不是常数。\n")
    assert {"constant", "number"} <= decl(context, Symbol("C")).properties
    assert "number" not in decl(context, Symbol("A")).properties
    assert not context.lookup(Symbol("N")) or "number" not in decl(context, Symbol("N")).properties


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


def test_the_space_of_symmetric_matrices_declares_a_square_symmetric_matrix():
    # Boyd's and CS229's S^n, S^n_+, S^n_{++}; the sphere S^{n-1} and a point x of S^n declare nothing
    context, _ = context_of("Take $A \\in \\mathbb{S}^n$, $\\Sigma \\in \\mathbb{S}_{++}^{d}$, $P \\in \\mathbb{S}^m_+$, "
                            "$u \\in \\mathbb{S}^{n-1}$ and $x \\in \\mathbb{S}^n$.\n")
    a = decl(context, Symbol("A"))
    assert (a.shape, "symmetric" in a.properties) == (Shape("n", "n"), True)
    assert {"symmetric", "spd"} <= decl(context, Symbol("Sigma")).properties
    assert decl(context, Symbol("P")).shape == Shape("m", "m")
    assert not context.lookup(Symbol("u")) and not context.lookup(Symbol("x"))


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
    assert context.layout is None and context.stated_layout == "numerator"
    plain, _ = context_of(text.replace("This document uses", "Some notes use"))
    assert plain.layout is None and plain.stated_layout is None


def test_same_shape_as_x_is_the_denominator_layout():
    context, _ = context_of("标量f对矩阵X的导数，即f对X逐元素求导排成与X尺寸相同的矩阵。\n")
    assert context.layout.name == "denominator"


def test_sizes_written_in_many_ways():
    assert dims_in_latex("m×1") == ("m", 1)
    assert dims_in_latex("\\boldsymbol{m}\\times\\boldsymbol{1}") == ("m", 1)
    assert dims_in_latex("p \\times n") == ("p", "n")
    assert dims_in_latex("\\frac{1}{2}") is None


def test_non_before_another_word_takes_nothing_back():
    """"non-" negates the property it prefixes: a non-singular matrix is a matrix, and
    invertible; a nonzero vector is a vector; a non-symmetric matrix is not symmetric."""
    context, _ = context_of("Let $A$ be a non-singular matrix, $B$ a non-symmetric matrix.\n\n"
                            "$v$ is a nonzero vector.\n\n其中 $C$ 是非零矩阵。\n")
    assert {"matrix", "invertible"} <= decl(context, Symbol("A")).properties
    assert "symmetric" not in decl(context, Symbol("B")).properties
    assert "vector" in decl(context, Symbol("v")).properties
    assert "matrix" in decl(context, Symbol("C")).properties


def test_adjectives_listed_with_commas_describe_one_kind():
    context, _ = context_of("Let $A$ be some square, non-singular matrix.\n")
    assert {"matrix", "invertible"} <= decl(context, Symbol("A")).properties


def test_both_after_a_comma_describes_the_subjects_before_it():
    """"$x_u$ and $y_i$ are latent factors, both are $1×d$": the size is both letters'
    (batch 26's ALS notebook: x_u was taken for a column and `x_u Y^T` flagged)."""
    context, _ = context_of("- $x_u$ and $y_i$ are latent factors, both are $1×d$ dimensional\n"
                            "- $a$ 和 $b$ 是向量，均为 $n×1$\n")
    for name, sub, shape in (("x", "u", Shape(1, "d")), ("y", "i", Shape(1, "d")), ("a", None, Shape("n", 1)),
                             ("b", None, Shape("n", 1))):
        assert decl(context, Symbol(name, sub=sub)).shape == shape


def test_what_belongs_to_a_symbol_is_no_description_of_it():
    """"the eigenvector of a matrix A is a vector v": the eigenvector is one, not A; and
    "the matrix whose (i,j) element … the j-th column of A" is a matrix, not a column."""
    context, _ = context_of("The eigenvector of a square matrix $A$ is a vector $v$ such that $Av = \\lambda v$.\n\n"
                            "Here $B$ is the matrix whose $(i,j)$ element is $(-1)^{i+j}$ times the determinant of "
                            "the matrix left after deleting the $i$-th row and $j$-th column of $A$.\n")
    assert "vector" not in context.properties(Symbol("A"))
    assert context.properties(Symbol("B")) == {"matrix"}


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


# ---------------------------------------------------------------- paragraphs that cannot declare

def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression's source."""
    out, depth, current, escaped = [], 0, "", False
    for char in pattern:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(current)
            current = ""
            continue
        current += char
    return out + [current]


def test_every_describing_pattern_holds_a_word_the_pre_test_looks_for():
    """`may_declare` skips a paragraph without any of `DESCRIBING_WORDS`: each alternative
    of the property and elementwise tables must contain one of them, as written."""
    from notecheck.meaning.prose import DESCRIBING_WORDS, ELEMENTWISE_WORDS, PROPERTY_WORDS

    for pattern, _ in PROPERTY_WORDS + ELEMENTWISE_WORDS:
        for alternative in _alternatives(pattern):
            assert any(word in alternative.lower() for word in DESCRIBING_WORDS), alternative


def _read_in_full(paragraph, note, trees, elementwise) -> list:
    """`paragraph_declarations` without its pre-test."""
    from notecheck.meaning.prose import clause_declarations, prefixed_declarations, split_clauses
    from notecheck.meaning.prose_tokens import tokenize

    out = []
    for clause in split_clauses(tokenize(paragraph.parts, note.formulas)):
        out += clause_declarations(clause, paragraph, note, trees, elementwise)
        out += prefixed_declarations(clause, paragraph, note, trees)
    return out


def _assert_skipped_paragraphs_declare_nothing(note, trees) -> int:
    from notecheck.meaning.prose import may_declare

    skipped = 0
    for paragraph in note.paragraphs:
        if not may_declare(paragraph.parts, note.formulas):
            elementwise: dict = {}
            assert _read_in_full(paragraph, note, trees, elementwise) == [] and not elementwise, paragraph.parts
            skipped += 1
    return skipped


def test_paragraphs_the_pre_test_skips_declare_nothing_in_our_notes(seeds, corpus):
    from pathlib import Path

    from notecheck.read import load_plugins, read_path

    root = Path(__file__).resolve().parents[1]
    plugins = load_plugins()
    skipped = 0
    for folder in (root / "examples", root / "tests" / "notes", seeds, corpus):
        for path in sorted(folder.iterdir()):
            if path.is_file():
                note = read_path(path, None, plugins)
                skipped += _assert_skipped_paragraphs_declare_nothing(note, parse_formulas(note)[0])
    assert skipped > 100


PROSE_PIECES = ["对", "称", "正定", "矩", "阵", "向量", "标", "量", "维", "元素", "是", "为", "其中", "设", "常", "数", "的第",
                "列", "和", "、", "，", ",", ".", ":", " ", "\u3000", "\t", "\n", "-", "a", "W", "x", "X", "is", "an", "the",
                "sym", "metric", "Symmetric", "MATRIX", "vector", "scalar", "positive", "definite", "one", "hot", "element",
                "wise", "exp", "log", "sigma", "σ", "Σ", "m", "n", "3", "×", "*", "\\times", "dimensional", "K", "ſ", "İ",
                "column", "of", "invertible", "non", "singular", "ReLU", "entry"]
PROSE_FORMULAS = ["W", "m\\times n", "\\boldsymbol{x}", "A,B", "f = a x", "\\sigma", "3 \\times 1", "x_i"]


def test_paragraphs_the_pre_test_skips_declare_nothing_in_generated_prose():
    from hypothesis import given, settings, strategies as st

    text = st.lists(st.sampled_from(PROSE_PIECES), min_size=1, max_size=14).map("".join)
    parts = st.lists(st.one_of(text, st.integers(0, len(PROSE_FORMULAS) - 1)), min_size=1, max_size=5)

    @settings(max_examples=600, deadline=None)
    @given(parts)
    def holds(written):
        body = "".join(part if isinstance(part, str) else f"${PROSE_FORMULAS[part]}$" for part in written)
        note = read_text(body.replace("\n", " ") + "\n", "note.md", plugins=[])
        _assert_skipped_paragraphs_declare_nothing(note, parse_formulas(note)[0])

    holds()


def test_every_layout_pattern_holds_a_word_the_pre_test_looks_for():
    """`prose_layout` reads the sentences of a note only if it holds one of `LAYOUT_WORDS`."""
    from notecheck.meaning.stated_layout import LAYOUT_TERMS, LAYOUT_WORDS, SAME_SHAPE

    for pattern in [pattern for pattern, _ in LAYOUT_TERMS] + [SAME_SHAPE]:
        for alternative in _alternatives(pattern.pattern):
            assert any(word in alternative.lower() for word in LAYOUT_WORDS), alternative


def test_the_kind_of_a_functions_argument_is_not_the_functions_kind():
    context, _ = context_of(
        "We write $\\mathbf s$ for $\\mathbf s(\\mathbf x)$, keeping in mind that $\\mathbf s$ is a function of "
        "the whole vector $\\mathbf x$.\n\nHere $g$ is a scalar function of the matrix $X$.\n\n"
        "其中 $h$ 是关于向量 $\\mathbf{x}$ 的函数。\n")
    s = decl(context, Symbol("s", "bold"))
    assert s.shape is None and s.properties == {"function"}  # "vector" is x's word
    assert decl(context, Symbol("g")).properties == {"scalar", "function"}
    assert decl(context, Symbol("h")).properties == {"function"}


def test_words_about_eigenvectors_and_columns_give_the_matrix_no_vector_shape():
    """"an eigenvector for matrix $A$" and "the columns of $U$ are the eigenvectors" speak
    of vectors, not of A or U (the word inside "eigenvector" is no kind word)."""
    context, _ = context_of("Let $A$ be a square matrix. We look for an eigenvector for matrix $A$.\n\n"
                            "Write $A = UDU^T$, where the columns of $U$ are the eigenvectors of $A$.\n")
    assert "vector" not in context.properties(Symbol("A")) and "vector" not in context.properties(Symbol("U"))


def test_a_value_of_a_sized_matrix_takes_neither_its_size_nor_its_kind():
    """"λ is an eigenvalue of the n×n matrix A": the size and the kind are A's, not λ's."""
    context, _ = context_of("A scalar value $\\lambda$ is an eigenvalue of the $n \\times n$ matrix $A$ if $Aq = \\lambda q$.\n")
    assert not context.lookup(Symbol("lambda"))


def test_a_covariance_matrix_and_a_matrix_equal_to_its_transpose_are_symmetric():
    context, _ = context_of("Let $\\Sigma$ be the covariance matrix of $x$, and $A \\in \\mathbb{R}^{n\\times n}$ "
                            "with $A = A^T$.\n")
    assert "spd" in context.properties(Symbol("Sigma")) and "symmetric" in context.properties(Symbol("A"))


def test_the_matrix_in_a_gaussians_exponent_is_a_covariance():
    """`\\exp(-\\frac{1}{2}(x-μ)^T Σ^{-1} (x-μ))` is a Gaussian density: its Σ is a
    covariance, symmetric, though the note never says "covariance"; and the density's
    `p(x; μ, Σ)` parses (a semicolon before its parameters)."""
    text = ("$$p(\\mathbf{x};\\boldsymbol\\mu,\\boldsymbol\\Sigma)=\\frac{1}{\\sqrt{(2\\pi)^D|\\boldsymbol\\Sigma|}}"
            "\\exp(-\\frac{(\\mathbf{x}-\\boldsymbol\\mu)^\\top\\boldsymbol\\Sigma^{-1}(\\mathbf{x}-\\boldsymbol\\mu)}{2})$$\n")
    context, _ = context_of(text)
    assert "spd" in context.properties(Symbol("Sigma", "bold"))
    context, _ = context_of("$$q = (\\mathbf{x}-\\boldsymbol\\mu)^\\top A^{-1}(\\mathbf{x}-\\boldsymbol\\mu)$$\n")
    assert "spd" not in context.properties(Symbol("A")), "a quadratic form outside an exponent says nothing"


def test_a_function_placed_in_a_space_declares_its_values_over_an_aside_on_scalars():
    """`g(t) = Mt \\in \\mathbb{R}^m` after an aside that took f, g, t as numbers: g names an
    m-vector, as `f = g^TCg` uses it, so no side of `∂f/∂t = 2M^TCg` clashes; a real slip
    (`2MCg`) is still an error."""
    from notecheck.config import Config
    from notecheck.pipeline import check_loaded

    note = ("> Aside on plain numbers: here $f, g, t \\in \\mathbb{R}$.\n\n$$\\frac{\\partial f}{\\partial t}=RIGHT$$\n\n"
            "where $t\\in\\mathbb{R}^n$, $M\\in\\mathbb{R}^{m\\times n}$, $g(t)=Mt\\in\\mathbb{R}^m$, "
            "$C\\in\\mathbb{R}^{m\\times m}$, $f=g^TCg$.\n")
    context, _ = context_of(note)
    assert decl(context, Symbol("g")).shape == Shape("m", 1)

    def errors(right: str) -> list[str]:
        result = check_loaded(read_text(note.replace("RIGHT", right), "note.md"), Config())
        return [f.code for f in result.findings if f.severity == "error"]

    assert errors("2M^TCg") == []
    assert errors("2MCg") == ["NC301"]


def test_a_transposed_letter_placed_in_a_vector_space_is_a_row():
    context, _ = context_of("Row times matrix: $$z = xW, x^T \\in \\mathbb{R}^m, W \\in \\mathbb{R}^{m\\times n}$$\n")
    assert decl(context, Symbol("x")).shape == Shape(1, "m")


def test_symbols_named_as_the_rows_or_columns_of_a_matrix_are_rows_or_columns():
    """"令 $A$ 的行向量为 $a_i$" and "the rows of $X$ are $x_i$" make a_i, x_i rows (a later
    "$a_2$ 是特征向量" says only that it is a vector); named transposed, "the rows of $X$
    are $u_j^T$", they are columns."""
    context, _ = context_of("令 $A$ 的行向量为 $a_i, i = 1, \\cdots, M$，则 $y = Ax$。\n\n"
                            "Let the rows of $X$ be $x_i$, and the rows of $Z$ be $u_j^T$.\n\n"
                            "$B$ 的列向量记为 $b_k$。\n")
    assert {"vector", "row"} <= context.properties(Symbol("a", sub="i"))
    assert {"vector", "row"} <= context.properties(Symbol("x", sub="i"))
    assert "row" not in context.properties(Symbol("u", sub="j"))
    assert {"vector", "column"} <= context.properties(Symbol("b", sub="k"))



def test_the_ith_dimension_is_an_ordinal_not_a_size():
    """"$x_i$ 为样本 $x$ 的第 $i$ 维特征" (the i-th feature of x) gives x_i no size; "$z$ 是 $k$ 维向量" is k×1."""
    context, _ = context_of("样本$x_i$为样本x的第i维特征，$u_j$ 是第 $j$ 维的取值。\n\n其中 $z$ 是 $k$ 维向量。\n")
    assert not context.lookup(Symbol("x", sub="i")) and not context.lookup(Symbol("u", sub="j"))
    assert decl(context, Symbol("z")).shape == Shape("k", 1)


def test_a_property_typed_as_a_word_inside_the_declaring_formula_is_read():
    """`\\mathbf{B} ; b_{n,n} \\in \\mathbb{R}^{n \\times n}; \\ symmetric` (a Kalman notebook):
    the word is typed in the math, where it reads as letters, and it makes B symmetric."""
    from notecheck.config import Config
    from notecheck.pipeline import check_loaded
    from notecheck.read import read_text

    text = ("$\\mathbf{A} ; a_{m,n} \\in \\mathbb{R}^{m \\times n}$\n\n"
            "$\\mathbf{B} ; b_{n,n} \\in \\mathbb{R}^{n \\times n}; \\ symmetric$\n\n"
            "$$\\frac{d}{d \\mathbf{A}} tr(\\mathbf{A} \\mathbf{B} \\mathbf{A}^T) = 2 \\mathbf{A} \\mathbf{B}$$\n")
    [claim] = check_loaded(read_text(text, "note.md"), Config()).claims
    assert claim.verdict == "verified"

"""Reading Markdown: every formula where the author wrote it, and nothing that is not math."""

from __future__ import annotations

from notecheck.read import read_path, read_text


def read(text: str, path: str = "note.md"):
    return read_text(text, path, plugins=[])


def at(note, line: int, col: int) -> str:
    """The file text from a 1-based line and column, as an editor would jump there."""
    return note.text.split("\n")[line - 1][col - 1:]


def test_inline_formula_after_cjk_text_points_at_its_latex():
    note = read("其中 $\\boldsymbol{a}$ 是 $m×1$ 列向量，$X$ 是矩阵\n")
    assert [f.latex for f in note.formulas] == ["\\boldsymbol{a}", "m×1", "X"]
    assert [(f.line, f.col) for f in note.formulas] == [(1, 5), (1, 24), (1, 34)]
    for formula in note.formulas:
        assert at(note, formula.line, formula.col).startswith(formula.latex)
        assert note.text[formula.start:formula.end] == formula.latex
        assert formula.delimiter == "$" and not formula.display


def test_spaces_inside_dollars_are_math_and_stripped():
    note = read("小写字母 $ x $ 是标量\n")
    (formula,) = note.formulas
    assert (formula.latex, formula.line, formula.col) == ("x", 1, 8)
    assert note.text[formula.start:formula.end] == "x"


def test_formulas_in_lists_quotes_and_tables_have_exact_positions():
    text = ("intro\n\n"
            "- item $a_1$ and\n"
            "  continued $b^T$\n"
            "> quoted $c$\n"
            "> > deeper $d$\n\n"
            "| 定义 | 含义 |\n"
            "| --- | --- |\n"
            "| 小写字母 $x$ | $x$ 标量 |\n")
    note = read(text)
    got = [(f.latex, f.line, f.col) for f in note.formulas]
    assert got == [("a_1", 3, 9), ("b^T", 4, 14), ("c", 5, 11), ("d", 6, 13), ("x", 10, 9), ("x", 10, 15)]
    for formula in note.formulas:
        assert at(note, formula.line, formula.col).startswith(formula.latex)


def test_display_blocks_environments_and_bracket_delimiters():
    text = ("$$\n"
            "df = \\operatorname{tr}(G^T dX)\n"
            "$$\n\n"
            "\\begin{align}\n"
            "a &= b \\\\\n"
            "c &= d\n"
            "\\end{align}\n\n"
            "inline \\(x^2\\) and \\[y_1\\] here\n\n"
            "Kramdown style\n"
            "\\\\[\n"
            "f = g\n"
            "\\\\]\n")
    note = read(text)
    got = [(f.delimiter, f.display, f.line, f.end_line) for f in note.formulas]
    assert got == [("$$", True, 2, 2), ("env", True, 5, 8), ("\\(", False, 10, 10),
                   ("\\[", True, 10, 10), ("\\[", True, 14, 14)]
    assert note.formulas[0].latex == "df = \\operatorname{tr}(G^T dX)"
    assert note.formulas[1].latex.startswith("\\begin{align}") and note.formulas[1].latex.endswith("\\end{align}")
    assert [note.formulas[i].latex for i in (2, 3, 4)] == ["x^2", "y_1", "f = g"]
    for formula in note.formulas:
        assert note.text[formula.start:formula.end] == formula.latex


def test_multiline_inline_math_spans_lines():
    note = read("a $x +\ny$ b\n")
    (formula,) = note.formulas
    assert (formula.line, formula.col, formula.end_line) == (1, 4, 2)


def test_dollars_opened_at_the_end_of_a_list_line_close_below_whatever_the_lines_between_hold():
    note = read_text("1. Step\n   - Logits: $$\n     Z = \\begin{pmatrix}\n     b & W\n     \\end{pmatrix}\n"
                     "     - x\n     $$\n\n   - Output: $$\n     y = v^T h\n     $$\n", "n.md")
    assert [f.code for f in note.findings] == []
    assert len(note.formulas) == 2 and "\\end{pmatrix}" in note.formulas[0].latex and "- x" in note.formulas[0].latex


def test_dollars_opened_in_a_quote_close_on_its_lazy_lines():
    note = read("> $$\nJ = \\frac{1}{2} x^2\n+ y\n$$\n\nProse after, $z$.\n")
    assert [f.code for f in note.findings] == []
    assert [(f.latex, f.display) for f in note.formulas] == [("J = \\frac{1}{2} x^2\n+ y", True), ("z", False)]


def test_a_dollar_inside_braces_does_not_end_the_formula_as_mathjax_reads_it():
    note = read("- Delta: $\\delta = \\begin{cases}\n  a & \\text{if $l$ is the output layer}\\\\\n"
                "  b & \\text{otherwise}\n  \\end{cases}$ then $y$.\n\n"
                "Unbalanced: $a {b$ c $d$, escaped $\\{ u$ and $v$.\n")
    assert [f.code for f in note.findings] == []
    first, *rest = note.formulas
    assert first.latex.endswith("\\end{cases}") and "\\text{if $l$ is the output layer}" in first.latex
    assert note.text[first.start:first.end] == first.latex
    assert [f.latex for f in rest] == ["y", "a {b", "d", "\\{ u", "v"]


def test_code_comments_html_and_escaped_dollars_are_not_math():
    text = ("costs \\$5 and `$x$` in code, not $y$\n\n"
            "```\n$z$\n```\n\n"
            "    $indented$\n\n"
            "<!-- $hidden$ -->\n\n"
            "<div>\n$html$\n</div>\n\n"
            "prices $5 and $10 are money\n")
    note = read(text)
    assert [f.latex for f in note.formulas] == ["y"]


def test_github_backtick_dollars_and_math_fences_are_formulas_at_their_place():
    text = ("Let $`\\boldsymbol{x}_*`$ be new, and $`y^*`$ its value; `$`a`$` stays code.\n\n"
            "```math\n\\boldsymbol{k}_*^\\top \\boldsymbol{K}^{-1} \\boldsymbol{y}\n```\n\n"
            "- in a list:\n\n  ```math\n  A^T A\n  ```\n\n"
            "```python\nx = 1  # $`z`$ in code\n```\n")
    note = read(text)
    assert [f.latex for f in note.formulas] == ["\\boldsymbol{x}_*", "y^*",
                                                "\\boldsymbol{k}_*^\\top \\boldsymbol{K}^{-1} \\boldsymbol{y}",
                                                "A^T A"]
    assert [(f.display, f.delimiter) for f in note.formulas] == [
        (False, "$`"), (False, "$`"), (True, "```math"), (True, "```math")]
    assert [(f.line, f.col) for f in note.formulas] == [(1, 7), (1, 40), (4, 1), (10, 3)]
    assert all(note.text[f.start:f.end] == f.latex for f in note.formulas)
    assert at(note, 1, 7).startswith("\\boldsymbol{x}_*`$")


def test_story_writer_math_fences_and_code_spans_are_formulas():
    """小书匠 (Story-writer) writes displays in ```` ```mathjax! ```` fences around `$$…$$`, and
    inline math as `` `!$…$` ``: formulas at their place; other fences and code spans stay code."""
    text = ("设 `!$\\sigma(z)$` 为函数，代码 `x = 1` 不是公式。\n\n```mathjax!\n$$\nS_j = P(y = j | a)\n$$\n```\n\n"
            "```python\nprint(1)\n```\n")
    note = read(text)
    assert [(f.latex, f.line, f.display) for f in note.formulas] == [("\\sigma(z)", 1, False),
                                                                      ("S_j = P(y = j | a)", 5, True)]
    assert all(note.text[f.start:f.end] == f.latex for f in note.formulas)


def test_a_closing_dollar_pair_with_a_label_or_a_comma_after_it_still_closes():
    """Quarto's `$$ {#eq-mean}` and a list item's `$$,`: the formula closes there, and the
    next display formula is read as one, not the prose between them."""
    for closer in ("$$ {#eq-mean}", "  $$,", "$$."):
        text = f"* $$\n  a = b\n{closer}\n\nwhere $b$ is a number.\n\n$$\nc = d\n$$\n"
        note = read(text, "note.qmd")
        assert [f.latex for f in note.formulas] == ["a = b", "b", "c = d"], closer
        assert not [f.code for f in note.findings if f.code == "NC105"]
        assert all(note.text[f.start:f.end] == f.latex for f in note.formulas)


def test_a_line_that_closes_one_display_and_opens_the_next_splits_them():
    """Mathpix's exports write `$$$$` between two displays: each is a formula at its own line,
    and the displays and prose after them pair as written (no unclosed `$$`)."""
    text = "$$\na = b\n$$$$\nc = d\n$$$$\ne = f\n$$\n\nwhere $b$ is a number.\n\n$$\ng = h\n$$\n"
    note = read(text)
    assert [(f.latex, f.line) for f in note.formulas] == [("a = b", 2), ("c = d", 4), ("e = f", 6), ("b", 9),
                                                           ("g = h", 12)]
    assert not [f.code for f in note.findings if f.code == "NC105"]
    assert all(note.text[f.start:f.end] == f.latex for f in note.formulas)


def test_a_display_opened_at_a_paragraphs_end_closes_past_the_blank_line():
    """docsify's KaTeX pairs every `$$` of a note, so "并设：$$", a blank line, the
    formula and `$$` show a display: it is one formula at its line, and the displays
    after it pair as written. A `$$` left open before ordinary prose stays unclosed."""
    text = "修正矩阵，并设：$$\n\nB^{k+1}=B^k + auu^T\n$$\n\n其中 $u$ 待定。\n\n$$\nc = d\n$$\n"
    note = read(text)
    assert [(f.latex, f.line, f.display) for f in note.formulas] == [
        ("B^{k+1}=B^k + auu^T", 3, True), ("u", 6, False), ("c = d", 9, True)]
    assert not [f.code for f in note.findings if f.code == "NC105"]
    slip = read("The cost is $$\n\nThe next paragraph says more\n$$\nc = d\n$$\n")
    assert [f.code for f in slip.findings if f.code == "NC105"]


def test_a_display_closed_with_the_sentence_going_on_after_its_dollars_is_one_formula():
    """A notebook's "$$ … $$定義して" (MathJax closes the display at the `$$` and goes on with
    the words): the formula ends there, the words and their inline formula are prose at
    their place, and the next display pairs as written."""
    text = "以下のように\n$$\np(y | x) = q\n$$定義して、次に $x$ を使う。\n\n$$\nc = d\n$$\n"
    note = read(text)
    assert [(f.latex, f.line, f.display) for f in note.formulas] == [
        ("p(y | x) = q", 3, True), ("x", 4, False), ("c = d", 7, True)]
    assert not [f.code for f in note.findings if f.code == "NC105"]
    assert all(note.text[f.start:f.end] == f.latex for f in note.formulas)
    assert [p.parts for p in note.paragraphs if p.line == 4] == [("定義して、次に ", 1, " を使う。")]


def test_crlf_and_bom_keep_editor_line_numbers(tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes("\ufeff# T\r\n\r\ntext $a$\r\n\r\n$$\r\nb\r\n$$\r\n".encode("utf-8"))
    note = read_path(path, plugins=[])
    assert [(f.latex, f.line, f.col) for f in note.formulas] == [("a", 3, 7), ("b", 6, 1)]
    assert not note.findings and note.title == "T"


def test_lone_cr_is_a_line_break():
    note = read("a\rb $x$\r")
    assert (note.formulas[0].line, note.formulas[0].col) == (2, 4)


def test_gb18030_note_is_read_with_a_warning(tmp_path):
    path = tmp_path / "gbk.md"
    path.write_bytes("# 标题\n\n其中 $X$ 是矩阵\n".encode("gb18030"))
    note = read_path(path, plugins=[])
    assert [f.code for f in note.findings] == ["NC101"]
    assert note.title == "标题" and note.formulas[0].latex == "X"


def test_yaml_front_matter_title_and_plain_values():
    note = read("---\ntitle: \"矩阵\"\ndate: 2024-02-16\nlayout: post\n---\n# Other\n$x$\n")
    assert note.title == "矩阵"
    assert note.front_matter == {"title": "矩阵", "date": "2024-02-16", "layout": "post"}
    assert note.formulas[0].line == 7


def test_toml_front_matter():
    note = read("+++\ntitle = \"Hugo note\"\n[notecheck]\nlayout = \"numerator\"\n+++\n$x$\n")
    assert note.title == "Hugo note"
    assert note.front_matter["notecheck"] == {"layout": "numerator"}
    assert note.formulas[0].line == 6


def test_invalid_front_matter_is_a_finding_and_reading_goes_on():
    note = read("---\ntitle: [unclosed\n---\n# Heading\n\n$x$\n")
    assert [f.code for f in note.findings] == ["NC104"]
    assert note.title == "Heading" and [f.latex for f in note.formulas] == ["x"]
    note = read("---\n- a list\n---\n$x$\n")
    assert [f.code for f in note.findings] == ["NC104"]


def test_title_falls_back_to_heading_then_file_stem():
    assert read("text\n\n## **Second** `k` $ x $\n").title == "Second k $x$"
    assert read("no heading $x$\n", "notes/derivation.md").title == "derivation"


def test_paragraphs_interleave_prose_and_formula_indices():
    note = read("其中 $a$ 是 $m×1$ 列向量。\n\n$$\nf = a^T x\n$$\n\n| $X$ | 矩阵 |\n|---|---|\n")
    assert note.paragraphs[0].parts == ("其中 ", 0, " 是 ", 1, " 列向量。")
    assert note.paragraphs[1].parts == (2,)
    assert note.paragraphs[2].parts == (3, " | 矩阵")


def test_math_tokens_carry_their_formula_index():
    note = read("$a$ text\n\n$$b$$\n")
    inline = [t for tok in note.tokens for t in (tok.children or []) if t.type == "math_inline"]
    block = [t for t in note.tokens if t.type == "math_block"]
    assert inline[0].meta["formula"] == 0 and block[0].meta["formula"] == 1


def test_unclosed_display_math_is_reported():
    note = read("text $$ a + b\n\nmore\n")
    assert [(f.code, f.line, f.col) for f in note.findings] == [("NC105", 1, 6)]


def test_suppression_on_the_line_and_on_the_next_line():
    text = ("$a$ <!-- notecheck: ignore NC201 NC301 -->\n"
            "<!-- notecheck: ignore NC501 -->\n"
            "\n"
            "$b$\n"
            "<!-- notecheck: ignore -->\n"
            "$$\n"
            "c\n"
            "$$\n"
            "<!-- notecheck: ignore-file NC601 -->\n")
    note = read(text)
    assert note.suppressions[1] == frozenset({"NC201", "NC301"})
    assert note.suppressions[4] == frozenset({"NC501"})
    assert note.suppressions[6] == note.suppressions[7] == note.suppressions[8] == frozenset()
    assert note.suppressions[0] == frozenset({"NC601"})
    assert 2 not in note.suppressions and 3 not in note.suppressions


def test_suppression_examples_in_code_are_not_directives():
    note = read("```\n<!-- notecheck: ignore -->\n$x$\n```\n")
    assert note.suppressions == {}


def test_formulas_inside_links_and_emphasis_keep_their_columns():
    note = read("ab [link $x$](u) **$y$** ![$z$](p.png) $w$\n")
    assert [(f.latex, f.col) for f in note.formulas] == [("x", 11), ("y", 21), ("w", 41)]


def test_display_math_right_after_a_paragraph_line_is_one_formula():
    note = read("阵导数与微分建立联系:\n$$df = \\operatorname{tr}(G^T dX)\n$$\n。 其中tr代表迹 $x$\n")
    assert [(f.latex, f.line, f.display) for f in note.formulas] == [
        ("df = \\operatorname{tr}(G^T dX)", 2, True), ("x", 4, False)]
    assert [t.type for t in note.tokens].count("math_block") == 1


def test_a_line_opening_with_double_dollars_closed_on_it_and_going_on_is_a_sentence():
    """kramdown writes inline math as `$$…$$`: "$$A$$, $$x$$일 때, $$y = Ax$$" is a sentence
    with four formulas, not one display block holding the dollars between them; a label or
    a full stop after the closing `$$` still leaves a display."""
    note = read("Then:\n\n$$A\\in R^{m\\times n}$$, $$x\\in R^n$$일 때, $$y = Ax$$\n\n$$a = b$$ (3)\n\n$$c = d$$.\n")
    assert [f.latex for f in note.formulas] == ["A\\in R^{m\\times n}", "x\\in R^n", "y = Ax", "a = b", "c = d"]
    assert note.paragraphs[1].parts == (0, ", ", 1, "일 때, ", 2)


PREFIXES = ["", "> ", "- ", "1. ", "> - ", "* ", "  ", "> > ", "| "]
WORDS = ["其中", "是", "列向量，", "and", "the", "*em*", "`code`", "a\tb", "**强**", "(1)", "x"]


def test_every_formula_is_found_once_at_its_place_in_any_container():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    line = st.tuples(st.sampled_from(PREFIXES), st.lists(st.sampled_from(WORDS), max_size=3),
                     st.booleans(), st.sampled_from(["\n", "\n\n", "\r\n"]))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(line, min_size=1, max_size=12))
    def check(lines):
        text, expected = "", []
        for number, (prefix, words, dollars, end) in enumerate(lines):
            latex = f"x_{{{number}}}^T"
            expected.append(latex)
            math = f"${latex}$" if dollars else f"\\({latex}\\)"
            row = f"{prefix}{' '.join(words)} {math} {' '.join(reversed(words))}"
            text += (row + " |\n|---|" if prefix == "| " else row) + end
        note = read(text)
        assert sorted(f.latex for f in note.formulas) == sorted(expected)
        for formula in note.formulas:
            assert note.text[formula.start:formula.end] == formula.latex
            assert at(note, formula.line, formula.col).startswith(formula.latex)

    check()


def test_escaped_brackets_around_words_are_not_display_math():
    note = read("see \\[citation needed\\] and \\[a^2\\]\n\n\\[sic\\]\n")
    assert [f.latex for f in note.formulas] == ["a^2"]


def test_mathjax2_script_tags_are_formulas_where_they_stand():
    text = ('Let <script type="math/tex">a = b</script> hold.\n\n'
            '<script type="math/tex; mode=display">\nc = d\n</script>\n\nend\n')
    note = read(text)
    assert [(f.latex, f.display, f.delimiter) for f in note.formulas] == [("a = b", False, "script"), ("c = d", True, "script")]
    for formula in note.formulas:
        assert note.text[formula.start:formula.end] == formula.latex
        assert at(note, formula.line, formula.col).startswith(formula.latex)


def test_quarto_and_r_markdown_files_are_markdown(tmp_path):
    path = tmp_path / "note.qmd"
    path.write_text("---\ntitle: q\n---\n\n$x^T A x$ and\n\n\\[ a = b \\]\n", encoding="utf-8")
    assert [f.latex for f in read_path(path).formulas] == ["x^T A x", "a = b"]


def test_math_inside_an_html_paragraph_is_read_where_it_stands():
    """A blog written in `<p>` paragraphs, a notebook in `<font size=4>`: MathJax typesets
    their formulas, so they are read, each at its place; an HTML block without math stays
    raw HTML (and a `<div>`, which may hold a page's widgets, is not read for math)."""
    text = ("<p>Consider $\\mathbf{x}$, an input:</p>\n\n<font size=4>\n$$ y = \\mathbf{x}^\\top \\theta $$\n</font>\n\n"
            "<p class=\"note\">no math here</p>\n")
    note = read(text)
    assert [(f.latex, f.display) for f in note.formulas] == [("\\mathbf{x}", False), ("y = \\mathbf{x}^\\top \\theta", True)]
    for formula in note.formulas:
        assert at(note, formula.line, formula.col).startswith(formula.latex)
    assert any(t.type == "html_block" and "no math here" in t.content for t in note.tokens)
    assert read("<div>\n$html$\n</div>\n").formulas == []

"""Plugins: loading through entry points, and the three first-party ones."""

from __future__ import annotations

import json

import pytest

import notecheck_pdftext
import notecheck_zhihu
from notecheck.read import PluginError, load_plugins
from notecheck.read import read_path, read_text


def test_first_party_plugins_load_through_entry_points():
    names = [plugin.name for plugin in load_plugins()]
    assert {"zhihu", "pdftext", "jupyter"} <= set(names)
    assert [plugin.name for plugin in load_plugins(["pdftext", "zhihu"])] == ["pdftext", "zhihu"]


def test_unknown_plugin_is_a_clear_error():
    with pytest.raises(PluginError, match="unknown plugin 'nope'.*zhihu"):
        load_plugins(["nope"])


def test_a_plugin_that_fails_to_import_is_a_clear_error(monkeypatch):
    from importlib.metadata import EntryPoint

    from notecheck.read import plugins

    broken = EntryPoint("broken", "notecheck_no_such_module", plugins.GROUP)
    monkeypatch.setattr(plugins, "_installed", lambda: {"broken": broken})
    with pytest.raises(PluginError, match="plugin 'broken' .*failed to load: ModuleNotFoundError"):
        load_plugins()


def test_a_third_party_plugin_object_can_extend_the_parser():
    class Percent:
        """Reads `%%x%%` as a formula, through the documented token contract."""

        @staticmethod
        def on_markdown(md):
            def rule(state, silent):
                if not state.src.startswith("%%", state.pos):
                    return False
                end = state.src.find("%%", state.pos + 2)
                if end < 0:
                    return False
                if not silent:
                    token = state.push("math_inline", "math", 0)
                    token.content = state.src[state.pos + 2:end]
                    token.meta["delimiter"] = "%%"
                state.pos = end + 2
                return True

            md.inline.ruler.before("escape", "percent_math", rule)

    note = read_text("中文 %%a^T b%% end\n", "n.md", plugins=[Percent()])
    (formula,) = note.formulas
    assert (formula.latex, formula.col, formula.delimiter) == ("a^T b", 6, "%%")


# --- Zhihu ----------------------------------------------------------------------------

ZHIHU = "https://www.zhihu.com/equation?tex="


def test_zhihu_image_becomes_a_formula_at_the_image():
    text = f"梯度 ![\\nabla f]({ZHIHU}%5Cnabla+f%28%5Cboldsymbol%7Bx%7D%29) 是向量\n"
    note = read_text(text, "z.md", plugins=[notecheck_zhihu])
    (formula,) = note.formulas
    assert formula.latex == "\\nabla f(\\boldsymbol{x})"  # `+` is a space, %XX decoded
    assert (formula.line, formula.col, formula.delimiter, formula.display) == (1, 4, "image", False)
    assert formula.start == -1 and formula.original.startswith("![\\nabla f](")
    assert note.paragraphs[0].parts == ("梯度 ", 0, " 是向量")


def test_zhihu_alt_text_is_the_fallback_and_lone_or_marked_images_are_display():
    text = f"![x^2]({ZHIHU})\n\ntext ![y]({ZHIHU}y%5C%5C) more\n"
    note = read_text(text, "z.md", plugins=[notecheck_zhihu])
    assert [(f.latex, f.display) for f in note.formulas] == [("x^2", True), ("y", True)]


def test_zhihu_image_alt_with_brackets_and_neighbouring_images():
    text = f"![a](pic.png) ![\\left[x\\right]]({ZHIHU}%5Cleft%5Bx%5Cright%5D) ![b]({ZHIHU}b)\n"
    note = read_text(text, "z.md", plugins=[notecheck_zhihu])
    assert [(f.latex, f.col) for f in note.formulas] == [("\\left[x\\right]", 15), ("b", text.index("![b]") + 1)]



def test_zhihu_image_url_with_parentheses_and_kept_delimiters():
    """A CSDN copy of a Zhihu article leaves parentheses unescaped in the URL (balanced, as
    CommonMark allows) and keeps `\\(…\\)` around the LaTeX: the whole formula is read."""
    text = f"![E(f(x))>=f(E(x))]({ZHIHU}E(f(x))%3E%3Df(E(x))) and ![p]({ZHIHU}%5C(p(x)%3Dx%5C)%0A)\n"
    note = read_text(text, "z.md", plugins=[notecheck_zhihu])
    assert [f.latex for f in note.formulas] == ["E(f(x))>=f(E(x))", "p(x)=x"]

def test_ordinary_images_are_not_formulas():
    note = read_text("![photo](https://example.com/equation?tex=x)\n", "z.md", plugins=[notecheck_zhihu])
    assert note.formulas == []


# --- damaged PDF text ------------------------------------------------------------------


def repaired(text: str):
    note = read_text(text, "pdf.md", plugins=[notecheck_pdftext])
    return note, [f.latex for f in note.formulas]


def test_strong_damage_is_repaired_with_one_finding_per_formula():
    text = ("$df = rac{\\partial f}{\\partial X}$ and $oldsymbol{a}^T X$\n\n"
            "$$df=\\mathrm{tr}\\left(Brac{\\partial f}{\\partial X}^TdX\night)$$\n\n"
            "$m imes n$ and $ext{softmax}(x)$ and $egin{bmatrix} a & b \\ c & d \\end{bmatrix}$\n")
    note, latex = repaired(text)
    assert latex == ["df = \\frac{\\partial f}{\\partial X}", "\\boldsymbol{a}^T X",
                     "df=\\mathrm{tr}\\left(B\\frac{\\partial f}{\\partial X}^TdX\\right)",
                     "m \\times n", "\\text{softmax}(x)",
                     "\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}"]
    assert [f.code for f in note.findings] == ["NC103"] * 6
    assert "\\frac" in note.findings[0].message and "\\right" in note.findings[2].message
    third = note.formulas[2]
    assert (third.line, third.end_line) == (3, 4) and third.original.endswith("dX\night)")
    assert third.start == -1 and note.findings[0].edit.start == text.index("df = rac")
    # a repair rewrites text outside any failed claim: offered only with --unsafe-fixes
    assert not any(f.edit.safe for f in note.findings)


def test_weak_patterns_only_in_a_damaged_note():
    weak = "$dm{x}$ and $A^{op}$ and $eta$ and $ar{x}$\n"
    assert repaired(weak)[1] == ["dm{x}", "A^{op}", "eta", "ar{x}"]
    note, latex = repaired(weak + "\n$rac{1}{2}$\n")
    assert latex[:4] == ["d\\bm{x}", "A^{\\top}", "\\beta", "\\bar{x}"]
    assert note.findings[0].edit.safe is False


def test_a_repaired_transpose_adds_no_brace():
    damaged = "$rac{1}{2}$ and $oldsymbol{a}^{op}X oldsymbol{b}$ and $A^op B + C^{op}$\n"
    latex = repaired(damaged)[1]
    assert latex[1:] == ["\\boldsymbol{a}^{\\top}X \\boldsymbol{b}", "A^{\\top} B + C^{\\top}"]
    assert all(text.count("{") == text.count("}") for text in latex)


def test_healthy_latex_is_left_alone():
    healthy = ("$\\dfrac{a}{b} + \\frac{c}{d}$ $\\boldsymbol{x}^\\top \\beta \\theta \\eta \\zeta$ "
               "$\\left(x\\right) \\times \\text{sometimes}$ $\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}$\n")
    note, latex = repaired(healthy)
    assert note.findings == [] and all(f.original is None for f in note.formulas)


def test_a_formula_suspect_without_weak_patterns_is_suspect_with_them():
    """`on_formula` asks with weak patterns first and returns at once where even they find
    nothing, before the note's own search: so each strong pre-check must imply its weak one."""
    formulas = ["rac{1}{2}", "oldsymbol{a}", "m imes n", "\\frac{a}{b}", "x\n  ight)", "{\n m tr}",
                "A^{op}", "eta", "dm{x}", "\\alpha lpha", "\\text{ok}", "a \\\\beta", "\\tilde{x} ilde{y}"]
    for latex in formulas:
        strong, weak = notecheck_pdftext._suspect(latex, False), notecheck_pdftext._suspect(latex, True)
        assert weak or not strong, latex
    assert notecheck_pdftext.WEAK_SUSPECT.pattern.startswith(notecheck_pdftext.STRONG_SUSPECT.pattern + "|")
    assert notecheck_pdftext.LOOSE_WEAK.pattern.startswith(notecheck_pdftext.LOOSE_STRONG.pattern + "|")


def test_prose_is_never_repaired():
    note, latex = repaired("The egin{x} of rac{y} oldsymbol, outside math. $rac{1}{2}$\n")
    assert latex == ["\\frac{1}{2}"] and "egin{x} of rac{y}" in note.text


# --- Jupyter ---------------------------------------------------------------------------


def test_notebook_markdown_cells_give_formulas_with_cell_positions(tmp_path):
    cells = [{"cell_type": "markdown", "source": ["# Least squares\n", "\n", "loss $l = \\|Xw-y\\|^2$\n"]},
             {"cell_type": "code", "source": "x = '$not$'", "outputs": []},
             {"cell_type": "markdown", "source": "$$\n\\nabla_w l = 2X^T(Xw-y)\n$$"}]
    path = tmp_path / "ls.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    note = read_path(path, plugins=load_plugins())
    assert note.kind == "notebook" and note.title == "Least squares"
    assert [(f.cell, f.line, f.col, f.latex) for f in note.formulas] == [
        (0, 3, 7, "l = \\|Xw-y\\|^2"), (2, 2, 1, "\\nabla_w l = 2X^T(Xw-y)")]
    block = [t for t in note.tokens if t.type == "math_block"]
    assert block[0].meta == {"formula": 1, "cell": 2}
    assert note.paragraphs[-1].parts == (1,)


def test_notebook_cell_findings_name_their_cell(tmp_path):
    cells = [{"cell_type": "markdown", "source": "ok"}, {"cell_type": "markdown", "source": "$rac{a}{b}$"}]
    path = tmp_path / "d.ipynb"
    path.write_text(json.dumps({"cells": cells}))
    note = read_path(path, plugins=load_plugins())
    assert [(f.code, f.cell, f.line) for f in note.findings] == [("NC103", 1, 1)]


def test_zhihu_html_equation_tags_are_formulas_too():
    text = f'梯度 <img src="{ZHIHU}%5Cnabla+f%5C%5C" alt="\\nabla f" eeimg="1"/> 和 <img src="a.png">\n'
    note = read_text(text, "z.md", plugins=[notecheck_zhihu])
    assert [(f.latex, f.col, f.display, f.delimiter) for f in note.formulas] == [("\\nabla f", 4, True, "image")]

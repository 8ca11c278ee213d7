"""The same note gives the same bytes, wherever it sits and whatever it is called.

Minimal cases of issue 14: draws seeded from the path, a parse error naming its
alternatives in hash order, a printed formula that did not parse back (`f(x|x|)`).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from notecheck.check.worlds import make_world
from notecheck.cli import main
from notecheck.latex import parse, to_latex
from notecheck.latex.expr import Apply, Bars, Mul, Symbol
from notecheck.read import Note

NOTE = r"""---
title: Same everywhere
---
Let $X \in \mathbb{R}^{m\times n}$, $S \in \mathbb{R}^{n\times n}$ symmetric and $a \in \mathbb{R}^m$.

$$\frac{\partial \operatorname{tr}(X S X^T)}{\partial X} = 2 X S$$

$$\frac{\partial a^T X S X^T a}{\partial X} = 2 a a^T X S$$

$$\frac{\partial \log\det(X^T X)}{\partial X} = 2 X (X^T X)^{-1}$$

$$d(X^T X)^{-1} = -(X^T X)^{-1} (dX^T X + X^T dX) (X^T X)^{-1}$$

$$\| X \|_F^2 = \operatorname{tr}(X^T X)$$ and $$(X \cdot$$
"""


def report_without_paths(cwd: Path, name: str) -> str:
    old = os.getcwd()
    try:
        os.chdir(cwd)
        out = CliRunner().invoke(main, ["check", "--format", "json", "-j", "1", name], catch_exceptions=False)
    finally:
        os.chdir(old)
    data = json.loads(out.stdout)
    for note in data["notes"]:
        note.pop("path")
    return json.dumps(data, indent=1, sort_keys=True)


def test_the_same_note_under_another_name_in_another_folder_gives_the_same_json(tmp_path):
    (tmp_path / "a.md").write_text(NOTE, encoding="utf-8")
    deep = tmp_path / "some" / "other folder"
    deep.mkdir(parents=True)
    (deep / "zz-renamed.markdown").write_text(NOTE, encoding="utf-8")
    first = report_without_paths(tmp_path, "a.md")
    assert first == report_without_paths(tmp_path, "some/other folder/zz-renamed.markdown")
    assert first == report_without_paths(deep, "zz-renamed.markdown")
    assert '"verdict": "verified"' in first


def test_random_draws_depend_on_the_text_not_the_path():
    shapes = {Symbol("X"): (3, 4)}
    worlds = [make_world(Note(path=p, text=t, title="t"), shapes, {}, {})
              for p, t in [("a.md", "same"), ("x/y/other.ipynb", "same"), ("a.md", "changed")]]
    values = [w.draws[0].values[Symbol("X")] for w in worlds]
    assert np.array_equal(values[0], values[1])
    assert not np.array_equal(values[0], values[2])


def test_a_draw_made_on_first_use_is_the_draw_made_in_order():
    """A world makes its draws when asked for, in any order: each is the one the world's
    generator gives in order (the redraws are made only for an ill-conditioned draw)."""
    from notecheck.check.numeric.draw import draw
    from notecheck.check.outcome import DRAWS, REDRAWS
    from notecheck.check.worlds import content_seed

    shapes = {Symbol("X"): (3, 4), Symbol("S"): (4, 4)}
    properties = {Symbol("S"): frozenset({"spd"})}
    note = Note(path="a.md", text="lazy", title="t")
    rng = np.random.default_rng(content_seed(note.text) + len(shapes))
    eager = [draw(shapes, properties, rng) for _ in range(DRAWS + REDRAWS)]
    world = make_world(note, shapes, properties, {})
    asked = [world.draws[i] for i in (4, 0, 2, -4, 3)]
    for made, i in zip(asked, (4, 0, 2, 1, 3)):
        assert all(np.array_equal(made.values[s], eager[i].values[s]) for s in shapes)
        assert made.seed == eager[i].seed and made.memo is asked[1].memo
    assert len(world.draws) == DRAWS + REDRAWS and [d.seed for d in world.draws[:2]] == [eager[0].seed, eager[1].seed]


def test_a_parse_error_names_its_alternatives_in_the_same_order_in_every_process(tmp_path):
    """An unclosed bar is valid LaTeX notecheck cannot read (NC202, an info finding):
    `--show-info` shows it."""
    (tmp_path / "bar.md").write_text("$$|x + y$$\n\n$$\\|x )$$\n", encoding="utf-8")
    output = the_one_output(tmp_path, "bar.md")
    assert "expected \\rvert or \\vert or |, found the end of the formula" in output
    assert "expected \\Vert or \\rVert or \\|, found ')'" in output


def test_a_bar_after_a_factor_inside_a_function_prints_so_that_it_parses_back():
    """Found by hypothesis: `f(x|x|)` reads as "f of x given x|", not f(x·|x|)."""
    tree = Apply(Symbol("f"), (Mul((Symbol("x"), Bars(Symbol("x")))),))
    latex = to_latex(tree)
    assert latex == "f(x{|x|})"
    assert parse(latex).statements == (tree,)
    assert to_latex(Mul((Symbol("x"), Bars(Symbol("x"))))) == "x|x|"


def test_a_law_of_the_order_of_a_product_is_named_in_the_formula_order_in_every_process(tmp_path):
    """`tr(AB) + tr(CD) = tr(BA) + tr(DC)` against declared sizes: the doubt that makes the clash
    unverified names the first pair the formula writes, in every process (it took the first
    of a set of products, whose order follows their hashes)."""
    (tmp_path / "law.md").write_text(
        "Let $A \\in \\mathbb{R}^{m \\times n}$, $B \\in \\mathbb{R}^{n \\times p}$, $C \\in \\mathbb{R}^{p \\times m}$.\n\n"
        "$$\\mathrm{tr}(AB) + \\mathrm{tr}(CD) = \\mathrm{tr}(BA) + \\mathrm{tr}(DC)$$\n", encoding="utf-8")
    assert "writes both `AB` and `BA`" in the_one_output(tmp_path, "law.md")


def the_one_output(folder: Path, name: str) -> str:
    """`notecheck check --show-info --no-cache NAME` in processes with four hash seeds, which
    must all print the same: that output. (With the cache, the first run's result was read
    back by the other three, and no difference between processes could show.)"""
    outputs = set()
    for hash_seed in ("1", "2", "3", "4"):
        run = subprocess.run([sys.executable, "-m", "notecheck", "check", "--show-info", "--no-cache", name],
                             cwd=folder, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": hash_seed})
        outputs.add(run.stdout)
    assert len(outputs) == 1
    [output] = outputs
    return output


def test_a_chain_rule_over_a_graph_names_its_doubt_in_the_claims_order_in_every_process(tmp_path):
    """`∂f/∂a = ∂f/∂b ∂b/∂a + ∂f/∂c ∂c/∂a` over a table where b depends on a and c on a and
    b: the doubt names b, the first variable the claim differentiates by that depends on
    another, in every process (it took the first of a set of symbols, whose order follows
    their hashes, and named c in some runs)."""
    (tmp_path / "graph.md").write_text(
        "| variable | function | derivative |\n|:---:|:---:|:---:|\n"
        "| $a$ | $x^2$ | $\\frac{\\partial a}{\\partial x} = 2x$ |\n"
        "| $b$ | $exp(a)$ | $\\frac{\\partial b}{\\partial a} = \\exp (a)$ |\n"
        "| $c$ | $a + b$ | $\\frac{\\partial c}{\\partial a} = \\frac{\\partial c}{\\partial b} = 1$ |\n"
        "| $f$ | $\\cos c$ | $\\frac{\\partial f}{\\partial c} = -\\sin (c)$ |\n\n"
        "$$\\frac{\\partial f}{\\partial a} = \\frac{\\partial f}{\\partial b} \\cdot \\frac{\\partial b}{\\partial a} + "
        "\\frac{\\partial f}{\\partial c} \\cdot \\frac{\\partial c}{\\partial a}$$\n", encoding="utf-8")
    output = the_one_output(tmp_path, "graph.md")
    assert "b is a function of a" in output and "c is a function of b" not in output


def test_an_entry_of_an_unnamed_vector_is_named_in_the_same_order_in_every_process(tmp_path):
    """A claim through two definitions that each read an entry beside a sum over its vector:
    the doubt names the one of the definition first in the symbols' order, in every process
    (it walked the definitions in the order of a set of symbols, and named x_i or y_k)."""
    (tmp_path / "entries.md").write_text(
        "Let $a = x_i + \\sum_j x_j$ and $b = y_k + \\sum_m y_m$.\n\n$$a + b = a - b$$\n", encoding="utf-8")
    assert "`x_i` may be an entry of a vector x" in the_one_output(tmp_path, "entries.md")

"""The acceptance seeds and the public corpus read as the issue requires."""

from __future__ import annotations

import re

import pytest

from notecheck.read import load_plugins
from notecheck.read import read_path

MINIMUM = {"000": 25, "001": 200, "002": 16, "003": 150, "004": 80}
TITLES = {"000": "矩阵微分热身", "002": "矩阵微分乘法法则速记", "004": "矩阵求导术"}


def seed(seeds, number: str):
    (path,) = seeds.glob(f"{number}_*.txt")
    return read_path(path, plugins=load_plugins())


@pytest.mark.parametrize("number", sorted(MINIMUM))
def test_seed_gives_its_formulas_each_with_a_place(seeds, number):
    note = seed(seeds, number)
    assert len(note.formulas) >= MINIMUM[number]
    lines = note.text.count("\n") + 1
    places = [(f.line, f.col) for f in note.formulas]
    assert len(set(places)) == len(places), "a formula was read twice"
    for formula in note.formulas:
        assert 1 <= formula.line <= formula.end_line <= lines and formula.col >= 1
        assert formula.latex.strip()
        if formula.start >= 0:
            assert note.text[formula.start:formula.end] == formula.latex


@pytest.mark.parametrize("number", sorted(TITLES))
def test_seed_title_comes_from_front_matter(seeds, number):
    assert seed(seeds, number).title == TITLES[number]


def test_zhihu_formulas_are_the_decoded_latex_of_the_equation_images(seeds):
    note = seed(seeds, "001")
    images = re.findall(r"!\[[^\n]*?\]\(https://www\.zhihu\.com/equation\?tex=", note.text)
    assert len([f for f in note.formulas if f.delimiter == "image"]) == len(images) == 246
    first = note.formulas[0]
    assert first.latex == "\\boldsymbol{x}" and first.start == -1
    assert note.text.split("\n")[first.line - 1][first.col - 1:].startswith("![\\boldsymbol{x} ](")
    assert not any("%5C" in f.latex or "%7B" in f.latex for f in note.formulas)
    assert "df = f'(x)dx" in [f.latex for f in note.formulas]  # from tex=df+%3D+f%27%28x%29dx


def test_damaged_seed_comes_back_repaired_with_one_finding_per_formula(seeds):
    note = seed(seeds, "003")
    repaired = [f for f in note.formulas if f.original is not None]
    assert len(repaired) >= 90
    assert len([f for f in note.findings if f.code == "NC103"]) == len(repaired)
    latex = "\n".join(f.latex for f in note.formulas)
    for macro in ("\\frac{", "\\boldsymbol{", "\\right)", "\\bm{", "\\begin{", "\\text{", "\\times"):
        assert macro in latex
    for eaten in (r"(?<![\\A-Za-z])rac\{", r"(?<!\\b)oldsymbol", r"\night\)", r"(?<![\\A-Za-z])egin\{"):
        assert not re.search(eaten, latex), eaten
    example = next(f for f in repaired if "\\right" in f.latex and "\night" in f.original)
    assert example.start == -1 and note.text.split("\n")[example.line - 1][example.col - 1:].startswith(
        example.original.split("\n")[0])


def test_healthy_seeds_are_not_repaired(seeds):
    for number in ("000", "001", "002", "004"):
        note = seed(seeds, number)
        assert not [f for f in note.findings if f.code == "NC103"], number


def test_every_corpus_file_reads(corpus):
    plugins = load_plugins()
    files = sorted(corpus.iterdir())
    assert files
    for path in files:
        note = read_path(path, plugins=plugins)
        assert note.formulas, path.name
        assert not [f for f in note.findings if f.severity == "error"], path.name


def test_kramdown_display_brackets_in_the_corpus(corpus):
    note = read_path(corpus / "9527atct-matrix-derivative.md", plugins=load_plugins())
    display = [f for f in note.formulas if f.delimiter == "\\["]
    assert len(display) == 4 and all(f.display for f in display)
    assert display[0].latex.startswith("\\frac{\\partial f}{\\partial \\mathbf{X}}")
    assert note.title == "matrix derivatives"


def test_notebook_formulas_carry_cell_and_cell_line(corpus):
    note = read_path(corpus / "aopstudio-nndl.ipynb", plugins=load_plugins())
    assert note.kind == "notebook" and len(note.formulas) >= 50
    first = note.formulas[0]
    assert (first.cell, first.line, first.col, first.latex) == (1, 5, 9, "w:= w+\\alpha X(y-X^Tw)")

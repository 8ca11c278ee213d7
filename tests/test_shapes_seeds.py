"""Acceptance: shape findings on the seeds are exactly the truly wrong formulas, and the
public corpus (all right as far as shapes go) raises none.

The wrong ones, found by reading:
- seed 004, `f=\\boldsymbol{a}\\boldsymbol{x}` "为标量函数" with a, x columns: a column times
  a column; `\\boldsymbol{a}^{\\top}\\boldsymbol{x}` is what the next line uses.
- seed 004, `df = ... = \\operatorname{tr}({\\frac{\\partial f}{\\partial X_{ij}}}^{\\top} dX)
  = <\\nabla_X f, d\\boldsymbol{x}>_{F}`: ∂f/∂X_ij is one entry (a scalar), so the trace is
  of dX itself, m×n, not square; and ∇_X f (m×n) is paired with the column dx.
- seed 003 (the damaged export of 001), example 2: "b 是 m×1 列向量" while X is m×n and
  the formulas use X b; seed 001 says n×1.
"""

from pathlib import Path

import pytest

from notecheck.meaning import read_context
from notecheck.latex import parse_formulas
from notecheck.read import read_path
from notecheck.meaning import infer

from conftest import CORPUS, SEEDS

SHAPE_CODES = {"NC301", "NC302", "NC303", "NC304", "NC305", "NC306"}


def shapes_of(path: Path):
    note = read_path(path)
    trees = parse_formulas(note)[0]
    context = read_context(note, trees)
    env, findings = infer(note, trees, context)
    return note, env, [f for f in findings if f.code in SHAPE_CODES]


@pytest.fixture(scope="module")
def seed_findings(seeds):
    return {path.name[:3]: shapes_of(path) for path in sorted(seeds.glob("*.txt"))}


def test_the_shape_findings_on_the_seeds_are_exactly_the_wrong_formulas(seed_findings):
    found = sorted((name, f.code, f.line) for name, (_, _, findings) in seed_findings.items() for f in findings)
    assert [(name, code) for name, code, _ in found] == [
        ("003", "NC305"), ("004", "NC301"), ("004", "NC306"), ("004", "NC306")]
    note, _, _ = seed_findings["004"]
    lines = note.text.split("\n")
    assert all("f=\\boldsymbol{a}\\boldsymbol{x}" in lines[line - 1] or "<\\nabla_X f" in lines[line - 1]
               for name, _, line in found if name == "004")


def test_seed_004_a_times_x_is_fixed_by_transposing_a(seed_findings):
    note, _, findings = seed_findings["004"]
    product = next(f for f in findings if f.code == "NC301")
    assert product.formula == "f=\\boldsymbol{a}\\boldsymbol{x}"
    assert product.fix == "\\boldsymbol{a}^{\\top}\\boldsymbol{x}"
    assert note.text.split("\n")[product.line - 1][product.col - 1:].startswith("\\boldsymbol{a}\\boldsymbol{x}")


def test_seed_004_frobenius_pairing_of_a_gradient_with_dx_is_a_shape_error(seed_findings):
    _, _, findings = seed_findings["004"]
    inner = [f for f in findings if "<\\nabla_X f, d\\boldsymbol{x}>_{F}" in f.message]
    assert len(inner) == 1 and inner[0].code == "NC306"
    assert "m×n" in inner[0].message


def test_seed_003_example_2_blames_the_declaration_of_b(seed_findings):
    note, _, findings = seed_findings["003"]
    (finding,) = findings
    line = note.text.split("\n")[finding.line - 1]
    assert finding.code == "NC305"
    assert "例2" in line and line[finding.col - 1] == "b"
    assert "m×1" in finding.message and "n×1" in finding.message


def test_seed_001_rebinds_letters_per_example(seed_findings):
    note, env, _ = seed_findings["001"]
    from notecheck.latex.expr import Symbol

    def first(latex_start: str) -> int:
        return next(i for i, f in enumerate(note.formulas) if f.latex.startswith(latex_start))

    example3 = first("f = \\text{tr}(Y^T M Y)")
    example6 = first("l = -\\boldsymbol{y}^T\\log\\text{softmax}(W\\boldsymbol{x})")
    assert (env.symbol(Symbol("W"), formula=example3).rows, env.symbol(Symbol("W"), formula=example6).rows) == ("l", "m")
    sizes = env.concrete(formula=example6)
    assert sizes[Symbol("W")][1] == sizes[Symbol("x", "bold")][0]
    assert sizes[Symbol("y", "bold")] == (sizes[Symbol("W")][0], 1)


def test_the_public_corpus_has_no_shape_findings_but_real_ones(corpus):
    """Shapes on notes by other people are mostly guessed from conventions; a clash is an
    error only when it is a real mistake, listed in tests/fixtures/corpus-errors.tsv."""
    from test_corpus_errors import listed

    real = listed()
    for path in sorted(CORPUS.iterdir()):
        _, _, findings = shapes_of(path)
        unlisted = [(f.line, f.code, f.message) for f in findings if (path.name, f.line, f.code) not in real]
        assert unlisted == [], (path.name, unlisted)


def test_seeds_and_corpus_are_where_conftest_says(seeds, corpus):
    assert seeds == SEEDS and corpus == CORPUS and any(SEEDS.iterdir()) and any(CORPUS.iterdir())

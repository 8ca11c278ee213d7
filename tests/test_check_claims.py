"""What claims mean in context: definitions and their shadowing, intermediates, abstract
functions, conditions, chains, and what a reader sees when a claim is wrong."""

import pytest

from notecheck.config import Config
from notecheck.check import apply_edits
from notecheck.pipeline import check_loaded
from notecheck.read import read_text
from notecheck.result import FAILED, UNVERIFIED, VERIFIED


def check_text(text: str):
    return check_loaded(read_text(text, "note.md"), Config())


def claim(result, rhs: str, kind: str | None = None):
    found = [c for c in result.claims if c.rhs == rhs and (kind is None or c.kind == kind)]
    assert found, [(c.kind, c.lhs, c.rhs) for c in result.claims]
    return found[-1]


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


HEADER = ("其中 $\\boldsymbol{a}$ 是 $m\\times 1$ 列向量，$X$ 是 $m\\times n$ 矩阵，"
          "$\\boldsymbol{b}$ 是 $n\\times 1$ 列向量。\n\n")


def test_a_later_definition_shadows_the_earlier_one():
    result = check_text(HEADER + "记 $f = \\boldsymbol{a}^TX\\boldsymbol{b}$，则 "
                        "$\\frac{\\partial f}{\\partial X} = \\boldsymbol{a}\\boldsymbol{b}^T$。\n\n"
                        "再记 $f = \\boldsymbol{a}^TX\\boldsymbol{b} + \\boldsymbol{a}^TX\\boldsymbol{b}$，则 "
                        "$\\frac{\\partial f}{\\partial X} = 2\\boldsymbol{a}\\boldsymbol{b}^T$。\n")
    assert claim(result, "\\boldsymbol{a}\\boldsymbol{b}^T").verdict == VERIFIED
    assert claim(result, "2\\boldsymbol{a}\\boldsymbol{b}^T").verdict == VERIFIED


def test_a_derivative_by_an_intermediate_is_the_gradient_by_that_intermediate():
    text = ("Let $W$ be a $p\\times n$ matrix, $\\boldsymbol{x}$ an $n\\times 1$ vector and $\\boldsymbol{c}$ "
            "a $p\\times 1$ vector. Define $\\boldsymbol{a} = W\\boldsymbol{x}$ and "
            "$l = \\boldsymbol{c}^T\\sigma(\\boldsymbol{a})$.\n\n"
            "$$\\frac{\\partial l}{\\partial \\boldsymbol{a}} = \\boldsymbol{c}\\odot\\sigma'(\\boldsymbol{a})$$\n\n"
            "$$\\frac{\\partial l}{\\partial W} = (\\boldsymbol{c}\\odot\\sigma'(\\boldsymbol{a}))\\boldsymbol{x}^T$$\n")
    result = check_text(text)
    assert claim(result, "\\boldsymbol{c}\\odot\\sigma'(\\boldsymbol{a})").verdict == VERIFIED
    assert claim(result, "(\\boldsymbol{c}\\odot\\sigma'(\\boldsymbol{a}))\\boldsymbol{x}^T").verdict == VERIFIED


def test_a_function_only_differentiated_is_some_function_of_its_variable():
    text = ("假设已求得 $\\frac{\\partial f}{\\partial Y}$，其中 $A$ 是 $p\\times m$ 矩阵，$X$ 是 $m\\times n$ 矩阵，"
            "$B$ 是 $n\\times q$ 矩阵，$Y = AXB$。\n\n"
            "$$df = \\text{tr}\\left(\\frac{\\partial f}{\\partial Y}^T dY\\right) = "
            "\\text{tr}\\left(\\frac{\\partial f}{\\partial Y}^T A dX B\\right)$$\n\n"
            "$$\\frac{\\partial f}{\\partial X} = A^T\\frac{\\partial f}{\\partial Y}B^T$$\n")
    result = check_text(text)
    assert claim(result, "A^T\\frac{\\partial f}{\\partial Y}B^T").verdict == VERIFIED
    assert all(c.verdict == VERIFIED for c in result.claims if c.kind == "differential")


def test_a_derivative_by_a_variable_f_does_not_use_is_nc502():
    result = check_text(HEADER + "例1：$f = \\boldsymbol{a}^TX\\boldsymbol{b}$，得到 "
                        "$\\frac{\\partial f}{\\partial Y} = \\boldsymbol{a}\\boldsymbol{b}^T$。\n")
    found = [f for f in result.findings if f.code == "NC502"]
    assert found and "f does not depend on Y" in found[0].message
    assert claim(result, "\\boldsymbol{a}\\boldsymbol{b}^T").verdict == FAILED


def test_conditions_and_solutions_are_never_called_false():
    text = ("其中 $X$ 是 $m\\times n$ 矩阵，$\\boldsymbol{y}$ 是 $m\\times 1$ 列向量，$\\boldsymbol{w}$ 是 $n\\times 1$ 列向量。"
            "记 $l = \\|X\\boldsymbol{w}-\\boldsymbol{y}\\|^2$，"
            "$\\frac{\\partial l}{\\partial \\boldsymbol{w}} = 2X^T(X\\boldsymbol{w}-\\boldsymbol{y})$。"
            "令梯度为零：$\\frac{\\partial l}{\\partial \\boldsymbol{w}} = \\boldsymbol{0}$，即 "
            "$X^TX\\boldsymbol{w} = X^T\\boldsymbol{y}$，解为 $\\boldsymbol{w} = (X^TX)^{-1}X^T\\boldsymbol{y}$。\n")
    result = check_text(text)
    assert claim(result, "2X^T(X\\boldsymbol{w}-\\boldsymbol{y})").verdict == VERIFIED
    for rhs in ("\\boldsymbol{0}", "X^T\\boldsymbol{y}", "(X^TX)^{-1}X^T\\boldsymbol{y}"):
        assert claim(result, rhs).verdict != FAILED
    assert claim(result, "(X^TX)^{-1}X^T\\boldsymbol{y}").kind == "solution"


def test_only_the_first_wrong_step_of_a_chain_is_flagged_and_the_fix_names_the_slip():
    text = ("Let $A$ be an $m\\times n$ matrix and $X$ an $n\\times p$ matrix; let $F = AX$.\n\n"
            "$$dF = d(AX) = -A\\,dX$$\n")
    result = check_text(text)
    steps = [c for c in result.claims if c.kind == "differential"]
    assert [c.verdict for c in steps] == [VERIFIED, FAILED]
    finding = next(f for f in result.findings if f.code == "NC402")
    assert "sign" in finding.message


def test_a_fix_replaces_only_the_right_hand_side():
    text = HEADER + "记 $f = \\boldsymbol{a}^TX\\boldsymbol{b}$，则 $\\frac{\\partial f}{\\partial X} = -\\boldsymbol{a}\\boldsymbol{b}^T$。\n"
    result = check_text(text)
    finding = next(f for f in result.findings if f.code == "NC501")
    assert finding.edit is not None and finding.fix
    fixed = apply_edits(text, [finding.edit])
    assert "\\frac{\\partial f}{\\partial X} = \\boldsymbol{a}\\boldsymbol{b}^T" in fixed
    assert check_text(fixed).counts()["failed"] == 0


def test_the_other_layout_is_a_warning_and_its_form_is_stated():
    text = HEADER + "记 $f = \\boldsymbol{a}^TX\\boldsymbol{b}$，"\
        "$\\frac{\\partial f}{\\partial X} = \\boldsymbol{a}\\boldsymbol{b}^T$，"\
        "$\\frac{\\partial f}{\\partial X} = \\boldsymbol{b}\\boldsymbol{a}^T$。\n"
    result = check_text(text)
    assert result.layout.name == "denominator"
    assert claim(result, "\\boldsymbol{a}\\boldsymbol{b}^T").verdict == VERIFIED
    assert "numerator" in claim(result, "\\boldsymbol{a}\\boldsymbol{b}^T").message
    assert "NC601" in codes(result) and "NC501" not in codes(result)


COMPARISON = ("### Numerator layout vs denominator layout\n\n- **Numerator layout**: rows follow f\n"
              "- **Denominator layout**: rows follow x\n\n")


def test_a_claim_in_the_layout_the_note_names_after_comparing_both_is_not_warned_about():
    """The note says it uses numerator layout right after defining both, but writes its
    gradients as columns: it is not held to its words (no failure), and the claim in the
    layout it named is not called "the other layout" (the corpus's study-hub note)."""
    claims = (HEADER + "记 $f = \\boldsymbol{a}^TX\\boldsymbol{b}$，"
              "$\\frac{\\partial f}{\\partial X} = \\boldsymbol{a}\\boldsymbol{b}^T$，"
              "$\\frac{\\partial f}{\\partial X^T} = \\boldsymbol{b}\\boldsymbol{a}^T$，"
              "$\\frac{\\partial f}{\\partial X} = \\boldsymbol{b}\\boldsymbol{a}^T$。\n")
    said = check_text(COMPARISON + "This document uses the numerator layout.\n\n" + claims)
    unsaid = check_text(COMPARISON + claims)
    for result in (said, unsaid):
        assert result.layout.name == "denominator" and "inferred" in result.layout.reason
        assert claim(result, "\\boldsymbol{b}\\boldsymbol{a}^T").verdict == VERIFIED
    assert "NC601" in codes(unsaid)
    assert "NC601" not in codes(said) and said.counts()["failed"] == 0
    assert "numerator layout, the one the note names" in claim(said, "\\boldsymbol{b}\\boldsymbol{a}^T").message


def test_a_symbol_that_means_nothing_yet_leaves_the_claim_unverified_with_its_name():
    result = check_text("假设我们想求 $\\frac{\\partial y}{\\partial X}$，那么 $\\frac{\\partial y}{\\partial X} = y'$。\n")
    unchecked = claim(result, "y'")
    assert unchecked.verdict == UNVERIFIED and "y'" in unchecked.message
    assert "NC701" in codes(result)


def test_deeply_nested_formulas_do_not_crash_the_check():
    deep = "{" * 10_000 + "x" + "}" * 10_000
    result = check_text(f"$$f = {deep}$$\n\n$$\\frac{{\\partial f}}{{\\partial x}} = 1$$\n")
    assert "NC901" not in codes(result)


def test_a_function_picked_from_a_family_by_an_index_is_unverified_not_a_crash():
    """`f_i(x_i)` at each value of a free i, after `f(x) = x` named the family: which
    function the i-th is, the note does not say."""
    result = check_text("Let $\\mathbf{f}(\\mathbf{x}) = \\mathbf{x}$ and $\\mathbf{g}(z)=\\mathbf{1} z$.\n\n"
                        "$$\\frac{\\partial}{\\partial z}(f_i(x_i) + g_i(z)) = \\frac{\\partial(x_i + z)}{\\partial z}$$\n")
    assert "NC901" not in codes(result)
    assert [c.verdict for c in result.claims] == [UNVERIFIED]


def test_a_vector_written_as_stacked_entries_is_still_the_vector_claims_compute_with():
    """`x = (x_1; x_2; …; x_d)` (a textbook's column) is read but not evaluated: x stays the
    vector the later claims are checked with."""
    result = check_text("Let $\\vec{x}=(x_1;x_2;\\ldots;x_d)$ and $\\vec{w}=(w_1;w_2;\\ldots;w_d)$.\n\n"
                        "$$\\sigma(\\vec{w}^T\\vec{x}+b) = \\frac{1}{1+e^{-(\\vec{w}^T\\vec{x}+b)}}$$\n")
    assert claim(result, "\\frac{1}{1+e^{-(\\vec{w}^T\\vec{x}+b)}}").verdict == VERIFIED


def test_a_variable_differentiated_by_itself_stays_a_variable():
    """`2 ∂x/∂x + 0 = 2 × 1` in one derivation made x "a function of x" for the rest of the
    note, so every later claim that read x was unverified ("x is defined in terms of itself")."""
    result = check_text("First let $g(x, y) = 2 x + y^8$\n\n"
                        "$$\\frac{\\partial g(x, y)}{\\partial x} = 2 \\frac{\\partial x}{\\partial x} = 2$$\n\n"
                        "$$\\frac{\\partial g(x, y)}{\\partial y} = 8 y^{7}$$\n")
    assert claim(result, "8 y^{7}").verdict == VERIFIED
    assert claim(result, "2 \\frac{\\partial x}{\\partial x}").verdict == VERIFIED


def test_a_function_known_only_by_its_derivatives_applies_to_what_it_is_written_of():
    """`∂f/∂x` earlier made f "some function of x"; `\\mathbf{y} = f(\\mathbf{x})` later is that
    function of the bold x, not its value at the plain x (which nothing in the later section draws)."""
    result = check_text("# Trace\n\n$df = \\sum_{i=1}^{n} \\frac{\\partial f}{\\partial x_{i}} dx_{i} = "
                        "\\frac{\\partial f}{\\partial x}^T dx$\n\n"
                        "## Products\n\nIf $\\mathbf{x} \\in \\mathbb{R}^{p}$, $\\mathbf{y} = f(\\mathbf{x}) \\in \\mathbb{R}^{q}$, "
                        "$\\mathbf{z} = g(\\mathbf{x}) \\in \\mathbb{R}^{q}$, then "
                        "$\\frac{\\partial \\mathbf{y}^T\\mathbf{z}}{\\partial \\mathbf{x}} = "
                        "\\frac{\\partial \\mathbf{y}}{\\partial \\mathbf{x}}\\mathbf{z} + "
                        "\\frac{\\partial \\mathbf{z}}{\\partial \\mathbf{x}}\\mathbf{y}$\n")
    product = [c for c in result.claims if c.kind == "derivative" and "\\mathbf{z} +" in c.rhs]
    assert [c.verdict for c in product] == [VERIFIED]


def test_a_chain_rule_in_a_note_nothing_else_tells_the_layout_of_is_no_layout_warning():
    # `dy/dx = dy/dz dz/dx` holds in numerator layout; no claim, word or setting chose denominator
    result = check_text("For columns $\\mathbf{y}$ and $\\mathbf{x}$:\n\n$$\\mathbf{y} = \\mathbf{V}\\mathbf{W}\\mathbf{x}$$\n\n"
                        "Let\n\n$$\\mathbf{z}=\\mathbf{W}\\mathbf{x}$$\n\nthen\n\n$$\\mathbf{y}=\\mathbf{V}\\mathbf{z}$$\n\n"
                        "$$\\frac{d\\mathbf{y}}{d\\mathbf{x}} = \\frac{d\\mathbf{y}}{d\\mathbf{z}}\\frac{d\\mathbf{z}}{d\\mathbf{x}}$$\n")
    chain = claim(result, "\\frac{d\\mathbf{y}}{d\\mathbf{z}}\\frac{d\\mathbf{z}}{d\\mathbf{x}}")
    assert chain.verdict == VERIFIED and "numerator" in chain.message
    assert "NC601" not in codes(result)


def test_a_step_relating_the_derivative_to_the_differential_tells_the_layout():
    text = ("Let $A$ be an $m\\times n$ matrix, $X$ an $n\\times p$ matrix and $B$ a $p\\times m$ matrix; "
            "let $f = \\text{tr}(AXB)$.\n\n"
            "$$df = \\text{tr}(BA\\,dX) = \\text{tr}\\left(\\frac{\\partial f}{\\partial X} dX\\right)$$\n\n"
            "$$\\frac{\\partial f}{\\partial X} = BA$$\n")
    result = check_text(text)
    assert result.layout.name == "numerator"
    assert claim(result, "BA", "derivative").verdict == VERIFIED


def test_steps_after_the_first_wrong_one_are_not_errors_too():
    text = ("Let $A$ be an $m\\times n$ matrix and $X$ an $n\\times p$ matrix.\n\n"
            "$$d(AX) = -A\\,dX = A\\,dX$$\n")
    result = check_text(text)
    assert [c.verdict for c in result.claims if c.kind == "differential"] == [FAILED, UNVERIFIED]
    assert codes(result).count("NC402") == 1


def test_an_index_free_on_one_side_only_is_nc403_but_entrywise_brackets_bind_it():
    text = ("Let $\\boldsymbol{w}$ and $\\boldsymbol{x}$ be $n\\times 1$ vectors.\n\n"
            "$$\\boldsymbol{1}^T\\boldsymbol{x} = \\sum_j x_j$$\n\n"
            "$$\\boldsymbol{w}^T\\boldsymbol{x} = w_i$$\n\n"
            "$$\\sigma(X) = \\left[\\sigma(X_{ij})\\right]$$\n")
    result = check_text(text)
    found = [f for f in result.findings if f.code == "NC403"]
    assert len(found) == 1 and "index i is free on the right side only" in found[0].message


def test_a_repeated_index_is_summed_in_a_note_that_writes_no_sums():
    text = ("Let $\\boldsymbol{w}$ and $\\boldsymbol{x}$ be $n\\times 1$ vectors.\n\n"
            "$$\\boldsymbol{w}^T\\boldsymbol{x} = w_ix_i$$\n")
    result = check_text(text)
    assert [c.verdict for c in result.claims] == [VERIFIED]
    assert result.layout.einstein


def test_under_the_summation_convention_each_term_sums_its_own_repeated_indices():
    """`∂(x_i a_{ij} x_j)/∂x_k = a_{kj}x_j + x_i a_{ik}`: each side is free in k alone; the
    right repeats j in one term and i in the other, both dummies (they were kept as free
    indices because the left side uses them, and the claim failed)."""
    text = ("In Einstein notation, with $A \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf{x}\\in\\mathbb{R}^n$:\n\n"
            "$$\\frac{d}{dx_k}x_ia_{ij}x_j = a_{kj}x_j + x_ia_{ik}$$\n\n"
            "$$\\frac{d}{dx_k}x_ia_{ij}x_j = a_{kj}x_j + x_ia_{kj}$$\n")
    assert [c.verdict for c in check_text(text).claims] == [VERIFIED, FAILED]


def test_a_derivative_of_one_entry_by_another_and_a_case_of_the_indices_define_nothing():
    """`dx_i/dx_k` is δ_ik, not x_i as some function of x_k, and "one when $i = k$" is a case,
    not i defined as k: read so, x_i stopped being x's entry and the steps after failed."""
    text = ("Take a column vector $\\mathbf{x}$ and a square matrix $A$; in Einstein notation\n\n"
            "$$\\mathbf{x}^\\top A \\mathbf{x} = x_ia_{ij}x_j.$$\n\n"
            "$$\\frac{d}{dx_k}x_ia_{ij}x_j = \\frac{dx_i}{dx_k}a_{ij}x_j + x_ia_{ij}\\frac{dx_j}{dx_k}.$$\n\n"
            "Here $\\frac{dx_i}{dx_k}$ is one when $i=k$ and zero otherwise, so\n\n"
            "$$\\frac{d}{dx_k}x_ia_{ij}x_j = a_{kj}x_j + x_ia_{ik}.$$\n")
    result = check_text(text)
    assert [c.verdict for c in result.claims if c.kind != "condition"] == [VERIFIED] * 3
    assert [f.code for f in result.findings if f.severity == "error"] == []


def test_a_repeated_index_in_a_note_that_writes_its_sums_is_not_called_wrong():
    text = ("Let $\\boldsymbol{w}$ and $\\boldsymbol{x}$ be $n\\times 1$ vectors.\n\n"
            "$$\\boldsymbol{1}^T\\boldsymbol{x} = \\sum_j x_j$$\n\n"
            "$$\\boldsymbol{w}^T\\boldsymbol{x} = w_ix_i$$\n")
    result = check_text(text)
    assert [c.verdict for c in result.claims] == [VERIFIED, UNVERIFIED]
    assert "summation convention" in result.claims[1].message
    assert not result.layout.einstein

def test_a_claim_is_judged_alike_with_only_the_definitions_it_can_read(monkeypatch):
    """The numeric engine is given only the definitions a claim's evaluation can look up
    (`evidence.definitions_read`), so that claims under different sets of definitions in force
    share their evaluations: with every definition in force, each note of ours gets the
    very same claims, messages, fixes and findings."""
    from pathlib import Path

    from notecheck.check import evidence

    root = Path(__file__).parent
    notes = sorted((root / "notes").glob("*.md")) + sorted((root.parent / "examples").glob("*.md"))

    def outcomes():
        results = [check_loaded(read_text(path.read_text(encoding="utf-8"), path.name), Config()) for path in notes]
        return [(r.claims, r.findings, r.layout) for r in results]

    trimmed = outcomes()
    monkeypatch.setattr(evidence, "definitions_read",
                        lambda relation, world: {name: d.expr for name, d in relation.defs.items()})
    assert outcomes() == trimmed
    assert sum(len(claims) for claims, _, _ in trimmed) > 300


def test_a_defined_function_put_an_expression_in_is_that_function_at_the_expression():
    """After `f(x) = xᵀAx`, `f(2y)` is f at 2y, 4yᵀAy; reading it as f itself once called
    the right `f(2y) = 4yᵀAy` "scaled by 4". A factor lost there is an error."""
    text = ("Let $B \\in \\mathbb{R}^{4\\times 3}$ and $\\boldsymbol{x}, \\boldsymbol{y} \\in \\mathbb{R}^{3}$.\n\n"
            "Let $A = B^T B$ and define $f(\\boldsymbol{x}) = \\boldsymbol{x}^T A \\boldsymbol{x}$.\n\n"
            "$$f(\\boldsymbol{y}) = \\|B\\boldsymbol{y}\\|^2$$\n\n"
            "$$f(2\\boldsymbol{y}) = 4\\boldsymbol{y}^T A \\boldsymbol{y}$$\n\n"
            "$$f(2\\boldsymbol{y}) = 2\\boldsymbol{y}^T A \\boldsymbol{y}$$\n")
    result = check_text(text)
    assert claim(result, "4\\boldsymbol{y}^T A \\boldsymbol{y}").verdict == VERIFIED
    assert claim(result, "2\\boldsymbol{y}^T A \\boldsymbol{y}").verdict == FAILED


LAYERS = r"""Let $X \in \mathbb{R}^{n\times m}$, $W^{[1]} \in \mathbb{R}^{k\times n}$, $b^{[1]} \in \mathbb{R}^{k}$, $W^{[2]} \in \mathbb{R}^{1\times k}$.

$$Z^{[1]} = W^{[1]} X + b^{[1]}\mathbf{1}_m^T$$

$$f = W^{[2]} Z^{[1]} \mathbf{1}_m$$

$$\frac{\partial f}{\partial W^{[2]}} = \mathbf{1}_m^T Z^{[1]T}$$

$$\frac{\partial f}{\partial W^{[1]}} = W^{[2]T} \mathbf{1}_m^T X^T$$

$$\frac{\partial f}{\partial W^{[1]}} = W^{[2]} \mathbf{1}_m^T X^T$$
"""


def test_layers_labelled_in_brackets_are_symbols_a_network_is_checked_through():
    """`W^{[l]}` is layer l's W (Andrew Ng's notation): the forward pass defines
    `Z^{[1]}`, the gradients by each layer are checked through it, and a dropped
    transpose is fixed without writing a double superscript."""
    result = check_text(LAYERS)
    assert [c.verdict for c in result.claims if c.kind == "derivative"] == ["verified", "verified", "failed"]
    shape = next(f for f in result.findings if f.code == "NC301")
    assert shape.fix == r"(W^{[2]})^T \mathbf{1}_m^T X^T"


def test_dw_for_the_gradient_by_w_is_not_called_a_wrong_differential():
    """Deep-learning notes name ∂L/∂w `dw` (`dw = \\frac{1}{m}\\sum_j dw^{(j)}`): read as a
    differential of the variable w the line fails, so it is unverified with that reading
    named, never an error. A differential of a defined quantity is still checked."""
    result = check_text("Let $w \\in \\mathbb{R}^{n}$ and $X \\in \\mathbb{R}^{n\\times n}$, $f = w^T X w$.\n\n"
                        "$$dw = \\frac{1}{m} \\sum_{j = 1}^{m} dw^{(j)}$$\n\n"
                        "$$df = w^T (X + X^T) dw$$\n\n$$df = 2 w^T X dw$$\n")
    assert [c.verdict for c in result.claims] == ["unverified", "verified", "failed"]
    assert "`dw` may name ∂L/∂w" in result.claims[0].message


def test_a_loss_known_only_through_a_family_member_leaves_its_chain_rule_unverified():
    """`∂L/∂h_j = \\sum_i α_{ij} ∂L/∂c_i` for an L the note never writes down: read as a
    function of one c_i it fails, but L depends on every c_i; not an error."""
    result = check_text("Let $h_j \\in \\mathbb{R}^d$, $c_i \\in \\mathbb{R}^d$ and scalars $\\alpha_{ij}$, "
                        "with $c_i = \\sum_{j} \\alpha_{ij} h_j$.\n"
                        "Then $\\frac{\\partial L}{\\partial h_j} = \\sum_i \\alpha_{ij} "
                        "\\frac{\\partial L}{\\partial c_i}$.\n")
    assert [c.verdict for c in result.claims] == ["unverified"]
    assert "of which members is not said" in result.claims[0].message


def test_a_letter_introduced_afresh_is_no_longer_what_it_was_defined_as():
    defined = "Two factorings of a matrix, $B, R \\in \\mathbb{R}^{n\\times n}$:\n\n$$A = BB^T$$\n\n$$A = R^2$$\n\n"
    for words in ("Now let $A$ be any symmetric matrix and $v, w \\in \\mathbb{R}^n$.",
                  "For any symmetric $A$ and $v, w \\in \\mathbb{R}^n$,",
                  "Take a symmetric matrix $A$ and $v, w \\in \\mathbb{R}^n$.",
                  "设 $A$ 为任意对称矩阵, $v, w \\in \\mathbb{R}^n$。"):
        result = check_text(defined + words + "\n\n$$\\langle Av, w \\rangle = \\langle v, Aw \\rangle$$\n")
        assert claim(result, "\\langle v, Aw \\rangle").verdict == VERIFIED, words
        assert "NC401" not in codes(result)
    still = check_text(defined + "Since $A$ is symmetric,\n\n$$\\langle Av, w \\rangle = \\langle v, Aw \\rangle$$\n")
    # A is still R^2, and no word made it any A; but R^2 is symmetric for a symmetric R, which the
    # note may take for granted: the stated property makes the failure uncertain, not an error
    kept = claim(still, "\\langle v, Aw \\rangle")
    assert kept.verdict == UNVERIFIED and "holds if A is symmetric, as the note says" in kept.message


def test_a_gradient_written_as_a_row_is_told_so_whatever_the_notes_layout():
    """∇f is a column in either layout: the warning says that, not "the note uses
    denominator layout" in a note that declares numerator layout."""
    result = check_text("We use the numerator layout.\n\nLet $\\mathbf x \\in \\mathbb{R}^n$ and "
                        "$f = \\mathbf x^T \\mathbf x$.\n\n$$\\nabla_\\mathbf x f = 2\\mathbf x^T$$\n")
    [warning] = [f for f in result.findings if f.code == "NC601"]
    assert "∇ is the gradient: a column like its variable" in warning.message
    assert "denominator" not in warning.message


def test_a_vmatrix_is_the_determinant_of_its_entries():
    """`\\begin{vmatrix}…\\end{vmatrix}` is a determinant, a number: not a matrix whose
    shape differs from the scalar it is said to equal (NC304)."""
    result = check_text("Let $a, b, c, d$ be scalars.\n\n"
                        "$$\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix} = ad - bc$$\n\n"
                        "$$\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix} = ad + bc$$\n")
    assert [c.verdict for c in result.claims] == [VERIFIED, FAILED]
    assert "NC304" not in codes(result)


def test_a_vmatrix_that_is_not_square_is_the_matrix_between_bars():
    """Some notes bracket any matrix with `vmatrix`: three rows of two are no determinant
    (NC306), they are the means of three clusters."""
    result = check_text("$$\\mu = \\begin{vmatrix} 1 & 2 \\\\ -1 & -1 \\\\ -1.5 & 2 \\end{vmatrix}$$\n\n"
                        "$$\\mu^\\top = \\begin{bmatrix} 1 & -1 & -1.5 \\\\ 2 & -1 & 2 \\end{bmatrix}$$\n")
    assert "NC306" not in codes(result)


def test_a_layout_warning_needs_a_certain_reading_too():
    """A derivative right only in the other layout is a warning (NC601, and NC602 for the
    note's mixed layouts) when it is read for certain; with a `*` that may be a
    convolution or an elementwise product it is unverified, and tells no layout."""
    text = ("Let $a, b, c, x \\in \\mathbb{R}^n$ and $\\alpha \\in \\mathbb{R}$, with $f = a^Tx$, $g = b^Tx$ "
            "and $h = \\alpha c^Tx$.\n\n$$\\frac{\\partial f}{\\partial x} = a$$\n\n"
            "$$\\frac{\\partial g}{\\partial x} = b$$\n\n$$\\frac{\\partial h}{\\partial x} = %s$$\n")
    plain = check_text(text % "\\alpha c^T")
    assert {"NC601", "NC602"} <= set(codes(plain))
    starred = check_text(text % "\\alpha * c^T")
    assert not {"NC601", "NC602"} & set(codes(starred))
    assert "`*` may be" in starred.claims[-1].message and starred.claims[-1].verdict == UNVERIFIED


def test_e_raised_to_a_power_is_eulers_number():
    """`e^{-z}` is exp(-z): `σ(z) = 1/(1+e^{-z})` is checked (it was "e appears on one side
    only"), a wrong sign in the exponent is an error, and a derivative by one member of
    a sum of exponentials is no NC502 ("does not depend on z_j")."""
    sigmoid = "Let $z$ be a scalar.\n\n$$\\sigma(z) = \\frac{1}{1+e^{%s}}$$\n"
    assert [c.verdict for c in check_text(sigmoid % "-z").claims] == [VERIFIED]
    assert [c.verdict for c in check_text(sigmoid % "z").claims] == [FAILED]
    member = check_text("Let $z^{[2]} \\in \\mathbb{R}^n$.\n\n$$\\frac{\\partial}{\\partial z_j^{[2]}} "
                        "\\sum_{t=1}^{n} e^{z_t^{[2]}} = e^{z_j^{[2]}}$$\n")
    assert "NC502" not in codes(member)


def test_an_elementwise_derivative_written_as_the_jacobians_diagonal_is_verified_as_such():
    """`∂σ(z)/∂z = σ(z) ⊙ (1 - σ(z))`: the Jacobian is diag(σ(z)(1-σ(z))), and deep-learning
    notes write its diagonal; a column that is not a diagonal Jacobian's still fails."""
    text = ("Let $\\mathbf{z} \\in \\mathbb{R}^n$, $A \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf{s} = \\sigma(\\mathbf{z})$ "
            "elementwise.\n\n"
            "$$\\frac{\\partial \\mathbf{s}}{\\partial \\mathbf{z}} = \\sigma(\\mathbf{z})\\odot(1 - \\sigma(\\mathbf{z}))$$\n\n"
            "$$\\frac{\\partial (A\\mathbf{z})}{\\partial \\mathbf{z}} = A\\mathbf{z}$$\n")
    result = check_text(text)
    assert [c.verdict for c in result.claims] == [VERIFIED, FAILED]
    assert "elementwise" in result.claims[0].message
    assert [f.line for f in result.findings if f.severity == "error"] == [5]


@pytest.mark.parametrize("signature", [
    "$g(\\mathbf{v}): \\mathbb{R}^{k} \\ni \\mathbf{v} \\mapsto \\mathbf{v}^{T}M\\mathbf{v} \\in \\mathbb{R}$",
    "$g: \\mathbb{R}^k \\to \\mathbb{R},\\; \\mathbf{v} \\mapsto \\mathbf{v}^{T}M\\mathbf{v}$",
    "$g: \\mathbf{v} \\mapsto \\mathbf{v}^{T}M\\mathbf{v}$ for $\\mathbf{v} \\in \\mathbb{R}^k$",
])
def test_a_function_defined_by_where_it_maps_its_variable_is_checked_by_that_definition(signature):
    """`f(x): ℝ^N ∋ x ↦ xᵀAx ∈ ℝ` defines f as `f(x) = xᵀAx` does: its gradient is checked
    against it, right and wrong."""
    result = check_text(f"* {signature}, a quadratic form.\n\n"
                        "$$\\frac{\\partial g(\\mathbf{v})}{\\partial \\mathbf{v}} = M\\mathbf{v} + M^T\\mathbf{v}$$\n\n"
                        "$$\\frac{\\partial g(\\mathbf{v})}{\\partial \\mathbf{v}} = M\\mathbf{v}$$\n")
    assert claim(result, "M\\mathbf{v} + M^T\\mathbf{v}").verdict == VERIFIED
    assert claim(result, "M\\mathbf{v}").verdict == FAILED


def test_an_identity_without_a_size_is_the_size_of_the_derivative_it_is_claimed_equal_to():
    """`∂tr(X)/∂X = I`: the only I that can equal an n×n derivative is I_n; one that cannot
    be its size (an m×n derivative) stays unverified, never a size error."""
    result = check_text("Let $X \\in \\mathbb{R}^{n \\times n}$ and $V \\in \\mathbb{R}^{m \\times n}$.\n\n"
                        "$$\\frac{\\partial\\, \\mathrm{tr}(X)}{\\partial X} = I$$\n\n"
                        "$$\\frac{\\partial\\, \\mathrm{tr}(X)}{\\partial X} = 2I$$\n\n"
                        "$$\\frac{\\partial\\, \\mathrm{tr}(V^TV)}{\\partial V} = I$$\n")
    right, wrong, unsized = result.claims
    assert right.verdict == VERIFIED
    assert wrong.verdict == FAILED
    assert unsized.verdict == UNVERIFIED and "the size of I" in unsized.message


def test_a_bold_function_defined_by_its_entries_is_differentiated_by_them():
    """"If $\\mathbf{y}(x) = (x^2, \\sin x)^T$, then dy/dx = (2x, cos x)^T": the bold y applied
    to x is a function, not y times x, and its entries define it."""
    text = ("For $x \\in \\mathbb{{R}}$: if $\\mathbf{{y}}(x) = \\begin{{pmatrix}} x^2 \\\\ \\sin(x) \\end{{pmatrix}}$, then "
            "$\\frac{{d\\mathbf{{y}}}}{{dx}} = \\begin{{pmatrix}} {} \\\\ \\cos(x) \\end{{pmatrix}}$.\n")
    [right] = check_text(text.format("2x")).claims
    [wrong] = check_text(text.format("x")).claims
    assert right.verdict == VERIFIED
    assert wrong.verdict == FAILED


def test_a_defined_function_applies_to_other_arguments_and_its_prime_is_its_derivative():
    """`f(2)` after `f(x) = x^2 + 1` is f at 2, not f at a random x; `C'(a)` after `C(a) =
    (y - a)^2` is C's derivative, and a wrong one is an error."""
    result = check_text("Let $f(x) = x^2 + 1$. Then $f(2) = 5$.\n\n"
                        "Let $C(a) = (y - a)^2$, so $\\frac{\\partial C}{\\partial a} = C'(a) = -2(y - a)$.\n\n"
                        "Also $C'(a) = 2(y - a)$.\n")
    at_two, by_prime, prime_written, wrong = result.claims
    assert at_two.verdict == VERIFIED
    assert by_prime.verdict == VERIFIED and prime_written.verdict == VERIFIED
    assert wrong.verdict == FAILED


def test_the_chain_rule_through_an_abstract_activation_is_checked():
    """`z = wx + b`, `a = g(z)` with g never written out: `∂a/∂w = g'(z) x` holds for any
    smooth g, and `∂a/∂w = g'(z)` does not."""
    result = check_text("Let $z = wx + b$ and $a = g(z)$.\n\n"
                        "$$\\frac{\\partial a}{\\partial z} = g'(z)$$\n\n"
                        "$$\\frac{\\partial a}{\\partial w} = g'(z) x$$\n")
    assert [c.verdict for c in result.claims] == [VERIFIED, VERIFIED]


def test_a_model_named_by_its_weights_is_not_applied_to_them():
    """`f(w)` after `f(x) = wᵀx` names the model by its weights (as ML notes write it): w is
    not put in for x, which would make it wᵀw."""
    result = check_text("Let $\\mathbf{w}, \\mathbf{x} \\in \\mathbb{R}^n$ and $f(\\mathbf{x}) = \\mathbf{w}^T \\mathbf{x}$. "
                        "Then $L(\\mathbf{w}) = (y - f(\\mathbf{w}))^2 = (y - \\mathbf{w}^T \\mathbf{x})^2$.\n")
    assert claim(result, "(y - \\mathbf{w}^T \\mathbf{x})^2").verdict == VERIFIED


def test_a_function_of_several_variables_holds_its_other_variables_still():
    """`f(x, y, z) = \\sin(x) e^{yz^2}` after a cell where y was some function of x
    (`dy/dx`): f names y as its own variable, and ∂f/∂x holds it still."""
    result = check_text("If $y$ depends on $x$, then $\\frac{d}{dx}(xy) = y + x\\frac{dy}{dx}$.\n\n"
                        "## Several variables\n\nTake $f(x,y,z) = \\sin(x) \\cdot e^{yz^2}$. Then\n\n"
                        "$$\\frac{\\partial f}{\\partial x} = \\cos(x) \\cdot e^{yz^2}$$\n")
    assert claim(result, "\\cos(x) \\cdot e^{yz^2}").verdict == VERIFIED


def test_a_wrong_shape_is_told_in_the_notes_sizes_not_in_drawn_ones():
    """`df = Σ_i ∂f/∂x_i dx_i = (∂f/∂x)^T` without its dx sets a number equal to a row
    whose length the note never names: the finding says `1×?`, as the claim's message
    does, not the length notecheck drew for it."""
    result = check_text("Let $f$ be a scalar function of a column vector $\\boldsymbol{x}$.\n\n"
                        "$$ df = \\sum_{i=1}^{n}\\frac{\\partial f}{\\partial x_{i}}dx_{i} = "
                        "(\\frac{\\partial f}{\\partial \\boldsymbol{x}})^{T} $$\n")
    found = [f for f in result.findings if f.code == "NC402"]
    assert len(found) == 1 and found[0].message.endswith(": shape 1×?, where the left-hand side is 1×1")

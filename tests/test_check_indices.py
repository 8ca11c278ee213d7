"""Index notation: entries, sums, Kronecker deltas and derivatives by an entry, on the
checker's own notes (tests/notes/index_*.md, marked like the others) and on the seeds."""

from pathlib import Path

import pytest
from marked_notes import check, claim_line, is_flagged, right_claims, wrong_claims, wrong_lines

from notecheck.latex import parse, to_latex
from notecheck.result import FAILED, UNVERIFIED, VERIFIED

NOTES = Path(__file__).parent / "notes"
INDEX_NOTES = [NOTES / "index_notation_en.md", NOTES / "index_einstein_en.md", NOTES / "index_family_en.md"]
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def results():
    return {path.name: check(path) for path in INDEX_NOTES}


def finding_at(result, path: Path, needle: str):
    """The error finding on the line of the note whose text contains `needle`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if needle in text)
    found = [f for f in result.findings if f.line == line and f.severity == "error"]
    assert found, f"nothing flagged on line {line}"
    return found[0]


@pytest.mark.parametrize("path", INDEX_NOTES, ids=lambda p: p.stem)
def test_every_break_in_index_notation_is_flagged(results, path):
    result = results[path.name]
    wrong = wrong_claims(result, path)
    assert {claim_line(result, c) for c in wrong if is_flagged(result, c)} == wrong_lines(path)


@pytest.mark.parametrize("path", INDEX_NOTES, ids=lambda p: p.stem)
def test_every_right_claim_in_index_notation_is_verified(results, path):
    result = results[path.name]
    right = right_claims(result, path)
    assert len(right) >= 4
    assert [(c.lhs, c.rhs, c.message) for c in right if c.verdict != VERIFIED] == []


def test_an_index_slip_is_diagnosed_as_indices_swapped_with_the_right_entry(results):
    path = INDEX_NOTES[0]
    finding = finding_at(results[path.name], path, "Swapping the two indices")
    assert finding.code == "NC401"
    assert "indices swapped: A_{ik}, not A_{ki}" in finding.message
    assert "A_{ik}B_{kj}" in finding.fix


def test_a_wrong_kronecker_pairing_is_flagged_with_a_pairing_that_holds(results):
    path = INDEX_NOTES[0]
    finding = finding_at(results[path.name], path, "paired the other way")
    assert finding.code == "NC501" and "swapped" in finding.message
    assert finding.fix.count("\\delta") == 2


def test_a_dropped_sum_leaves_an_index_free_on_one_side(results):
    path = INDEX_NOTES[0]
    finding = finding_at(results[path.name], path, "Dropping the sum")
    assert finding.code == "NC403" and "index i is free on the right side only" in finding.message


def test_an_entry_of_the_gradient_with_its_indices_reversed_is_flagged(results):
    path = INDEX_NOTES[0]
    finding = finding_at(results[path.name], path, "wrong way round")
    assert finding.code == "NC501" and "indices swapped" in finding.message


def test_a_note_using_the_summation_convention_says_so_in_its_layout(results):
    einstein = results[INDEX_NOTES[1].name].layout
    plain = results[INDEX_NOTES[0].name].layout
    assert "summation convention" in einstein.einstein
    assert plain.einstein == ""


def test_the_json_layout_object_says_when_the_note_sums_repeated_indices(results):
    import json

    from notecheck.publish.report import as_json

    notes = json.loads(as_json([results[p.name] for p in INDEX_NOTES[:2]]))["notes"]
    assert notes[1]["layout"]["einstein"] is True and notes[1]["layout"]["einstein_reason"]
    assert "einstein" not in notes[0]["layout"]


def test_a_derivative_by_one_member_of_a_family_holds_for_every_member(results):
    result = results[INDEX_NOTES[2].name]
    by_member = [c for c in result.claims if c.kind == "derivative" and "z}_{i}}" in (c.lhs or "")]
    assert [c.verdict for c in by_member] == [VERIFIED, FAILED]
    assert "sign" in by_member[1].message


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    return next(SEEDS.glob(prefix + "_*.txt"))


def test_seed_001_derivatives_by_a_family_member_are_verified():
    path = seed("001")
    result = check(path)
    family = [c for c in result.claims if c.kind == "derivative" and "a}_{2,i}" in (c.lhs or "")]
    assert family and all(c.verdict == VERIFIED for c in family)
    by_member = [c for c in result.claims if "_{1,i}" in (c.lhs or "") + (c.rhs or "")
                 and c.kind == "derivative"]
    assert by_member and all(c.verdict == VERIFIED for c in by_member)
    assert not [c for c in result.claims if c.verdict == FAILED]


def test_seed_004_entrywise_claims_are_verified_and_its_typo_stays_flagged():
    path = seed("004")
    result = check(path)
    entrywise = [c for c in result.claims if "X_{ij}" in (c.lhs or "") + (c.rhs or "")]
    assert any(c.verdict == VERIFIED for c in entrywise)
    typo = [c for c in entrywise if c.verdict == FAILED]
    assert len(typo) == 1 and "free on the right side only" in typo[0].message


def test_a_wrong_entry_derivative_is_rederived_as_an_entry_of_the_matrix_form(results):
    path = INDEX_NOTES[0]
    finding = finding_at(results[path.name], path, "Forgetting")
    assert finding.code == "NC501"
    assert finding.fix.startswith("(") and finding.fix.endswith(")_{pq}") and "A" in finding.fix


def check_text(text: str):
    from notecheck.config import Config
    from notecheck.pipeline import check_loaded
    from notecheck.read import read_text

    return check_loaded(read_text(text, "note.md"), Config())


def test_a_chain_rule_written_with_a_repeated_index_is_not_called_wrong():
    result = check_text("Let $\\mathbf{x}$ be $n\\times 1$; $\\sum_i x_i$ is a sum.\n\n"
                        "$$\\frac{\\partial z_i}{\\partial x_j} = \\frac{\\partial z_i}{\\partial y_k}"
                        "\\frac{\\partial y_k}{\\partial x_j}$$\n")
    assert not [c for c in result.claims if c.verdict == FAILED]
    assert not [f for f in result.findings if f.code == "NC403"]


def test_every_entry_agreeing_is_the_matrix_step_with_no_shape_finding(results):
    path = INDEX_NOTES[0]
    result = results[path.name]
    step = [c for c in result.claims if c.lhs == "2(A^T)_{pq}"]
    assert [c.verdict for c in step] == [VERIFIED, FAILED]
    assert not [f for f in result.findings if f.code.startswith("NC3")]


def test_a_wrong_matrix_after_its_entries_gets_the_matrix_as_its_fix(results):
    path = INDEX_NOTES[0]
    finding = finding_at(results[path.name], path, "Agreeing with the wrong matrix")
    assert finding.code == "NC401" and finding.fix == "2A^T"


def test_declared_samples_stay_samples_not_entries_of_a_vector_of_the_same_letter():
    result = check_text("Let $x_1, \\dots, x_N \\in \\mathbb{R}^d$ be samples and $x \\in \\mathbb{R}^d$ "
                        "a point.\n\n$$x^T x_i = x_i^T x$$\n")
    assert [c.verdict for c in result.claims] == [VERIFIED]


def test_a_small_letter_used_as_a_vector_is_a_sample_not_an_entry():
    result = check_text("Let $x \\in \\mathbb{R}^n$ and let $W$ be $k\\times n$.\n\n"
                        "$$\\|W x_i\\|^2 = x_i^T W^T W x_i$$\n")
    assert [c.verdict for c in result.claims] == [VERIFIED]


def test_a_side_the_same_at_every_value_of_an_index_the_other_names_is_checked_at_each():
    """`∂μ/∂x_i = 1/d` holds for every i: an index free on one side is an error only
    where the claim changes with it (`w^T x = w_i`, a sum forgotten)."""
    result = check_text("Let $\\mathbf{x}$ and $\\mathbf{w}$ be $d\\times 1$ vectors and "
                        "$\\mu = \\frac{1}{d}\\sum_{k=1}^{d} x_k$.\n\n"
                        "$$\\frac{\\partial \\mu}{\\partial x_i} = \\frac{1}{d}$$\n\n"
                        "$$\\frac{\\partial \\mu}{\\partial x_i} = \\frac{2}{d}$$\n\n"
                        "$$\\mathbf{w}^T\\mathbf{x} = w_i$$\n")
    assert [c.verdict for c in result.claims if c.lhs.startswith("\\frac")] == ["verified", "failed"]
    assert [f.code for f in result.findings if f.severity == "error"] == ["NC501", "NC403"]


def test_a_whole_matrix_written_as_its_entry_is_notation_not_an_error():
    """`\\frac{∂}{∂X}tr(XA) = \\frac{∂(X_{ij}A_{ji})}{∂X_{kl}}`: the (k, l) entry stands for
    the matrix, as index-notation notes write it; nothing to call wrong."""
    result = check_text("Let $X, A \\in \\mathbb{R}^{n\\times n}$.\n\n"
                        "$$\\frac{\\partial}{\\partial X} \\mathrm{tr}(XA) = "
                        "\\frac{\\partial (X_{ij} A_{ji})}{\\partial X_{kl}}$$\n")
    assert [c.verdict for c in result.claims] == ["unverified"]
    assert "a whole array against an entry of it" in result.claims[0].message
    assert not [f for f in result.findings if f.severity == "error"]


def test_an_index_beside_a_label_is_not_read_so_a_free_index_there_is_no_error():
    """`z_j^{[2]}` (entry j of layer 2's z) and `s_i^{(k)}` (entry k of s_i) carry an index
    notecheck does not read apart from the label: no NC403, and the reason says so."""
    result = check_text("With $z^{[2]} \\in \\mathbb{R}^n$ and $\\hat{y} = \\mathrm{softmax}(z^{[2]})$:\n\n"
                        "$$\\frac{\\partial \\hat{y}_k}{\\partial z_j^{[2]}} = -\\hat{y}_j \\hat{y}_k$$\n")
    assert [f.code for f in result.findings if f.code.startswith("NC4")] == []
    assert "an index beside a label" in result.claims[0].message


def test_a_sum_that_skips_an_index_value_runs_over_every_other_one():
    """`\\sum_{i \\neq j} y_i` sums every y_i but y_j: with a one-hot y it is 1 - y_j, and
    read as a sum over every i it would not be. A sum over a set (`\\sum_{i \\in S}`) is
    not read: unverified, never an error."""
    result = check_text("Let $\\mathbf{s} \\in \\mathbb{R}^n$ and a one-hot $\\mathbf{y} \\in \\mathbb{R}^n$.\n\n"
                        "$$s_j \\sum_{i \\neq j} y_i = s_j (1 - y_j)$$\n\n"
                        "$$s_j \\sum_{i} y_i = s_j (1 - y_j)$$\n\n"
                        "$$\\sum_{i \\in S} y_i = 1$$\n")
    assert [c.verdict for c in result.claims] == ["verified", "failed", "unverified"]
    assert to_latex(parse(r"\sum_{k\ne j} y_k").statements[0]) == r"\sum_{k \neq j} y_k"


def test_an_index_letter_standing_alone_on_the_other_side_is_no_certain_free_index():
    """`\\frac{\\partial ai}{\\partial w_j} = x_{ij}` after `a_i = X_i w^T`: `ai` is a_i
    without its underscore, so i is not free on the right only; unverified, saying why.
    With `a_i` written, the claim is checked."""
    note = "Let $X \\in \\mathbb{R}^{m\\times k}$ with rows $X_i$, $w \\in \\mathbb{R}^{1\\times k}$ and $a_i = X_iw^T$.\n\n"
    typo = check_text(note + "$$\\frac{\\partial ai}{\\partial w_j} = x_{ij}$$\n")
    assert [f.code for f in typo.findings if f.code == "NC403"] == []
    assert "the letter i, not as an index" in typo.claims[-1].message
    dropped = check_text(note + "$$\\frac{\\partial a}{\\partial w_j} = x_{ij}$$\n")
    assert "NC403" in [f.code for f in dropped.findings]


def test_a_sum_bound_a_vector_is_not_tied_to_makes_a_failure_unverified():
    """An earlier section gives m a value (`z_k \\in \\mathbb{R}^m`); a later one sums a
    defined term up to m on the left, and the entries of a vector v of no stated length
    up to m on the right. v's length is not m in the draws, so m would stand for two
    numbers in one claim: unverified, saying why. Tied by `v \\in \\mathbb{R}^m`, the
    claim is checked, and a sign error there is still an error."""
    def note(vector: str, sign: str = "") -> str:
        return ("## One\n\nEach sample is $z_k \\in \\mathbb{R}^m$.\n\n## Two\n\n"
                f"{vector} A pair costs $P_{{{{pair}}_{{ij}}}} = u_{{ij}}v_iv_j$, so\n"
                "$$C = \\sum_{i=1}^{m-1} \\sum_{j=i+1}^{m} P_{{pair}_{ij}} = "
                f"{sign}\\sum_{{i=1}}^{{m-1}} \\sum_{{j=i+1}}^{{m}} u_{{ij}}v_iv_j$$\n")

    untied = check_text(note("Let $v$ be a vector."))
    assert [c.verdict for c in untied.claims] == [UNVERIFIED]
    assert "the sum runs to m" in untied.claims[0].message
    assert [f.code for f in untied.findings if f.severity == "error"] == []
    assert [c.verdict for c in check_text(note("Let $v \\in \\mathbb{R}^m$.")).claims] == [VERIFIED]
    wrong = check_text(note("Let $v \\in \\mathbb{R}^m$.", "-"))
    assert [c.verdict for c in wrong.claims] == [FAILED] and wrong.claims[0].message.startswith("sign")

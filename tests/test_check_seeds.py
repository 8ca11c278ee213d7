"""The checker on the acceptance seeds: what a reader of each seed must see."""

from pathlib import Path

import pytest

from notecheck.config import Config
from notecheck.pipeline import check_file
from notecheck.result import FAILED, VERIFIED


def seed_result(seeds: Path, prefix: str):
    path = next(seeds.glob(f"{prefix}_*.txt"))
    return check_file(path, path.name, Config())


def squash(text: str | None) -> str:
    return "".join((text or "").split())


def claims_about(result, rhs_fragment: str, kind: str = "derivative"):
    wanted = squash(rhs_fragment)
    return [c for c in result.claims if c.kind == kind and wanted in squash(c.rhs)]


@pytest.fixture(scope="module")
def seed000(seeds):
    return seed_result(seeds, "000")


@pytest.fixture(scope="module")
def seed001(seeds):
    return seed_result(seeds, "001")


def test_000_final_gradient_is_verified_in_the_notes_numerator_layout(seed000):
    final = claims_about(seed000, r"\pmb b (\sigma'(XW\pmb b)\odot \pmb c)^TX")
    assert final, [c.rhs for c in seed000.claims]
    assert final[-1].verdict == VERIFIED, final[-1].message
    assert seed000.layout.name == "numerator"
    assert "denominator" in final[-1].message  # the other layout's form is stated


def test_000_nothing_is_called_wrong(seed000):
    failed = [(c.lhs, c.rhs, c.message) for c in seed000.claims if c.verdict == FAILED]
    assert not failed
    assert not [f for f in seed000.findings if f.code == "NC901"]


SEVEN_EXAMPLES = [
    r"\boldsymbol{a}\boldsymbol{b}^T",                                             # 例1
    r"(\boldsymbol{a}\odot \exp(X\boldsymbol{b}))\boldsymbol{b}^T",               # 例2
    r"W^T \left(\frac{\partial f}{\partial Y}\odot \sigma'(WX)\right)",           # 例3
    r"2X^T(X\boldsymbol{w}-\boldsymbol{y})",                                      # 例4
    r"(\Sigma^{-1}-\Sigma^{-1}S\Sigma^{-1})^T",                                   # 例5
    r"(\text{softmax}(W\boldsymbol{x})-\boldsymbol{y})\boldsymbol{x}^T",          # 例6
    r"\frac{\partial l}{\partial\boldsymbol{a}_1}\boldsymbol{x}^T",               # 例7, W_1
    r"\frac{\partial l}{\partial\boldsymbol{a}_2}\boldsymbol{h}_1^T",             # 例7, W_2
]


@pytest.mark.parametrize("rhs", SEVEN_EXAMPLES)
def test_001_every_worked_example_is_verified(seed001, rhs):
    found = claims_about(seed001, rhs)
    assert found, rhs
    assert all(c.verdict == VERIFIED for c in found), [(c.rhs, c.verdict, c.message) for c in found]


def test_001_is_denominator_layout_and_nothing_fails(seed001):
    assert seed001.layout.name == "denominator"
    failed = [(c.lhs, c.rhs, c.message) for c in seed001.claims if c.verdict == FAILED]
    assert not failed


def test_002_conditions_and_solution_are_not_called_false(seeds):
    result = seed_result(seeds, "002")
    for claim in result.claims:
        if claim.kind in ("condition", "solution") or squash(claim.rhs) in ("0", squash(r"(X^TX)^{-1}X^Ty")):
            assert claim.verdict != FAILED, (claim.lhs, claim.rhs, claim.message)
    solutions = [c for c in result.claims if squash(c.rhs) == squash(r"(X^TX)^{-1}X^Ty")]
    assert solutions and solutions[0].kind == "solution"


def test_003_derivative_by_y_in_example_1_is_flagged(seeds):
    result = seed_result(seeds, "003")
    flagged = [f for f in result.findings if f.code == "NC502"]
    assert flagged, [(f.code, f.message) for f in result.findings]
    assert "does not depend on Y" in flagged[0].message
    assert "Y" in flagged[0].formula

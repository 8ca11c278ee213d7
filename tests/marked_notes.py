"""The checker's own test notes (tests/notes/*.md) and what their author marked.

A line ending in `<!-- expect: wrong -->` holds a deliberately wrong claim; every other
claim of these notes is right. The checker never sees the marks: they are HTML comments
it does not read.
"""

from pathlib import Path

from notecheck.config import Config
from notecheck.findings import ERROR, WARNING
from notecheck.pipeline import check_file, check_loaded
from notecheck.result import FAILED, VERIFIED

NOTES = Path(__file__).parent / "notes"
MARK = "<!-- expect: wrong -->"
CHECKED_KINDS = ("step", "differential", "derivative", "identity")


# the checker's own notes; the other notes in the folder belong to the deriver's tests
OWN = ("least_squares_zh", "logdet_en", "softmax_zh", "gaussian_mle_en", "kronecker_en", "backprop_zh",
       "hessian_en", "quadratic_form_en", "sigmoid_trace_zh", "covariance_en", "ridge_zhihu_zh",
       "examples_sections_zh")


def note_paths() -> list[Path]:
    return [NOTES / f"{name}.md" for name in OWN]


def check(path: Path):
    return check_file(path, path.name, Config())


def recheck(note):
    return check_loaded(note, Config())


def wrong_lines(path: Path) -> set[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {number for number, line in enumerate(lines, 1) if MARK in line}


def claim_line(result, claim) -> int:
    return result.note.formulas[claim.formula].line


def is_flagged(result, claim) -> bool:
    """A claim is flagged when it failed or an error/warning finding points at its formula."""
    if claim.verdict == FAILED:
        return True
    formula = result.note.formulas[claim.formula]
    return any(f.severity in (ERROR, WARNING) and f.line == formula.line and f.formula == formula.latex
               for f in result.findings)


def right_claims(result, path: Path):
    marked = wrong_lines(path)
    return [c for c in result.claims if c.kind in CHECKED_KINDS and claim_line(result, c) not in marked]


def wrong_claims(result, path: Path):
    marked = wrong_lines(path)
    return [c for c in result.claims if c.kind in CHECKED_KINDS and claim_line(result, c) in marked]


def verified(claims) -> int:
    return sum(c.verdict == VERIFIED for c in claims)

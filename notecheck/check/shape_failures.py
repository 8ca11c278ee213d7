"""A claim that fails because its shapes do not fit: told in the note's own sizes, and once.

The numeric engine sees the random sizes of a draw (3, 4, 5); the reader wrote m and n.
When the formula also has a shape finding (NC301...), that finding already names the
mistake in the note's terms: the claim keeps its `failed` verdict, and its finding is
folded into the shape finding (which takes over the claim's edit for `--fix`), so one
mistake is reported once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from notecheck.findings import Finding

SIZE = re.compile(r"\b(\d+)×(\d+)\b")


def in_note_sizes(text: str, size_names: dict[int, str]) -> str:
    """`product of 1×1 and 3×4` -> `product of 1×1 and m×n` where the draw's sizes have names."""
    if "×" not in text:
        return text  # most messages name no size (every claim's is asked)

    def name(number: str) -> str:
        return size_names.get(int(number), number)

    return SIZE.sub(lambda m: f"{name(m.group(1))}×{name(m.group(2))}", text)


def fold_into_shape_finding(formula, claim, claim_index: int, finding: Finding | None, findings: list[Finding],
                            diagnosis: str) -> Finding | None:
    """The claim's finding, or None when a shape finding on the same formula already
    reports the mistake; then that shape finding gets the claim's edit and the claim's
    message says what the shape finding says."""
    if finding is None:
        return None
    for index, shape in enumerate(findings):
        if not _same_formula(shape, formula):
            continue
        reason = shape.message.split("`: ", 1)[-1]
        told = f"the right-hand side cannot be computed: {reason}" if diagnosis.startswith("the right") else reason
        claim.message = claim.message.replace(diagnosis, told)
        findings[index] = replace(shape, fix=shape.fix or finding.fix, edit=shape.edit or finding.edit,
                                  claims=(*shape.claims, claim_index))
        return None
    return finding


def _same_formula(shape: Finding, formula) -> bool:
    return (shape.code.startswith("NC3") and shape.formula == formula.latex and shape.cell == formula.cell
            and formula.line <= shape.line <= formula.end_line)

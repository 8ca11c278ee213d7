"""A judged relation as the reader meets it: the `Claim` record (verdict, message, the
expected right-hand side) and the `Finding` a failed or unchecked claim becomes."""

from __future__ import annotations

from notecheck.check.note_text import source_of, transpose_mark, transposed_text
from notecheck.check.outcome import Outcome, other
from notecheck.findings import Edit, Finding
from notecheck.latex.expr import Expr
from notecheck.meaning import claims as C
from notecheck.result import UNVERIFIED, VERIFIED, Claim, Layout


def make_claim(note, relation: C.Relation, outcome: Outcome, layout: Layout, repair: tuple[str, str] | None) -> Claim:
    lhs, rhs = source_of(note, relation, relation.lhs), source_of(note, relation, relation.rhs)
    message = outcome.message
    if outcome.diagnosis:
        message = f"{message}; {outcome.diagnosis}" if message else outcome.diagnosis
    if outcome.verdict == VERIFIED and relation.kind == "derivative":
        message = message or f"verified in {layout.name} layout"
        if outcome.matches == frozenset({layout.name}) and rhs:
            message += f"; in {other(layout.name)} layout it reads {transposed_text(rhs, transpose_mark(note))}"
    elif outcome.verdict == VERIFIED and not message:
        message = "verified"
    expected = repair[0] if repair else None
    if repair and repair[1] and repair[1] not in message:
        message += f" ({repair[1]})"
    return Claim(relation.formula, relation.step, relation.kind, outcome.verdict, message, expected, lhs, rhs)


def make_finding(note, relation: C.Relation, outcome: Outcome, claim: Claim, index: int) -> Finding | None:
    """The finding a failed or unchecked claim becomes (none for verified claims and
    definitions, except the layout warning); `index`, the claim's in the note's result."""
    formula = note.formulas[relation.formula]
    if outcome.verdict == VERIFIED and outcome.code != "NC601":
        return None
    if outcome.verdict == UNVERIFIED:
        if relation.kind == "definition":
            return None
        code = "NC901" if outcome.code == "NC901" else "NC701"
        text = f"{describe(relation, claim)} not checked: {claim.message}"
    else:
        code = outcome.code or "NC401"
        text = f"{describe(relation, claim)}: {outcome.diagnosis}"  # the fix travels in Finding.fix
    line, col = position(formula, relation.rhs)
    edit = None
    if claim.expected and formula.start >= 0 and relation.rhs.pos >= 0:
        edit = Edit(formula.start + relation.rhs.pos, formula.start + relation.rhs.end, claim.expected,
                    safe=code != "NC601")
    return Finding(code, text, line=line, col=col, end_line=formula.end_line, formula=formula.latex,
                   fix=claim.expected, edit=edit, cell=formula.cell, claims=(index,))


KIND_WORDS = {"derivative": "derivative", "differential": "differential", "step": "step",
              "identity": "identity", "condition": "condition", "solution": "solution"}


def describe(relation: C.Relation, claim: Claim) -> str:
    what = KIND_WORDS.get(relation.kind, "claim")
    if claim.lhs and claim.rhs:
        return f"{what} {claim.lhs} = {claim.rhs}"
    return f"{what} {relation.step + 1} of this formula"


def position(formula, node: Expr) -> tuple[int, int]:
    """Line and column of a node when the formula stands verbatim in the file; else the
    formula's own position."""
    if formula.start < 0 or node.pos < 0:
        return formula.line, formula.col
    before = formula.latex[:node.pos]
    if "\n" not in before:
        return formula.line, formula.col + node.pos
    return formula.line + before.count("\n"), len(before) - before.rfind("\n")

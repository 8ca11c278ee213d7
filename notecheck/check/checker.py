"""Check every claim of a note against numeric truth: verdicts, diagnoses, the layout.

`check_note` is the product's core: claims come from `notecheck.meaning.claims`, values
from the numeric engine on a few random draws with distinct sizes (so a transpose can never
hide), and every failed or unchecked claim becomes a `Finding` in the reader's terms
("transposed (numerator layout)", "sign", "scaled by 2"). It never reads files and never
calls a right claim wrong: when in doubt, the verdict is `unverified`, with the reason.

It asks the questions in order, each in its own module: is it true (`judge`), in which
layout (`layout`), how is it wrong (`diagnose`), what is right instead (`repair`, `derive`,
`fix`); `claim_report` turns the answers into the claim and its finding.
"""

from __future__ import annotations

import re
from dataclasses import replace

from notecheck.check.claim_report import make_claim, make_finding
from notecheck.check.judge import judge
from notecheck.check.layout import apply_layout, declared_layout, inferred_layout, layout_votes, mixed_layout_finding
from notecheck.check.outcome import DENOMINATOR, Outcome
from notecheck.check.repair import find_repair, with_intended_variable
from notecheck.check.worlds import Worlds
from notecheck.findings import Finding
from notecheck.latex.expr import Parsed
from notecheck.meaning import claims as C
from notecheck.meaning.entries import read_index_notation
from notecheck.result import FAILED, UNVERIFIED, VERIFIED, Layout, NoteResult


def check_note(note, trees: list[Parsed | None] | None = None, config=None) -> NoteResult:
    """Check every claim of `note`; `trees` align with `note.formulas` (None where a
    formula did not parse; the pipeline reports those as NC201)."""
    if trees is None:
        from notecheck.pipeline import parse_formulas

        trees = parse_formulas(note)[0]
    context = read_context(note, trees)
    env, shape_findings = infer_shapes(note, trees, context)
    relations = C.extract(note, trees)
    einstein = read_index_notation(note, trees, relations, env, context)
    worlds = Worlds(note, env, context, shape_findings, trees)
    declared = declared_layout(context, note, config)
    layout = declared or inferred_layout(layout_votes(relations, worlds), config)
    if declared is None and not any(r.kind == "derivative" for r in relations):
        layout = Layout(None, "no derivative claims")
    layout = replace(layout, einstein=einstein)
    outcomes = first_failures([judge(r, worlds.of(r.formula), layout.name or DENOMINATOR) for r in relations],
                              relations)
    result = NoteResult(note=note, trees=list(trees), layout=layout)
    result.findings.extend(shape_findings)
    for relation, outcome in zip(relations, outcomes):
        outcome = apply_layout(relation, ambiguous(note, relation, outcome), layout, declared is not None)
        if relation.kind == "definition" and outcome.verdict != VERIFIED:
            continue  # a definition is what later claims mean, not a claim (unless it restates one)
        repair = find_repair(note, relation, outcome, worlds.of(relation.formula), layout, env, context)
        claim = make_claim(note, relation, outcome, layout, repair)
        result.claims.append(claim)
        finding = make_finding(note, relation, outcome, claim)
        if finding is not None and outcome.code == "NC502":
            finding = with_intended_variable(note, relation, finding, worlds.of(relation.formula), layout)
        if finding is not None:
            result.findings.append(finding)
    mixed = mixed_layout_finding(relations, outcomes, layout)
    if mixed is not None:
        result.findings.append(mixed)
    return result


def first_failures(outcomes: list[Outcome], relations: list[C.Relation]) -> list[Outcome]:
    """Only the first failing step of a chain is an error: the steps after it compare
    with a value already wrong, and the reader needs to fix the first one first."""
    failed_chains: set[tuple[int, int]] = set()
    out = []
    for relation, outcome in zip(relations, outcomes):
        key = (relation.formula, relation.chain)
        if key in failed_chains and outcome.verdict == FAILED and outcome.code in ("NC401", "NC402", "NC403"):
            outcome = Outcome(UNVERIFIED, "follows a step that does not hold")
        elif outcome.verdict == FAILED:
            failed_chains.add(key)
        out.append(outcome)
    return out


CALL = re.compile(r"(?<![\\A-Za-z])([a-z])\s*\(")


def ambiguous(note, relation: C.Relation, outcome: Outcome) -> Outcome:
    """A failed claim that writes `r(X^T)` with an undefined plain letter may apply a
    function (the rank) where the tree multiplies by a scalar: not called wrong."""
    if outcome.verdict != FAILED or outcome.code == "NC502":
        return outcome
    latex = note.formulas[relation.formula].latex
    names = {sym.name for sym in C.inputs_of(relation.lhs, relation.defs) | C.inputs_of(relation.rhs, relation.defs)
             if not sym.bold and not sym.sub}
    called = sorted({m.group(1) for m in CALL.finditer(latex)} & names)
    if not called:
        return outcome
    return Outcome(UNVERIFIED, f"{called[0]}(…) may name a function the note does not define; read as a product "
                               f"it would be wrong ({outcome.diagnosis})")


def read_context(note, trees):
    """What the note declares; a fault there leaves the note with no declarations."""
    from notecheck.meaning import Context
    from notecheck.meaning import read_context as read

    try:
        return read(note, trees)
    except Exception:  # noqa: BLE001 - the claims can still be read, if less well
        return Context()


def infer_shapes(note, trees, context):
    """Shapes and shape findings; a fault there makes every claim unverified (and says so)
    rather than losing the note."""
    from notecheck.meaning import infer

    try:
        return infer(note, trees, context)
    except Exception as error:  # noqa: BLE001 - reported as NC901, the run goes on
        return None, [Finding("NC901", f"shape inference failed on this note ({type(error).__name__}: {error}); "
                                       "its claims are left unverified", line=1)]

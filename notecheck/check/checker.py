"""Check every claim of a note against numeric truth: verdicts, diagnoses, the layout.

`check_note` is the product's core: claims come from `notecheck.meaning.claims`, values
from the numeric engine on a few random draws with distinct sizes (so a transpose can never
hide), and every failed or unchecked claim becomes a `Finding` in the reader's terms
("transposed (numerator layout)", "sign", "scaled by 2"). It never reads files and never
calls a right claim wrong: when in doubt, the verdict is `unverified`, with the reason.

It asks the questions in order, each in its own module: is it true (`judge`), in which
layout (`layout`), how is it wrong (`diagnose`), what is right instead (`repair`, `derive`,
`candidates`); `claim_report` turns the answers into the claim and its finding.
"""

from __future__ import annotations

import re
from dataclasses import replace

from notecheck.check.claim_report import make_claim, make_finding
from notecheck.check.judge import judge
from notecheck.check.layout import apply_layout, declared_layout, inferred_layout, layout_votes, mixed_layout_finding
from notecheck.check.outcome import DENOMINATOR, Outcome
from notecheck.check.repair import find_repair, with_intended_variable
from notecheck.check.shape_failures import fold_into_shape_finding, in_note_sizes
from notecheck.check.worlds import Worlds
from notecheck.latex.expr import Parsed
from notecheck.meaning import NoteMeaning
from notecheck.meaning import claims as C
from notecheck.result import FAILED, UNVERIFIED, VERIFIED, Layout, NoteResult


def check_note(note, trees: list[Parsed | None], meaning: NoteMeaning, config=None) -> NoteResult:
    """Check every claim of `note`; `trees` align with `note.formulas` (None where a
    formula did not parse; the pipeline reports those as NC201); `meaning` is what the
    meaning stage read from them."""
    context, env, relations = meaning.context, meaning.shapes, meaning.relations
    shape_findings = meaning.shape_findings
    worlds = Worlds(note, env, context, shape_findings, trees)
    declared = declared_layout(context, note, config)
    layout = declared or inferred_layout(layout_votes(relations, worlds), config)
    if declared is None and not any(r.kind == "derivative" for r in relations):
        layout = Layout(None, "no derivative claims")
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
        claim.message = in_note_sizes(claim.message, worlds.of(relation.formula).size_names)
        result.claims.append(claim)
        finding = make_finding(note, relation, outcome, claim)
        if finding is not None and outcome.code == "NC502":
            finding = with_intended_variable(note, relation, finding, worlds.of(relation.formula), layout)
        if outcome.shape_failure:
            finding = fold_into_shape_finding(note.formulas[relation.formula], claim, len(result.claims) - 1,
                                              finding, result.findings, outcome.diagnosis)
        if finding is not None:
            result.findings.append(replace(finding, claims=(len(result.claims) - 1,)))
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

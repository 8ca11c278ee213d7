"""One-edit breaks of right claims must be flagged: a transpose dropped or added, the sign
flipped, the scale changed. Every verified claim of the test notes is broken each way
(edits that leave the value unchanged, like transposing a scalar, are not breaks) and
re-checked; at least 95% of the breaks must be flagged."""

import re
from fractions import Fraction

from marked_notes import CHECKED_KINDS, check, note_paths, right_claims

from notecheck.check.judge import judge
from notecheck.config import Config
from notecheck.findings import ERROR, WARNING
from notecheck.pipeline import check_file
from notecheck.check.layout import apply_layout, declared_layout
from notecheck.check.worlds import Worlds
from notecheck.latex.expr import Mul, Neg, Number, Symbol, Transpose, replace_node, walk
from notecheck.meaning import claims, read_meaning
from notecheck.result import VERIFIED


def first_transpose_dropped(rhs):
    """`rhs` with its first `^T` removed, or None if it has none."""
    target = next((n for n in walk(rhs) if isinstance(n, Transpose)), None)
    if target is None:
        return None
    return replace_node(rhs, target, target.arg)


def mutants(rhs):
    out = [("sign", rhs.arg if isinstance(rhs, Neg) else Neg(rhs)),
           ("scale", Mul((Number(Fraction(2)), rhs))),
           ("transpose added", Transpose(rhs))]
    dropped = first_transpose_dropped(rhs)
    if dropped is not None:
        out.append(("transpose dropped", dropped))
    return out


def broken_relations(path):
    """(relation, mutated relation, what was broken) for every verified claim of a note."""
    result = check(path)
    meaning = read_meaning(result.note, result.trees)
    worlds = Worlds(result.note, meaning.shapes, meaning.context, meaning.shape_findings, result.trees)
    keyed = {(r.formula, r.step): r for r in meaning.relations}
    declared = declared_layout(meaning.context, result.note, None)
    for claim in right_claims(result, path):
        if claim.verdict != VERIFIED or claim.kind not in CHECKED_KINDS:
            continue
        relation = keyed[(claim.formula, claim.step)]
        world = worlds.of(relation.formula)
        if not any(isinstance(n, Symbol) for n in walk(relation.rhs)):
            continue  # `= I`: transposing a constant changes nothing worth testing
        for what, rhs in mutants(relation.rhs):
            same = claims.Relation(relation.formula, relation.step, "identity", relation.rhs, rhs, "=",
                                   relation.defs, relation.variables)
            if judge(same, world, result.layout.name).verdict == VERIFIED:
                continue  # not a break: the edit leaves the value as it was
            broken = claims.Relation(relation.formula, relation.step, relation.kind, relation.lhs, rhs, "=",
                                     relation.defs, relation.variables)
            yield relation, broken, what, world, result.layout, declared is not None


def test_one_edit_breaks_of_right_claims_are_flagged():
    total, missed = 0, []
    for path in note_paths():
        for relation, broken, what, world, layout, declared in broken_relations(path):
            outcome = apply_layout(broken, judge(broken, world, layout.name), layout, declared)
            total += 1
            if outcome.verdict != "failed" and outcome.code != "NC601":
                missed.append((path.name, relation.formula, relation.step, what, outcome.verdict, outcome.message))
    assert total >= 60, total
    assert len(missed) <= 0.05 * total, (total, missed)


def test_one_edit_breaks_written_into_the_text_are_flagged(tmp_path):
    """The same breaks as an author would type them (the first transpose of a verified
    claim's right side dropped, the side negated, the side tripled), run through the whole
    pipeline: the claim fails, or an error or warning lands on its line. (A doubt the
    shape reading has about a formula must not excuse a failure the claim's own reading
    makes certain: `x(A + A^T)` for `x^T(A + A^T)`.)"""
    total, missed = 0, []
    for path in note_paths():
        base = check_file(path, path.name, Config())
        for claim in base.claims:
            formula = base.note.formulas[claim.formula]
            at = formula.latex.find(claim.rhs) if claim.rhs else -1
            if claim.verdict != VERIFIED or claim.kind not in ("step", "differential", "derivative") \
                    or formula.start < 0 or at < 0:
                continue
            start, rhs = formula.start + at, claim.rhs
            transpose = re.search(r"\^\{?(?:T|\\top)\}?", rhs)
            breaks = [f"-({rhs})", f"3({rhs})"] + ([rhs[:transpose.start()] + rhs[transpose.end():]] if transpose else [])
            for broken in breaks:
                copy = tmp_path / path.name
                copy.write_text(base.note.text[:start] + broken + base.note.text[start + len(rhs):], encoding="utf-8")
                result = check_file(copy, copy.name, Config())
                total += 1
                if not (any(c.verdict == "failed" and result.note.formulas[c.formula].line == formula.line
                            for c in result.claims)
                        or any(f.severity in (ERROR, WARNING) and f.line == formula.line for f in result.findings)):
                    missed.append((path.name, formula.line, broken))
    assert total >= 150, total
    assert len(missed) <= 0.01 * total, missed

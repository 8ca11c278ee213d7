#!/usr/bin/env python3
"""How often notecheck is right on notes whose answers we know.

    python scripts/accuracy.py

1. The checker's own test notes (`tests/notes`, wrong claims marked
   `<!-- expect: wrong -->`): right claims verified / failed, wrong claims flagged.
2. One-edit breaks (a transpose dropped or added, the sign flipped, the scale changed)
   of every verified claim of those notes: how many are flagged, made in the tree and
   judged by the checker, and made in the text and run through the whole pipeline.
3. `--fix` (and `--fix --unsafe-fixes`) then a second check, on copies of those notes
   and `examples/`: how many failed step, differential and derivative claims come out
   verified, wrong values and other-layout results counted apart.

The tests assert thresholds on the same measurements; this prints the figures.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from marked_notes import check, is_flagged, note_paths, right_claims, wrong_claims  # noqa: E402
from test_check_mutations import broken_relations  # noqa: E402

from notecheck.check.judge import judge  # noqa: E402
from notecheck.check.layout import apply_layout  # noqa: E402
from notecheck.config import Config  # noqa: E402
from notecheck.check import apply_edits  # noqa: E402
from notecheck.pipeline import check_file  # noqa: E402

FIXABLE = ("step", "differential", "derivative")


def marked_notes() -> None:
    right = wrong = verified = failed = flagged = 0
    for path in note_paths():
        result = check(path)
        rights, wrongs = right_claims(result, path), wrong_claims(result, path)
        right += len(rights)
        verified += sum(c.verdict == "verified" for c in rights)
        failed += sum(c.verdict == "failed" for c in rights)
        wrong += len(wrongs)
        flagged += sum(is_flagged(result, c) for c in wrongs)
    print(f"own notes ({len(note_paths())}): {verified}/{right} right claims verified "
          f"({100 * verified / right:.1f}%), {failed} failed; {flagged}/{wrong} wrong claims flagged")


def mutations() -> None:
    total = caught = 0
    for path in note_paths():
        for _, broken, _, world, layout, declared in broken_relations(path):
            outcome = apply_layout(broken, judge(broken, world, layout.name), layout, declared)
            total += 1
            caught += outcome.verdict == "failed" or outcome.code == "NC601"
    print(f"one-edit breaks of verified claims: {caught}/{total} flagged ({100 * caught / total:.1f}%)")


def text_breaks() -> None:
    """One-edit breaks made in the note's text, as an author would slip, and the whole
    pipeline run again: the first transpose of a verified claim's right side dropped,
    the side negated, the side tripled. Flagged = the claim fails or an error or warning
    lands on its line."""
    import re

    from notecheck.findings import ERROR, WARNING

    total = caught = 0
    with tempfile.TemporaryDirectory() as tmp:
        for source in [*note_paths(), *sorted((ROOT / "examples").glob("*.md"))]:
            base = check_file(source, source.name, Config())
            text = base.note.text
            for claim in base.claims:
                formula = base.note.formulas[claim.formula]
                if claim.verdict != "verified" or claim.kind not in FIXABLE or formula.start < 0 or not claim.rhs:
                    continue
                at = formula.latex.find(claim.rhs)
                if at < 0:
                    continue
                start = formula.start + at
                rhs = claim.rhs
                breaks = [f"-({rhs})", f"3({rhs})"]
                transpose = re.search(r"\^\{?(?:T|\\top)\}?", rhs)
                if transpose:
                    breaks.append(rhs[:transpose.start()] + rhs[transpose.end():])
                for broken in breaks:
                    path = Path(tmp) / source.name
                    path.write_text(text[:start] + broken + text[start + len(rhs):], encoding="utf-8")
                    result = check_file(path, path.name, Config())
                    total += 1
                    caught += any(c.verdict == "failed" and result.note.formulas[c.formula].line == formula.line
                                  for c in result.claims) or \
                        any(f.severity in (ERROR, WARNING) and f.line == formula.line for f in result.findings)
    print(f"one-edit breaks written into the text (whole pipeline): {caught}/{total} flagged "
          f"({100 * caught / total:.1f}%)")


def fixes(unsafe: bool) -> None:
    """Failed claims before, verified after; layout claims (NC601) apart, since their
    fixes are applied only with --unsafe-fixes."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        counts = {"value": [0, 0], "layout": [0, 0]}
        untouched = changed = 0
        for source in [*note_paths(), *sorted((ROOT / "examples").glob("*.md"))]:
            path = folder / f"{source.parent.name}-{source.name}"
            shutil.copyfile(source, path)
            result = check_file(path, path.name, Config())
            layout_lines = {f.line for f in result.findings if f.code == "NC601"}
            wrong = {}
            for c in result.claims:
                if c.verdict == "failed" and c.kind in FIXABLE:
                    line = result.note.formulas[c.formula].line
                    wrong[(c.formula, c.step)] = "layout" if line in layout_lines else "value"
            for kind in wrong.values():
                counts[kind][0] += 1
            edits = [f.edit for f in result.findings if f.edit is not None and (f.edit.safe or unsafe)]
            if not edits:
                continue
            text = apply_edits(result.note.text, edits)
            path.write_text(text, encoding="utf-8")
            again = check_file(path, path.name, Config())
            for c in again.claims:
                if (c.formula, c.step) in wrong and c.verdict == "verified":
                    counts[wrong[(c.formula, c.step)]][1] += 1
            changed += 1
            untouched += _outside_edits_unchanged(result.note.text, text, edits)
        flag = "--fix --unsafe-fixes" if unsafe else "--fix"
        (value_before, value_after), (layout_before, layout_after) = counts["value"], counts["layout"]
        print(f"{flag}, then a second check: {value_after}/{value_before} wrong claims and "
              f"{layout_after}/{layout_before} other-layout claims verified; text outside the edits "
              f"unchanged in {untouched}/{changed} changed files")


def _outside_edits_unchanged(old: str, new: str, edits) -> bool:
    pieces, last = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        pieces.append(old[last:edit.start])
        last = edit.end
    pieces.append(old[last:])
    position = 0
    for piece in pieces:
        found = new.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


if __name__ == "__main__":
    marked_notes()
    mutations()
    text_breaks()
    fixes(unsafe=False)
    fixes(unsafe=True)

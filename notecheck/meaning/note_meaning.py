"""The meaning stage's entry: what a note says, read once, handed to the checker.

`read_meaning` runs the readers in order: declarations (front matter, formulas, prose),
shapes (which need the declarations), claims, then index notation (which entries the
claims' subscripts are, which indices are summed or free: it needs the shapes). A fault in the first two must not lose
the note: it leaves no declarations, or every claim unverified with an NC901.
"""

from __future__ import annotations


from notecheck.findings import Finding
from notecheck.latex.expr import Parsed
from notecheck.meaning.claims import Relation, extract
from notecheck.meaning.context import Context
from notecheck.meaning.declarations import read_context
from notecheck.meaning.entries import read_index_notation
from notecheck.meaning.shapes import ShapeEnv, infer
from notecheck.records import Record


class NoteMeaning(Record):
    """What a note says: its declarations and layout in words (`context`), the shape of
    every node (`shapes`, None if inference failed) with its findings, and its claims."""

    context: Context
    shapes: ShapeEnv | None
    shape_findings: list[Finding]
    relations: list[Relation]
    einstein: str = ""  # why the note sums repeated indices without writing the sum, or ""


def read_meaning(note, trees: list[Parsed | None]) -> NoteMeaning:
    """Everything `note` says; `trees` align with `note.formulas` (None where one did not parse)."""
    context = _declarations(note, trees)
    shapes, shape_findings = _shapes(note, trees, context)
    relations = extract(note, trees)
    einstein = read_index_notation(note, trees, relations, shapes, context)
    return NoteMeaning(context, shapes, shape_findings, relations, einstein)


def _declarations(note, trees) -> Context:
    """What the note declares; a fault there leaves the note with no declarations."""
    try:
        return read_context(note, trees)
    except Exception:  # noqa: BLE001 - the claims can still be read, if less well
        return Context()


def _shapes(note, trees, context) -> tuple[ShapeEnv | None, list[Finding]]:
    """Shapes and shape findings; a fault there makes every claim unverified (and says so)
    rather than losing the note."""
    try:
        return infer(note, trees, context)
    except Exception as error:  # noqa: BLE001 - reported as NC901, the run goes on
        return None, [Finding("NC901", f"shape inference failed on this note ({type(error).__name__}: {error}); "
                                       "its claims are left unverified", line=1)]

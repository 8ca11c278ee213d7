"""A note's formulas → trees: one `Parsed` per formula, or None with why not and an NC201
finding at the place it fails. The note is anything with `.formulas` (read's `Note`), so
this stage needs nothing of how notes are read."""

from __future__ import annotations

from notecheck.findings import Finding
from notecheck.latex.lex import ParseError
from notecheck.latex.parser import parse


def parse_formulas(note):
    """A tree per formula (None where it does not parse), why not, and an NC201 per failure."""
    trees, errors, findings = [], [], []
    for formula in note.formulas:
        try:
            trees.append(parse(formula.latex))
            errors.append(None)
            continue
        except ParseError as error:
            message, offset = error.message, error.col - 1
        except RecursionError:
            message, offset = "nested too deeply", 0
        trees.append(None)
        errors.append(message)
        col = formula.col + offset if formula.line == formula.end_line else formula.col
        findings.append(Finding("NC201", f"formula does not parse: {message}", line=formula.line, col=col,
                                end_line=formula.end_line, formula=formula.latex, cell=formula.cell))
    return trees, errors, findings

"""Text in the note's own words: what it wrote for a node, how it writes a transpose, and
edited right-hand sides spliced from its source (`-(...)`, `(...)^T`, `2X^T(Xw - y)`)."""

from __future__ import annotations

from fractions import Fraction

from notecheck.latex.expr import Add, Expr, Mul, Neg, Number, Transpose
from notecheck.meaning import claims as C


def source_of(note, relation: C.Relation, node: Expr) -> str | None:
    """The LaTeX the note wrote for a node, by its offsets in the formula; printed for a
    node placed in no formula (the side a `= …` formula goes on from, written in the
    formula before it: `notecheck.latex.continued`)."""
    latex = note.formulas[relation.formula].latex
    if 0 <= node.pos < node.end <= len(latex):
        return latex[node.pos:node.end].strip()
    if node.pos < 0:
        return to_latex(node, note)
    return None


TRANSPOSE_MARKS = ("^\\top", "^{\\top}", "^T", "^{T}", "^\\intercal", "^{\\mathsf{T}}", "^\\mathsf{T}")


def transpose_mark(note) -> str:
    """How this note writes a transpose (`^T`, `^\\top`, ...), so fixes read like the note."""
    return last_note_habit("transpose", note, note.text, _transpose_mark)


def _transpose_mark(text: str) -> str:
    counts = {mark: text.count(mark) for mark in TRANSPOSE_MARKS}
    best = max(TRANSPOSE_MARKS, key=lambda mark: counts[mark])
    return best if counts[best] else "^T"


LAST_NOTE: dict = {}  # habit -> (note, what it was read from, the habit): the note being checked


def last_note_habit(name: str, note, source, read):
    """`read(source)`, once per note: every fix and message of a note asks for the same
    habit, and reading it scans all the note's text. Only the last note is kept, by
    identity and with what it was read from, so nothing passes from one note to another."""
    known = LAST_NOTE.get(name)
    if known is None or known[0] is not note or known[1] != source:
        known = LAST_NOTE[name] = (note, source, read(source))
    return known[2]


def transposed_text(latex: str, mark: str = "^T") -> str:
    """`G` as `(G)^T`, and `(G)^T` back as `G`: the same gradient in the other layout."""
    for written in TRANSPOSE_MARKS:
        inner = latex[1:-len(written) - 1]
        if latex.endswith(")" + written) and latex.startswith("(") and balanced(inner):
            return inner
    if len(latex) == 1 or latex.isalnum():
        return latex + mark
    return f"({latex}){mark}"


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def to_latex(node: Expr, note) -> str | None:
    """The printer's LaTeX for a node built by the checker, in the note's habits
    (`\\mathbf` or `\\boldsymbol`, `^\\top` or `^T`); None if it cannot print it."""
    try:
        from notecheck.latex import style_of
        from notecheck.latex import to_latex as print_latex

        style = last_note_habit("style", note, tuple(f.latex for f in note.formulas), style_of)
        return print_latex(node, style)
    except Exception:  # noqa: BLE001 - without a printed form the finding still stands
        return None


def whole_edit_text(source: str | None, rhs: Expr, candidate: Expr, mark: str) -> str | None:
    """The edited right-hand side in the note's own words, for the edits that wrap it
    whole (sign, transpose): `-(...)`, `(...)^T`."""
    if not source:
        return None
    if candidate == Transpose(rhs) or (isinstance(rhs, Transpose) and candidate == rhs.arg):
        return transposed_text(source, mark)
    if candidate == Neg(rhs):
        return f"-({source})" if isinstance(rhs, (Add, Neg)) else f"-{source}"
    if isinstance(rhs, Neg) and candidate == rhs.arg and source.startswith("-"):
        return source[1:].strip()
    return None


def scaled_text(note, relation: C.Relation, candidate: Expr) -> str | None:
    """A rescaled right-hand side in the note's own words: `\\frac{1}{2}(A + A^T)`,
    `2X^T(Xw - y)`, or the body with its wrong factor dropped."""
    rhs = relation.rhs
    factors = rhs.factors if isinstance(rhs, Mul) else (rhs,)
    lead = factors[0] if isinstance(factors[0], Number) and len(factors) > 1 else None
    body_nodes = factors[1:] if lead is not None else factors
    latex = note.formulas[relation.formula].latex
    start = body_nodes[0].pos
    if start < 0 or rhs.end < 0:
        return None
    body = latex[start:rhs.end].strip()
    body_expr = body_nodes[0] if len(body_nodes) == 1 else Mul(tuple(body_nodes))
    if candidate == body_expr:
        return body
    if not (isinstance(candidate, Mul) and isinstance(candidate.factors[0], Number)):
        return None
    rest = candidate.factors[1:]
    if (rest[0] if len(rest) == 1 else Mul(rest)) != body_expr:
        return None
    if isinstance(body_expr, (Add, Neg)):
        body = f"({body})"
    return number_text(candidate.factors[0].value) + body


def number_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"

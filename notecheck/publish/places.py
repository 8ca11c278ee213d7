"""Where a finding stands in the file a user opens.

A notebook's formulas are found by cell, line and column inside the cell's source (as
Jupyter shows them); editors, GitHub's annotations and SARIF viewers open the `.ipynb`
file itself, a JSON document in which each source line is an escaped string. The
notebook reader records where each source line starts in the file (`Note.cell_lines`);
`file_place` turns a cell position into the file's own `line:col`.
"""

from __future__ import annotations

from notecheck.findings import INFO
from notecheck.read import raw_offset


def file_place(note, cell: int | None, line: int, col: int) -> tuple[int, int]:
    """The 1-based line and column in the file of `line`/`col` of `cell` (a cell position
    the reader did not record stays as it is)."""
    starts = note.cell_lines.get(cell) if cell is not None else None
    if not starts or not 1 <= line <= len(starts):
        return line, col
    offset = raw_offset(note.text, starts[line - 1], max(col - 1, 0))
    file_line = note.text.count("\n", 0, offset) + 1
    return file_line, offset - (note.text.rfind("\n", 0, offset) + 1) + 1


def shown(result, show_info: bool) -> list:
    """The findings a report lists: info ones (unverified claims) only when asked for."""
    return [f for f in result.findings if show_info or f.severity != INFO]


def place(result, finding) -> tuple[int, int, int]:
    """Line, column and end line of a finding in the file itself (for a notebook: the
    `.ipynb` line where that source line stands, not the line inside the cell)."""
    note = result.note
    line, col = file_place(note, finding.cell, finding.line, finding.col)
    end_line = file_place(note, finding.cell, finding.end_line or finding.line, 1)[0]
    return line, col, max(end_line, line)


def cell_label(finding) -> str:
    """`[cell 3] ` for a notebook finding: cells counted from 1, as notebook users do."""
    return f"[cell {finding.cell + 1}] " if finding.cell is not None else ""

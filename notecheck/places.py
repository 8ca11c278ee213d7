"""Where a finding stands in the file a user opens.

A notebook's formulas are found by cell, line and column inside the cell's source (as
Jupyter shows them); editors, GitHub's annotations and SARIF viewers open the `.ipynb`
file itself, a JSON document in which each source line is an escaped string. The
notebook reader records where each source line starts in the file (`Note.cell_lines`);
`file_place` turns a cell position into the file's own `line:col`.
"""

from __future__ import annotations

from notecheck.findings import INFO


def file_place(note, cell: int | None, line: int, col: int) -> tuple[int, int]:
    """The 1-based line and column in the file of `line`/`col` of `cell` (a cell position
    the reader did not record stays as it is)."""
    starts = note.cell_lines.get(cell) if cell is not None else None
    if not starts or not 1 <= line <= len(starts):
        return line, col
    offset = _raw_offset(note.text, starts[line - 1], max(col - 1, 0))
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


def json_line_starts(text: str, pieces: list[int]) -> tuple[int, ...]:
    """Offsets in `text` where each line of a JSON-encoded source begins; `pieces` are the
    offsets just after the opening quote of the strings the source is made of, in order."""
    starts: list[int] = []
    at_line_start = True
    for i in pieces:
        while i < len(text) and text[i] != '"':
            if at_line_start:
                starts.append(i)
                at_line_start = False
            newline = text.startswith("\\n", i)
            i = _next_char(text, i)
            at_line_start = newline
    return tuple(starts)


def _raw_offset(text: str, start: int, chars: int) -> int:
    """The offset in `text` of the character `chars` decoded characters after `start`,
    inside one JSON string (stops at its closing quote)."""
    i = start
    for _ in range(chars):
        if i >= len(text) or text[i] == '"' or text.startswith("\\n", i):
            break
        i = _next_char(text, i)
    return i


def _next_char(text: str, i: int) -> int:
    """Past one decoded character of a JSON string: `\\uD83D\\uDE00` is one character."""
    if text[i] != "\\":
        return i + 1
    if text[i + 1:i + 2] != "u":
        return i + 2
    if 0xD800 <= int(text[i + 2:i + 6] or "0", 16) < 0xDC00 and text.startswith("\\u", i + 6):
        return i + 12
    return i + 6

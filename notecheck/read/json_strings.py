"""Where the characters of a JSON string stand in the file that holds it.

A notebook's markdown cells are JSON strings in the `.ipynb` file, escaped (`\\n`,
`\\"`, `\\uXXXX`). The notebook reader records where each source line of a cell starts
in the file (`Note.cell_lines`, from `json_line_starts`); a report turns a position
inside the cell back into one in the file with `raw_offset`, so editors and CI point
at the `.ipynb`'s own lines.
"""

from __future__ import annotations


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


def raw_offset(text: str, start: int, chars: int) -> int:
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

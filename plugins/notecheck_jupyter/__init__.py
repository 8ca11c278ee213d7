"""Jupyter notebooks: the formulas of markdown cells.

A notebook is JSON; its markdown cells are Markdown and are read exactly as a note
(with the other active plugins). Every formula, paragraph, finding and token is tagged
with its cell: `Formula.cell` is the 0-based cell index and `line`/`col` count inside
the cell, as Jupyter shows them. Formula offsets are -1: the cell's text is
JSON-escaped in the file; where each source line starts in the file is kept in
`Note.cell_lines`, so that reports can point at the `.ipynb`'s own lines. Code and raw
cells are not read. A file that is not JSON,
or not a notebook, is an NC106 finding. Per-line suppression comments do not apply
to notebooks; `ignore-file` does.
"""

from __future__ import annotations

from dataclasses import replace


def read_notebook(path: str, text: str, plugins):
    import json

    from notecheck.findings import Finding
    from notecheck.read import Note

    note = Note(path=path, text=text, title=_stem(path), kind="notebook")
    try:
        data = _located_decoder().decode(text)
    except json.JSONDecodeError as error:
        note.findings.append(Finding("NC106", f"notebook is not valid JSON: {error.msg}",
                                     line=error.lineno, col=error.colno))
        return note
    except (ValueError, RecursionError) as error:
        note.findings.append(Finding("NC106", f"notebook is not valid JSON: {error}"))
        return note
    cells = _cells(data)
    if cells is None:
        note.findings.append(Finding("NC106", "not a Jupyter notebook: no list of cells (nbformat 3 or 4)"))
        return note
    for index, cell in enumerate(cells):
        source = _markdown_source(cell)
        if source is not None:
            _add_cell(note, index, source, plugins)
            note.cell_lines[index] = _line_starts(text, cell)
    note.title = _title(data, note) or note.title
    return note


readers = {".ipynb": read_notebook}


class _At(str):
    """A JSON string value that remembers where its text starts in the file."""

    at: int


def _located_decoder():
    """json's own decoder, with string values that carry their offset (`_At.at`)."""
    import json
    import json.decoder
    import json.scanner

    decoder = json.JSONDecoder()

    def parse_string(s, end, strict):
        value, stop = json.decoder.scanstring(s, end, strict)
        located = _At(value)
        located.at = end
        return located, stop

    decoder.parse_string = parse_string
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder


def _line_starts(text: str, cell: dict) -> tuple[int, ...]:
    from notecheck.read import json_line_starts

    source = cell.get("source", "")
    pieces = source if isinstance(source, list) else [source]
    return json_line_starts(text, [p.at for p in pieces if isinstance(p, _At)])


def _cells(data) -> list | None:
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("cells"), list):
        return data["cells"]
    worksheets = data.get("worksheets")  # nbformat 3
    if isinstance(worksheets, list) and worksheets and isinstance(worksheets[0], dict):
        cells = worksheets[0].get("cells")
        return cells if isinstance(cells, list) else None
    return None


def _markdown_source(cell) -> str | None:
    if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
        return None
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else None


def _add_cell(note, index: int, source: str, plugins) -> None:
    from notecheck.read import Paragraph
    from notecheck.read import read_markdown

    cell = read_markdown(source, note.path, plugins)
    shift = len(note.formulas)
    for formula in cell.formulas:
        formula.cell, formula.start, formula.end = index, -1, -1
    note.formulas.extend(cell.formulas)
    note.paragraphs.extend(Paragraph(p.line, tuple(part + shift if isinstance(part, int) else part
                                                   for part in p.parts), p.row) for p in cell.paragraphs)
    note.findings.extend(replace(finding, cell=index) for finding in cell.findings)
    if 0 in cell.suppressions:
        known = note.suppressions.get(0)
        codes = cell.suppressions[0]
        note.suppressions[0] = codes if known is None else (frozenset() if not known or not codes else known | codes)
    for token in cell.tokens:
        token.meta["cell"] = index
        for tagged in [token, *(token.children or [])]:
            if "formula" in tagged.meta:
                tagged.meta["formula"] += shift
    note.tokens.extend(cell.tokens)


def _title(data, note) -> str | None:
    """Notebook metadata `title`, else the first heading of a markdown cell."""
    metadata = data.get("metadata") if isinstance(data, dict) else None
    title = metadata.get("title") if isinstance(metadata, dict) else None
    if isinstance(title, str) and title.strip():
        return title.strip()
    from notecheck.read import heading_text

    for index, token in enumerate(note.tokens):
        if token.type == "heading_open" and index + 1 < len(note.tokens) and heading_text(note.tokens[index + 1]):
            return heading_text(note.tokens[index + 1])
    return None


def _stem(path: str) -> str:
    from pathlib import Path

    return Path(path).stem or path

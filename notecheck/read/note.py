"""What reading a file produces: a `Note` with its formulas, prose and front matter.

A Note knows where every formula sits in the file (so findings point at it and `--fix`
can splice), and nothing about checking or HTML. Readers (Markdown, plugins) build it;
everything downstream only reads it.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from notecheck.findings import Finding
from notecheck.records import Record


class Formula(Record):
    """One formula as the note wrote it.

    `latex` is the LaTeX to parse (decoded from a Zhihu image, repaired from damaged
    text). `line`/`col`/`end_line` are 1-based positions in the file (for a notebook:
    in the cell, with `cell` its 0-based index). `start`/`end` are offsets of the
    formula's LaTeX in `Note.text`, or -1 when the LaTeX does not stand there verbatim
    (decoded or repaired), which makes it not editable by `--fix`. `original` is the
    source text when it differs from `latex`.
    """

    latex: str
    line: int
    col: int
    end_line: int
    display: bool
    delimiter: str
    start: int = -1
    end: int = -1
    cell: int | None = None
    original: str | None = None


class Paragraph(Record):
    """A block of prose in reading order: strings of text and indices into `Note.formulas`.

    Declarations like "其中 $\\boldsymbol{a}$ 是 $m×1$ 列向量" are read from these.
    A table's row is one (`row`): its cells, joined by " | ", say one thing apart from
    the rows around it.
    """

    line: int
    parts: tuple[str | int, ...]
    row: bool = False


class Note(Record):
    """One note as read: its text, front matter, formulas, prose and Markdown tokens."""

    path: str
    text: str
    title: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    formulas: list[Formula] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # line -> codes suppressed there by `<!-- notecheck: ignore NC201 -->`; empty = all
    suppressions: dict[int, frozenset[str]] = field(default_factory=dict)
    # the markdown-it token stream the reader used (the site renders from it);
    # a math token carries `meta["formula"]`, its index into `formulas`
    tokens: list[Any] = field(default_factory=list)
    # which reader made it: 'markdown', 'notebook', ...
    kind: str = "markdown"
    # notebook: cell index -> offset in `text` where each line of its source begins
    # (inside the JSON string), so reports can point at the .ipynb's own lines
    cell_lines: dict[int, tuple[int, ...]] = field(default_factory=dict)

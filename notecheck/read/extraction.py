"""Formulas and prose at their exact place: walks the token stream into `Formula`s (with
line, column and offsets in the file) and `Paragraph`s (text parts and formula indices).
Inline tokens carry no line map, so positions come from the block map and the offsets
the wrapped inline rules recorded."""

from __future__ import annotations

import re
from bisect import bisect_right

from notecheck.findings import Finding
from notecheck.read.note import Formula, Paragraph

MATH_TOKENS = {"math_inline", "math_inline_double", "math_block", "math_block_label", "amsmath"}
DISPLAY_TOKENS = {"math_inline_double", "math_block", "math_block_label", "amsmath"}


class LineIndex:
    """Offsets in a text ↔ 1-based (line, column); columns count characters."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def start(self, line0: int) -> int:
        """Offset where 0-based line `line0` starts (the text's end past the last line)."""
        return self.starts[line0] if line0 < len(self.starts) else len(self.text)

    def line_text(self, line0: int) -> str:
        start = self.start(line0)
        end = self.text.find("\n", start)
        return self.text[start:end if end >= 0 else len(self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        line0 = bisect_right(self.starts, offset) - 1
        return line0 + 1, offset - self.starts[line0] + 1


class InlineSource:
    """Where each line of an inline token's content stands in the file.

    Paragraph lines are the file's lines minus container prefixes (`> `, list indent),
    so a content line is the tail of its file line; table cells and headings are found
    by search, left to right along the row (`taken` remembers how far each line is used).
    """

    def __init__(self, token, lines: LineIndex, taken: dict[int, int]):
        self.content = token.content
        self.line_starts: list[int] = []  # offsets in content
        self.file_offsets: list[int] = []
        first_line = token.map[0] if token.map else 0
        at = 0
        for k, part in enumerate(self.content.split("\n")):
            line0 = first_line + k
            source = lines.line_text(line0)
            column = _column_of(part, source, taken.get(line0, 0))
            taken[line0] = column + len(part)
            self.line_starts.append(at)
            self.file_offsets.append(lines.start(line0) + column)
            at += len(part) + 1

    def offset(self, at: int) -> int:
        """File offset of content offset `at`."""
        k = bisect_right(self.line_starts, at) - 1
        return self.file_offsets[k] + at - self.line_starts[k]


def _column_of(part: str, source: str, after: int) -> int:
    for candidate in (source, source.rstrip()):
        if candidate.endswith(part) and len(candidate) - len(part) >= after:
            return len(candidate) - len(part)
    found = source.find(part, after)
    return found if found >= 0 else min(after, len(source))


class Extraction:
    """One pass over the tokens: formulas (with positions), paragraphs, NC105s, and each
    formula's span of lines from opening to closing delimiter (for suppressions)."""

    def __init__(self, text: str, lines: LineIndex):
        self.text = text
        self.lines = lines
        self.formulas: list[Formula] = []
        self.paragraphs: list[Paragraph] = []
        self.findings: list[Finding] = []
        self.spans: list[tuple[int, int]] = []
        self.taken: dict[int, int] = {}

    def walk(self, tokens) -> None:
        row: list[str | int] | None = None
        row_line = 0
        for token in tokens:
            if token.type == "tr_open":
                row, row_line = [], (token.map[0] + 1 if token.map else 1)
            elif token.type == "tr_close" and row is not None:
                self._add_paragraph(row_line, row, table_row=True)
                row = None
            elif token.type == "inline":
                parts = self.inline(token)
                if row is None:
                    self._add_paragraph(token.map[0] + 1 if token.map else 1, parts)
                else:
                    row.extend([" | "] if row else [])
                    row.extend(parts)
            elif token.type in MATH_TOKENS:
                index = self.block_formula(token)
                if index is not None:
                    self.paragraphs.append(Paragraph(self.formulas[index].line, (index,)))

    def _add_paragraph(self, line: int, parts: list[str | int], table_row: bool = False) -> None:
        merged: list[str | int] = []
        for part in parts:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            elif part != "":
                merged.append(part)
        if merged:
            self.paragraphs.append(Paragraph(line, tuple(merged), table_row))

    def inline(self, token) -> list[str | int]:
        """Formulas of one inline token, and its prose with formula indices in place."""
        children = token.children or []
        for child in children:
            if child.type in MATH_TOKENS or "$$" in child.content:
                break
        else:  # prose only (`plain_text` written out: a tenth of reading's tokens are here)
            return [child.content if child.type in TEXT_TOKENS else "\n" if child.type in BREAK_TOKENS else ""
                    for child in children]
        source = InlineSource(token, self.lines, self.taken)
        parts: list[str | int] = []
        cursor = 0
        for child in children:
            kind = child.type
            if kind in MATH_TOKENS:
                index = self.inline_formula(child, source)
                if index is not None:
                    parts.append(index)
            elif kind == "text":
                if "$$" in child.content:
                    self.unclosed(source, cursor)
                parts.append(child.content)
            else:  # `plain_text` of any other token, written out
                parts.append(child.content if kind in TEXT_TOKENS else "\n" if kind in BREAK_TOKENS else "")
            src = child.meta.get("src")
            if src is not None:
                cursor = src[1]
        return parts

    def inline_formula(self, token, source: InlineSource) -> int | None:
        content = token.content
        latex = content.strip()
        if not latex:
            return None
        start, end = token.meta.get("src", (0, len(source.content)))
        at = source.content.find(content, start, end)  # where the LaTeX stands between the delimiters
        verbatim = at >= 0 and "original" not in token.meta
        opened, closed = source.offset(start), source.offset(max(start, end - 1))
        if verbatim:
            at += len(content) - len(content.lstrip())
            first, last = source.offset(at), source.offset(at + len(latex) - 1)
        else:
            first, last = opened, closed
        return self._add(token, latex, first, last, verbatim, opened, closed)

    def block_formula(self, token) -> int | None:
        latex = token.content.strip()
        if not latex or not token.map:
            return None
        begin = self.lines.start(token.map[0])
        head, tail = latex.split("\n", 1)[0], latex.rsplit("\n", 1)[-1].strip()
        first = self.text.find(head, begin, self.lines.start(token.map[1] + 1))
        found = first >= 0
        first = first if found else begin
        last_line0 = self.lines.position(first)[0] - 1 + latex.count("\n")
        tail_at = self.text.find(tail, self.lines.start(last_line0), self.lines.start(last_line0 + 1))
        last = tail_at + len(tail) - 1 if tail_at >= 0 else self.lines.start(last_line0)
        closing_line = max(token.map[1] - (0 if token.type == "amsmath" else 1), token.map[0])
        return self._add(token, latex, first, last, found and tail_at >= 0, begin, self.lines.start(closing_line))

    def _add(self, token, latex: str, first: int, last: int, verbatim: bool, opened: int, closed: int) -> int:
        """Record a formula. When the source between `first` and `last` is the LaTeX up to
        the indentation markdown-it strips inside lists, that source is the LaTeX, so
        `Note.text[start:end] == latex` always holds for an editable formula."""
        source = self.text[first:last + 1]
        exact = verbatim and (source == latex or source.split() == latex.split())
        latex = source if exact else latex
        starts = self.lines.starts  # `LineIndex.position` written out: four places a formula
        line = bisect_right(starts, first)
        col = first - starts[line - 1] + 1
        end_line = bisect_right(starts, last)
        meta = token.meta
        formula = Formula(  # by position, as the fields are declared: keywords bind at twice the cost
            latex,
            line,
            col,
            max(end_line, line),  # end_line
            meta.get("display", token.type in DISPLAY_TOKENS),  # display
            meta.get("delimiter") or ("env" if token.type == "amsmath" else token.markup or "$"),  # delimiter
            first if exact else -1,  # start
            last + 1 if exact else -1,  # end
            None,  # cell
            meta.get("original"),  # original
        )
        meta["formula"] = len(self.formulas)
        self.formulas.append(formula)
        self.spans.append((bisect_right(starts, opened), max(bisect_right(starts, closed), end_line)))
        return meta["formula"]

    def unclosed(self, source: InlineSource, cursor: int) -> None:
        at = source.content.find("$$", cursor)
        if at < 0:
            return
        line, col = self.lines.position(source.offset(at))
        self.findings.append(Finding("NC105", "`$$` is never closed: the formula after it is read as text",
                                     line=line, col=col))


BREAK_TOKENS = frozenset({"softbreak", "hardbreak"})
TEXT_TOKENS = frozenset({"text", "code_inline"})


def plain_text(token) -> str:
    if token.type in BREAK_TOKENS:
        return "\n"
    if token.type in TEXT_TOKENS:
        return token.content
    return ""

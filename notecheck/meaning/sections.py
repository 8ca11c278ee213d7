"""Scopes: the stretches of a note whose symbols keep one binding.

Notes reuse letters (`W` is l×m in one example and m×n in the next), so a new section
starts at each heading (a bold line alone, in a note that has no other headings), "例N" /
"Example N", and "设 X∈…" / "Let X be …" paragraph, at each row of a table of results, and
where a formula declares a letter again with other sizes (the section goes on with the rest
of its declarations); in a notebook, a declaration holds from its cell until the symbol is
declared again, and a part that opens with a heading of its own (`opens_with_heading`) is a
new topic, where a held declaration is doubted as a Markdown note's earlier sections are."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import field

from notecheck.latex.expr import Chain, Symbol
from notecheck.meaning.word_search import note_mention_text
from notecheck.records import Record

# ---------------------------------------------------------------- sections


class Section(Record):
    """A stretch of the note whose symbols keep one binding: from a heading or "例N" on."""

    line: int
    formulas: list[int] = field(default_factory=list)
    decls: list = field(default_factory=list)


# the start of a line (after the newline before it, `lines_starting`), and a Markdown or LaTeX heading there
LINE_START = r"\n[^\S\n]{0,3}(?:>[^\S\n]*)*"
HEADING = r"#{1,6}[^\S\n]|\\(?:sub){0,2}section\*?\{"
# the start of a line that starts a section
SECTION_START = re.compile(LINE_START + r"(?:" + HEADING + r"|(?:\*\*|【)?(?:例|练习|习题|Example[^\S\n]*|"
                           r"EXAMPLE[^\S\n]*|Exercise[^\S\n]*|Problem[^\S\n]*)[^\S\n]*(?:\d+|[:：](?:\*\*)?)|[-*+][^\S\n]+"
                           r"(?:若存在|如果存在|Suppose\b|If[^\S\n]+we[^\S\n]+have\b)"
                           r"|(?:\\\(|\(|（)\d{1,2}(?:\\\)|\)|）)[^\S\n]*(?=[^\s$\\]))")  # `(5) 矩阵乘上列向量`: a case
HEADINGS = re.compile(LINE_START + r"(?:" + HEADING + r")")
BOLD_LINE = re.compile(LINE_START + r"\*\*[^*$\n]{1,60}\*\*[^\S\n]*(?=\n)")  # `**optimization**` alone on its line
BOLD_ALONE = re.compile(r"\*\*[^*$\n]{1,60}\*\*[^\S\n]*")  # a paragraph that is that line


LET = re.compile(r"(?:^|[。.;；:：]\s*)(?:[-*>]\s*)*(?:设|令|假设|Let\b|Suppose\b|Assume\b|Given\b"
                 r"|Soit\b|Soient\b|Supposons\b|Sei\b|Seien\b|Sea\b|Sean\b|Seja\b|Sejam\b)", re.I)  # fr de es pt


def lines_starting(pattern: re.Pattern, text: str) -> set[int]:
    """The numbers (from 1) of the lines of `text` that `pattern` matches at their start;
    `pattern` begins with the newline before the line and stays within it (its blanks
    exclude the newline). One search of the whole text: matching the lines one by one
    took twice as long."""
    text, newlines, counted, out = "\n" + text, 0, 0, set()
    for m in pattern.finditer(text):
        newlines += text.count("\n", counted, m.start())
        counted = m.start()
        out.add(newlines + 1)
    return out


# words that announce the next example, whose letters need not mean the last one's
ANOTHER_EXAMPLE = re.compile(r"\b(?:one\s+more|another|a\s+(?:second|third|new))\s+example\b|再看一个例子|另一个例子"
                             r"|もう一つの例|別の例|또\s*다른\s*예", re.I)
EXAMPLE_WORDS = ("example", "例", "예")  # one of them is in every match of ANOTHER_EXAMPLE


def section_lines(note, context=None) -> list[int]:
    """Headings, "例N"/"Example N", a paragraph that announces another example, and "设
    X∈…" / "Let X be …" paragraphs that declare: these begin new bindings. ("其中 a 是 …",
    "where …" refer back to the formula before.)"""
    starts = lines_starting(SECTION_START, note.text) if note.kind != "notebook" else set()
    if note.kind != "notebook" and not HEADINGS.search("\n" + note.text):  # a note whose headings are bold lines
        starts |= lines_starting(BOLD_LINE, note.text)
    starts |= example_lines(note)
    declared = sorted({d.line for d in (context.all() if context is not None else []) if not d.note_wide})
    paragraphs = sorted(note.paragraphs, key=lambda p: p.line)
    for k, paragraph in enumerate(paragraphs):
        end = paragraphs[k + 1].line if k + 1 < len(paragraphs) else paragraph.line + 1
        at = bisect_left(declared, paragraph.line)
        if at == len(declared) or declared[at] >= end:
            continue  # nothing declared in it (asked before its words are searched: most paragraphs)
        first = paragraph.parts[0] if paragraph.parts else ""
        if isinstance(first, str) and LET.search(first.strip()):
            starts.add(paragraph.line)
    return [1] + sorted(s for s in starts if s > 1)


# a list item's first line, and the left side of a formula's first `=`
LIST_ITEM = re.compile(r"\n[^\S\n]{0,3}(?:\d{1,2}[.)]|[-*+])[^\S\n]+")
LEFT_SIDE = re.compile(r"\s*([^=<>]{1,40}?)\s*=(?!=)")


def list_items(note) -> tuple[list[int], list[str]]:
    """The first lines of the note's list items, in order, and its lines."""
    return sorted(lines_starting(LIST_ITEM, note.text)), note.text.split("\n")


def alternative_items(note, items: list[int], text: list[str]) -> list[list[int]]:
    """The first lines of list items next to each other whose first formulas define the same
    left side ("1. the bilinear form $S_{ij} = c_i^T W q_j$", "3. … symmetric $S_{ij} =
    c_i^T W^T D W q_j$"), one list per run of them: forms a note lists side by side, each with
    letters of its own (W is d×d in the first and k×d in the third) beside what the note
    declared before the list. (`items`, `text`: `list_items(note)`.)"""
    first_lines = set(items)
    sides: dict[int, str] = {}
    for formula in note.formulas:
        if formula.line in first_lines and formula.line not in sides:
            left = LEFT_SIDE.match(formula.latex)
            sides[formula.line] = left.group(1).replace(" ", "") if left else ""
    lines = sorted(sides)
    runs: list[list[int]] = []
    for a, b in zip(lines, lines[1:]):
        if sides[a] and sides[a] == sides[b] and same_list(text, a, b):
            if runs and runs[-1][-1] == a:
                runs[-1].append(b)
            else:
                runs.append([a, b])
    return runs


def declaring_items(note, declarations, items: list[int], text: list[str]) -> list[list[int]]:
    """A list item that states a claim and declares its letters (`10. $K_{pm}(A \\otimes B)K_{nq}
    = B \\otimes A$, $A \\in \\mathbb{R}^{m \\times n}$, $B \\in \\mathbb{R}^{p \\times q}$`), with the item
    after it: the declaration is that item's, not the other items' of a list of laws (A m×n made
    `(A + B) \\otimes C` and `(A \\otimes B)^{-1}` in the items before it false errors)."""
    declared = {d.line for d in declarations if not d.note_wide and d.shape is not None}
    claimed = {f.line for f in note.formulas if "=" in f.latex and "\\in" not in f.latex}
    runs = []
    for k, line in enumerate(items):
        if k and line in declared and line in claimed and same_list(text, items[k - 1], line):
            after = items[k + 1] if k + 1 < len(items) and same_list(text, line, items[k + 1]) else None
            runs.append([line] + ([after] if after else []))
    return runs


def same_list(text: list[str], a: int, b: int) -> bool:
    """Whether the items on lines a and b (from 1) are items of one list at one depth: only
    blank, indented or item lines between them."""
    depth = [len(text[line - 1]) - len(text[line - 1].lstrip()) for line in (a, b)]
    return depth[0] == depth[1] and \
        all(not line.strip() or line[:1].isspace() or LIST_ITEM.match("\n" + line) for line in text[a:b - 1])


def example_lines(note) -> set[int]:
    """The first lines of the paragraphs that announce another example ("let's look at one
    more example of an optimization problem:")."""
    text = note.text
    lowered = note_mention_text(note)
    if lowered is not None and not any(word in lowered for word in EXAMPLE_WORDS):
        return set()  # (scanned with `re.I` at every offset, a note took 0.6% of a build)
    lines = [text.count("\n", 0, m.start()) + 1 for m in ANOTHER_EXAMPLE.finditer(text)]
    firsts = sorted(p.line for p in note.paragraphs)
    return {firsts[k - 1] for line in lines if (k := bisect_right(firsts, line))}


def sections_of(note, context) -> tuple[list[Section], dict[int, int]]:
    """Formulas and declarations grouped by section; a notebook's cells are its sections
    (their lines restart per cell, so headings cannot split it by line). Each row of a
    table of results is a section of its own (`result_tables`), and the text after the
    table is the section it interrupted again."""
    if any(f.cell is not None for f in note.formulas):
        return cell_sections(note, context)
    declarations = context.all() if context is not None else []
    tables = result_tables(note.text, declarations)
    items, text = list_items(note)
    alternatives = alternative_items(note, items, text) + declaring_items(note, declarations, items, text)
    own = set(section_lines(note, context)).union(*alternatives)
    starts = sorted(own.union(*(range(first, last + 2) for first, last in tables)))
    again = set(redeclared_lines(declarations, starts, referring_back(note))) - set(starts)
    starts = sorted(set(starts) | again)
    sections = [Section(line) for line in starts]

    def index(line: int) -> int:  # the last section starting at or before `line` (the first if none does)
        return max(bisect_right(starts, line) - 1, 0)

    where: dict[int, int] = {}
    for i, formula in enumerate(note.formulas):
        k = index(formula.line)
        sections[k].formulas.append(i)
        where[i] = k
    for decl in declarations:
        if decl.note_wide:
            for section in sections:
                section.decls.append(decl)
        else:
            sections[index(decl.line)].decls.append(decl)
    for first, last in tables:
        if last + 1 not in own:  # resumed after the table, unless a section of its own starts there
            goes_on(sections[index(last + 1)], sections[index(first - 1)])
    for items in alternatives:  # each item holds what was declared before the list, not the other items'
        before = sections[index(items[0] - 1)]
        for line in items:
            goes_on(sections[index(line)], before)
    for line in sorted(again):  # the section goes on, with the letter declared again from here
        k = index(line)
        goes_on(sections[k], sections[k - 1])
    return sections, where


def goes_on(section: Section, before: Section) -> None:
    """`section` continues `before`: its declarations hold in it too, under its own (a
    solver reads a symbol's last declaration in a section)."""
    section.decls[:0] = [d for d in before.decls if not d.note_wide]


def redeclared_lines(declarations: list, starts: list[int], back: set[int]) -> list[int]:
    """The lines where a formula declares a letter again, with other sizes than its
    declaration before in the same section (`**Scalar to scalar**: $x \\in \\mathbb{R}$, then
    `**Vector to scalar**: $x \\in \\mathbb{R}^N$`): the first declaration holds up to
    there, the second from there on, where one binding for the section gave the first
    part the second one's sizes. Not a declaration in words, nor one in a paragraph that
    refers back (`back`: "where $t \\in \\mathbb{R}^n$" speaks of the formula before it)."""
    last: dict = {}
    out = []
    for decl in declarations:  # in note order
        if decl.shape is None or decl.note_wide:
            continue
        section = bisect_right(starts, decl.line)
        before = last.get(decl.symbol)
        if before is not None and before[0] == section and before[1] != decl.shape and \
                decl.formula is not None and decl.formula not in back:
            out.append(decl.line)
        last[decl.symbol] = (section, decl.shape)
    return out


BACK_REFERENCE = re.compile(r"\s*(?:where|in which|其中|式中)", re.I)


def referring_back(note) -> set[int]:
    """The formulas of paragraphs that open with "where", "其中": they say what the
    formula before them means."""
    return {part for paragraph in note.paragraphs if paragraph.parts and isinstance(paragraph.parts[0], str)
            and BACK_REFERENCE.match(paragraph.parts[0]) for part in paragraph.parts if isinstance(part, int)}


TABLE_ROW = re.compile(r"\n[^\S\n]{0,3}\|")  # the start of a line that is a table's row (`lines_starting`)


def result_tables(text: str, declarations: list) -> list[tuple[int, int]]:
    """The first and last lines of each table whose rows declare one symbol with other
    shapes: a table of results, each row an example of its own (`dF = A dX B` with
    `A ∈ R^{p×m}` in one row, `A ∈ R^{pq×n}` in the next), where one binding for the
    whole section made a later row's formula clash with an earlier row's sizes."""
    if not declarations:
        return []
    rows = sorted(lines_starting(TABLE_ROW, text))
    runs: list[list[int]] = []
    for line in rows:
        if runs and runs[-1][1] == line - 1:
            runs[-1][1] = line
        else:
            runs.append([line, line])
    out = []
    for first, last in runs:
        shapes: dict = {}
        for decl in declarations:
            if first <= decl.line <= last and decl.shape is not None and not decl.note_wide:
                shapes.setdefault(decl.symbol, set()).add(decl.shape)
        if any(len(found) > 1 for found in shapes.values()):
            out.append((first, last))
    return out


def cell_sections(note, context) -> tuple[list[Section], dict[int, int]]:
    """One section per cell, and per heading inside a cell, as in a Markdown note, so a
    letter may mean one thing in one part and another in the next; but a declaration
    holds from its part on until the symbol is declared again, as "Let X ∈ R^{m×n}" in a
    notebook's first cell does for the cells below it (`shapes.doubt_the_inherited` says
    when a part may not mean it), or until a heading as high as its own (`held_until`). A
    prose declaration (its cell unknown) holds from the first cell. A part that declares a
    letter again with other sizes (`redeclared_lines`) is two sections from that line."""
    declarations = context.all() if context is not None else []
    cell_of = {id(d): note.formulas[d.formula].cell or 0 for d in declarations
               if d.formula is not None and 0 <= d.formula < len(note.formulas)}
    headings = cell_headings(note)
    splits: dict[int, list[int]] = {}  # cell -> the lines its sections start at
    back = referring_back(note)
    for cell in sorted({f.cell or 0 for f in note.formulas}):
        own = [d for d in declarations if cell_of.get(id(d)) == cell]
        starts = sorted({1, *headings.get(cell, ())})
        splits[cell] = sorted({*starts, *redeclared_lines(own, starts, back)})

    def part(cell: int, line: int) -> tuple[int, int]:
        return cell, bisect_right(splits[cell], line) - 1

    parts = sorted({(cell, k) for cell, lines in splits.items() for k in range(len(lines))})
    number = {p: k for k, p in enumerate(parts)}
    sections = [Section(splits[cell][k]) for cell, k in parts]
    where: dict[int, int] = {}
    for i, formula in enumerate(note.formulas):
        where[i] = number[part(formula.cell or 0, formula.line)]
        sections[where[i]].formulas.append(i)
    levels = [headings.get(cell, {}).get(splits[cell][k]) for cell, k in parts]  # the heading opening each part
    by_symbol: dict = {}
    for decl in declarations:
        cell = cell_of.get(id(decl))
        first = 0 if decl.note_wide or cell is None else number[part(cell, decl.line)]
        until = len(parts) if decl.note_wide or cell is None else held_until(levels, first)
        by_symbol.setdefault(decl.symbol, []).append((first, until, decl))
    for declared in by_symbol.values():
        for k, section in enumerate(sections):
            before = [first for first, until, _ in declared if first <= k < until]
            if before:
                latest = max(before)
                section.decls.extend(d for first, until, d in declared if first == latest and k < until)
    return sections, where


def cell_headings(note) -> dict[int, dict[int, int | None]]:
    """Each cell's heading lines, with their levels (`##` is 2); in a cell without one, its
    bold lines alone (`**differentiation rule #2**`, not a list item's), of no level, which
    head its parts as they do a Markdown note's."""
    headings: dict[int, dict[int, int | None]] = {}
    bold: dict[int, dict[int, int | None]] = {}
    tokens = getattr(note, "tokens", None) or ()
    for k, token in enumerate(tokens):
        if not token.map or "cell" not in token.meta:
            continue
        if token.type == "heading_open":
            headings.setdefault(token.meta["cell"], {})[token.map[0] + 1] = int(token.tag[1:])
        elif token.type == "paragraph_open" and token.level == 0 and k + 1 < len(tokens) and \
                BOLD_ALONE.fullmatch(tokens[k + 1].content):
            bold.setdefault(token.meta["cell"], {})[token.map[0] + 1] = None
    return {cell: headings.get(cell) or bold.get(cell, {}) for cell in headings.keys() | bold.keys()}


def held_until(levels: list[int | None], first: int) -> int:
    """The part where a declaration made in part `first` stops holding: the next that a
    heading of its own heading's level or above opens (a worked example's `X ∈ R^{4×2}`
    under `### 単回帰を表現する` is not the X of the next `## 目的関数`), or none (a
    declaration under no heading, or under a `#` title, holds to the end)."""
    own = next((level for level in reversed(levels[:first + 1]) if level is not None), 0)
    return next((k for k in range(first + 1, len(levels)) if levels[k] is not None and levels[k] <= own),
                len(levels))


def declared_before(note, trees, section: Section, decl) -> bool:
    """Whether a notebook's section holds `decl` from a cell or heading before it, of a
    letter that cell defines (`z = x^TA`, `z \\in \\mathbb{R}^{1 \\times m}`: a step of its
    derivation), or while the section opens with a heading of its own (a new topic, as
    a Markdown note's heading is: its section holds only its own declarations, and kinds
    carried as priors); "Let X ∈ R^{m×n}" in a first cell sets up the cells below it."""
    if decl is None or decl.formula is None or not 0 <= decl.formula < len(note.formulas):
        return False
    cell = note.formulas[decl.formula].cell
    if cell is None or decl.formula in section.formulas:
        return False
    return opens_with_heading(note, section) or \
        any(formula.cell == cell and defines(trees[i], decl.symbol) for i, formula in enumerate(note.formulas))


def opens_with_heading(note, section: Section) -> bool:
    """Whether a notebook's section starts at a heading (`cell_sections` starts one at each
    heading of a cell, and one at a cell's first line)."""
    if not section.formulas:
        return False
    cell = note.formulas[section.formulas[0]].cell
    return any(token.type == "heading_open" and token.map and token.meta.get("cell") == cell
               and token.map[0] + 1 == section.line for token in getattr(note, "tokens", None) or ())


def defines(tree, symbol: Symbol) -> bool:
    """Whether a formula opens with `symbol =` (or `:=`)."""
    return tree is not None and any(type(s) is Chain and s.items[0] == symbol and s.rels[0] in ("=", ":=")
                                    for s in tree.statements)

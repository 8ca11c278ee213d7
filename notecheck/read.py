"""Reading a note: file → `Note` with every formula at its exact place.

markdown-it-py tokenizes (CommonMark + tables, front matter, `$`/`$$`, bare amsmath
environments, and our own rule for `\\(..\\)`, `\\[..\\]` and Kramdown's `\\\\[..\\\\]`).
Inline tokens carry no line map, so every inline rule is wrapped to record where in its
block's source a token was found; the block map and the block's source lines turn that
into a line and column of the file. Plugins extend the parser, read other formats and
pre-process formulas (see `notecheck.plugins`).

Bad content never raises: it becomes a Finding on the Note. Only a file that cannot be
opened raises OSError.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from notecheck.decode import MAX_BYTES, decode_note, normalize_newlines
from notecheck.findings import Finding
from notecheck.note import Formula, Note, Paragraph
from notecheck.plugins import Plugin, PluginError, as_plugins
from notecheck.script_math import script_math_block, script_math_inline

MATH_TOKENS = {"math_inline", "math_inline_double", "math_block", "math_block_label", "amsmath"}
DISPLAY_TOKENS = {"math_inline_double", "math_block", "math_block_label", "amsmath"}


def read_path(path: Path, display: str | None = None, plugins: Sequence[Any] | None = None) -> Note:
    """Read one file. `display` is the path to report (relative to where the user ran
    notecheck); raises OSError only when the file cannot be opened or read."""
    path = Path(path)
    shown = display or path.as_posix()
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    text, findings = decode_note(data)
    if text is None:
        return Note(path=shown, text="", title=path.stem, findings=findings)
    note = read_text(text, shown, plugins)
    note.findings[:0] = findings
    return note


def read_text(text: str, path: str = "<text>", plugins: Sequence[Any] | None = None) -> Note:
    """Read a note from text; a plugin reader takes over for its suffixes (`.ipynb`)."""
    active = as_plugins(plugins)
    text = normalize_newlines(text)
    suffix = Path(path).suffix.lower()
    for plugin in active:
        reader = (plugin.hook("readers") or {}).get(suffix)
        if reader is None:
            continue
        try:
            return reader(path, text, active)
        except Exception as error:  # a third-party reader's bug is reported, not raised
            return Note(path=path, text=text, title=Path(path).stem, findings=[Finding(
                "NC901", f"plugin {plugin.name!r} failed to read this file ({type(error).__name__}: {error})")])
    return read_markdown(text, path, active)


def read_markdown(text: str, path: str = "<text>", plugins: Sequence[Any] | None = None) -> Note:
    """Read Markdown text (whatever the file's suffix): formulas, prose, front matter,
    suppressions, the token stream, then every plugin's `on_formula`."""
    active = as_plugins(plugins)
    text = normalize_newlines(text)
    lines = LineIndex(text)
    parser = markdown_parser(active)
    try:
        tokens = parser.parse(text)
    except (Exception, RecursionError) as error:  # a parser or plugin-rule bug: report, go on
        return Note(path=path, text=text, title=Path(path).stem or path, findings=[Finding(
            "NC901", f"notecheck could not parse this note's Markdown ({type(error).__name__}: {error}); "
                     "please report it")])
    front_matter, findings = front_matter_of(tokens)
    extraction = Extraction(text, lines)
    extraction.walk(tokens)
    note = Note(
        path=path,
        text=text,
        title=title_of(front_matter, tokens, path),
        front_matter=front_matter,
        formulas=extraction.formulas,
        paragraphs=extraction.paragraphs,
        findings=findings + extraction.findings,
        suppressions=suppressions_of(text, lines, tokens, extraction.spans),
        tokens=tokens,
    )
    run_formula_hooks(note, active)
    return note


def run_formula_hooks(note: Note, plugins: Sequence[Plugin]) -> None:
    """Let each plugin's `on_formula` see (and possibly repair) every formula."""
    for plugin in plugins:
        hook = plugin.hook("on_formula")
        if hook is None:
            continue
        for formula in note.formulas:
            try:
                note.findings.extend(hook(formula, note) or ())
            except Exception as error:  # a plugin's bug must not end the run
                note.findings.append(Finding(
                    "NC901", f"plugin {plugin.name!r} failed on this formula ({type(error).__name__}: {error})",
                    line=formula.line, col=formula.col, end_line=formula.end_line, formula=formula.latex,
                    cell=formula.cell))


# --- the parser ---------------------------------------------------------------------


def markdown_parser(plugins: Sequence[Plugin]):
    """The configured markdown-it parser for this set of plugins (built once)."""
    return _parser(tuple(plugins))


@lru_cache(maxsize=8)
def _parser(plugins: tuple[Plugin, ...]):
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable("table")
    front_matter_plugin(md)
    md.block.ruler.before("front_matter", "toml_front_matter", toml_front_matter_rule)
    # allow_digits=False keeps "costs $5 and $10" from being math; spaces allowed for `$ x $`
    dollarmath_plugin(md, allow_space=True, allow_digits=False, double_inline=True)
    _let_interrupt_paragraphs(md, "math_block")
    amsmath_plugin(md)
    md.inline.ruler.before("escape", "bracket_math", bracket_math_inline)
    md.block.ruler.before("fence", "bracket_math_block", bracket_math_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("html_inline", "script_math", script_math_inline)
    md.block.ruler.before("html_block", "script_math_block", script_math_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    for plugin in plugins:
        hook = plugin.hook("on_markdown")
        try:
            if hook is not None:
                hook(md)
        except Exception as error:
            raise PluginError(f"plugin {plugin.name!r} failed to extend the Markdown parser: "
                              f"{type(error).__name__}: {error}") from None
    for rule in list(md.inline.ruler.__rules__):
        if rule.name != "text":
            md.inline.ruler.at(rule.name, _positioned(rule.fn), {"alt": rule.alt})
    return md


def _let_interrupt_paragraphs(md, name: str) -> None:
    """A `$$` line ends the paragraph above it, as in every Markdown-with-math dialect."""
    ruler = md.block.ruler
    rule = ruler.__rules__[ruler.__find__(name)].fn

    def probe_safely(state, start_line: int, end_line: int, silent: bool) -> bool:
        # dollarmath's rule pushes its token even when only probed (silent), which a
        # paragraph does on every line: undo that so each block is one token
        if not silent:
            return rule(state, start_line, end_line, False)
        count, line = len(state.tokens), state.line
        matched = rule(state, start_line, end_line, False)
        del state.tokens[count:]
        state.line = line
        return matched

    ruler.at(name, probe_safely, {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _positioned(rule):
    """Wrap an inline rule so every token it makes records `meta["src"] = (start, end)`,
    its span in the inline token's content: markdown-it keeps no inline positions."""

    def positioned_rule(state, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            for token in state.tokens[count:]:
                if token.type != "text" and "src" not in token.meta:
                    token.meta["src"] = (start, state.pos)
        return True

    return positioned_rule


BRACKET_OPEN = re.compile(r"(\\\\?)([(\[])")
MATHY = re.compile(r"[\\^_={}]")


def bracket_math_inline(state, silent: bool) -> bool:
    """`\\(..\\)` and `\\[..\\]` inside a paragraph; Kramdown writes `\\\\(` and `\\\\[`."""
    match = BRACKET_OPEN.match(state.src, state.pos)
    if match is None:
        return False
    slashes, bracket = match.groups()
    closer = slashes + (")" if bracket == "(" else "]")
    end = state.src.find(closer, match.end(), state.posMax)
    if end < 0 or not state.src[match.end():end].strip():
        return False
    if bracket == "[" and not MATHY.search(state.src, match.end(), end):
        return False  # `\[sic\]`: Markdown's escaped brackets, not display math
    if not silent:
        token = state.push("math_inline" if bracket == "(" else "math_inline_double", "math", 0)
        token.content = state.src[match.end():end]
        token.markup = match.group(0)
        token.meta["delimiter"] = "\\" + bracket
    state.pos = end + len(closer)
    return True


def bracket_math_block(state, start_line: int, end_line: int, silent: bool) -> bool:
    """A display `\\[` (or `\\\\[`) starting a line, closed by `\\]` ending a line."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    first = state.src[begin:state.eMarks[start_line]]
    opener = "\\\\[" if first.startswith("\\\\[") else "\\[" if first.startswith("\\[") else None
    if opener is None:
        return False
    closer = opener[:-1] + "]"
    last = start_line
    rest = first[len(opener):]
    while not rest.rstrip().endswith(closer):
        if closer in rest:  # closed mid-line, text after it: a paragraph, not a block
            return False
        last += 1
        if last >= end_line or state.sCount[last] < state.blkIndent:
            return False
        rest = state.src[state.bMarks[last] + state.tShift[last]:state.eMarks[last]]
        if not rest.strip():
            return False
    body = state.getLines(start_line, last + 1, state.sCount[start_line], False)
    body = body[body.find(opener) + len(opener):body.rfind(closer)]
    if not MATHY.search(body):
        return False
    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = body
    token.markup = opener
    token.meta["delimiter"] = "\\["
    token.map = [start_line, last + 1]
    state.line = last + 1
    return True


def toml_front_matter_rule(state, start_line: int, end_line: int, silent: bool) -> bool:
    """Hugo's TOML front matter between `+++` lines, as a `front_matter` token."""
    if start_line != 0 or state.src[state.bMarks[0]:state.eMarks[0]].rstrip() != "+++":
        return False
    last = next((n for n in range(1, end_line)
                 if state.src[state.bMarks[n]:state.eMarks[n]].rstrip() == "+++"), None)
    if last is None:
        return False
    if silent:
        return True
    token = state.push("front_matter", "", 0)
    token.hidden = True
    token.block = True
    token.markup = "+++"
    token.content = state.src[state.bMarks[1]:state.bMarks[last]]
    token.map = [0, last + 1]
    state.line = last + 1
    return True


# --- front matter and title -----------------------------------------------------------


def front_matter_of(tokens) -> tuple[dict[str, Any], list[Finding]]:
    """The front matter as plain JSON-able data, or {} and an NC104 when it is invalid."""
    token = tokens[0] if tokens and tokens[0].type == "front_matter" else None
    if token is None:
        return {}, []
    kind = "TOML" if token.markup == "+++" else "YAML"
    try:
        data = _load_toml(token.content) if kind == "TOML" else _load_yaml(token.content)
        if data is None:
            return {}, []
        if not isinstance(data, dict):
            return {}, [Finding("NC104", f"front matter is {kind} but not a mapping of keys to values", line=1)]
        return _plain(data, {}), []
    except RecursionError:
        reason = "nested too deeply"
    except Exception as error:  # yaml/toml errors, and odd constructs they raise on
        reason = " ".join(str(error).split())[:200]
    return {}, [Finding("NC104", f"front matter is not valid {kind}: {reason}", line=1)]


def _load_yaml(source: str):
    import yaml

    return yaml.safe_load(source)


def _load_toml(source: str):
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads(source)


def _plain(value, seen: dict[int, Any]):
    """Dates become ISO strings and keys strings, so reports can dump front matter as
    JSON. `seen` keeps YAML aliases shared, so a billion-laughs file stays small."""
    if isinstance(value, (dict, list)):
        if id(value) in seen:
            return seen[id(value)]
        out: Any = {} if isinstance(value, dict) else []
        seen[id(value)] = out
        if isinstance(value, dict):
            out.update({str(key): _plain(item, seen) for key, item in value.items()})
        else:
            out.extend(_plain(item, seen) for item in value)
        return out
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def title_of(front_matter: dict[str, Any], tokens, path: str) -> str:
    """Front matter `title`, else the first heading, else the file's stem."""
    title = front_matter.get("title")
    if isinstance(title, (str, int, float)) and str(title).strip():
        return str(title).strip()
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            heading = heading_text(tokens[index + 1])
            if heading:
                return heading
    return Path(path).stem or path


def heading_text(inline) -> str:
    """A heading as plain text (`**Bold** $x$` → `Bold $x$`): a title, not Markdown."""
    parts = []
    for child in inline.children or []:
        if child.type in MATH_TOKENS:
            parts.append(f"${child.content.strip()}$")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        else:
            parts.append(_plain_text(child))
    return "".join(parts).strip()


# --- positions ------------------------------------------------------------------------


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


# --- formulas and prose ---------------------------------------------------------------


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
                self._add_paragraph(row_line, row)
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

    def _add_paragraph(self, line: int, parts: list[str | int]) -> None:
        merged: list[str | int] = []
        for part in parts:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            elif part != "":
                merged.append(part)
        if merged:
            self.paragraphs.append(Paragraph(line, tuple(merged)))

    def inline(self, token) -> list[str | int]:
        """Formulas of one inline token, and its prose with formula indices in place."""
        children = token.children or []
        if not any(child.type in MATH_TOKENS or "$$" in child.content for child in children):
            return [_plain_text(child) for child in children]
        source = InlineSource(token, self.lines, self.taken)
        parts: list[str | int] = []
        cursor = 0
        for child in children:
            if child.type in MATH_TOKENS:
                index = self.inline_formula(child, source)
                if index is not None:
                    parts.append(index)
            else:
                if child.type == "text" and "$$" in child.content:
                    self.unclosed(source, cursor)
                parts.append(_plain_text(child))
            cursor = child.meta.get("src", (cursor, cursor))[1]
        return parts

    def inline_formula(self, token, source: InlineSource) -> int | None:
        start, end = token.meta.get("src", (0, len(source.content)))
        raw = source.content[start:end]
        inside = raw.find(token.content) if token.content else -1
        verbatim = inside >= 0 and "original" not in token.meta
        latex = token.content.strip()
        if not latex:
            return None
        if verbatim:
            at = start + inside + len(token.content) - len(token.content.lstrip())
            first, last = source.offset(at), source.offset(at + len(latex) - 1)
        else:
            first, last = source.offset(start), source.offset(max(start, end - 1))
        opened, closed = source.offset(start), source.offset(max(start, end - 1))
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
        line, col = self.lines.position(first)
        end_line = self.lines.position(last)[0]
        meta = token.meta
        formula = Formula(
            latex=latex,
            line=line,
            col=col,
            end_line=max(end_line, line),
            display=meta.get("display", token.type in DISPLAY_TOKENS),
            delimiter=meta.get("delimiter") or ("env" if token.type == "amsmath" else token.markup or "$"),
            start=first if exact else -1,
            end=last + 1 if exact else -1,
            original=meta.get("original"),
        )
        meta["formula"] = len(self.formulas)
        self.formulas.append(formula)
        self.spans.append((self.lines.position(opened)[0], max(self.lines.position(closed)[0], end_line)))
        return meta["formula"]

    def unclosed(self, source: InlineSource, cursor: int) -> None:
        at = source.content.find("$$", cursor)
        if at < 0:
            return
        line, col = self.lines.position(source.offset(at))
        self.findings.append(Finding("NC105", "`$$` is never closed: the formula after it is read as text",
                                     line=line, col=col))


def _plain_text(token) -> str:
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    if token.type in ("text", "code_inline"):
        return token.content
    return ""


# --- suppressions ---------------------------------------------------------------------

DIRECTIVE = re.compile(r"<!--\s*notecheck:\s*(ignore-file|ignore)\b(.*?)-->", re.S)
CODE = re.compile(r"\bNC\d{3}\b")


def suppressions_of(text: str, lines: LineIndex, tokens, spans: list[tuple[int, int]]) -> dict[int, frozenset[str]]:
    """`<!-- notecheck: ignore [CODES] -->` → {line: codes}; empty codes means all.

    A directive sharing its line with other content covers that line; one alone on its
    line covers the next non-blank line that is not itself a directive. A covered line
    where a formula is written extends to every line of that formula, delimiters included.
    `ignore-file` anywhere covers the whole file (key 0). Directives in code are examples.
    """
    if "notecheck:" not in text:
        return {}
    in_code = _code_lines(tokens)
    out: dict[int, frozenset[str]] = {}
    standalone: list[tuple[int, frozenset[str]]] = []
    directive_lines: set[int] = set()
    for match in DIRECTIVE.finditer(text):
        line, _ = lines.position(match.start())
        end_line, _ = lines.position(match.end())
        if line in in_code:
            continue
        codes = frozenset(CODE.findall(match.group(2)))
        if match.group(1) == "ignore-file":
            _merge(out, 0, codes)
            continue
        before = text[lines.start(line - 1):match.start()].lstrip(" \t>")
        after = lines.line_text(end_line - 1)[lines.position(match.end())[1] - 1:]
        if before.strip() or DIRECTIVE.sub("", after).strip():
            for covered in _with_formulas(line, spans):
                _merge(out, covered, codes)
        else:
            standalone.append((end_line, codes))
            directive_lines.update(range(line, end_line + 1))
    total = len(lines.starts)
    for end_line, codes in standalone:
        target = end_line + 1
        while target <= total and (target in directive_lines or not lines.line_text(target - 1).strip()):
            target += 1
        if target <= total:
            for covered in _with_formulas(target, spans):
                _merge(out, covered, codes)
    return out


def _with_formulas(line: int, spans: list[tuple[int, int]]) -> range | set[int]:
    covered = {line}
    for opened, closed in spans:
        if opened <= line <= closed:
            covered.update(range(opened, closed + 1))
    return covered


def _merge(out: dict[int, frozenset[str]], line: int, codes: frozenset[str]) -> None:
    known = out.get(line)
    out[line] = codes if known is None else (frozenset() if not known or not codes else known | codes)


def _code_lines(tokens) -> set[int]:
    lines: set[int] = set()
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return lines

"""Reading a note: file → `Note` with every formula at its exact place.

markdown-it-py tokenizes (CommonMark + tables, front matter, `$`/`$$`, bare amsmath
environments, and our own rule for `\\(..\\)`, `\\[..\\]` and Kramdown's `\\\\[..\\\\]`).
Inline tokens carry no line map, so every inline rule is wrapped to record where in its
block's source a token was found; the block map and the block's source lines turn that
into a line and column of the file. Plugins extend the parser, read other formats and
pre-process formulas (see `notecheck.read.plugins`).

The stages of reading live beside this entry point: `markdown` (the configured parser),
`front_matter` (front matter and title), `extraction` (formulas and prose at their
place), `suppressions` (`notecheck: disable` comments).

Bad content never raises: it becomes a Finding on the Note, and so does a file that
cannot be opened or read (NC102).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from notecheck.findings import Finding
from notecheck.read.decode import decode_note, normalize_newlines, read_regular_file
from notecheck.read.extraction import Extraction, LineIndex
from notecheck.read.front_matter import front_matter_of, title_of
from notecheck.read.markdown import markdown_parser
from notecheck.read.note import Note
from notecheck.read.plugins import Plugin, as_plugins
from notecheck.read.suppressions import suppressions_of

# A line that may close front matter (`---`, YAML's `...`, TOML's `+++`): every line the
# parser's front matter rules close on is one of these (some of these it passes over).
MAY_CLOSE = re.compile(r"^[^\S\n]*(?:-{3,}|\.\.\.|\+\+\+)[^\S\n]*$", re.MULTILINE)


def read_path(path: Path, display: str | None = None, plugins: Sequence[Any] | None = None) -> Note:
    """Read one file. `display` is the path to report (relative to where the user ran
    notecheck). A file that cannot be read is a note with an NC102, so the run goes on;
    what is not a regular file (a FIFO would block forever) is never opened."""
    path = Path(path)
    shown = display or path.as_posix()
    try:
        data = read_regular_file(path)
    except OSError as error:
        reason = error.strerror or str(error)
        return Note(path=shown, text="", title=path.stem,
                    findings=[Finding("NC102", f"file cannot be read: {reason}")])
    text, findings = decode_note(data)
    if text is None:
        return Note(path=shown, text="", title=path.stem, findings=findings)
    note = read_text(text, shown, plugins)
    note.findings[:0] = findings
    return note


def read_front_matter(path: Path, display: str | None = None, plugins: Sequence[Any] | None = None) -> dict | None:
    """The front matter `read_path` gives the note, without reading the rest of it: a
    site needs every note's page and tags before any note is checked. Markdown's front
    matter is its first block, so the parser reads only the lines up to the first line
    that closes it (the rule looks at no line past that one). None for a file another
    reader takes (a notebook): only reading it whole would tell."""
    path = Path(path)
    try:
        text, _ = decode_note(read_regular_file(path))
    except OSError:
        return {}
    if text is None:
        return {}
    active = as_plugins(plugins)
    suffix = Path(display or path.as_posix()).suffix.lower()
    if any((plugin.hook("readers") or {}).get(suffix) for plugin in active):
        return None
    if not text.startswith(("-", "+")):
        return {}  # the front matter rules open only on a first line of `---` or `+++`
    parser = markdown_parser(active)
    try:
        for closing in MAY_CLOSE.finditer(text, text.find("\n") + 1):
            tokens = parser.parse(text[:closing.end()])
            if tokens and tokens[0].type == "front_matter":
                return front_matter_of(tokens)[0]
    except (Exception, RecursionError):  # a plugin's rule failed on the lines: the reader decides
        return read_text(text, display or path.as_posix(), active).front_matter
    return {}  # never closed: the whole note is Markdown


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

"""Every finding notecheck can report, in one table, and the `Finding` type.

Codes are stable: users suppress them by code, CI scripts grep for them. Grouped by kind
like pyflakes' message classes: 1xx reading, 2xx parsing, 3xx shapes, 4xx steps,
5xx derivatives, 6xx layout, 7xx notation and coverage, 9xx notecheck's own faults.
The README's findings table is generated from `RULES` (`notecheck rules`).
"""

from __future__ import annotations

from notecheck.records import FrozenRecord

ERROR, WARNING, INFO = "error", "warning", "info"


class Rule(FrozenRecord):
    """A row of the table: a code, its name for humans, its severity, what it means."""

    code: str
    name: str
    severity: str
    summary: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        # reading
        Rule("NC101", "encoding-fallback", WARNING, "file is not UTF-8; read as GB18030"),
        Rule("NC102", "unreadable-file", ERROR, "file is binary, unreadable or too large"),
        Rule("NC103", "latex-repaired", INFO, "damaged LaTeX (eaten backslashes) was repaired"),
        Rule("NC104", "bad-front-matter", WARNING, "front matter is not valid YAML/TOML"),
        Rule("NC105", "unclosed-math", WARNING, "a math delimiter is never closed"),
        Rule("NC106", "bad-notebook", ERROR, "notebook is not valid JSON / nbformat"),
        Rule("NC107", "missing-asset", WARNING, "an image or relative link points to no file"),
        Rule("NC108", "page-not-written", WARNING, "a note's page could not be written (path too long, ...)"),
        Rule("NC109", "fix-not-written", WARNING, "--fix could not write the note (read-only, changed meanwhile)"),
        # parsing
        Rule("NC201", "parse-error", WARNING, "formula does not parse: its LaTeX is broken (braces, \\end)"),
        Rule("NC202", "unsupported-notation", INFO, "valid LaTeX that notecheck does not read yet"),
        # shapes
        Rule("NC301", "shape-product", ERROR, "product of incompatible shapes"),
        Rule("NC302", "shape-sum", ERROR, "sum of incompatible shapes"),
        Rule("NC303", "shape-elementwise", ERROR, "elementwise product of incompatible shapes"),
        Rule("NC304", "shape-relation", ERROR, "the two sides of a relation differ in shape"),
        Rule("NC305", "shape-declaration", ERROR, "a declaration contradicts how the symbol is used"),
        Rule("NC306", "shape-argument", ERROR, "an operation gets an argument of the wrong shape"),
        # steps
        Rule("NC401", "step-false", ERROR, "a step of a chain does not hold"),
        Rule("NC402", "differential-false", ERROR, "a differential does not hold"),
        Rule("NC403", "free-index", ERROR, "an index is free on one side only"),
        # derivatives
        Rule("NC501", "gradient-wrong", ERROR, "a derivative claim is wrong"),
        Rule("NC502", "no-dependence", ERROR, "the function does not depend on that variable"),
        # layout
        Rule("NC601", "other-layout", WARNING, "right, but in the other layout than the note's"),
        Rule("NC602", "mixed-layout", INFO, "the note's derivative claims use both layouts"),
        # notation and coverage
        Rule("NC701", "unverified", INFO, "a claim could not be checked"),
        # notecheck's own faults
        Rule("NC901", "internal-error", WARNING, "notecheck failed on this formula (a bug)"),
    ]
}


class Edit(FrozenRecord):
    """Replace `Note.text[start:end]` by `text`. `safe` edits are applied by `--fix`;
    unsafe ones (layout changes) only with `--unsafe-fixes`."""

    start: int
    end: int
    text: str
    safe: bool = True


class Finding(FrozenRecord):
    """One thing to tell the author, at a place in the note.

    `formula` is the LaTeX of the formula it belongs to (None for file-level findings),
    `fix` a human-readable fix (the expected expression), `edit` the machine one.
    """

    code: str
    message: str
    line: int = 1
    col: int = 1
    end_line: int | None = None
    formula: str | None = None
    fix: str | None = None
    edit: Edit | None = None
    cell: int | None = None
    claims: tuple[int, ...] = ()  # indices in NoteResult.claims of the claims this finding reports

    @property
    def severity(self) -> str:
        return RULES[self.code].severity

    @property
    def name(self) -> str:
        return RULES[self.code].name

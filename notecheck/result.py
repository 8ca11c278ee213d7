"""What checking a note produces: claims with verdicts, findings, the note's layout.

Reporters (text, JSON, SARIF, GitHub) and the site read a `NoteResult`; none of them
parses LaTeX or re-runs a check.
"""

from __future__ import annotations

from dataclasses import field, replace

from notecheck.latex.expr import Parsed
from notecheck.findings import Finding
from notecheck.read import Note
from notecheck.records import Record

VERIFIED, FAILED, UNVERIFIED = "verified", "failed", "unverified"


class Claim(Record):
    """One checkable statement of a note.

    `formula` is the index of the formula in `Note.formulas`; `step` the index of the
    relation inside it (0 for the first `=` of the first statement, counting on through
    the statements). `kind` is one of 'step', 'differential', 'derivative', 'identity',
    'definition', 'condition', 'solution'. `expected` is the re-derived right-hand side
    as LaTeX in the note's style when the claim failed (or was verified in another form).
    """

    formula: int
    step: int
    kind: str
    verdict: str
    message: str = ""
    expected: str | None = None
    lhs: str | None = None
    rhs: str | None = None
    suppressed: bool = False  # failed/unverified, but its finding is disabled or suppressed


VERDICT_ONLY = {v: Claim(formula=-1, step=-1, kind="", verdict=v) for v in (VERIFIED, FAILED, UNVERIFIED)}
COUNTED_ONLY = {(v, s): Claim(formula=-1, step=-1, kind="", verdict=v, suppressed=s)
                for v in (VERIFIED, FAILED, UNVERIFIED) for s in (False, True)}


class Layout(Record):
    """The note's derivative layout: 'numerator' or 'denominator' (or None if the note
    makes no derivative claims), and why: 'declared in front matter', 'declared in prose
    (分母布局, line 12)', 'inferred from 5 of 6 derivative claims', 'default'. `einstein` says why the note
    uses the summation convention, when it does."""

    name: str | None
    reason: str
    einstein: str = ""  # why the note sums repeated indices unwritten (Einstein), or ""


class NoteResult(Record):
    """What checking one note found: its claims, findings and layout, and its trees."""

    note: Note
    trees: list[Parsed | None] = field(default_factory=list)  # aligned with note.formulas
    parse_errors: list[str | None] = field(default_factory=list)  # aligned too: why a tree is None
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    layout: Layout = field(default_factory=lambda: Layout(None, "no derivative claims"))
    parsed: list[bool] = field(default_factory=list)  # which formulas parsed, kept without the trees

    def parsed_flags(self) -> list[bool]:
        """Which of the note's formulas parsed (from the trees, or as kept without them)."""
        return [tree is not None for tree in self.trees] if self.trees else list(self.parsed)

    def without_trees(self) -> "NoteResult":
        """What the reports and the site's index need, and no more: the trees, the token
        stream and the prose are dropped (a page is rendered before, in the process that
        checked the note, or reads its note again), so a run over many notes holds little
        per note and a cached result loads fast."""
        note = replace(self.note, tokens=[], paragraphs=[])
        return replace(self, note=note, trees=[], parse_errors=list(self.parse_errors), parsed=self.parsed_flags())

    def index_view(self, text: str = "") -> "NoteResult":
        """What a site's index and tag pages show of a note: its path, title, front
        matter, layout and verdict counts (its claims reduced to one shared Claim per
        verdict), and of its text what the caller keeps (what tells its language). A
        note's own page is rendered from its full result."""
        note = type(self.note)(path=self.note.path, text=text, title=self.note.title,
                               front_matter=self.note.front_matter, kind=self.note.kind)
        return NoteResult(note=note, claims=[VERDICT_ONLY[c.verdict] for c in self.claims], layout=self.layout)

    def digest(self, text: str = "") -> "NoteResult":
        """The index view (`index_view`) and what a run's summary counts of the note
        besides: a flag per formula (`parsed`; the formulas themselves are not kept),
        each claim's verdict and whether it is suppressed, each finding's code. All a
        build's main process needs of a note whose page was made where it was checked:
        2% of what its result without trees takes to send and load (2.5 MB per 100 notes)."""
        view = self.index_view(text)
        findings: dict[str, Finding] = {}
        view.claims = [COUNTED_ONLY[c.verdict, c.suppressed] for c in self.claims]
        view.findings = [findings.setdefault(f.code, Finding(f.code, "")) for f in self.findings]
        view.parsed = self.parsed_flags()
        return view

    def counts(self) -> dict[str, int]:
        """Claims by verdict. A failed or unverified claim whose finding the user disabled
        or suppressed counts as `suppressed`, so that no summary says "1 failed" next to
        "0 errors"; its verdict itself is unchanged."""
        out = {"verified": 0, "failed": 0, "unverified": 0, "suppressed": 0}
        for claim in self.claims:
            out["suppressed" if claim.suppressed else claim.verdict] += 1
        return out

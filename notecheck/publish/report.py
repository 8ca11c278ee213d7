"""Reporters: the same results as text, JSON, SARIF or GitHub workflow annotations.

Each reporter is a generator from results to pieces of the report, taking each note's
result once, as the pipeline yields it, and keeping only counts of it: `notecheck
check` prints a note's findings and lets its result go, so a run over thousands of
notes holds one at a time (a JSON report of 2,000 notes built whole took 830 MiB).
`text`, `as_json`, `sarif` and `github` are the same reports as one string. None parses
or checks anything. The JSON shape is a public contract (README, "JSON report"): keys
are only ever added.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Iterator

from notecheck.findings import ERROR, INFO, WARNING, Finding
from notecheck.publish.places import cell_label, file_place, place, shown
from notecheck.result import NoteResult

JSON_VERSION = 1


SUMMARY_KEYS = ("notes", "formulas", "parsed", "claims", "verified", "failed", "unverified", "suppressed",
                "errors", "warnings", "infos")


def summary(results: list[NoteResult]) -> dict[str, int]:
    out = dict.fromkeys(SUMMARY_KEYS, 0)
    out["notes"] = len(results)
    for result in results:
        # a digest (`NoteResult.digest`) keeps a flag per formula, not the formulas
        out["formulas"] += len(result.note.formulas) or len(result.parsed)
        out["parsed"] += sum(result.parsed_flags())
        out["claims"] += len(result.claims)
        for verdict, count in result.counts().items():
            out[verdict] += count
        for finding in result.findings:
            out[{ERROR: "errors", WARNING: "warnings", INFO: "infos"}[finding.severity]] += 1
    return out


# ---------------------------------------------------------------- text


def text(results: list[NoteResult], *, color: bool = False, show_info: bool = False) -> str:
    return "".join(text_parts(results, color=color, show_info=show_info))


def text_parts(results: Iterable[NoteResult], *, color: bool = False, show_info: bool = False) -> Iterator[str]:
    """`path:line:col: CODE message`, the expected expression under a failure, then each
    note's verdicts (when there are several notes) and a summary."""
    totals: Counter = Counter()
    note_lines = []
    for result in results:
        for finding in shown(result, show_info):
            line, col, _ = place(result, finding)
            yield (f"{result.note.path}:{line}:{col}: {_code(finding, color)} {cell_label(finding)}"
                   f"{finding.message}\n")
            if finding.fix:
                yield f"    expected: {finding.fix}\n"
        totals.update(summary([result]))
        if result.claims:
            note_lines.append(_note_line(result) + "\n")
    if totals["notes"] > 1:
        yield from note_lines
    yield _summary_line(totals, color) + "\n"


def _code(finding: Finding, color: bool) -> str:
    if not color:
        return finding.code
    import click

    shade = {ERROR: "red", WARNING: "yellow", INFO: "blue"}[finding.severity]
    return click.style(finding.code, fg=shade, bold=True)


def _note_line(result: NoteResult) -> str:
    """One note's verdicts and layout: `path: 8 verified, 1 failed, 2 unverified (denominator layout)`."""
    c = result.counts()
    layout = f" ({result.layout.name} layout)" if result.layout.name else ""
    return f"{result.note.path}: {_verdicts(c)}{layout}"


def _verdicts(c: dict[str, int]) -> str:
    """`8 verified, 1 failed, 2 unverified`, and `, 1 suppressed` when the user hid some."""
    hidden = f", {c['suppressed']} suppressed" if c.get("suppressed") else ""
    return f"{c['verified']} verified, {c['failed']} failed, {c['unverified']} unverified{hidden}"


def _summary_line(s: dict[str, int], color: bool) -> str:
    line = (
        f"{s['notes']} note{'s' * (s['notes'] != 1)}, {s['formulas']} formulas ({s['parsed']} parsed), "
        f"{s['claims']} claims: {_verdicts(s)}; "
        f"{s['errors']} error{'s' * (s['errors'] != 1)}, {s['warnings']} warning{'s' * (s['warnings'] != 1)}"
    )
    if color:
        import click

        line = click.style(line, fg="red" if s["errors"] else "green", bold=True)
    return line


# ---------------------------------------------------------------- json


def as_json(results: list[NoteResult]) -> str:
    return "".join(json_parts(results))


def json_parts(results: Iterable[NoteResult]) -> Iterator[str]:
    """`{"version": 1, "notes": [...], "summary": {...}}`, each note written as it comes."""
    totals: Counter = Counter()

    def document(notes) -> dict:
        return {"version": JSON_VERSION, "notes": notes, "summary": {key: totals[key] for key in SUMMARY_KEYS}}

    def notes() -> Iterator[dict]:
        for result in results:
            totals.update(summary([result]))
            yield _note_json(result)

    yield from streamed_json(document, notes())


def streamed_json(document, items: Iterator) -> Iterator[str]:
    """`json.dumps(document(list(items)), ensure_ascii=False, indent=1, default=str) + "\\n"`,
    in pieces: the text before the list, each item as it comes, the text after it (asked
    of `document` once the items are written, so that it may say what they added up to).
    Exact because JSON text has no line break but those of its indentation: an item is
    its own text with each line pushed in to the list's depth."""
    import json  # here: the text report, a pre-commit hook's, needs none

    def dumped(value) -> str:
        return json.dumps(value, ensure_ascii=False, indent=1, default=str)

    before = dumped(document([ITEMS])).split(ITEMS_TEXT)[0]  # ends with `[`, a line break and the items' indent
    pad = "\n" + before.rsplit("\n", 1)[1]
    first = True
    for item in items:
        yield (before if first else "," + pad) + dumped(item).replace("\n", pad)
        first = False
    after = dumped(document([ITEMS])).split(ITEMS_TEXT)[1]  # a line break, the list's indent, `]`, ...
    yield (before[:-len(pad)] + after.lstrip() if first else after) + "\n"


ITEMS = "\x00notecheck's list\x00"  # marks the list in a document that holds no note's text
ITEMS_TEXT = '"\\u0000notecheck\'s list\\u0000"'


def _note_json(result: NoteResult) -> dict:
    note = result.note
    errors = result.parse_errors or [None] * len(note.formulas)
    parsed = result.parsed_flags()
    formulas = [
        {
            **_position(note, f.cell, f.line, f.col, f.end_line),
            "display": f.display,
            "delimiter": f.delimiter,
            "latex": f.latex,
            "original": f.original,
            "parsed": i < len(parsed) and parsed[i],
            "error": errors[i] if i < len(errors) else None,
        }
        for i, f in enumerate(note.formulas)
    ]
    claims = []
    for claim in result.claims:
        formula = note.formulas[claim.formula]
        where = _position(note, formula.cell, formula.line, formula.col, formula.end_line)
        claims.append({
            "line": where["line"],
            "end_line": where["end_line"],
            "cell": where["cell"],
            "cell_line": where["cell_line"],
            "formula": formula.latex,
            "formula_index": claim.formula,
            "step": claim.step,
            "kind": claim.kind,
            "verdict": claim.verdict,
            "suppressed": claim.suppressed,
            "message": claim.message,
            "expected": claim.expected,
        })
    findings = [
        {
            "code": f.code,
            "severity": f.severity,
            **_position(note, f.cell, f.line, f.col, f.end_line if f.end_line is not None else f.line),
            "formula": f.formula,
            "message": f.message,
            "fix": f.fix,
        }
        for f in result.findings
    ]
    return {
        "path": note.path,
        "title": note.title,
        "front_matter": note.front_matter,
        "layout": layout_json(result.layout),
        "counts": result.counts(),
        "formulas": formulas,
        "claims": claims,
        "findings": findings,
    }


def _position(note, cell: int | None, line: int, col: int, end_line: int) -> dict:
    """`line`/`col`/`end_line` in the file itself; for a notebook also the cell (from 1)
    and the position inside it (`cell_line`/`cell_col`, as Jupyter shows them)."""
    file_line, file_col = file_place(note, cell, line, col)
    file_end = max(file_place(note, cell, end_line, 1)[0], file_line)
    inside = cell is not None
    return {"line": file_line, "end_line": file_end, "col": file_col, "cell": cell + 1 if inside else None,
            "cell_line": line if inside else None, "cell_col": col if inside else None}


def layout_json(layout) -> dict:
    """The note's layout and why; `einstein: true` and its reason when the note sums
    repeated indices without writing the sum."""
    out = {"name": layout.name, "reason": layout.reason}
    if layout.einstein:
        out.update(einstein=True, einstein_reason=layout.einstein)
    return out



# ---------------------------------------------------------------- github


def github(results: list[NoteResult], *, show_info: bool = False) -> str:
    return "".join(github_parts(results, show_info=show_info))


def github_parts(results: Iterable[NoteResult], *, show_info: bool = False) -> Iterator[str]:
    """GitHub Actions workflow commands: one annotation per finding (info ones only with
    `show_info`, as in the text report), at the line of the file itself."""
    kind = {ERROR: "error", WARNING: "warning", INFO: "notice"}
    for result in results:
        for f in shown(result, show_info):
            line, col, end_line = place(result, f)
            props = (f"file={_gh_prop(result.note.path)},line={line},endLine={end_line},"
                     f"col={col},title={_gh_prop(f.code + ' ' + f.name)}")
            body = cell_label(f) + f.message + (f"\nexpected: {f.fix}" if f.fix else "")
            yield f"::{kind[f.severity]} {props}::{_gh_data(body)}\n"


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def sarif(results: list[NoteResult], *, show_info: bool = False) -> str:
    return "".join(sarif_parts(results, show_info=show_info))


def sarif_parts(results: Iterable[NoteResult], *, show_info: bool = False) -> Iterator[str]:
    from notecheck.publish.sarif import sarif_log, sarif_results

    yield from streamed_json(sarif_log, sarif_results(results, show_info=show_info))


FORMATS = {"text": text, "json": as_json, "sarif": sarif, "github": github}
PARTS = {"text": text_parts, "json": json_parts, "sarif": sarif_parts, "github": github_parts}

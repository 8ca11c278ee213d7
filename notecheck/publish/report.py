"""Reporters: the same results as text, JSON, SARIF or GitHub workflow annotations.

Each reporter is one function from results to a string; none parses or checks
anything. The JSON shape is a public contract (README, "JSON report"): keys are only
ever added.
"""

from __future__ import annotations

import json

from notecheck import __version__
from notecheck.findings import ERROR, INFO, RULES, WARNING, Finding
from notecheck.result import NoteResult

JSON_VERSION = 1


def summary(results: list[NoteResult]) -> dict[str, int]:
    out = dict.fromkeys(
        ["notes", "formulas", "parsed", "claims", "verified", "failed", "unverified", "errors", "warnings", "infos"], 0
    )
    out["notes"] = len(results)
    for result in results:
        out["formulas"] += len(result.note.formulas)
        out["parsed"] += sum(tree is not None for tree in result.trees)
        out["claims"] += len(result.claims)
        for verdict, count in result.counts().items():
            out[verdict] += count
        for finding in result.findings:
            out[{ERROR: "errors", WARNING: "warnings", INFO: "infos"}[finding.severity]] += 1
    return out


# ---------------------------------------------------------------- text


def text(results: list[NoteResult], *, color: bool = False, show_info: bool = False) -> str:
    """`path:line:col: CODE message`, the expected expression under a failure, a summary."""
    lines = []
    for result in results:
        for finding in result.findings:
            if finding.severity == INFO and not show_info:
                continue
            lines.append(f"{_where(result.note.path, finding)}: {_code(finding, color)} {finding.message}")
            if finding.fix:
                lines.append(f"    expected: {finding.fix}")
    if len(results) > 1:
        lines.extend(_note_line(result) for result in results if result.claims)
    lines.append(_summary_line(summary(results), color))
    return "\n".join(lines) + "\n"


def _where(path: str, finding: Finding) -> str:
    cell = f"cell {finding.cell}:" if finding.cell is not None else ""
    return f"{path}:{cell}{finding.line}:{finding.col}"


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
    return f"{result.note.path}: {c['verified']} verified, {c['failed']} failed, {c['unverified']} unverified{layout}"


def _summary_line(s: dict[str, int], color: bool) -> str:
    line = (
        f"{s['notes']} note{'s' * (s['notes'] != 1)}, {s['formulas']} formulas ({s['parsed']} parsed), "
        f"{s['claims']} claims: {s['verified']} verified, {s['failed']} failed, {s['unverified']} unverified; "
        f"{s['errors']} error{'s' * (s['errors'] != 1)}, {s['warnings']} warning{'s' * (s['warnings'] != 1)}"
    )
    if color:
        import click

        line = click.style(line, fg="red" if s["errors"] else "green", bold=True)
    return line


# ---------------------------------------------------------------- json


def as_json(results: list[NoteResult]) -> str:
    doc = {"version": JSON_VERSION, "notes": [_note_json(r) for r in results], "summary": summary(results)}
    return json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n"


def _note_json(result: NoteResult) -> dict:
    note = result.note
    errors = result.parse_errors or [None] * len(note.formulas)
    formulas = [
        {
            "line": f.line,
            "end_line": f.end_line,
            "col": f.col,
            "cell": f.cell,
            "display": f.display,
            "delimiter": f.delimiter,
            "latex": f.latex,
            "original": f.original,
            "parsed": i < len(result.trees) and result.trees[i] is not None,
            "error": errors[i] if i < len(errors) else None,
        }
        for i, f in enumerate(note.formulas)
    ]
    claims = []
    for claim in result.claims:
        formula = note.formulas[claim.formula]
        claims.append({
            "line": formula.line,
            "end_line": formula.end_line,
            "cell": formula.cell,
            "formula": formula.latex,
            "formula_index": claim.formula,
            "step": claim.step,
            "kind": claim.kind,
            "verdict": claim.verdict,
            "message": claim.message,
            "expected": claim.expected,
        })
    findings = [
        {
            "code": f.code,
            "severity": f.severity,
            "line": f.line,
            "end_line": f.end_line if f.end_line is not None else f.line,
            "col": f.col,
            "cell": f.cell,
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


def layout_json(layout) -> dict:
    """The note's layout and why; `einstein: true` and its reason when the note sums
    repeated indices without writing the sum."""
    out = {"name": layout.name, "reason": layout.reason}
    if layout.einstein:
        out.update(einstein=True, einstein_reason=layout.einstein)
    return out


# ---------------------------------------------------------------- sarif


def sarif(results: list[NoteResult]) -> str:
    """SARIF 2.1.0, for code-scanning dashboards."""
    level = {ERROR: "error", WARNING: "warning", INFO: "note"}
    rules = [
        {"id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
         "defaultConfiguration": {"level": level[r.severity]}}
        for r in RULES.values()
    ]
    out = []
    for result in results:
        for f in result.findings:
            text_ = f.message + (f"\nexpected: {f.fix}" if f.fix else "")
            region = {"startLine": f.line, "startColumn": f.col, "endLine": f.end_line or f.line}
            out.append({
                "ruleId": f.code,
                "level": level[f.severity],
                "message": {"text": text_},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": result.note.path}, "region": region}}],
            })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "notecheck", "version": __version__, "rules": rules}}, "results": out}],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------- github


def github(results: list[NoteResult]) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    kind = {ERROR: "error", WARNING: "warning", INFO: "notice"}
    lines = []
    for result in results:
        for f in result.findings:
            props = (f"file={_gh_prop(result.note.path)},line={f.line},endLine={f.end_line or f.line},"
                     f"col={f.col},title={_gh_prop(f.code + ' ' + f.name)}")
            body = f.message + (f"\nexpected: {f.fix}" if f.fix else "")
            lines.append(f"::{kind[f.severity]} {props}::{_gh_data(body)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


FORMATS = {"text": text, "json": as_json, "sarif": sarif, "github": github}

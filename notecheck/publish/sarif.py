"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning, VS Code's viewer).

A result's file is a URI reference relative to `%SRCROOT%` (the folder notecheck ran
in, given in `originalUriBaseIds`), percent-encoded so that spaces, `%` and Chinese
file names survive; a note outside that folder gets an absolute `file:` URI. Columns
count Unicode code points, as the text report does. A finding whose fix is a known edit
carries it as a SARIF `fix`. Info results (unverified claims) only with `show_info`.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator
from urllib.parse import quote

from notecheck import HELP_URL, __version__
from notecheck.findings import ERROR, INFO, RULES, WARNING, Finding
from notecheck.publish.places import cell_label, place, shown
from notecheck.result import NoteResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVEL = {ERROR: "error", WARNING: "warning", INFO: "note"}


def sarif_results(results: Iterable[NoteResult], *, show_info: bool = False) -> Iterator[dict]:
    """Each shown finding of each note as a SARIF result, as the notes come."""
    rule_index = {code: i for i, code in enumerate(RULES)}
    for result in results:
        location = artifact_location(result.note.path)
        for f in shown(result, show_info):
            line, col, end_line = place(result, f)
            item = {
                "ruleId": f.code,
                "ruleIndex": rule_index[f.code],
                "level": LEVEL[f.severity],
                "message": {"text": cell_label(f) + f.message + (f"\nexpected: {f.fix}" if f.fix else "")},
                "locations": [{"physicalLocation": {
                    "artifactLocation": location,
                    "region": {"startLine": line, "startColumn": col, "endLine": end_line},
                }}],
            }
            if f.edit is not None and f.cell is None:
                item["fixes"] = [_fix(result.note.text, f, location)]
            if f.cell is not None:
                item["properties"] = {"cell": f.cell + 1}
            yield item


def sarif_log(results: list[dict], cwd: Path | None = None) -> dict:
    """The log of one run around its results (`sarif_results`)."""
    root = (cwd or Path.cwd()).resolve().as_uri().rstrip("/") + "/"
    run = {
        "tool": {"driver": {"name": "notecheck", "version": __version__, "informationUri": HELP_URL,
                            "rules": [_rule(r) for r in RULES.values()]}},
        "originalUriBaseIds": {SRCROOT: {"uri": root}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def artifact_location(path: str) -> dict:
    """`notes/矩阵 求导.md` -> `{"uri": "notes/%E7%9F%A9%E9%98%B5%20%E6%B1%82%E5%AF%BC.md",
    "uriBaseId": "%SRCROOT%"}`; an absolute path becomes a `file:` URI of its own."""
    pure = PurePosixPath(path)
    if pure.is_absolute():
        return {"uri": "file://" + quote(pure.as_posix(), safe="/")}
    return {"uri": quote(pure.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _rule(rule) -> dict:
    return {"id": rule.code, "name": rule.name, "shortDescription": {"text": rule.summary},
            "helpUri": HELP_URL + "#findings", "defaultConfiguration": {"level": LEVEL[rule.severity]}}


def _fix(text: str, finding: Finding, location: dict) -> dict:
    """The finding's edit as a SARIF fix: the span it replaces and what goes there."""
    edit = finding.edit
    start_line, start_col = _line_col(text, edit.start)
    end_line, end_col = _line_col(text, edit.end)
    return {
        "description": {"text": f"replace with {edit.text}"},
        "artifactChanges": [{
            "artifactLocation": location,
            "replacements": [{
                "deletedRegion": {"startLine": start_line, "startColumn": start_col,
                                  "endLine": end_line, "endColumn": end_col},
                "insertedContent": {"text": edit.text},
            }],
        }],
    }


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

"""The report formats a linter user and their tools read."""

import json

from notecheck.config import Config
from notecheck.findings import Edit, Finding
from notecheck.read import Formula, Note
from notecheck.pipeline import visible_findings
from notecheck.publish.report import as_json, github, sarif, summary, text
from notecheck.result import Claim, Layout, NoteResult


def _result() -> NoteResult:
    note = Note(path="notes/a.md", text="", title="A", front_matter={"title": "A"},
                formulas=[Formula(r"\frac{\partial f}{\partial X} = X", 3, 5, 3, False, "$"),
                          Formula(r"\frac{", 7, 1, 7, True, "$$")])
    return NoteResult(
        note=note,
        trees=[object(), None],
        parse_errors=[None, "unclosed brace"],
        claims=[Claim(formula=0, step=0, kind="derivative", verdict="failed", message="transposed",
                      expected="X^T")],
        findings=[
            Finding("NC501", "the gradient is transposed", line=3, col=5, formula=note.formulas[0].latex,
                    fix="X^T", edit=Edit(10, 11, "X^T")),
            Finding("NC201", "formula does not parse: unclosed brace", line=7, col=1),
        ],
        layout=Layout("denominator", "declared in front matter"),
    )


def test_text_report_is_path_line_col_code_message_with_the_expected_expression():
    out = text([_result()])
    lines = out.splitlines()
    assert lines[0] == "notes/a.md:3:5: NC501 the gradient is transposed"
    assert lines[1] == "    expected: X^T"
    assert lines[2] == "notes/a.md:7:1: NC201 formula does not parse: unclosed brace"
    assert "1 failed" in lines[-1] and "1 error" in lines[-1]
    assert "\x1b[" not in out


def test_colour_only_when_asked():
    assert "\x1b[" in text([_result()], color=True)


def test_json_report_keeps_the_documented_keys():
    doc = json.loads(as_json([_result()]))
    assert doc["version"] == 1
    note = doc["notes"][0]
    assert {"path", "title", "front_matter", "layout", "formulas", "claims", "findings"} <= set(note)
    assert note["layout"] == {"name": "denominator", "reason": "declared in front matter"}
    f0, f1 = note["formulas"]
    assert {"line", "end_line", "col", "cell", "display", "latex", "parsed", "error"} <= set(f0)
    assert (f0["parsed"], f1["parsed"], f1["error"]) == (True, False, "unclosed brace")
    claim = note["claims"][0]
    assert {"line", "end_line", "formula", "step", "kind", "verdict", "message"} <= set(claim)
    assert claim["formula"] == r"\frac{\partial f}{\partial X} = X" and claim["verdict"] == "failed"
    finding = note["findings"][0]
    assert {"code", "severity", "line", "end_line", "col", "formula", "message", "fix"} <= set(finding)
    assert finding["severity"] == "error" and finding["fix"] == "X^T"
    assert doc["summary"]["failed"] == 1 and doc["summary"]["formulas"] == 2 and doc["summary"]["parsed"] == 1


def test_sarif_and_github_carry_every_finding():
    doc = json.loads(sarif([_result()]))
    results = doc["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["NC501", "NC201"]
    assert results[0]["level"] == "error" and results[1]["level"] == "warning"
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    lines = github([_result()]).splitlines()
    assert lines[0].startswith("::error file=notes/a.md,line=3,endLine=3,col=5,title=NC501 gradient-wrong::")
    assert "%0Aexpected: X^T" in lines[0]
    assert lines[1].startswith("::warning ")


def test_suppressions_and_disabled_codes_hide_findings():
    result = _result()
    note = result.note
    note.suppressions = {3: frozenset({"NC501"})}
    kept = visible_findings(note, result.findings, Config())
    assert [f.code for f in kept] == ["NC201"]
    note.suppressions = {7: frozenset()}
    assert [f.code for f in visible_findings(note, result.findings, Config())] == ["NC501"]
    note.suppressions = {}
    assert visible_findings(note, result.findings, Config(disable=frozenset({"NC201", "NC501"}))) == []


def test_summary_counts_errors_for_the_exit_status():
    s = summary([_result()])
    assert (s["errors"], s["warnings"], s["claims"]) == (1, 1, 1)


def test_several_notes_get_a_verdict_line_each_before_the_run_summary():
    other = _result()
    other.note = Note(path="notes/b.md", text="", title="B", formulas=other.note.formulas)
    lines = text([_result(), other]).splitlines()
    assert lines[-3] == "notes/a.md: 0 verified, 1 failed, 0 unverified (denominator layout)"
    assert lines[-2].startswith("notes/b.md: 0 verified, 1 failed")
    assert lines[-1].startswith("2 notes, 4 formulas")


def test_each_report_lets_a_note_go_once_it_is_written():
    """`notecheck check` of 2,000 notes held every result until the end (830 MiB for a
    JSON report): each reporter now takes the notes one at a time."""
    import gc
    import weakref

    from notecheck.publish.report import PARTS

    for name, parts in PARTS.items():
        alive: list = []

        def results():
            for _ in range(20):
                result = _result()
                alive.append(weakref.ref(result))
                yield result

        for _ in parts(results()):
            gc.collect()
            assert sum(ref() is not None for ref in alive) <= 1, name
        assert len(alive) == 20, name


def test_reports_written_note_by_note_are_the_documents_json_would_write_whole():
    import json

    from notecheck.publish.report import json_parts, streamed_json

    one, two = _result(), _result()
    two.note = Note(path="notes/b.md", text="", title="B", formulas=two.note.formulas)
    for results in ([], [one], [one, two]):
        doc = json.loads("".join(json_parts(iter(results))))
        assert [n["path"] for n in doc["notes"]] == [r.note.path for r in results]
        assert doc["summary"] == summary(results)
        assert "".join(json_parts(iter(results))) == json.dumps(doc, ensure_ascii=False, indent=1) + "\n"

    def document(items):
        return {"a": [1, {"b": "x\ny"}], "deep": {"list": items, "after": "z"}}

    for items in ([], [{}], [[], "two", {"three": [3]}]):
        assert "".join(streamed_json(document, iter(items))) == json.dumps(document(items), ensure_ascii=False,
                                                                             indent=1) + "\n"

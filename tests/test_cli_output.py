"""What a user reads: each fix once, summaries that agree with the findings shown, one
finding per mistake in the note's own sizes, info results only when asked, colour by
the usual conventions."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from notecheck.cli import main, use_color

from conftest import ROOT

NOTES = ROOT / "tests" / "notes"
WRONG = r"""Let $X$ be an $m\times n$ matrix and $\boldsymbol{a}$, $\boldsymbol{b}$ constant column vectors of sizes
$m$ and $n$, with $f = \boldsymbol{a}^T X\boldsymbol{b}$. Then
$\frac{\partial f}{\partial X} = -\boldsymbol{a}\boldsymbol{b}^T$.
"""


def check(*args, env=None):
    return CliRunner(env=env).invoke(main, ["check", "-j", "1", *map(str, args)], catch_exceptions=False)


@pytest.fixture
def wrong(tmp_path) -> Path:
    path = tmp_path / "wrong.md"
    path.write_text(WRONG, encoding="utf-8")
    return path


def test_a_failed_claim_prints_its_fix_once(wrong):
    out = check(wrong).stdout
    assert out.count("expected") == 1, out
    assert "    expected: \\boldsymbol{a}\\boldsymbol{b}^T" in out, out


def test_a_disabled_or_suppressed_failure_is_not_counted_as_failed(wrong, tmp_path):
    shown = check(wrong)
    assert shown.exit_code == 1 and "1 failed" in shown.stdout and "1 error," in shown.stdout
    disabled = check("--disable", "NC501", wrong)
    assert disabled.exit_code == 0
    summary = disabled.stdout.splitlines()[-1]
    assert "0 failed" in summary and "1 suppressed" in summary and "0 errors" in summary, summary
    quiet = tmp_path / "quiet.md"
    quiet.write_text(WRONG.replace("Then\n", "Then <!-- notecheck: ignore -->\n").replace(
        "$.\n", "$. <!-- notecheck: ignore NC501 -->\n"), encoding="utf-8")
    doc = json.loads(check("--format", "json", quiet).stdout)
    assert doc["summary"]["failed"] == 0 and doc["summary"]["suppressed"] == 1 and doc["summary"]["errors"] == 0
    claim = next(c for c in doc["notes"][0]["claims"] if c["kind"] == "derivative")
    assert claim["verdict"] == "failed" and claim["suppressed"] is True, "the verdict itself is unchanged"



def test_a_build_counts_a_suppressed_failure_as_check_does(tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "quiet.md").write_text(WRONG.replace("$.\n", "$. <!-- notecheck: ignore NC501 -->\n"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for run in ("cold", "from the cache"):
        built = CliRunner().invoke(main, ["build", "-j", "1", "notes", "-o", "site"], catch_exceptions=False)
        assert built.exit_code == 0, built.output
        assert "0 failed, 0 unverified, 1 suppressed claims" in built.output, (run, built.output)


def test_one_mistake_gives_one_finding_in_the_notes_own_sizes():
    note = NOTES / "double_report_en.md"
    doc = json.loads(check("--format", "json", note).stdout)
    findings = doc["notes"][0]["findings"]
    assert [f["code"] for f in findings] == ["NC301"], findings
    assert "(m×n)" in findings[0]["message"]
    claim = doc["notes"][0]["claims"][0]
    assert claim["verdict"] == "failed"
    assert "m×n" in claim["message"] and "3×4" not in claim["message"] and "1×1 and" not in claim["message"]


def test_unknown_sizes_are_question_marks_not_draw_sizes(tmp_path):
    note = tmp_path / "note.md"
    note.write_text("$$\\boldsymbol{u}\\boldsymbol{v} = \\boldsymbol{v}\\boldsymbol{u}$$\n", encoding="utf-8")
    doc = json.loads(check("--format", "json", "--show-info", note).stdout)
    messages = " ".join(c["message"] for c in doc["notes"][0]["claims"])
    assert "?×1" in messages and not any(f"{n}×" in messages for n in range(3, 10)), messages


def test_the_one_finding_still_carries_the_fix(tmp_path):
    note = tmp_path / "note.md"
    note.write_text((NOTES / "double_report_en.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert check("--fix", note).exit_code == 0
    assert r"2X^T(X\mathbf{w} - \mathbf{y})" in note.read_text(encoding="utf-8")


def test_sarif_and_github_list_unverified_claims_only_with_show_info():
    note = NOTES / "cookbook_trace_zh.md"
    for fmt in ("sarif", "github"):
        default = check("--format", fmt, note).stdout
        full = check("--format", fmt, "--show-info", note).stdout
        if fmt == "sarif":  # the rules table lists every code; the results are what counts
            default, full = ([r["ruleId"] for r in json.loads(out)["runs"][0]["results"]] for out in (default, full))
        assert "NC701" not in default and "NC701" in full, fmt


def test_colour_follows_the_flag_and_the_environment_conventions(wrong):
    assert "\x1b[" in check("--color", "always", wrong).stdout, "--color always forces colour through a pipe"
    assert "\x1b[" not in check("--color", "never", wrong, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" in check(wrong, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in check(wrong).stdout, "no colour into a pipe by default"
    assert use_color("auto", {}, isatty=True)
    assert use_color("auto", {"NO_COLOR": ""}, isatty=True), "an empty NO_COLOR is ignored"
    assert not use_color("auto", {"NO_COLOR": "1"}, isatty=True)
    assert not use_color("auto", {"TERM": "dumb"}, isatty=True)
    assert not use_color("auto", {"FORCE_COLOR": ""}, isatty=False), "an empty FORCE_COLOR is ignored"


def test_no_notes_still_gives_a_valid_json_report(tmp_path):
    result = check("--format", "json", tmp_path)
    assert result.exit_code == 2 and "no notes found" in result.stderr
    assert json.loads(result.stdout)["summary"]["notes"] == 0

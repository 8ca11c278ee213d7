"""The `notecheck` command end to end, as a blogger and a pre-commit hook use it."""

import json
import os
import random
import shutil
from pathlib import Path

from click.testing import CliRunner

from notecheck.cli import main

from conftest import ROOT

RIGHT = r"""---
title: Right
---
Let $X$ be an $m\times n$ matrix and $\boldsymbol{a}$, $\boldsymbol{b}$ constant column vectors of sizes
$m$ and $n$, with $f = \boldsymbol{a}^T X\boldsymbol{b}$. Then
$\frac{\partial f}{\partial X} = \boldsymbol{a}\boldsymbol{b}^T$.
"""

WRONG = RIGHT.replace(r"= \boldsymbol{a}\boldsymbol{b}^T$", r"= -\boldsymbol{a}\boldsymbol{b}^T$").replace("Right", "Wrong")


def run(*args, cwd: Path | None = None):
    runner = CliRunner()
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def test_a_right_note_exits_0_and_a_wrong_one_exits_1_with_the_fix(tmp_path):
    (tmp_path / "right.md").write_text(RIGHT, encoding="utf-8")
    (tmp_path / "wrong.md").write_text(WRONG, encoding="utf-8")
    ok = run("check", "-j", "1", "right.md", cwd=tmp_path)
    assert ok.exit_code == 0, ok.output
    bad = run("check", "-j", "1", "wrong.md", cwd=tmp_path)
    assert bad.exit_code == 1
    first = bad.output.splitlines()[0]
    assert first.startswith("wrong.md:6:")
    assert " NC5" in first or " NC6" in first
    assert r"\boldsymbol{a}\boldsymbol{b}^T" in bad.output  # the expected expression is shown


def test_usage_and_io_errors_exit_2_and_say_what_to_do(tmp_path):
    missing = run("check", str(tmp_path / "nope.md"))
    assert missing.exit_code == 2
    assert "no such file or folder" in missing.output
    (tmp_path / "pyproject.toml").write_text('[tool.notecheck]\nlayout = "post"\n')
    (tmp_path / "a.md").write_text(RIGHT)
    bad_config = run("check", str(tmp_path))
    assert bad_config.exit_code == 2 and "pyproject.toml" in bad_config.output
    assert run("check", "--format", "xml", str(tmp_path / "a.md")).exit_code == 2


def test_bad_files_become_findings_and_the_other_notes_are_still_checked(tmp_path):
    rng = random.Random(7)
    (tmp_path / "random.md").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "nested.md").write_text("$" + "{" * 10000 + "x" + "}" * 10000 + "$\n")
    (tmp_path / "wrong.md").write_text(WRONG, encoding="utf-8")
    out = run("check", "-j", "1", "--format", "json", str(tmp_path))
    doc = json.loads(out.output)
    by_name = {Path(n["path"]).name: n for n in doc["notes"]}
    assert set(by_name) == {"random.md", "empty.md", "nested.md", "wrong.md"}
    assert any(f["code"] == "NC102" for f in by_name["random.md"]["findings"])
    assert by_name["nested.md"]["formulas"] and not by_name["nested.md"]["formulas"][0]["parsed"]
    assert any(c["verdict"] == "failed" for c in by_name["wrong.md"]["claims"])
    assert out.exit_code == 1


def test_examples_show_at_a_glance_what_is_wrong():
    out = run("check", "-j", "1", "examples", cwd=ROOT)
    assert out.exit_code == 1
    codes = {line.split()[1] for line in out.output.splitlines() if ": NC" in line}
    assert {"NC501", "NC601", "NC301"} <= codes, out.output
    assert "failed" in out.output.splitlines()[-1]


def test_fix_replaces_only_the_wrong_right_hand_side(tmp_path):
    note = tmp_path / "wrong.md"
    note.write_text(WRONG, encoding="utf-8")
    diff = run("check", "-j", "1", "--diff", str(note))
    assert note.read_text(encoding="utf-8") == WRONG  # --diff writes nothing
    assert "+" in diff.output and r"\boldsymbol{a}\boldsymbol{b}^T" in diff.output
    fixed = run("check", "-j", "1", "--fix", str(note))
    after = note.read_text(encoding="utf-8")
    assert after != WRONG
    assert fixed.exit_code == 0, fixed.output  # the second check passes
    before_rhs = WRONG.index(r"-\boldsymbol{a}\boldsymbol{b}^T$")
    assert after[:before_rhs] == WRONG[:before_rhs]  # every byte before the claim is kept
    assert after.endswith("$.\n")


def test_json_on_the_seeds_reports_every_note(seeds):
    files = sorted(str(p) for p in seeds.glob("*.txt"))
    out = run("check", "-j", "1", "--format", "json", *files)
    doc = json.loads(out.output)
    assert [Path(n["path"]).name for n in doc["notes"]] == [Path(f).name for f in files]
    assert doc["summary"]["formulas"] >= 25 + 200 + 16 + 150 + 80
    assert all(f["line"] >= 1 for n in doc["notes"] for f in n["formulas"])


def test_build_writes_a_site_inside_the_output_folder_only(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "notes")
    notes = {p: p.read_bytes() for p in (tmp_path / "notes").rglob("*") if p.is_file()}
    out = run("build", "-j", "1", "--no-cache", "notes", "-o", "out", cwd=tmp_path)
    assert out.exit_code == 0, out.output
    assert (tmp_path / "out" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "out"]
    # with the cache, its folder at the project root (here the working directory) is the only other write
    out = run("build", "-j", "1", "notes", "-o", "out", cwd=tmp_path)
    assert out.exit_code == 0, out.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notecheck_cache", "notes", "out"]
    assert {p: p.read_bytes() for p in (tmp_path / "notes").rglob("*") if p.is_file()} == notes


def test_rules_lists_every_code_for_the_readme():
    out = run("rules", "--format", "markdown")
    assert "| NC501 | gradient-wrong | error |" in out.output


def test_a_derivative_by_a_variable_f_does_not_involve_names_the_one_it_does(tmp_path):
    note = tmp_path / "typo.md"
    note.write_text(RIGHT.replace(r"\partial X} =", r"\partial Y} ="), encoding="utf-8")
    out = run("check", "-j", "1", str(note))
    assert out.exit_code == 1
    assert "NC502" in out.output and "f does not depend on Y" in out.output
    assert r"expected: \frac{\partial f}{\partial X}" in out.output
    assert run("check", "-j", "1", "--fix", str(note)).exit_code == 0
    assert note.read_text(encoding="utf-8") == RIGHT


def test_a_wrong_differential_step_is_not_verified_by_letting_nothing_vary(tmp_path):
    """With x held constant both sides of the broken step are 0; that agreement proves
    nothing, so the step must be judged with x varying, and fail."""
    note = tmp_path / "quad.md"
    note.write_text(
        "Let $\\mathbf{x}\\in\\mathbb{R}^n$ and $A\\in\\mathbb{R}^{n\\times n}$ constant.\n\n"
        "$d(\\mathbf{x}^TA\\mathbf{x}) = d\\mathbf{x}^TA\\mathbf{x} + \\mathbf{x}^TAd\\mathbf{x}"
        " = -\\mathbf{x}^T(A + A^T)d\\mathbf{x}$\n", encoding="utf-8")
    doc = json.loads(run("check", "-j", "1", "--format", "json", str(note)).output)
    verdicts = [c["verdict"] for c in doc["notes"][0]["claims"] if c["kind"] == "differential"]
    assert verdicts == ["verified", "failed"]
    assert any(f["code"] == "NC402" and "sign" in f["message"] for f in doc["notes"][0]["findings"])

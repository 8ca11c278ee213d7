"""Input that is hostile or odd gets a finding on its note, and the run goes on.

Each test is a minimal note of issue 14: YAML alias bombs and cycles in front matter, a
note that cannot be read, a FIFO named on the command line, a `!!set` of tags. What a
user sees: exit 0 or 1, a report naming every note, a clear finding on the bad one.
"""

import json
import os
import threading

from click.testing import CliRunner

from notecheck.read import decode
from notecheck.cli import main

GOOD = "$$\\frac{\\partial a^T x}{\\partial x} = a$$\n\nwith $a, x \\in \\mathbb{R}^n$.\n"


def run(*args, cwd=None):
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def report(out) -> dict:
    return {n["path"]: n for n in json.loads(out.stdout)["notes"]}


def findings(note) -> list[tuple[str, str]]:
    return [(f["code"], f["message"]) for f in note["findings"]]


def alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "---\n" + "\n".join(lines) + f"\ntitle: *a{levels - 1}\n---\n\n"


def test_a_billion_laughs_front_matter_is_refused_and_the_other_notes_are_reported(tmp_path):
    (tmp_path / "bomb.md").write_text(alias_bomb(10) + GOOD, encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    out = run("check", "--format", "json", "-j", "1", "bomb.md", "good.md", cwd=tmp_path)
    assert out.exit_code == 0
    notes = report(out)
    assert ("NC104", "front matter is refused: its aliases expand to over 10,000 values") in findings(notes["bomb.md"])
    assert notes["bomb.md"]["front_matter"] == {} and len(out.stdout) < 20_000
    assert [c["verdict"] for c in notes["good.md"]["claims"]] == ["verified"]


def test_a_cyclic_alias_is_an_nc104_never_a_traceback(tmp_path):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "cycle.md").write_text("---\na: &a [*a]\n---\n\n" + GOOD, encoding="utf-8")
    (tmp_path / "z.md").write_text(GOOD, encoding="utf-8")
    out = run("check", "--format", "json", "-j", "1", ".", cwd=tmp_path)
    assert out.exit_code == 0
    notes = report(out)
    assert sorted(notes) == ["a.md", "cycle.md", "z.md"]
    assert [code for code, _ in findings(notes["cycle.md"])] == ["NC104"]
    assert "refers to itself" in findings(notes["cycle.md"])[0][1]


def test_shared_aliases_within_the_bound_are_kept(tmp_path):
    (tmp_path / "ok.md").write_text("---\nbase: &b [x, y]\ntags: *b\n---\n\n" + GOOD, encoding="utf-8")
    out = run("check", "--format", "json", "-j", "1", "ok.md", cwd=tmp_path)
    assert report(out)["ok.md"]["front_matter"] == {"base": ["x", "y"], "tags": ["x", "y"]}


def test_an_unreadable_note_is_nc102_and_the_others_are_still_checked(tmp_path, monkeypatch):
    """chmod 000 does not stop root, so the refusal is the file system's answer, simulated."""
    (tmp_path / "locked.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "open.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked.md").chmod(0)
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if str(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(decode.os, "open", refusing)
    out = run("check", "--format", "json", "-j", "1", "locked.md", "open.md", cwd=tmp_path)
    assert out.exit_code == 1
    notes = report(out)
    assert findings(notes["locked.md"]) == [("NC102", "file cannot be read: Permission denied")]
    assert [c["verdict"] for c in notes["open.md"]["claims"]] == ["verified"]


def test_a_fifo_named_on_the_command_line_is_skipped_with_a_finding_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "note.md").write_text(GOOD, encoding="utf-8")
    result = {}
    worker = threading.Thread(target=lambda: result.setdefault(
        "out", run("check", "--format", "json", "-j", "1", "pipe", "note.md", cwd=tmp_path)), daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(tmp_path / "pipe", "wb"):
            pass
        raise AssertionError("notecheck blocked on the FIFO")
    notes = report(result["out"])
    assert findings(notes["pipe"]) == [("NC102", "file cannot be read: not a regular file (a pipe, device or socket)")]
    assert [c["verdict"] for c in notes["note.md"]["claims"]] == ["verified"]


def test_a_yaml_set_of_tags_comes_out_sorted(tmp_path):
    (tmp_path / "set.md").write_text("---\ntags: !!set {zeta, alpha, mid, beta}\n---\n\n" + GOOD, encoding="utf-8")
    out = run("check", "--format", "json", "-j", "1", "set.md", cwd=tmp_path)
    assert report(out)["set.md"]["front_matter"]["tags"] == ["alpha", "beta", "mid", "zeta"]

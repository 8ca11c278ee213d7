"""`--fix` and `--diff` change the claims they fix and not one byte more, on any note.

Minimal notes of issue 14: a GB18030 note, mixed line endings, a read-only note, a run
over several notes where one cannot be written. What a user sees: the fixed claim, every
other byte as it was, the encoding kept, a finding for what could not be done, the
report printed, no traceback.
"""

import json
import os
from pathlib import Path

from click.testing import CliRunner

from notecheck.cli import main

WRONG = ("# 迹的导数\r\n\r\n设 $X \\in \\mathbb{R}^{m\\times n}$, $A \\in \\mathbb{R}^{m \\times n}$.\n\n"
         "$$\\frac{\\partial \\operatorname{tr}(A^T X)}{\\partial X} = -A$$\r\n\rend\n")
FIXED = WRONG.replace("= -A$$", "= A$$")


def run(*args, cwd):
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def test_fix_in_a_file_with_mixed_line_endings_keeps_every_byte_outside_the_edit(tmp_path):
    (tmp_path / "mixed.md").write_bytes(WRONG.encode("utf-8"))
    out = run("check", "-j", "1", "--fix", "mixed.md", cwd=tmp_path)
    assert out.exit_code == 0, out.output
    assert (tmp_path / "mixed.md").read_bytes() == FIXED.encode("utf-8")


def test_fix_keeps_a_byte_order_mark(tmp_path):
    (tmp_path / "bom.md").write_bytes(b"\xef\xbb\xbf" + WRONG.encode("utf-8"))
    assert run("check", "-j", "1", "--fix", "bom.md", cwd=tmp_path).exit_code == 0
    assert (tmp_path / "bom.md").read_bytes() == b"\xef\xbb\xbf" + FIXED.encode("utf-8")


def test_fix_and_diff_on_a_gb18030_note_fix_it_in_its_own_encoding(tmp_path):
    (tmp_path / "gb.md").write_bytes(WRONG.encode("gb18030"))
    diff = run("check", "-j", "1", "--diff", "gb.md", cwd=tmp_path)
    assert "-$$\\frac{\\partial \\operatorname{tr}(A^T X)}{\\partial X} = -A$$" in diff.stdout
    assert "+$$\\frac{\\partial \\operatorname{tr}(A^T X)}{\\partial X} = A$$" in diff.stdout
    assert (tmp_path / "gb.md").read_bytes() == WRONG.encode("gb18030")
    fixed = run("check", "-j", "1", "--fix", "gb.md", cwd=tmp_path)
    assert fixed.exit_code == 0 and "NC101" in fixed.stdout
    assert (tmp_path / "gb.md").read_bytes() == FIXED.encode("gb18030")


def test_a_read_only_note_under_fix_is_an_nc109_and_the_other_notes_are_fixed(tmp_path, monkeypatch):
    """Root may write a chmod 444 file, so the refusal is the file system's, simulated."""
    for name in ("a.md", "locked.md", "z.md"):
        (tmp_path / name).write_bytes(WRONG.encode("utf-8"))
    (tmp_path / "locked.md").chmod(0o444)
    real_write = Path.write_bytes

    def refusing(self, data):
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", refusing)
    out = run("check", "-j", "1", "--format", "json", "--fix", "a.md", "locked.md", "z.md", cwd=tmp_path)
    assert out.exit_code == 1
    notes = {n["path"]: n for n in json.loads(out.stdout)["notes"]}
    assert sorted(notes) == ["a.md", "locked.md", "z.md"]
    locked = [(f["code"], f["message"]) for f in notes["locked.md"]["findings"]]
    assert ("NC109", "not fixed: Permission denied") in locked and any(c == "NC501" for c, _ in locked)
    assert (tmp_path / "locked.md").read_bytes() == WRONG.encode("utf-8")
    for name in ("a.md", "z.md"):
        assert (tmp_path / name).read_bytes() == FIXED.encode("utf-8")
        assert [c["verdict"] for c in notes[name]["claims"]] == ["verified"]


def test_a_note_changed_since_it_was_read_is_not_overwritten(tmp_path, monkeypatch):
    from notecheck.check import fix_file

    (tmp_path / "a.md").write_bytes(WRONG.encode("utf-8"))
    monkeypatch.setattr(fix_file, "normalize_newlines", lambda text: text + "edited meanwhile")
    out = run("check", "-j", "1", "--fix", "a.md", cwd=tmp_path)
    assert "NC109 not fixed: the file changed since it was read" in out.stdout
    assert (tmp_path / "a.md").read_bytes() == WRONG.encode("utf-8")

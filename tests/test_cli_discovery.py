"""Which notes a run reads, as a blogger sees it on the command line: a draft excluded in
pyproject.toml stays out even when named (pre-commit names every staged file), git's
ignored folders are not read, and symlinks are skipped aloud."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from notecheck.cli import main

WRONG = r"""Let $X$ be an $m\times n$ matrix and $\boldsymbol{a}$, $\boldsymbol{b}$ constant column vectors of sizes
$m$ and $n$, with $f = \boldsymbol{a}^T X\boldsymbol{b}$. Then
$\frac{\partial f}{\partial X} = -\boldsymbol{a}\boldsymbol{b}^T$.
"""
RIGHT = WRONG.replace(r"= -\boldsymbol{a}", r"= \boldsymbol{a}")


def run(cwd: Path, *args):
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return CliRunner().invoke(main, ["check", "-j", "1", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def checked(result) -> list[str]:
    return sorted(note["path"] for note in json.loads(result.stdout)["notes"])


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_an_excluded_draft_named_on_the_command_line_is_not_checked(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.notecheck]\nexclude = ["drafts/**"]\n',
                     "posts/ok.md": RIGHT, "drafts/wip.md": WRONG})
    both = run(tmp_path, "posts/ok.md", "drafts/wip.md")
    assert both.exit_code == 0, both.output
    assert "wip" not in both.output
    alone = run(tmp_path, "drafts/wip.md")
    assert alone.exit_code == 0, "a commit of excluded drafts only is not blocked"
    assert "excluded" in alone.stderr and alone.stdout == ""
    assert run(tmp_path, "--format", "json", "./drafts/wip.md").stdout.startswith("{")  # a valid empty report


def test_an_include_the_user_set_also_filters_named_files_but_the_default_does_not(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.notecheck]\ninclude = ["posts/**/*.md"]\n',
                     "posts/ok.md": RIGHT, "README.md": WRONG, "seed.txt": WRONG})
    assert checked(run(tmp_path, "--format", "json", "posts/ok.md", "README.md")) == ["posts/ok.md"]
    (tmp_path / "pyproject.toml").unlink()
    assert checked(run(tmp_path, "--format", "json", "seed.txt")) == ["seed.txt"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignored_folders_are_not_checked_unless_asked(tmp_path):
    write(tmp_path, {".gitignore": "build/\n", "posts/ok.md": RIGHT, "build/copy.md": WRONG})
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    default = run(tmp_path, "--format", "json", ".")
    assert default.exit_code == 0 and checked(default) == ["posts/ok.md"]
    everything = run(tmp_path, "--format", "json", "--no-respect-gitignore", ".")
    assert everything.exit_code == 1 and checked(everything) == ["build/copy.md", "posts/ok.md"]


def test_a_symlinked_folder_is_skipped_with_a_message(tmp_path):
    write(tmp_path, {"notes/ok.md": RIGHT, "elsewhere/wrong.md": WRONG})
    (tmp_path / "notes" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = run(tmp_path, "notes")
    assert result.exit_code == 0
    assert "notes/linked/" in result.stderr and "symlink" in result.stderr

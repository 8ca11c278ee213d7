"""The README's pre-commit snippet, pasted into a blog's repository, with the real pre-commit.

pre-commit clones this repository at the tag the README names and pip-installs it into
a hook environment of its own, which takes a while: the environment is built once per
test session (PRE_COMMIT_HOME in a temporary folder) and shared by the tests here.
The clone is of this repository's committed HEAD, tagged v0.2.0 in the clone only.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notecheck import HELP_URL

from conftest import ROOT

pytest.importorskip("pre_commit", reason="pre-commit is in the `test` extra: pip install -e '.[test]'")

RIGHT = r"""# A right note

Let $X$ be an $m\times n$ matrix and $\boldsymbol{a}$, $\boldsymbol{b}$ constant column vectors of sizes
$m$ and $n$, with $f = \boldsymbol{a}^T X\boldsymbol{b}$. Then
$\frac{\partial f}{\partial X} = \boldsymbol{a}\boldsymbol{b}^T$.
"""
WRONG = RIGHT.replace(r"= \boldsymbol{a}\boldsymbol{b}^T$", r"= -\boldsymbol{a}\boldsymbol{b}^T$")


def readme_snippet() -> str:
    """The YAML block of the README's "Pre-commit" section, exactly as a reader copies it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Pre-commit", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def git(*args, cwd: Path, check=True, env=None):
    return subprocess.run(["git", "-c", "user.name=notecheck", "-c", "user.email=dev@notecheck.invalid",
                           "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                          cwd=cwd, capture_output=True, text=True, check=check, env=env)


@pytest.fixture(scope="session")
def hook_home(tmp_path_factory):
    """A clone of this repository tagged with the README's rev, and a PRE_COMMIT_HOME."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of notecheck")
    base = tmp_path_factory.mktemp("precommit")
    clone = base / "notecheck"
    git("clone", "-q", str(ROOT), str(clone), cwd=base)
    rev = re.search(r"rev:\s*(\S+)", readme_snippet()).group(1)
    git("tag", "-f", rev, cwd=clone)
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT", None)
    return clone, env


@pytest.fixture
def blog(tmp_path, hook_home):
    """A blog's git repository with the README's snippet (its URL pointing at the clone),
    a right note, and a wrong draft that its pyproject excludes."""
    clone, env = hook_home
    snippet = readme_snippet()
    assert HELP_URL in snippet, "the snippet names the project's public repository"
    (tmp_path / ".pre-commit-config.yaml").write_text(snippet.replace(HELP_URL, clone.as_uri()))
    (tmp_path / "pyproject.toml").write_text('[tool.notecheck]\nexclude = ["drafts/**"]\n')
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "right.md").write_text(RIGHT)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "half-done.md").write_text(WRONG)
    git("init", "-q", cwd=tmp_path)
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)
    return tmp_path, env


def pre_commit(*args, cwd: Path, env):
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=1500)


def test_the_readme_snippet_passes_a_clean_blog_and_an_excluded_draft(blog):
    repo, env = blog
    git("add", "-A", cwd=repo)
    run = pre_commit("run", "--all-files", cwd=repo, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "notecheck" in run.stdout and "Passed" in run.stdout
    # the hook really ran on the right note: a real commit goes through it too
    commit = git("commit", "-q", "-m", "first post and a draft", cwd=repo, check=False, env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert git("log", "--oneline", cwd=repo).stdout.count("\n") == 1


def test_a_wrong_derivative_blocks_the_commit(blog):
    repo, env = blog
    git("add", "-A", cwd=repo)
    assert git("commit", "-q", "-m", "start", cwd=repo, check=False, env=env).returncode == 0
    (repo / "posts" / "wrong.md").write_text(WRONG)
    git("add", "posts/wrong.md", cwd=repo)
    commit = git("commit", "-m", "a wrong post", cwd=repo, check=False, env=env)
    out = commit.stdout + commit.stderr
    assert commit.returncode != 0, out
    assert "posts/wrong.md:5:" in out and "NC501" in out, out
    assert "half-done" not in out, "the excluded draft is not reported"
    assert git("log", "--oneline", cwd=repo).stdout.count("\n") == 1, "the commit was blocked"
    run = pre_commit("run", "--all-files", cwd=repo, env=env)
    assert run.returncode == 1 and "NC501" in run.stdout, run.stdout + run.stderr

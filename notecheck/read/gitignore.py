"""Which files git ignores, asked of git itself (`git check-ignore`).

Why git rather than a re-implementation such as `pathspec`: git's rules are more than
the patterns of one file (nested `.gitignore` files, `.git/info/exclude`, the user's
global excludes file, negations against ignored parents, tracked files never being
ignored), and only git applies all of them exactly as the user's `git status` does. One
`git check-ignore --stdin` call per folder named on the command line answers for every
candidate at once. Outside a git repository, or without git, nothing is ignored, as
with ripgrep.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def ignored(folder: Path, files: list[Path]) -> set[Path]:
    """The subset of `files` (inside `folder`) that git ignores."""
    by_name = {file.resolve().as_posix(): file for file in files}
    try:
        done = subprocess.run(["git", "check-ignore", "-z", "--stdin"], cwd=folder, input="\0".join(by_name),
                              capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):  # 128: not a git repository
        return set()
    return {by_name[name] for name in done.stdout.split("\0") if name in by_name}

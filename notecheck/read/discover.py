"""Which files a run reads: files named on the command line, and matching files in folders.

A file named explicitly is read whatever its extension (the seeds are `.txt`); in a
folder only the include globs count, minus the exclude globs. Hidden folders and
dependency folders are never walked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "venv", "_site"})


class MissingPath(Exception):
    """A path named on the command line does not exist."""


def discover(paths: list[Path], include: tuple[str, ...], exclude: tuple[str, ...],
             root: Path | None = None) -> list[Path]:
    """Files to read, in a stable order, each once.

    A glob matches a file's path relative to the folder being walked, or relative to
    `root` (the folder of the pyproject.toml the globs came from), so `examples/**/*.md`
    in the config and `*.md` on the command line both do what they say.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for file in _walk(path):
                names = _relative_names(file, path, root)
                if any(_matches(n, include) for n in names) and not any(_matches(n, exclude) for n in names):
                    found.setdefault(file, None)
        elif path.exists():
            found.setdefault(path, None)
        else:
            raise MissingPath(str(path))
    return list(found)


def _relative_names(file: Path, folder: Path, root: Path | None) -> list[str]:
    names = [file.relative_to(folder).as_posix()]
    if root is not None:
        try:
            names.append(file.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            pass
    return names


def _walk(folder: Path):
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    for entry in entries:
        if entry.is_symlink():
            continue
        if entry.is_dir():
            if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
                continue
            yield from _walk(entry)
        elif entry.is_file():
            yield entry


def _matches(rel: str, globs: tuple[str, ...]) -> bool:
    return any(_glob_regex(g).fullmatch(rel) for g in globs)


@lru_cache(maxsize=None)
def _glob_regex(glob: str) -> re.Pattern[str]:
    """`**/` spans folders, `*` and `?` stay inside one: the gitignore reading of a glob."""
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out))

"""Which files a run reads: files named on the command line, and matching files in folders.

A file named explicitly is read whatever its extension (the seeds are `.txt`), but the
exclude globs apply to it too, and so do include globs the user set (ruff's
`force-exclude`): pre-commit names every staged file, and a draft the user excluded must
not block the commit. In a folder only the include globs count, minus the exclude globs,
minus what git ignores (`.gitignore`, as ruff and ripgrep do; see `gitignore.py`).
Hidden folders and dependency folders are never walked; symlinks met in a folder are
skipped and said so, never followed (a link can loop or leave the project).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "venv", "_site"})


class MissingPath(Exception):
    """A path named on the command line does not exist."""


def discover(paths: list[Path], include: tuple[str, ...], exclude: tuple[str, ...],
             root: Path | None = None, *, filter_named: bool = False, include_named: bool = False,
             gitignore: bool = False, notice=None) -> list[Path]:
    """Files to read, in a stable order, each once.

    A glob matches a file's path relative to the folder being walked, or relative to
    `root` (the folder of the pyproject.toml the globs came from), so `examples/**/*.md`
    in the config and `*.md` on the command line both do what they say. With
    `filter_named`, a named file matching an exclude glob is dropped, and with
    `include_named` one matching no include glob too. With `gitignore`, files git
    ignores are not read from folders. `notice(message)` hears what was skipped.
    """
    notice = notice or (lambda message: None)
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            candidates = []
            for file in _walk(path, include, notice):
                names = _names(file.relative_to(path).as_posix(), file, root)
                if any(_matches(n, include) for n in names) and not any(_matches(n, exclude) for n in names):
                    candidates.append(file)
            if gitignore and candidates:
                from notecheck.read.gitignore import ignored

                skipped = ignored(path, candidates)
                candidates = [file for file in candidates if file not in skipped]
            found.update(dict.fromkeys(candidates))
        elif path.exists():
            names = _names(Path(os.path.normpath(path)).as_posix(), path, root)
            if filter_named and any(_matches(n, exclude) for n in names):
                continue
            if include_named and not any(_matches(n, include) for n in names):
                continue
            found.setdefault(path, None)
        else:
            raise MissingPath(str(path))
    return list(found)


def _names(shown: str, path: Path, root: Path | None) -> list[str]:
    """The names include/exclude globs are matched against: the path as shown (relative
    to the folder searched, or as the user typed it, normalised) and relative to the
    config's folder."""
    names = [shown]
    if root is not None:
        try:
            names.append(path.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            pass
    return names


def _walk(folder: Path, include: tuple[str, ...], notice):
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    for entry in entries:
        if entry.is_symlink():
            if entry.is_dir():
                notice(f"skipped {entry.as_posix()}/: a symlinked folder is not followed (name its target to check it)")
            elif entry.is_file() and _matches(entry.name, tuple(g.rsplit("/", 1)[-1] for g in include)):
                notice(f"skipped {entry.as_posix()}: a symlink is not followed (name it to check it)")
            continue
        if entry.is_dir():
            if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
                continue
            yield from _walk(entry, include, notice)
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

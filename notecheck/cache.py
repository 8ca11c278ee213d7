"""The on-disk cache: what checking a note produced, and the page built from it.

A rebuild with nothing changed should cost reading the notes and little else, so each
note's result is kept, keyed by everything the result depends on: the note's bytes and
the path it is reported under, the settings that change a verdict (layout, disabled
codes), the reader plugins installed, and the code of notecheck itself (its version and
its source files, so an edited checkout never serves results of older code). An entry
whose key matches is exactly what a fresh run gives: it *is* a fresh run's result,
pickled.

The folder is `.notecheck_cache/` at the project root, the way `.ruff_cache` and
`.mypy_cache` are: a `.gitignore` of `*` and a `CACHEDIR.TAG` inside it, so git and
backup tools skip it. Entries are written to a temporary file and renamed, so two
processes (the pool's workers) never see half an entry; nothing is written outside the
folder. An unreadable or corrupt entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import notecheck
from notecheck.config import Config

FOLDER_NAME = ".notecheck_cache"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by notecheck.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


class Cache:
    """Entries under `folder`, each named by a digest that already includes `salt`."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self._ready = False

    def key(self, *parts: str | bytes) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, kind: str, key: str) -> Any | None:
        """The object stored under `key`, or None (missing, unreadable, or corrupt)."""
        try:
            with open(self._path(kind, key), "rb") as file:
                return pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception:  # a truncated or foreign file is a miss
            return None

    def has(self, kind: str, key: str) -> bool:
        return self._path(kind, key).is_file()

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store `value`; a cache that cannot be written is skipped, never fatal."""
        try:
            self._prepare()
            target = self._path(kind, key)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key[2:]

    def _prepare(self) -> None:
        """Create the folder with its `.gitignore` and `CACHEDIR.TAG` the first time."""
        if self._ready:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "# Automatically created by notecheck.\n*\n"),
                           ("CACHEDIR.TAG", CACHEDIR_TAG)):
            marker = self.folder / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")
        self._ready = True


def cache_folder(config: Config, cwd: Path | None = None) -> Path:
    """`cache-dir` from [tool.notecheck] (relative to its pyproject's folder), else
    `.notecheck_cache` in the project root: that folder, or the working directory."""
    root = config.root or cwd or Path.cwd()
    return root / (config.cache_dir or FOLDER_NAME)


def open_cache(config: Config, cwd: Path | None = None) -> Cache:
    return Cache(cache_folder(config, cwd), salt(config))


def salt(config: Config) -> str:
    """What every entry depends on besides the note: notecheck's code, the plugins
    installed, and the settings that change what a check reports."""
    parts = [notecheck.__version__, code_fingerprint(), plugins_fingerprint(),
             repr(config.layout), repr(sorted(config.disable)), repr(config.macros)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def code_fingerprint() -> str:
    """Size and modification time of every source file of notecheck: a changed checkout
    (an editable install) never reads results of older code."""
    package = Path(notecheck.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".html", ".css"}:
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def plugins_fingerprint() -> str:
    """The reader plugins installed (entry points of `notecheck.plugins`), with their
    distributions' versions and their modules' files."""
    from importlib.metadata import entry_points
    from importlib.util import find_spec

    out = []
    for entry in sorted(entry_points(group="notecheck.plugins"), key=lambda e: e.name):
        version = entry.dist.version if entry.dist else "?"
        stamp = ""
        try:
            spec = find_spec(entry.module)
            if spec and spec.origin and os.path.exists(spec.origin):
                stat = os.stat(spec.origin)
                stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
        except (ImportError, ValueError):
            pass
        out.append(f"{entry.name}={entry.value}@{version}:{stamp}")
    return "\n".join(out)

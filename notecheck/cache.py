"""The on-disk cache: what checking a note produced, and the page built from it.

A rebuild with nothing changed should cost reading the notes and little else, so each
note's result is kept, keyed by everything the result depends on: the note's bytes and
the path it is reported under, the settings that change a verdict (layout, disabled
codes), the reader plugins installed, and the code of notecheck itself (its version and
its source files, so an edited checkout never serves results of older code). An entry
whose key matches is exactly what a fresh run gives: it *is* a fresh run's result,
pickled. Beside them, per site, the record of its last build (`publish.site_record`),
stamped with `environment_stamp`: when nothing changed, a rebuild reads that alone.

The folder is `.notecheck_cache/` at the project root, the way `.ruff_cache` and
`.mypy_cache` are: a `.gitignore` of `*` and a `CACHEDIR.TAG` inside it, so git and
backup tools skip it. Entries are written to a temporary file and renamed, so two
processes (the pool's workers) never see half an entry; nothing is written outside the
folder. An unreadable or corrupt entry is a miss, never an error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable

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

    def __init__(self, folder: Path, salt: str, plugin_files: tuple[str, ...] = ()) -> None:
        self.folder = folder
        self.salt = salt
        self.plugin_files = plugin_files  # the reader plugins' module files the salt was made with
        self._ready = False

    def key(self, *parts: str | bytes) -> str:
        import hashlib  # here, like pickle and tempfile: a rebuild with nothing to do needs none

        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, kind: str, key: str, loads: Callable[[bytes], Any] | None = None) -> Any | None:
        """The object stored under `key` (read with `loads`, default pickle's), or None
        (missing, unreadable, or corrupt)."""
        try:
            with open(self._path(kind, key), "rb") as file:
                data = file.read()
            if loads is None:
                import pickle

                loads = pickle.loads
            return loads(data)
        except FileNotFoundError:
            return None
        except Exception:  # a truncated or foreign file is a miss
            return None

    def has(self, kind: str, key: str) -> bool:
        return self._path(kind, key).is_file()

    def put(self, kind: str, key: str, value: Any, dumps: Callable[[Any], bytes] | None = None) -> None:
        """Store `value` (written with `dumps`, default pickle's); a cache that cannot be
        written is skipped, never fatal."""
        self.write(kind, key, (dumps or pickled)(value))

    def write(self, kind: str, key: str, data: bytes) -> None:
        """Store `data` as it is (`put` with the value already pickled)."""
        import tempfile

        try:
            self._prepare()
            target = self._path(kind, key)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass

    def _path(self, kind: str, key: str) -> Path:
        """Where an entry is: in one of 16 folders of its kind, by its key's first digit.
        Making a folder costs as much as writing an entry (0.1-0.3 ms of system time
        here), and a cold build makes most of its folders: 256 of them (two digits) made
        ~165 folders for 200 entries of 100 notes, 16 make 32; 16 folders still hold a
        cache of 100,000 entries at ~6,000 files each."""
        return self.folder / kind / key[:1] / key[1:]

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


class Pickled:
    """A value already pickled for the cache, sent to another process as those bytes: the
    pool that carries it copies them instead of pickling the value a second time, and
    the process that receives it gets the value itself."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __reduce__(self):
        import pickle

        return pickle.loads, (self.data,)


def pickled(value: Any) -> bytes:
    import pickle

    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def cache_folder(config: Config, cwd: Path | None = None) -> Path:
    """`cache-dir` from [tool.notecheck] (relative to its pyproject's folder), else
    `.notecheck_cache` in the project root: that folder, or the working directory."""
    root = config.root or cwd or Path.cwd()
    return root / (config.cache_dir or FOLDER_NAME)


def open_cache(config: Config, cwd: Path | None = None) -> Cache:
    from notecheck.read import installed_plugins

    plugins = installed_plugins()
    return Cache(cache_folder(config, cwd), salt(config, plugins),
                 tuple(origin for _, origin in plugins if origin is not None))


def salt(config: Config, plugins: list[tuple[str, str | None]]) -> str:
    """What every entry depends on besides the note: notecheck's code, the plugins
    installed, and the settings that change what a check reports."""
    import hashlib

    parts = [notecheck.__version__, code_fingerprint(), plugins_fingerprint(plugins),
             repr(config.layout), repr(sorted(config.disable)), repr(config.macros)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def code_fingerprint() -> str:
    """A digest of `code_stamps()`: a changed checkout (an editable install) never reads
    results of older code."""
    import hashlib

    return hashlib.sha256("".join(f"{line}\n" for line in code_stamps()).encode()).hexdigest()


def code_stamps() -> tuple[str, ...]:
    """`path:size:mtime_ns` of every file of notecheck: its sources, templates and the font
    a site ships (not the bytecode Python writes beside them)."""
    package = os.path.dirname(notecheck.__file__)
    out = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            path = os.path.join(folder, name)
            stat = os.stat(path)
            out.append(f"{os.path.relpath(path, package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return tuple(out)


def plugins_fingerprint(plugins: list[tuple[str, str | None]]) -> str:
    """The reader plugins installed (`read.installed_plugins()`), each with the size and
    modification time of its module's file."""
    out = []
    for entry, origin in plugins:
        out.append(f"{entry}:{file_stamp(origin)}")
    return "\n".join(out)


def file_stamp(path: str | None) -> str:
    """`size:mtime_ns` of a file ("" for none or one that cannot be read)."""
    try:
        stat = os.stat(path) if path is not None else None
    except OSError:
        return ""
    return f"{stat.st_size}:{stat.st_mtime_ns}" if stat else ""


def environment_stamp(plugin_files: tuple[str, ...]) -> tuple:
    """What notecheck's output depends on outside the notes and settings, cheaply: its
    version and code, the Python running it, and the modification time of each folder on
    `sys.path` (installing, upgrading or removing any package, a plugin or a library
    that renders pages, changes the folder it goes in), with the plugins' module files.
    The working folder, which `python -m` puts on `sys.path`, is left out: it is the
    project's, changed by every file saved in it, and no package is installed there."""
    here = os.getcwd()
    places = []
    for entry in sys.path:
        if not entry or os.path.abspath(entry) == here:
            continue
        try:
            places.append((entry, os.stat(entry).st_mtime_ns))
        except OSError:
            places.append((entry, -1))
    return (notecheck.__version__, sys.version, sys.executable, code_stamps(), tuple(places),
            tuple((path, file_stamp(path)) for path in plugin_files))

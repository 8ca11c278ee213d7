"""The record of a site's last build: what it was made of and what it left on disk, so
that a rebuild with nothing changed does nothing at all.

Even served wholly from the cache, a build reads and hashes every note, loads every
result and page, renders the index and writes a whole staging site to compare with the
published one: several times the cost of starting Python. So a build with a cache ends
by writing this record, and the next build of the same output folder first compares,
before it loads anything to check or render:
- its inputs (notecheck's code, the Python environment and plugins, the settings, the
  paths named, the output folder, the theme's files), compared whole;
- the notes found, each by its stamp: type, size, modification and change time, inode
  (never its bytes);
- each local link and image of each page, as the page found it (the file it named, its
  size and time), so a picture replaced or a missing file added is seen;
- every file and folder of the published site, by the same stamp: a site edited, added
  to or pruned by hand is built again.
If all hold, the site on disk is what a build would leave (a build rewrites no unchanged
file), and nothing is done. Anything else is an ordinary incremental build, which
writes a new record.

The change time (ctime) is set by the kernel on every write and cannot be set back, so
an edit that keeps a note's size and puts its modification time back is still seen. A
note changed less than RACY_NS before its stamp was taken could change again within the
same clock tick, unseen (git's "racy" files): then no record is written, and the next
build is an ordinary one.
"""

from __future__ import annotations

import marshal
import os
import time
import zlib
from stat import S_ISREG
from pathlib import Path
from typing import Any, Callable

RACY_NS = 2_000_000_000  # a coarse file system (FAT, some network ones) keeps times to 2 s
STAGING_OWNER = ".notecheck-building"  # in a staging folder: the pid of the build writing it
KIND = "sites"  # the cache's entries of this kind are records, one per output folder
# (written with marshal: plain tuples, lists and dicts, read without loading pickle)


class SiteRecord:
    """The record of building the site at `out_dir` from `notes` with `inputs` (the
    caller's: settings, paths, ...) and `theme`, read from and written to `store` (a
    `notecheck.cache.Cache`). `environment(plugin_files)` stamps notecheck's code and the
    Python packages (`notecheck.cache.environment_stamp`). The note stamps are taken
    when the record is made, before any note is read."""

    def __init__(self, store: Any, out_dir: Path, inputs: Any, notes: list[Path], theme: Path | None,
                 environment: Callable[[tuple[str, ...]], Any]) -> None:
        self.store, self.out_dir, self.environment = store, out_dir, environment
        name = str(out_dir).encode("utf-8", "surrogateescape")
        self.key = f"{zlib.crc32(name):08x}{zlib.adler32(name):08x}"  # the folder itself is in `inputs`
        self.inputs = (str(out_dir), inputs, theme and tree_stamps(theme))
        taken = time.time_ns()
        self.notes = [(str(path), stamp(path)) for path in notes]
        # a FIFO or a device may give other bytes each time it is read: never trusted
        self.racy = any(s is None or not S_ISREG(s[0]) or max(s[2], s[3]) > taken - RACY_NS for _, s in self.notes)
        self.root: str | None = None
        self.links: list[tuple[str, list]] = []  # (note's folder, what its page's local links found)

    def restart(self) -> None:
        """A build of the site starts (again): what pages found is told anew."""
        self.root, self.links = None, []

    def page(self, note_dir: Path, root: Path, links: list) -> None:
        """Note what one page's local links found (`site_cache.file_state`)."""
        self.root = str(root)
        if links:
            self.links.append((str(note_dir), links))

    def unchanged(self) -> dict | None:
        """The outcome of the last build if it would be this build's and its site is still on
        disk as that build left it; else None."""
        record = self.store.get(KIND, self.key, loads=marshal.loads)
        if not isinstance(record, dict) or record["inputs"] != self.inputs or record["notes"] != self.notes:
            return None
        if self.environment(record["plugin_files"]) != record["environment"]:
            return None
        if tree_stamps(self.out_dir) != record["site"] or not links_hold(record["root"], record["links"]):
            return None
        return None if self.staging_left() else record["outcome"]

    def staging_left(self) -> bool:
        """Whether a build of this folder left its staging folder (it was killed): an
        ordinary build removes it."""
        prefix = f".{self.out_dir.name}."
        try:
            with os.scandir(self.out_dir.parent) as entries:
                return any(e.name.startswith(prefix) and e.name.endswith(".tmp")
                           and os.path.exists(os.path.join(e.path, STAGING_OWNER)) for e in entries)
        except OSError:
            return True

    def save(self, outcome: dict, plugin_files: tuple[str, ...], complete: bool = True) -> None:
        """Keep this build's record: none when a note was racy or the site is not
        `complete` (a page could not be written): the next build is then an ordinary one.
        `plugin_files` are the reader plugins' module files the build used."""
        site = None if self.racy or not complete else tree_stamps(self.out_dir)
        if site is not None:
            self.store.put(KIND, self.key, {
                "inputs": self.inputs, "notes": self.notes, "plugin_files": plugin_files,
                "environment": self.environment(plugin_files), "root": self.root, "links": self.links,
                "site": site, "outcome": outcome}, dumps=marshal.dumps)
        elif self.store.has(KIND, self.key):
            self.store.put(KIND, self.key, None, dumps=marshal.dumps)  # an older record must not outlive this build


def stamp(path: Path | str) -> tuple[int, int, int, int, int] | None:
    """(type and mode, size, modification time, change time, inode) of a file, None if it
    cannot be read."""
    try:
        s = os.stat(path)
    except (OSError, ValueError):
        return None
    return (s.st_mode, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino)


def tree_stamps(folder: Path) -> dict[str, tuple] | None:
    """The stamp of every file (links not followed) and the name of every folder under
    `folder`, by path relative to it; None when it is not a folder that can be read."""
    out: dict[str, tuple] = {}
    pending = [""]
    try:
        while pending:
            relative = pending.pop()
            with os.scandir(os.path.join(folder, relative)) as entries:
                for entry in entries:
                    name = f"{relative}/{entry.name}" if relative else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        out[name] = ()
                        pending.append(name)
                        continue
                    s = entry.stat(follow_symlinks=False)
                    out[name] = (s.st_mode, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino)
    except OSError:
        return None
    return out


def links_hold(root: str | None, links: list[tuple[str, list]]) -> bool:
    """Whether every page's local links still name the same files, unchanged."""
    if not links:
        return True
    from notecheck.publish.site_cache import still_valid

    return all(still_valid((None, None, None, found), Path(note_dir), Path(root)) for note_dir, found in links)

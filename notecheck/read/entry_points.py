"""Entry points of one group, read from the installed distributions' metadata folders.

Why not `importlib.metadata.entry_points`: importing `importlib.metadata` pulls in the
`email` package and costs ~15 ms on every `notecheck` start, more than reading the few
`entry_points.txt` files it would read. This module reads them by the same rules:
every `sys.path` folder is listed for `*.dist-info` / `*.egg-info` folders, a
distribution's first occurrence on the path wins (names compared PEP 503-normalised),
and an entry point is `module:attr.attr` with optional `[extras]`. Where the path holds
something this reader does not handle (a zip file, or an import hook that finds
distributions itself) it hands over to `importlib.metadata`, so every entry point a
third party registers is still honoured.
"""

from __future__ import annotations

import os
import re
import sys
from functools import reduce
from importlib import import_module
from importlib.machinery import PathFinder

_PATTERN = r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$"


class EntryPoint:
    """One `name = value` line of a group, loadable like importlib's EntryPoint.

    A plain class, not a dataclass: defining a dataclass costs more start-up time than
    this whole module saves per plugin."""

    __slots__ = ("name", "value", "group", "folder")

    def __init__(self, name: str, value: str, group: str, folder: str = ""):
        self.name, self.value, self.group = name, value, group
        self.folder = folder  # the distribution's metadata folder

    @property
    def module(self) -> str:
        return re.match(_PATTERN, self.value).group("module")

    def __repr__(self) -> str:
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, group={self.group!r})"

    def load(self):
        match = re.match(_PATTERN, self.value)
        module = import_module(match.group("module"))
        attrs = filter(None, (match.group("attr") or "").split("."))
        return reduce(getattr, attrs, module)


def entry_points(group: str) -> list:
    """The entry points of `group` of every installed distribution, in path order."""
    folders = _metadata_folders()
    if folders is None:
        from importlib.metadata import entry_points as standard

        return list(standard(group=group))
    return [point for folder in folders for point in _read(folder, group)]


def _metadata_folders() -> list[str] | None:
    """The metadata folders of the distributions on sys.path, first one of a name only;
    None when the path holds what only importlib.metadata knows how to search."""
    if any(finder is not PathFinder and hasattr(finder, "find_distributions") for finder in sys.meta_path):
        return None
    seen: set[str] = set()
    folders = []
    for root in sys.path:
        if os.path.isfile(root or "."):
            return None
        try:
            children = os.listdir(root or ".")
        except OSError:
            continue
        by_name: dict[str, list[str]] = {}
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                name = _normalize(low.rpartition(".")[0].partition("-")[0])
                by_name.setdefault(name, []).append(child)
        if os.path.basename(root).lower().endswith(".egg"):
            return None
        for name, found in by_name.items():
            for child in found:
                if name not in seen:
                    seen.add(name)
                    folders.append(os.path.join(root, child))
    return folders


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _read(folder: str, group: str) -> list[EntryPoint]:
    try:
        with open(os.path.join(folder, "entry_points.txt"), encoding="utf-8") as file:
            text = file.read()
    except OSError:
        return []
    points, section = [], None
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
        elif section == group:
            name, value = line.split("=", 1)
            points.append(EntryPoint(name.strip(), value.strip(), group, folder))
    return points


def version_of(point) -> str:
    """The version of the distribution that registers `point` ("?" if unknown): the
    `Version:` header of its metadata file, the one `importlib.metadata` reads."""
    if not isinstance(point, EntryPoint):  # found by importlib.metadata itself
        return point.dist.version if point.dist else "?"
    for name in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(point.folder, name), encoding="utf-8") as file:
                for line in file:
                    if not line.strip():
                        break  # the headers end at the first blank line
                    if line.lower().startswith("version:"):
                        return line.split(":", 1)[1].strip()
        except OSError:
            continue
    return "?"

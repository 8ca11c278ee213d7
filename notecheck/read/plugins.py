"""Plugins: how a reader or a formula pre-processor is added to notecheck.

A plugin is any module (or object) registered in the ``notecheck.plugins`` entry-point
group, e.g. in its ``pyproject.toml``::

    [project.entry-points."notecheck.plugins"]
    myformat = "notecheck_myformat"

Every hook is optional; notecheck calls the ones a plugin defines, mkdocs-style:

``on_markdown(md: markdown_it.MarkdownIt) -> None``
    Extend the Markdown parser, e.g. add an inline rule. A rule that finds a formula
    pushes a token of type ``math_inline`` (or ``math_block`` for display math) whose
    ``content`` is the LaTeX. Optional ``meta`` keys: ``delimiter`` (what the
    Formula reports, e.g. ``"image"``), ``display`` (bool), ``original`` (the source
    text when the LaTeX is not written verbatim in the note, e.g. decoded from a URL).
    notecheck works out the position of an inline token itself.

``readers: dict[str, reader]``
    File suffixes (``".ipynb"``) this plugin reads instead of Markdown, with
    ``reader(path: str, text: str, plugins: Sequence[Plugin]) -> Note``. ``text`` is the
    decoded file; ``plugins`` are the active plugins, to pass on to
    ``notecheck.read.read_markdown`` for embedded Markdown. Bad content becomes a Finding
    on the returned Note, never an exception.

``on_formula(formula: Formula, note: Note) -> Iterable[Finding] | None``
    Called once per formula after the note is read, in plugin order. It may rewrite the
    formula in place: set ``formula.original`` to the old LaTeX, ``formula.latex`` to the
    new, and ``formula.start = formula.end = -1`` (the LaTeX no longer stands verbatim in
    the note). Return the findings to report about it.

A hook that raises is reported as an NC901 finding on the note; it never ends the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from notecheck.records import FrozenRecord

GROUP = "notecheck.plugins"


class PluginError(Exception):
    """A plugin was asked for that is not installed, or it fails to import."""


class Plugin(FrozenRecord):
    """A loaded plugin: its entry-point name and the module or object with the hooks."""

    name: str
    hooks: Any

    def hook(self, name: str):
        return getattr(self.hooks, name, None)


def load_plugins(names: Iterable[str] | None = None) -> tuple[Plugin, ...]:
    """The installed plugins (all of them, or those `names` asks for, in that order).

    Raises PluginError with a one-line reason for an unknown or broken plugin.
    """
    installed = _installed()
    if names is None:
        return tuple(_load(name, installed[name]) for name in sorted(installed))
    plugins = []
    for name in names:
        if name not in installed:
            known = ", ".join(sorted(installed)) or "none installed"
            raise PluginError(f"unknown plugin {name!r} (available: {known})")
        plugins.append(_load(name, installed[name]))
    return tuple(plugins)


def as_plugins(plugins: Sequence[Any] | None) -> tuple[Plugin, ...]:
    """Accept loaded Plugins or bare modules/objects with hooks (handy in tests)."""
    if plugins is None:
        return load_plugins()
    return tuple(p if isinstance(p, Plugin) else Plugin(getattr(p, "__name__", type(p).__name__), p)
                 for p in plugins)


def installed_plugins() -> list[tuple[str, str | None]]:
    """Each installed plugin as `name=value@version` (its distribution's version), with its
    module's file (None if not found): what a cached result depends on besides notecheck's
    own code. Read from the metadata files (`entry_points.version_of`), not through
    importlib.metadata, which a one-note check would load for this alone."""
    from importlib.util import find_spec

    from notecheck.read.entry_points import version_of

    out = []
    for name, entry in sorted(_installed().items()):
        origin = None
        try:
            spec = find_spec(entry.module)
            if spec and spec.origin and os.path.exists(spec.origin):
                origin = spec.origin
        except (ImportError, ValueError):
            pass
        out.append((f"{name}={entry.value}@{version_of(entry)}", origin))
    return out


@lru_cache(maxsize=1)
def _installed() -> dict[str, Any]:
    from notecheck.read.entry_points import entry_points

    return {ep.name: ep for ep in entry_points(group=GROUP)}


@lru_cache(maxsize=None)
def _load(name: str, entry_point: Any) -> Plugin:
    try:
        return Plugin(name, entry_point.load())
    except Exception as error:  # any import-time failure of third-party code
        raise PluginError(f"plugin {name!r} ({entry_point.value}) failed to load: "
                          f"{type(error).__name__}: {error}") from None

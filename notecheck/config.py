"""`[tool.notecheck]` from the nearest pyproject.toml, merged with command-line options.

Keys, all optional:

    [tool.notecheck]
    include = ["notes/**/*.md"]      # globs, relative to the pyproject's folder
    exclude = ["drafts/**"]
    disable = ["NC701", "NC201"]     # codes never reported
    layout = "denominator"           # default layout for notes that declare none
    macros = {R = "\\mathbb{R}", pd = ["\\frac{\\partial #1}{\\partial #2}", 2]}  # site-wide
    cache-dir = ".notecheck_cache"   # where results are cached, relative to the pyproject's folder

Command-line options win over the file.
"""

from __future__ import annotations

from dataclasses import field, replace
from pathlib import Path

from notecheck.records import FrozenRecord

DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.ipynb", "**/*.qmd", "**/*.Rmd", "**/*.rmd")
LAYOUTS = ("numerator", "denominator")


class ConfigError(Exception):
    """The configuration is unusable; the message says what to change."""


class Config(FrozenRecord):
    """The settings of a run: pyproject's `[tool.notecheck]` with the command line over it."""

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    disable: frozenset[str] = field(default_factory=frozenset)
    layout: str | None = None
    root: Path | None = None  # folder of the pyproject.toml the settings came from
    macros: tuple = ()  # (name, notecheck.latex.macros.Macro) the site defines for every note
    cache_dir: str | None = None  # `cache-dir`, relative to `root`


def _tomllib():
    """The TOML reader, imported only when there is a pyproject.toml to read: most runs
    from a notes folder have none, and the import is start-up time of every run."""
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib
    return tomllib


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a [tool.notecheck] table."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else [start.parent, *start.parent.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            tomllib = _tomllib()
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "notecheck" in data.get("tool", {}):
                return candidate
    return None


def load(start: Path) -> Config:
    """The configuration in force for a run started at `start` (a folder or a file)."""
    path = find_pyproject(start)
    if path is None:
        return Config()
    table = _tomllib().loads(path.read_text(encoding="utf-8"))["tool"]["notecheck"]
    return from_table(table, path.parent)


def from_table(table: dict, root: Path | None = None) -> Config:
    unknown = set(table) - {"include", "exclude", "disable", "layout", "macros", "cache-dir"}
    if unknown:
        raise ConfigError(f"unknown key(s) in [tool.notecheck]: {', '.join(sorted(unknown))} "
                          "(known: include, exclude, disable, layout, macros, cache-dir)")
    cache_dir = table.get("cache-dir")
    if cache_dir is not None and (not isinstance(cache_dir, str) or not cache_dir.strip()):
        raise ConfigError("[tool.notecheck] cache-dir must be a folder name (a string)")
    layout = table.get("layout")
    if layout is not None and layout not in LAYOUTS:
        raise ConfigError(f"[tool.notecheck] layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    return Config(
        include=tuple(_strings(table, "include")) or DEFAULT_INCLUDE,
        exclude=tuple(_strings(table, "exclude")),
        disable=frozenset(code.upper() for code in _strings(table, "disable")),
        layout=layout,
        root=root,
        macros=_macros(table.get("macros", {})),
        cache_dir=cache_dir,
    )


def _macros(table) -> tuple:
    """The site's macros, checked as LaTeX; the parser is loaded only when there are some."""
    if table == {}:
        return ()
    if not isinstance(table, dict):
        raise ConfigError('[tool.notecheck] macros must be a table: macros = {R = "\\mathbb{R}"}')
    from notecheck.latex import macro_from_setting

    try:
        return tuple(macro_from_setting(name, value) for name, value in table.items())
    except ValueError as error:
        raise ConfigError(f"[tool.notecheck] {error}") from None


def with_options(config: Config, *, include=(), exclude=(), disable=(), layout=None) -> Config:
    """Command-line options layered over the file's settings."""
    return replace(
        config,
        include=tuple(include) or config.include,
        exclude=config.exclude + tuple(exclude),
        disable=config.disable | {code.upper() for code in disable},
        layout=layout or config.layout,
    )


def _strings(table: dict, key: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[tool.notecheck] {key} must be a list of strings")
    return value

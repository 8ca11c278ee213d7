"""Regular expressions compiled at an earlier run, loaded instead of compiled at every start.

A `notecheck check` of one note compiles about 260 regular expressions (its own, and
markdown-it's and click's): ~40 ms of a 240 ms run, since Python compiles each in pure
Python (`re._parser`, `re._compiler`) at every start and, unlike bytecode, keeps no
compiled form between runs. This module keeps one the way bytecode is kept: `load` puts
the patterns of a table in the package's `__pycache__` into `re`'s own cache, where
`re.compile` finds them; `save` adds the patterns a run compiled anew.

An entry is what `re._compiler.compile` hands `_sre.compile` (the compiled code, the group
names), checked when it is written to make a pattern equal to the one `re` compiled
(patterns compare by their compiled code). The table's name holds the interpreter's cache
tag, sre's MAGIC and notecheck's version, so another Python, sre or notecheck never reads
it. Anything unexpected (no table, a damaged one, an `re` laid out otherwise) leaves `re`
to compile as it always does; the table is written only where bytecode would be (not under
`python -B` or PYTHONDONTWRITEBYTECODE).
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from pathlib import Path

import _sre

from notecheck import __version__

_loaded: dict[tuple, tuple] = {}  # re's cache key -> its entry, for the patterns `load` put there
# New patterns worth writing the table again for (a first run, a changed module). Fewer are
# compiled anew at every run: markdown-it joins its terminator characters from a set, in
# an order that changes with every run, and writing the table for that would grow it forever.
FRESH_ENOUGH = 10


def table_path() -> Path:
    tag = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{__version__}"
    return Path(__file__).parent / "__pycache__" / f"patterns.{tag}.marshal"


def load() -> None:
    """Put the table's patterns in `re`'s cache, compiled from their entries."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return
    try:
        entries = marshal.loads(table_path().read_bytes())
        made = {(str, e[0], e[1]): (e, _sre.compile(e[0], *e[2:])) for e in entries}
    except (OSError, ValueError, EOFError, TypeError, IndexError):
        return  # no table yet, or one this interpreter cannot use: `re` compiles as usual
    for key, (entry, pattern) in made.items():
        cache[key] = pattern
        _loaded[key] = entry


def save() -> None:
    """Write the table again if this run compiled enough patterns that are not in it."""
    cache = getattr(re, "_cache", None)
    if sys.dont_write_bytecode or not isinstance(cache, dict):
        return
    fresh = [(key, pattern) for key, pattern in list(cache.items()) if key[0] is str and key not in _loaded]
    if len(fresh) < FRESH_ENOUGH:
        return
    try:
        entries = [entry(key[1], key[2], pattern) for key, pattern in fresh]
        table = list(_loaded.values()) + [e for e in entries if e is not None]
        path = table_path()
        path.parent.mkdir(exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}")
        part.write_bytes(marshal.dumps(table))
        os.replace(part, path)  # whole or not at all, whatever other notecheck runs do meanwhile
    except (OSError, ImportError, ValueError, TypeError, AttributeError, RecursionError):
        return  # a read-only installation, or an `re` laid out otherwise (3.10's): nothing is kept


def entry(pattern: str, flags: int, compiled: re.Pattern) -> tuple | None:
    """`_sre.compile`'s arguments for `pattern`, after the pattern and its flags as `re`'s
    cache keys it, if they make a pattern equal to `compiled`; else None."""
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # plain ints: marshal takes no int subclass
    names = dict(parsed.state.groupdict)
    groups = [None] * parsed.state.groups
    for name, number in names.items():
        groups[number] = name
    made = (pattern, flags, int(flags | parsed.state.flags), code, parsed.state.groups - 1, names, tuple(groups))
    return made if _sre.compile(pattern, *made[2:]) == compiled else None

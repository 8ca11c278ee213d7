"""How big front matter becomes once its YAML aliases are followed.

YAML aliases share one value in memory, but a JSON report or a page copies each use
out: ten levels of nine aliases ("billion laughs") is a few lines of YAML and 10⁹
values, and `a: &a [*a]` is a value that contains itself. Both are refused before the
front matter reaches any output.
"""

from __future__ import annotations

MAX_FRONT_MATTER_VALUES = 10_000  # values front matter may expand to once its YAML aliases are followed


class CyclicValue(ValueError):
    """Front matter whose YAML aliases make a value contain itself (`a: &a [*a]`)."""


def expanded_size(value, sizes: dict[int, int], open_ids: set[int]) -> int:
    """How many values `value` becomes once every alias is copied out, as a JSON report
    would: a billion-laughs file is a few lines of YAML but 10⁹ values. Shared parts are
    counted once per use without being walked again; a cycle raises CyclicValue."""
    if not isinstance(value, (dict, list)):
        return 1
    key = id(value)
    if key in open_ids:
        raise CyclicValue
    if key not in sizes:
        open_ids.add(key)
        items = value.values() if isinstance(value, dict) else value
        sizes[key] = 1 + sum(expanded_size(item, sizes, open_ids) for item in items)
        open_ids.discard(key)
    return sizes[key]


def too_big(data) -> str | None:
    """Why front matter cannot be reported (its aliases expand too far or form a
    cycle), or None when it can."""
    try:
        size = expanded_size(data, {}, set())
    except CyclicValue:
        return "an alias refers to itself (a cyclic value)"
    if size > MAX_FRONT_MATTER_VALUES:
        return f"its aliases expand to over {MAX_FRONT_MATTER_VALUES:,} values"
    return None

"""A note's front matter (YAML through the safe loader, or TOML) as plain data, and its
title: front matter's, else the first heading's, else the file name's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notecheck.findings import Finding
from notecheck.read.extraction import MATH_TOKENS, plain_text
from notecheck.read.front_matter_size import too_big
from notecheck.read.simple_yaml import simple_yaml


def front_matter_of(tokens) -> tuple[dict[str, Any], list[Finding]]:
    """The front matter as plain JSON-able data, or {} and an NC104 when it is invalid."""
    token = tokens[0] if tokens and tokens[0].type == "front_matter" else None
    if token is None:
        return {}, []
    kind = "TOML" if token.markup == "+++" else "YAML"
    try:
        data = _load_toml(token.content) if kind == "TOML" else _load_yaml(token.content)
        if data is None:
            return {}, []
        if not isinstance(data, dict):
            return {}, [Finding("NC104", f"front matter is {kind} but not a mapping of keys to values", line=1)]
        refused = too_big(data)
        if refused:
            return {}, [Finding("NC104", f"front matter is refused: {refused}", line=1)]
        return _plain(data, {}), []
    except RecursionError:
        reason = "nested too deeply"
    except Exception as error:  # yaml/toml errors, and odd constructs they raise on
        reason = " ".join(str(error).split())[:200]
    return {}, [Finding("NC104", f"front matter is not valid {kind}: {reason}", line=1)]


def _load_yaml(source: str):
    data = simple_yaml(source)
    if data is not None:
        return data
    import yaml  # here: most front matter is read without it

    return yaml.safe_load(source)


def _load_toml(source: str):
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads(source)


def _plain(value, seen: dict[int, Any]):
    """Dates become ISO strings and keys strings, so reports can dump front matter as
    JSON. `seen` keeps YAML aliases shared, so a billion-laughs file stays small. A
    `!!set` becomes a sorted list: its order must not be the hash order of one run."""
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=lambda item: (type(item).__name__, str(item)))
    if isinstance(value, (dict, list)):
        if id(value) in seen:
            return seen[id(value)]
        out: Any = {} if isinstance(value, dict) else []
        seen[id(value)] = out
        if isinstance(value, dict):
            out.update({str(key): _plain(item, seen) for key, item in value.items()})
        else:
            out.extend(_plain(item, seen) for item in value)
        return out
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def title_of(front_matter: dict[str, Any], tokens, path: str) -> str:
    """Front matter `title`, else the first heading, else the file's stem."""
    title = front_matter.get("title")
    if isinstance(title, (str, int, float)) and str(title).strip():
        return str(title).strip()
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            heading = heading_text(tokens[index + 1])
            if heading:
                return heading
    return Path(path).stem or path


def heading_text(inline) -> str:
    """A heading as plain text (`**Bold** $x$` → `Bold $x$`): a title, not Markdown."""
    parts = []
    for child in inline.children or []:
        if child.type in MATH_TOKENS:
            parts.append(f"${child.content.strip()}$")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        else:
            parts.append(plain_text(child))
    return "".join(parts).strip()

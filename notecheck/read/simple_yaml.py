"""Front matter in the plain shape most notes use, read without loading PyYAML.

Loading PyYAML costs a one-note `notecheck check` about 10 ms (its reader compiles a
pattern over most of Unicode), a twentieth of the run, for front matter that is nearly
always a few `key: value` lines. `simple_yaml` reads that shape and nothing more:
top-level keys whose value is a scalar, a flow list (`[a, "b c"]`) or a block below the
key (`- item` lines, or `key: value` lines one level in); a scalar is a word or phrase
that starts with a letter, a quoted string without escapes, a decimal integer, a date,
or one of YAML 1.1's booleans and nulls. On anything else it returns None and the
caller loads PyYAML. What it returns is what `yaml.safe_load` returns for the same text
(tests/test_simple_yaml.py compares the two on generated documents).
"""

from __future__ import annotations

import datetime
import re

LETTERS = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
INSIDE = LETTERS + "0-9 ._/()+!?;'\u3000-\u303f\uff01-\uff5e-"  # no YAML indicator can start among these
PLAIN = re.compile(f"[{LETTERS}][{INSIDE},]*")  # a plain scalar in a block (`a, b` is one string)
PLAIN_IN_FLOW = re.compile(f"[{LETTERS}][{INSIDE}]*")  # in `[...]`, where a comma separates
QUOTED = re.compile(r"\"([^\"\\]*)\"|'([^']*)'")
INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
KEY = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
ITEM = re.compile(r"( *)- +(.*)")
# What YAML would not read as one line of printable text: control characters (tabs and
# carriage returns too), surrogates, non-characters, and the other line breaks.
UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u2028\u2029]")
WORDS = {  # YAML 1.1's booleans and nulls, as PyYAML resolves them (these spellings only)
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("~", "null", "Null", "NULL"), None),
}
NOT_SIMPLE = object()


def simple_yaml(text: str) -> dict | None:
    """The mapping `text` holds, when it is in the shape above; None otherwise."""
    if UNUSUAL.search(text):
        return None
    lines = [line.rstrip(" ") for line in text.split("\n")]
    lines = [line for line in lines if line and not line.lstrip(" ").startswith("#")]
    out: dict = {}
    at = 0
    while at < len(lines):
        key = KEY.fullmatch(lines[at])
        if key is None or key.group(1) or key.group(2) in WORDS:
            return None
        at += 1
        if key.group(3) is not None:
            value = _value(key.group(3), PLAIN)
        else:
            block_end = at
            while block_end < len(lines) and (lines[block_end].startswith(" ") or lines[block_end].startswith("- ")):
                block_end += 1
            value = _block(lines[at:block_end]) if block_end > at else None
            at = block_end
        if value is NOT_SIMPLE:
            return None
        out[key.group(2)] = value
    return out or None


def _block(lines: list[str]):
    """The list or mapping in the lines below a key, all indented alike."""
    items = [ITEM.fullmatch(line) for line in lines]
    if all(items):
        if len({item.group(1) for item in items}) != 1:
            return NOT_SIMPLE
        values = [_scalar(item.group(2), PLAIN) for item in items]
        return NOT_SIMPLE if NOT_SIMPLE in values else values
    keys = [KEY.fullmatch(line) for line in lines]
    if not all(keys) or len({key.group(1) for key in keys}) != 1 or not keys[0].group(1):
        return NOT_SIMPLE
    out = {}
    for key in keys:
        if key.group(2) in WORDS or key.group(3) is None:
            return NOT_SIMPLE
        out[key.group(2)] = _value(key.group(3), PLAIN)
        if out[key.group(2)] is NOT_SIMPLE:
            return NOT_SIMPLE
    return out


def _value(text: str, plain: re.Pattern):
    """A scalar or a flow list of scalars."""
    if text.startswith("[") and text.endswith("]"):
        inside = text[1:-1].strip(" ")
        if not inside:
            return []
        values = [_scalar(item.strip(" "), PLAIN_IN_FLOW) for item in inside.split(",")]
        return NOT_SIMPLE if NOT_SIMPLE in values else values
    return _scalar(text, plain)


def _scalar(text: str, plain: re.Pattern):
    if text in WORDS:
        return WORDS[text]
    quoted = QUOTED.fullmatch(text)
    if quoted:
        return quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    if INTEGER.fullmatch(text):
        return int(text)
    date = DATE.fullmatch(text)
    if date:
        try:
            return datetime.date(*(int(part) for part in date.groups()))
        except ValueError:
            return NOT_SIMPLE  # PyYAML says what is wrong with it
    return text if plain.fullmatch(text) else NOT_SIMPLE

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

PUNCTUATION = frozenset(" ._/()+!?;'-<>@")  # ASCII that no YAML indicator can start among
FIRST = frozenset("(/")  # ASCII a plain string may start with besides a letter: no indicator, no number
QUOTED = re.compile(r"\"([^\"\\]*)\"|'([^']*)'")
INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# a date and a time to the second (Hexo's `date: 2020-04-16 07:27:00`), as PyYAML's
# timestamp reads it when it has no fraction and no time zone; to the minute it is a string
DATE_TIME = re.compile(r"([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]| +)([0-9][0-9]?):([0-9]{2}):([0-9]{2})")
DATE_MINUTE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}")
KEY = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
ITEM = re.compile(r"( *)- +(.*)")
WORDS = {  # YAML 1.1's booleans and nulls, as PyYAML resolves them (these spellings only)
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("~", "null", "Null", "NULL"), None),
}
NOT_SIMPLE = object()


def simple_yaml(text: str) -> dict | None:
    """The mapping `text` holds, when it is in the shape above; None otherwise."""
    if not text.replace("\n", "").isprintable():
        return None  # tabs, carriage returns, other line breaks, what YAML would refuse
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
            value = _value(key.group(3))
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
        values = [_scalar(item.group(2), in_flow=False) for item in items]
        return NOT_SIMPLE if NOT_SIMPLE in values else values
    keys = [KEY.fullmatch(line) for line in lines]
    if not all(keys) or len({key.group(1) for key in keys}) != 1 or not keys[0].group(1):
        return NOT_SIMPLE
    out = {}
    for key in keys:
        value = NOT_SIMPLE if key.group(2) in WORDS or key.group(3) is None else _value(key.group(3))
        if value is NOT_SIMPLE:
            return NOT_SIMPLE
        out[key.group(2)] = value
    return out


def _value(text: str):
    """A scalar or a flow list of scalars, after `key: `."""
    if text.startswith("[") and text.endswith("]"):
        inside = text[1:-1].strip(" ")
        if not inside:
            return []
        values = [_scalar(item.strip(" "), in_flow=True) for item in inside.split(",")]
        return NOT_SIMPLE if NOT_SIMPLE in values else values
    return _scalar(text, in_flow=False)


def _scalar(text: str, in_flow: bool):
    if text in WORDS:
        return WORDS[text]
    quoted = QUOTED.fullmatch(text)
    if quoted:
        return quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    if INTEGER.fullmatch(text):
        return int(text)
    for pattern, kind in ((DATE, datetime.date), (DATE_TIME, datetime.datetime)):
        date = pattern.fullmatch(text)
        if date:
            try:
                return kind(*(int(part) for part in date.groups()))
            except ValueError:
                return NOT_SIMPLE  # PyYAML says what is wrong with it
    if DATE_MINUTE.fullmatch(text):
        return text
    return text if _plain(text, in_flow) else NOT_SIMPLE


def _plain(text: str, in_flow: bool) -> bool:
    """A plain scalar that is a string: it starts with a letter, `(` or `/` (so it is no
    number, date, anchor, tag or other indicator) and holds letters, digits, printable
    non-ASCII and harmless punctuation; outside `[...]` a comma too, and a colon that
    neither ends it nor comes before a space (`https://...`; `a: b` would be a mapping).
    (Character tests, not a pattern: a pattern over Unicode's letters takes milliseconds
    to compile.)"""
    if not text or not (text[0].isalpha() or text[0] in FIRST):
        return False
    if ":" in text and (in_flow or text.endswith(":") or ": " in text):
        return False
    return all(ch.isalnum() or ch in PUNCTUATION or (ch in ",:" and not in_flow) or (ord(ch) > 127 and ch.isprintable())
               for ch in text)

"""Carry a note's fixes into its file, changing no byte outside the edits.

Edits are offsets into the note's text, which has every line break as LF and is decoded
from UTF-8 (with or without BOM) or GB18030. The file may have CRLF, LF and lone CR
mixed, a BOM, a Chinese legacy encoding: each is kept, so `--fix` changes the claims it
fixes and nothing else, and `--diff` shows only those lines.
"""

from __future__ import annotations

from notecheck.check.fix import apply_edits
from notecheck.findings import Edit
from notecheck.read import normalize_newlines

BOM = "\ufeff"


class Unfixable(ValueError):
    """The file on disk is not the text the note was read from (it changed since, or it
    is in an encoding notecheck reads but cannot map back)."""


def decoded(raw: bytes) -> tuple[str, str]:
    """The file's text as written (line breaks untouched, BOM kept) and its encoding."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("gb18030"), "gb18030"


def fixed_file(raw: bytes, note_text: str, edits: list[Edit]) -> tuple[str, str, bytes]:
    """(old text, new text, new bytes) of the file after `edits`; Unfixable when the file
    does not read back as `note_text`."""
    try:
        written, encoding = decoded(raw)
    except UnicodeDecodeError as error:
        raise Unfixable("the file is neither UTF-8 nor GB18030") from error
    body = written[1:] if written.startswith(BOM) else written
    if normalize_newlines(body) != note_text:
        raise Unfixable("the file changed since it was read")
    offsets = raw_offsets(body)
    moved = [Edit(offsets[e.start], offsets[e.end], with_breaks(e.text, body, offsets[e.start]), e.safe)
             for e in edits]
    new_body = apply_edits(body, moved)
    new = written[: len(written) - len(body)] + new_body
    return written, new, new.encode(encoding)


def raw_offsets(body: str) -> list[int]:
    """For each offset of the LF-normalized text (and its end), the offset in `body`."""
    out, i = [], 0
    while i < len(body):
        out.append(i)
        i += 2 if body.startswith("\r\n", i) else 1
    out.append(len(body))
    return out


def with_breaks(text: str, body: str, at: int) -> str:
    """An edit's line breaks as the file writes the line it starts on."""
    if "\n" not in text:
        return text
    end = min((i for i in (body.find("\r", at), body.find("\n", at)) if i >= 0), default=-1)
    if end < 0:
        return text
    newline = "\r\n" if body.startswith("\r\n", end) else body[end]
    return text.replace("\n", newline)

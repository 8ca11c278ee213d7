"""Fixes carried into a note's text: `apply_edits` puts the findings' edits in place for
`--fix`, `unified_diff` shows them for `--diff`; nothing outside an edit changes."""

from __future__ import annotations

from notecheck.findings import Edit


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with each edit's span replaced; every other character stays as it was.

    Edits must not overlap and must lie inside the text; a violation is a ValueError
    (a bug in whoever made the edits, reported rather than half-applied).
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[str] = []
    cursor = 0
    for edit in ordered:
        if not 0 <= edit.start <= edit.end <= len(text):
            raise ValueError(f"edit [{edit.start}, {edit.end}) lies outside the text ({len(text)} characters)")
        if edit.start < cursor:
            raise ValueError(f"edit [{edit.start}, {edit.end}) overlaps the previous one")
        out.append(text[cursor : edit.start])
        out.append(edit.text)
        cursor = edit.end
    out.append(text[cursor:])
    return "".join(out)


def unified_diff(path: str, old: str, new: str) -> str:
    """The change as `diff -u` shows it, for `notecheck check --diff`; '' when none."""
    import difflib  # lazy: only --diff shows one

    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)

"""A formula that goes on from the one before it: `$$\\mathrm{tr}(A^TdX\\,b)$$` then
`$$= \\mathrm{tr}(b A^T dX)$$`, two Zhihu equation images side by side, a notebook's
displays one under the other. Such a formula starts with a relation, and its first side
is the last side of the formula right before it, when nothing but blank lines, a line
break (`<br>`) or punctuation stands between them. Any word between them, and the two
are apart (`ReLU ($=\\max(0, x)$)` is no step of the formula before it)."""

from __future__ import annotations

import re

from notecheck.latex.expr import FRAGMENT, Chain, Expr, Opaque, Text, copy_tree, walk

NOTHING_BETWEEN = re.compile(r"(?:\s|<br\s*/?>|[,，.。:：;；])*", re.I)
MAX_LINES_APART = 4  # from a formula's last line: `$$`, a blank line, `$$`, the next one's first
CONTINUED_RELATIONS = frozenset({"=", ":=", "\\approx", "\\le", "\\ge", "<", ">", "\\ne", "\\propto"})


def adjacent_formulas(note) -> dict[int, int]:
    """Each formula that follows another with nothing between them (see above), mapped to
    that formula's index: read from the note's paragraphs in order, where a formula of
    its own is a paragraph, so blank lines between two are no part of either."""
    out: dict[int, int] = {}
    last = None
    for paragraph in note.paragraphs:
        for part in paragraph.parts:
            if isinstance(part, str):
                if NOTHING_BETWEEN.fullmatch(part) is None:
                    last = None
                continue
            if last is not None and 0 <= last < part < len(note.formulas) \
                    and note.formulas[part].line - note.formulas[last].end_line <= MAX_LINES_APART \
                    and note.formulas[part].cell == note.formulas[last].cell:
                out[part] = last
            last = part
    return out


def last_side(tree) -> Expr | None:
    """What a formula that goes on from `tree` starts from: its last statement's last side
    (after `=`, `\\approx`, `\\le`, ...), or the statement when it is an expression alone;
    None for prose, a fragment, or a chain ending in `\\in` or `\\sim`. A copy placed
    nowhere in the formula that reads it (its offsets are the other formula's)."""
    if tree is None or not tree.statements:
        return None
    last = tree.statements[-1]
    if isinstance(last, Chain):
        if last.rels[-1] not in CONTINUED_RELATIONS:
            return None
        last = last.items[-1]
    elif isinstance(last, Text) or (isinstance(last, Opaque) and last.what == FRAGMENT):
        return None
    copy = copy_tree(last)
    for node in walk(copy):
        node.__dict__["pos"] = node.__dict__["end"] = -1
    return copy

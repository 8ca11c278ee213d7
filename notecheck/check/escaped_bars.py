"""`\\|X\\|` that the page shows as `|X|`.

In Markdown a backslash escapes a bar, and the renderers of Jekyll (kramdown) and Hexo
(marked) take it so inside `$…$` too, before MathJax sees the formula: authors write
`$d\\|X\\| = \\|X\\|tr(X^{-1}dX)$` (a determinant, said so in the words around it) so that
the bars do not start a table. Read as LaTeX it is a norm, and the claim fails. A claim
that fails with its plain norms and holds with them read as bars (a determinant, an
absolute value) is not certain to be wrong (`judge.with_single_bars`); one that fails
either way stands.
"""

from __future__ import annotations

from dataclasses import replace

from notecheck.latex.expr import Bars, Expr, Norm, map_children, walk
from notecheck.meaning import claims as C

SINGLE_BARS = ("`\\|…\\|` may be the |…| a Markdown renderer shows for it (a backslash escapes a bar there); "
               "read as bars, a determinant or an absolute value, it holds")


def single_bars(relation: C.Relation) -> C.Relation | None:
    """The relation with each norm written without a subscript (`\\|X\\|`, not `\\|X\\|_F`)
    read as bars, or None if it has no such norm."""
    if not any(plain_norm(node) for side in (relation.lhs, relation.rhs) for node in walk(side)):
        return None
    return replace(relation, lhs=as_bars(relation.lhs), rhs=as_bars(relation.rhs))


def plain_norm(node: Expr) -> bool:
    return type(node) is Norm and node.kind is None


def as_bars(node: Expr) -> Expr:
    inner = map_children(node, as_bars)
    if plain_norm(inner):
        return Bars(inner.arg, pos=inner.pos, end=inner.end)
    return inner

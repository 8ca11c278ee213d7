"""Trees rewritten through the note's definitions: a subtree replaced (`Wx` by `a` inside
`y^T W x`), every defined name expanded, and a function's definition written through an
intermediate (`l = -y^TWx` read as a function of `a = Wx`, for `∂l/∂a`)."""

from __future__ import annotations

from notecheck.latex.expr import Expr, Mul, Symbol, map_children
from notecheck.meaning.reach import Definition, reachable, symbols_of


def route(defs: dict[Symbol, Definition], fn: Symbol, wrt: Symbol) -> dict[Symbol, Definition]:
    """`defs` with f's definition written through `wrt` where it holds wrt's definition."""
    if wrt in reachable(defs[fn].expr, defs):
        return defs
    others = {k: v for k, v in defs.items() if k not in (fn, wrt)}
    for body, pattern in ((defs[fn].expr, defs[wrt].expr),
                          (expanded(defs[fn].expr, others), expanded(defs[wrt].expr, others))):
        rewritten = replaced(body, pattern, wrt)
        if rewritten is not body:
            return {**defs, fn: Definition(fn, rewritten, defs[fn].formula, defs[fn].args)}
    return defs


def expanded(node: Expr, defs: dict[Symbol, Definition], depth: int = 0) -> Expr:
    """`node` with every defined name replaced by its definition, all the way down."""
    if depth > 60:
        return node
    for name in symbols_of(node) & set(defs):
        if defs[name].abstract:
            continue
        node = replaced(node, name, expanded(defs[name].expr, {k: v for k, v in defs.items() if k != name},
                                             depth + 1))
    return node


def within_product(node: Mul, run: tuple[Expr, ...], by: Expr) -> Mul:
    """`y^T W x` with the run `W x` replaced: `y^T a` (products are flat in the tree)."""
    factors, width = node.factors, len(run)
    for start in range(len(factors) - width + 1):
        if factors[start:start + width] == run:
            return Mul(factors[:start] + (by,) + factors[start + width:], pos=node.pos, end=node.end)
    return node


def replaced(node: Expr, pattern: Expr, by: Expr, depth: int = 0) -> Expr:
    """`node` with every subtree equal to `pattern` replaced by `by` (itself if none is)."""
    if node.__class__ is pattern.__class__ and node == pattern:  # (of another type it is not: no equality asked)
        return by
    if depth > 500:
        return node
    if isinstance(node, Mul) and isinstance(pattern, Mul):
        node = within_product(node, pattern.factors, by)
    return map_children(node, lambda child: replaced(child, pattern, by, depth + 1))

"""Which symbols an expression depends on, through the definitions in force: structural,
so "f does not depend on Y" can be said before any numbers are drawn."""

from __future__ import annotations

from notecheck.latex import expr as E


def depends_on(f: E.Expr, sym: E.Symbol, defs=None) -> bool:
    """Whether `f` mentions `sym`, directly or through the definitions in force.

    Structural, so "f does not depend on Y" (`∂f/∂Y` when f is built without Y) can be
    said before any numbers are drawn.
    """
    defs = defs or {}
    seen: set = set()
    stack = [f]
    while stack:
        node = stack.pop()
        for sub in E.walk(node):
            if sub.__class__ is sym.__class__ and sub == sym:  # only a node of its type can equal it
                return True
            for key in definition_keys(sub, defs):
                if key not in seen:
                    seen.add(key)
                    stack.append(defs[key])
    return False


def definition_keys(node: E.Expr, defs: dict) -> list[E.Expr]:
    """The keys of `defs` that define `node`: the symbol; for `f(a)` the symbol f and any
    head `f(x)`; for a bare `σ'` the key `Func('sigma', ())`."""
    if isinstance(node, E.Apply):
        keys = [k for k in defs if isinstance(k, E.Apply) and k.fn == node.fn]
        return keys + ([node.fn] if node.fn in defs else [])
    if isinstance(node, E.Func) and not node.args:
        key = E.Func(node.name, ())
        return [key] if key in defs else []
    return [node] if isinstance(node, E.Symbol) and node in defs else []


def is_power_of_symbol(node: E.Expr) -> bool:
    """`σ^2`, `x^3`: a variable a derivative may be taken by (`∂L/∂σ^2`), which moves its letter
    only: differentiating by it is differentiating by the letter, divided by the power's
    derivative (a whole power other than 0 and 1)."""
    return isinstance(node, E.Power) and isinstance(node.base, E.Symbol) and isinstance(node.exp, E.Number) \
        and node.exp.value.denominator == 1 and node.exp.value not in (0, 1)

"""Which symbols must be positive for an expression to be defined at all.

`\\log(\\boldsymbol{u}/c)` is undefined for most Gaussian draws of u and c: a note that
writes it means positive u and c. The symbols under a log, a square root or a fractional
power are those, except where something in between already makes the argument positive
(`\\log|Σ|`, `\\log\\sigma(z)`, `\\log(\\boldsymbol 1^T\\exp(x))`, `\\sqrt{\\|x\\|}`).
"""

from __future__ import annotations

from notecheck.latex import expr as E

NEEDS_POSITIVE = {"log", "ln", "sqrt"}
MAKES_POSITIVE = {"exp", "sigma", "sigmoid", "softmax", "softplus", "etr"}


def positive_symbols(exprs, defs=None) -> set[E.Symbol]:
    """Symbols that should be drawn positive so that `exprs` (and the definitions they
    use) can be evaluated."""
    defs = defs or {}
    out: set[E.Symbol] = set()
    seen: set = set()
    stack = list(exprs)
    while stack:
        node = stack.pop()
        for sub in E.walk(node):
            if isinstance(sub, E.Symbol) and sub in defs and sub not in seen:
                seen.add(sub)
                stack.append(defs[sub])
            for arg in restricted_arguments(sub):
                out |= unprotected_symbols(arg)
    return out


def restricted_arguments(node: E.Expr) -> tuple[E.Expr, ...]:
    """The arguments of `node` that must be positive."""
    if isinstance(node, E.Func) and node.name in NEEDS_POSITIVE:
        return node.args
    if isinstance(node, E.Power) and isinstance(node.exp, E.Number) and node.exp.value.denominator != 1:
        return (node.base,)
    return ()


def unprotected_symbols(node: E.Expr) -> set[E.Symbol]:
    """Symbols in `node` whose sign reaches the result (not under |·|, ‖·‖, exp, σ ...)."""
    if isinstance(node, (E.Bars, E.Norm)) or (isinstance(node, E.Func) and node.name in MAKES_POSITIVE):
        return set()
    if isinstance(node, E.Symbol):
        return {node}
    out: set[E.Symbol] = set()
    for child in E.children(node):
        out |= unprotected_symbols(child)
    return out

"""Why a derivative in a claim has no meaning notecheck can give it: the claim is then
`unverified` with that reason, before any draw is made (`judge`); and why a failure
through a function the note only names says nothing (`about_unknown_function`)."""

from __future__ import annotations

from notecheck.check.evidence import reached
from notecheck.check.outcome import Outcome, symbol_text
from notecheck.check.worlds import World
from notecheck.latex.expr import Apply, Derivative, Differential, Expr, Index, Symbol, children
from notecheck.latex.indices import index_parts
from notecheck.meaning import claims as C
from notecheck.meaning import free_letters
from notecheck.result import UNVERIFIED


def unclear_derivative(relation: C.Relation, world: World) -> str:
    """Why a derivative in the claim has no meaning notecheck can give it: by an indexed
    member (`∂l/∂a_{2,i}`), or by a variable its function is not known to depend on
    (`∂f/∂y` of an f only given as a function of x)."""
    for node in C.derivatives_in(relation.lhs) + C.derivatives_in(relation.rhs):
        wrt = node.wrt.arg if isinstance(node.wrt, Index) else node.wrt  # ∂f/∂X_{ij}: f must involve X
        if not isinstance(wrt, Symbol):
            continue
        if wrt.sub and any(ch.isalpha() for ch in wrt.sub) and not member_read(relation, node):
            return f"a derivative by the indexed {symbol_text(wrt)}"
        fn = node.f
        if differential_equation(relation, node):
            return f"a differential equation: it says how {symbol_text(fn)} changes, which nothing else gives"
        if misapplied(fn, relation.defs):
            return f"{symbol_text(fn.fn)} is defined of {len(relation.defs[fn.fn].args)} arguments but applied " \
                   f"to {len(fn.args)}"
        body = relation.defs[fn].expr if isinstance(fn, Symbol) and fn in relation.defs else fn
        if wrt not in reached(body, relation.defs, world):
            return f"{symbol_text(fn) if isinstance(fn, Symbol) else 'the function'} is not given as a " \
                   f"function of {symbol_text(wrt)}"
    return ""


def differential_equation(relation: C.Relation, node: Derivative) -> bool:
    """`dλ/dτ = -aλ`, `\\dot x = Ax`: the derivative of a letter the note never defines, equal
    to an expression of that letter, states its dynamics; no value of λ can be drawn to check."""
    fn = node.f
    if not isinstance(fn, Symbol) or (fn in relation.defs and not relation.defs[fn].abstract):
        return False
    return any(d is node for d in C.derivatives_in(relation.lhs)) and as_a_value(fn, relation.rhs)


def as_a_value(sym: Symbol, node: Expr) -> bool:
    """Whether `sym` stands in `node` outside every derivative and differential (`-aλ`, not
    the `∂f/∂Y` of `tr(∂f/∂Y^T dY)`)."""
    if node == sym:
        return True
    if isinstance(node, (Derivative, Differential)):
        return False
    return any(as_a_value(sym, child) for child in children(node))


def misapplied(fn, defs: dict) -> bool:
    """`∇g(x)` where the note defined `g(x_1, x_2) = …`: the body's letters are not the
    argument's, and which entries they stand for is not said."""
    if not isinstance(fn, Apply) or fn.fn not in defs:
        return False
    params = defs[fn.fn].args
    return bool(params) and len(params) != len(fn.args)


def member_read(relation: C.Relation, node: Derivative) -> bool:
    """Whether `∂l/∂a_{2,i}` has its member fixed: i is free in the claim (checked at
    every value) or summed around the derivative."""
    letters = [p for p in index_parts(node.wrt.sub) or [] if not p.isdigit()]
    free = set(free_letters(relation.lhs)) | set(free_letters(relation.rhs))
    return bool(letters) and not (set(letters) & free) - set(relation.indices)


def about_unknown_function(relation: C.Relation) -> Outcome | None:
    """A claim about an f the note only differentiates ("先求 ∂f/∂Y" where f's formula was
    not read) is checked as if f were any function; failing that says nothing. Unverified."""
    left, right = C.reachable(relation.lhs, relation.defs), C.reachable(relation.rhs, relation.defs)
    unknown = sorted((s for s in left ^ right if s in relation.defs and relation.defs[s].abstract), key=symbol_text)
    if unknown:
        fn = unknown[0]
        of = ", ".join(symbol_text(a) for a in relation.defs[fn].args if isinstance(a, Symbol))
        return Outcome(UNVERIFIED, f"{symbol_text(fn)} is only known as some function of {of}; "
                                   "this holds only for a particular one")
    for fn in sorted(left & right, key=symbol_text):  # `∂L/∂h_j = \sum_i α_{ij} ∂L/∂c_i`
        members = [a for a in relation.defs[fn].args if isinstance(a, Symbol) and index_parts(a.sub)] \
            if fn in relation.defs and relation.defs[fn].abstract else []
        if members:
            return Outcome(UNVERIFIED, f"{symbol_text(fn)} is only known as some function of "
                                       f"{symbol_text(members[0])}: of which members is not said")
    return None  # `df = tr(∂f/∂X^T dX)` holds for any f: its failure stands

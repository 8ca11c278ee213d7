"""What a claim's symbols say before any value is drawn for them: a symbol on one side
only, which the note never defined, leaves nothing to check (`one_sided`); a derivative
by a variable its function does not read is wrong whatever the values (`missing_dependence`,
NC502). `judge` asks both before it evaluates anything."""

from __future__ import annotations

from dataclasses import replace

from notecheck.check.evidence import inputs, reached
from notecheck.check.outcome import Outcome, symbol_text
from notecheck.check.worlds import World
from notecheck.latex.constants import is_constant_letter, size_name
from notecheck.latex.expr import Apply, Derivative, Expr, Symbol, map_children, rebuilt, walk
from notecheck.meaning import claims as C
from notecheck.meaning import is_entry
from notecheck.result import FAILED, UNVERIFIED


def one_sided(relation: C.Relation, world: World) -> str:
    """A reason not to check a claim whose sides name different undefined symbols: the
    extra symbol means something the note has not said (`y'`, `S` defined nowhere)."""
    extra = one_sided_symbols(relation, world)
    if not extra:
        return ""
    names = ", ".join(sorted({symbol_text(s) + (" (bold on one side, plain on the other)" if font_twin(s) in extra else "")
                              for s in extra}))
    return f"{names} appears on one side only and is not defined"


def font_twin(sym: Symbol) -> Symbol:
    """The same letter bold where `sym` is plain, plain where it is bold (or in any other font)."""
    return rebuilt(sym, font="bold" if sym.font == "" else "")


def one_sided_symbols(relation: C.Relation, world: World) -> set[Symbol]:
    left = as_functions(inputs(relation.lhs, relation.defs, world), relation, world)
    right = as_functions(inputs(relation.rhs, relation.defs, world), relation, world)
    if relation.kind != "derivative" and not (left and right):
        return set()  # `XX^{-1} = I`: one side is a constant; checked, and only believed if it holds
    extra = right - left if relation.kind == "derivative" else left ^ right
    sizes = world.draws[0].sizes if world.draws else {}  # the sizes the note names (`d'` in R^{d×d'})
    return {s for s in extra if not is_size_name(s) and not undrawn_constant(s, world)
            and not (s.sub is None and s.font == "" and size_name(s) in sizes)}


def in_one_font(relation: C.Relation, world: World) -> tuple[C.Relation, str] | None:
    """The claim with each letter it writes bold on one side and plain on the other read
    as one symbol, and what that reading assumes; None unless that pairs every symbol
    `one_sided` finds. Notes mix the two for one matrix (`tr(\\mathbf{A}^T\\mathbf{B}) =
    \\sum_{ij} A_{ij}B_{ij}`, the matrices called A and B in the words): a claim between
    two different matrices would mean nothing, so this is the only reading that checks."""
    extra = one_sided_symbols(relation, world)
    if not extra or relation.kind == "derivative":
        return None
    shapes = world.draws[0].shapes if world.draws else {}
    twins = {}
    for sym in extra:
        twin = font_twin(sym)
        if sym.font not in ("", "bold") or twin not in extra:
            return None
        if sym.font == "" and (twin in shapes or sym not in shapes):
            twins[sym] = twin  # toward the font whose size the note gives, bold if both
        elif sym.font == "bold" and twin in shapes and sym not in shapes:
            twins[sym] = twin
    written = {n for side in (relation.lhs, relation.rhs) for n in walk(side) if type(n) is Symbol}
    if not twins or not written.issuperset(twins):
        return None
    lhs, rhs = (with_symbols(side, twins) for side in (relation.lhs, relation.rhs))
    names = ", ".join(sorted(symbol_text(s) for s in twins.values()))
    return replace(relation, lhs=lhs, rhs=rhs), f"with {names} in either font one symbol"


def with_symbols(node: Expr, names: dict) -> Expr:
    """`node` with each symbol that is a key of `names` replaced by its value."""
    if type(node) is Symbol:
        return names.get(node, node)
    return map_children(node, lambda child: with_symbols(child, names))


def as_functions(symbols: frozenset, relation: C.Relation, world: World) -> frozenset:
    """`symbols` with each function the claim applies primed (`C'(a)`, `g'(z)`: the
    derivative of C, of g) read as the function itself, which the other side may name
    (`∂a/∂z = g'(z)` after `a = g(z)`), or, where the note defines that function (`C(a) =
    ½(y - a)²`), as what its definition reads."""
    if not any(s.prime for s in symbols):
        return symbols  # (nearly every claim: its sides are not walked)
    primed = {n.fn for side in (relation.lhs, relation.rhs) for n in walk(side)
              if type(n) is Apply and type(n.fn) is Symbol and n.fn.prime}
    if primed.isdisjoint(symbols):
        return symbols
    out = set()
    for sym in symbols:
        base = rebuilt(sym, prime=0) if sym in primed else None
        out |= {sym} if base is None else inputs(base, relation.defs, world) if base in relation.defs else {base}
    return frozenset(out)


def restates_definition(relation: C.Relation) -> str:
    """A reason not to check a claim that writes out a definition in force (`k = a` in the
    prose just before "$k = a$ …" defines k): compared through that definition, its two
    sides are one tree, and the check could not fail."""
    if relation.kind == "definition":
        return ""
    for side, other in ((relation.lhs, relation.rhs), (relation.rhs, relation.lhs)):
        known = relation.defs.get(side) if type(side) is Symbol else None
        if known is not None and not known.abstract and known.expr == other:
            return f"it restates the definition of {symbol_text(side)}, so comparing the two could not fail"
    return ""


def undrawn_constant(sym: Symbol, world: World) -> bool:
    """`e` or `π` with no value drawn for it: the constant the evaluator gives it, no
    undefined symbol (`σ(z) = 1/(1+e^{-z})`)."""
    return is_constant_letter(sym) and sym not in world.draws[0].shapes


def is_size_name(sym: Symbol) -> bool:
    """`N`, `n`, `m`: sum bounds and sizes, not quantities."""
    return sym.font == "" and sym.sub is None and sym.name in ("N", "n", "m", "K", "k", "M", "T")


def missing_dependence(relation: C.Relation, world: World) -> Outcome | None:
    """`∂f/∂Y` where the f the note defined does not involve Y: NC502 (seed 003). Said
    only when Y is a variable of its own (not defined yet, or defined from quantities f
    does not use); an intermediate f reaches in a way the tree does not show (`H_1`
    stacking the `h_{1,i}` of a sum) is left to `unclear_derivative`."""
    node = relation.lhs
    if not isinstance(node, Derivative) or not isinstance(node.wrt, Symbol):
        return None
    fn, wrt = node.f, node.wrt
    if isinstance(fn, Symbol):
        known = relation.defs.get(fn)
        if known is None or known.abstract or not relation.defined_here(fn):
            return None
        body = known.expr
    else:
        body = fn
    found = reached(body, relation.defs, world)
    if wrt in found or any(relation.defs[s].abstract for s in found if s in relation.defs):
        return None
    name = symbol_text(fn) if isinstance(fn, Symbol) else "the function"
    whole = min((s for s in found if s.sub is None and (
        is_entry(wrt) and s.name.lower() == wrt.name.lower() or wrt.sub and s.name == wrt.name and s.font == wrt.font)),
        key=symbol_text, default=None)  # (`found` is a set: named the same way every run)
    if whole is not None:  # `∂tr(AX)/∂x_{11}`: the entries of X written in lowercase; `∂f/∂x_3` of f(x),
        # where the note writes f's three x apart as x_1, x_2, x_3 (an entry, or a copy, of x)
        return Outcome(UNVERIFIED, f"{symbol_text(wrt)} may be an entry or a copy of {symbol_text(whole)}, "
                                   f"which {name} reads")
    entry = min((s for s in found if wrt.sub is None and is_entry(s) and s.name.lower() == wrt.name.lower()),
                key=symbol_text, default=None)
    if entry is not None:  # `F = 2a_{11} + 2a_{12} + …` against `∂F/∂A`: the entries of A, spelled out
        return Outcome(UNVERIFIED, f"{name} reads {symbol_text(entry)}, which may be an entry of {symbol_text(wrt)}")
    other_font = min((s for s in found if s.font != wrt.font and {s.font, wrt.font} <= {"", "bold"}
                      and (s.name, s.sub, s.accent, s.prime) == (wrt.name, wrt.sub, wrt.accent, wrt.prime)),
                     key=symbol_text, default=None)
    if other_font is not None:  # `∇_{\boldsymbol\Sigma}(-½\log|\Sigma|)`: one letter, its bold dropped in one place
        return Outcome(UNVERIFIED, f"{name} reads the same letter in another font (bold in one place, not in the "
                                   f"other): the derivative may be by it")
    if all(is_constant_letter(s) for s in found):  # `s = 1/(1+e^{-0.4})` in a table of a worked example
        return Outcome(UNVERIFIED, f"{name} is given only as a number (a worked example's value), not as a "
                                   f"function of {symbol_text(wrt)}")
    if wrt.sub and any(ch.isalpha() for ch in wrt.sub) and any(
            s.name == wrt.name and s.font == wrt.font and s.sub for s in found):
        return None  # `∂/∂z_j Σ_t e^{z_t}`: z_j is one of the members the function sums
    if any(isinstance(n, Derivative) and n.wrt == wrt for n in walk(relation.rhs)):
        return None  # `∂X^{-1}/∂x = -X^{-1} (∂X/∂x) X^{-1}`: the note takes X as a function of x
    if relation.defined_here(wrt) and inputs(wrt, relation.defs, world) & inputs(body, relation.defs, world):
        return None
    return Outcome(FAILED, diagnosis=f"{name} does not depend on {symbol_text(wrt)}", code="NC502")

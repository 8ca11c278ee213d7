"""One draw's evidence on one relation: both sides' values, comparable, with what varies
chosen the way the derivation means it (`dX` random for each variable of the derivation)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from types import SimpleNamespace

from notecheck.check.indexed import compare_every_index
from notecheck.check.numeric.errors import ShapeMismatch, Unsupported
from notecheck.check.numeric.remember import remembered
from notecheck.check.outcome import DENOMINATOR, NUMERATOR
from notecheck.check.worlds import World
from notecheck.latex.expr import Apply, Derivative, Differential, Matrix, Symbol
from notecheck.meaning import claims as C
from notecheck.records import Record


def compare(relation: C.Relation, draw, world: World, layout: str):
    """One draw's evidence: for a derivative claim the layouts it holds in, else whether
    it holds for some choice of what varies, with both sides' values for a diagnosis."""
    if relation.indices:  # a claim for every value of its free indices
        return joined(compare_every_index(relation, draw, world, layout, compare))
    defs = evaluated_definitions(relation, world)
    draw = without_defined(draw, defs)
    if relation.kind == "derivative":
        value_of = numeric().value_of
        rhs = value_of(relation.rhs, draw, defs, layout, world.functions, sizeless=True)
        truth = value_of(relation.lhs, draw, defs, DENOMINATOR, world.functions)
        rhs = numeric().sized_as(rhs, truth)  # `∂x/∂x = I`: I the size of the truth
        return Evidence(rhs, truth, jacobian=is_jacobian(relation.lhs, draw, defs, world))
    tried = variable_choices(relation, world)
    first, empty, reason = None, None, None
    for variables in tried:
        direction = moving(draw, variables)
        try:
            direction.update(intermediate_directions(variables, draw, defs, world, layout))
            lhs, rhs = both_sides(relation, draw, defs, direction, layout, world)
        except ShapeMismatch:
            raise
        except Unsupported as unsupported:  # this choice of variables; another may do
            reason = reason or unsupported.reason  # not the error: its frames would hold this one
            continue
        evidence = Evidence(rhs, lhs)
        if evidence.holds():
            if not vanishes(evidence) or states_zero(relation):
                return evidence
            if not variables:  # `b(x+y) = bx + by` after `b = 0`, but not `-14/5 + 14/5 = 0`
                return replace(evidence, zero=names_symbols(relation))
            empty = empty or replace(evidence, vacuous=True)  # 0 = 0: what moves stood still
            continue
        first = first or evidence
    if first is None and empty is None:
        raise Unsupported(reason)
    return first or empty


def evaluated_definitions(relation: C.Relation, world: World) -> dict:
    """The definitions an evaluation of the claim can read (`definitions_read`), as the numeric
    engine takes them (name -> tree), one dictionary for every draw and trial that reads
    the same ones: the engine knows what it found about a set of definitions by its
    content (`Memo.definitions`), so claims made under different definitions in force
    (each new definition in a note makes a new set) share what they evaluate alike, and
    a pinned index that only an unread definition names is no part of a key (`Memo.key`).
    Found once for the symbols its right-hand side names, not for each tree: a claim's
    candidate fixes, its copy at each pinned index and its retries as a step name the same."""
    parts = (relation.defs, relation.lhs, relation.variables)
    key = ("definitions", id(relation.defs), id(relation.lhs), C.symbols_of(relation.rhs), id(relation.variables))
    return remembered(world.facts, key, parts, evaluable_definitions, relation, world)


def definitions_read(relation: C.Relation, world: World) -> dict:
    """The definitions an evaluation of the claim can look up: those of the symbols it
    names or moves, of their plain forms (`x` for `x_i`, `f` for `f'`), and so on through
    what those definitions name; a key of another kind (`f(x)`, a bare `σ`) is always
    kept. Nothing else among the definitions can change what the claim evaluates to."""
    defs = relation.defs
    if not defs:
        return {}
    named: dict = {}  # a letter -> the defined symbols written with it
    kept = set()
    for name in defs:
        if isinstance(name, Symbol):
            named.setdefault(name.name, []).append(name)
        else:
            kept.add(name)
    symbols = C.symbols_of(relation.lhs) | C.symbols_of(relation.rhs)
    if relation.variables:
        symbols = symbols | {v for choice in relation.variables for v in choice if isinstance(v, Symbol)}
    stack = [sym for sym in symbols if sym.name in named]
    while stack:
        sym = stack.pop()
        for name in named[sym.name]:
            if name.font == sym.font and name.accent == sym.accent and (name.sub is None or name.sub == sym.sub) \
                    and (not name.prime or name.prime == sym.prime) and name not in kept:
                kept.add(name)
                stack.extend(s for s in C.symbols_of(defs[name].expr) if s.name in named)
    # `f(x, y, z) = \sin(x) e^{yz^2}` names its own variables: a y the note knew only as some
    # function of x (`dy/dx` in an earlier cell) is f's variable here, and ∂f/∂x holds it still
    bound = {a for s in symbols if s in defs and not defs[s].abstract for a in defs[s].args}
    return {name: d.expr for name, d in defs.items() if name in kept and not (d.abstract and name in bound)}


def evaluable_definitions(relation: C.Relation, world: World) -> dict:
    """`definitions_read`, each function the note defines with its argument (`f(x) = x^2 +
    1`) also under `f(x)`, through which the engine applies it elsewhere (`f(2)`, `f'(a)`)."""
    read = definitions_read(relation, world)
    for name in list(read):
        d = relation.defs[name]
        if d.args and not d.abstract and all(type(a) is Symbol for a in d.args) and name not in d.args:
            read[Apply(name, d.args)] = d.expr
    return read


def reached(expr, defs: dict, world: World) -> frozenset:
    """`claims.reachable(expr, defs)`: every symbol the tree depends on through the
    definitions, found once per tree and set of definitions in a world, from what each
    defined symbol reaches (found once per symbol and set). A long note's claims reach
    the same deep definitions again and again (each claim's two sides, a chain's shared
    ones, each derivative's function, every retry): 8,000 walks per hundred notes."""
    named = C.symbols_of(expr)
    if defs.keys().isdisjoint(named):
        return named
    return remembered(world.facts, ("reached", id(expr), id(defs)), (expr, defs), reached_from, named, defs, world)


def reached_from(named: frozenset, defs: dict, world: World) -> frozenset:
    out = set()
    for sym in named:
        if sym in defs:  # reachability distributes over the symbols a tree names
            out |= remembered(world.facts, ("reached from", sym, id(defs)), (defs,), C.reachable, sym, defs)
        else:
            out.add(sym)
    return frozenset(out)


def inputs(expr, defs: dict, world: World) -> frozenset:
    """`claims.inputs_of(expr, defs)`, the undefined symbols the tree depends on, from
    `reached` (and kept like it)."""
    found = reached(expr, defs, world)
    if defs.keys().isdisjoint(found):
        return found
    return remembered(world.facts, ("inputs", id(found), id(defs)), (found, defs),
                      lambda: frozenset(s for s in found if s not in defs))


def variable_choices(relation: C.Relation, world: World) -> list[tuple]:
    """The choices of what varies to try, most likely first: none when nothing is
    differentiated. The same on every draw, so found once per world."""
    parts = (relation.lhs, relation.defs, relation.variables)
    differentiated = C.contains(relation.rhs, Differential)  # all `choices` reads of the right-hand side
    return remembered(world.facts, ("variables", *map(id, parts), differentiated), parts, choices, relation)


def choices(relation: C.Relation) -> list[tuple]:
    if not (C.contains(relation.lhs, Differential) or C.contains(relation.rhs, Differential)):
        return [()]  # nothing is differentiated: nothing needs to move
    return list(dict.fromkeys(consistent(v, relation.defs) for v in relation.variables)) or [()]


def vanishes(evidence: Evidence) -> bool:
    """Both sides exactly zero: with nothing of the claim moving, a check that could not fail."""
    return not evidence.claimed.any() and not evidence.truth.any()


def names_symbols(relation: C.Relation) -> bool:
    """Whether the claim names a letter: numbers alone that come to 0 = 0 are still checked."""
    return bool(C.symbols_of(relation.lhs) or C.symbols_of(relation.rhs))


def states_zero(relation: C.Relation) -> bool:
    """`d\\boldsymbol{a} = \\boldsymbol{0}`, `Mv = \\begin{bmatrix}0\\\\0\\end{bmatrix}`: the note says a
    side is zero (a constant), so both sides vanishing is the claim itself."""
    return any(C.is_zero(side) or isinstance(side, Matrix) and all(C.is_zero(cell) for row in side.rows for cell in row)
               for side in (relation.lhs, relation.rhs))


def is_jacobian(node: Derivative, draw, defs, world: World) -> bool:
    """`∂(Ax)/∂x`, `∂p/∂z`, `∂vec(AXB)/∂vec(X)`: a vector function of a vector. Many notes
    that write gradients in the denominator layout write Jacobians in the numerator one
    ("异质用分母，同质用分子"), so neither form is a layout slip."""
    if not isinstance(node, Derivative) or node.wrt is None:
        return False
    def vector_function() -> bool:  # asked after `node` was evaluated here (`compare`): its shape is known
        rows, cols = numeric().differentiated_shape(node, draw, defs, world.functions)
        return min(rows, cols) == 1 and max(rows, cols) > 1

    # shapes are alike on every draw of a world: asked once, not per draw, for the same node and
    # definitions (by the number the world's memo gives them, which keeps them)
    _, _, definitions = draw.memo.definitions(defs)
    return remembered(world.facts, ("jacobian", id(node), definitions), (node,), vector_function)


def both_sides(relation: C.Relation, draw, defs, direction, layout: str, world: World):
    """Both sides' values at one draw, comparable: a sizeless `I`, `1` or `0` on either
    side takes the other's shape (`XX^{-1} = I`, `da = 0`)."""
    return numeric().claim_values(relation.lhs, relation.rhs, draw, defs, direction, layout, world.functions)


def consistent(variables: tuple, defs: dict) -> tuple:
    """The variables without a defined one whose own inputs also vary: with `X = [x_ij]`
    and the `dx_ij` written, dX follows from them and is not a direction of its own."""
    chosen = set(variables)
    return tuple(v for v in variables
                 if not (v in defs and C.reachable(defs[v].expr, defs) & (chosen - {v})))


def moving(draw, variables) -> dict:
    """A random `dX` for each variable of the derivation. A variable moves even if a
    declaration called it constant: the note differentiates by it, so here it varies."""
    def direction(sym: Symbol):
        props = draw.properties.get(sym, frozenset()) - {"constant", "onehot"}
        dx = numeric().random_direction(draw.shapes[sym], props, draw.values[sym], draw.rng("direction", sym))
        dx.flags.writeable = False  # shared by every evaluation that moves sym
        return dx

    out = {}
    for sym in variables:
        if isinstance(sym, Symbol) and sym in draw.values:  # the same dX on every asking: made once
            parts = (sym, draw.values, draw.properties, draw.shapes)
            out[sym] = remembered(draw.memo.derived, ("moving", *map(id, parts), draw.seed), parts, direction, sym)
    return out


def without_defined(draw, defs):
    """The draw with no random value for the symbols this claim's definitions give a
    value (which may be inputs elsewhere in the note). The same draw for the same
    definitions every time it is asked, so what it evaluates is remembered
    (`notecheck.check.numeric.memo` knows values by the dictionary that holds them)."""
    def kept(values: dict) -> dict:  # a copy less the defined (which reuses its keys' hashes)
        if not any(s in values for s in defs):
            return values
        out = dict(values)
        for s in defs:
            out.pop(s, None)
        return out

    names = tuple(defs)
    values = remembered(draw.memo.derived, ("without", id(draw.values), tuple(map(id, names))),
                        (draw.values, *names), kept, draw.values)
    return draw if values is draw.values else draw.changed(values=values)


def intermediate_directions(variables, draw, defs, world: World, layout: str) -> dict:
    """Random `dz` for defined symbols that vary in their own right (`∂l/∂a_1`, `dY`).
    Each is the same on every asking (a draw's generator for a key depends on its seed
    and the key alone), so it is made once per draw, symbol and shape, where a new
    generator was made at each draw, layout and trial (two in three of them repeats)."""
    def direction(var: Symbol, shape: tuple[int, ...]):
        dz = draw.rng("direction", var).standard_normal(shape)
        dz.flags.writeable = False  # shared by every evaluation that moves var
        return dz

    out = {}
    for var in variables:
        if isinstance(var, Symbol) and var in defs:
            shape = numeric().value_of(var, draw, defs, layout, world.functions).shape
            out[var] = remembered(draw.memo.derived, ("intermediate direction", var, draw.seed, shape), (),
                                  direction, var, shape)
    return out


class Evidence(Record):
    """Both sides' values on one draw: `claimed` (the right-hand side) and `truth`."""

    claimed: object
    truth: object
    jacobian: bool = False  # a vector (or vec) by a vector: written in either layout alike
    vacuous: bool = False  # holds only because nothing in it varied (both sides 0)
    zero: bool = False  # nothing was to vary, and both sides are 0: one such draw tells nothing

    # what `holds` and `layouts` found, kept: a trial's early stop, the verdict and its
    # diagnosis each ask them of the same evidence (a third of 6,000 asks per hundred notes)
    _held = None
    _layouts = None

    def holds(self) -> bool:
        held = self._held
        if held is None:
            held = self._held = numeric().close(self.claimed, self.truth)
        return held

    def layouts(self) -> frozenset[str]:
        found = self._layouts
        if found is None:
            close = numeric().close
            out = set()
            if close(self.claimed, self.truth):
                out.add(DENOMINATOR)
            if close(self.claimed, self.truth.T):
                out.add(NUMERATOR)
            found = self._layouts = frozenset(out)
        return found


def joined(pieces):
    """The evidence of each index value as one: claimed and true values block-diagonal."""
    np, as_matrix = numeric().np, numeric().as_matrix

    def block(arrays):
        rows = sum(a.shape[0] for a in arrays)
        cols = sum(a.shape[1] for a in arrays)
        out = np.zeros((rows, cols))
        r = c = 0
        for a in arrays:
            out[r:r + a.shape[0], c:c + a.shape[1]] = a
            r, c = r + a.shape[0], c + a.shape[1]
        return out

    claimed = [as_matrix(p.claimed) for p in pieces]
    truth = [as_matrix(p.truth) for p in pieces]
    if any(a.shape != b.shape for a, b in zip(claimed, truth)):
        return next(p for p, a, b in zip(pieces, claimed, truth) if a.shape != b.shape)
    return Evidence(block(claimed), block(truth), jacobian=all(p.jacobian for p in pieces),
                    vacuous=all(p.vacuous for p in pieces), zero=all(p.zero for p in pieces))


@cache
def numeric() -> SimpleNamespace:
    """The numeric engine's functions the checker calls at every draw, imported at the first
    call (numpy comes with them, so a note with nothing to evaluate never loads it) and
    kept: an import statement costs ~1.5 µs even once its module is loaded, and the checker
    ran 62,000 of them per hundred notes; `np` is numpy itself, for the same reason."""
    import numpy

    from notecheck.check.numeric.compare import as_matrix, claim_values, close
    from notecheck.check.numeric.draw import random_direction
    from notecheck.check.numeric.evaluate import differentiated_shape, sized_as, value_of
    from notecheck.check.numeric.kernels import shape_text
    from notecheck.check.numeric.quiet import quiet

    return SimpleNamespace(as_matrix=as_matrix, claim_values=claim_values, close=close, np=numpy,
                           differentiated_shape=differentiated_shape, random_direction=random_direction,
                           quiet=quiet, shape_text=shape_text, sized_as=sized_as, value_of=value_of)

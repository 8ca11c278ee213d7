"""Definitions a claim cannot read where it stands: an earlier section's `y = f(x)`
under a section where x has no shape, while the claim takes y for data. The claim is
judged again with such definitions dropped and what they define drawn, and its verdict,
failed or verified, is the one of that reading (`judge.judge_numerically`, `Outcome.dropped`).
A definition the engine cannot evaluate (`S_B \\doteq \\sum_{n \\in C_1} …`) is dropped the
same way, and then only a verification counts: a claim that holds for any value of the
letter holds for the one the note gives it, while one that fails for a random value may
hold for that one (a sum of outer products is symmetric)."""

from __future__ import annotations

from dataclasses import replace

from notecheck.check.evidence import definitions_read
from notecheck.check.numeric.errors import UNSUPPORTED, unvalued
from notecheck.check.outcome import symbol_text
from notecheck.check.worlds import World
from notecheck.latex.expr import Derivative, Differential, Expr, Opaque, Symbol, walk
from notecheck.meaning import claims as C


def without_unvalued(relation: C.Relation, world: World, reason: str) -> C.Relation | None:
    """The relation without the definitions it reads that read a symbol with no value
    here, when that is why it was not evaluated and the claim itself does not name the
    symbol: an earlier section's `y = f(x)` under a section where x has no shape, and y is
    data. Such a definition gives a value the claim's variables do not move (nothing says
    how x depends on them), so the claim is judged with it drawn: that value, y's own or
    f's at an x that stands still, is a constant either way, and a failure is as certain
    as the claim's reading without the definition. Not when a dropped definition reads what
    the claim differentiates by, or the claim or a definition it still reads
    differentiates what one defines with nothing else in it that moves (`∂z/∂y ∂y/∂w`,
    `δ := ∂C/∂z`): drawn, that would stand still where the note has it move, and both
    sides would be zero (None: no definition to drop, or one of those)."""
    name = unvalued(reason)
    if name is None:
        return None
    if any(named(side, {name}) for side in (relation.lhs, relation.rhs)):
        return None
    read = definitions_read(relation, world)
    return without(relation, world, read, {k for k, tree in read.items() if named(tree, {name})})


def without_unevaluated(relation: C.Relation, world: World, reason: str) -> C.Relation | None:
    """The relation without the definitions it reads that hold what the engine does not
    evaluate (an `Opaque` part: a sum over a set, an integral, an expectation), when that
    is why it was not evaluated and its own sides hold none; None otherwise, or when one
    of them reads what the claim moves (see `without_unvalued`)."""
    if not reason.endswith(UNSUPPORTED) or any(isinstance(n, Opaque) for side in (relation.lhs, relation.rhs)
                                              for n in walk(side)):
        return None
    read = definitions_read(relation, world)
    return without(relation, world, read, {k for k, tree in read.items() if any(isinstance(n, Opaque) for n in walk(tree))})


def without(relation: C.Relation, world: World, read: dict, dropped: set) -> C.Relation | None:
    """The relation without the definitions `dropped` (among those it `read`s), unless a
    dropped value would stand still where the claim moves it (see `without_unvalued`)."""
    if not dropped:
        return None
    sides = (relation.lhs, relation.rhs)
    readable = replace(relation, defs={k: d for k, d in relation.defs.items() if k not in dropped})
    still_read = definitions_read(readable, world)
    varying = {symbol_text(s) for side in sides for s in varied(side)} | \
        {symbol_text(s) for choice in relation.variables for v in choice for s in walk(v) if isinstance(s, Symbol)}
    names = {symbol_text(k) for k in dropped}
    steady = [part for tree in (*sides, *still_read.values()) for n in walk(tree) for part in differentiated_parts(n)
              if named(part, names) and not named(part, varying | {symbol_text(k) for k in still_read})]
    if steady or any(named(read[k], varying) for k in dropped):
        return None
    return readable


def named(tree: Expr, names: set[str]) -> bool:
    return any(isinstance(n, Symbol) and symbol_text(n) in names for n in walk(tree))


def varied(tree: Expr) -> list[Symbol]:
    """The symbols a claim differentiates by (`∂·/∂X`) or moves (`dX`)."""
    return [s for n in walk(tree) if isinstance(n, Derivative) and n.wrt is not None or isinstance(n, Differential)
            for s in walk(n.wrt if isinstance(n, Derivative) else n.arg) if isinstance(s, Symbol)]


def differentiated_parts(node: Expr) -> tuple[Expr, ...]:
    """What a derivative or a differential takes the change of."""
    if isinstance(node, Derivative):
        return (node.f,)
    if isinstance(node, Differential):
        return (node.arg,)
    return ()

"""Claims in index notation: a claim with free indices holds for every value of them.

`(AB)_{ij} = \\sum_k a_{ik} b_{kj}` is checked at every (i, j) of a 3×5 product (a
sample of them when there are many), on each draw: the evidence is the two sides'
entries laid on a block diagonal, so "holds", "transposed" (the other layout) and a
diagnosis read the whole family at once. An index slip (`a_{ki}` for `a_{ik}`) is one of
the one-step edits the repair tries first, with the reason "indices swapped".
"""

from __future__ import annotations

from dataclasses import replace
from itertools import chain, combinations, product as cartesian

from notecheck.check.numeric.errors import IllConditioned, ShapeMismatch, Unsupported
from notecheck.check.numeric.remember import remembered
from notecheck.latex.expr import Expr, Index, Sum, Symbol, map_children, walk
from notecheck.latex.indices import index_parts, index_text
from notecheck.latex import to_latex

MAX_ASSIGNMENTS = 36  # index values checked per draw: every one for small sizes
FAMILY_MEMBERS = 2    # members of a family (`a_{2,i}`) a claim about each is checked at
MAX_SWAPS = 12        # index exchanges tried on a failed claim


def states_layout(relation) -> bool:
    """`(∂L/∂X)_{ij} = ∂L/∂X_{ji}`: an entry of a derivative said to be a derivative by an
    entry defines a layout; a note may describe both."""
    from notecheck.latex.expr import Derivative

    sides = (relation.lhs, relation.rhs)
    whole = any(isinstance(s, Index) and isinstance(s.arg, Derivative) for s in sides)
    by_entry = any(isinstance(s, Derivative) and isinstance(s.wrt, Index) for s in sides)
    return whole and by_entry


def compare_every_index(relation, draw, world, layout: str, compare_one) -> list:
    """One draw's evidence for a claim with free indices: `compare_one` at each value of
    them (`evidence.joined` lays them into one block-diagonal evidence)."""
    ranges = index_ranges(relation, draw)
    missing = [p for p in relation.indices if p not in ranges]
    if missing:
        raise Unsupported(f"the range of the index {missing[0]} is unknown")
    from notecheck.check.numeric.lanes import Lanes

    plain = replace(relation, indices=())
    chosen = assignments(relation.indices, ranges)
    memo = draw.memo
    outer, memo.lanes = memo.lanes, Lanes(relation.indices, chosen)  # each side evaluated at all of them at once
    try:
        return [compare_one(plain, draw.pinned(values), world, layout) for values in chosen]
    finally:
        memo.lanes = outer


def varies_with_index(relation, draw, world, layout: str, compare_one) -> bool:
    """Whether a side of the claim takes another value at another value of its free
    indices (which only one side names): `w^Tx = w_i` does, `\\sum_j α_{ij} = 1` does not.
    Raises what evaluating a side raises."""
    from notecheck.check.numeric.compare import close

    found = compare_every_index(relation, draw, world, layout, compare_one)
    first = found[0]
    return any(not (close(e.claimed, first.claimed) and close(e.truth, first.truth)) for e in found[1:])


def indexes_entries(relation) -> bool:
    """Whether each free index of the claim indexes an entry of an array it evaluates
    (`w_i` of a declared w), not only members of a family read by their names (`α_{ij}`
    of an α the note gives entry by entry): only then does its range, and what the claim
    is at each of its values, come from the note."""
    entries = {p for side in (relation.lhs, relation.rhs) for n in walk(side) if isinstance(n, Index)
               for p in index_parts(n.sub) or ()}
    return set(relation.indices) <= entries


def assignments(letters: tuple[str, ...], ranges: dict[str, int]) -> list[dict[str, int]]:
    """Every combination of index values, or an even spread of them when there are many."""
    every = list(cartesian(*(range(1, ranges[p] + 1) for p in letters)))
    if len(every) > MAX_ASSIGNMENTS:
        step = len(every) / MAX_ASSIGNMENTS
        every = [every[int(k * step)] for k in range(MAX_ASSIGNMENTS)] + [every[-1]]
    return [dict(zip(letters, values)) for values in every]


def index_ranges(relation, draw) -> dict[str, int]:
    """How far each free index runs: the size of what it indexes (the rows of X for the
    i of `X_{ij}`), the smallest where several say; a family's index a few members."""
    from notecheck.check.numeric.evaluate import evaluate_raw

    defs = remembered(draw.memo.derived, ("definition trees", id(relation.defs)), (relation.defs,),
                      lambda: {name: d.expr for name, d in relation.defs.items()})  # one per world: the memo knows it
    ones = draw.pinned({p: 1 for p in relation.indices})
    out: dict[str, int] = {}
    for node in list(walk(relation.lhs)) + list(walk(relation.rhs)):
        parts = index_parts(getattr(node, "sub", None))
        if not parts or not set(parts) & set(relation.indices):
            continue
        if isinstance(node, Symbol):
            for p in parts:
                if p in relation.indices:
                    out[p] = min(out.get(p, FAMILY_MEMBERS), FAMILY_MEMBERS)
            continue
        if not isinstance(node, Index):
            continue
        try:
            value = evaluate_raw(node.arg, ones, defs)
        except (Unsupported, IllConditioned, ShapeMismatch):
            continue
        shape = getattr(value, "v", None)
        if shape is None:
            continue
        rows, cols = shape.shape
        extents = [max(rows, cols)] if len(parts) == 1 else [rows, cols]
        for p, extent in zip(parts, extents):
            if p in relation.indices:
                out[p] = min(out.get(p, extent), extent)
    return out


def index_edits(rhs: Expr):
    """The index slips a reader makes, most likely first: two indices of one entry
    exchanged, then two free indices exchanged throughout. A side notecheck reads as an
    entry (`2A` against `2(A^T)_{pq}`) has no indices of the note's to exchange."""
    if isinstance(rhs, Index) and not written(rhs):
        return iter(())
    return chain(index_swaps(rhs), letter_swaps(rhs))


def index_swaps(rhs: Expr):
    """The right-hand side with the two indices of one entry swapped (`a_{ki}` →
    `a_{ik}`), each with the reason a reader would give."""

    entries = [n for n in walk(rhs) if isinstance(n, Index) and len(index_parts(n.sub) or []) == 2
               and len(set(index_parts(n.sub))) == 2 and written(n)]
    for target in entries:
        first, second = index_parts(target.sub)
        swapped = replace(target, sub=index_text([second, first]))
        edited = swapped_in(rhs, target, swapped)
        try:
            shown = f"{to_latex(swapped)}, not {to_latex(target)}"
        except Exception:  # noqa: BLE001 - the reason without the entry still says what
            shown = f"_{{{swapped.sub}}}, not _{{{target.sub}}}"
        yield edited, f"indices swapped: {shown}"


def written(node: Index) -> bool:
    """Whether the note wrote this entry: not the `(2A)_{pq}` notecheck reads a matrix
    side as when the other side is one of its entries."""
    return isinstance(node.arg, Symbol) or node.end != node.arg.end


def letter_swaps(rhs: Expr):
    """The right-hand side with two of its free indices exchanged everywhere
    (`\\delta_{il}\\delta_{jk}` → `\\delta_{ik}\\delta_{jl}`)."""
    from notecheck.meaning import free_letters

    free = free_letters(rhs)
    bound = {p.strip() for n in walk(rhs) if isinstance(n, Sum) and n.index for p in n.index.split(",")}
    free = [p for p in free if p not in bound]
    for a, b in combinations(free, 2):
        yield renamed(rhs, {a: b, b: a}), f"indices {a} and {b} swapped"


def renamed(node: Expr, names: dict[str, str]) -> Expr:
    """`node` with index letters renamed in every entry and family member."""
    parts = index_parts(getattr(node, "sub", None)) if isinstance(node, (Index, Symbol)) else None
    if parts:
        node = replace(node, sub=index_text([names.get(p, p) for p in parts]))
    return map_children(node, lambda child: renamed(child, names))


def swapped_in(node: Expr, target: Expr, new: Expr) -> Expr:
    if node is target:
        return new
    return map_children(node, lambda child: swapped_in(child, target, new))

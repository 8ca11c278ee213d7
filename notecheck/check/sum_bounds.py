"""Whether a failed claim read one sum bound as two numbers (then it is not certain).

`\\sum_{j=1}^{n} s_j` over a vector s whose length the note never ties to n is run over
every entry of s (`numeric.entries.sum_upper_bound`: "n is the length of s"). When n
already has another value in the world (a size an earlier section declared, `x_i \\in
\\mathbb{R}^n`; a bound read before), the same claim still reads n as that value
wherever it takes no entry: in `n-1`, as a number, as the bound of a sum of a defined
term (`\\sum_j E_{ij}` with `E_{ij} = -w_{ij}s_is_j` defined apart). One letter then
stands for two numbers, and a right claim can come out wrong: its failure is uncertain.
"""

from __future__ import annotations

from notecheck.check.numeric.errors import Unsupported
from notecheck.latex.constants import size_name
from notecheck.latex.expr import Expr, Sum, Symbol, walk
from notecheck.meaning import claims as C


class ShapesOnly:
    """What `index_extent` reads of an evaluator, without evaluating anything: the draw's
    shapes. An entry of a computed value (`(A^TB)_{kk}`) has no length here."""

    def __init__(self, draw):
        self.draw = draw

    def ev(self, node: Expr):
        raise Unsupported("not evaluated")


def bound_doubt(relation: C.Relation, world) -> str:
    """Why a failure of `relation` may come from a sum bound read two ways, or ''. Asked
    of the world's draws already made (those the failure was found on)."""
    trees = claim_trees(relation)
    for draw in getattr(world.draws, "made", world.draws):
        name = bound_read_twice(trees, draw)
        if name:
            return (f"the sum runs to {name} over the entries of a vector whose length the note does not tie to "
                    f"{name}, and {name} is read as another number elsewhere in the claim")
    return ""


def claim_trees(relation: C.Relation) -> list[Expr]:
    """The claim's two sides and the definitions they reach: all that its value reads."""
    sides = [relation.lhs, relation.rhs]
    reached = set().union(*(C.reachable(side, relation.defs) for side in sides))
    return sides + [d.expr for s, d in relation.defs.items() if s in reached and not d.abstract]


def bound_read_twice(trees: list[Expr], draw) -> str:
    """A letter that bounds a sum run to a length other than the value the draw gives it,
    and that the claim also reads elsewhere (so as that value), or ''."""
    shapes = ShapesOnly(draw)
    uses: dict[str, int] = {}  # how often each plain letter is read
    as_length: dict[str, int] = {}  # how often as the bound of a sum run to a length
    differs = set()  # letters bounding a sum run to a length other than their value
    for tree in trees:
        for node in walk(tree):
            if isinstance(node, Symbol) and node.sub is None and node.font == "":
                name = size_name(node)
                uses[name] = uses.get(name, 0) + 1
            length = run_to_length(node, shapes)
            if length is not None:
                name = size_name(node.upper)
                as_length[name] = as_length.get(name, 0) + 1
                if draw.sizes.get(name, length) != length:
                    differs.add(name)
    return next((name for name in sorted(differs) if uses.get(name, 0) > as_length[name]), "")


def run_to_length(node: Expr, shapes: ShapesOnly) -> int | None:
    """The length a sum up to a letter runs to (`\\sum_{j=1}^n s_j`: that of s), as the
    engine reads it, or None for any other node. (The engine's module loads numpy: it is
    imported here, where a failure was found numerically, not with the checker.)"""
    if not (isinstance(node, Sum) and node.index and isinstance(node.upper, Symbol) and node.upper.sub is None):
        return None
    from notecheck.check.numeric.entries import index_extent

    for index in node.index.split(","):
        extent = index_extent(shapes, node.body, index.strip())
        if extent:
            return extent
    return None

"""A claim's definitions as its letters need them. A family's definition holds at every index
letter: `\\hat{y}_j = e^{z_j} / \\sum_k e^{z_k}` defines ŷ_i too, the same formula with i for j,
as a reader of `∂ŷ_j/∂z_i = ŷ_j(δ_ij − ŷ_i)` takes it (without it, ŷ_i had no value and
softmax's Jacobian went unchecked). And a number is no definition of a letter the claim
differentiates by (`varied`)."""

from __future__ import annotations

from dataclasses import replace

from notecheck.latex.expr import Expr, Index, Sum, Symbol, map_children, walk
from notecheck.latex.constants import is_constant_letter
from notecheck.latex.indices import index_parts, index_text
from notecheck.meaning.reach import Definition, symbols_of


def with_members(defs: dict[Symbol, Definition], *sides: Expr) -> dict[Symbol, Definition]:
    """`defs` and, for each member of a family the sides name at an index letter with no
    definition of its own, the family's definition at another letter, that letter renamed."""
    if not defs:
        return defs
    added = {}
    for sym in (s for side in sides for s in symbols_of(side)):
        letter = index_letter(sym)
        if letter is None or sym in defs or sym in added:
            continue
        for name, definition in defs.items():
            other = index_letter(name)
            if other is None or other == letter or definition.args or \
                    (name.name, name.font, name.accent, name.prime) != (sym.name, sym.font, sym.accent, sym.prime):
                continue
            if indexes(definition.expr, other) and not binds(definition.expr, letter):
                added[sym] = Definition(sym, renamed(definition.expr, other, letter), definition.formula)
            break
    return {**defs, **added} if added else defs


def varied(defs: dict[Symbol, Definition], wrt: tuple[Expr, ...]) -> dict[Symbol, Definition]:
    """`defs` without a number given to a letter the claim differentiates by: after "from
    $\\tau = -t_f$ to $\\tau = 0$", `d\\lambda/d\\tau` still varies τ (an interval's end is no
    definition of it; read as one, λ did not depend on τ and the claim failed)."""
    pinned = [w for w in wrt if w in defs and all(is_constant_letter(s) for s in symbols_of(defs[w].expr))]
    return {name: d for name, d in defs.items() if name not in pinned} if pinned else defs


def index_letter(sym) -> str | None:
    """The one index letter of a member (`y_j`), else None."""
    parts = index_parts(sym.sub) if isinstance(sym, Symbol) else None
    return parts[0] if parts and len(parts) == 1 and parts[0].isalpha() else None


def indexes(node: Expr, letter: str) -> bool:
    """Whether `node` reads an entry or member at `letter` (`e^{z_j}`): a formula of the
    index, not one value for every member (`β_j = 0`, an assumption about each)."""
    return any(isinstance(n, (Index, Symbol)) and letter in (index_parts(n.sub) or ()) for n in walk(node))


def binds(node: Expr, letter: str) -> bool:
    """Whether a sum in `node` runs over `letter` (renaming to it would capture it)."""
    return any(isinstance(n, Sum) and letter in (n.index or "").split(",") for n in walk(node))


def renamed(node: Expr, old: str, new: str) -> Expr:
    """`node` with the index letter `old` read as `new` in every entry and member."""
    parts = index_parts(getattr(node, "sub", None)) if isinstance(node, (Index, Symbol)) else None
    if parts and old in parts:
        node = replace(node, sub=index_text([new if p == old else p for p in parts]))
    return map_children(node, lambda child: renamed(child, old, new))

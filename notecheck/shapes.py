"""Shapes of every node, solved by unification over a whole note.

INTERFACE STUB, being implemented: the types and signatures below are the contract the
checker and the deriver code against; keep them (extend, don't rename).
"""

from __future__ import annotations

from dataclasses import dataclass

from notecheck.expr import Expr, Parsed, Symbol

Dim = int | str  # a size: 3, or a named dimension 'm', or an unknown '?7'


@dataclass(frozen=True)
class Shape:
    rows: Dim
    cols: Dim

    @property
    def is_scalar(self) -> bool:
        return self.rows == 1 and self.cols == 1


SCALAR = Shape(1, 1)


class ShapeEnv:
    """The solved shapes of a note: every symbol's, and every node's of every tree."""

    def symbol(self, sym: Symbol) -> Shape | None:
        raise NotImplementedError

    def of(self, node: Expr) -> Shape | None:
        raise NotImplementedError


def infer(note, trees: list[Parsed | None], context) -> tuple[ShapeEnv, list]:
    """Solve shapes for all trees of `note` given its `Context`; return the env and
    shape `Finding`s (NC301-NC306) with line/col/formula/fix filled in."""
    raise NotImplementedError

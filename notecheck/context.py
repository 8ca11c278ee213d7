"""What a note declares about its symbols, from prose, formulas and front matter.

INTERFACE STUB, being implemented: keep these names (extend, don't rename).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from notecheck.expr import Parsed, Symbol
from notecheck.result import Layout
from notecheck.shapes import Shape

# properties a declaration can give a symbol
PROPERTIES = ("symmetric", "spd", "diagonal", "orthogonal", "invertible", "onehot", "constant", "scalar", "vector", "matrix")


@dataclass
class Declaration:
    symbol: Symbol
    shape: Shape | None = None          # e.g. Shape('m', 1) from "a 是 m×1 列向量"
    properties: frozenset[str] = frozenset()
    line: int = 0                       # where it was declared (for NC305)
    col: int = 1
    formula: int | None = None          # index of the formula holding the declaration
    source: str = ""                    # the declaring text, for messages


@dataclass
class Context:
    declarations: dict[Symbol, list[Declaration]] = field(default_factory=dict)
    layout: Layout | None = None        # declared layout, None if the note declares none
    elementwise: dict[str, str] = field(default_factory=dict)  # 'sigma' -> 'sigmoid', ...

    def properties(self, sym: Symbol) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for d in self.declarations.get(sym, []):
            out |= d.properties
        return out


def read_context(note, trees: list[Parsed | None]) -> Context:
    raise NotImplementedError

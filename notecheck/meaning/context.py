"""What a note declares about its symbols, as data: a `Declaration` per statement
(shape, properties, where) and the `Context` that collects them with the declared
layout. Every reader in this stage (formulas, prose, front matter) produces these."""

from __future__ import annotations

from dataclasses import field

from notecheck.latex.expr import Symbol
from notecheck.meaning.dims import Shape
from notecheck.records import Record
from notecheck.result import Layout

# properties a declaration can give a symbol
PROPERTIES = ("symmetric", "spd", "diagonal", "orthogonal", "invertible", "onehot", "probability", "constant", "number",
              "scalar", "vector", "matrix", "row", "column", "function")


class Declaration(Record):
    """What the note says of one symbol at one place: its shape and properties."""

    symbol: Symbol
    shape: Shape | None = None          # e.g. Shape('m', 1) from "a 是 m×1 列向量"
    properties: frozenset[str] = frozenset()
    line: int = 0                       # where it was declared (for NC305)
    col: int = 1
    formula: int | None = None          # index of the formula holding the declaration
    source: str = ""                    # the declaring text, for messages
    any_font: bool = False              # written in plain text (or front matter), where bold
    #                                     cannot be written: applies to the name in any font
    note_wide: bool = False             # from front matter: holds in every section


class Context(Record):
    """Everything a note declares, symbol by symbol, with its layout and elementwise functions."""

    declarations: dict[Symbol, list[Declaration]] = field(default_factory=dict)
    layout: Layout | None = None        # declared layout, None if the note declares none
    stated_layout: str | None = None    # named right after comparing both layouts: not held to (`prose_layout`)
    elementwise: dict[str, str] = field(default_factory=dict)  # 'sigma' -> 'sigmoid', ...

    def properties(self, sym: Symbol) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for d in self.lookup(sym):
            out |= d.properties
        return out

    def lookup(self, sym: Symbol) -> list[Declaration]:
        """Declarations of `sym`: its own, else those of the same name in another font
        (damaged exports bold every letter in prose; plain text cannot bold at all)."""
        own = self.declarations.get(sym)
        if own:
            return own
        out = []
        for font in ("", "bold"):
            if font != sym.font:
                out += [d for d in self.declarations.get(Symbol(sym.name, font, sym.sub, sym.accent, sym.prime), [])
                        if d.any_font or sym.name[:1].isupper() or "scalar" in d.properties]
        return sorted(out, key=lambda d: (d.line, d.col))

    def all(self) -> list[Declaration]:
        """Every declaration in note order."""
        out = [d for ds in self.declarations.values() for d in ds]
        return sorted(out, key=lambda d: (d.line, d.col))

    def add(self, decl: Declaration) -> None:
        self.declarations.setdefault(decl.symbol, []).append(decl)


def shape_from(dims, props: set[str]) -> Shape | None:
    if dims is not None:
        return Shape(*dims)
    if "scalar" in props and not props & {"vector", "matrix", "row"}:
        return Shape(1, 1)
    return None


def clean_props(props: set[str], shape: Shape | None) -> frozenset[str]:
    """Keep the kind word only when the shape does not say otherwise ("W 是 l×m 列向量"
    has a wrong word; the written dims win)."""
    out = set(props) - {"row"}
    if shape is not None:
        out -= {"vector", "matrix", "scalar"}
        if shape.is_scalar:
            out.add("scalar")
        elif shape.cols == 1:
            out.add("vector")
        else:
            out.add("matrix")
    if "row" in props and shape is None:
        out |= {"vector", "row"}  # "γ is a row vector": 1×n, not the column a bare "vector" is
    return frozenset(out)

"""Naming conventions and what a section's formulas show about its symbols: the priors of
shape inference (bold lowercase is a column, uppercase a matrix, `X_{ij}` an entry), which
give way to declarations and to use."""

from __future__ import annotations

import re
from dataclasses import field

from notecheck.latex.expr import (
    Add, Chain, Derivative, Differential, Div, Expr, Inverse, Mul, Neg, Power, Space, Sum, Symbol,
    Transpose, walk,
)
from notecheck.latex.constants import is_euler_power
from notecheck.records import Record

# ---------------------------------------------------------------- symbols and priors


ENTRY_SUB = re.compile(r"^(?:[ijkl]{2}|[ijkl],[ijkl]|\d\d|\d,\d|[a-z]\d|\d[a-z]|[a-z],\d|\d,[a-z])$")
INDEX_LETTERS = set("ijkt")
LOSS_NAMES = {"L", "J", "E", "ell"}  # uppercase names that, differentiated, are losses (scalars)


def is_upper(sym: Symbol) -> bool:
    return sym.name[:1].isupper()


def is_entry(sym: Symbol) -> bool:
    """`X_{ij}`, `x_{11}`: one entry of a matrix, a scalar."""
    return sym.sub is not None and ENTRY_SUB.match(sym.sub) is not None and (is_upper(sym) or sym.font != "bold")


def family_keys(symbol_sets: list[frozenset[Symbol]]) -> dict[Symbol, Symbol]:
    """`x_1`, `x_N`, `x_i` are one family (one shape) when an index-letter member exists;
    `W_1`, `W_2` without a `W_i` stay distinct; the optimum `x^*` has the shape of x. Only
    the members of a family are listed (with their family's key): any other symbol is its
    own key, and most sections have no family at all, so the solver asks nothing of an
    empty dict. The symbols come as
    the sets of a section's formulas, not joined into one (a symbol in two formulas is
    two objects, compared by a join; here it is only read twice)."""
    members = indexed_families(symbol_sets)
    return {**members, **starred_keys(symbol_sets, members)}


def starred_keys(symbol_sets: list[frozenset[Symbol]], members: dict[Symbol, Symbol]) -> dict[Symbol, Symbol]:
    """`x^*` -> the key of x: an optimum (or a conjugate) is shaped as the letter it stars,
    though its value is its own."""
    out = {}
    for sym in (sym for symbols in symbol_sets for sym in symbols if sym.accent == "star"):
        plain = Symbol(sym.name, sym.font, sym.sub, None, sym.prime)
        out[sym] = members.get(plain, plain)
    return out


def indexed_families(symbol_sets: list[frozenset[Symbol]]) -> dict[Symbol, Symbol]:
    """The members of the families of `family_keys` that an index letter makes."""
    def split(sym: Symbol):
        head, _, last = sym.sub.rpartition(",")
        return head, last

    indexed = set()
    for symbols in symbol_sets:
        for sym in symbols:
            if sym.sub and not is_entry(sym):
                head, last = split(sym)
                if last in INDEX_LETTERS:
                    indexed.add((sym.name, sym.font, sym.accent, sym.prime, head))
    out = {}
    if not indexed:
        return out
    for sym in (sym for symbols in symbol_sets for sym in symbols):
        if sym.sub and not is_entry(sym):
            head, last = split(sym)
            family = (sym.name, sym.font, sym.accent, sym.prime, head)
            if family in indexed and (len(last) == 1 or last.isdigit()):
                out[sym] = Symbol(sym.name, sym.font, (head + "," if head else "") + "*", sym.accent, sym.prime)
    return out


class Evidence(Record):
    """What use says about plain-lowercase symbols before solving: transposed or
    multiplied after a matrix → a vector; a sum limit or a denominator → a scalar;
    alone on one side of `=` → defined there, so its prior gives way."""

    vector: set = field(default_factory=set)
    scalar: set = field(default_factory=set)
    defined: set = field(default_factory=set)
    differentiated: set = field(default_factory=set)  # `l` in ∂l/∂W: a loss, a scalar
    values: set = field(default_factory=set)  # bold or upper-case names defined by `x = ...`


# the node types that carry evidence (no node type has subtypes): most nodes are
# symbols and numbers, which one set look-up passes over
EVIDENCE_KINDS = frozenset({Transpose, Mul, Sum, Derivative, Div, Power, Space, Chain})


def gather_evidence(trees: list[Expr]) -> Evidence:
    ev = Evidence()
    for tree in trees:
        for node in walk(tree):
            kind = type(node)  # (compared by identity: no node type has subtypes)
            if kind not in EVIDENCE_KINDS:
                continue
            if kind is Transpose:
                for sym in loose_terms(node.arg):
                    ev.vector.add(sym)
            elif kind is Mul:
                for left, right in zip(node.factors, node.factors[1:]):
                    if isinstance(right, Symbol) and matrix_like(left):
                        ev.vector.add(right)
            elif kind is Sum:
                for limit in (node.lower, node.upper):
                    if isinstance(limit, Symbol):
                        ev.scalar.add(limit)
            elif kind is Derivative:
                f = node.f.arg if isinstance(node.f, Transpose) else node.f
                if isinstance(f, Symbol) and f.font != "bold" and (f.name.islower() or f.name in LOSS_NAMES):
                    ev.differentiated.add(f)
            elif kind is Div:
                if isinstance(node.den, Symbol):
                    ev.scalar.add(node.den)
            elif kind is Power:
                if isinstance(node.exp, Symbol):
                    ev.scalar.add(node.exp)
                if is_euler_power(node):
                    ev.scalar.add(node.base)  # `e^{-z}`: Euler's number
            elif kind is Space:
                for d in (node.rows, node.cols):
                    for sym in (walk(d) if d is not None else ()):
                        if isinstance(sym, Symbol):
                            ev.scalar.add(sym)
            elif kind is Chain:
                for k, rel in enumerate(node.rels):
                    if rel in ("=", ":="):
                        for item in (node.items[k], node.items[k + 1]):
                            if isinstance(item, Symbol):
                                ev.defined.add(item)
                first = node.items[0]
                if node.rels[0] in ("=", ":=") and isinstance(first, Symbol) and \
                        (first.font == "bold" or is_upper(first)):
                    ev.values.add(first)
    return ev


def loose_terms(node: Expr) -> list[Symbol]:
    """Symbols standing as whole terms of a transposed expression: `y` in `(Xw-y)^T`."""
    if isinstance(node, Symbol):
        return [node]
    if isinstance(node, Differential):
        return loose_terms(node.arg)
    if isinstance(node, Neg):
        return loose_terms(node.arg)
    if isinstance(node, Add):
        return [s for t in node.terms for s in loose_terms(t)]
    return []


def matrix_like(node: Expr) -> bool:
    if isinstance(node, Symbol):
        return is_upper(node) and not is_entry(node) and node.font not in ("cal", "bb")
    if isinstance(node, (Transpose, Inverse)):
        return matrix_like(node.arg) or vector_like(node.arg)
    if isinstance(node, Differential):
        return matrix_like(node.arg)
    return False


def vector_like(node: Expr) -> bool:
    return isinstance(node, Symbol) and node.font == "bold" and not is_upper(node)


"""How a name gets its value in an evaluation (the rules of `Symbol` and `Index` nodes,
which `notecheck.check.numeric.evaluator.Evaluator` inherits): a drawn value, a definition
evaluated once per index, a variable moving along its tangent, a member of a family in a
sum (`x_i`), an entry (`X_{ij}`), a bound index, a constant or a count.

Most symbols an evaluation meets are drawn, defined or moving, with no subscript naming a
bound letter (even inside a sum or at a pinned index), so they take the short path; a
member or an entry takes its own (`bound_symbol`).
"""

from __future__ import annotations

import numpy as np

from notecheck.latex import expr as E
from notecheck.latex.constants import is_constant_letter, size_name
from notecheck.check.numeric.entries import entry, entry_of, index_plan, pinned_member, split_indices
from notecheck.check.numeric.errors import Unsupported, no_value
from notecheck.check.numeric.kernels import Jet
from notecheck.check.numeric.lazy import Lazy

SIZE_NAMES = frozenset("N M K T n m".split())  # a count (`1/N`) when it has no value of its own
CONSTANTS = {"e": float(np.e), "pi": float(np.pi)}  # the values of `constants.CONSTANT_LETTERS`


def label(sym: E.Symbol) -> str:
    """How a symbol reads in a message: `W_1`, `x'`, `Sigma`."""
    out = sym.name + "'" * sym.prime
    return f"{out}_{sym.sub}" if sym.sub else out


class SymbolRules:
    """The rules of names, read by an evaluator (`Evaluator` holds the draw, the
    definitions, the tangents, the bound indices `env` and what it is inside)."""

    def _Symbol(self, sym: E.Symbol):
        """A symbol's value: a parameter of an applied definition, a bound index letter, a
        member or entry when its subscript names a bound letter (`bound_symbol`), else
        drawn, defined or moving along a tangent. Most of the 70,000 per hundred notes
        are the last kind, with or without a letter bound, and take no detour."""
        parameters = self.parameters
        if parameters and sym in parameters:
            return parameters[sym]
        env = self.env
        if env:
            sub = sym.sub
            if sub is None:
                if sym.name in env and sym.font == "" and sym.prime == 0:
                    return Jet(np.array([[float(env[sym.name])]]))
            elif sub and self.bound_indices(sub):
                return self.bound_symbol(sym)
        tangents = self.tangents
        tangent = tangents.get(sym) if tangents else None
        if tangent is not None:
            value = self.draw.values.get(sym)
            return Jet(self.defined(sym).v if value is None else value, tangent)
        defs = self.defs
        if defs and sym in defs and not (self.active and sym in self.active):
            return self.defined(sym)
        value = self.draw.values.get(sym)
        if value is not None:
            return Jet(value)
        return self.undrawn(sym)

    def bound_symbol(self, sym: E.Symbol):
        """A symbol whose subscript names a bound letter (`x_i` in a sum, `a_{2,i}` at a
        pinned i): the member, or the entry, at the letters' values; or the variable
        itself when it is the member at the pinned index (`∂l/∂a_{2,i}`), and its
        definition when it has one and does not move."""
        tangent = self.tangents.get(sym) if self.tangents else None
        if tangent is not None and self.draw.indices:
            if pinned_member(sym, self.env, self.draw.indices):  # ∂l/∂a_{2,i}: the member at i is the variable
                return Jet(self.draw.values[sym], tangent)
            tangent = None  # the other members hold still
        if tangent is None and self.defs and sym in self.defs and not (self.active and sym in self.active):
            return self.defined(sym)
        return self.indexed(sym)

    def undrawn(self, sym: E.Symbol):
        """A symbol with no drawn value, no definition and no tangent: `σ'` bare, `e`, `π`,
        a size `N`, or a fault that says why it has no value."""
        implied = self.implied_application(sym.name, sym.prime)
        if implied is not None and sym.sub is None:
            return self.ev(implied)
        if is_constant_letter(sym):
            return Jet(np.array([[CONSTANTS[sym.name]]]))
        if sym.sub is None and sym.font == "" and (size_name(sym) in self.draw.sizes or sym.name in SIZE_NAMES):
            return Jet(np.array([[float(self.draw.count(size_name(sym)))]]))
        if sym in self.active:
            raise Unsupported(f"{label(sym)} is defined in terms of itself")
        base = E.rebuilt(sym, sub=None)
        if sym.sub and (base in self.draw.values or base in self.defs):
            raise Unsupported(f"element access {label(sym)} outside a sum over its index")
        raise no_value(label(sym))

    def defined(self, sym: E.Symbol) -> Jet:
        """A symbol the note defined, evaluated through its definition (once per index)."""
        key = (sym, tuple(sorted(self.env.items())) if self.env else (), self.frame,
               self.values_only and not self.differentials)  # with its derivatives' tangents skipped, or not
        known = self.cache.get(key)
        if known is None:
            self.active.add(sym)
            try:
                known = self.cache[key] = self.concrete(self.defs[sym], "the definition of ", sym)
            finally:
                self.active.discard(sym)
        return known

    def bound_indices(self, sub: str) -> tuple[str, ...] | None:
        """The parts of a subscript, if a sum or a pinned index binds one of them."""
        parts = split_indices(sub)
        env = self.env
        for part in parts:
            if part in env:
                return parts
        return None

    def indexed(self, sym: E.Symbol) -> Jet:
        """`x_i` inside a sum: a family member if `x_i` has a shape, else an entry of `x`."""
        env = self.env
        values = []
        for part in split_indices(sym.sub):  # a loop, not a generator (5,000 members per hundred notes)
            values.append(env[part] if part in env else part)
        index = tuple(values)
        if sym in self.draw.shapes:
            moves = self.k == 1 and sym in self.tangents  # d x_i: each member its own direction
            return Jet(self.draw.member(sym, index), self.draw.member_direction(sym, index)[None] if moves else None)
        whole = E.rebuilt(sym, sub=None)
        base = self.ev(whole)
        if isinstance(base, Lazy) or not all(isinstance(i, int) for i in index):
            raise Unsupported(f"element access {label(sym)}")
        return entry_of(base, index, lambda: (f"element access {label(sym)}", label(whole)))

    def _Index(self, node: E.Index) -> Jet:
        """`X_{ij}`, `(A^TB)_{kk}`, `\\delta_{ij}`: one entry, at the indices' current values."""
        return entry(node, self.index_values(node), self)

    def index_values(self, node: E.Index) -> tuple[int, ...]:
        env = self.env
        values = []
        for part in index_plan(node.sub):  # a loop, not a comprehension's frame (19,000 entries per hundred notes)
            values.append(part if type(part) is int else env.get(part))
        if None in values:
            raise Unsupported(f"the entry _{{{node.sub}}} outside a sum over its index")
        return tuple(values)

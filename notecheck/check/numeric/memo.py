"""What one random world already evaluated: the same tree on the same values is asked for
again and again (each layout, each pinned index of a claim in index notation, each
candidate fix against the same left-hand side, the shape of a differentiated function),
and its answer cannot change, so it is computed once.

A `Memo` belongs to the draws of one world and to every draw derived from them (`pinned`,
`with_values`, `without_defined` share it), so it lives as long as one note's worlds and
never carries anything from one note to the next. An answer is keyed by everything an evaluation reads:
the tree, the values (by the dictionary that holds them, which no one changes once
evaluations start, the memo keeping it alive), the properties,
how many named sizes are known (sizes are only ever added), the definitions, the
tangents (by content), the layout (when a derivative node can read it), whether the
caller reads the tangent (`evaluate.unread_tangent`), the note's functions, and the
pinned free indices
the tree or its definitions can see. Faults (`Unsupported`, `ShapeMismatch`,
`IllConditioned`) are remembered like values; a recursion limit, which depends on the
caller's stack, is not.
"""

from __future__ import annotations

import numpy as np

from notecheck.check.numeric.dependence import depends_on
from notecheck.check.numeric.entries import split_indices
from notecheck.check.numeric.kernels import safe_inverse, unvec_batch
from notecheck.check.numeric.remember import remembered
from notecheck.latex import expr as E


class Memo:
    """Evaluations of one world, and what each set of definitions can read."""

    def __init__(self):
        self.results: dict = {}  # each of these: key -> (what it keeps, the answer); see `remembered`
        self.derived: dict = {}  # draws and directions made from this one, made once (`evidence`, `draw`)
        self.lanes = None  # the values of the free indices a claim is being checked at (`lanes.Lanes`)
        self.definition_facts: dict = {}
        self.definition_dicts: dict = {}
        self.no_definitions: tuple | None = None  # `definitions` of every empty dictionary
        self.inverses: dict = {}
        self.bases: dict = {}
        self.basis_keys: dict[int, tuple] = {}  # id of a basis above -> how a key names it
        self.last_tangents: tuple | None = None  # (the dictionary of tangents last keyed, its key)
        self.jacobian_tangents: dict = {}  # (id of a variable, its shape) -> (it, the tangents of a Jacobian by it)
        self.tangent_keys: dict[int, tuple] = {}  # id of a dictionary of tangents above -> its key
        self.function_keys: dict[int, tuple] = {}  # id of a dictionary of functions -> (it, its key)
        self.nodes: dict = {}  # an evaluated tree or a variable -> the first one of this world equal to it (`same`)

    def inverse(self, a: np.ndarray) -> np.ndarray:
        """`safe_inverse(a)`, worked out once per array of the world (Σ⁻¹ is written many
        times in one formula and evaluated on the same drawn Σ again and again); the array
        is kept, so its identity cannot pass to another. A failure is not remembered."""
        return remembered(self.inverses, id(a), (a,), safe_inverse, a)

    def same(self, node: E.Expr) -> E.Expr:
        """The first tree of this world equal to `node`. What is remembered here is keyed by
        identity, and `∂l/∂a_{1,i}` written in ten formulas is ten trees: each of their
        Jacobians was worked out anew (4,500 per hundred notes, 2,000 of them again), as
        was a side written again in a later formula. As one tree they are worked out once
        (a quarter of the evaluator's node visits, 4% of a build's instructions). An
        evaluation reads nothing of a node that equality does not compare (`pos` and `end`
        only place it in its formula's text)."""
        try:
            return self.nodes.setdefault(node, node)
        except RecursionError:  # too deep to hash: evaluated as itself, which says it is too deep
            return node

    def basis(self, rows: int, cols: int) -> np.ndarray:
        """The n = rows·cols basis directions of a rows×cols variable, (n, rows, cols), made
        once per shape: every Jacobian by a variable of that shape moves along them."""
        known = self.bases.get((rows, cols))
        if known is not None:
            return known[1]
        out = remembered(self.bases, (rows, cols), (), unit_basis, rows, cols)
        self.basis_keys[id(out)] = ("basis", rows, cols)  # kept in `bases`, so its id stays its own
        return out

    def basis_tangents(self, variable: E.Expr, rows: int, cols: int) -> dict:
        """The tangents of a Jacobian by `variable` of that shape, `{variable: basis}`: the
        same dictionary each time (kept here, with its key), so that `tangents_key` knows
        it by identity, where it built the key of a new one at each of 6,500 Jacobians
        per hundred notes."""
        known = self.jacobian_tangents.get((id(variable), rows, cols))
        if known is not None:
            return known[1]
        tangents = {variable: self.basis(rows, cols)}
        self.jacobian_tangents[(id(variable), rows, cols)] = (variable, tangents)
        self.tangent_keys[id(tangents)] = ((id(variable), ("basis", rows, cols)),)  # as `tangents_key` makes it
        return tangents

    def key(self, expr: E.Expr, draw, defs: dict, tangents: dict, k: int, layout: str, functions,
            values_only: bool = False) -> tuple:
        """The evaluation's inputs as a hashable key (identities where objects are kept alive
        by `keep`, contents where they are made afresh per call)."""
        if defs:
            known = self.definition_dicts.get(id(defs))
            differentiates, letters, definitions = known[1] if known is not None else self.definitions(defs)
        else:
            differentiates, letters, definitions = self.no_definitions or self.definitions(defs)
        kept = expr._answers  # `holds_derivative` and `index_names` read where they keep their answers
        if kept is None:
            kept = E.answers(expr)
        if not differentiates:
            holds = kept.get(HOLDS_DERIVATIVE)
            if not (holds if holds is not None else holds_derivative(expr)):
                layout = None  # only a derivative node reads the layout
        if layout is None or not tangents:
            values_only = False  # only a derivative node along a direction tells them apart
        pins = ()
        indices = draw.indices
        if indices:  # (True, the pinned indices the tree or its definitions can read, sorted)
            seen = kept.get(INDEX_NAMES) or index_names(expr)
            found = [True]
            for pin in indices.items():  # one or two: a loop, not a comprehension's frame
                if pin[0] in seen or pin[0] in letters:
                    found.append(pin)
            if len(found) > 2:
                found[1:] = sorted(found[1:])
            pins = tuple(found)
        return (id(expr), k, layout, values_only, draw.seed, id(draw.shapes), id(draw.properties), len(draw.sizes),
                pins, id(draw.values), len(draw.values), definitions,
                self.tangents_key(tangents) if tangents else (),
                self.functions_key(functions) if functions else ())

    def functions_key(self, functions: dict) -> tuple:
        """The note's reading of its functions (`sigma` -> `tanh`, ...) as a key, made once
        per dictionary (kept here with it: no one changes it once it is evaluated with)."""
        known = self.function_keys.get(id(functions))
        if known is not None:
            return known[1]
        out = tuple(functions.items())
        self.function_keys[id(functions)] = (functions, out)
        return out

    def tangents_key(self, tangents: dict) -> tuple:
        """The tangents by content, but a Jacobian's basis (`basis`) by its shape: it is
        the same array each time, and its bytes (a few kilobytes) were copied and hashed
        at every Jacobian. Asked again of the very dictionary it was last asked of (a
        claim's two sides move along one), the key made then: no one changes a dictionary
        of tangents once it is evaluated with, and the memo holds it, so that no other
        can be that one."""
        last = self.last_tangents
        if last is not None and last[0] is tangents:
            return last[1]
        known = self.tangent_keys.get(id(tangents))
        if known is not None:
            return known
        bases = self.basis_keys
        out = tuple([(id(s), bases[id(t)]) if id(t) in bases else (id(s), t.shape, t.tobytes())
                     for s, t in tangents.items()])
        self.last_tangents = (tangents, out)
        return out

    def definitions(self, defs: dict) -> tuple[bool, frozenset[str], int]:
        """Whether any definition holds a derivative, every letter they name, and a number
        standing for this set of definitions in a key; found once per set (a long note has
        a hundred, asked at every evaluation: the key then hashes one number, not two
        hundred identities), and known by the dictionary that holds them, which no one
        changes once it is evaluated with (the checker makes one per claim, `without` one
        per definition it leaves out), so that asking again costs one look-up. Most
        evaluations have none (each with an empty dictionary of its own): those are
        answered without a look-up."""
        if not defs:
            if self.no_definitions is None:
                self.no_definitions = self.defined_by(defs)
            return self.no_definitions
        known = self.definition_dicts.get(id(defs))
        if known is not None:
            return known[1]
        return remembered(self.definition_dicts, id(defs), (defs,), self.defined_by, defs)

    def defined_by(self, defs: dict) -> tuple[bool, frozenset[str], int]:
        names, bodies = tuple(defs), tuple(defs.values())
        return remembered(self.definition_facts, (tuple(map(id, names)), tuple(map(id, bodies))), (names, bodies),
                          self._definition_facts, names, bodies)

    def _definition_facts(self, names: tuple, bodies: tuple) -> tuple[bool, frozenset[str], int]:
        letters = frozenset().union(*map(index_names, names), *map(index_names, bodies))
        return any(map(holds_derivative, bodies)), letters, len(self.definition_facts)

    def depends(self, f: E.Expr, sym: E.Symbol, defs: dict) -> bool:
        """`depends_on(f, sym, defs)`, worked out once per tree, symbol and set of
        definitions in this world: a derivative along a direction asks it of each moving
        symbol at every evaluation (1,500 walks of f per hundred notes, ~1% of checking)."""
        definitions = self.definitions(defs)[2]
        return remembered(self.derived, ("depends", id(f), id(sym), definitions), (f, sym), depends_on, f, sym, defs)

    def without(self, defs: dict, name) -> dict:
        """`defs` less the definition of `name` (a Jacobian by a defined intermediate holds
        it still), the same dictionary each time it is asked for."""
        return remembered(self.derived, ("defs without", id(defs), id(name)), (defs, name),
                          lambda: {s: d for s, d in defs.items() if s != name})


HOLDS_DERIVATIVE, INDEX_NAMES = "holds a derivative", "index names it can read"  # keys of `E.answers`


def holds_derivative(expr: E.Expr) -> bool:
    """Whether `expr` holds a derivative node (`∂f/∂X`, `∇f`); kept on the node (it
    depends on the subtree alone), so every world and draw of the note asks it once."""
    kept = E.answers(expr)
    known = kept.get(HOLDS_DERIVATIVE)
    if known is None:
        known = kept[HOLDS_DERIVATIVE] = E.Derivative in map(type, E.walk(expr))  # no node type is subclassed
    return known


def index_names(expr: E.Expr) -> frozenset[str]:
    """Every name an evaluation of `expr` could look up among the bound indices: plain
    symbol names, the parts of subscripts, the indices of sums. Kept on the node, like
    `holds_derivative`."""
    kept = E.answers(expr)
    known = kept.get(INDEX_NAMES)
    if known is None:
        known = kept[INDEX_NAMES] = names_read(expr)
    return known


def names_read(expr: E.Expr) -> frozenset[str]:
    out: set[str] = set()
    for node in E.walk(expr):
        kind = type(node)  # no node type is subclassed: one test of identity per kind
        if kind is E.Symbol:
            out.add(node.name)
            if node.sub:
                out.update(split_indices(node.sub))
        elif kind is E.Index:
            out.update(split_indices(node.sub))
        elif kind is E.Sum and node.index:
            out.update(n.strip() for n in node.index.split(","))
            if node.but:
                out.add(node.but)
    return frozenset(out)


def unit_basis(rows: int, cols: int) -> np.ndarray:
    return unvec_batch(np.eye(rows * cols), rows, cols)

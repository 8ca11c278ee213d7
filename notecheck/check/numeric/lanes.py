"""A side of a claim in index notation evaluated at every index value at once.

`\\sum_{i,j}\\delta_{ip}\\delta_{jq}A_{ji} = A_{pq}` is checked at up to 37 values of
(p, q) per draw (`check.indexed`), and each of them walked the sum's 15 terms of 3
entries anew: 8.8% of a build's CPU went to those claims. Here each value of the free
indices is a lane of one array, each entry is read for all lanes with one fancy index,
and each sum walks its terms once; the memo (`memo.Memo.results`) then holds every
lane's answer under the very key the evaluation at that value would have looked up, so
each later value finds it there.

The lanes are bit for bit what the evaluator gives at each value: a lane is a scalar
(1×1) at every node that reads a free index, and every such node is one the rules of
`evaluator` compute with `+`, `-`, `*`, `/` of scalars, applied here in the same order
(a product folds from the left, a sum of terms adds as `_Add` does, a sum over an index
adds its terms in order), or an entry read from an array the evaluator made (a matrix,
the Jacobian behind `∂f/∂X_{kl}`); IEEE arithmetic gives each element of an array what
it gives one number. A subtree that reads no free index is the same at every value: it
is evaluated once, by the evaluator itself. Anything else (a function such as σ, whose
vectorised loop may round otherwise, a power, another derivative, a family member, a
matrix that varies, an entry out of range, a sizeless `I` or `0`, a value that is not
finite) is left to the evaluation at each value, as before: a side is tried in lanes
once per claim and draw.
"""

from __future__ import annotations

import math
from itertools import product as cartesian

import numpy as np

from notecheck.check.numeric.entries import index_plan, split_indices, subscript_parts, sum_bound, sum_upper_bound
from notecheck.check.numeric.errors import IllConditioned, ShapeMismatch, Unsupported
from notecheck.check.numeric.evaluate import DerivativeEvaluator, jacobian
from notecheck.check.numeric.evaluator import MAX_DEPTH, MAX_SUM_TERMS
from notecheck.check.numeric.kernels import Jet
from notecheck.check.numeric.memo import index_names
from notecheck.check.numeric.quiet import quietly
from notecheck.latex import expr as E


class Lanes:
    """The values of a claim's free indices one draw checks it at (`indexed.assignments`),
    set on the world's memo while those are checked (`indexed.compare_every_index`)."""

    def __init__(self, letters: tuple[str, ...], assignments: list[dict[str, int]]):
        self.letters = frozenset(letters)
        self.assignments = assignments
        self.order = tuple(letters)
        self.lane_at = {}  # the values of the letters -> which lane has them
        for n, assignment in enumerate(assignments):
            self.lane_at.setdefault(tuple([assignment[p] for p in self.order]), n)
        self.free: dict | None = None  # each free index's values at the lanes (`Varying`)
        self.pins: dict = {}  # the letters a key names and the other indices' values -> each lane's pins
        self.tried: set = set()  # each side (its tree, definitions, values, ...) is tried once

    def evaluated(self, expr: E.Expr, draw, defs: dict, k: int, layout, functions, values_only: bool, key: tuple):
        """`evaluate_raw`'s answer for `expr` at `draw` (without tangents; `key` its memo key), having put the
        answer at every other value of the free indices in the memo; None when `expr`
        does not read them or cannot be evaluated in lanes (the caller evaluates it)."""
        indices = draw.indices
        if not (indices and index_names(expr) & self.letters):
            return None
        tried = (id(expr), id(defs) if defs else None, id(draw.values), k, layout, values_only,  # `{}`s are many
                 tuple(functions.items()) if functions else ())
        if tried in self.tried:
            return None
        self.tried.add(tried)
        letters = self.letters
        current = self.lane_at.get(tuple([indices.get(p) for p in self.order]))
        if current is None or draw.memo.definitions(defs)[1] & letters:  # a definition reading one: no lanes
            return None
        if self.free is None:  # made at the first side evaluated in lanes, shared by the others
            self.free = {p: Varying(np.array([a[p] for a in self.assignments])) for p in self.order}
        walk = LaneWalk(draw, defs, k, layout, functions, values_only, self.free, len(self.assignments))
        try:
            lanes = quietly(walk.lanes, expr)
        except (NotInLanes, Unsupported, IllConditioned, ShapeMismatch, np.linalg.LinAlgError, RecursionError):
            return None
        values = np.array(np.broadcast_to(lanes, (len(self.assignments),)), dtype=float).reshape(-1, 1, 1)
        finite = np.isfinite(values.ravel()).tolist()
        if not finite[current]:
            return None  # the evaluation at this value says why
        results = draw.memo.results
        keep = (expr, draw.values, draw.shapes, draw.properties, ())
        for n, (lane_key, value) in enumerate(zip(self.keys(key, expr, draw, defs, k, layout, functions, values_only),
                                                  values)):
            if finite[n] and n != current:  # not finite: the evaluation at that value says why
                results.setdefault(lane_key, (keep, Jet(value), None))
        return Jet(values[current])

    def keys(self, key: tuple, expr: E.Expr, draw, defs: dict, k: int, layout, functions, values_only: bool) -> list:
        """Each lane's memo key: this draw's `key` with the lane's values of the indices in
        place of this draw's, written as `Memo.key` writes them (the letters the tree or its
        definitions read, in order, with their values; a tenth of what `Memo.key` costs);
        each made by `Memo.key` itself should `key` not hold them so."""
        memo, indices = draw.memo, draw.indices
        seen, letters = index_names(expr), memo.definitions(defs)[1]
        read = sorted(p for p in indices if p in seen or p in letters)
        pins = (True, *[(p, indices[p]) for p in read])
        if pins not in key:
            return [memo.key(expr, draw.pinned(a), defs, {}, k, layout, functions, values_only) for a in self.assignments]
        at = key.index(pins)
        head, tail = key[:at], key[at + 1:]
        fixed = tuple([indices[p] for p in read if p not in self.letters])
        lanes = self.pins.get((tuple(read), fixed))
        if lanes is None:
            lanes = self.pins[(tuple(read), fixed)] = [
                (True, *[(p, a[p] if p in a else indices[p]) for p in read]) for a in self.assignments]
        return [(*head, pins, *tail) for pins in lanes]


class NotInLanes(Exception):
    """A node the lanes do not evaluate: the side is evaluated at each value instead."""


class Varying:
    """An index whose value differs between lanes (a free index), or between the terms of
    a sum too (a summed index, on an axis of its own before the lanes'): its values, as
    1-based numbers and as 0-based positions, and their range."""

    __slots__ = ("values", "positions", "low", "high")

    def __init__(self, values: np.ndarray):
        self.values = values
        self.positions = values - 1
        self.low, self.high = int(values.min()), int(values.max())


class LaneWalk:
    """One walk of a side: a node that reads a varying index is an array of its scalar
    value at each lane (and each term of the sums around it); a node that reads none is
    the evaluator's `Jet`."""

    def __init__(self, draw, defs, k, layout, functions, values_only, free: dict, count: int):
        self.evaluator = DerivativeEvaluator(draw, defs, {}, k, layout, functions)
        self.evaluator.values_only = values_only
        self.env: dict = dict(draw.indices)  # an index -> its value, or its values (`Varying`)
        self.env.update(free)
        self.plain = dict(draw.indices)  # every index at one value: this draw's, a summed one's first
        self.varying = frozenset(free)  # the letters whose value differs between lanes or terms
        self.count = count
        self.axes = 0  # sums around the node being evaluated, each on an axis before the lanes'
        self.depth = 0

    def lanes(self, node: E.Expr):
        out = self.value(node)
        if type(out) is not np.ndarray and not isinstance(out, np.floating):
            raise NotInLanes
        return out

    def value(self, node: E.Expr):
        """The node's value: a `Jet` (or `Lazy`) when it reads no varying index, else its
        scalar at each lane (and term), an array."""
        if not index_names(node) & self.varying:
            return self.evaluated(node)
        rule = RULES.get(type(node))
        if rule is None or self.depth >= MAX_DEPTH // 2:
            raise NotInLanes
        self.depth += 1
        try:
            return rule(self, node)
        finally:
            self.depth -= 1

    def evaluated(self, node: E.Expr):
        """The evaluator's value of a node the same at every lane and term."""
        evaluator = self.evaluator
        evaluator.env, evaluator.depth = dict(self.plain), self.depth
        return evaluator.ev(node)

    def scalar(self, node: E.Expr):
        """The node's value as a scalar at each lane (an array) or the same at all (a
        numpy float): a matrix or a sizeless constant is not for lanes."""
        out = self.value(node)
        if type(out) is Jet:
            if out.v.shape != (1, 1) or out.t is not None:
                raise NotInLanes
            return out.v[0, 0]
        if type(out) is np.ndarray or isinstance(out, np.floating):
            return out
        raise NotInLanes

    # ------------------------------------------------------------ the rules, as `evaluator`'s

    def _Symbol(self, sym: E.Symbol):
        """A free index read as a number (`i`), or `x_i` as an entry of x (`indexed`)."""
        env = self.env
        if sym.sub is None and sym.font == "" and sym.prime == 0 and sym.name in env:
            value = env[sym.name]
            return value.values.astype(float) if type(value) is Varying else np.float64(value)
        defs = self.evaluator.defs
        if sym.sub is None or (defs and sym in defs) or sym in self.evaluator.draw.shapes:
            raise NotInLanes  # a definition at each index, a family member
        index = tuple(env[p] if p in env else p for p in split_indices(sym.sub))
        if any(type(i) is str for i in index):
            raise NotInLanes
        base = self.value(E.rebuilt(sym, sub=None))
        if type(base) is not Jet:
            raise NotInLanes
        return entry_at(base, index)

    def entry_index(self, entry: E.Index) -> tuple:
        """The values of an entry's indices (`X_{ij}`) at each lane and term: numbers, or
        `Varying`; not for lanes when one of them is bound nowhere."""
        env = self.env
        index = tuple(p if type(p) is int else env.get(p) for p in index_plan(entry.sub))
        if any(i is None for i in index):
            raise NotInLanes
        return index

    def _Index(self, node: E.Index):
        """`X_{ij}`, `\\delta_{ij}`: the entry at each lane's indices."""
        index = self.entry_index(node)
        if isinstance(node.arg, E.Identity) and node.arg.size is None:
            if len(index) != 2:
                raise NotInLanes
            first, second = (i.values if type(i) is Varying else i for i in index)
            return np.where(np.equal(first, second), 1.0, 0.0)
        base = self.value(node.arg)
        if type(base) is not Jet:
            raise NotInLanes
        return entry_at(base, index)

    def _Mul(self, node: E.Mul):
        first = node.factors[0]
        if type(first) is E.Power or type(first) is E.Symbol and first.name == "d":
            raise NotInLanes  # perhaps a differential operator (`evaluator.differential_operator`)
        items = [self.scalar(f) for f in node.factors]
        out = items[0]
        for item in items[1:]:  # `product_order` of 1×1s: the left fold
            out = out * item
        return out

    def _Add(self, node: E.Add):
        terms = [self.scalar(t) for t in node.terms]
        if len(terms) == 2:
            return (0 + terms[1]) + terms[0]
        total = 0
        for term in terms[1:]:  # `sum(t.v for t in concrete[1:]) + concrete[0].v`
            total = total + term
        return total + terms[0]

    def _Neg(self, node: E.Neg):
        return -self.scalar(node.arg)

    def _Transpose(self, node: E.Transpose):
        return self.scalar(node.arg)

    def _Div(self, node: E.Div):
        num = self.scalar(node.num)
        den = self.scalar(node.den)
        if type(den) is not np.ndarray:
            den = float(den)
        if np.any(np.equal(den, 0.0)):
            raise NotInLanes  # division by zero: ill-conditioned at that lane
        return num / den

    def _Derivative(self, node: E.Derivative):
        """`∂f/∂X_{kl}` of a scalar f: the entry at each lane's (k, l) of the Jacobian of f by X
        (as `evaluate.jacobian` and `orient` read it), that Jacobian found once for each
        value of the free indices f reads (`\\partial V_{ij}/\\partial V_{kl}`: once per (i, j))."""
        wrt = node.wrt
        if node.order != 1 or type(wrt) is not E.Index or type(wrt.arg) not in (E.Symbol, E.Transpose):
            raise NotInLanes
        env = self.env
        index = [int(p) if p.isdecimal() else env.get(p) for p in subscript_parts(wrt.sub) or ()]
        if not index or any(i is None for i in index):
            raise NotInLanes
        drawn = entry_by_entry(node, self.evaluator.draw.values, self.evaluator.defs, env)
        if drawn is not None:
            return self.kronecker(node.f, index, drawn.shape)
        if self.axes:
            raise NotInLanes
        count = self.count
        read = sorted((index_names(node.f) | index_names(wrt.arg)) & self.varying)
        groups: dict[tuple, list[int]] = {}  # the values of the letters f reads -> the lanes with them
        for lane, values in enumerate(zip(*(env[p].values.tolist() for p in read)) if read else [()] * count):
            groups.setdefault(values, []).append(lane)
        evaluator = self.evaluator
        out = np.empty(count)
        places = {}
        for values, lanes in groups.items():
            pins = dict(self.plain)
            pins.update(zip(read, values))
            value, jac, shape = jacobian(node.f, wrt.arg, evaluator.draw.pinned(pins), evaluator.defs,
                                         evaluator.functions)
            if value.shape != (1, 1):
                raise NotInLanes  # a matrix by an entry: a matrix at each lane
            place = places.get(shape)
            if place is None:
                place = places[shape] = np.broadcast_to(position(index, *shape), (count,))
            out[lanes] = jac[0, place[lanes]]
        return out

    def kronecker(self, entry: E.Index, index: list, shape: tuple[int, int]):
        """`∂X_{ij}/∂X_{kl}` of a drawn X (`entry_by_entry`) at each lane and term: 1 where
        the two entries are one, else 0."""
        return np.where(np.equal(position(self.entry_index(entry), *shape), position(index, *shape)), 1.0, 0.0)

    def _Sum(self, node: E.Sum):
        """Every term at once, the summed indices on an axis of their own (their values in
        the order the evaluator takes them), added up one term after another as it does."""
        if not node.index or node.but:  # (a sum that skips a value is the evaluator's)
            raise NotInLanes
        varying = self.varying
        for limit in (node.lower, node.upper):
            if limit is not None and index_names(limit) & varying:
                raise NotInLanes
        names = [n.strip() for n in node.index.split(",") if n.strip()]
        evaluator = self.evaluator
        evaluator.env, evaluator.depth = dict(self.plain), self.depth
        ranges = [range(sum_bound(evaluator, node.lower, name, 1), sum_upper_bound(evaluator, node, name) + 1)
                  for name in names]
        terms = math.prod(max(0, r.stop - r.start) for r in ranges)
        if not 0 < terms <= MAX_SUM_TERMS:
            raise NotInLanes  # an empty sum is a sizeless 0; too many terms are refused
        every = np.array(list(cartesian(*ranges))).reshape((terms, len(names)) + (1,) * (self.axes + 1))
        saved = self.env, self.plain, self.varying, self.axes
        self.env, self.plain = dict(self.env), dict(self.plain)
        for n, name in enumerate(names):
            self.env[name] = Varying(every[:, n])
            self.plain[name] = ranges[n].start
        self.varying, self.axes = varying | set(names), self.axes + 1
        try:
            body = np.asarray(self.scalar(node.body))
        finally:
            self.env, self.plain, self.varying, self.axes = saved
        body = body.reshape((1,) * (self.axes + 2 - body.ndim) + body.shape)
        body = np.broadcast_to(body, (terms,) + body.shape[1:])
        total = body[0]
        for term in body[1:]:
            total = total + term
        return total


def entry_by_entry(node: E.Derivative, values: dict, defs: dict, env: dict):
    """X's drawn value when `node` is `∂X_{ij}/∂X_{kl}`, an entry of a drawn X by an entry
    of it (X not defined, not a family member, not an index letter of `env`), else None.
    Such a derivative is 1 where the two entries are one and 0 elsewhere, which is what
    the Jacobian of the entry by X holds (a basis direction read at one place). Read so,
    it is in lanes inside a sum as well: the evaluator made that Jacobian afresh for every
    term of every sum and every lane, half of checking a note of trace derivatives in
    Einstein's notation."""
    f, wrt = node.f, node.wrt
    if node.order != 1 or type(f) is not E.Index or type(wrt) is not E.Index or f.arg != wrt.arg:
        return None
    variable = f.arg
    if type(variable) is not E.Symbol or variable.sub is not None or variable.name in env or variable in defs:
        return None
    return values.get(variable)


RULES = {getattr(E, name[1:]): rule for name, rule in vars(LaneWalk).items()
         if name.startswith("_") and name[1:2].isupper()}


def within(index, size: int) -> bool:
    if type(index) is Varying:
        return 1 <= index.low and index.high <= size
    return 1 <= index <= size


def places(index, rows: int, cols: int):
    """The 0-based (row, column) at each lane of a 1-based `index` into a rows×cols array:
    a vector's one index in either orientation (as `entries.entry_of` reads it); any lane
    out of range is not for lanes (the evaluation there says why)."""
    if len(index) == 1 and 1 in (rows, cols):
        index = (index[0], 1) if cols == 1 else (1, index[0])
    if len(index) != 2 or not (within(index[0], rows) and within(index[1], cols)):
        raise NotInLanes
    return tuple(p.positions if type(p) is Varying else p - 1 for p in index)


def position(index: list, rows: int, cols: int):
    """`entries.entry_position` at each lane: the column-major place of the entry."""
    i, j = places(index, rows, cols)
    return i + rows * j


def entry_at(base: Jet, index: tuple) -> np.ndarray:
    """`entries.entry_of` at each lane's (1-based) index."""
    if base.t is not None:
        raise NotInLanes
    return base.v[places(index, *base.v.shape)]

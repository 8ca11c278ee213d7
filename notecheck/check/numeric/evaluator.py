"""Exact forward-mode evaluation of an expression tree on a random draw.

Every node evaluates to a value (a 2-D array; scalars are 1×1) and its tangent: the
exact directional derivative along the given `dX`, not a finite difference. Tangents are
batched, shape (k, rows, cols): k = 1 for one direction `dX`, k = size of X for the basis
directions that make a whole Jacobian in one pass (see `evaluate.jacobian`). A tangent of `None`
is an exact zero (the symbol is a constant), so constants cost nothing.

This module holds the rule of every node type but derivatives, which need the whole
evaluation again (`notecheck.check.numeric.evaluate` adds them and is the entry point).

What each node means follows DESIGN.md: juxtaposition scales when a factor is 1×1 and
multiplies matrices otherwise; `a·b` of two same-shape vectors is their inner product;
`|X|` is a determinant of a square matrix and an absolute value of a scalar; elementwise
functions act entry by entry; `softmax` acts on each column.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from itertools import product as cartesian
from types import MappingProxyType

import numpy as np

from notecheck.latex import expr as E
from notecheck.check.numeric.draw import Draw
from notecheck.check.numeric.errors import IllConditioned, ShapeMismatch, Unsupported, construct_name
from notecheck.check.numeric.kernels import (
    MATRIX_FUNCTIONS, Jet, absolute, add_tangents, broadcast_shape, determinant, elementwise,
    inverse, is_vector, kron_batch, matrix_power, multiply, multiply_tree, norm, plus_or_minus,
    product_order, scalar_power, shape_text, too_large, unvec_batch, vec_batch,
)
from notecheck.check.numeric.dependence import depends_on
from notecheck.check.numeric.entries import sum_bound, sum_upper_bound
from notecheck.check.numeric.lazy import (
    EYE, ONES, ZERO, Lazy, combine_lazies, scale_lazy_product, size_lazies_in_product, unknown_size,
)
from notecheck.check.numeric.symbols import SymbolRules, label

MAX_DEPTH = 200            # nesting levels before a formula is called too deep
MAX_SUM_TERMS = 10_000     # terms a sum may expand to
MAX_EXPONENT = 1_000       # |n| beyond which x^n is not evaluated: it over- or underflows any draw
SECOND_ORDER_STEP = 1e-5   # relative step of the central difference behind d(df)
ELEMENTWISE = {"log", "exp", "sin", "cos", "tan", "tanh", "sqrt", "relu", "abs", "sign", "softplus", "sec", "csc", "cot"}
# what a draw of values cannot give: `\\mathbb{E}[x]`, `\\mathrm{Var}[x]` are of a distribution
MOMENTS = {"e": "an expectation E[·]", "var": "a variance Var[·]", "cov": "a covariance Cov[·]",
           "corr": "a correlation", "cor": "a correlation", "std": "a standard deviation", "sd": "a standard deviation",
           "stddev": "a standard deviation"}
ALIASES = {"trace": "tr", "ln": "log", "sigmoid": "sigma", "logistic": "sigma", "sgn": "sign", "pm": "±"}


NUMBER_VALUE = "its value, a Jet"  # a key of `E.answers`: a literal's value never changes
NO_PARAMETERS = MappingProxyType({})  # an evaluation outside any applied definition `f(x)`
SIZELESS = {kind: Lazy(kind) for kind in (EYE, ONES, ZERO)}  # `I`, `1`, `0` without a size: one each (never changed)


@lru_cache(maxsize=1024)
def number_array(value) -> np.ndarray:
    """A literal as a 1×1 array, made once per number (read-only: values are shared and
    never changed in place)."""
    out = np.array([[float(value)]])
    out.flags.writeable = False
    return out


def negated(out: Jet) -> Jet:
    return Jet(-out.v, None if out.t is None else -out.t)


def not_applicable(fn: E.Symbol, args) -> str:
    """Why a function defined without an argument (`f = ‖By‖²`, `f(y) = ...` read as f)
    cannot be evaluated at an expression: nothing says where to put it."""
    reason = f"{label(fn)} applied to an expression, but its definition names no argument to put it in"
    if any(isinstance(n, E.Differential) for a in args for n in E.walk(a)):
        reason += f" (and a finite step {label(fn)}(X+dX) - {label(fn)}(X) equals d{label(fn)} only to first order)"
    return reason


class Evaluator(SymbolRules):
    """One evaluation: a draw, the definitions in force, and tangents of the variables."""

    # How an evaluation starts, read from the class until the evaluation changes one (an
    # evaluator is made for each of 20,000 evaluations per hundred notes, and most of them
    # apply no definition and meet no differential). What every node or every symbol reads
    # (`depth`, `rules`, `parameters`) is set on the evaluator instead: Python 3.11 reads
    # an attribute of the instance by a specialized instruction, one of its class by a full
    # look-up, ~100 instructions more at each of 180,000 nodes per hundred notes.
    differentials = 0  # how many differentials enclose the node being evaluated
    frame = 0          # which application of a definition we are inside (cache key)
    applications = 0
    values_only = False  # whether the caller reads the result's tangent (`evaluate.unread_tangent`)

    def __init__(self, draw: Draw, defs, tangents, k: int, layout: str, functions):
        self.draw = draw
        self.defs = defs or {}
        self.tangents = tangents
        self.k = k
        self.layout = layout
        self.functions = functions or {}
        self.env: dict[str, int] = dict(draw.indices)  # index letters bound by sums or pinned
        self.cache: dict = {}
        self.active: set = set()
        self.depth = 0  # how deeply the node being evaluated is nested
        self.rules = type(self).rules  # the class's table (see `__init_subclass__`), read at every node
        self.parameters: Mapping[E.Symbol, Jet] = NO_PARAMETERS  # of an applied definition `f(x)`; replaced, never changed

    # ------------------------------------------------------------ dispatch

    rules: dict = {}  # node type -> its rule, per evaluator class (see `__init_subclass__`)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.rules = {}

    def ev(self, node: E.Expr):
        depth = self.depth
        if depth >= MAX_DEPTH:
            raise Unsupported("a formula nested too deeply")
        try:
            rule = self.rules[type(node)]
        except KeyError:
            rule = self.rule_of(node)
        self.depth = depth + 1
        try:
            return rule(self, node)
        finally:
            self.depth = depth

    def rule_of(self, node: E.Expr):
        """The rule of the node's type, found by its name once per evaluator class."""
        rule = getattr(type(self), "_" + type(node).__name__, None)
        if rule is None:
            raise Unsupported(construct_name(node))
        self.rules[type(node)] = rule
        return rule

    def concrete(self, node: E.Expr, where: str, of: E.Symbol | None = None) -> Jet:
        """The node's value where an operation needs its size (`tr`, `‖·‖`, `⊗`, ...); the
        message says `where` and the label of `of`, written only if it fails (a defined
        symbol is evaluated thousands of times and never fails)."""
        out = self.ev(node)
        if isinstance(out, Lazy):
            raise unknown_size(out, where if of is None else where + label(of))
        return out

    # ------------------------------------------------------------ leaves

    def _Number(self, node: E.Number) -> Jet:
        """A literal's value, kept on its node: a `Fraction` hashes in Python, and
        `number_array` hashed it at every visit."""
        kept = node._answers
        known = None if kept is None else kept.get(NUMBER_VALUE)
        if known is None:
            known = E.answers(node)[NUMBER_VALUE] = Jet(number_array(node.value))
        return known

    def implied_application(self, name: str, prime: int) -> E.Func | None:
        """`σ'` written bare means σ' of the argument the note applies σ to; the caller
        says which with a definition keyed `Func('sigma', ())` whose value is `σ(z)`."""
        canonical = ALIASES.get(name, name)
        full = self.defs.get(E.Func(canonical, ()))
        if isinstance(full, E.Func) and full.args:
            return E.Func(canonical, full.args, prime)
        return None

    def _Identity(self, node: E.Identity):
        return self.sized(SIZELESS[EYE], node.size, square=True)

    def _Ones(self, node: E.Ones):
        return self.sized(SIZELESS[ONES], node.size, square=False)

    def _Zero(self, node: E.Zero):
        return SIZELESS[ZERO]

    def sized(self, lazy: Lazy, size: str | None, square: bool):
        if size is None:
            return lazy
        n = int(size) if size.isdecimal() else self.draw.count(size)
        return Jet(*lazy.materialize((n, n) if square else (n, 1)))

    # ------------------------------------------------------------ arithmetic

    def _Add(self, node: E.Add):
        parts = node.terms  # most sums have two (9,800 of 9,900 per hundred notes): no comprehension's frame
        terms = [self.ev(parts[0]), self.ev(parts[1])] if len(parts) == 2 else [self.ev(t) for t in parts]
        if len(terms) == 2 and type(terms[0]) is Jet and type(terms[1]) is Jet:  # most sums: a + b
            first, second = terms
            sa, sb = first.v.shape, second.v.shape
            if sa != sb and sa != (1, 1) and sb != (1, 1):
                broadcast_shape([sa, sb], "sum")  # which says they do not meet
            value = (0 + second.v) + first.v  # the additions of `sum` below, in its order
            tangent = first.t if second.t is None else second.t if first.t is None else first.t + second.t
        else:
            if all(type(t) is Jet for t in terms):  # no sizeless I, 1 or 0
                concrete, lazies = terms, []
            else:
                concrete = [t for t in terms if isinstance(t, Jet)]
                lazies = [t for t in terms if isinstance(t, Lazy) and t.kind != ZERO]
            if not concrete:
                return combine_lazies(lazies)
            shape = broadcast_shape([t.v.shape for t in concrete], "sum")
            for lazy in lazies:
                if shape == (1, 1):
                    raise unknown_size(lazy, "a sum with a scalar")
                concrete.append(Jet(*lazy.materialize(shape)))
            value = sum(t.v for t in concrete[1:]) + concrete[0].v
            tangent = add_tangents(*(t.t for t in concrete))
        if tangent is not None and tangent.shape[1:] != value.shape:
            tangent = np.broadcast_to(tangent, (tangent.shape[0],) + value.shape)
        return Jet(value, tangent)

    def _Neg(self, node: E.Neg):
        out = self.ev(node.arg)
        if isinstance(out, Lazy):
            return out.scaled(np.array([[-1.0]]), None)
        return negated(out)

    def _Mul(self, node: E.Mul):
        factors = node.factors
        first = factors[0]
        kind = type(first)
        order = self.differential_operator(first) if kind is E.Power or kind is E.Symbol and first.name == "d" else 0
        if order and len(factors) > 1:
            rest = factors[1:]
            target = rest[0] if len(rest) == 1 else E.Mul(rest)
            for _ in range(order):
                target = E.Differential(target)
            return self.ev(target)
        if len(factors) == 2:  # most products (21,000 of 27,000 per hundred notes): no comprehension's frame
            return self.product([self.ev(first), self.ev(factors[1])])
        return self.product([self.ev(f) for f in factors])

    def differential_operator(self, first: E.Expr) -> int:
        """1 for a leading `d` / `\\mathrm{d}` that has no value of its own (`\\mathrm{d}(X^{-1})`
        read as a product), 2 for `d^2`; else 0."""
        power = 1
        if isinstance(first, E.Power) and first.exp == E.Number(2):
            first, power = first.base, 2
        is_d = isinstance(first, E.Symbol) and first.name == "d" and first.font in ("", "rm") and first.sub is None
        if not is_d or first.prime or first in self.draw.values or first in self.defs:
            return 0
        return power

    def product(self, items: list):
        if len(items) == 2 and type(items[0]) is Jet and type(items[1]) is Jet:  # most products: A B
            a, b = items
            sa, sb = a.v.shape, b.v.shape
            if sa[1] != sb[0] and sa != (1, 1) and sb != (1, 1):  # `product_shape` is None
                raise ShapeMismatch(f"product of {shape_text(a.v)} and {shape_text(b.v)}")
            return multiply(a, b)
        shapes = []
        for x in items:  # a loop, not a generator and a comprehension (6,000 longer products per hundred notes)
            if type(x) is not Jet:
                break
            shapes.append(x.v.shape)
        else:  # the common case: no sizeless I, 1 or 0
            order = product_order(shapes)
            if order is None:
                raise ShapeMismatch("product of " + " and ".join(shape_text(x.v) for x in items))
            return multiply_tree(order, items)
        if any(isinstance(x, Lazy) and x.kind == ZERO for x in items):
            return Lazy(ZERO)
        items = size_lazies_in_product(items)
        lazies = [x for x in items if isinstance(x, Lazy)]
        if lazies:
            return scale_lazy_product(items)
        order = product_order([x.v.shape for x in items])
        if order is None:
            raise ShapeMismatch("product of " + " and ".join(shape_text(x.v) for x in items))
        return multiply_tree(order, items)

    def _Dot(self, node: E.Dot):
        left, right = self.ev(node.left), self.ev(node.right)
        if isinstance(left, Jet) and isinstance(right, Jet) and left.v.shape == right.v.shape and is_vector(left.v):
            value = (left.v * right.v).sum(keepdims=True)
            t = add_tangents(
                None if left.t is None else (left.t * right.v).sum(axis=(-2, -1), keepdims=True),
                None if right.t is None else (left.v * right.t).sum(axis=(-2, -1), keepdims=True),
            )
            return Jet(value, t)
        return self.product([left, right])

    def _Hadamard(self, node: E.Hadamard):
        items = [self.ev(f) for f in node.factors]
        if any(isinstance(x, Lazy) and x.kind == ZERO for x in items):
            return Lazy(ZERO)
        concrete = [x for x in items if isinstance(x, Jet)]
        if not concrete:
            raise unknown_size(items[0], "an elementwise product")
        shape = broadcast_shape([x.v.shape for x in concrete], "elementwise product")
        items = [Jet(*x.materialize(shape)) if isinstance(x, Lazy) else x for x in items]
        value, tangent = items[0].v, items[0].t
        for x in items[1:]:
            tangent = add_tangents(None if tangent is None else tangent * x.v, None if x.t is None else value * x.t)
            value = value * x.v
        return Jet(value, tangent)

    def _Kron(self, node: E.Kron):
        items = [self.concrete(f, "a Kronecker product") for f in node.factors]
        too_large(items)
        value, tangent = items[0].v, items[0].t
        for x in items[1:]:
            tangent = add_tangents(
                None if tangent is None else kron_batch(tangent, x.v),
                None if x.t is None else kron_batch(value, x.t),
            )
            value = np.kron(value, x.v)
        return Jet(value, tangent)

    def _Div(self, node: E.Div):
        num = self.ev(node.num)
        den = self.concrete(node.den, "a denominator")
        if den.v.shape != (1, 1):
            raise Unsupported(f"division by a {shape_text(den.v)} matrix")
        d = float(den.v[0, 0])
        if d == 0.0:
            raise IllConditioned("division by zero")
        if isinstance(num, Lazy):
            inv_t = None if den.t is None else -den.t / d**2
            return num.scaled(np.array([[1.0 / d]]), inv_t)
        t = add_tangents(
            None if num.t is None else num.t / d,
            None if den.t is None else -num.v * den.t / d**2,
        )
        return Jet(num.v / d, t)

    def _Power(self, node: E.Power):
        base = self.ev(node.base)
        exp = self.concrete(node.exp, "an exponent")
        if exp.v.shape != (1, 1):
            raise Unsupported("a matrix as an exponent")
        e = float(exp.v[0, 0])
        if not abs(e) <= MAX_EXPONENT:
            raise Unsupported(f"a power with an exponent beyond ±{MAX_EXPONENT} (it over- or underflows any draw)")
        if isinstance(base, Lazy):
            if base.kind == EYE and exp.t is None and base.tscale is None:
                return Lazy(EYE, scale=base.scale**e)
            raise unknown_size(base, "a power")
        if base.v.shape == (1, 1):
            return scalar_power(base, exp, e)
        if base.v.shape[0] != base.v.shape[1]:  # x^2 of a vector: elementwise or ‖x‖²? not ours to guess
            raise Unsupported(f"a power of a {shape_text(base.v)} array")
        if exp.t is not None or e != int(e):
            raise Unsupported("a non-integer power of a matrix")
        return matrix_power(base, int(e))

    def _Transpose(self, node: E.Transpose):
        out = self.ev(node.arg)
        if isinstance(out, Lazy):
            return replace(out, transposed=not out.transposed) if out.kind == ONES else out
        return Jet(out.v.T, None if out.t is None else out.t.swapaxes(-1, -2))

    def _Inverse(self, node: E.Inverse):
        out = self.ev(node.arg)
        if isinstance(out, Lazy):
            if out.kind != EYE:
                raise Unsupported("inverse of a vector of ones or of zero")
            tscale = None if out.tscale is None else -out.tscale / out.scale**2
            return Lazy(EYE, scale=1.0 / out.scale, tscale=tscale)
        return inverse(out, self.draw.memo.inverse)

    def _Bars(self, node: E.Bars):
        out = self.concrete(node.arg, "|·|")
        rows, cols = out.v.shape
        if (rows, cols) == (1, 1):
            return absolute(out)
        if rows == cols:
            return determinant(out)
        raise Unsupported(f"|·| of a {rows}×{cols} array (a norm? write \\|x\\|)")

    def _Norm(self, node: E.Norm):
        return norm(self.concrete(node.arg, "a norm"), (node.kind or "").strip("{} "))

    def _Inner(self, node: E.Inner):
        a, b = self.concrete(node.left, "an inner product"), self.concrete(node.right, "an inner product")
        if a.v.shape != b.v.shape:
            raise ShapeMismatch(f"inner product of {shape_text(a.v)} and {shape_text(b.v)}")
        t = add_tangents(
            None if a.t is None else (a.t * b.v).sum(axis=(-2, -1), keepdims=True),
            None if b.t is None else (a.v * b.t).sum(axis=(-2, -1), keepdims=True),
        )
        return Jet((a.v * b.v).sum(keepdims=True), t)

    # ------------------------------------------------------------ functions

    def _Func(self, node: E.Func):
        name = ALIASES.get(node.name, node.name)
        if not node.args:
            implied = self.implied_application(name, node.prime)
            if implied is None:
                raise Unsupported(f"{node.name}{chr(39) * node.prime} written without its argument")
            node = implied
        if name == "±" and len(node.args) in (1, 2):  # `a \\pm b`, or `\\pm b` at a side's start
            terms = [self.concrete(a, "±") for a in node.args]
            sign = -1.0 if self.functions.get("±", "+") == "-" else 1.0
            if len(terms) == 1:
                return terms[0] if sign > 0 else negated(terms[0])
            return plus_or_minus(terms[0], terms[1], sign)
        if len(node.args) != 1:
            raise Unsupported(f"{node.name} of {len(node.args)} arguments")
        arg = self.concrete(node.args[0], node.name)
        if name == "log" and isinstance(node.args[0], E.Bars) and arg.v.shape == (1, 1):
            arg = absolute(arg)  # log|X| is log|det X|: the sign of det X does not matter
        if name == "sigma":  # σ is the sigmoid unless the note says otherwise
            name = self.functions.get("sigma", "sigmoid")
            if name in MATRIX_FUNCTIONS and not node.prime:
                return MATRIX_FUNCTIONS[name](arg)
        if name in ELEMENTWISE or name in ("sigmoid", "identity", "generic"):
            return elementwise(arg, name, node.prime)
        if node.prime:
            raise Unsupported(f"the derivative {node.name}'")
        method = MATRIX_FUNCTIONS.get(name)
        if method is None:
            raise Unsupported(MOMENTS.get(name.lower(), f"function {node.name}"))
        return method(arg)

    def _Apply(self, node: E.Apply):
        fn = node.fn
        head = self.definition_head(node)
        if head is not None:
            return self.applied(head, node.args)
        if fn in self.defs and fn not in self.active and not self.applied_elsewhere(fn, node.args):
            if self.juxtaposed(fn, node.args):
                return self.product([self.defined(fn), *(self.ev(a) for a in node.args)])
            if not all(isinstance(a, E.Symbol) for a in node.args):  # f(2y) after f = ‖By‖²: not f itself
                raise Unsupported(not_applicable(fn, node.args))
            return self.defined(fn)
        matrix = self.draw.values.get(fn)
        if matrix is not None and min(matrix.shape) > 1 and len(node.args) == 1:
            return self.product([Jet(matrix, self.tangents.get(fn)), self.ev(node.args[0])])  # P(x + y)
        if type(fn) is not E.Symbol:  # `f_i(x_i)` at a pinned i: the i-th of a family of functions
            raise Unsupported("a function picked from a family by an index (f_i(x))")
        args = [self.concrete(a, "the argument of ", fn) for a in node.args]
        base = E.rebuilt(fn, prime=0) if fn.prime else fn  # f itself, when it is no derivative
        if fn.prime == 1 and len(node.args) == 1:  # `C'(a)` after `C(a) = ½(y - a)²`
            defined = self.definition_head(E.Apply(base, node.args), at_its_arguments=True)
            if defined is not None:
                return self.defined_derivative(fn, defined, node.args[0])
        if fn.prime and base in self.defs and base not in self.active:
            raise Unsupported(f"the derivative {label(fn)} of a defined function")
        if not args:
            raise Unsupported(f"{label(fn)}() without arguments")
        v = np.concatenate([a.v.reshape(-1, order="F") for a in args])
        dv = None
        if any(a.t is not None for a in args):
            dv = np.concatenate([vec_batch(a.t) if a.t is not None else np.zeros((self.k, a.v.size)) for a in args], axis=1)
        out = self.draw.shapes.get(base, (1, 1))
        f = self.draw.function(base, v.size, out)
        if fn.prime == 0:
            value, jac = f.value(v), (f.jacobian(v) if dv is not None else None)
        elif fn.prime == 1 and v.size == 1:
            value = f.jacobian(v)[:, 0]
            jac = f.hessian(v)[:, :, 0] if dv is not None else None
        else:
            raise Unsupported(f"the derivative {label(fn)} of a function of several variables")
        t = None if jac is None else unvec_batch(dv @ jac.T, *out)
        return Jet(unvec_batch(value, *out), t)

    def defined_derivative(self, fn: E.Symbol, head: E.Apply, arg: E.Expr) -> Jet:
        """`f'(a)` for a note's `f(x) = body`: the derivative of the body by x at a (the
        derivative evaluator's; this one evaluates no derivative)."""
        raise Unsupported(f"the derivative {label(fn)} of a defined function")

    def applied_elsewhere(self, fn: E.Symbol, args: tuple[E.Expr, ...]) -> bool:
        """Whether `f(x)` applies a function the note only knows as some function of another
        argument (`∂f/∂x_i` made f mean f(x_i)): then it is that function at x, not its value
        at x_i (which a section that writes only the bold x has no value for)."""
        body = self.defs[fn]
        return isinstance(body, E.Apply) and body.fn == fn and body.args != args

    def juxtaposed(self, fn: E.Symbol, args: tuple[E.Expr, ...]) -> bool:
        """Whether `h_1(c ⊙ s)` is the defined value h_1 times (c ⊙ s), not h_1 applied:
        true when h_1's definition does not involve what is in the parentheses
        (`f(W)` after `f = cᵀσ(XWb)` does involve W, so it is f itself)."""
        body = self.defs[fn]
        if isinstance(body, E.Apply) and body.fn == fn:
            return False
        inside = [n for a in args for n in E.walk(a) if isinstance(n, E.Symbol)]
        return not inside or not all(depends_on(body, s, self.defs) for s in inside)

    def definition_head(self, node: E.Apply, at_its_arguments: bool = False) -> E.Apply | None:
        """The key `f(x)` of a definition `f(x) = ...` that `f(a)` can be applied through;
        unless `at_its_arguments`, not for `f(x)` itself, which is the defined value (whose
        body may read x's entries, `f(A) = \\frac{3}{2} A_{11} + …`, bound to no argument).
        Not for an argument the body reads besides its parameters: `f(w)` after `f(x) = w^Tx`
        names the model by its weights, and w put in for x would be another function."""
        for key in self.defs:
            if (isinstance(key, E.Apply) and key.fn == node.fn and len(key.args) == len(node.args)
                    and key not in self.active and all(isinstance(p, E.Symbol) for p in key.args)
                    and (at_its_arguments or key.args != node.args)):
                read = {n for n in E.walk(self.defs[key]) if type(n) is E.Symbol}.difference(key.args)
                if any(type(n) is E.Symbol and n in read for arg in node.args for n in E.walk(arg)):
                    return None
                return key
        return None

    def applied(self, head: E.Apply, args: tuple[E.Expr, ...]) -> Jet:
        """`f(a)` for a note's `f(x) = body`: the body with x bound to the value of a. The
        arguments keep their true tangents (the body may take a differential of x); should
        one fail, the rest of the evaluation keeps them too, which is only slower."""
        values_only, self.values_only = self.values_only, False
        values = [self.concrete(a, "the argument of ", head.fn) for a in args]
        self.values_only = values_only
        saved = self.parameters, self.frame
        self.applications += 1
        self.parameters, self.frame = {**saved[0], **dict(zip(head.args, values))}, self.applications
        self.active.add(head)
        try:
            return self.concrete(self.defs[head], "the definition of ", head.fn)
        finally:
            self.active.discard(head)
            self.parameters, self.frame = saved

    def _Matrix(self, node: E.Matrix):
        cells = [[self.concrete(c, "an explicit matrix") for c in row] for row in node.rows]
        try:
            value = np.block([[c.v for c in row] for row in cells])
        except ValueError as err:
            raise ShapeMismatch("blocks of an explicit matrix do not fit") from err
        if all(c.t is None for row in cells for c in row):
            return Jet(value)
        tangent = np.block([[c.t if c.t is not None else np.zeros((self.k,) + c.v.shape) for c in row] for row in cells])
        return Jet(value, tangent)

    def _Sum(self, node: E.Sum):
        if not node.index:
            raise Unsupported("a sum without its index")
        names = [n.strip() for n in node.index.split(",") if n.strip()]
        ranges = [range(sum_bound(self, node.lower, name, 1), sum_upper_bound(self, node, name) + 1) for name in names]
        if math.prod(max(0, r.stop - r.start) for r in ranges) > MAX_SUM_TERMS:  # len() overflows past 2⁶³
            raise Unsupported("a sum with too many terms")
        if node.but:  # `\\sum_{k \\neq j}`: the value j has here is left out
            if node.but not in self.env:
                raise Unsupported(f"a sum over every {names[0]} but {node.but}, with {node.but} unknown")
            ranges = [[v for v in ranges[0] if v != self.env[node.but]]]
        saved = dict(self.env)
        body = node.body
        first = value = tangent = None  # the running total's value and tangent, made a Jet once at the end
        try:
            for values in cartesian(*ranges):
                self.env.update(zip(names, values))  # not a local: a sum in the body leaves a copy in self.env
                term = self.ev(body)  # `concrete`, without its frame at each of 10,000 terms per hundred notes
                if isinstance(term, Lazy):
                    raise unknown_size(term, "a sum")
                if first is None:
                    first, value, tangent = term, term.v, term.t
                else:
                    value = value + term.v
                    if term.t is not None:
                        tangent = term.t if tangent is None else tangent + term.t
        finally:
            self.env = saved
        if first is None:
            return Lazy(ZERO)
        return first if value is first.v else Jet(value, tangent)

    # ------------------------------------------------------------ calculus

    def _Differential(self, node: E.Differential):
        if self.k != 1:
            raise Unsupported("a differential inside a derivative")
        self.differentials += 1
        try:
            out = self.ev(node.arg)
        finally:
            self.differentials -= 1
        if isinstance(out, Lazy):
            return Lazy(ZERO)
        if out.t is None:
            return Jet(np.zeros_like(out.v))
        second = self.second_differential(node.arg) if self.differentials else None
        return Jet(out.t[0], second)

    def second_differential(self, arg: E.Expr) -> np.ndarray:
        """d(d arg) along the same dX (with d²X = 0), needed only inside another
        differential (`d(df)`): a central difference of exact first differentials."""
        if any(s not in self.draw.values for s in self.tangents):
            raise Unsupported("a second differential along a defined intermediate")
        scale = max(1.0, max(float(np.abs(self.draw.values[s]).max()) for s in self.tangents))
        h = SECOND_ORDER_STEP * scale

        def first(sign: float) -> np.ndarray:
            moved = self.draw.with_values({s: self.draw.values[s] + sign * h * t[0] for s, t in self.tangents.items()})
            inner = type(self)(moved, self.defs, self.tangents, 1, self.layout, self.functions)
            inner.env = dict(self.env)
            out = inner.concrete(arg, "a second differential")
            return np.zeros_like(out.v) if out.t is None else out.t[0]

        return ((first(1.0) - first(-1.0)) / (2 * h))[None]

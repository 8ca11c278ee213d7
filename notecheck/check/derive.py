"""Symbolic gradients by reverse mode over the expression tree.

When a note's derivative claim fails, the reader needs the right answer, in the notation
of matrix calculus, not a table of numbers. This module derives it the way the notes do,
read backwards: each node passes its adjoint (the gradient of f with respect to the node,
in denominator layout: same shape as the node) down to its children, `Y = AB` giving
`Ā += Ȳ Bᵀ` and `B̄ += Aᵀ Ȳ`, `Y = σ(A)` giving `Ā += Ȳ ⊙ σ'(A)`, and so on.
The result is simplified and, before anyone sees it, compared with the numeric gradient
(`verified_gradient`).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Callable

from notecheck.latex.expr import (
    Add,
    Apply,
    Bars,
    Derivative,
    Div,
    Dot,
    Expr,
    Func,
    Hadamard,
    Identity,
    Inner,
    Inverse,
    Kron,
    Mul,
    Neg,
    Norm,
    Number,
    Ones,
    Power,
    Sum,
    Symbol,
    Transpose,
    Zero,
    children,
    map_children,
    walk,
)
from notecheck.check.numeric.errors import Unsupported  # one exception type for the checker to catch
from notecheck.latex import ONE, Shapes, is_zero, simplify, tree_depth, unknown_dim


MAX_DEPTH = 150


def _num(value) -> Number:
    return Number(Fraction(value))


def _mul(*factors: Expr) -> Expr:
    kept = tuple(f for f in factors if f != ONE)
    if not kept:
        return ONE
    return kept[0] if len(kept) == 1 else Mul(kept)


def _transpose(node: Expr) -> Expr:
    return node.arg if isinstance(node, Transpose) else Transpose(node)


class _Reverse:
    """One reverse pass: adjoints flow from f to the leaves; those reaching `wrt` are kept."""

    def __init__(self, wrt: Symbol, defs: dict, shapes: Shapes, properties):
        self.wrt = wrt
        self.defs = defs
        self.shapes = shapes
        self.properties = properties
        self._depends: dict[int, tuple[Expr, bool]] = {}

    # ---- bookkeeping

    def shape(self, node: Expr):
        shape = self.shapes.of(node)
        if not isinstance(shape, tuple):
            raise Unsupported(f"unknown shape of a subexpression ({type(node).__name__})")
        return shape

    def scalar(self, node: Expr) -> bool:
        return self.shape(node) == (1, 1)

    def depends(self, node: Expr) -> bool:
        hit = self._depends.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        if node == self.wrt:
            answer = True
        elif isinstance(node, Symbol):
            answer = node in self.defs and self.depends(self.defs[node])
        else:
            answer = any(self.depends(c) for c in children(node))
        self._depends[id(node)] = (node, answer)
        return answer

    def inner(self, a: Expr, b: Expr) -> Expr:
        """<a, b> written as a person would: `a^T b` for vectors, `tr(A^T B)` else."""
        if self.scalar(a) or self.scalar(b):
            return _mul(a, b)
        if self.shape(a)[1] == 1:
            return Mul((_transpose(a), b))
        if self.shape(a)[0] == 1:
            return Mul((a, _transpose(b)))
        return Func("tr", (Mul((_transpose(a), b)),))

    def total(self, adjoint: Expr) -> Expr:
        """The adjoint of a scalar broadcast into a matrix sum: the sum of all entries."""
        rows, cols = self.shape(adjoint)
        out = adjoint
        if rows != 1:
            out = Mul((Transpose(self.shapes.pin(Ones(), (rows, 1))), out))
        if cols != 1:
            out = Mul((out, self.shapes.pin(Ones(), (cols, 1))))
        return out

    # ---- the pass

    def run(self, f: Expr, seed: Expr) -> list[Expr]:
        """Gradient terms of `f` with adjoint `seed`, through the definitions."""
        found: list[Expr] = []
        pending: dict[Symbol, list[Expr]] = {}
        self.visit(f, seed, found, pending, 0)
        for sym in self.definition_order(f):
            adjoints = pending.pop(sym, [])
            if adjoints:
                adjoint = simplify(Add(tuple(adjoints)), properties=self.properties, shapes=self.shapes)
                self.visit(self.defs[sym], adjoint, found, pending, 0)
        return found

    def definition_order(self, f: Expr) -> list[Symbol]:
        """Defined symbols reachable from f, users before what they use."""
        order: list[Symbol] = []
        self.order_from(f, 0, {}, order)
        return list(reversed(order))

    def order_from(self, node: Expr, depth: int, state: dict[Symbol, int], order: list[Symbol]) -> None:
        """Appends to `order` the definitions `node` reaches, each after what it uses
        (`state`: 1 while a definition is being visited, 2 once done). A method, not a
        nested function: one that calls itself is a cycle that holds the derivation."""
        if depth > MAX_DEPTH:
            raise Unsupported("definitions nested too deeply")
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, Symbol) and current in self.defs and current != self.wrt:
                if state.get(current) == 1:
                    raise Unsupported(f"{current.name} is defined in terms of itself")
                if current not in state:
                    state[current] = 1
                    self.order_from(self.defs[current], depth + 1, state, order)
                    state[current] = 2
                    order.append(current)
            stack.extend(children(current))

    def visit(self, node: Expr, adj: Expr, found: list, pending: dict, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise Unsupported("expression nested too deeply")
        if is_zero(adj) or not self.depends(node):
            return
        if node == self.wrt:
            found.append(adj)
            return
        if isinstance(node, Symbol):
            pending.setdefault(node, []).append(adj)
            return
        rule = getattr(self, "d_" + type(node).__name__, None)
        if rule is None:
            raise Unsupported(f"no derivative rule for {type(node).__name__}")
        for child, child_adj in rule(node, adj):
            if self.depends(child):
                self.visit(child, child_adj, found, pending, depth + 1)

    # ---- rules: each yields (child, adjoint of child)

    def d_Add(self, node: Add, adj: Expr):
        big = not self.scalar(node)
        for term in node.terms:
            yield term, self.total(adj) if big and self.scalar(term) else adj

    def d_Neg(self, node: Neg, adj: Expr):
        yield node.arg, Neg(adj)

    def d_Transpose(self, node: Transpose, adj: Expr):
        yield node.arg, _transpose(adj)

    def d_Mul(self, node: Mul, adj: Expr):
        scalars, chain = self.split_product(list(node.factors))
        for i, s in enumerate(scalars):
            if not self.depends(s):
                continue
            others = scalars[:i] + scalars[i + 1 :] + chain
            rest = _mul(*others)
            yield s, self.inner(adj, rest) if not self.scalar(node) else _mul(adj, rest)
        for i, m in enumerate(chain):
            if not self.depends(m):
                continue
            left = [_transpose(f) for f in reversed(chain[:i])]
            right = [_transpose(f) for f in reversed(chain[i + 1 :])]
            yield m, _mul(*scalars, *left, adj, *right)

    def split_product(self, factors: list[Expr]) -> tuple[list[Expr], list[Expr]]:
        """Scaling factors and the matrix chain of a juxtaposition; a 1x1 run inside the
        chain that cannot multiply what follows (`a^T b c`) becomes a scaling factor."""
        scalars: list[Expr] = []
        chain: list[Expr] = []
        for factor in factors:
            if self.scalar(factor):
                scalars.append(factor)
                continue
            if chain:
                running = self.shape(Mul(tuple(chain))) if len(chain) > 1 else self.shape(chain[0])
                if running == (1, 1) and self.shape(factor)[0] != 1:
                    scalars.append(Mul(tuple(chain)) if len(chain) > 1 else chain[0])
                    chain = []
            chain.append(factor)
        return scalars, chain

    def d_Dot(self, node: Dot, adj: Expr):
        left, right = self.shape(node.left), self.shape(node.right)
        if left == right and 1 in left:
            yield node.left, _mul(adj, node.right)
            yield node.right, _mul(adj, node.left)
        else:
            yield from self.d_Mul(Mul((node.left, node.right)), adj)

    def d_Inner(self, node: Inner, adj: Expr):
        yield node.left, _mul(adj, node.right)
        yield node.right, _mul(adj, node.left)

    def d_Hadamard(self, node: Hadamard, adj: Expr):
        factors = list(node.factors)
        for i, factor in enumerate(factors):
            others = factors[:i] + factors[i + 1 :]
            rest = others[0] if len(others) == 1 else Hadamard(tuple(others))
            if self.scalar(factor) and not self.scalar(node):
                yield factor, self.inner(adj, rest)
            else:
                yield factor, Hadamard((adj, rest))

    def d_Div(self, node: Div, adj: Expr):
        if not self.scalar(node.den):
            raise Unsupported("division by a matrix")
        yield node.num, Div(adj, node.den)
        yield node.den, Neg(Div(self.inner(adj, node.num), Power(node.den, _num(2))))

    def d_Power(self, node: Power, adj: Expr):
        if self.depends(node.exp):
            raise Unsupported("a variable in an exponent")
        if not isinstance(node.exp, Number):
            raise Unsupported("a symbolic exponent")
        e = node.exp.value
        base = node.base
        if not self.scalar(base):
            if e.denominator == 1 and 1 < e <= 4:
                yield from self.d_Mul(Mul((base,) * int(e)), adj)
                return
            raise Unsupported("a matrix power")
        if isinstance(base, Norm) and e == 2 and self.norm_is_euclidean(base):
            yield base.arg, _mul(_num(2), adj, base.arg)
            return
        lowered = base if e == 2 else Power(base, Number(e - 1))
        yield base, _mul(Number(e), adj, lowered)

    def norm_is_euclidean(self, node: Norm) -> bool:
        if node.kind in (None, "F", "2", "fro"):
            return node.kind != "2" or self.shape(node.arg)[1] == 1
        return False

    def d_Norm(self, node: Norm, adj: Expr):
        if not self.norm_is_euclidean(node):
            raise Unsupported(f"the {node.kind}-norm")
        yield node.arg, Div(_mul(adj, node.arg), node)

    def d_Inverse(self, node: Inverse, adj: Expr):
        inv_t = Inverse(Transpose(node.arg))
        yield node.arg, Neg(_mul(inv_t, adj, inv_t))

    def d_Bars(self, node: Bars, adj: Expr):
        if self.scalar(node.arg):
            yield node.arg, Div(_mul(adj, node.arg), node)
        else:
            yield node.arg, _mul(adj, node, Inverse(Transpose(node.arg)))

    def d_Kron(self, node: Kron, adj: Expr):
        if len(node.factors) != 2:
            yield from self.d_Kron(Kron((Kron(node.factors[:-1]), node.factors[-1])), adj)
            return
        a, b = node.factors
        if isinstance(adj, Kron) and len(adj.factors) == 2:
            p, q = adj.factors
            yield a, _mul(self.inner(q, b), p)
            yield b, _mul(self.inner(p, a), q)
        elif isinstance(adj, Identity) or (isinstance(adj, Mul) and any(isinstance(f, Identity) for f in adj.factors)):
            scale = [f for f in (adj.factors if isinstance(adj, Mul) else ()) if not isinstance(f, Identity)]
            yield a, _mul(*scale, Func("tr", (b,)), Identity())
            yield b, _mul(*scale, Func("tr", (a,)), Identity())
        else:
            raise Unsupported("the adjoint of a Kronecker factor in general position")

    def d_Apply(self, node: Apply, adj: Expr):
        """An abstract `f(Y)`: its adjoint is the symbolic `∂f/∂Y`, the way the notes
        write the chain rule (`∂f/∂X = A^T (∂f/∂Y) B^T` for `Y = AXB`)."""
        if len(node.args) != 1 or not isinstance(node.args[0], Symbol):
            raise Unsupported("an abstract function of anything but one named variable")
        if self.shapes.of(node) not in (None, (1, 1)):  # unknown: the f of a gradient is a scalar
            raise Unsupported("an abstract function that is not scalar")
        (arg,) = node.args
        yield arg, _mul(adj, Derivative(node.fn, arg))

    def d_Sum(self, node: Sum, adj: Expr):
        inner = _Reverse(self.wrt, self.defs, self.shapes, self.properties)
        terms = inner.run(node.body, adj)
        if terms:
            body = terms[0] if len(terms) == 1 else Add(tuple(terms))
            if self.indexed_by(node.index):
                yield self.wrt, body  # ∂/∂a_{2,i} picks the i-th term of the sum
            else:
                yield self.wrt, Sum(body, node.index, node.lower, node.upper, but=node.but)

    def indexed_by(self, index: str | None) -> bool:
        """Whether the variable is a member of a family over the sum's index (`a_{2,i}`)."""
        if not index or not self.wrt.sub:
            return False
        bound = {part.strip() for part in index.split(",")}
        return bool(bound & set(re.findall(r"[A-Za-z]+", self.wrt.sub)))

    def d_Func(self, node: Func, adj: Expr):
        if node.prime:
            raise Unsupported(f"the derivative of {node.name}'")
        if len(node.args) != 1:
            raise Unsupported(f"{node.name} with {len(node.args)} arguments")
        (arg,) = node.args
        rule = getattr(self, "f_" + node.name, None)
        if rule is None:
            raise Unsupported(f"the function {node.name}")
        yield from rule(node, arg, adj)

    def f_tr(self, node, arg, adj):
        yield arg, _mul(adj, Identity())

    def f_det(self, node, arg, adj):
        yield arg, _mul(adj, node, Inverse(Transpose(arg)))

    def f_logdet(self, node, arg, adj):
        yield arg, _mul(adj, Inverse(Transpose(arg)))

    def f_adj(self, node, arg, adj):
        # adj(A) = det(A) A^{-1}: differentiate that product instead
        yield from self.d_Mul(Mul((Func("det", (arg,)), Inverse(arg))), adj)

    def f_log(self, node, arg, adj):
        if isinstance(arg, Bars) and not self.scalar(arg.arg):
            yield arg.arg, _mul(adj, Inverse(Transpose(arg.arg)))
        elif isinstance(arg, Func) and arg.name == "det" and arg.args:
            yield arg.args[0], _mul(adj, Inverse(Transpose(arg.args[0])))
        elif isinstance(arg, Func) and arg.name == "softmax" and len(arg.args) == 1 and not arg.prime:
            z = arg.args[0]
            yield z, Add((adj, Neg(_mul(arg, self.total(adj)))))
        elif isinstance(arg, Func) and arg.name == "exp" and len(arg.args) == 1 and not arg.prime:
            yield arg.args[0], adj  # log(exp(z)) = z
        elif isinstance(arg, Func) and arg.name == "sigma" and len(arg.args) == 1 and not arg.prime:
            z = arg.args[0]  # d log σ(z) = (1 - σ(z)) dz
            yield z, self.elementwise(adj, Add((ONE, Neg(arg))))
        elif self.is_one_minus_sigmoid(arg):
            z = arg.terms[1].arg.args[0]  # d log(1 - σ(z)) = -σ(z) dz
            yield z, Neg(self.elementwise(adj, arg.terms[1].arg))
        elif self.scalar(arg):
            yield arg, Div(adj, arg)
        else:
            yield arg, Hadamard((adj, Func("log", (arg,), prime=1)))  # log'(A) = 1/A entrywise

    @staticmethod
    def is_one_minus_sigmoid(node: Expr) -> bool:
        if not (isinstance(node, Add) and len(node.terms) == 2 and node.terms[0] == ONE):
            return False
        second = node.terms[1]
        return isinstance(second, Neg) and isinstance(second.arg, Func) and second.arg.name == "sigma" and not second.arg.prime

    def f_exp(self, node, arg, adj):
        yield arg, self.elementwise(adj, node)

    def f_sin(self, node, arg, adj):
        yield arg, self.elementwise(adj, Func("cos", (arg,)))

    def f_cos(self, node, arg, adj):
        yield arg, Neg(self.elementwise(adj, Func("sin", (arg,))))

    def f_tanh(self, node, arg, adj):
        square = _mul(node, node) if self.scalar(arg) else Hadamard((node, node))
        yield arg, self.elementwise(adj, Add((ONE, Neg(square))))

    def f_sigma(self, node, arg, adj):
        yield arg, self.elementwise(adj, Func("sigma", (arg,), prime=1))

    def f_sqrt(self, node, arg, adj):
        if not self.scalar(arg):
            raise Unsupported("elementwise square root of a matrix")
        yield arg, Div(adj, _mul(_num(2), node))

    def f_softmax(self, node, arg, adj):
        yield arg, Add((Hadamard((node, adj)), Neg(_mul(node, self.inner(node, adj)))))

    def f_lse(self, node, arg, adj):
        yield arg, _mul(adj, Func("softmax", (arg,)))

    f_logsumexp = f_lse

    def f_diag(self, node, arg, adj):
        yield arg, Func("diag", (adj,))

    def f_vec(self, node, arg, adj):
        yield arg, unvec(simplify(adj, properties=self.properties, shapes=self.shapes))

    def elementwise(self, adj: Expr, derivative: Expr) -> Expr:
        if self.scalar(derivative) or self.scalar(adj):
            return _mul(adj, derivative)
        return Hadamard((adj, derivative))


def unvec(v: Expr) -> Expr:
    """The matrix whose vec is `v`, for the forms reverse mode produces:
    `vec(Z)`, `(P ⊗ Q) w` (= `Q unvec(w) P^T`), sums, negations and scalings."""
    if isinstance(v, Func) and v.name == "vec" and len(v.args) == 1:
        return v.args[0]
    if isinstance(v, Add):
        return Add(tuple(unvec(t) for t in v.terms))
    if isinstance(v, Neg):
        return Neg(unvec(v.arg))
    if isinstance(v, Mul) and len(v.factors) >= 2:
        head, rest = v.factors[0], v.factors[1:]
        tail = rest[0] if len(rest) == 1 else Mul(rest)
        if isinstance(head, Number):
            return Mul((head, unvec(tail)))
        if isinstance(head, Transpose) and isinstance(head.arg, Kron):
            head = Kron(tuple(_transpose(f) for f in head.arg.factors))
        if isinstance(head, Kron) and len(head.factors) == 2:
            p, q = head.factors
            return Mul((q, unvec(tail), _transpose(p)))
    raise Unsupported("the matrix behind a vec adjoint")


def gradient(
    f: Expr,
    wrt: Symbol,
    defs: dict | None = None,
    shape_of: Callable | None = None,
    properties=None,
    expand: bool | str = "auto",
    layout: str = "denominator",
) -> Expr:
    """The gradient of the scalar `f` with respect to `wrt`, simplified: in denominator
    layout (the shape of `wrt`), or with `layout="numerator"` its transpose, simplified
    as such (`x(s - y)^T`, not `((s - y)x^T)^T`).

    `defs` are the note's intermediate definitions (`z = XWb`); `wrt` may be one of them
    (`∂l/∂a_1`), and is then the variable. `expand=True` writes the result without them
    (`σ'(XWb)`, not `σ'(z)`), the way notes state final answers; `"auto"` expands short
    definitions and keeps the names of long ones (`S` for `\\frac{1}{N}\\sum_i ...`) and
    of layered ones (`a_1`, `h_1`, `a_2` of a network).
    `shape_of(node) -> (rows, cols)` or a `Shape`; `properties` a dict or a callable
    from a symbol to its properties ('symmetric', 'onehot', ...).

    Raises `Unsupported(reason)` for a construct it has no rule for; returns `Zero()`
    when f does not depend on `wrt`.
    """
    defs = {k: v for k, v in (defs or {}).items() if k != wrt}
    if any(tree_depth(e) > MAX_DEPTH for e in (f, *defs.values())):
        raise Unsupported("expression nested too deeply")
    if isinstance(f, Symbol) and f != wrt and f not in defs:
        raise Unsupported(f"{f.name} is not defined in the note")
    shapes = Shapes(shape_of, defs)
    pass_ = _Reverse(wrt, defs, shapes, properties)
    shape = shapes.of(f)
    if shape is not None and any(d != 1 and not unknown_dim(d) for d in shape):
        raise Unsupported("the function is not a scalar")
    terms = pass_.run(f, ONE)
    if not terms:
        return Zero()
    raw = terms[0] if len(terms) == 1 else Add(tuple(terms))
    if expand and defs:
        raw = substitute(raw, defs if expand is True else _worth_expanding(pass_.definition_order(f), defs))
    if layout == "numerator":
        raw = Transpose(raw)
    result = simplify(raw, properties=properties, shapes=shapes)
    if is_zero(result):
        return Zero()
    return result


SHORT_DEFINITION = 8  # nodes; a longer definition keeps its name in a derived result


def _worth_expanding(used: list[Symbol], defs: dict) -> dict:
    """The definitions a derived result reads better without: short ones (`z = XWb`,
    `Y = σ(WX)`), unless the note builds layers of them (`a_1 = W_1x`, `h_1 = σ(a_1)`,
    `a_2 = W_2h_1`), whose names the author then uses in every answer."""
    layered = any(other in used for sym in used for other in walk(defs[sym]) if isinstance(other, Symbol))
    if layered:
        return {}
    return {sym: defs[sym] for sym in used if _short(defs[sym])}


def _short(definition: Expr) -> bool:
    nodes = list(walk(definition))
    return len(nodes) <= SHORT_DEFINITION and not any(isinstance(n, Sum) for n in nodes)


def substitute(node: Expr, defs: dict) -> Expr:
    """`node` with every defined symbol replaced by its definition, recursively."""
    return _substitute(node, defs, 0)


def _substitute(node: Expr, defs: dict, depth: int) -> Expr:
    if depth > MAX_DEPTH:
        raise Unsupported("definitions nested too deeply")
    if isinstance(node, Symbol):
        return _substitute(defs[node], defs, depth + 1) if node in defs else node
    if isinstance(node, Derivative) or not children(node):  # ∂f/∂Y names Y; keep it
        return node
    return map_children(node, lambda child: _substitute(child, defs, depth + 1))


def verified_gradient(
    f: Expr,
    wrt: Symbol,
    defs: dict | None = None,
    shape_of: Callable | None = None,
    properties=None,
    draws=(),
    functions: dict | None = None,
    expand: bool | str = "auto",
    rtol: float = 1e-6,
) -> Expr | None:  # denominator layout: the numeric gradient's
    """`gradient(...)`, shown only if it equals the exact numeric gradient on every draw.

    `draws` are the checker's `numeric.Draw` worlds. Returns None when the two disagree
    on a draw that could be evaluated (a bug in the deriver: the checker reports NC901
    rather than show a wrong answer). Raises `Unsupported` when there is no symbolic
    result, or when no draw could evaluate it, so nothing unchecked is ever returned.
    """
    from notecheck.check.numeric.compare import close
    from notecheck.check.numeric.errors import IllConditioned
    from notecheck.check.numeric.evaluate import evaluate
    from notecheck.check.numeric.evaluate import gradient as numeric_gradient

    symbolic = gradient(f, wrt, defs, shape_of, properties, expand)
    compared = 0
    for world in draws:
        try:
            truth = numeric_gradient(f, wrt, world, defs, functions)
            value = evaluate(symbolic, world, defs, functions=functions, shape=truth.shape).value
        except IllConditioned:
            continue
        if not close(truth, value, rtol=rtol):
            return None
        compared += 1
    if not compared:
        raise Unsupported("no draw could evaluate the derived gradient")
    return symbolic

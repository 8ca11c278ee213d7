"""Make a derived expression read like a careful author wrote it.

The reverse-mode pass (`notecheck.check.derive`) produces correct but clumsy trees:
`((x^T A^T)^T)`, `1 \\cdot Y B^T`, `MY + M^TY`. The rewrites here are the ones a person
does on paper: push transposes inward, drop identities, ones and zeros, fold numbers,
collect like terms, pull a common factor out of a sum, use declared symmetry. Every rewrite
is an identity, so the result still equals the input numerically; the checker verifies
that anyway before showing it.

Shapes decide what a node means (a 1x1 factor scales, a transpose of a scalar is the
scalar), so the simplifier takes the same `shape_of` callable the deriver does.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

from notecheck.latex.tree_shapes import Shapes, unknown_dim
from notecheck.latex.expr import (
    Add,
    Bars,
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
)

MAX_DEPTH = 150  # trees deeper than this are returned as they are


# ---------------------------------------------------------------- helpers


ONE = Number(Fraction(1))
ZERO = Number(Fraction(0))


def is_zero(node: Expr) -> bool:
    return isinstance(node, Zero) or (isinstance(node, Number) and node.value == 0)


def tree_depth(node: Expr) -> int:
    """How deep the tree goes, counted without recursion (stops early past MAX_DEPTH)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                return deepest
        stack.extend((c, depth + 1) for c in children(current))
    return deepest


def _properties_lookup(properties) -> Callable[[Symbol], frozenset]:
    if properties is None:
        return lambda sym: frozenset()
    if callable(properties):
        return lambda sym: frozenset(properties(sym) or ())
    return lambda sym: frozenset(properties.get(sym, ()))


def scaled(coef: Fraction, body: Expr | None) -> Expr:
    """`coef * body` written the way a person would: `-Y`, `2MY`, `\\frac{1}{2}x`."""
    if body is None:
        return Number(coef) if coef >= 0 else Neg(Number(-coef))
    if coef == 0:
        return ZERO
    magnitude = abs(coef)
    if magnitude == 1:
        out = body
    elif isinstance(body, Mul):
        out = Mul((Number(magnitude),) + body.factors)
    else:
        out = Mul((Number(magnitude), body))
    return Neg(out) if coef < 0 else out


def split_coefficient(term: Expr) -> tuple[Fraction, Expr | None]:
    """A term as (number, the rest): `-2MY` is (-2, MY), `3` is (3, None)."""
    sign = Fraction(1)
    while isinstance(term, Neg):
        sign, term = -sign, term.arg
    if isinstance(term, Number):
        return sign * term.value, None
    if isinstance(term, Mul):
        coef, rest = sign, []
        for factor in term.factors:
            if isinstance(factor, Number):
                coef *= factor.value
            else:
                rest.append(factor)
        if not rest:
            return coef, None
        return coef, rest[0] if len(rest) == 1 else Mul(tuple(rest))
    return sign, term


# ---------------------------------------------------------------- the rewrites


class _Simplifier:
    def __init__(self, shapes: Shapes, properties):
        self.shapes = shapes
        self.props = _properties_lookup(properties)
        self._checking: set[Symbol] = set()
        self._symmetry: dict[int, tuple[Expr, bool]] = {}

    def symmetric(self, node: Expr) -> bool:
        if isinstance(node, Symbol):
            if {"symmetric", "spd", "diagonal"} & self.props(node):
                return True
            return self.symmetric_by_definition(node)
        if isinstance(node, Identity):
            return True
        if isinstance(node, Func) and node.name == "diag" and node.args:
            return self.shapes.is_vector(node.args[0])
        if isinstance(node, Inverse):
            return self.symmetric(node.arg)
        if isinstance(node, (Mul, Add)):
            return self.symmetric_by_structure(node)
        return False

    def symmetric_by_structure(self, node: Expr) -> bool:
        """`X^TX`, `A + A^T`, `a a^T`: a product or sum that is its own transpose."""
        hit = self._symmetry.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        self._symmetry[id(node)] = (node, False)  # while deciding, assume not (no cycles)
        shape = self.shapes.of(node)
        answer = (
            shape is not None
            and shape[0] == shape[1]
            and not unknown_dim(shape[0])
            and self.rule_Transpose(Transpose(node)) == node
        )
        self._symmetry[id(node)] = (node, answer)
        return answer

    def symmetric_by_definition(self, sym: Symbol) -> bool:
        """A defined symbol whose definition is its own transpose (`S = \\frac{1}{N}\\sum_i
        a_i a_i^T`) is symmetric without being declared so."""
        definition = self.shapes.definition(sym)
        if definition is None or sym in self._checking:
            return False
        self._checking.add(sym)
        try:
            definition = self.visit(definition)
            return self.rule_Transpose(Transpose(definition)) == definition
        finally:
            self._checking.discard(sym)

    def onehot(self, node: Expr) -> bool:
        """Declared one-hot; a family member `y_i` inherits the declaration of `y`."""
        if not isinstance(node, Symbol):
            return False
        family = Symbol(node.name, node.font, None, node.accent, node.prime)
        return "onehot" in self.props(node) or (node.sub is not None and "onehot" in self.props(family))

    def run(self, node: Expr) -> Expr:
        for _ in range(8):
            new = self.visit(node)
            if new == node:
                return new
            node = new
        return node

    def visit(self, node: Expr) -> Expr:
        kids = children(node)
        if kids:
            node = self.rebuild(node)
        method = getattr(self, "rule_" + type(node).__name__, None)
        return method(node) if method else node

    def rebuild(self, node: Expr) -> Expr:
        if isinstance(node, (Add,)):
            return Add(tuple(self.visit(t) for t in node.terms))
        if isinstance(node, (Mul, Hadamard, Kron)):
            return type(node)(tuple(self.visit(f) for f in node.factors))
        if isinstance(node, Inverse) and isinstance(node.arg, Transpose):
            return Inverse(self.light_transpose(self.visit(node.arg.arg)))  # (AXB)^{-T}, not (B^TX^TA^T)^{-1}
        if isinstance(node, (Neg, Transpose, Inverse, Bars)):
            return type(node)(self.visit(node.arg))
        if isinstance(node, Norm):
            return Norm(self.visit(node.arg), node.kind)
        if isinstance(node, Div):
            return Div(self.visit(node.num), self.visit(node.den))
        if isinstance(node, Dot):
            return Dot(self.visit(node.left), self.visit(node.right))
        if isinstance(node, Power):
            return Power(self.visit(node.base), self.visit(node.exp))
        if isinstance(node, Func):
            return Func(node.name, tuple(self.visit(a) for a in node.args), node.prime)
        if isinstance(node, Inner):
            return Inner(self.visit(node.left), self.visit(node.right), node.kind)
        if isinstance(node, Sum):
            return Sum(self.visit(node.body), node.index, node.lower, node.upper, but=node.but)
        return node

    # ---- sign and numbers

    def rule_Neg(self, node: Neg) -> Expr:
        arg = node.arg
        if isinstance(arg, Neg):
            return arg.arg
        if isinstance(arg, Number):
            return ZERO if arg.value == 0 else node
        if is_zero(arg):
            return arg
        return node

    def rule_Div(self, node: Div) -> Expr:
        num, den = node.num, node.den
        if isinstance(den, Number) and den.value == 1:
            return num
        if is_zero(num):
            return num
        if isinstance(num, Neg):
            return Neg(Div(num.arg, den))
        if isinstance(num, Number) and isinstance(den, Number) and den.value != 0:
            return Number(num.value / den.value)
        if num == den:
            return ONE
        if isinstance(num, Func) and num.name == "exp" and den == Mul((Transpose(Ones()), num)):
            return Func("softmax", num.args)  # exp(z) / 1^T exp(z)
        if isinstance(num, Mul) and den in num.factors and self.shapes.is_scalar(den):
            rest = list(num.factors)
            rest.remove(den)
            return rest[0] if len(rest) == 1 else Mul(tuple(rest)) if rest else ONE
        return node

    def rule_Power(self, node: Power) -> Expr:
        if isinstance(node.exp, Number):
            if node.exp.value == 1:
                return node.base
            if node.exp.value == 0:
                return ONE
            if isinstance(node.base, Number) and node.exp.value.denominator == 1:
                if node.base.value != 0 or node.exp.value > 0:
                    return Number(node.base.value ** int(node.exp.value))
        return node

    # ---- sums

    def rule_Add(self, node: Add) -> Expr:
        terms: list[Expr] = []
        for term in node.terms:
            terms.extend(term.terms if isinstance(term, Add) else (term,))
        order: list[Expr | None] = []
        coefs: dict = {}
        for term in terms:
            if is_zero(term):
                continue
            coef, body = split_coefficient(term)
            key = body if body is not None else "number"
            if key not in coefs:
                order.append(key)
                coefs[key] = Fraction(0)
            coefs[key] += coef
        kept = [(coefs[k], None if k == "number" else k) for k in order if coefs[k] != 0]
        if not kept:
            return ZERO
        kept.sort(key=lambda pair: pair[0] < 0)  # positive terms first: a - b, not -b + a
        out = [scaled(c, b) for c, b in kept]
        for i in range(len(out) - 1):  # A + A^T, not A^T + A
            if out[i] == Transpose(out[i + 1]):
                out[i], out[i + 1] = out[i + 1], out[i]
        if len(out) == 1:
            return out[0]
        return self.factor_common(out) or Add(tuple(out))

    def factor_common(self, terms: list[Expr]) -> Expr | None:
        """`x^TA + x^TA^T` -> `x^T(A + A^T)`, `Ax + A^Tx` -> `(A + A^T)x`: a matrix
        factor every term starts (or ends) with comes out of the sum."""
        chains = []
        for term in terms:
            coef, body = split_coefficient(term)
            factors = list(body.factors) if isinstance(body, Mul) else [body] if body is not None else []
            scalars = [f for f in factors if self.shapes.is_scalar(f)]
            matrices = [f for f in factors if not self.shapes.is_scalar(f)]
            if not matrices:
                return None
            chains.append((coef, scalars, matrices))
        for side in (0, -1):
            first = chains[0][2][side]
            if not all(c[side] == first and len(s) + len(c) >= 2 for _, s, c in chains):
                continue
            rests = []
            for coef, scalars, chain in chains:
                rest = scalars + (chain[1:] if side == 0 else chain[:-1])
                rests.append(scaled(coef, rest[0] if len(rest) == 1 else Mul(tuple(rest))))
            if len({self.shapes.is_scalar(r) for r in rests}) > 1:
                continue  # `Bu + u` is not `(B + 1)u`
            inner = self.rule_Add(Add(tuple(rests)))
            return Mul((first, inner)) if side == 0 else Mul((inner, first))
        return None

    # ---- products

    def rule_Mul(self, node: Mul) -> Expr:
        coef = Fraction(1)
        scalars: list[Expr] = []
        matrices: list[Expr] = []
        stack = list(node.factors)
        while stack:
            factor = stack.pop(0)
            while isinstance(factor, Neg):
                coef, factor = -coef, factor.arg
            if isinstance(factor, Number):
                coef *= factor.value
            elif is_zero(factor):
                return factor if not isinstance(factor, Zero) else factor
            elif isinstance(factor, Mul) and self.flattens(factor, bool(matrices or stack)):
                stack[0:0] = list(factor.factors)
            elif self.shapes.is_scalar(factor):
                scalars.append(factor)
            else:
                matrices.append(factor)
        if coef == 0:
            return ZERO
        scalars = self.powers(scalars)
        scalars, matrices = self.softmax_in_product(scalars, matrices)
        matrices = self.cancel_inverses(matrices)
        matrices = self.drop_identities(matrices)
        matrices = self.onehot_sums(matrices)
        factors = scalars + matrices
        if not factors:
            return Number(coef) if coef >= 0 else Neg(Number(-coef))
        body = factors[0] if len(factors) == 1 else Mul(tuple(factors))
        return scaled(coef, self.as_fraction(factors) or body)

    def as_fraction(self, factors: list[Expr]) -> Expr | None:
        """`\\frac{1}{s} a` reads better as `\\frac{a}{s}`."""
        reciprocal = [f for f in factors if isinstance(f, Div) and f.num == ONE]
        if len(reciprocal) != 1 or len(factors) != 2:
            return None
        rest = [f for f in factors if f is not reciprocal[0]]
        num = rest[0] if len(rest) == 1 else Mul(tuple(rest))
        return self.rule_Div(Div(num, reciprocal[0].den))

    def flattens(self, inner: Mul, has_neighbours: bool) -> bool:
        """A nested product joins its parent unless it is a scalar like `a^Tb` that
        scales its neighbours: `(a^Tb)c` must not become `a^T b c`."""
        if not has_neighbours or not self.shapes.is_scalar(inner):
            return True
        return all(self.shapes.is_scalar(f) for f in inner.factors)

    @staticmethod
    def powers(scalars: list[Expr]) -> list[Expr]:
        """`|X||X|` is `|X|^2`."""
        out: list[Expr] = []
        counts: dict[Expr, int] = {}
        for factor in scalars:
            counts[factor] = counts.get(factor, 0) + 1
        for factor in scalars:
            if factor in counts:
                k = counts.pop(factor)
                out.append(factor if k == 1 else Power(factor, Number(Fraction(k))))
        return out

    @staticmethod
    def softmax_in_product(scalars: list[Expr], matrices: list[Expr]) -> tuple[list[Expr], list[Expr]]:
        """`\\frac{1}{1^T\\exp(z)} W^T \\exp(z)` is `W^T softmax(z)`."""
        for s in scalars:
            if not (isinstance(s, Div) and s.num == ONE and isinstance(s.den, Mul) and len(s.den.factors) == 2):
                continue
            ones, e = s.den.factors
            if ones == Transpose(Ones()) and isinstance(e, Func) and e.name == "exp" and e in matrices:
                i = matrices.index(e)
                rest = list(scalars)
                rest.remove(s)
                return rest, matrices[:i] + [Func("softmax", e.args)] + matrices[i + 1 :]
        return scalars, matrices

    def cancel_inverses(self, matrices: list[Expr]) -> list[Expr]:
        """`X^{-1}X = XX^{-1} = I`, also transposed: `X^{-T}X^T = I`."""
        for i in range(len(matrices) - 1):
            a, b = matrices[i], matrices[i + 1]
            if (isinstance(a, Inverse) and a.arg == b) or (isinstance(b, Inverse) and b.arg == a):
                rest = matrices[:i] + matrices[i + 2 :]
                return self.cancel_inverses(rest) if rest else [Identity()]
        return matrices

    def drop_identities(self, matrices: list[Expr]) -> list[Expr]:
        if len(matrices) < 2:
            return matrices
        kept = [m for m in matrices if not isinstance(m, Identity)]
        return kept or matrices[:1]

    def onehot_sums(self, matrices: list[Expr]) -> list[Expr]:
        """`1^T y = y^T 1 = 1` for a one-hot y: the cross-entropy gradient needs it."""
        for i in range(len(matrices) - 1):
            a, b = matrices[i], matrices[i + 1]
            pair = (a.arg if isinstance(a, Transpose) else None, b)
            if (isinstance(pair[0], Ones) and self.onehot(b)) or (
                isinstance(b, Ones) and isinstance(a, Transpose) and self.onehot(a.arg)
            ):
                return matrices[:i] + matrices[i + 2 :]
        return matrices

    def rule_Dot(self, node: Dot) -> Expr:
        """`a \\cdot b` is `a^Tb` for two vectors of one shape, else a product."""
        left, right = self.shapes.of(node.left), self.shapes.of(node.right)
        if left is not None and left == right and left != (1, 1) and left[1] == 1:
            return Mul((Transpose(node.left), node.right))
        if left is None or right is None:
            return node
        return self.rule_Mul(Mul((node.left, node.right)))

    def rule_Hadamard(self, node: Hadamard) -> Expr:
        coef = Fraction(1)
        scalars: list[Expr] = []
        rest: list[Expr] = []
        for factor in node.factors:
            parts = factor.factors if isinstance(factor, Hadamard) else (factor,)
            for part in parts:
                c, body = split_coefficient(part)
                coef *= c
                if isinstance(body, Mul) and isinstance(body.factors[-1], Ones):
                    scalars.extend(body.factors[:-1])  # (s 1) ⊙ A = s A
                    continue
                if isinstance(body, Div) and isinstance(body.num, Ones):
                    scalars.append(Div(ONE, body.den))  # (1/s) ⊙ A = A/s
                    continue
                if body is None or isinstance(body, Ones):
                    continue
                if self.shapes.is_scalar(body):
                    scalars.append(body)
                else:
                    rest.append(body)
        if coef == 0:
            return ZERO
        core = rest[0] if len(rest) == 1 else Hadamard(tuple(rest)) if rest else None
        if core is None:
            return scaled(coef, Mul(tuple(scalars)) if len(scalars) > 1 else scalars[0] if scalars else None)
        body = Mul(tuple(scalars) + (core,)) if scalars else core
        return scaled(coef, body)

    def rule_Transpose(self, node: Transpose) -> Expr:
        arg = node.arg
        if isinstance(arg, Transpose):
            return arg.arg
        if isinstance(arg, (Number, Identity)) or self.shapes.is_scalar(arg) or self.symmetric(arg):
            return arg
        if isinstance(arg, Neg):
            return Neg(self.rule_Transpose(Transpose(arg.arg)))
        if isinstance(arg, Mul):
            flipped = [f if self.shapes.is_scalar(f) else self.rule_Transpose(Transpose(f)) for f in reversed(arg.factors)]
            return self.rule_Mul(Mul(tuple(flipped)))
        if isinstance(arg, Inverse):
            return self.rule_Inverse(Inverse(self.light_transpose(arg.arg)))
        if isinstance(arg, Kron):
            return Kron(tuple(self.rule_Transpose(Transpose(f)) for f in arg.factors))
        if isinstance(arg, Div):  # a denominator is a scalar (the tree's contract)
            return Div(self.rule_Transpose(Transpose(arg.num)), arg.den)
        if isinstance(arg, Sum):
            return Sum(self.rule_Transpose(Transpose(arg.body)), arg.index, arg.lower, arg.upper, but=arg.but)
        if isinstance(arg, Add) and self.symmetric_sum(arg):
            return arg  # (A + A^T)^T = A + A^T
        return node

    def symmetric_sum(self, node: Add) -> bool:
        """Whether transposing every term gives the same terms back (`A + A^T`, `B + B^T + 2C`
        with C symmetric)."""
        transposed = [self.rule_Transpose(Transpose(t)) for t in node.terms]
        remaining = list(node.terms)
        for term in transposed:
            if term not in remaining:
                return False
            remaining.remove(term)
        return True

    def light_transpose(self, node: Expr) -> Expr:
        """A transpose that only cancels (`(A^T)^T`, symmetric, scalar) and never pushes
        into a product, for the argument of an inverse: `X^{-T}`, `(AXB)^{-T}`."""
        if isinstance(node, Transpose):
            return node.arg
        if isinstance(node, (Number, Identity)) or self.shapes.is_scalar(node) or self.symmetric(node):
            return node
        return Transpose(node)

    def rule_Inverse(self, node: Inverse) -> Expr:
        arg = node.arg
        if isinstance(arg, Inverse):
            return arg.arg
        if isinstance(arg, Identity):
            return arg
        if isinstance(arg, Number) and arg.value != 0:
            return Number(1 / arg.value)
        if isinstance(arg, Transpose) and self.symmetric(arg.arg):
            return Inverse(arg.arg)
        if isinstance(arg, Transpose) and isinstance(arg.arg, Inverse):
            return self.light_transpose(arg.arg.arg)  # (X^{-1})^{-T} = X^T
        return node

    def rule_Sum(self, node: Sum) -> Expr:
        """Numbers and signs come out of a sum: `2\\sum_i ...`, `-\\sum_i ...`."""
        coef, body = split_coefficient(node.body)
        if coef == 1 or body is None:
            return node
        return scaled(coef, Sum(body, node.index, node.lower, node.upper, but=node.but))

    def rule_Func(self, node: Func) -> Expr:
        if node.name == "tr" and len(node.args) == 1 and self.shapes.is_scalar(node.args[0]):
            return node.args[0]
        if node.name == "diag" and len(node.args) == 1 and isinstance(node.args[0], Transpose):
            inner = node.args[0].arg
            shape = self.shapes.of(inner)
            if shape is not None and shape[0] == shape[1] and shape[0] is not None:
                return Func("diag", (inner,))
        return node


def simplify(expr: Expr, shape_of=None, properties=None, defs=None, shapes: Shapes | None = None) -> Expr:
    """Rewrite `expr` into the form a careful author would write; numerically the same.

    `shape_of(node) -> (rows, cols)` (or a `Shape`) gives the shapes of leaves;
    `properties` maps a symbol to its declared properties ('symmetric', 'onehot', ...),
    as a dict or a callable. Trees deeper than MAX_DEPTH come back unchanged.
    """
    if tree_depth(expr) > MAX_DEPTH:
        return expr
    return _Simplifier(shapes or Shapes(shape_of, defs), properties).run(expr)

"""The shape of any node of a tree built from leaves of known shape.

The deriver and the simplifier build nodes the note never wrote; their shapes follow
structurally from the leaves' (`shape_of`), so neither needs the note's shape solver."""

from __future__ import annotations

from typing import Callable, Iterable

from notecheck.latex.expr import (
    Add, Bars, Div, Dot, Expr, Func, Hadamard, Identity, Inner, Inverse, Kron, Mul, Neg, Norm, Number,
    Ones, Power, Sum, Symbol, Transpose,
)

ShapePair = tuple  # (rows, cols); a dimension is an int or a name
ELEMENTWISE = frozenset({"exp", "log", "sin", "cos", "tanh", "sigma", "sqrt"})
SCALAR_VALUED = frozenset({"tr", "det", "logdet", "lse", "logsumexp"})


# ---------------------------------------------------------------- shapes


def _as_pair(shape) -> ShapePair | None:
    if shape is None:
        return None
    if isinstance(shape, tuple):
        return shape
    return (shape.rows, shape.cols)


def _dim(text: str | None):
    if text is None:
        return None
    return int(text) if text.isdecimal() else text


def _dim_product(dims: Iterable) -> int | str:
    dims = list(dims)
    if all(isinstance(d, int) for d in dims):
        out = 1
        for d in dims:
            out *= d
        return out
    return "*".join(str(d) for d in dims)


def unknown_dim(dim) -> bool:
    """A size nobody fixed: None (a sizeless I or 1) or a solver's placeholder '?7'.
    It fits any size, so an incomplete shape solution does not block a derivation."""
    return dim is None or (isinstance(dim, str) and dim.startswith("?"))


def looks_scalar(sym: Symbol) -> bool:
    """The notes' convention for a symbol of unknown shape: plain lowercase (Latin or
    Greek) is a scalar (`λ`, `c`); bold and uppercase are not."""
    return not sym.bold and sym.name[:1].islower()


def product_shape(shapes: list[ShapePair | None]) -> ShapePair | None:
    """The shape of a juxtaposition: 1x1 factors scale, the rest multiply as matrices,
    and a running 1x1 product (`a^T b` in `a^T b c`) scales what follows. A dimension
    None (a sizeless `I` or `1`) fits anything; a sizeless `I` changes nothing."""
    current: ShapePair | None = None
    sizeless_identity = False
    for shape in shapes:
        if shape is None:
            return None
        if shape == (None, None):
            sizeless_identity = True
            continue
        if shape == (1, 1):
            continue
        if current is None or current == (1, 1):
            current = shape
        elif current[1] == shape[0] or unknown_dim(current[1]) or unknown_dim(shape[0]):
            current = (current[0], shape[1])
        else:
            return None
    if current is None:
        return (None, None) if sizeless_identity else (1, 1)  # `2I` is a matrix, not a number
    return current


def _most_specific(shapes: list[ShapePair]) -> ShapePair:
    """The shape of a broadcast sum or elementwise product: scalars and sizeless
    constants take the shape of the others."""
    big = [s for s in shapes if s != (1, 1)]
    if not big:
        return (1, 1)
    return max(big, key=lambda s: (s[0] is not None) + (s[1] is not None))


class Shapes:
    """The shape of any node built from leaves whose shape `shape_of` knows.

    The checker's shape environment knows the nodes of the note's trees; the deriver and
    the simplifier build new nodes, whose shapes follow structurally from their leaves.
    `defs` gives intermediate symbols (`z = XWb`) their definition's shape.
    """

    def __init__(self, shape_of: Callable | None = None, defs: dict | None = None):
        self._leaf = shape_of
        self._defs = defs or {}
        self._memo: dict[int, tuple[Expr, ShapePair | None]] = {}

    def of(self, node: Expr) -> ShapePair | None:
        hit = self._memo.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        shape = self._compute(node)
        self._memo[id(node)] = (node, shape)
        return shape

    def definition(self, sym: Symbol) -> Expr | None:
        """What the note defined `sym` as, if it did."""
        return self._defs.get(sym)

    def pin(self, node: Expr, shape: ShapePair) -> Expr:
        """Record the shape of a node built without a size (`\\mathbf{1}`); returns it."""
        self._memo[id(node)] = (node, shape)
        return node

    def is_scalar(self, node: Expr) -> bool:
        return self.of(node) == (1, 1)

    def is_vector(self, node: Expr) -> bool:
        shape = self.of(node)
        return shape is not None and shape != (1, 1) and shape[1] == 1

    def _from_leaf(self, node: Expr) -> ShapePair | None:
        if self._leaf is None:
            return None
        try:
            return _as_pair(self._leaf(node))
        except (NotImplementedError, KeyError, LookupError, TypeError, ValueError):
            return None

    def _compute(self, node: Expr) -> ShapePair | None:  # noqa: C901 - one case per node type
        if isinstance(node, Symbol):
            shape = self._from_leaf(node)
            if shape is None and node in self._defs:
                shape = self.of(self._defs[node])
            if shape is not None and unknown_dim(shape[0]) and unknown_dim(shape[1]) and looks_scalar(node):
                return (1, 1)
            return shape
        if isinstance(node, Number):
            return (1, 1)
        if isinstance(node, Identity):
            return (_dim(node.size), _dim(node.size))
        if isinstance(node, Ones):
            return (_dim(node.size), 1)
        if isinstance(node, (Neg, Transpose, Inverse, Power, Sum)):
            inner = self.of(node.arg if hasattr(node, "arg") else node.base if isinstance(node, Power) else node.body)
            if isinstance(node, Transpose) and inner is not None:
                return (inner[1], inner[0])
            return inner
        if isinstance(node, Div):
            return self.of(node.num)
        if isinstance(node, (Bars, Norm, Inner)):
            return (1, 1)
        if isinstance(node, (Add, Hadamard)):
            items = node.terms if isinstance(node, Add) else node.factors
            shapes = [self.of(t) for t in items]
            if any(s is None for s in shapes):
                return self._from_leaf(node)
            return _most_specific(shapes)
        if isinstance(node, Mul):
            shape = product_shape([self.of(f) for f in node.factors])
            return shape if shape is not None else self._from_leaf(node)
        if isinstance(node, Dot):
            left, right = self.of(node.left), self.of(node.right)
            if left is not None and left == right and 1 in left:
                return (1, 1)
            return product_shape([left, right])
        if isinstance(node, Kron):
            shapes = [self.of(f) for f in node.factors]
            if any(s is None or None in s for s in shapes):
                return None
            return (_dim_product(s[0] for s in shapes), _dim_product(s[1] for s in shapes))
        if isinstance(node, Func):
            return self._func_shape(node)
        return self._from_leaf(node)

    def _func_shape(self, node: Func) -> ShapePair | None:
        if node.name in SCALAR_VALUED:
            return (1, 1)
        if not node.args:
            return self._from_leaf(node)
        arg = self.of(node.args[0])
        if node.name in ELEMENTWISE or node.name in ("softmax", "adj"):
            return arg
        if arg is None:
            return None
        if node.name == "diag":
            return (arg[0], arg[0]) if arg[1] == 1 else (arg[0], 1)
        if node.name == "vec":
            return (_dim_product(arg), 1)
        return self._from_leaf(node)

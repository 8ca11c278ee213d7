"""The typed expression tree every formula becomes.

One tree type is shared by the parser (which builds it), the printer (which turns it back
into LaTeX), shape inference, the numeric checker and the symbolic deriver. Nodes are
frozen dataclasses so that equal formulas compare equal and can key caches; `pos` (the
offsets `[pos, end)` of the node in the formula's LaTeX) are excluded from equality so a
re-parsed tree equals the original; `--fix` splices the right-hand side by them.
Nodes are `FrozenRecord`s (`notecheck.records`), frozen dataclasses made without
compiling their methods at import.

The tree records what the author wrote, not what it means: `Mul` is juxtaposition whether
it turns out to scale or to multiply matrices, `Bars` is `|x|` whether it turns out to be
a determinant or an absolute value. Shape inference decides; the tree does not guess.
"""

from __future__ import annotations

from dataclasses import field
from fractions import Fraction
from itertools import chain

from notecheck.records import FrozenRecord, compared_values


class Expr(FrozenRecord):
    """Base of every node."""

    pos: int = field(default=-1, compare=False, repr=False, kw_only=True)
    end: int = field(default=-1, compare=False, repr=False, kw_only=True)

    # What a node works out about itself once, kept in its own `__dict__` (it never
    # changes): its direct sub-expressions, the nodes below it, its hash, the answers of
    # later stages' queries of it (`answers`). None until then.
    _children = None
    _below = None
    _hash = None
    _answers = None

    def __hash__(self) -> int:
        """A frozen dataclass's hash (of the tuple of compared fields), worked out once per
        node: hashing a deep tree hashes every node below it, and trees key sets and
        dicts all through a check."""
        value = self._hash
        if value is None:
            value = self.__dict__["_hash"] = hash(compared_values(self.__class__)(self))
        return value

    def __eq__(self, other) -> bool:
        """A frozen dataclass's equality (the same type, equal compared fields). Trees key
        the sets and dicts of every stage, so a look-up compares two equal symbols many
        times over: each type's `__eq__` is written out field by field when first asked
        (`_compiled_eq`), a third of the time of the records' generic one."""
        kind = self.__class__
        kind.__eq__ = equal = _compiled_eq(kind)
        return equal(self, other)

    def __getstate__(self):
        """Its fields only: what a node remembered is not part of it (a hash is not even
        the same in another process), so a pickle says the same whatever was asked of it."""
        state = self.__dict__
        if REMEMBERED.isdisjoint(state):
            return state
        return {name: value for name, value in state.items() if name not in REMEMBERED}


REMEMBERED = frozenset({"_children", "_below", "_hash", "_answers"})


def _compiled_eq(kind: type):
    """`kind`'s `__eq__` as `@dataclass` means it (its compared fields as tuples, each
    pair equal if it is one object or `==` says so, as a tuple compares them), written
    out: no tuples built, no getter called."""
    names = [name for name, spec in kind.__dataclass_fields__.items() if spec.compare]
    same = " and ".join(f"(self.{name} is other.{name} or self.{name} == other.{name})" for name in names)
    source = ("def __eq__(self, other):\n"
              "    if other.__class__ is not self.__class__:\n"
              "        return NotImplemented\n"
              f"    return {same or 'True'}\n")
    namespace: dict = {}
    exec(source, namespace)  # noqa: S102 - our own field names, never note text
    equal = namespace["__eq__"]
    equal.__qualname__ = f"{kind.__qualname__}.__eq__"
    return equal


# ---------------------------------------------------------------- leaves


class Symbol(Expr):
    """A named quantity: `x`, `\\boldsymbol{x}`, `W_1`, `\\Sigma`, `\\bar{\\boldsymbol{x}}`, `B'`.

    `name` is the letter or the Greek macro without backslash (`x`, `Sigma`, `mu`).
    `font` is '' (italic), 'bold' (any of \\boldsymbol \\bm \\pmb \\mathbf \\vec), 'cal',
    'bb', 'rm', 'sf', 'frak'. `sub` is the subscript as normalized text ('1', 'i', '1,i',
    'ij'), `accent` one of 'bar', 'hat', 'tilde', 'dot', and 'star' for `x^*` (a lowercase
    letter's star: its optimum, a value of its own). `prime` counts primes.
    """

    name: str
    font: str = ""
    sub: str | None = None
    accent: str | None = None
    prime: int = 0

    @property
    def bold(self) -> bool:
        return self.font == "bold"


class Number(Expr):
    """A literal number; exact, so `\\frac{1}{2}` and `0.5` print back as written."""

    value: Fraction


class Identity(Expr):
    """`I`, `I_n`, `\\mathbf{I}`: the identity matrix; `size` is the subscript if written."""

    size: str | None = None


class Ones(Expr):
    """`\\mathbf{1}`, `\\boldsymbol{1}`, `\\mathbf{1}_n`: the all-ones column vector."""

    size: str | None = None


class Zero(Expr):
    """`\\mathbf{0}`, `\\boldsymbol{0}`, `O`: a zero vector or matrix (plain `0` is a Number)."""

    size: str | None = None


class Dots(Expr):
    """`\\cdots`, `\\dots`, `\\ldots`, `\\vdots`, `\\ddots` inside a list or a matrix."""

    kind: str = "cdots"


class Text(Expr):
    """`\\text{...}` that is prose inside math rather than an operator name."""

    text: str


class Space(Expr):
    """`\\mathbb{R}^{m\\times n}`, `\\mathbb{R}^n`, `R^n`: the set on the right of `\\in`."""

    field: str
    rows: Expr | None = None
    cols: Expr | None = None


class Opaque(Expr):
    """Notation notecheck reads but has no meaning for: `\\max_x f(x)`, an integral, a
    limit, `\\begin{cases}`, a quantifier, `x^*`, a bare `\\nabla`. `what` names it (the
    reason a claim using it stays unverified); `latex` is its text as written, printed
    back verbatim. It has no children: nothing inside it is read as a use of a symbol."""

    what: str
    latex: str


FRAGMENT = "a relation without its left side"  # the `Opaque` of `\\in \\mathbb{R}^n` alone
# `\\partial f(x)` with no denominator: the Jacobian of f at x, an operator (`\\dot y = \\partial f(x)\\dot x`)
JACOBIAN = "the derivative of a function, \\partial f(x)"


# ---------------------------------------------------------------- arithmetic


class Add(Expr):
    """A sum of terms; subtraction is a `Neg` term. Scalar + matrix broadcasts."""

    terms: tuple[Expr, ...]


class Neg(Expr):
    """`-x`, and each subtracted term of an `Add`."""

    arg: Expr


class Mul(Expr):
    """Juxtaposition (and `\\times` between non-vectors): matrix product or scaling."""

    factors: tuple[Expr, ...]


class Dot(Expr):
    """`a \\cdot b`: the inner product when both are vectors of one shape, else a product."""

    left: Expr
    right: Expr


class Hadamard(Expr):
    """`\\odot`, `\\circ`: elementwise product."""

    factors: tuple[Expr, ...]


class Kron(Expr):
    """`\\otimes`: Kronecker product."""

    factors: tuple[Expr, ...]


class Div(Expr):
    """`\\frac{a}{b}`, `a/b` where the denominator is a scalar."""

    num: Expr
    den: Expr


class Power(Expr):
    """`x^2`, `\\|x\\|^2`, `|\\Sigma|^{-1}`; a matrix `X^{-1}` is an `Inverse` instead."""

    base: Expr
    exp: Expr


class Transpose(Expr):
    """`^T ^{T} ^\\top ^\\intercal ^{\\mathsf T}`."""

    arg: Expr


class Inverse(Expr):
    """`^{-1}`; `^{-T}` is `Inverse(Transpose(x))`."""

    arg: Expr


class Index(Expr):
    """`\\sigma(\\mathbf{z})_i`, `(A\\mathbf{x})_k`, `(A^TB)_{kk}`: an entry of a computed
    vector or matrix; `sub` is the subscript as normalized text, like `Symbol.sub`."""

    arg: Expr
    sub: str


class Bars(Expr):
    """`|x|`, `\\lvert x\\rvert`: determinant of a square matrix, absolute value of a scalar."""

    arg: Expr


class Norm(Expr):
    """`\\|x\\|`, `\\|X\\|_F`, `\\|x\\|_2`; `kind` is the subscript text or None."""

    arg: Expr
    kind: str | None = None


class Func(Expr):
    """A known function applied to arguments: `tr det log exp sin cos tanh sigma softmax
    diag vec adj sqrt` (canonical lower-case names, `sigma` for σ). `prime` counts
    derivatives (`\\sigma'(X)`); `args` is empty when the argument is implied (`\\sigma'`)."""

    name: str
    args: tuple[Expr, ...]
    prime: int = 0


class Apply(Expr):
    """An abstract function the note names: `f(W)`, `u(\\boldsymbol{x})`, `p(\\theta)`."""

    fn: Symbol
    args: tuple[Expr, ...]


class Inner(Expr):
    """`\\langle A, B\\rangle`, `<A, B>_F`: Frobenius inner product, `tr(A^T B)`."""

    left: Expr
    right: Expr
    kind: str | None = None


class Matrix(Expr):
    """An explicit matrix (`bmatrix`, `pmatrix`, `[a, b, \\cdots]`), entries row by row."""

    rows: tuple[tuple[Expr, ...], ...]
    delim: str = "bmatrix"


class Sum(Expr):
    """`\\sum_{i=1}^N body`; `index` is the bound index name ('i', or 'i,j' for
    `\\sum_{i,j}`); `lower`/`upper` are the limits if written. `implied` marks a sum the
    summation convention implies (`X_{ij}A_{ji}`): it is not written, nor printed."""

    body: Expr
    index: str | None = None
    lower: Expr | None = None
    upper: Expr | None = None
    implied: bool = False
    but: str | None = None  # `\\sum_{k \\neq j}`: the index letter whose value the sum skips


# ---------------------------------------------------------------- calculus


class Differential(Expr):
    """`dX`, `\\mathrm{d}X`, `d(XY)`, the Matrix Cookbook's `\\partial X` (`partial`: printed so)."""

    arg: Expr
    partial: bool = field(default=False, compare=False, repr=False, kw_only=True)


class Derivative(Expr):
    """`\\frac{\\partial f}{\\partial X}`, `\\partial f/\\partial X`, `\\nabla_X f`, `\\nabla^2 f`.

    `wrt` is the variable (None for a bare `\\nabla f`), `order` 1 or 2. `style` records
    how it was written ('frac', 'slash', 'nabla', 'd') so it prints back the same way.
    """

    f: Expr
    wrt: Expr | None
    order: int = 1
    style: str = "frac"


# ---------------------------------------------------------------- statements


class Chain(Expr):
    """`a = b = c`, `z := XW b`, `x \\in \\mathbb{R}^n`: items joined by relations.

    `rels[i]` joins `items[i]` and `items[i+1]`; relations are '=', ':=', '\\approx',
    '\\in', '<', '>', '\\le', '\\ge', '\\ne', '\\sim', '\\propto'.
    """

    items: tuple[Expr, ...]
    rels: tuple[str, ...]


class Parsed(Expr):
    """A whole formula: its statements, split at `\\Rightarrow`, `,`, `\\quad`, `;` and
    aligned rows. `joins[i]` says what separated statement i and i+1 ('\\Rightarrow',
    ',', 'row', ...), so an implication can be told from a list."""

    statements: tuple[Expr, ...]
    joins: tuple[str, ...] = ()


_SUBTREE_FIELDS: dict[type, tuple[str, ...]] = {}
_is_expr = Expr.__instancecheck__


_LEAF_TYPES = {"str", "str | None", "int", "Fraction", "tuple[str, ...]"}  # annotations that hold no node


def subtree_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node type that may hold sub-expressions: not its place, and not
    one annotated as a name, a number or a list of names."""
    fields = _SUBTREE_FIELDS.get(kind)
    if fields is None:
        fields = _SUBTREE_FIELDS[kind] = tuple(
            name for name, spec in kind.__dataclass_fields__.items()
            if name not in ("pos", "end") and str(spec.type) not in _LEAF_TYPES)
    return fields


def children(node: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of a node, in reading order. (The hottest function of
    a check: every walk over a tree goes through it, so a node works them out once and
    keeps them; a leaf type has none at all.)"""
    kids = node._children
    if kids is None:
        kids = node.__dict__["_children"] = _direct_subtrees(node)
    return kids


def _direct_subtrees(node: Expr) -> tuple[Expr, ...]:
    fields = subtree_fields(type(node))
    if len(fields) == 1:  # four nodes in five: one node (`Transpose`) or a tuple of nodes (`Mul`), the answer as it is
        value = getattr(node, fields[0])
        if isinstance(value, Expr):
            return (value,)
        if value.__class__ is tuple and all(map(_is_expr, value)):
            return value
    out: list[Expr] = []
    for name in fields:
        value = getattr(node, name)
        if isinstance(value, Expr):
            out.append(value)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, Expr):
                    out.append(item)
                elif isinstance(item, tuple):
                    out.extend(x for x in item if isinstance(x, Expr))
    return tuple(out)


def rebuilt(node: Expr, **changes) -> Expr:
    """`dataclasses.replace(node, **changes)` for a tree node, without its look-up of the
    fields on each call: a new node of the same type, `changes` over the node's values,
    made as `copy_tree` makes a node (its fields set as its `__init__` sets them, without
    the call by keywords: a parse's rebuilt nodes, 20,000 per 100 notes, cost half)."""
    kind = type(node)
    values = _field_values(node, kind)
    values.update(changes)
    new = object.__new__(kind)
    new.__dict__.update(values)
    return new


def letter_symbol(name: str, font: str, pos: int, end: int) -> Symbol:
    """`Symbol(name, font, pos=pos, end=end)`, made as `rebuilt` makes a node (its fields
    set as its `__init__` sets them, without the call by keywords): the parser makes one
    for each letter it reads, two thirds of the cost of reading it."""
    new = object.__new__(Symbol)
    new.__dict__.update({"pos": pos, "end": end, "name": name, "font": font, "sub": None, "accent": None,
                         "prime": 0})
    return new


_INIT_FIELDS: dict[type, tuple[str, ...]] = {}  # a node type -> its fields, `pos` and `end` included


def answers(node: Expr) -> dict:
    """The node's own record of answers to queries that depend on the node alone (what
    its subtree holds, never the note around it), keyed by the query: a later stage asks
    such a question of the same subtrees many times, and a tree never changes. An answer
    kept here must be immutable (a tuple, a frozenset); it is not pickled with the node."""
    kept = node._answers
    if kept is None:
        kept = node.__dict__["_answers"] = {}
    return kept


def map_children(node: Expr, fn) -> Expr:
    """`node` with each sub-expression `c` (direct, or inside a tuple or matrix row)
    replaced by `fn(c)`: the same object back when nothing changed, else a new node at
    the same place (`pos`, `end`). Every rewrite of trees (substitution, replacement)
    goes through here, so a new node type needs no change anywhere else."""
    changed = None
    for name in subtree_fields(type(node)):
        value = getattr(node, name)
        new = _mapped(value, fn)
        if new is not value:
            if changed is None:
                changed = {}
            changed[name] = new
    if changed is None:
        return node
    values = {name: changed[name] if name in changed else getattr(node, name)
              for name in node.__dataclass_fields__ if name not in ("pos", "end")}
    return type(node)(**values, pos=node.pos, end=node.end)


def _mapped(value, fn):
    if isinstance(value, Expr):
        return fn(value)
    if isinstance(value, tuple):
        items = [_mapped(v, fn) for v in value]
        for new, old in zip(items, value):
            if new is not old:
                return tuple(items)
    return value


def walk(node: Expr):
    """Every node of the tree, parents before children. A tree never changes, so the
    nodes below one are listed once, on the node, and every later walk reads them."""
    below = node._below
    if below is None:
        below = node.__dict__["_below"] = _nodes_below(node)
    return chain((node,), below)


def _nodes_below(node: Expr) -> tuple[Expr, ...]:
    """Depth first, parents first; a subtree already listed is copied, not walked. Each
    child's list is kept on it too: nine in ten nodes that a later walk would list again
    lie below a child of a node walked before (a statement, then its sides)."""
    out: list[Expr] = []
    append, extend = out.append, out.extend
    for child in children(node):
        append(child)
        below = child._below
        if below is None:
            below = child.__dict__["_below"] = _descendants(child)
        extend(below)
    return tuple(out)


def _descendants(node: Expr) -> tuple[Expr, ...]:
    """`_nodes_below` of one node, without keeping anything on the nodes below it."""
    out: list[Expr] = []
    append, extend = out.append, out.extend
    stack = list(reversed(children(node)))
    pop, push = stack.pop, stack.extend
    while stack:
        current = pop()
        append(current)
        below = current._below
        if below is not None:
            extend(below)
            continue
        kids = current._children
        if kids is None:
            kids = children(current)
        if kids:
            push(reversed(kids))
    return tuple(out)


def replace_node(tree: Expr, target: Expr, new: Expr) -> Expr | None:
    """`tree` with the node `target` (by identity, wherever it occurs) replaced; None if it
    is not there. Only the nodes above it are rebuilt."""
    holding = _holding(tree, target)
    if id(tree) not in holding:
        return None
    return _rebuilt(tree, target, new, holding)


def _rebuilt(node: Expr, target: Expr, new: Expr, holding: set[int]) -> Expr:
    """`replace_node` below `node`. (A module function, not a closure that calls itself:
    such a closure is a cycle, freed only by the garbage collector with all it holds.)"""
    if node is target:
        return new
    if id(node) not in holding:
        return node
    return map_children(node, lambda child: _rebuilt(child, target, new, holding))


def _holding(tree: Expr, target: Expr) -> set[int]:
    """The ids of the nodes of `tree` that are `target` or have it below them (bottom-up,
    without recursion)."""
    holding: set[int] = set()
    stack: list[tuple[Expr, bool]] = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        if node is target:
            holding.add(id(node))
            continue
        kids = children(node)
        if not ready:
            stack.append((node, True))
            stack.extend((child, False) for child in kids)
        elif any(id(child) in holding for child in kids):
            holding.add(id(node))
    return holding


def _node_types(base: type = Expr):
    yield base
    for kind in base.__subclasses__():
        yield from _node_types(kind)


for _kind in _node_types():
    # a leaf type has no sub-expressions on any node of it; the others work theirs out
    _kind._children = _kind._below = None if subtree_fields(_kind) else ()


def copy_tree(node: Expr, copies: dict[int, Expr] | None = None) -> Expr:
    """A new tree equal to `node`, node for node (places included), sharing no node with
    it: what parsing the same LaTeX again gives, without the parse. A node that appears
    twice in the tree is copied once, so the copy is shaped like the original. (Later
    stages key their findings on a node's identity: two formulas must not share nodes.)"""
    if copies is None:
        copies = {}
    done = copies.get(id(node))
    if done is not None:
        return done
    kind = type(node)
    values = _field_values(node, kind)  # its fields' values (not what it remembered)
    for name in subtree_fields(kind):
        values[name] = _copied(values[name], copies)
    new = copies[id(node)] = object.__new__(kind)
    new.__dict__.update(values)  # what the record's `__init__` does with them, without the call
    return new


def _copied(value, copies: dict[int, Expr]):
    if isinstance(value, Expr):
        return copy_tree(value, copies)
    if isinstance(value, tuple):
        return tuple(_copied(item, copies) for item in value)
    return value


def _field_values(node: Expr, kind: type) -> dict:
    """The node's fields and their values, in order: its `__dict__` as it is, unless it
    remembered something besides (a copy of the dict, not a look-up per field)."""
    state = node.__dict__
    names = _init_fields(kind)
    if len(state) == len(names):
        return state.copy()
    return {name: state[name] for name in names}


def _init_fields(kind: type) -> tuple[str, ...]:
    names = _INIT_FIELDS.get(kind)
    if names is None:
        names = _INIT_FIELDS[kind] = tuple(kind.__dataclass_fields__)
    return names

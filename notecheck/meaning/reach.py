"""What a tree names and what it reaches through the note's definitions: its symbols, the
node types it holds (both kept on the tree, asked again and again), the name a left side
introduces (by `=` or by `↦`), and every symbol an expression depends on through `Definition`s."""

from __future__ import annotations

from notecheck.latex.expr import Apply, Chain, Expr, Mul, Number, Ones, Parsed, Symbol, Transpose, Zero, answers, walk
from notecheck.records import FrozenRecord

KINDS, SYMBOLS = "node types", "symbols"  # keys of `answers` (`kinds_in`, `symbols_of`)


class Definition(FrozenRecord):
    """`name = expr` as the note wrote it, at formula `formula`. `abstract` marks a
    function the note only differentiates (`∂f/∂Y` with f never written out): its
    expression is `f(Y)`, a random smooth function of what it is differentiated by."""

    name: Symbol
    expr: Expr
    formula: int
    args: tuple[Expr, ...] = ()
    abstract: bool = False


def is_zero(node: Expr) -> bool:
    """`0`, `\\mathbf{0}`, `O`: the right-hand side of a condition."""
    return isinstance(node, Zero) or (isinstance(node, Number) and node.value == 0)


def contains(node: Expr, kind: type) -> bool:
    """Whether a tree holds a node of type `kind`: one look-up, no node type has subtypes."""
    return kind in kinds_in(node)


def kinds_in(node: Expr) -> frozenset[type]:
    """The node types in a tree, found once per tree: the claims ask what a side holds again
    and again (a chain's middle item is a side of two claims); most hold nothing to rewrite."""
    kept = node._answers  # (nine asks in ten find it kept: `answers` only keeps a new one)
    found = kept.get(KINDS) if kept is not None else None
    if found is None:
        found = answers(node)[KINDS] = frozenset(map(type, walk(node)))
    return found


def symbols_of(node: Expr) -> frozenset[Symbol]:
    """Every symbol named in a tree, including those under `d` and `\\partial` (kept on the
    tree: shapes ask it of each formula, claims of each side again and again)."""
    if isinstance(node, Symbol):
        return frozenset((node,))  # not kept: a node holding itself would be a cycle
    kept = node._answers  # (`answers(node)` only to keep a new answer, as in `kinds_in`)
    found = kept.get(SYMBOLS) if kept is not None else None
    if found is None:
        found = answers(node)[SYMBOLS] = frozenset(filter(Symbol.__instancecheck__, walk(node)))  # (no generator)
    return found


def defined_name(node: Expr) -> tuple[Symbol, tuple[Expr, ...]] | None:
    """The name a left-hand side introduces: `f`, `\\boldsymbol{a}_1`, `f(W)`; else None."""
    if isinstance(node, Symbol):
        return node, ()
    if isinstance(node, Apply) and all(isinstance(a, Symbol) for a in node.args):
        return node.fn, node.args
    return None


MAPPING_RELS = (":", "\\ni", "\\to", "\\in")  # around `↦` in a signature: `f(x): ℝ^N ∋ x ↦ xᵀAx ∈ ℝ`


def mapped_definition(tree: Parsed, k: int) -> tuple[Symbol, tuple[Symbol], Expr] | None:
    """The function statement k of `tree` defines by mapping its variable to a value,
    `f(x): \\mathbb{R}^N \\ni x \\mapsto x^TAx \\in \\mathbb{R}`, `f: x \\mapsto …` or
    `f: \\mathbb{R}^n \\to \\mathbb{R},\\; x \\mapsto …` (named by the signature before it), as
    (f, (x,), value); else None."""
    chain = tree.statements[k]
    if type(chain) is not Chain or chain.rels.count("\\mapsto") != 1:
        return None
    at = chain.rels.index("\\mapsto")
    variable, value = chain.items[at], chain.items[at + 1]
    if type(variable) is not Symbol or any(r not in MAPPING_RELS for i, r in enumerate(chain.rels) if i != at):
        return None
    signature = signature_before(tree, k) if at == 0 else chain
    if signature is None or signature.rels[0] != ":":
        return None
    named = defined_name(signature.items[0])
    if named is None or named[1] not in ((), (variable,)) or named[0] in symbols_of(value):
        return None
    return named[0], (variable,), value


def signature_before(tree: Parsed, k: int) -> Chain | None:
    """The signature `f: \\mathbb{R}^n \\to \\mathbb{R}` that names the function of statement
    k, a map `x \\mapsto …` written after it: the statement before, a chain opening `f :`."""
    chain, before = tree.statements[k], tree.statements[k - 1] if k > 0 else None
    if type(chain) is not Chain or chain.rels[0] != "\\mapsto" or type(before) is not Chain or before.rels[0] != ":":
        return None
    return before


def reachable(expr: Expr, defs: dict[Symbol, Definition], limit: int = 10_000) -> set[Symbol]:
    """Every symbol an expression depends on, through the definitions (names included), found
    with sets only: sets made from sets or a dict take their kept hashes (no `__hash__` called)."""
    named = symbols_of(expr)
    defined = frozenset(defs)
    todo = named & defined
    if not todo:  # nothing defined: half the asks
        return set(named)
    seen = set(named)
    while todo and len(seen) < limit:
        found: set[Symbol] = set()
        for sym in todo:
            found |= symbols_of(defs[sym].expr) - seen
        seen |= found
        todo = found & defined
    return seen


def inputs_of(expr: Expr, defs: dict[Symbol, Definition]) -> set[Symbol]:
    """The undefined symbols an expression depends on, through the definitions."""
    return {s for s in reachable(expr, defs) if s not in defs}


def sums_to_one(left: Expr, right: Expr) -> Symbol | None:
    """The y of `y^T \\mathbf{1} = 1` or `\\mathbf{1}^T y = 1`."""
    for product, one in ((left, right), (right, left)):
        if type(one) is Number and one.value == 1 and type(product) is Mul and len(product.factors) == 2:
            a, b = product.factors
            if type(a) is Transpose and type(a.arg) is Symbol and type(b) is Ones:
                return a.arg
            if type(a) is Transpose and type(a.arg) is Ones and type(b) is Symbol:
                return b
    return None

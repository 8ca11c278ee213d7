"""Index notation: which subscripted letters are entries, which indices are summed, and
which are free.

`X_{ij}` is the (i, j) entry of X when X is a matrix in scope, not a letter of its own;
`x_i` the i-th entry of a vector x; `a_{ik}` an entry of A; `\\delta_{ij}` the Kronecker
delta. A subscripted letter stays a letter when the note defines it (`a_{2,i} = W_2
h_{1,i} + b_2`, a family of vectors), when it is bold with one index (`\\mathbf{x}_i`,
the i-th sample), or when nothing in scope owns it (`\\mathbf{x}_1`). Entries become
`Index(X, 'ij')` nodes, so the numeric engine reads them from X itself.

An index repeated in a product and absent from the other side is summed when the note
uses the summation convention (it says so, or writes such products and no `\\sum`
anywhere). The indices free on both sides of a claim make it a claim for every value
of them (`Relation.indices`); an index free on one side only is an error (NC403) only
when every indexed letter of the claim was read for certain: `index_doubt` says what is
not, and `certainty.reading_doubt`, the gate every error passes, makes the claim
unverified with that reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from itertools import chain

from notecheck.latex.expr import (
    Add, Apply, Derivative, Dots, Expr, Func, Identity, Index, Mul, Neg, Opaque, Sum, Symbol, answers, children,
    map_children, walk,
)
from notecheck.latex.indices import INDEX_LETTERS, index_parts, index_text
from notecheck.meaning.claims import Relation
from notecheck.meaning.reach import KINDS, Definition, defined_name, kinds_in, symbols_of
from notecheck.meaning.word_search import mention_text

EINSTEIN_NAMES = ("einstein", "summation convention", "repeated ind", "contract on", "爱因斯坦", "求和约定", "아인슈타인",
                  "縮約")
EINSTEIN_WORDS = re.compile("|".join(EINSTEIN_NAMES), re.I)
ENTRYWISE = ("[", "\\left[", "\\big[", "\\Big[", "\\bigg[")
UNCERTAIN_KINDS = ("condition", "solution", "definition")
MOMENTS = frozenset(("E", "var", "Var", "cov", "Cov", "mean", "std", "Std"))  # over a sample, not at one


# ---------------------------------------------------------------- which letters are entries


class Owners:
    """What a formula's scope holds: the shapes of its symbols and the names the note
    defines (a defined `a_{2,i}` is a family member, never an entry)."""

    def __init__(self, env, family: set[Symbol], families: set[Symbol] = frozenset()):
        self.env = env
        self.family = family
        self.families = families  # letters whose one-index members are declared (`x_N`)
        self.cache: dict[int, dict] = {}
        # (id of a node, formula) -> (the node, it read by `with_entries`): a chain's middle
        # item is a side of two claims, a definition is read for every claim that uses it
        self.read: dict[tuple[int, int], tuple[Expr, Expr]] = {}

    def shapes(self, formula: int) -> dict:
        if formula not in self.cache:
            try:
                self.cache[formula] = dict(self.env.concrete({}, formula=formula)) if self.env is not None else {}
            except Exception:  # noqa: BLE001 - without shapes nothing is owned; letters stay letters
                self.cache[formula] = {}
        return self.cache[formula]

    def resolve(self, sym: Symbol, formula: int, bound: frozenset = frozenset()) -> Expr:
        """`sym` as the note means it: an entry of what owns it, δ, or the letter itself;
        `bound`, the letters of the sums around it, index whatever letters they are."""
        parts = index_parts(sym.sub) or ([sym.sub] if sym.sub in bound else None)
        if parts is None or sym in self.family or is_member_name(sym, parts):
            return sym
        if len(parts) == 1 and self.families and spelled(sym, sym.name, sym.font, None) in self.families:
            return sym  # `x_i` of the declared samples `x_1, …, x_N`
        shapes = self.shapes(formula)
        if len(parts) == 1 and sym.name.islower() and shapes.get(sym, (1, 1)) != (1, 1):
            return sym  # a small letter used as a vector (`W x_i + b`): the i-th of several
        for owner, indices in owner_candidates(sym, parts):
            shape = shapes.get(owner)
            if shape is None or shape == (1, 1) or len(indices) > 2:
                continue
            if len(indices) == 1 and 1 not in shape:
                continue
            return Index(owner, index_text(indices), pos=sym.pos, end=sym.end)  # the owner stands where sym does
        if sym.name == "delta" and sym.font == "" and len(parts) == 2 and sym.prime == 0:
            return Index(Identity(pos=sym.pos, end=sym.end), index_text(parts), pos=sym.pos, end=sym.end)
        return sym


def is_member_name(sym: Symbol, parts: list[str]) -> bool:
    """A bold letter with one index (`\\mathbf{x}_i`, `\\boldsymbol{x}^{(i)}`) names the
    i-th of several vectors; its entries would be written in italic."""
    return sym.bold and len([p for p in parts if not p.isdigit()]) == 1 and not parts[0].isdigit()


def owner_candidates(sym: Symbol, parts: list[str]):
    """Who may own `sym`'s entry, most likely first: `a_{2,i}` → a_2 (entry i); `X_{ij}`
    → X; `x_i` → x or bold x; `a_{ij}` → A."""
    if parts[0].isdigit() and len(parts) >= 2:
        yield spelled(sym, sym.name, sym.font, parts[0]), parts[1:]
    names = [sym.name] + ([sym.name.upper()] if len(sym.name) == 1 and sym.name.islower() else [])
    for name in names:
        for font in dict.fromkeys((sym.font, "bold")):
            yield spelled(sym, name, font, None), parts


def spelled(sym: Symbol, name: str, font: str, sub: str | None) -> Symbol:
    """`sym` with another name, font or subscript, at its place (what `replace` gives,
    without its look-up of the fields: index notation asks this of every entry)."""
    return Symbol(name, font, sub, sym.accent, sym.prime, pos=sym.pos, end=sym.end)


def with_entries(node: Expr, owners: Owners, formula: int, bound: frozenset = frozenset()) -> Expr:
    """`node` with every owned entry an `Index` node and every `\\sum` without its index
    given the index its body leaves free (`\\sum X_{ii}`). A letter a sum runs over is an
    index inside it whatever letter it is (`\\sum_{d=1}^C e^{z_d}`: z_d is an entry of z)."""
    if not _may_hold_entries(node) and not (bound and any(sym.sub in bound for sym in symbols_of(node))):
        return node  # no indexed letter, no `\\sum`, no letter a sum around it runs over: nothing to read
    known = owners.read.get((id(node), formula, bound))
    if known is not None and known[0] is node:
        return known[1]
    if isinstance(node, Symbol):
        out = owners.resolve(node, formula, bound)
    else:
        inner = bound | frozenset(node.index.split(",")) if isinstance(node, Sum) and node.index else bound
        out = map_children(node, lambda child: with_entries(child, owners, formula, inner))
        if isinstance(out, Sum) and out.index is None:
            free = free_letters(out.body)
            if free:
                out = replace(out, index=",".join(free))
    owners.read[(id(node), formula, bound)] = (node, out)
    return out


# ---------------------------------------------------------------- which indices are free


def _may_hold_entries(root: Expr) -> bool:
    """Whether `with_entries` may change anything in `root`: a letter with index letters
    in its subscript, or a `\\sum` without its index, is in it. Kept on each node, so the
    rewrite passes over the sides with no index notation."""
    kept = root._answers  # (`answers(root)` written out: asked of every side and definition)
    if kept is None:
        kept = answers(root)
    known = kept.get(MAY_HOLD_ENTRIES)
    if known is not None:
        return known
    if Sum not in kinds_in(root) and not any(sym.sub and index_parts(sym.sub) is not None for sym in symbols_of(root)):
        kept[MAY_HOLD_ENTRIES] = False  # most sides: said of the side alone (nothing asks below it)
        return False

    def rule(node: Expr, below: list[bool]) -> bool:
        return (isinstance(node, Symbol) and node.sub and index_parts(node.sub) is not None) \
            or (isinstance(node, Sum) and (node.index is None or binds_a_subscript(node))) or any(below)

    return kept_bottom_up(root, MAY_HOLD_ENTRIES, rule)


def binds_a_subscript(node: Sum) -> bool:
    """`\\sum_{d=1}^C e^{z_d}`: the letter the sum runs over is a subscript in its body."""
    letters = set(node.index.split(","))
    return any(sym.sub in letters for sym in symbols_of(node.body))


MAY_HOLD_ENTRIES = "may hold entries"  # a key of `answers`


def kept_bottom_up(root: Expr, key: str, rule):
    """`rule(node, [each child's answer])` for `root`, worked out from the leaves up
    without recursion (however deep the tree) and kept on every node under `key`:
    index notation asks the same sides and terms again and again."""
    done = answers(root).get(key)
    if done is not None:
        return done
    stack: list[tuple[Expr, bool]] = [(root, False)]
    pop, push = stack.pop, stack.append
    while stack:  # (`answers` and `children` written out: this runs for every node of every side)
        node, ready = pop()
        kept = node._answers
        if kept is None:
            kept = answers(node)
        elif key in kept:
            continue
        kids = node._children
        if kids is None:
            kids = children(node)
        if not ready and kids:
            push((node, True))
            stack.extend([(child, False) for child in kids])
            continue
        kept[key] = rule(node, [child._answers[key] for child in kids])
    return root._answers[key]


def letters_of(node: Expr, entries_only: bool = False) -> list[str]:
    """The index letters a node itself carries: an entry's, or (unless `entries_only`)
    a family member's."""
    if isinstance(node, Sum) and node.but and not entries_only:  # `\\sum_{k \\neq j}` reads j
        return [node.but]
    if not isinstance(node, Index) and (entries_only or not isinstance(node, Symbol)):
        return []
    return [p for p in index_parts(node.sub) or [] if not p.isdigit()]


def occurrences(node: Expr, entries_only: bool = False) -> list[str]:
    """Every use of an index letter in `node` that no `\\sum` around it binds, in order,
    with repeats (`X_{ij}A_{ji}` → i, j, j, i)."""
    return list(_unbound_uses(node, entries_only))


def _unbound_uses(root: Expr, entries_only: bool) -> tuple[str, ...]:
    """`occurrences` of every node of `root`, kept on its node: a node's uses are its own
    letters, then each child's, less those its `\\sum` binds. A side known to hold no
    indexed letter (`with_entries` asked) and no entry uses none: most sides, not walked."""
    key = ENTRY_USES if entries_only else LETTER_USES
    kept = answers(root)
    if kept.get(MAY_HOLD_ENTRIES) is False and (kept.get(KINDS) or kinds_in(root)).isdisjoint(ENTRY_KINDS):
        kept.setdefault(key, ())
        return kept[key]

    def rule(node: Expr, below: list[tuple[str, ...]]) -> tuple[str, ...]:
        own = letters_of(node, entries_only)
        if not (isinstance(node, Sum) and node.index):  # nothing bound here: the uses as they are
            return tuple(chain(own, *below)) if own or any(below) else ()
        bound = {p.strip() for p in node.index.split(",")}
        out = [p for p in own if p not in bound]
        for uses in below:
            out.extend(p for p in uses if p not in bound)
        return tuple(out)

    return kept_bottom_up(root, key, rule)


LETTER_USES, ENTRY_USES = "index letters used", "entry indices used"  # keys of `answers`
ENTRY_KINDS = frozenset({Index})  # the node type whose letters are uses whatever its subscript


def free_letters(node: Expr) -> list[str]:
    """The free index letters of a side, in order of first use. (Asked several times of each
    claim's sides, whose uses are kept: most sides use none.)"""
    uses = _unbound_uses(node, False)
    return list(dict.fromkeys(uses)) if uses else []


def unread_letters(node: Expr, family: set[Symbol]) -> list[Symbol]:
    """Subscripted letters with index letters that are neither an entry nor a known
    family member: what they mean is not certain (`e_j`, `f_{x_i}`)."""
    return [n for n in walk(node) if isinstance(n, Symbol) and index_parts(n.sub) is not None
            and n not in family and not is_member_name(n, index_parts(n.sub))]


def repeated(term: Expr, keep: set[str], entries_only: bool = True) -> list[str]:
    """Letters used twice or more in one term's entries and not free on the other side:
    the indices the summation convention sums (it sums components, not the members of a
    family like `\\mathbf{x}_i^T\\mathbf{x}_i`, unless `entries_only` is False)."""
    uses = occurrences(term, entries_only=entries_only)
    return [p for p in dict.fromkeys(uses) if uses.count(p) >= 2 and p not in keep]


def einstein_free(node: Expr) -> set[str]:
    """The letters free under the summation convention: a term's, or a product's that one
    factor alone has (`a_{kj}x_j + x_ia_{ik}` and `(a_{ki} + a_{ik})x_i` are free in k alone)."""
    if isinstance(node, Add):
        return set().union(*(einstein_free(term) for term in node.terms))
    if isinstance(node, Neg):
        return einstein_free(node.arg)
    if isinstance(node, Mul):
        counts = Counter(p for factor in node.factors for p in einstein_free(factor))
        return {p for p, count in counts.items() if count == 1}
    uses = occurrences(node)
    return {p for p in uses if uses.count(p) == 1}


def once_in_a_term(side: Expr) -> set[str]:
    """Letters a term of the side uses once: a side that also repeats one in another term
    (`s_j y_j - y_j`) does not follow the convention, and nothing of it is summed over."""
    out: set[str] = set()
    for term in terms_of(side):
        uses = occurrences(term)
        out |= {p for p in uses if uses.count(p) == 1}
    return out


def terms_of(side: Expr) -> list[Expr]:
    """The terms of a side, a subtracted one without its sign (the side itself if it is no sum)."""
    return [t.arg if isinstance(t, Neg) else t for t in (side.terms if isinstance(side, Add) else (side,))]


def summed(side: Expr, keep: set[str]) -> Expr:
    """`side` with each term's repeated indices summed explicitly (Einstein)."""
    if isinstance(side, Add):
        terms = tuple(summed(t, keep) for t in side.terms)
        return replace(side, terms=terms) if terms != side.terms else side
    if isinstance(side, Neg):
        inner = summed(side.arg, keep)
        return side if inner is side.arg else replace(side, arg=inner)
    letters = repeated(side, keep)
    if not letters:
        return side
    return Sum(side, index=",".join(letters), implied=True, pos=side.pos, end=side.end)


def implied_sums(relation: Relation, entries_only: bool = True) -> list[str]:
    """The repeated indices of a claim that no `\\sum` binds and the other side lacks
    (in its entries only, or in every indexed letter)."""
    out = []
    for side, other in ((relation.lhs, relation.rhs), (relation.rhs, relation.lhs)):
        keep = set(free_letters(other))
        for term in terms_of(side):
            out.extend(repeated(term, keep, entries_only))
    return out


def is_array(node: Expr, env) -> bool:
    """Whether a side is a matrix or vector (its shape known and not 1×1), or a
    derivative, whose shape is that of what it is taken by."""
    shape = env.of(node) if env is not None else None
    if shape is None:
        return isinstance(node, Derivative)
    return not shape.is_scalar


# ---------------------------------------------------------------- the note


def read_index_notation(note, trees, relations: list[Relation], env, context=None) -> str:
    """Rewrite every relation's sides, definitions and variables with entries read as
    entries; decide which indices are summed and which are free. Returns why the note
    uses the summation convention, or "" when it does not."""
    if not any(writes_indices(t) for t in trees if t is not None):
        return ""
    shared = {id(r.defs): r.defs for r in relations}  # claims share their dict of definitions: each is read once
    family = {name for defs in shared.values() for name in defs if isinstance(name, Symbol)}
    family |= {defined_name(r.lhs)[0] for r in relations if r.kind == "definition" and defined_name(r.lhs)}
    declared = declared_members(context)
    family |= declared
    owners = Owners(env, family, family_letters(declared))
    seen: dict[int, Definition] = {}
    # id of a claim's definitions -> (them, them read): claims share their dict (`claims.look_ahead`),
    # and each definition is read once (`seen`), so a dict read again would read the same
    read: dict[int, tuple[dict, dict]] = {}
    for relation in relations:
        formula = relation.formula
        relation.lhs = with_entries(relation.lhs, owners, formula)
        relation.rhs = with_entries(relation.rhs, owners, formula)
        defs = read.get(id(relation.defs))
        if defs is None or defs[0] is not relation.defs:
            defs = read[id(relation.defs)] = (relation.defs, {name: entry_definition(d, owners, formula, seen)
                                                              for name, d in relation.defs.items()})
        relation.defs = defs[1]
        relation.variables = tuple(variable_owners(group, owners, formula) for group in relation.variables)
    einstein = einstein_reason(note, trees, relations)
    for relation in relations:
        if einstein:
            keep_l = einstein_free(relation.rhs) | once_in_a_term(relation.lhs)
            keep_r = einstein_free(relation.lhs) | once_in_a_term(relation.rhs)
            relation.lhs, relation.rhs = summed(relation.lhs, keep_l), summed(relation.rhs, keep_r)
        mark_indices(relation, note, family, env)
    return einstein


def writes_indices(tree: Expr) -> bool:
    """Whether a subscript of a tree lists index letters (only symbols and entries have
    one; the tree's symbols and node types are kept on it, and the shapes asked them)."""
    if any(sym.sub and index_parts(sym.sub) for sym in symbols_of(tree)):  # (most symbols have no subscript)
        return True
    return Index in kinds_in(tree) and any(index_parts(n.sub) for n in walk(tree) if isinstance(n, Index))


def declared_members(context) -> set[Symbol]:
    """Subscripted letters the note declares a vector or matrix themselves (`x_i ∈ ℝ^d`,
    `x_1, …, x_N ∈ ℝ^d`): members of a family, not entries. For `x_N` the family's
    letter without its subscript stands for all of them (`x_i` is then a member)."""
    out: set[Symbol] = set()
    for decl in context.all() if context is not None else ():
        sym = decl.symbol
        if not sym.sub or decl.shape is None or decl.shape.is_scalar:
            continue
        out |= {sym, replace(sym, font="bold" if sym.font == "" else "")} if decl.any_font else {sym}
    return out


def family_letters(members: set[Symbol]) -> set[Symbol]:
    """The letters (without subscript) of declared members like `x_N`: their `x_i` is a
    member too."""
    return {replace(sym, sub=None) for sym in members if index_parts(sym.sub) is None}


def entry_definition(definition: Definition, owners: Owners, formula: int, seen: dict) -> Definition:
    """A definition with its entries read; an f known only from `∂f/∂X_{ij}` is a
    function of the whole X (`f(X)`), as the note means."""
    if id(definition) not in seen:
        expr = with_entries(definition.expr, owners, definition.formula if definition.formula >= 0 else formula)
        if definition.abstract and isinstance(expr, Apply):
            args = variable_owners(expr.args, owners, formula)
            expr = Apply(expr.fn, args, pos=expr.pos, end=expr.end)
            definition = Definition(definition.name, definition.expr, definition.formula, args, definition.abstract)
        # built directly, not by `replace`: this runs for every definition of every claim
        seen[id(definition)] = definition if expr is definition.expr else \
            Definition(definition.name, expr, definition.formula, definition.args, definition.abstract)
    return seen[id(definition)]


def variable_owners(group: tuple[Expr, ...], owners: Owners, formula: int) -> tuple[Expr, ...]:
    """`dX_{ij}` varies X: the variable of a differential of an entry is its owner."""
    out = []
    for var in group:
        read = with_entries(var, owners, formula)
        if isinstance(read, Index) and isinstance(read.arg, Symbol):
            read = read.arg
        if read not in out:
            out.append(read)
    return tuple(out)


def einstein_reason(note, trees, relations: list[Relation]) -> str:
    """Why the note sums repeated indices without writing `\\sum`, or ""."""
    text = getattr(note, "text", "") or ""
    lowered = mention_text(text)  # the case-blind search of a whole note is slow: first, is a name in it at all?
    found = EINSTEIN_WORDS.search(text) if lowered is None or any(name in lowered for name in EINSTEIN_NAMES) \
        else None
    if found:
        return f"the note names the summation convention ({found.group(0)})"
    if any(Sum in kinds_in(t) for t in trees if t is not None):
        return ""  # a note that writes its sums does not leave others implied (asked first: it is cheap)
    implied = [r for r in relations if r.kind not in UNCERTAIN_KINDS and implied_sums(r)]
    if implied:
        return f"{len(implied)} claims repeat an index in a product without a \\sum, and the note writes no \\sum"
    return ""


def mark_indices(relation: Relation, note, family: set[Symbol], env) -> None:
    """Set the claim's free indices, or the index free on one side only (NC403) with what
    may make that a misreading (`index_doubt`, which `certainty.reading_doubt` weighs)."""
    relation.free_index = relation.index_doubt = ""
    latex = note.formulas[relation.formula].latex if relation.formula < len(note.formulas) else ""
    entrywise(relation, latex, env)
    left, right = free_letters(relation.lhs), free_letters(relation.rhs)
    if set(left) == set(right):
        relation.indices = tuple(left)
        return
    if relation.kind in UNCERTAIN_KINDS:
        return
    unmatched = [p for p in left + right if (p in left) != (p in right)]
    side = "left" if unmatched[0] in left else "right"
    relation.free_index = f"the index {unmatched[0]} is free on the {side} side only"
    relation.index_doubt = index_doubt(relation, family, latex, side, unmatched[0])
    if not (left and right or relation.index_doubt):  # one side names no index: it may hold at each value
        every_value(relation, left or right, env)


def every_value(relation: Relation, letters: list[str], env) -> None:
    """A claim with free indices on one side only (`\\sum_j α_{ij} = 1`, `∂μ/∂x_i = 1/d`)
    says the other side is what this one is at every value of them: it is checked at each,
    and only if it fails there is the free index the error (`judge.blamed_on_free_index`).
    But a whole matrix or vector against an indexed side is notation for its entry at those
    indices (`\\frac{∂}{∂X}tr(XA) = \\frac{∂(X_{ij}A_{ji})}{∂X_{kl}}`), not a claim to check."""
    whole = relation.lhs if not free_letters(relation.lhs) else relation.rhs
    if Opaque in kinds_in(whole):
        relation.free_index = ""  # it may hide the index (`\\sum_{i \\neq j}`): judged as written, unread
        return
    if is_array(whole, env):
        relation.reason = f"a whole array against an entry of it at the free indices {', '.join(letters)}"
        return
    relation.indices = tuple(letters)


def index_doubt(relation: Relation, family: set[Symbol], latex: str, side: str, letter: str) -> str:
    """Why the index `letter`, free on one side only, may be a misreading, or '' when
    every indexed letter was read for certain."""
    sides = (relation.lhs, relation.rhs)
    unread = unread_letters(relation.lhs, family) + unread_letters(relation.rhs, family)
    if unread:
        return f"what {unread[0].name}_{{{unread[0].sub}}} indexes is not certain"
    labelled = [n for s in sides for n in walk(s) if isinstance(n, Symbol) and index_beside_label(n.sub)]
    if labelled:
        return f"what {labelled[0].name}_{{{labelled[0].sub}}} indexes is not certain (an index beside a label)"
    if implied_sums(relation, entries_only=False):
        return "the index is repeated in a product, and the note does not use the summation convention"
    if any(isinstance(n, Dots) for s in sides for n in walk(s)):
        return "the index is in an elided list (⋯)"
    if any(isinstance(n, Opaque) for s in sides for n in walk(s)):
        return "a part the checker does not read (a limit, cases, …) may use the index"
    moment = next((n for n in walk(relation.lhs if side == "left" else relation.rhs) if isinstance(n, Func)
                   and n.name in MOMENTS and letter in free_letters(n)), None)
    if moment is not None:  # `var(x_j·w) = \frac{1}{n}\sum_j (x_j·w)^2 - …`: j is the sample the variance runs over
        return f"inside {moment.name}(…) the index may name the sample it is taken over, not one entry"
    if bracketed(relation.lhs if side == "left" else relation.rhs, latex):
        return "the index is inside brackets that may build a matrix of its entries"
    other = relation.rhs if side == "left" else relation.lhs
    own = relation.lhs if side == "left" else relation.rhs
    if free_letters(other) and any(isinstance(n, Derivative) and n.wrt is not None and index_letters_of(n.f)
                                   and index_letters_of(n.wrt) and letter in index_letters_of(n) for n in walk(own)):
        return "the index is one of a derivative of entries by entries (`∂y_{nj}/∂x_{pq}` has four)"
    if any(isinstance(n, Symbol) and n.name == letter and not n.sub for n in walk(other)):
        return f"the other side has the letter {letter}, not as an index (`ai` for `a_i`?)"
    carriers = [n for n in walk(own) if isinstance(n, (Symbol, Index)) and letter in (index_parts(n.sub) or ())]
    if carriers and all(isinstance(n, Symbol) and n.font == "bold" and n.name[:1].isupper() for n in carriers):
        return f"{letter} labels the matrix {carriers[0].name}_{{{carriers[0].sub}}} (one of a family, such as an " \
               f"iterate), not an entry"
    stepped = stepped_letter(own, other, letter)
    if stepped is not None:
        return f"{stepped.name}_{{{letter}}} beside {stepped.name}_{{{stepped.sub}}} on the other side: the indices " \
               f"may name two members (two steps, two frames), not entries"
    return ""


def stepped_letter(own: Expr, other: Expr, letter: str) -> Symbol | None:
    """`b_j = b_i + η` between two keyframes i and j: the letter indexed by the free
    `letter` on one side stands with another lone index on the other (the symbol there)."""
    names = {(n.name, n.font) for n in walk(own) if isinstance(n, Symbol) and n.sub == letter}
    return next((n for n in walk(other) if isinstance(n, Symbol) and (n.name, n.font) in names and n.sub
                 and n.sub != letter and len(n.sub) == 1 and n.sub.isalpha()), None)


def index_letters_of(node: Expr) -> str:
    """The letters of every subscript in a tree (`x_{pq}` → `pq`)."""
    return "".join(n.sub or "" for n in walk(node) if isinstance(n, (Symbol, Index)))


LABEL_PART = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # `(k)` of `s_i^{(k)}`, `[2]` of `z_j^{[2]}`


def index_beside_label(sub: str | None) -> bool:
    """A subscript read as one name that holds a label and something else (`z_j^{[2]}`
    is `z` with the sub `j[2]`, `s_i^{(k)}` has `i(k)`, `W_{RX,kl}` has `RX,kl`): whether
    `j`, `i`, `k` or `l` is an index there is not read, so an index seemingly free on one
    side may not be."""
    if sub and "," in sub and index_parts(sub) is None:  # `W_{RX,kl}`: the label RX, then the entry kl
        return any(part and set(part) <= INDEX_LETTERS for part in sub.replace(" ", "").split(","))
    if not sub or "(" not in sub and "[" not in sub:
        return False
    rest = LABEL_PART.sub("", sub)
    return bool(rest.strip()) and rest != sub


def bracketed(side: Expr, latex: str) -> bool:
    """Whether a side holds `[...]` or `\\{...\\}` (`\\frac{1}{|X|}[C_{ij}]^T`, `\\{a_{ij}B\\}`):
    a matrix written by its entries, whose indices are then bound."""
    written = latex[side.pos:side.end] if 0 <= side.pos < side.end <= len(latex) else ""
    return "[" in written or "\\{" in written


def indexed_alike(side: Expr, letters: list[str]) -> bool:
    """Whether every index of `side` is on an entry of a computed matrix, at the same
    indices in the same order (`(2X^T)_{pq}`, `2(X^T)_{pq}`): the side is one entry of a
    matrix expression. Entries of single letters (`a_{ij}\\mathbf{B}`) do not say that."""
    carriers = [n for n in walk(side) if letters_of(n)]
    return bool(carriers) and all(isinstance(n, Index) and not isinstance(n.arg, Symbol)
                                  and letters_of(n) == letters for n in carriers)


def entrywise(relation: Relation, latex: str, env) -> None:
    """"Every entry equals": `σ(X) = [σ(X_{ij})]`, `\\frac{∂f}{∂X} = (2X^T)_{pq}` or
    `2(X^T)_{pq} = 2X^T` say the matrix on one side has, at (p, q), the entry on the
    other; compare entry by entry (`(σ(X))_{ij} = σ(X_{ij})`)."""
    left, right = free_letters(relation.lhs), free_letters(relation.rhs)
    for whole, entries, letters in ((relation.lhs, relation.rhs, right), (relation.rhs, relation.lhs, left)):
        if free_letters(whole) or not 1 <= len(letters) <= 2:
            continue
        written = latex[entries.pos:entries.end].lstrip() if 0 <= entries.pos < entries.end <= len(latex) else ""
        if not (written.startswith(ENTRYWISE) or indexed_alike(entries, letters)):
            continue
        if not is_array(whole, env):
            continue
        if isinstance(whole, Derivative) and relation.kind == "derivative":
            relation.kind = "step"  # its entries, in the note's layout, are the claim now
        picked = Index(whole, index_text(letters), pos=whole.pos, end=whole.end)
        if whole is relation.lhs:
            relation.lhs = picked
        else:
            relation.rhs = picked
        return

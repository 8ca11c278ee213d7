"""Shapes of every node, solved by unification over a whole note.

Every symbol gets a shape of symbolic dimensions; every operation adds constraints
(`A B` ties A's columns to B's rows, `tr` wants a square argument); a union-find over the
dimensions solves them. What is known is graded: declarations are facts (named sizes
`m`, `n` are distinct from each other), conventions are priors (bold lowercase is a
column, uppercase a matrix, plain lowercase a scalar that gives way to use), and a dimension
nobody pinned down may still turn out to be 1 only where the prior allows it.

Notes reuse letters: seed 001 has `W` as l×m in one example and m×n in the next. So
symbols are bound per *section*: a new section starts at each Markdown heading and at
each "例N" / "Example N"; a definition `f = ...` whose shape disagrees with the
previous binding shadows it.

When a constraint fails, the node that is wrong gets one finding (NC301-NC306) and its
shape becomes unknown, so the error does not cascade. A conflict between two declared
sizes (b declared m×1 where `X b` needs n×1 and X is declared m×n) is reported at the
later declaration (NC305). Where one transpose added or dropped makes a formula fit, the
finding says which (`\\boldsymbol{a}\\boldsymbol{x}` → `\\boldsymbol{a}^{\\top}\\boldsymbol{x}`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from notecheck.expr import (
    Add, Apply, Chain, Derivative, Differential, Div, Dots, Expr, Inverse, Mul, Neg, Number, Parsed, Power, Space,
    Sum, Symbol, Transpose, walk,
    map_children,
)
from notecheck.findings import Finding

Dim = int | str  # a size: 3, or a named dimension 'm', or an unknown '?7', or a product 'm*n'


@dataclass(frozen=True)
class Shape:
    rows: Dim
    cols: Dim

    @property
    def is_scalar(self) -> bool:
        return self.rows == 1 and self.cols == 1


SCALAR = Shape(1, 1)
MAX_DEPTH = 300  # deeper trees are left unknown rather than recursed into
SIZES_FROM = 3   # concrete sizes for unknown dims: 3, 4, 5, ... (1 would hide transposes)
MAX_DRAWN_SIZE = 32  # a written size above this (`\\mathbb{R}^{20000}`) is drawn as a fresh small one
EQUALITIES = ("=", ":=", "\\approx", "\\equiv", "\\ne", "\\neq")
ELEMENTWISE = {"log", "ln", "exp", "sin", "cos", "tan", "tanh", "sigma", "sqrt", "relu", "abs", "sigmoid",
               "sinh", "cosh", "arctan", "softplus"}
SQUARE_FUNCS = {"tr", "trace", "det"}


# ---------------------------------------------------------------- dimensions


@dataclass
class DimInfo:
    """What a union-find class of dims is: an int, a named size, an unknown, or a product.

    `unit_ok`: an unknown may become 1 without a conflict (soft scalars, defined names);
    `default`: its concrete size when nothing pins it ('one' or 'distinct');
    `decls`: indices of the declarations that named this size (for NC305)."""

    kind: str                      # 'int' 'name' 'var' 'prod'
    value: object = None           # int, name, or tuple of factor ids
    unit_ok: bool = False
    default: str = "distinct"
    decls: frozenset = frozenset()


class Dims:
    """Union-find over dims; `unify` never merges what conflicts and says why instead."""

    def __init__(self):
        self.parent: list[int] = []
        self.info: list[DimInfo] = []
        self.named: dict[object, int] = {}

    def copy(self) -> Dims:
        other = Dims()
        other.parent = list(self.parent)
        other.info = list(self.info)
        other.named = dict(self.named)
        return other

    def new(self, info: DimInfo) -> int:
        self.parent.append(len(self.parent))
        self.info.append(info)
        return len(self.parent) - 1

    def var(self, unit_ok: bool = False, default: str = "distinct") -> int:
        return self.new(DimInfo("var", unit_ok=unit_ok, default=default))

    def const(self, value) -> int:
        """One id per int and per name: every `m` of a section is the same `m`."""
        key = ("int", value) if isinstance(value, int) else ("name", value)
        if key not in self.named:
            self.named[key] = self.new(DimInfo(key[0], value))
        return self.named[key]

    def product(self, a: int, b: int) -> int:
        a, b = self.find(a), self.find(b)
        if self.is_one(a):
            return b
        if self.is_one(b):
            return a
        return self.new(DimInfo("prod", (a, b)))

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def root_info(self, i: int) -> DimInfo:
        return self.info[self.find(i)]

    def is_one(self, i: int) -> bool:
        info = self.root_info(i)
        return info.kind == "int" and info.value == 1

    def is_soft(self, i: int) -> bool:
        """1 or an unknown that may still be 1: such a factor scales rather than multiplies."""
        info = self.root_info(i)
        return (info.kind == "int" and info.value == 1) or (info.kind == "var" and info.unit_ok)

    def factors(self, i: int) -> list[int]:
        """The non-1 factors of a product dim (a dim is its own single factor)."""
        out, stack, seen = [], [i], set()
        while stack:
            j = self.find(stack.pop())
            info = self.info[j]
            if info.kind == "prod" and j not in seen:
                seen.add(j)
                stack.extend(reversed(info.value))
            elif not self.is_one(j) and info.kind != "prod":
                out.append(j)
        return out

    def unify(self, a: int, b: int) -> tuple[int, int] | None:
        """Merge the classes of a and b; return the two conflicting roots instead if they differ."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        ia, ib = self.info[ra], self.info[rb]
        if ia.kind == "var" or ib.kind == "var":
            if ia.kind != "var":
                ra, rb, ia, ib = rb, ra, ib, ia
            if not ia.unit_ok and ib.kind == "int" and ib.value == 1:
                return ra, rb
            if ib.kind == "prod" and ra in self.factors(rb):
                return None  # x = x·y: only if y is 1, which cannot be told here
            if ib.kind == "var":
                ib = replace(ib, unit_ok=ia.unit_ok and ib.unit_ok,
                             default="distinct" if "distinct" in (ia.default, ib.default) else "one")
            self.info[rb] = replace(ib, decls=ia.decls | ib.decls)
            self.parent[ra] = rb
            return None
        if ia.kind == "prod" or ib.kind == "prod":
            return self.unify_product(ra, rb)
        if ia.kind == ib.kind and ia.value == ib.value:
            self.parent[ra] = rb
            return None
        return ra, rb

    def unify_product(self, ra: int, rb: int) -> tuple[int, int] | None:
        fa, fb = sorted(self.factors(ra)), sorted(self.factors(rb))
        if fa == fb:
            self.parent[ra] = rb
            return None
        if len(fa) == 1 and len(fb) == 1:
            return self.unify(fa[0], fb[0])
        values_a = [self.info[f].value for f in fa if self.info[f].kind == "int"]
        values_b = [self.info[f].value for f in fb if self.info[f].kind == "int"]
        if len(values_a) == len(fa) and len(values_b) == len(fb):
            if _prod(values_a) != _prod(values_b):
                return ra, rb
        return None  # m·n against p: cannot tell, so no finding

    def text(self, i: int) -> str:
        i = self.find(i)
        info = self.info[i]
        if info.kind in ("int", "name"):
            return str(info.value)
        if info.kind == "prod":
            return "*".join(self.text(f) for f in self.factors(i))
        return "1" if info.default == "one" and info.unit_ok else "?"

    def dim(self, i: int) -> Dim:
        i = self.find(i)
        info = self.info[i]
        if info.kind in ("int", "name"):
            return info.value
        if info.kind == "prod":
            return "*".join(str(self.dim(f)) for f in self.factors(i))
        return f"?{i}"


def _prod(values) -> int:
    out = 1
    for v in values:
        out *= v
    return out


Pair = tuple[int, int]  # (rows id, cols id)


# ---------------------------------------------------------------- sections


@dataclass
class Section:
    """A stretch of the note whose symbols keep one binding: from a heading or "例N" on."""

    line: int
    formulas: list[int] = field(default_factory=list)
    decls: list = field(default_factory=list)


SECTION_START = re.compile(r"^\s{0,3}(?:>\s*)*(?:#{1,6}\s|(?:\*\*|【)?(?:例|Example\s*|EXAMPLE\s*)\s*\d+)")


# properties that say what shape a symbol has ("constant" does not)
SHAPING = frozenset({"scalar", "vector", "matrix", "symmetric", "spd", "diagonal", "orthogonal", "onehot",
                     "invertible"})

LET = re.compile(r"(?:^|[。.;；:：]\s*)(?:[-*>]\s*)*(?:设|令|假设|Let\b|Suppose\b|Assume\b|Given\b)", re.I)


def section_lines(note, context=None) -> list[int]:
    """Headings, "例N"/"Example N", and "设 X∈…" / "Let X be …" paragraphs that declare:
    these begin new bindings. ("其中 a 是 …", "where …" refer back to the formula before.)"""
    lines = note.text.split("\n") if note.kind != "notebook" else []
    starts = {k + 1 for k, text in enumerate(lines) if SECTION_START.match(text)}
    declared = {d.line for d in (context.all() if context is not None else []) if not d.note_wide}
    paragraphs = sorted(note.paragraphs, key=lambda p: p.line)
    for k, paragraph in enumerate(paragraphs):
        first = paragraph.parts[0] if paragraph.parts else ""
        if not isinstance(first, str) or not LET.search(first.strip()):
            continue
        end = paragraphs[k + 1].line if k + 1 < len(paragraphs) else paragraph.line + 1
        if any(paragraph.line <= line < end for line in declared):
            starts.add(paragraph.line)
    return [1] + sorted(s for s in starts if s > 1)


def sections_of(note, context) -> tuple[list[Section], dict[int, int]]:
    """Formulas and declarations grouped by section; a notebook's cells are its sections
    (their lines restart per cell, so headings cannot split it by line)."""
    if any(f.cell is not None for f in note.formulas):
        return cell_sections(note, context)
    starts = section_lines(note, context)
    sections = [Section(line) for line in starts]

    def index(line: int) -> int:
        k = 0
        for j, start in enumerate(starts):
            if start <= line:
                k = j
        return k

    where: dict[int, int] = {}
    for i, formula in enumerate(note.formulas):
        k = index(formula.line)
        sections[k].formulas.append(i)
        where[i] = k
    for decl in (context.all() if context is not None else []):
        if decl.note_wide:
            for section in sections:
                section.decls.append(decl)
        else:
            sections[index(decl.line)].decls.append(decl)
    return sections, where


def cell_sections(note, context) -> tuple[list[Section], dict[int, int]]:
    """One section per cell, so a letter may mean one thing in one cell and another in the
    next; but a declaration holds from its cell on until the symbol is declared again, as
    "Let X ∈ R^{m×n}" in a notebook's first cell does for the cells below it. A prose
    declaration (its cell unknown) holds from the first cell."""
    cells = sorted({f.cell or 0 for f in note.formulas})
    number = {cell: k for k, cell in enumerate(cells)}
    sections = [Section(1) for _ in cells]
    where: dict[int, int] = {}
    for i, formula in enumerate(note.formulas):
        where[i] = number[formula.cell or 0]
        sections[where[i]].formulas.append(i)
    by_symbol: dict = {}
    for decl in (context.all() if context is not None else []):
        first = 0 if decl.note_wide or decl.formula is None else where.get(decl.formula, 0)
        by_symbol.setdefault(decl.symbol, []).append((first, decl))
    for declared in by_symbol.values():
        for k, section in enumerate(sections):
            before = [first for first, _ in declared if first <= k]
            if before:
                latest = max(before)
                section.decls.extend(d for first, d in declared if first == latest)
    return sections, where


# ---------------------------------------------------------------- symbols and priors


ENTRY_SUB = re.compile(r"^(?:[ijkl]{2}|[ijkl],[ijkl]|\d\d|\d,\d|[a-z]\d|\d[a-z]|[a-z],\d|\d,[a-z])$")
INDEX_LETTERS = set("ijkt")
LOSS_NAMES = {"L", "J", "E", "ell"}  # uppercase names that, differentiated, are losses (scalars)


def is_upper(sym: Symbol) -> bool:
    return sym.name[:1].isupper()


def is_entry(sym: Symbol) -> bool:
    """`X_{ij}`, `x_{11}`: one entry of a matrix, a scalar."""
    return sym.sub is not None and ENTRY_SUB.match(sym.sub) is not None and (is_upper(sym) or sym.font != "bold")


def family_keys(symbols: set[Symbol]) -> dict[Symbol, Symbol]:
    """`x_1`, `x_N`, `x_i` are one family (one shape) when an index-letter member exists;
    `W_1`, `W_2` without a `W_i` stay distinct."""
    def split(sym: Symbol):
        head, _, last = sym.sub.rpartition(",")
        return head, last

    indexed = set()
    for sym in symbols:
        if sym.sub and not is_entry(sym):
            head, last = split(sym)
            if last in INDEX_LETTERS:
                indexed.add((sym.name, sym.font, sym.accent, sym.prime, head))
    out = {}
    for sym in symbols:
        key = sym
        if sym.sub and not is_entry(sym):
            head, last = split(sym)
            family = (sym.name, sym.font, sym.accent, sym.prime, head)
            if family in indexed and (len(last) == 1 or last.isdigit()):
                key = Symbol(sym.name, sym.font, (head + "," if head else "") + "*", sym.accent, sym.prime)
        out[sym] = key
    return out


@dataclass
class Evidence:
    """What use says about plain-lowercase symbols before solving: transposed or
    multiplied after a matrix → a vector; a sum limit or a denominator → a scalar;
    alone on one side of `=` → defined there, so its prior gives way."""

    vector: set = field(default_factory=set)
    scalar: set = field(default_factory=set)
    defined: set = field(default_factory=set)
    differentiated: set = field(default_factory=set)  # `l` in ∂l/∂W: a loss, a scalar
    values: set = field(default_factory=set)  # bold or upper-case names defined by `x = ...`


def gather_evidence(trees: list[Expr]) -> Evidence:
    ev = Evidence()
    for tree in trees:
        for node in walk(tree):
            if isinstance(node, Transpose):
                for sym in loose_terms(node.arg):
                    ev.vector.add(sym)
            elif isinstance(node, Mul):
                for left, right in zip(node.factors, node.factors[1:]):
                    if isinstance(right, Symbol) and matrix_like(left):
                        ev.vector.add(right)
            elif isinstance(node, Sum):
                for limit in (node.lower, node.upper):
                    if isinstance(limit, Symbol):
                        ev.scalar.add(limit)
            elif isinstance(node, Derivative) and isinstance(node.f, (Symbol, Transpose)):
                f = node.f.arg if isinstance(node.f, Transpose) else node.f
                if isinstance(f, Symbol) and f.font != "bold" and (f.name.islower() or f.name in LOSS_NAMES):
                    ev.differentiated.add(f)
            elif isinstance(node, Div) and isinstance(node.den, Symbol):
                ev.scalar.add(node.den)
            elif isinstance(node, Power) and isinstance(node.exp, Symbol):
                ev.scalar.add(node.exp)
            elif isinstance(node, Space):
                for d in (node.rows, node.cols):
                    for sym in (walk(d) if d is not None else ()):
                        if isinstance(sym, Symbol):
                            ev.scalar.add(sym)
            elif isinstance(node, Chain):
                for k, rel in enumerate(node.rels):
                    if rel in ("=", ":="):
                        for item in (node.items[k], node.items[k + 1]):
                            if isinstance(item, Symbol):
                                ev.defined.add(item)
                first = node.items[0]
                if node.rels[0] in ("=", ":=") and isinstance(first, Symbol) and \
                        (first.font == "bold" or is_upper(first)):
                    ev.values.add(first)
    return ev


def loose_terms(node: Expr) -> list[Symbol]:
    """Symbols standing as whole terms of a transposed expression: `y` in `(Xw-y)^T`."""
    if isinstance(node, Symbol):
        return [node]
    if isinstance(node, Differential):
        return loose_terms(node.arg)
    if isinstance(node, Neg):
        return loose_terms(node.arg)
    if isinstance(node, Add):
        return [s for t in node.terms for s in loose_terms(t)]
    return []


def matrix_like(node: Expr) -> bool:
    if isinstance(node, Symbol):
        return is_upper(node) and not is_entry(node) and node.font not in ("cal", "bb")
    if isinstance(node, (Transpose, Inverse)):
        return matrix_like(node.arg) or vector_like(node.arg)
    if isinstance(node, Differential):
        return matrix_like(node.arg)
    return False


def vector_like(node: Expr) -> bool:
    return isinstance(node, Symbol) and node.font == "bold" and not is_upper(node)


# ---------------------------------------------------------------- the solver of one section


@dataclass
class Problem:
    """One failed constraint: where, which code, what to say, and the fix if one edit fits."""

    code: str
    formula: int
    node: Expr
    message: str
    fix: str | None = None
    decl: object = None   # the blamed declaration, for NC305


class Solver:
    """Solves one section: binds its symbols, walks its formulas in order."""

    def __init__(self, note, trees, section: Section, decls: list, promoted: dict, layout: str | None,
                 carried: dict | None = None, blame: bool = True):
        self.blame = blame  # may a clash of two declared sizes be put on a declaration (NC305)?
        self.note, self.trees, self.section, self.layout = note, trees, section, layout
        self.dims = Dims()
        self.decls = decls
        self.promoted = promoted
        self.bind: dict[Symbol, Pair] = {}
        self.soft_symbols: set[Symbol] = set()
        self.shapes: dict[int, tuple[Expr, Pair]] = {}
        self.layout_nodes: set[int] = set()
        self.problems: list[Problem] = []
        self.formula_symbols: dict[int, dict[Symbol, Symbol]] = {}
        self.formula = -1
        self.muted = 0
        symbols = {n for i in section.formulas if trees[i] is not None for n in walk(trees[i])
                   if isinstance(n, Symbol)}
        self.family = family_keys(symbols)
        self.evidence = gather_evidence([trees[i] for i in section.formulas if trees[i] is not None])
        self.carried = carried or {}  # kinds declared in earlier sections: priors here
        self.decl_of: dict[Symbol, object] = {}
        for decl in decls:
            self.decl_of.setdefault(decl.symbol, []).append(decl)

    # ------------------------------------------------------------ bindings

    def key(self, sym: Symbol) -> Symbol:
        return self.family.get(sym, sym)

    def declaration(self, sym: Symbol):
        """The section's last declaration of sym (exact font first) that says something
        about its shape: "X and y are constants" after "X ∈ R^{m×n}" keeps X m×n."""
        for candidate in (sym, *[Symbol(sym.name, f, sym.sub, sym.accent, sym.prime) for f in ("", "bold")
                                 if f != sym.font]):
            found = [d for d in self.decl_of.get(candidate, []) if (d.shape is not None or d.properties & SHAPING)
                     and (candidate is sym or crosses_fonts(d))]
            if not found and sym.sub and "*" in (self.key(sym).sub or ""):
                found = [d for k, ds in self.decl_of.items() if self.key(k) == self.key(sym) for d in ds]
            if found:
                return found[-1]
        return None

    def symbol(self, sym: Symbol) -> Pair:
        key = self.key(sym)
        if self.formula >= 0:
            self.formula_symbols.setdefault(self.formula, {})[sym] = key
        if key not in self.bind:
            self.bind[key] = self.prior(sym)
        return self.bind[key]

    def prior(self, sym: Symbol) -> Pair:
        d = self.dims
        decl = self.declaration(sym)
        if decl is not None:
            index = self.decls.index(decl)
            if decl.shape is not None:
                return self.declared_dim(decl.shape.rows, index), self.declared_dim(decl.shape.cols, index)
            props = decl.properties
            if "scalar" in props:
                return d.const(1), d.const(1)
            if props & {"symmetric", "spd", "diagonal", "orthogonal"}:
                v = d.var()
                return v, v
            if "vector" in props or "onehot" in props:
                return d.var(), d.const(1)
            if "matrix" in props or "invertible" in props:
                return d.var(), d.var()
        key = self.key(sym)
        if sym in self.evidence.differentiated and key not in self.promoted:
            return d.const(1), d.const(1)
        kind = self.promoted.get(key) or self.carried.get(sym) or self.convention(sym)
        if kind == "scalar":
            self.soft_symbols.add(key)
            return d.var(True, "one"), d.var(True, "one")
        if kind == "vector":
            return d.var(), d.const(1)
        return d.var(), d.var()

    def declared_dim(self, value, index: int) -> int:
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return self.dims.const(int(value))
        if isinstance(value, str) and re.fullmatch(r"[A-Za-z]\w{0,2}", value):
            i = self.dims.const(value)
            root = self.dims.find(i)
            self.dims.info[root] = replace(self.dims.info[root], decls=self.dims.info[root].decls | {index})
            return i
        return self.dims.var()

    def convention(self, sym: Symbol) -> str:
        if is_entry(sym) or sym.font in ("cal", "bb", "rm") or sym in self.evidence.scalar or \
                (sym.name == "d" and not sym.sub):  # a `d` the parser took for a letter
            return "scalar"
        if is_upper(sym):
            return "matrix"
        if sym.font == "bold" or sym in self.evidence.vector:
            return "vector"
        return "scalar"

    # ------------------------------------------------------------ helpers

    def fresh(self) -> Pair:
        return self.dims.var(True, "one"), self.dims.var(True, "one")

    def scalar(self) -> Pair:
        return self.dims.const(1), self.dims.const(1)

    def soft(self, s: Pair) -> bool:
        return self.dims.is_soft(s[0]) and self.dims.is_soft(s[1])

    def vague(self, s: Pair) -> bool:
        """May be a scalar, may be more: nothing can be concluded from it."""
        return self.soft(s) and not (self.dims.is_one(s[0]) and self.dims.is_one(s[1]))

    def sizes(self, s: Pair) -> str:
        return f"{self.dims.text(s[0])}×{self.dims.text(s[1])}"

    def text(self, s: Pair) -> str:
        """`a column vector (?×1)`, `a matrix (m×n)`: the reader's words, then the sizes."""
        d = self.dims
        if d.is_one(s[0]) and d.is_one(s[1]):
            kind = "a scalar"
        elif d.is_one(s[1]):
            kind = "a column vector"
        elif d.is_one(s[0]):
            kind = "a row vector"
        else:
            kind = "a matrix"
        return f"{kind} ({d.text(s[0])}×{d.text(s[1])})"

    def unify_pair(self, a: Pair, b: Pair):
        """Unify two shapes; on conflict undo nothing but report the first clash."""
        trial = self.dims.copy()
        for x, y in zip(a, b):
            clash = trial.unify(x, y)
            if clash is not None:
                return clash
        self.dims = trial
        return None

    def fits(self, a: Pair, b: Pair) -> bool:
        trial = self.dims.copy()
        return all(trial.unify(x, y) is None for x, y in zip(a, b))

    def latex(self, node: Expr) -> str:
        source = self.note.formulas[self.formula].latex
        if 0 <= node.pos < node.end <= len(source):
            return source[node.pos:node.end].strip()
        try:
            from notecheck.printer import to_latex
            return to_latex(node)
        except Exception:  # the printer is optional here: a message can do without it
            return type(node).__name__

    def problem(self, code: str, node: Expr, message: str, fix: str | None = None, decl=None):
        if self.muted:
            self.failed = True
            return
        self.problems.append(Problem(code, self.formula, node, message, fix, decl))

    def declared_clash(self, clash, node: Expr):
        """If a product clashes on two sizes named by two different declarations, the later
        declaration is the one to blame (NC305), not the formula: the product is only an
        expression the declarations must make valid. (An equation is a claim, and its
        sides differing is the equation's fault: NC304.)"""
        ia, ib = self.dims.root_info(clash[0]), self.dims.root_info(clash[1])
        if not self.blame or ia.kind != "name" or ib.kind != "name" or not ia.decls or not ib.decls or len(ia.decls | ib.decls) < 2:
            return None
        used = {(n.name, n.sub) for n in walk(node) if isinstance(n, Symbol)}
        candidates = [i for i in ia.decls | ib.decls if (self.decls[i].symbol.name, self.decls[i].symbol.sub) in used] \
            or list(ia.decls | ib.decls)
        blamed = max(candidates, key=lambda i: (self.decls[i].line, self.decls[i].col))
        decl = self.decls[blamed]
        mine, other = (ia.value, ib.value) if blamed in ia.decls else (ib.value, ia.value)
        shape = decl.shape
        needed = [other if d == mine else d for d in (shape.rows, shape.cols)]
        name = self.latex_of_symbol(decl.symbol)
        message = (f"`{name}` is declared {shape.rows}×{shape.cols} but `{self.latex(node)}` needs "
                   f"{needed[0]}×{needed[1]}")
        return decl, message, f"{needed[0]}×{needed[1]}"

    def latex_of_symbol(self, sym: Symbol) -> str:
        out = sym.name if len(sym.name) == 1 else "\\" + sym.name
        if sym.font == "bold":
            out = f"\\boldsymbol{{{out}}}"
        if sym.sub:
            out += f"_{{{sym.sub}}}"
        return out + "'" * sym.prime

    # ------------------------------------------------------------ walking

    def run(self) -> None:
        for i in self.section.formulas:
            tree = self.trees[i]
            if tree is None or is_size_formula(self.note.formulas[i].latex):
                continue
            self.formula = i
            for statement in tree.statements:
                self.statement = statement
                self.shape(statement, 0)
        self.formula = -1

    def shape(self, node: Expr, depth: int) -> Pair:
        if depth > MAX_DEPTH:
            out = self.fresh()
        else:
            rule = getattr(self, "of_" + type(node).__name__, None)
            out = rule(node, depth + 1) if rule is not None else self.fresh()
        self.shapes[id(node)] = (node, out)
        return out

    def of_Symbol(self, node: Symbol, depth: int) -> Pair:
        return self.symbol(node)

    def of_Number(self, node, depth):
        return self.scalar()

    def of_Identity(self, node, depth):
        v = self.dims.var()
        return v, v

    def of_Ones(self, node, depth):
        return self.dims.var(), self.dims.const(1)

    def of_Zero(self, node, depth):
        return self.dims.var(True, "distinct"), self.dims.var(True, "distinct")

    def of_Neg(self, node, depth):
        return self.shape(node.arg, depth)

    def of_Sum(self, node, depth):
        for limit in (node.lower, node.upper):
            if limit is not None:
                self.shape(limit, depth)
        return self.shape(node.body, depth)

    def of_Differential(self, node, depth):
        return self.shape(node.arg, depth)

    def of_Norm(self, node, depth):
        self.shape(node.arg, depth)
        return self.scalar()

    def is_value(self, node: Expr) -> bool:
        return isinstance(node, Apply) and len(node.args) == 1 and node.fn in self.evidence.values

    def of_Transpose(self, node, depth):
        if isinstance(node.arg, Number) and node.arg.value == 1:
            return self.dims.const(1), self.dims.var()  # `1^T`: the ones row
        if self.is_value(node.arg):  # `\boldsymbol{h}_1(...)^T`: h_1 times the transposed group
            r, c = self.shape(node.arg.args[0], depth)
            return self.multiply(node, [node.arg.fn, node.arg.args[0]], [self.symbol(node.arg.fn), (c, r)])
        r, c = self.shape(node.arg, depth)
        return c, r

    def of_Inverse(self, node, depth):
        s = self.shape(node.arg, depth)
        return self.square(node, s, "the inverse")

    def square(self, node: Expr, s: Pair, what: str) -> Pair:
        if self.soft(s):
            return s
        clash = self.dims.unify(s[0], s[1])
        if clash is not None:
            inner = getattr(node, "arg", None) or getattr(node, "base", None) or node
            self.problem("NC306", node, f"{what} of `{self.latex(inner)}` needs a square matrix, not "
                         f"{self.text(s)}")
            return self.fresh()
        return s

    def of_Bars(self, node, depth):
        s = self.shape(node.arg, depth)
        if not self.soft(s) and not self.dims.is_one(s[1]):
            self.square(node, s, "the determinant")
        return self.scalar()

    def of_Power(self, node, depth):
        s = self.shape(node.base, depth)
        self.shape(node.exp, depth)
        if isinstance(node.exp, Symbol) and node.exp.name in ("t", "T") and not self.soft(s):
            return s[1], s[0]  # `y^t`: a transpose that lost its case in a damaged export
        if self.soft(s) or self.dims.is_one(s[1]) or self.dims.is_one(s[0]):
            return s if self.soft(s) else self.scalar()
        return self.square(node, s, "a power")

    def of_Div(self, node, depth):
        num = self.shape(node.num, depth)
        den = self.shape(node.den, depth)
        return num if self.soft(den) else self.fresh()

    def of_Text(self, node, depth):
        return self.fresh()

    def of_Dots(self, node, depth):
        return self.fresh()

    def of_Space(self, node, depth):
        return self.fresh()

    def of_Apply(self, node, depth):
        """`f(W)` has f's shape; an undeclared plain function's value is taken as a scalar.
        `h_1(c ⊙ u)` where h_1 was defined as a value (`h_1 = σ(a_1)`) is a product."""
        if self.is_value(node):
            return self.multiply(node, [node.fn, node.args[0]], [self.symbol(node.fn), self.shape(node.args[0], depth)])
        for arg in node.args:
            self.shape(arg, depth)
        if self.declaration(node.fn) is None and node.fn.font != "bold":
            return self.fresh()
        return self.symbol(node.fn)

    def of_Func(self, node, depth):
        args = [self.shape(a, depth) for a in node.args]
        name = node.name
        if not args:
            return self.fresh()
        s = args[0]
        if name in SQUARE_FUNCS:
            if not self.soft(s):
                what = "the trace" if name != "det" else "the determinant"
                if self.dims.unify(s[0], s[1]) is not None:
                    self.problem("NC306", node, f"{what} of `{self.latex(node.args[0])}` needs a square "
                                 f"matrix, not {self.sizes(s)}")
            return self.scalar()
        if name in ELEMENTWISE or node.prime:
            return s
        if name == "softmax":
            return s
        if name == "diag":
            if self.dims.is_one(s[1]) and not self.dims.is_one(s[0]):
                return s[0], s[0]
            return self.fresh()
        if name == "vec":
            return self.dims.product(s[0], s[1]), self.dims.const(1)
        if name == "adj":
            return self.square(node, s, "the adjugate") if len(node.args) == 1 else self.fresh()
        return self.fresh()

    def of_Kron(self, node, depth):
        shapes = [self.shape(f, depth) for f in node.factors]
        r, c = shapes[0]
        for s in shapes[1:]:
            r, c = self.dims.product(r, s[0]), self.dims.product(c, s[1])
        return r, c

    def of_Inner(self, node, depth):
        a, b = self.shape(node.left, depth), self.shape(node.right, depth)
        if not (self.soft(a) and self.soft(b)) and self.unify_pair(a, b) is not None:
            self.problem("NC306", node, f"the inner product `{self.latex(node)}` pairs {self.text(a)} with "
                         f"{self.text(b)}; both sides need one shape")
        return self.scalar()

    def of_Matrix(self, node, depth):
        entries = [[self.shape(e, depth) for e in row] for row in node.rows]
        if any(isinstance(e, Dots) for row in node.rows for e in row) or node.delim == "(" or \
                len(node.rows) * max(len(r) for r in node.rows) == 1:  # a tuple `S(i, a)` is no matrix
            return self.fresh()
        if all(self.soft(e) for row in entries for e in row) and len({len(r) for r in node.rows}) == 1:
            return self.dims.const(len(node.rows)), self.dims.const(len(node.rows[0]))
        return self.fresh()

    def of_Add(self, node, depth):
        def mismatch(base, s, term):
            if self.has_layout(node):
                return base  # a Jacobian's orientation is the layout's: cannot tell
            self.problem("NC302", node, f"cannot add {self.text(base)} and {self.text(s)} "
                         f"in `{self.latex(node)}`", self.transpose_fix(node, term))
            return self.fresh()

        return self.common_shape(node.terms, depth, mismatch)

    def of_Hadamard(self, node, depth):
        def mismatch(base, s, factor):
            self.problem("NC303", node, f"the elementwise product `{self.latex(node)}` pairs "
                         f"{self.text(base)} with {self.text(s)}", self.transpose_fix(node, factor))
            return self.fresh()

        return self.common_shape(node.factors, depth, mismatch)

    def common_shape(self, parts, depth, mismatch):
        """The one shape every part of a sum or elementwise product shares: the first
        definite one, unified with the others; `mismatch(base, shape, part)` decides what
        a part that cannot share it yields. Soft (still vague) parts take no vote."""
        shapes = [self.shape(p, depth) for p in parts]
        base = None
        for part, s in zip(parts, shapes):
            if self.soft(s):
                continue
            if base is None:
                base = s
                continue
            if self.unify_pair(base, s) is not None:
                return mismatch(base, s, part)
        return base if base is not None else shapes[0]

    def of_Dot(self, node, depth):
        a, b = self.shape(node.left, depth), self.shape(node.right, depth)
        d = self.dims
        columns = d.is_one(a[1]) and d.is_one(b[1]) and not d.is_one(a[0])
        rows = d.is_one(a[0]) and d.is_one(b[0]) and not d.is_one(a[1])
        if (columns or rows) and not self.soft(a) and not self.soft(b):
            if self.unify_pair(a, b) is not None:
                self.problem("NC301", node, f"the inner product `{self.latex(node)}` pairs {self.text(a)} "
                             f"with {self.text(b)}")
            return self.scalar()
        return self.multiply(node, [node.left, node.right], [a, b])

    def of_Mul(self, node, depth):
        shapes = [self.shape(f, depth) for f in node.factors]
        source = self.note.formulas[self.formula].latex if self.formula >= 0 else ""
        for k, factor in enumerate(node.factors[:-1]):
            applied = isinstance(factor, Symbol) and 0 <= factor.end < len(source) and source[factor.end] == "(" \
                and self.soft(shapes[k])
            if applied:  # `\lambda_i(Y)`: a function of Y the parser read as a product
                shapes[k] = shapes[k + 1] = self.fresh()
        return self.multiply(node, list(node.factors), shapes)

    def multiply(self, node: Expr, factors: list[Expr], shapes: list[Pair]) -> Pair:
        acc = shapes[0]
        for k in range(1, len(shapes)):
            s = shapes[k]
            if self.soft(acc):
                acc = s if not self.soft(s) else acc
                continue
            if self.soft(s):
                continue
            clash = self.dims.unify(acc[1], s[0])
            if clash is not None and self.layout_dependent(factors[k]) and self.dims.unify(acc[1], s[1]) is None:
                acc = acc[0], s[0]  # a derivative written in the other layout: the checker's business
                continue
            if clash is not None and self.has_layout(node):
                return self.fresh()  # a chain of Jacobians: their orientation is the layout's
            if clash is not None:
                blamed = self.declared_clash(clash, node)
                if blamed is not None:
                    self.problem("NC305", node, blamed[1], blamed[2], decl=blamed[0])
                else:
                    fix = self.mul_fix(node, factors, k)
                    self.problem("NC301", node, f"`{self.latex(node)}`: cannot multiply {self.text(acc)} "
                                 f"by {self.text(s)}", fix)
                return self.fresh()
            acc = acc[0], s[1]
        return acc

    def layout_dependent(self, node: Expr) -> bool:
        while isinstance(node, (Transpose, Neg)):
            node = node.arg
        return isinstance(node, Derivative) and id(node) in self.layout_nodes

    def of_Derivative(self, node, depth):
        f = self.shape(node.f, depth)
        if node.wrt is None:
            return self.fresh()
        x = self.shape(node.wrt, depth)
        if isinstance(node.wrt, Symbol) and is_entry(node.wrt):
            return self.fresh()  # `[∂f/∂X_ij]` stands for the whole matrix of them as often as for one
        if self.soft(f):
            if self.soft(x):
                return f
            self.layout_nodes.add(id(node))
            if node.order == 2:
                return x[0], x[0]
            flipped = (self.layout == "numerator") != isinstance(node.f, Transpose)  # `∂l^T/∂a` = (∂l/∂a)^T
            return (x[1], x[0]) if flipped else x
        if self.soft(x):
            return f
        self.layout_nodes.add(id(node))
        return self.dims.var(), self.dims.var()  # a Jacobian: its orientation is the layout's

    def of_Chain(self, node, depth):
        shapes = [self.shape(item, depth) for item in node.items]
        for k, rel in enumerate(node.rels):
            if rel not in EQUALITIES:
                continue
            left, right = node.items[k], node.items[k + 1]
            a, b = shapes[k], shapes[k + 1]
            if isinstance(left, Number) or isinstance(right, Number) or self.soft(a) and self.soft(b):
                if self.soft(a) and self.soft(b):
                    self.unify_pair(a, b)
                continue
            if (self.vague(a) and not lone(left)) or (self.vague(b) and not lone(right)):
                continue  # `[∂f/∂X_ij]` is not a definition of f: a scalar-looking side proves nothing
            clash = self.unify_pair(a, b)
            if clash is None:
                continue
            if (self.has_layout(left) or self.has_layout(right)) and self.fits(a, (b[1], b[0])):
                self.unify_pair(a, (b[1], b[0]))
                continue
            if self.rebind(left, b) or self.rebind(right, a):
                continue
            if self.undeclared(left) or self.undeclared(right):
                continue  # a naming convention met its use: the prior gives way, no finding
            fix = self.transpose_fix(node, right) or self.transpose_fix(node, left)
            self.problem("NC304", right, f"the two sides of `{rel}` differ in shape: `{self.latex(left)}` is "
                         f"{self.text(a)}, `{self.latex(right)}` is {self.text(b)}", fix)
        return shapes[0]

    def undeclared(self, side: Expr) -> bool:
        """No declared sizes: a kind word alone ("f 是矩阵…") is read from prose and may be misread."""
        if isinstance(side, Differential):
            side = side.arg
        if not isinstance(side, Symbol):
            return False
        decl = self.declaration(side)
        return decl is None or decl.shape is None

    def has_layout(self, node: Expr) -> bool:
        return any(id(n) in self.layout_nodes for n in walk(node))

    def rebind(self, side: Expr, shape: Pair) -> bool:
        """`f = ...` again, with another shape: a new binding shadows the old one."""
        if not isinstance(side, Symbol) or side not in self.evidence.defined or not self.undeclared(side) \
                or side in self.evidence.differentiated:
            return False
        self.bind[self.key(side)] = shape
        self.shapes[id(side)] = (side, shape)
        return True

    # ------------------------------------------------------------ fixes

    def transpose_style(self) -> str:
        text = self.note.text
        if "\\top" in text:
            return "^{\\top}"
        if "\\intercal" in text:
            return "^{\\intercal}"
        return "^T"

    def toggled(self, node: Expr) -> Expr:
        return node.arg if isinstance(node, Transpose) else Transpose(node, pos=node.pos, end=node.end)

    def mul_fix(self, node: Expr, factors: list[Expr], k: int) -> str | None:
        for j in (k - 1, k):
            fix = self.transpose_fix(node, factors[j])
            if fix is not None:
                return fix
        return None

    def transpose_fix(self, where: Expr, target: Expr) -> str | None:
        """Add or drop one transpose on `target`; if the whole statement then fits, return
        `where` as it would read with that edit."""
        if self.muted:
            return None
        new = self.toggled(target)
        statement = replace_node(self.statement, target, new)
        if statement is None or not self.trial(statement):
            return None
        return self.spliced(where, target)

    def trial(self, statement: Expr) -> bool:
        saved = (self.dims, dict(self.bind), dict(self.shapes), set(self.layout_nodes),
                 dict(self.formula_symbols))
        self.dims = self.dims.copy()
        self.muted += 1
        self.failed = False
        try:
            self.shape(statement, 0)
            return not self.failed
        finally:
            self.muted -= 1
            self.dims, self.bind, self.shapes, self.layout_nodes, self.formula_symbols = saved

    def spliced(self, where: Expr, target: Expr) -> str | None:
        source = self.note.formulas[self.formula].latex
        if not (0 <= where.pos <= target.pos < target.end <= where.end <= len(source)):
            return None
        if isinstance(target, Transpose):
            inner = target.arg
            if not (target.pos <= inner.pos < inner.end <= target.end):
                return None
            edited = source[where.pos:inner.end] + source[target.end:where.end]
        else:
            piece = source[target.pos:target.end]
            if not (isinstance(target, Symbol) or piece.startswith(("(", "\\left"))):
                piece = f"({piece})"
            style = self.transpose_style()
            following = source[target.end:target.end + 1]
            if style == "^T" and following[:1].isalnum():
                style = "^{T}"
            edited = source[where.pos:target.pos] + piece + style + source[target.end:where.end]
        return edited.strip()


def crosses_fonts(decl) -> bool:
    """May a declaration of bold x speak for italic x (or the reverse)? Plain-text ones and
    upper-case names yes (prose cannot bold; a matrix is a matrix); a scalar yes (damaged
    exports bold every letter in prose); but "bold x is a vector" says nothing of italic x."""
    return decl.any_font or decl.symbol.name[:1].isupper() or "scalar" in decl.properties


def lone(node: Expr) -> bool:
    """A side that names one thing (`y'`, `f(W)`, `df`): binding it to the other side is a definition."""
    while isinstance(node, (Differential, Neg)):
        node = node.arg
    return isinstance(node, (Symbol, Apply))


def is_size_formula(latex: str) -> bool:
    """`$m×1$`, `$\\bm{m}\\times\\bm{1}$` in "a 是 $m×1$ 列向量" are sizes, not products."""
    from notecheck.context import dims_in_latex

    return dims_in_latex(latex) is not None


def replace_node(tree: Expr, target: Expr, new: Expr) -> Expr | None:
    """`tree` with the node `target` (by identity) replaced; None if it is not there."""
    if tree is target:
        return new
    found = []

    def visit(child: Expr) -> Expr:
        out = replace_node(child, target, new)
        if out is None:
            return child
        found.append(out)
        return out

    rebuilt = map_children(tree, visit)
    return rebuilt if found else None


# ---------------------------------------------------------------- the note


class ShapeEnv:
    """The solved shapes of a note: every symbol's, and every node's of every tree.

    `of(node)` keys by the node object's identity: pass the very tree objects given to
    `infer`. Symbols are bound per section (see the module docstring), so `symbol(sym,
    formula=i)` and `concrete(formula=i)` answer for the section of formula i; without
    `formula`, each symbol's binding from the section where it is used most."""

    def __init__(self):
        self._nodes: dict[int, tuple[Expr, Shape]] = {}
        self._layout: set[int] = set()
        self._solvers: list[Solver] = []
        self._where: dict[int, int] = {}
        self._section_sizes: dict[int, tuple[dict, dict]] = {}  # concrete() per section: one pass each
        self.names: list[str] = []  # the named dims, in order of first declaration

    def of(self, node: Expr) -> Shape | None:
        found = self._nodes.get(id(node))
        return found[1] if found is not None and found[0] is node else None

    def layout_dependent(self, node: Expr) -> bool:
        """True for a derivative of a scalar by a vector or matrix: its shape is X's in the
        denominator layout and X's transpose in the numerator layout."""
        return id(node) in self._layout

    def symbol(self, sym: Symbol, formula: int | None = None) -> Shape | None:
        solver = self._solver_for(sym, formula)
        if solver is None:
            return None
        r, c = solver.bind[solver.key(sym)]
        return Shape(solver.dims.dim(r), solver.dims.dim(c))

    def _solver_for(self, sym: Symbol, formula: int | None) -> Solver | None:
        if formula is not None:
            k = self._where.get(formula)
            solver = self._solvers[k] if k is not None and k < len(self._solvers) else None
            return solver if solver is not None and solver.key(sym) in solver.bind else None
        best, count = None, 0
        for solver in self._solvers:
            uses = sum(1 for names in solver.formula_symbols.values() if sym in names)
            if solver.key(sym) in solver.bind and uses > count:
                best, count = solver, uses
        return best

    def concrete(self, sizes: dict[str, int] | None = None, formula: int | None = None) -> dict[Symbol, tuple[int, int]]:
        """Integer shapes to draw random values from: named sizes from `sizes` or distinct
        numbers 3, 4, 5, ... (the same number for the same name everywhere), every other
        unknown a distinct number too, so a missing transpose cannot pass by luck; 1 for
        vector columns and for scalars. The numbers chosen for named sizes are written
        into `sizes` when given, so sums to `n` can run over the same n."""
        sizes = {} if sizes is None else sizes
        section = self._where.get(formula) if formula is not None and not sizes else None
        if section is not None:  # every formula of a section has the same answer: work out each once
            if section not in self._section_sizes:
                out = self._concrete(sizes, formula)
                self._section_sizes[section] = (dict(out), dict(sizes))
            out, found = self._section_sizes[section]
            sizes.update(found)
            return dict(out)
        return self._concrete(sizes, formula)

    def _concrete(self, sizes: dict[str, int], formula: int | None) -> dict[Symbol, tuple[int, int]]:
        numbers = _Numbers(sizes, self.names)
        out: dict[Symbol, tuple[int, int]] = {}
        solvers = [self._solvers[self._where[formula]]] if formula is not None and formula in self._where \
            else self._solvers
        for solver in solvers:
            numbers.new_section()
            memo: dict[int, int] = {}
            for names in solver.formula_symbols.values():
                for sym, key in names.items():
                    if formula is None and sym in out:
                        continue
                    if formula is None and self._solver_for(sym, None) is not solver:
                        continue
                    r, c = solver.bind[key]
                    out[sym] = (numbers.size(solver.dims, r, memo), numbers.size(solver.dims, c, memo))
        return out


class _Numbers:
    """Hands out distinct sizes: named dims by name, unknowns one by one."""

    def __init__(self, sizes: dict[str, int], names: list[str]):
        self.sizes = sizes
        self.taken = set(sizes.values())
        self.next = SIZES_FROM
        for name in names:
            if name not in self.sizes:
                self.sizes[name] = self.fresh()

    def new_section(self) -> None:
        """Unknowns of one section need only differ from each other and from named sizes:
        numbering restarts per section, which keeps Kronecker and vec sizes small."""
        self.taken = set(self.sizes.values())
        self.next = SIZES_FROM

    def fresh(self) -> int:
        while self.next in self.taken:
            self.next += 1
        self.taken.add(self.next)
        return self.next

    def written(self, value: int) -> int:
        """A size the note writes as a number. The checker treats sizes as symbols, so a
        large one is drawn small (the same large number, the same small one): a claim
        about 20000×20000 matrices is checked on 3×3 ones instead of allocating 3 GB."""
        if value <= MAX_DRAWN_SIZE:
            return value
        key = f"#{value}"
        if key not in self.sizes:
            self.sizes[key] = self.fresh()
        return self.sizes[key]

    def size(self, dims: Dims, i: int, memo: dict[int, int]) -> int:
        root = dims.find(i)
        if root in memo:
            return memo[root]
        info = dims.info[root]
        if info.kind == "int":
            out = self.written(int(info.value))
        elif info.kind == "name":
            if info.value not in self.sizes:
                self.sizes[info.value] = self.fresh()
            out = self.sizes[info.value]
        elif info.kind == "prod":
            out = _prod(self.size(dims, f, memo) for f in dims.factors(root))
        else:
            out = 1 if info.default == "one" and info.unit_ok else self.fresh()
        memo[root] = out
        return out


def infer(note, trees: list[Parsed | None], context) -> tuple[ShapeEnv, list]:
    """Solve shapes for all trees of `note` given its `Context`; return the env and
    shape `Finding`s (NC301-NC306) with line/col/formula/fix filled in."""
    trees = list(trees) + [None] * (len(note.formulas) - len(trees))
    sections, where = sections_of(note, context)
    layout = getattr(getattr(context, "layout", None), "name", None)
    env = ShapeEnv()
    env._where = where
    findings: list[Finding] = []
    carried: dict[Symbol, str] = {}
    for section in sections:
        solver, blamed = solve_section(note, trees, section, layout, dict(carried))
        carried.update(declared_kinds(section.decls))
        env._solvers.append(solver)
        findings += [declaration_finding(note, p) for p in blamed]
        findings += dedupe(formula_finding(note, p) for p in solver.problems)
        for node, pair in solver.shapes.values():
            env._nodes[id(node)] = (node, Shape(solver.dims.dim(pair[0]), solver.dims.dim(pair[1])))
        env._layout |= solver.layout_nodes
    env.names = _declared_names(context)
    return env, findings


def _declared_names(context) -> list[str]:
    out: list[str] = []
    for decl in (context.all() if context is not None else []):
        if decl.shape is None:
            continue
        for d in (decl.shape.rows, decl.shape.cols):
            if isinstance(d, str) and d not in out:
                out.append(d)
    return out


def declared_kinds(decls) -> dict[Symbol, str]:
    """scalar / vector / matrix as declared, keyed by the symbol in every font."""
    out = {}
    for decl in decls:
        kind = next((k for k in ("scalar", "vector", "matrix") if k in decl.properties), None)
        if kind is not None:
            s = decl.symbol
            for font in ("", "bold") if decl.any_font or s.name[:1].isupper() else (s.font,):
                out[Symbol(s.name, font, s.sub, s.accent, s.prime)] = kind
    return out


def solve_section(note, trees, section: Section, layout: str | None,
                  carried: dict | None = None) -> tuple[Solver, list[Problem]]:
    """Solve; drop a declaration that contradicts use and solve again; promote plain
    letters that use showed to be vectors or matrices and solve again.

    A declaration is blamed only if without it the section's formulas agree: in seed 003
    every `X b` wants b n×1, so "b 是 m×1" is wrong; but one formula that moves X past dW
    (`dW X b`) is wrong itself, and no single declaration explains it away."""
    decls = list(section.decls)
    promoted: dict[Symbol, str] = {}
    blamed: list[Problem] = []
    blame = True
    for _ in range(len(decls) + 5):
        solver = Solver(note, trees, section, decls, promoted, layout, carried, blame)
        solver.run()
        against = [p for p in solver.problems if p.code == "NC305"]
        if against:
            rest = [d for d in decls if d is not against[0].decl]
            trial = Solver(note, trees, section, rest, promoted, layout, carried, True)
            trial.run()
            others = len(solver.problems) - len(against)
            if all(p.code != "NC305" for p in trial.problems) and len(trial.problems) <= others:
                blamed.append(against[0])
                decls = rest
            else:
                blame = False
            continue
        grown = promotions(solver)
        if not grown or all(promoted.get(k) == v for k, v in grown.items()):
            return solver, blamed
        promoted.update(grown)
    return solver, blamed


def promotions(solver: Solver) -> dict[Symbol, str]:
    out = {}
    d = solver.dims
    for key in solver.soft_symbols:
        r, c = solver.bind.get(key, (None, None))
        if r is None or (d.is_soft(r) and d.is_soft(c)):
            continue
        out[key] = "vector" if d.is_one(c) else "matrix"
    return out


def dedupe(findings) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def place(formula, pos: int) -> tuple[int, int]:
    """Line and column of offset `pos` of a formula's LaTeX in the file."""
    if pos < 0 or formula.start < 0:
        return formula.line, formula.col
    before = formula.latex[:pos]
    if "\n" not in before:
        return formula.line, formula.col + pos
    return formula.line + before.count("\n"), pos - before.rfind("\n")


def formula_finding(note, p: Problem) -> Finding:
    formula = note.formulas[p.formula]
    line, col = place(formula, p.node.pos)
    return Finding(p.code, p.message, line=line, col=col, end_line=formula.end_line, formula=formula.latex,
                   fix=p.fix, cell=formula.cell)


def declaration_finding(note, p: Problem) -> Finding:
    decl = p.decl
    formula = note.formulas[decl.formula].latex if decl.formula is not None else None
    return Finding("NC305", p.message, line=decl.line, col=decl.col, formula=formula, fix=p.fix)

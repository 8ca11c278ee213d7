"""The shape solver of one section: binds each symbol (declaration, else convention),
walks the section's formulas in order through the node rules of `shape_rules`, and
records each failed constraint as a `Problem`, with a one-transpose fix where one fits."""

from __future__ import annotations

import re
from dataclasses import replace

from notecheck.latex import writes_transpose
from notecheck.latex.expr import (
    Apply, Differential, Expr, Neg, Symbol, Transpose, children, map_children, walk,
)
from notecheck.meaning.clash_doubts import bold_number_doubt, clash_doubt, guessed_number_doubt
from notecheck.meaning.certainty import convention_doubt, definitions_in, symbols_read
from notecheck.meaning.reach import symbols_of
from notecheck.meaning.conventions import family_keys, gather_evidence, is_entry, is_upper
from notecheck.meaning.dims import Dims, Pair
from notecheck.meaning.sections import Section, opens_with_heading
from notecheck.meaning.written_sizes import dims_in_latex, writes_tensor_size
from notecheck.meaning.shape_rules import ShapeRules
from notecheck.records import Record

NO_RULE = object()  # a node type not looked up yet
# node type -> its `ShapeRules.of_<Node>`, or None. The functions, not a solver's bound
# methods: a solver holding its own methods is a cycle, which only the garbage collector
# frees, with every node shape of the section (a third of a note's objects).
RULES: dict[type, object] = {}
UNASKED = object()  # a symbol whose declaration is not looked up yet
MAX_DEPTH = 300  # deeper trees are left unknown rather than recursed into

SQUARE_PROPERTIES = frozenset({"symmetric", "spd", "diagonal", "orthogonal"})  # a matrix so declared is square
# properties that say what shape a symbol has ("constant" does not)
SHAPING = frozenset({"scalar", "vector", "row", "matrix", "symmetric", "spd", "diagonal", "orthogonal", "onehot",
                     "invertible"})

# ---------------------------------------------------------------- the solver of one section


class Problem(Record):
    """One failed constraint: where, which code, what to say, and the fix if one edit fits."""

    code: str
    formula: int
    node: Expr
    message: str
    fix: str | None = None
    decl: object = None   # the blamed declaration, for NC305
    read: tuple = ()      # the nodes whose reading the clash rests on, when more than `node`
    doubt: str = ""       # why the clash may be a reading of the rule rather than a mistake
    pinned: bool = False  # both clashing shapes are sized by declarations: no convention in them


class Solver(ShapeRules):
    """Solves one section: binds its symbols, walks its formulas in order."""

    def __init__(self, note, trees, section: Section, decls: list, promoted: dict, layout: str | None,
                 carried: dict | None = None, blame: bool = True, basis: tuple | None = None, earlier: tuple = ()):
        self.blame = blame  # may a clash of two declared sizes be put on a declaration (NC305)?
        self.note, self.trees, self.section, self.layout = note, trees, section, layout
        self.dims = Dims()
        self.stated: dict = {}  # (formula, size, size, square letters) -> what its sentence assumes (`clash_doubts`)
        self.decls = decls
        self.promoted = promoted
        self.bind: dict[Symbol, Pair] = {}
        self.soft_symbols: set[Symbol] = set()
        self.shapes: dict[int, tuple[Expr, Pair]] = {}
        self.applied: dict[Expr, Pair] = {}  # an undeclared function's value, by what it is applied to (`value_of`)
        self.numbers_read: list[Expr] = []  # values of unknown shape a product took as numbers (`read_as_number`)
        self.layout_nodes: set[int] = set()
        self.problems: list[Problem] = []
        self.formula_symbols: dict[int, dict[Symbol, Symbol]] = {}
        self.formula = -1
        self.muted = 0
        self.deep = False  # a node of the current statement lay deeper than MAX_DEPTH
        self.parents: tuple = (None, {})  # the statement edited last, and its nodes' parents by id
        if basis is None:  # what the section's formulas alone say: the same for each solver of it
            basis = section_basis(trees, section)
        self.basis = basis
        self.family, self.evidence = basis
        self.carried = carried or {}  # kinds declared in earlier sections: priors here
        self.earlier = earlier  # the declarations of earlier sections (`clash_doubts`: a letter reused)
        self.decl_of: dict[Symbol, object] = {}
        self.declarations: dict[Symbol, object] = {}  # symbol -> `declaration(symbol)`
        for decl in decls:
            self.decl_of.setdefault(decl.symbol, []).append(decl)
        self.declared_names = {declared.name for declared in self.decl_of}
        # called a constant number in words ("C 为常数"): a capital read as a number, not a matrix
        self.numbers = frozenset(d.symbol for d in decls if "number" in d.properties and d.shape is None)

    @property
    def writes_transpose(self) -> bool:
        """Whether the note writes a transpose as such (`^T`, `^{\\mathrm T}`, `^\\top`): then
        its `x^t` is no transpose that lost its case (asked only of `^t`, seldom)."""
        return writes_transpose("\n".join(formula.latex for formula in self.note.formulas))

    # ------------------------------------------------------------ bindings

    def key(self, sym: Symbol) -> Symbol:
        return self.family.get(sym, sym) if self.family else sym

    def declaration(self, sym: Symbol):
        """The section's last declaration of sym (exact font first) that says something
        about its shape: "X and y are constants" after "X ∈ R^{m×n}" keeps X m×n. (Asked
        of each symbol again and again; the declarations of a solver never change.)"""
        if not self.decl_of:
            return None  # a section that declares nothing (most): no symbol hashed to find that out
        known = self.declarations.get(sym, UNASKED)
        if known is UNASKED:
            known = self.declarations[sym] = self.find_declaration(sym)
        return known

    def find_declaration(self, sym: Symbol):
        candidates = (sym,)  # a name no declaration spells: only its family's may speak for it
        if sym.name in self.declared_names:
            candidates += tuple(Symbol(sym.name, f, sym.sub, sym.accent, sym.prime) for f in ("", "bold")
                                if f != sym.font)
        for candidate in candidates:
            found = [d for d in self.decl_of.get(candidate, []) if (d.shape is not None or d.properties & SHAPING)
                     and (candidate is sym or crosses_fonts(d) and not self.fonts_kept_apart(d, sym))]
            if not found and sym.sub and "*" in (self.key(sym).sub or ""):
                found = [d for k, ds in self.decl_of.items() if self.key(k) == self.key(sym) for d in ds]
            if found:
                return found[-1]
        return None

    def fonts_kept_apart(self, decl, sym: Symbol) -> bool:
        """A scalar declared in italic does not speak for the bold letter when the section's
        formulas write both ("$x \\in \\mathbb{R}$" and "$\\mathbf{x} = [1, 2, 3]^T$"): the note
        keeps them apart. (A plain-text or capital letter's declaration crosses regardless.)"""
        if decl.any_font or decl.symbol.name[:1].isupper():
            return False
        if not hasattr(self, "_fonts"):
            self._fonts = {(s.name, s.font) for i in self.section.formulas if self.trees[i] is not None
                           for s in symbols_of(self.trees[i])}
        return (sym.name, sym.font) in self._fonts and (decl.symbol.name, decl.symbol.font) in self._fonts

    def symbol(self, sym: Symbol) -> Pair:
        family = self.family
        key = family.get(sym, sym) if family else sym  # `key(sym)`: most sections have no family (no hash asked)
        if self.formula >= 0:
            named = self.formula_symbols.get(self.formula)
            if named is None:
                named = self.formula_symbols[self.formula] = {}
            named[sym] = key
        pair = self.bind.get(key)
        if pair is None:
            pair = self.bind[key] = self.prior(sym)
        return pair

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
            if props & SQUARE_PROPERTIES:
                v = d.var()
                return v, v
            if "row" in props:
                return d.const(1), d.var()
            if "vector" in props or "onehot" in props:
                return d.var(), d.const(1)
            if "matrix" in props or "invertible" in props:
                return d.var(), d.var()
        key = self.key(sym)
        evidence, promoted, carried = self.evidence, self.promoted, self.carried  # (each asked only when not empty)
        if evidence.differentiated and sym in evidence.differentiated and not (promoted and key in promoted):
            return d.const(1), d.const(1)
        kind = (promoted and promoted.get(key)) or (carried and carried.get(sym)) or self.convention(sym)
        if kind == "scalar":
            self.soft_symbols.add(key)
            return d.var(True, "one"), d.var(True, "one")
        if kind == "vector":
            return d.var(), d.const(1)
        if kind == "square":  # declared symmetric (or so) in an earlier section
            v = d.var()
            return v, v
        return d.var(), d.var()

    def declared_dim(self, value, index: int) -> int:
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return self.dims.const(int(value))
        if isinstance(value, str) and re.fullmatch(r"[A-Za-z]\w{0,2}'*", value):
            i = self.dims.const(value)
            root = self.dims.find(i)
            self.dims.info[root] = replace(self.dims.info[root], decls=self.dims.info[root].decls | {index})
            return i
        return self.dims.var()

    def convention(self, sym: Symbol) -> str:
        evidence = self.evidence  # (its sets are asked only when not empty: a symbol's hash is a call)
        if is_entry(sym) or sym.font in ("cal", "bb", "rm") or (evidence.scalar and sym in evidence.scalar) or \
                (sym.name == "d" and not sym.sub):  # a `d` the parser took for a letter
            return "scalar"
        if is_upper(sym):
            return "scalar" if self.numbers and sym in self.numbers else "matrix"
        if sym.font == "bold" or (evidence.vector and sym in evidence.vector):
            return "vector"
        return "scalar"

    # ------------------------------------------------------------ certainty

    def why_unknown(self, sym: Symbol, seen: frozenset = frozenset()) -> str:
        """'' when sym's kind and shape are a fact in this section (declared here or
        earlier, an entry, a scalar by use, sizes pinned by declared neighbours, or
        defined from facts);
        else why not. See `certainty` for the rule this serves."""
        key = self.key(sym)
        if sym in self.evidence.scalar and key in self.bind and not self.soft(self.bind[key]) and \
                not self.declared(sym):  # `v = w^T x` read 1×? with x a scalar by convention
            return f"`{sym.name}` is used as a number (a denominator, an exponent or a limit) but read as " \
                   f"{self.sizes(self.bind[key])} here: its shape is not certain"
        if self.declared(sym) or is_entry(sym) or sym in self.evidence.scalar:
            return self.held_under_heading(sym)
        if sym in self.carried and sym not in self.definitions and key in self.bind and \
                self.is_kind(self.bind[key], self.carried[sym]):
            return self.reused(sym)  # declared in an earlier section, not bound anew here, and read as declared
        if key in self.bind and self.pinned(self.bind[key]):
            return ""
        if sym not in seen and not (key in self.bind and self.unsized(self.bind[key])):
            for value in self.definitions.get(sym, ()):  # (a value whose shape left both sizes open pins nothing)
                if not any(self.why_unknown(s, seen | {sym}) for s in symbols_read([value])):
                    return ""
        return convention_doubt(sym, self.sizes(self.bind[key]) if key in self.bind else "?×?",
                                bool(self.numbers) and sym in self.numbers, sym in self.evidence.differentiated)

    def held_under_heading(self, sym: Symbol) -> str:
        """A notebook part that opens with a heading of its own holds a declaration from
        before it (`sections.cell_sections`); as in a Markdown note, whose later sections
        carry it, the letter's kind is then a fact only if the earlier parts declared it
        one way (`reused`: a scalar x in one chapter, a vector x in the next)."""
        decl = self.declaration(sym)
        if decl is None or getattr(self.note, "kind", "") != "notebook" or decl.formula in self.section.formulas \
                or not opens_with_heading(self.note, self.section):
            return ""
        return self.reused(sym)

    def reused(self, sym: Symbol) -> str:
        """Why a kind carried from earlier sections is not a fact here: they declared the
        letter two kinds (X a matrix of data, then an N-vector for a normal distribution),
        so a section that declares it not may mean either ('' when they agree)."""
        kinds: dict[str, int] = {}
        for decl in self.spelled(sym, self.earlier):
            kind = kind_declared(decl)
            if kind is not None:
                kinds.setdefault(kind, decl.line)
        if "column" in kinds:
            kinds.pop("vector", None)  # (a vector said in words, a column by its size: one kind)
        if len(kinds) < 2:
            return ""
        said = " and ".join(f"a {kind} (line {line})" for kind, line in kinds.items())
        return f"`{self.latex_of_symbol(sym)}` is declared {said} in earlier sections and not in this one: which " \
               f"it means here is not certain"

    def declared(self, sym: Symbol) -> bool:
        """Declared in this section, a declaration the use contradicts (NC305) included."""
        if self.declaration(sym) is not None:
            return True
        return any(d.shape is not None or d.properties & SHAPING for d in self.spelled(sym))

    def spelled(self, sym: Symbol, decls=None) -> list:
        """The declarations of sym's name among `decls` (the section's), in note order: in
        its font, or in a font that may speak for it (`crosses_fonts`); those the use
        contradicts included."""
        return [d for d in (self.section.decls if decls is None else decls) if d.symbol.name == sym.name and
                d.symbol.sub == sym.sub and (d.symbol.font == sym.font or crosses_fonts(d))]

    def is_kind(self, s: Pair, kind: str) -> bool:
        ones = [self.dims.is_one(i) for i in s]
        return {"scalar": ones == [True, True], "vector": ones == [False, True]}.get(kind, not ones[0] and not ones[1])

    def unsized(self, s: Pair) -> bool:
        """Neither size known, nor either of them one."""
        return all(self.dims.root_info(i).kind not in ("int", "name", "prod") and not self.dims.is_one(i) for i in s)

    def pinned(self, s: Pair) -> bool:
        """Both sizes known, at least one of them a declared name: use tied it to declarations."""
        kinds = [self.dims.root_info(i).kind for i in s]
        return all(k in ("int", "name", "prod") for k in kinds) and "name" in kinds

    @property
    def definitions(self) -> dict:
        if not hasattr(self, "_definitions"):
            self._definitions = definitions_in(self.trees[i] for i in self.section.formulas
                                               if self.trees[i] is not None)
        return self._definitions

    # ------------------------------------------------------------ helpers

    def fresh(self) -> Pair:
        return self.dims.var(True, "one"), self.dims.var(True, "one")

    def scalar(self) -> Pair:
        return self.dims.const(1), self.dims.const(1)

    def soft(self, s: Pair) -> bool:
        return self.dims.both_soft(s)

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
        """Unify two shapes; on conflict change nothing but report the first clash."""
        return self.dims.unify_each(a, b)

    def fits(self, a: Pair, b: Pair) -> bool:
        return self.dims.unify_each(a, b, keep=False) is None

    def latex(self, node: Expr) -> str:
        source = self.note.formulas[self.formula].latex
        if 0 <= node.pos < node.end <= len(source):
            return source[node.pos:node.end].strip()
        try:
            from notecheck.latex import to_latex
            return to_latex(node)
        except Exception:  # the printer is optional here: a message can do without it
            return type(node).__name__

    def problem(self, code: str, node: Expr, message: str, fix: str | None = None, decl=None, read=(),
                doubt: str = "", shapes: tuple = (), clash: tuple[int, int] | None = None):
        """Record a failed constraint; `clash`, the two dim classes that failed to unify,
        may show the note meant it (`clash_doubts`)."""
        if self.muted:
            self.failed = True
            if not self.deep:
                raise Refuted
            return
        nodes = tuple(read) or (node,)
        doubt = doubt or clash_doubt(self, clash, nodes, shapes) or guessed_number_doubt(self, nodes) \
            or bold_number_doubt(self, nodes, shapes)
        pinned = bool(shapes) and all(self.pinned(shape) for shape in shapes)
        self.problems.append(Problem(code, self.formula, node, message, fix, decl, tuple(read), doubt, pinned))

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
        shape = decl.shape
        name = self.latex_of_symbol(decl.symbol)
        said = f"`{name}` is declared {shape.rows}×{shape.cols} but `{self.latex(node)}` needs "
        if blamed in ia.decls and blamed in ib.decls:  # its rows clash with its columns: which of them is wrong is
            needed = f"{shape.rows} = {shape.cols}"    # not known here, only that the product needs them equal
            return decl, said + needed, needed
        mine, other = (ia.value, ib.value) if blamed in ia.decls else (ib.value, ia.value)
        rows, cols = (other if d == mine else d for d in (shape.rows, shape.cols))
        needed = f"{rows}×{cols}"
        return decl, said + needed, needed

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
                self.deep = False
                self.shape(statement, 0)
        self.formula = -1
        self.parents = (None, {})  # a solver is kept with the note's shapes: its working lists are not

    def shape(self, node: Expr, depth: int) -> Pair:
        if depth > MAX_DEPTH:
            out = self.fresh()
            self.deep = True
        elif type(node) is Symbol:  # `of_Symbol`, without its call: half of all nodes are symbols
            out = self.symbol(node)
        else:
            kind = type(node)
            rule = RULES.get(kind, NO_RULE)
            if rule is NO_RULE:
                rule = RULES[kind] = getattr(ShapeRules, "of_" + kind.__name__, None)
            out = rule(self, node, depth + 1) if rule is not None else self.fresh()
        self.shapes[id(node)] = (node, out)
        return out

    def undeclared(self, side: Expr) -> bool:
        """No declared sizes: a kind word alone ("f 是矩阵…") is read from prose and may be misread."""
        if isinstance(side, Differential):
            side = side.arg
        if not isinstance(side, Symbol):  # a compound side is judged by `certainty.reading_doubt`
            return False
        decl = self.declaration(side)
        return decl is None or decl.shape is None

    def declared_vector(self, shape: Pair) -> bool:
        """A column or a row whose length a declaration names."""
        rows, cols = shape
        if not (self.dims.is_one(cols) or self.dims.is_one(rows)):
            return False
        length = self.dims.root_info(rows if self.dims.is_one(cols) else cols)
        return length.kind == "name" and bool(length.decls)

    def has_layout(self, node: Expr) -> bool:
        return not self.layout_nodes.isdisjoint(map(id, walk(node))) if self.layout_nodes else False

    def rebind(self, side: Expr, shape: Pair) -> bool:
        """`f = ...` again, with another shape: a new binding shadows the old one. A letter
        the note differentiates (`l` in ∂l/∂W) is a loss, a scalar, whatever its value's
        conventions make of it (`L = (Y - Xβ)^T(Y - Xβ) + …`, with Y read as a matrix), unless
        its value is a vector whose size a declaration names (`u = Ax`, A ∈ R^{m×n}: an m-vector)."""
        if not isinstance(side, Symbol) or side not in self.evidence.defined or not self.undeclared(side):
            return False
        if side in self.evidence.differentiated and not self.declared_vector(shape):
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
        statement = self.edited(target, new)
        if statement is None or not self.trial(statement):
            return None
        return self.spliced(where, target)

    def edited(self, target: Expr, new: Expr) -> Expr | None:
        """`replace_node(self.statement, target, new)`, the nodes that hold `target` found
        up through the statement's parents. A statement is tried with about three edits, and
        `replace_node` walks all of it for each: its parents are listed once."""
        statement = self.statement
        if self.parents[0] is not statement:
            parents: dict[int, list[Expr]] = {}
            for node in walk(statement):
                for child in children(node):
                    parents.setdefault(id(child), []).append(node)
            self.parents = (statement, parents)
        parents = self.parents[1]
        if target is not statement and id(target) not in parents:
            return None
        holding, above = {id(target)}, [target]
        while above:
            for parent in parents.get(id(above.pop()), ()):
                if id(parent) not in holding:
                    holding.add(id(parent))
                    above.append(parent)
        return _rebuilt(statement, target, new, holding)

    def trial(self, statement: Expr) -> bool:
        """Whether `statement` (an edit of the current one) fits, leaving the solver as it
        was. What the trial shapes goes to a dict of its own: nothing reads `shapes` while
        solving, so the section's (every node so far) is put back, not copied.

        The trial ends at its first clash (`Refuted`): 382 trials in 398 fail, most of them
        early. What it leaves behind is what the whole walk would: the symbols it names in
        `formula_symbols` (whose order numbers the sizes drawn) and `soft_symbols`, as the
        walk goes on through the statement in the same order (the edited node is behind it,
        already walked), unless a node of the statement lay deeper than MAX_DEPTH, where
        dropping a transpose could bring more of it in: then the trial goes to its end."""
        saved = (self.dims, dict(self.bind), dict(self.applied), self.shapes, set(self.layout_nodes),
                 dict(self.formula_symbols))
        self.shapes = {}
        self.dims = self.dims.copy()
        self.muted += 1
        self.failed = False
        try:
            self.shape(statement, 0)
            return not self.failed
        except Refuted:
            return False
        finally:
            self.muted -= 1
            self.dims, self.bind, self.applied, self.shapes, self.layout_nodes, self.formula_symbols = saved

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
            if not (isinstance(target, Symbol) and "^" not in piece or piece.startswith(("(", "\\left"))):
                piece = f"({piece})"  # (a symbol written with a superscript, `W^{[2]}`, too: no double `^`)
            style = self.transpose_style()
            following = source[target.end:target.end + 1]
            if style == "^T" and following[:1].isalnum():
                style = "^{T}"
            edited = source[where.pos:target.pos] + piece + style + source[target.end:where.end]
        return edited.strip()


def _rebuilt(node: Expr, target: Expr, new: Expr, holding: set[int]) -> Expr:
    """`node` with `target` replaced by `new`, rebuilding only the nodes in `holding` (a
    module function, not a closure that calls itself: that would be a cycle)."""
    if node is target:
        return new
    if id(node) not in holding:
        return node
    return map_children(node, lambda child: _rebuilt(child, target, new, holding))


def section_basis(trees, section: Section) -> tuple:
    """A section's symbol families and what use says of its symbols (`Evidence`), both
    read from its formulas alone: `shapes.solve_section` solves a section again after a
    promotion or without a declaration, and those solvers share them (read-only)."""
    formulas = [trees[i] for i in section.formulas if trees[i] is not None]
    return family_keys([symbols_of(tree) for tree in formulas]), gather_evidence(formulas)


class Refuted(Exception):
    """A trial's statement clashed: it does not fit, whatever the rest of it holds."""


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
    """`$m×1$`, `$\\bm{m}\\times\\bm{1}$` in "a 是 $m×1$ 列向量", a tensor's `$N \\times k \\times
    p \\times k$` are sizes, not products."""
    return dims_in_latex(latex) is not None or writes_tensor_size(latex)


def kind_declared(decl) -> str | None:
    """What a declaration makes its letter: a scalar, a column, a row or a matrix (None
    when it says none of them)."""
    shape = decl.shape
    if shape is not None:
        return "scalar" if shape.is_scalar else "column" if shape.cols == 1 else "row" if shape.rows == 1 \
            else "matrix"
    return next((k for k in ("scalar", "row", "vector", "matrix") if k in decl.properties), None)

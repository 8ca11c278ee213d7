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

This module runs the sections' solvers and collects their answers (`infer`, `ShapeEnv`);
the dimensions are in `dims`, the scopes in `sections`, the priors in `conventions`, one
section's solver in `shape_solver` and the rule of each node type in `shape_rules`.
"""

from __future__ import annotations

import re

from notecheck.findings import Finding
from notecheck.latex.expr import Apply, Chain, Expr, Mul, Parsed, Symbol, rebuilt, walk
from notecheck.meaning.certainty import definitions_in, functions_defined_in, reading_doubt, symbols_read
from notecheck.meaning.disclaimers import disclaimer
from notecheck.meaning.reach import kinds_in, symbols_of
from notecheck.meaning.dims import Dims, Shape, size_product
from notecheck.meaning.law_words import law_word
from notecheck.meaning.sections import Section, declared_before, sections_of
from notecheck.meaning.shape_solver import SQUARE_PROPERTIES, Problem, Solver
from notecheck.meaning.stated_conditions import general_law, paragraph_of, words_near

SIZES_FROM = 3   # concrete sizes for unknown dims: 3, 4, 5, ... (1 would hide transposes)
MAX_DRAWN_SIZE = 32  # a written size above this (`\\mathbb{R}^{20000}`) is drawn as a fresh small one


# ---------------------------------------------------------------- the note


class ShapeEnv:
    """The solved shapes of a note: every symbol's, and every node's of every tree.

    `of(node)` keys by the node object's identity: pass the very tree objects given to
    `infer`. Symbols are bound per section (see the module docstring), so `symbol(sym,
    formula=i)` and `concrete(formula=i)` answer for the section of formula i; without
    `formula`, each symbol's binding from the section where it is used most."""

    def __init__(self):
        # each section's node shapes (node id -> (node, dim ids), its solver's), its dims, and
        # the Shapes made of those ids so far: few nodes are asked for, so their Shapes are
        # made when asked
        self._sections: list[tuple[dict[int, tuple[Expr, tuple[int, int]]], Dims, dict]] = []
        self._layout: set[int] = set()
        self._solvers: list[Solver] = []
        self._where: dict[int, int] = {}
        self._section_sizes: dict[int, tuple[dict, dict, frozenset]] = {}  # concrete() per section: one pass each
        self.names: list[str] = []  # the named dims, in order of first declaration
        self.functions: set[Symbol] = set()  # the functions the note defines (`g(w) = ...`)

    def of(self, node: Expr) -> Shape | None:
        key = id(node)
        for shapes, dims, made in reversed(self._sections):  # a node shaped in two sections: the last one's
            found = shapes.get(key)
            if found is not None:
                if found[0] is not node:
                    return None
                pair = found[1]
                shape = made.get(pair)
                if shape is None:
                    shape = made[pair] = Shape(dims.dim(pair[0]), dims.dim(pair[1]))
                return shape
        return None

    def doubt(self, latex: str, nodes, formula: int, known=frozenset(), functions=None, shapes=True,
              found: str = "") -> str:
        """Why the reading of `nodes` in formula `formula` is not certain ('' if it is):
        `certainty.reading_doubt` with the knowledge of that formula's section; the
        symbols in `known` are vouched for elsewhere (defined by a formula checked apart),
        `functions` are the defined functions to judge by (default: the note's); `found`
        a doubt met while reading."""
        k = self._where.get(formula)
        if k is None or k >= len(self._solvers):
            return "the formula was not read"
        functions = self.functions if functions is None else functions
        return reading_doubt(latex, nodes, Knowledge(self._solvers[k], functions, known), shapes, found)

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

    def guessed_number(self, sym: Symbol, formula: int) -> bool:
        """Whether formula's section reads sym as 1×1 though nothing the note says makes it a
        number: no declaration, no definition, no kind carried from before."""
        solver = self._solver_for(sym, formula)
        if solver is None or not all(solver.dims.is_one(i) for i in solver.bind[solver.key(sym)]):
            return False
        return not (solver.declared(sym) or sym in solver.definitions or sym in solver.carried)

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

    def section_of(self, formula: int) -> int | None:
        """The section whose shapes bind a formula's symbols (every formula of one has the
        same `concrete` shapes), or None for a formula outside every section."""
        return self._where.get(formula)

    def concrete(self, sizes: dict[str, int] | None = None, formula: int | None = None,
                 unknown: set[int] | None = None) -> dict[Symbol, tuple[int, int]]:
        """Integer shapes to draw random values from: named sizes from `sizes` or distinct
        numbers 3, 4, 5, ... (the same number for the same name everywhere), every other
        unknown a distinct number too, so a missing transpose cannot pass by luck; 1 for
        vector columns and for scalars. The numbers chosen for named sizes are written
        into `sizes` when given, so sums to `n` can run over the same n; the numbers given to
        unknown sizes (and to no literal one) into `unknown`, so messages can say `?`."""
        sizes = {} if sizes is None else sizes
        section = self._where.get(formula) if formula is not None and not sizes else None
        if section is None:
            return self._concrete(sizes, formula, unknown)
        if section not in self._section_sizes:  # every formula of a section has the same answer: work out each once
            found_unknown: set[int] = set()
            out = self._concrete(sizes, formula, found_unknown)
            self._section_sizes[section] = (dict(out), dict(sizes), frozenset(found_unknown))
        out, found, found_unknown = self._section_sizes[section]
        sizes.update(found)
        if unknown is not None:
            unknown.update(found_unknown)
        return dict(out)

    def _concrete(self, sizes: dict[str, int], formula: int | None,
                  unknown: set[int] | None) -> dict[Symbol, tuple[int, int]]:
        numbers = _Numbers(sizes, self.names)
        out: dict[Symbol, tuple[int, int]] = {}
        solvers = [self._solvers[self._where[formula]]] if formula is not None and formula in self._where \
            else self._solvers
        for solver in solvers:
            numbers.new_section()
            memo: dict[int, int] = {}
            for names in solver.formula_symbols.values():
                for sym, key in names.items():
                    if sym in out:
                        continue  # (sized already: a section's symbols recur from formula to formula)
                    if formula is None and self._solver_for(sym, None) is not solver:
                        continue
                    r, c = solver.bind[key]
                    out[sym] = (numbers.size(solver.dims, r, memo), numbers.size(solver.dims, c, memo))
        if unknown is not None:
            unknown.update(numbers.unknown - numbers.literal)
        return out


class Knowledge:
    """What `certainty.reading_doubt` asks of a scope: is a symbol's shape a fact here,
    does the note define this function. `known` symbols are vouched for elsewhere."""

    def __init__(self, solver: Solver, functions: set[Symbol], known=frozenset()):
        self.solver, self.functions, self.known = solver, functions, known

    def why_unknown(self, sym: Symbol) -> str:
        return "" if sym in self.known else self.solver.why_unknown(sym)

    def declared(self, sym: Symbol) -> bool:
        """Declared or defined as a quantity: then a parenthesis after it multiplies."""
        solver = self.solver
        return sym in self.known or solver.declared(sym) or sym in solver.definitions or sym in solver.carried

    def defines(self, fn: Symbol) -> bool:
        """Whether the note defines the function, or the one whose derivative it is (`C'` of `C(a) = …`)."""
        return fn in self.functions or bool(fn.prime) and rebuilt(fn, prime=0) in self.functions

    def read_as_number(self, sym: Symbol) -> bool:
        """Whether this scope reads sym as 1×1 (or has not read it at all)."""
        solver = self.solver
        pair = solver.bind.get(solver.key(sym))
        return pair is None or all(solver.dims.is_one(i) for i in pair) or solver.key(sym) in solver.soft_symbols


class _Numbers:
    """Hands out distinct sizes: named dims by name, unknowns one by one."""

    def __init__(self, sizes: dict[str, int], names: list[str]):
        self.sizes = sizes
        self.taken = set(sizes.values())
        self.next = SIZES_FROM
        self.unknown: set[int] = set()  # numbers handed to unknown sizes
        self.literal: set[int] = set()  # sizes the note wrote as numbers
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
        about 20000×20000 matrices is checked on 3×3 ones instead of allocating 3 GB.
        The small one is named by the large one, so messages say 20000 as the note does."""
        if value <= MAX_DRAWN_SIZE:
            return value
        key = str(value)
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
            self.literal.add(out)
        elif info.kind == "name":
            if info.value not in self.sizes:
                self.sizes[info.value] = self.fresh()
            out = self.sizes[info.value]
        elif info.kind == "prod":
            out = size_product(self.size(dims, f, memo) for f in dims.factors(root))
        else:
            out = 1 if info.default == "one" and info.unit_ok else self.fresh()
            if out != 1:
                self.unknown.add(out)
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
    # a function is defined by a call on the left of `=`: a tree without a call defines none (the
    # node types of each tree, kept on it, also spare `claims.derivatives_in` the trees without a derivative)
    env.functions = functions_defined_in(t for t in trees if t is not None and Apply in kinds_in(t))
    findings: list[Finding] = []
    carried: dict[Symbol, str] = {}
    earlier: list = []  # the declarations of the sections before, in note order
    for section in sections:
        solver, blamed = solve_section(note, trees, section, layout, dict(carried), tuple(earlier))
        carried.update(declared_kinds(section.decls))
        earlier += section.decls
        env._solvers.append(solver)
        knowledge = Knowledge(solver, env.functions)
        findings += [declaration_finding(note, p, doubt_of(note, trees, knowledge, p)) for p in blamed]
        findings += dedupe(formula_finding(note, p, doubt_of(note, trees, knowledge, p)) for p in solver.problems)
        env._sections.append((solver.shapes, solver.dims, {}))  # (the solver is done: its dims are final)
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
    """scalar / vector / matrix as declared, or square for a matrix declared symmetric
    (positive definite, diagonal, orthogonal) without sizes, keyed by the symbol in every
    font: a later section that uses it without declaring it again reads it square, as the
    draws make it (pumpkin-book's W, "由于 W 是对称矩阵", summed by rows and by columns)."""
    out = {}
    for decl in decls:
        kind = next((k for k in ("scalar", "vector") if k in decl.properties), None) or \
            ("square" if decl.shape is None and decl.properties & SQUARE_PROPERTIES else None) or \
            ("matrix" if "matrix" in decl.properties else None)
        if kind is not None:
            s = decl.symbol
            for font in ("", "bold") if decl.any_font or s.name[:1].isupper() else (s.font,):
                out[Symbol(s.name, font, s.sub, s.accent, s.prime)] = kind
    return out


def solve_section(note, trees, section: Section, layout: str | None,
                  carried: dict | None = None, earlier: tuple = ()) -> tuple[Solver, list[Problem]]:
    """Solve; drop a declaration that contradicts use and solve again; promote plain
    letters that use showed to be vectors or matrices and solve again.

    A declaration is blamed only if without it the section's formulas agree: in seed 003
    every `X b` wants b n×1, so "b 是 m×1" is wrong; but one formula that moves X past dW
    (`dW X b`) is wrong itself, and no single declaration explains it away."""
    decls = list(section.decls)
    promoted: dict[Symbol, str] = {}
    blamed: list[Problem] = []
    blame = True
    basis = None  # the section's families and evidence, read by its first solver
    for _ in range(len(decls) + 5):
        solver = Solver(note, trees, section, decls, promoted, layout, carried, blame, basis, earlier)
        basis = solver.basis
        solver.run()
        against = [p for p in solver.problems if p.code == "NC305"]
        if against:
            rest = [d for d in decls if d is not against[0].decl]
            trial = Solver(note, trees, section, rest, promoted, layout, carried, True, basis, earlier)
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
            break
        promoted.update(grown)
    if solver.problems and carried:
        doubt_the_carried(solver, lambda: Solver(note, trees, section, decls, promoted, layout, {}, blame, basis, earlier))
    if solver.problems or blamed:
        def without(rest: list) -> Solver:
            return Solver(note, trees, section, rest, promoted, layout, {}, blame, basis, earlier)

        doubt_the_inherited(note, trees, section, solver, blamed, decls, without)
    return solver, blamed


def doubt_the_inherited(note, trees, section: Section, solver: Solver, blamed: list[Problem], decls: list,
                        solver_without) -> None:
    """The notebook's counterpart of `doubt_the_carried`: a declaration of a cell or heading
    before this part (`declared_before`) that the part's formulas contradict (`blamed`), or
    without which (`solver_without` the others, nor the kinds they carry) a clash goes
    away, may not be meant here (a later cell's logits z beside an earlier cell's row
    vector z = x^TA): the finding gets that doubt."""
    for problem in blamed:
        if not problem.doubt and declared_before(note, trees, section, problem.decl):
            problem.doubt = inherited_doubt(solver, problem.decl)
    inherited = [d for d in decls if declared_before(note, trees, section, d)]
    if not (solver.problems and inherited):
        return
    trial = solver_without([d for d in decls if not any(d is i for i in inherited)])
    trial.run()
    kept = {(p.formula, p.node.pos, p.code) for p in trial.problems}
    declared = {d.symbol: d for d in inherited}
    for problem in solver.problems:
        if problem.doubt or (problem.formula, problem.node.pos, problem.code) in kept:
            continue
        symbols = through_definitions(solver, [n for node in problem.read or (problem.node,) for n in walk(node)
                                               if isinstance(n, Symbol)])
        decl = next((declared[sym] for sym in symbols if sym in declared), None)
        if decl is not None:
            problem.doubt = inherited_doubt(solver, decl)


def inherited_doubt(solver: Solver, decl) -> str:
    name = solver.latex_of_symbol(decl.symbol)
    return (f"`{name}` is sized by a declaration in an earlier cell or under an earlier heading (line {decl.line}), "
            f"which these formulas do not need: it may mean another `{name}` here")


VECTOR_WORDS = re.compile(r"vector|matri(?:x|ces)|向量|矩阵|벡터|행렬|ベクトル|行列", re.I)


def doubt_the_carried(solver: Solver, trial) -> None:
    """A clash that the same section, solved without the kinds earlier sections declared
    (`trial()` makes that solver), does not have rests on one of those kinds: an activation
    chapter that declared x ∈ R^n for the Jacobian, then writes σ'(x) = σ(x)(1-σ(x)) for a
    number x under a later heading. Such a declaration may not be meant here; the clash gets
    that doubt (unless it has one, or the words right before it speak of vectors or
    matrices again). The section is solved again only for a clash that reads a kind an
    earlier section declared (32 sections per hundred notes, 1% of a build, most for none)."""
    suspects = []
    for problem in solver.problems:
        if problem.doubt or VECTOR_WORDS.search(words_near(solver.note, problem.formula, 1, 0)):
            continue  # ("sigmoid of a vector: a column vector", said right before it: the vector is meant)
        symbols = through_definitions(solver, [n for node in problem.read or (problem.node,) for n in walk(node)
                                               if isinstance(n, Symbol)])
        carried = [sym for sym in symbols if sym in solver.carried and not solver.spelled(sym)]
        earlier = [d for sym in carried for d in solver.spelled(sym, solver.earlier) if d.symbol in solver.carried]
        if earlier:
            suspects.append((problem, carried, earlier[-1]))
    if not suspects:
        return
    solved = trial()
    solved.run()
    kept = {(p.formula, p.node.pos, p.code) for p in solved.problems}
    for problem, carried, decl in suspects:
        if (problem.formula, problem.node.pos, problem.code) in kept:
            continue
        reused = next((why for why in map(solver.reused, carried) if why), "")  # (the more telling reason)
        problem.doubt = reused or (
            f"`{solver.latex_of_symbol(decl.symbol)}` is a {solver.carried[decl.symbol]} by a declaration of "
            f"an earlier section (line {decl.line}), which this section's formulas do not need: it may mean "
            f"another `{solver.latex_of_symbol(decl.symbol)}` here")


def through_definitions(solver: Solver, symbols: list[Symbol]) -> list[Symbol]:
    """`symbols`, then those the section's definitions of them read, and so on (`\\bar\\beta
    = (X^TX)^{-1}X^TY` brings X), each once, in the order met."""
    out = dict.fromkeys(symbols)
    queue = list(out)
    while queue:
        for value in solver.definitions.get(queue.pop(0), ()):
            for sym in (n for n in walk(value) if type(n) is Symbol):
                if sym not in out:
                    out[sym] = None
                    queue.append(sym)
    return list(out)


def promotions(solver: Solver) -> dict[Symbol, str]:
    out = {}
    d = solver.dims
    for key in solver.soft_symbols:
        r, c = solver.bind.get(key, (None, None))
        if r is None or d.both_soft((r, c)):
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


def doubt_of(note, trees, knowledge: Knowledge, p: Problem) -> str:
    """Why a shape clash may be a misreading rather than a mistake ('' if it may not). Two
    shapes sized by declarations clash whatever the conventions say of the other symbols."""
    latex = note.formulas[p.formula].latex
    return disclaimer(note, p.formula) or general_law(note, p.formula) or both_orders(note, trees, p) or \
        defined_after(note, trees, knowledge.solver, p) or restated_law(note, trees, knowledge.solver, p) or \
        reading_doubt(latex, list(p.read) or [p.node], knowledge, shapes=not p.pinned, found=p.doubt)


def defined_after(note, trees, solver: Solver, p: Problem) -> str:
    """Why a clash may rest on a convention although the section defines the letter: its
    definition comes after the formula ("… $(B_3 \\mathbf{1}_n^T)$ … Where $B_3 = B_2^{-1}$"),
    so up to the clash the letter had the shape its case gives it (a capital a matrix)."""
    if p.pinned:
        return ""
    for sym in symbols_read(list(p.read) or [p.node]):
        if solver.declared(sym) or sym in solver.carried:
            continue
        later = [i for i in solver.section.formulas if i > p.formula and trees[i] is not None
                 and sym in definitions_in((trees[i],))]
        if later and not any(i <= p.formula and trees[i] is not None and sym in definitions_in((trees[i],))
                             for i in solver.section.formulas):
            return f"`{solver.latex_of_symbol(sym)}` is defined only after this formula (line " \
                   f"{note.formulas[later[0]].line}); up to it, its shape is a convention"
    return ""


def restated_law(note, trees, solver: Solver, p: Problem) -> str:
    """Why `⟨x, Ay⟩ = ⟨A^Tx, y⟩` may not be meant with the sizes a passage before gave A and x
    (m×n, an n-vector, for `z = Ax`): an equation whose sides are one product of the same
    letters (transposes pushed in; a trace or an inner product read up to rotation) holds for
    any sizes that fit, and if it fits when solved alone with its letters' sizes left free, it
    is a law restated ("Remember that:", "Prove that you can move a matrix across an inner
    product"), not a step about those letters: one of them (y) the section never sizes.
    `(AB)^T = A^TB^T` is no such law, and still an error."""
    tree = trees[p.formula]
    if tree is None or not any(type(s) is Chain and set(s.rels) == {"="} and None not in (words := [law_word(i) for i in s.items])
                               and len(set(words)) == 1 for s in tree.statements):
        return ""
    if all(solver.declared(sym) for sym in symbols_of(tree)):  # `tr(X) = tr(X^T)` of the section's d×d' X: its X
        return ""
    alone = Solver(note, trees, Section(line=note.formulas[p.formula].line, formulas=[p.formula]), [], {}, solver.layout)
    alone.run()
    if alone.problems:
        return ""
    return "both sides are one product of the same letters, a law that holds for any sizes that fit, and with its " \
           "letters' sizes left free the formula fits"


def both_orders(note, trees, p: Problem) -> str:
    """Why `BA` may not be meant with the declared sizes, or '': its paragraph writes `AB`
    too, comparing a product in both orders (whether `AB = BA`, which is left and which
    right multiplication), as a note on matrix products does with any two matrices."""
    node = p.node
    if type(node) is not Mul or len(node.factors) != 2 or not all(type(f) is Symbol for f in node.factors):
        return ""
    k = paragraph_of(note, p.formula)
    if k is None:
        return ""
    swapped = Mul(node.factors[::-1])
    for i in note.paragraphs[k].parts:
        if isinstance(i, int) and i != p.formula and i < len(trees) and trees[i] is not None and \
                any(n == swapped for n in walk(trees[i])):
            return "its paragraph writes the product in the other order too: a product in both orders, whose " \
                   "sizes need not both fit"
    return ""


def unverified(message: str, doubt: str) -> str:
    return f"shapes not checked: {doubt} (read that way, {message})"


def formula_finding(note, p: Problem, doubt: str = "") -> Finding:
    """The clash as an error, or as NC701 when its reading is not certain."""
    formula = note.formulas[p.formula]
    line, col = place(formula, p.node.pos)
    if doubt:
        return Finding("NC701", unverified(p.message, doubt), line=line, col=col, end_line=formula.end_line,
                       formula=formula.latex, cell=formula.cell)
    return Finding(p.code, p.message, line=line, col=col, end_line=formula.end_line, formula=formula.latex,
                   fix=p.fix, cell=formula.cell)


def declaration_finding(note, p: Problem, doubt: str = "") -> Finding:
    decl = p.decl
    written = note.formulas[decl.formula] if decl.formula is not None else None
    # (in a notebook the declaration's line is its cell's)
    formula, cell = (written.latex, written.cell) if written is not None else (None, None)
    if doubt:
        return Finding("NC701", unverified(p.message, doubt), line=decl.line, col=decl.col, formula=formula, cell=cell)
    return Finding("NC305", p.message, line=decl.line, col=decl.col, formula=formula, fix=p.fix, cell=cell)

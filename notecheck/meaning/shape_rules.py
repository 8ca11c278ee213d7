"""The shape rule of each node type (`of_Mul`, `of_Func`, `of_Chain`, ...): the constraints
an operation adds and the finding (NC301-NC304, NC306) when one fails. A mixin of `Solver`."""

from __future__ import annotations

from notecheck.latex.expr import (
    JACOBIAN, Apply, Chain, Derivative, Differential, Dots, Expr, Func, Index, Matrix, Mul, Neg, Number, Opaque, Power,
    Symbol, Transpose,
    walk,
)
from notecheck.latex.indices import index_parts
from notecheck.meaning.reach import contains
from notecheck.meaning.conventions import is_entry
from notecheck.meaning.dims import Pair
from notecheck.meaning.written_sizes import dims_in_latex

EQUALITIES = ("=", ":=", "\\approx", "\\equiv")  # (not `\\ne`: AB ≠ BA may differ in shape, and say so)
ELEMENTWISE = {"log", "ln", "exp", "sin", "cos", "tan", "tanh", "sigma", "sqrt", "relu", "abs", "sigmoid",
               "sinh", "cosh", "arctan", "softplus", "sec", "csc", "cot"}
SQUARE_FUNCS = {"tr", "trace", "det"}


class ShapeRules:
    """The `of_<Node>` rules of `Solver`, which dispatches to them by node type."""

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
        """A sum's terms have its shape; `\\sum \\boldsymbol{y}`, a letter summed with no index
        written, may instead be the sum of its entries (a number): its shape is left open."""
        for limit in (node.lower, node.upper):
            if limit is not None:
                self.shape(limit, depth)
        body = self.shape(node.body, depth)
        if node.index is None and node.lower is None and node.upper is None and isinstance(node.body, Symbol):
            return self.fresh()
        return body

    def of_Differential(self, node, depth):
        return self.shape(node.arg, depth)

    def of_Index(self, node, depth):
        """`(A^TB)_{kk}`, `[UV]_{ib}`: what is inside is shaped too. The entry's own shape
        is left open: the letters beside it (`U_{ik}`) are read as entries only later."""
        self.shape(node.arg, depth)
        return self.fresh()

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
        row = self.tuple_row(node.arg)
        if row is not None:
            self.shapes[id(node.arg)] = (node.arg, row)
            return row[1], row[0]
        return c, r

    def tuple_row(self, node) -> Pair | None:
        """`(1, 2)` transposed is a column of two entries, as `(1, 2)^T` is written for a
        worked example's vector (`y = (1, 2)^T`, after another example's `y = (1, 2, 5)^T`):
        a tuple alone may be a point or a function's arguments (`of_Matrix`), transposed
        it is a row. Only a tuple of numbers or scalars: `(Q, K, V)^T` may stack blocks."""
        if not (type(node) is Matrix and node.delim == "(" and len(node.rows) == 1 and len(node.rows[0]) > 1):
            return None
        entries = node.rows[0]
        if any(isinstance(e, Dots) for e in entries) or not all(self.soft(self.shapes[id(e)][1]) for e in entries):
            return None
        return self.dims.const(1), self.dims.written(len(entries))

    def of_Inverse(self, node, depth):
        s = self.shape(node.arg, depth)
        if not self.soft(s) and (self.dims.is_one(s[0]) or self.dims.is_one(s[1])) \
                and self.dims.unify_each((s[0],), (s[1],), keep=False) is not None:
            return s  # `(\\exp(W)\\mathbf{1}_n)^{-1}`: a vector's entries' reciprocals, as ML notes write them
        return self.square(node, s, "the inverse")

    def square(self, node: Expr, s: Pair, what: str) -> Pair:
        if self.soft(s):
            return s
        clash = self.dims.unify(s[0], s[1])
        if clash is not None:
            inner = getattr(node, "arg", None) or getattr(node, "base", None) or node
            self.problem("NC306", node, f"{what} of `{self.latex(inner)}` needs a square matrix, not "
                         f"{self.text(s)}", clash=clash)
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
        if any(isinstance(n, Symbol) for n in walk(node.exp)):
            return self.fresh()  # `W^{l+1}`, `\\delta^l`: a layer's index as often as a power
        if self.soft(s) or self.dims.is_one(s[1]) or self.dims.is_one(s[0]):
            return s if self.soft(s) else self.scalar()
        return self.square(node, s, "a power")

    def of_Div(self, node, depth):
        """A quotient by a number has the numerator's shape; a vector over a vector of the
        same shape (`-\\frac{\\boldsymbol{y}}{\\boldsymbol{a}}`, cross-entropy's gradient) and a
        number over a vector are taken entry by entry; anything else is left open."""
        num = self.shape(node.num, depth)
        den = self.shape(node.den, depth)
        if isinstance(node.den, Opaque):
            return self.fresh()  # `tr(A ∂X)/∂X`: a derivative written as a quotient
        one = self.dims.is_one
        if self.soft(den) or one(den[0]) and one(den[1]):
            return num
        if not (one(den[0]) or one(den[1])):
            return self.fresh()  # over a matrix
        if one(num[0]) and one(num[1]):
            return den
        if (one(num[0]) or one(num[1])) and self.unify_pair(num, den) is None:
            return num
        return self.fresh()

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
        if not isinstance(node.fn, Symbol):  # `φ^T(x)`, made by a transpose trial (`transpose_fix`)
            return self.fresh()
        if self.declaration(node.fn) is None and node.fn.font != "bold":
            return self.value_of(node)
        return self.symbol(node.fn)

    def value_of(self, node: Apply) -> Pair:
        """An undeclared function's value: one shape for `g(c)` wherever the section writes it
        (`g(c) = Dc`, then `x^Tg(c) + g(c)^Tx`), taken anew where a statement defines it again."""
        statement = self.statement
        defined = type(statement) is Chain and statement.items[0] is node and statement.rels[0] in EQUALITIES
        known = None if defined else self.applied.get(node)
        if known is None:
            known = self.applied[node] = self.fresh()
        return known

    def of_Func(self, node, depth):
        args = [self.shape(a, depth) for a in node.args]
        name = node.name
        if not args:
            return self.fresh()
        s = args[0]
        if name in SQUARE_FUNCS:
            if not self.soft(s):
                what = "the trace" if name != "det" else "the determinant"
                clash = self.dims.unify(s[0], s[1])
                if clash is not None:
                    self.problem("NC306", node, f"{what} of `{self.latex(node.args[0])}` needs a square "
                                 f"matrix, not {self.sizes(s)}", clash=clash)
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
        elided = any(isinstance(e, Dots) for row in node.rows for e in row)
        if elided and node.delim == "[" and not all(self.soft(e) for row in entries for e in row):
            return self.dims.var(), self.dims.var()  # `[\mathbf m_1, …, \mathbf m_L]`: vectors side by side, no number
        if elided or node.delim == "(" or \
                len(node.rows) * max(len(r) for r in node.rows) == 1 or \
                coordinates(node):  # a tuple `S(i, a)` is no matrix, nor a list `[u_0, u_1]` a row
            return self.fresh()
        if all(self.soft(e) for row in entries for e in row) and len({len(r) for r in node.rows}) == 1:
            return self.dims.written(len(node.rows)), self.dims.written(len(node.rows[0]))
        return self.fresh()

    def of_Add(self, node, depth):
        def mismatch(base, s, term, clash):
            if self.has_layout(node):
                return base  # a Jacobian's orientation is the layout's: cannot tell
            self.problem("NC302", node, f"cannot add {self.text(base)} and {self.text(s)} "
                         f"in `{self.latex(node)}`", self.transpose_fix(node, term),
                         doubt=self.broadcast(base, s) or self.guessed_transpose(node), shapes=(base, s), clash=clash)
            return self.fresh()

        return self.common_shape(node.terms, depth, mismatch)

    def of_Hadamard(self, node, depth):
        def mismatch(base, s, factor, clash):
            self.problem("NC303", node, f"the elementwise product `{self.latex(node)}` pairs "
                         f"{self.text(base)} with {self.text(s)}", self.transpose_fix(node, factor),
                         doubt=self.broadcast(base, s), shapes=(base, s), clash=clash)
            return self.fresh()

        return self.common_shape(node.factors, depth, mismatch)

    def guessed_transpose(self, node) -> str:
        """`x - x^{t}` in a note that writes its transposes `^{\\mathrm T}`: `^t` was read as a
        transpose that lost its case, but here it is likely the t-th iterate."""
        if self.writes_transpose and any(isinstance(n, Power) and isinstance(n.exp, Symbol) and n.exp.name == "t"
                                         for n in walk(node)):
            return "`^t` is read as a transpose, but the note writes its transposes otherwise (an iterate?)"
        return ""

    def broadcast(self, a, b) -> str:
        """A row vector against a matrix with as many columns: numpy adds or multiplies it
        into every row, and notes on networks write `\\gamma \\odot \\hat X`, `XW + \\boldsymbol b`
        that way. So does a column of as many entries as the matrix has columns or rows
        (`Y = XW + b` with X N×p, W p×k and b ∈ R^k, a layer's bias added to each example's
        row), and, when no size of either is known, any column: "vector" in words says
        nothing of which way the note lays it, and `YU^T + \\bar x` adds the mean to every
        row of a data matrix. A column that matches neither side stays a mismatch."""
        for row, mat in ((a, b), (b, a)):
            if self.dims.is_one(row[0]) and not self.dims.is_one(row[1]) and \
                    not any(self.dims.is_one(i) for i in mat) and self.fits((row[1],), (mat[1],)):
                return "a row vector and a matrix broadcast row by row (as numpy does); the note may mean that"
        for column, mat in ((a, b), (b, a)):
            if not self.dims.is_one(column[1]) or self.dims.is_one(column[0]) or any(self.dims.is_one(i) for i in mat):
                continue
            if not (self.pinned(column) or self.pinned(mat)):
                return "a vector and a matrix of sizes the note does not give may broadcast row by row (as numpy does)"
            if self.fits((column[0],), (mat[1],)) or self.fits((column[0],), (mat[0],)):
                return "a vector as long as the matrix's rows or columns is added to each of them (a bias, " \
                       "broadcast as numpy does); the note may mean that"
        return ""

    def common_shape(self, parts, depth, mismatch):
        """The one shape every part of a sum or elementwise product shares: the first
        definite one, unified with the others; `mismatch(base, shape, part, clash)` decides
        what a part that cannot share it yields. Soft (still vague) parts take no vote."""
        shapes = [self.shape(p, depth) for p in parts]
        base = based_on = None
        for part, s in zip(parts, shapes):
            if self.soft(s):
                continue
            if base is None:
                base, based_on = s, part
                continue
            clash = self.unify_pair(base, s)
            if clash is not None and (self.layout_dependent(part) or self.layout_dependent(based_on)) \
                    and self.unify_pair(base, (s[1], s[0])) is None:
                continue  # `∂z/∂Y^T ∘ ∂Y/∂x_{pq}`: a derivative in the other layout, the checker's business
            if clash is not None:
                return mismatch(base, s, part, clash)
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

    def of_Opaque(self, node, depth):
        """`\\partial f(x)`, `D(F)(v)`'s operator: a matrix of sizes still to find, never a number
        that scales (read so, `\\dot y = \\partial f(x)\\dot x` gave ẏ the size of ẋ)."""
        if node.what == JACOBIAN:
            return self.dims.var(), self.dims.var()
        return self.fresh()

    def of_Mul(self, node, depth):
        shapes = [self.shape(f, depth) for f in node.factors]
        source = self.note.formulas[self.formula].latex if self.formula >= 0 else ""
        for k, factor in enumerate(node.factors[:-1]):
            applied = isinstance(factor, Symbol) and 0 <= factor.end < len(source) and source[factor.end] == "(" \
                and (self.soft(shapes[k]) or self.called_function(factor))
            if applied:  # `\lambda_i(Y)`, `\mathbf s(\mathbf x)`: a function of Y the parser read as a product
                shapes[k] = shapes[k + 1] = self.fresh()
        return self.multiply(node, list(node.factors), shapes)

    def called_function(self, sym: Symbol) -> bool:
        """The note calls `sym` a function in words ("s is a function of the vector x"), so a
        parenthesis right after it holds its argument."""
        plain = Symbol(sym.name, "", sym.sub, sym.accent, sym.prime)
        return any("function" in d.properties for d in self.decl_of.get(sym, ())) or \
            any("function" in d.properties and d.any_font for d in self.decl_of.get(plain, ()))

    def multiply(self, node: Expr, factors: list[Expr], shapes: list[Pair]) -> Pair:
        soft = self.dims.both_soft  # `self.soft`, without its call (asked twice of each factor)
        acc = shapes[0]
        for k in range(1, len(shapes)):
            s = shapes[k]
            if soft(acc):  # (a number times a factor of unknown shape has that factor's shape)
                if not soft(s) and k == 1:
                    self.read_as_number(factors[0], acc)
                acc = s if not soft(s) or (self.dims.is_one(acc[0]) and self.dims.is_one(acc[1])) else acc
                continue
            if soft(s):
                self.read_as_number(factors[k], s)
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
                    self.problem("NC305", node, blamed[1], blamed[2], decl=blamed[0], clash=clash)
                else:
                    fix = self.mul_fix(node, factors, k)
                    self.problem("NC301", node, f"`{self.latex(node)}`: cannot multiply {self.text(acc)} "
                                 f"by {self.text(s)}", fix, shapes=(acc, s), clash=clash,
                                 doubt=(self.row_by_convention(factors[0], acc, s) if k == 1 else "")
                                 or self.skew_bracket(factors[k - 1]))
                return self.fresh()
            acc = acc[0], s[1]
        return acc

    def read_as_number(self, factor: Expr, shape: Pair) -> None:
        """Keep a value of unknown shape that a product took as a number (`∇f(g(y))` in
        `J^T ∇f(g(y))`, `g(c)` in `x^Tg(c)`): a clash it leads to is a guess (`clash_doubts.guessed_number_doubt`).
        (A letter of unknown shape has doubts of its own: `certainty.reading_doubt`.)"""
        while type(factor) in (Transpose, Neg):
            factor = factor.arg
        unknown = type(factor) is Apply or type(factor) is Derivative and factor.wrt is None  # (∂f/∂X_ij is a number)
        if unknown and not self.muted and not (self.dims.is_one(shape[0]) and self.dims.is_one(shape[1])):
            self.numbers_read.append(factor)

    def row_by_convention(self, factor: Expr, column: Pair, right: Pair) -> str:
        """`\\mathbf{x} W` where the note calls x a vector and no more (not a column, no
        size): code, and notes on networks, lay an input as a row, and as a row it fits."""
        if not isinstance(factor, Symbol) or not self.dims.is_one(column[1]) or self.dims.is_one(column[0]):
            return ""
        earlier = self.spelled(factor, self.earlier)  # a kind carried from a section before counts too
        decl = self.declaration(factor) or (earlier[-1] if earlier else None)
        if decl is None or decl.shape is not None or "vector" not in decl.properties or \
                decl.properties & {"column", "row"} or not self.fits((column[0],), (right[0],)) or \
                self.transposed_before_a_matrix(factor):
            return ""
        return f"`{self.latex(factor)}` is called a vector, not a column: as a row (as code lays an input) it fits"

    def skew_bracket(self, factor: Expr) -> str:
        """`[\\mathbf{r}_i] \\mathbf{f}_i`: a vector alone in square brackets is how robotics
        notes write its cross-product (skew-symmetric) matrix, `r × f = [r] f`."""
        written = self.latex(factor) if isinstance(factor, Symbol) and self.formula >= 0 else ""
        if written[:1] != "[" or written[-1:] != "]":  # (a bracketed letter's place takes in its brackets)
            return ""
        return f"`{written}` may be the cross-product (skew-symmetric) matrix of `{written[1:-1].strip()}`"

    def transposed_before_a_matrix(self, vector: Symbol) -> bool:
        """Whether the section writes `xᵀA` (`a_i^\\top \\Sigma a_i`): its own use lays x as a column."""
        return any(isinstance(node, Mul) and any(
            isinstance(a, Transpose) and a.arg == vector and isinstance(b, Symbol) and b.name[:1].isupper()
            for a, b in zip(node.factors, node.factors[1:]))
            for i in self.section.formulas if self.trees[i] is not None for node in walk(self.trees[i]))

    def elementwise(self, side: Expr, derivative, other) -> bool:
        """A derivative of a column by a column, both of the length of the column on the
        other side (the shapes of its parts as `of_Derivative` found them)."""
        if not isinstance(side, Derivative) or side.wrt is None or not self.is_kind(other, "vector"):
            return False
        parts = [self.shapes.get(id(part)) for part in (side.f, side.wrt)]
        return all(found is not None and self.is_kind(found[1], "vector") and self.fits(found[1], other)
                   for found in parts)

    def layout_dependent(self, node: Expr) -> bool:
        while isinstance(node, (Transpose, Neg)):
            node = node.arg
        return isinstance(node, Derivative) and id(node) in self.layout_nodes

    def of_Derivative(self, node, depth):
        f = self.shape(node.f, depth)
        if node.wrt is None or isinstance(node.f, Derivative) and node.f.wrt is None:
            return self.fresh()  # `∇f`, and `∂(∇f)/∂x^T`: by what f takes, of a shape not known
        x = self.shape(node.wrt, depth)
        if isinstance(node.wrt, Symbol) and is_entry(node.wrt):
            return self.fresh()  # `[∂f/∂X_ij]` stands for the whole matrix of them as often as for one
        if isinstance(node.wrt, Power) and any(isinstance(n, Symbol) for n in walk(node.wrt.exp)):
            return self.fresh()  # `∂C/∂W^{l+1}_{11}`: by a layer's entry, shaped as the note means
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
            both_soft = self.soft(a) and self.soft(b)
            if both_soft or isinstance(left, Number) or isinstance(right, Number):
                if both_soft:
                    self.unify_pair(a, b)
                continue
            if (self.vague(a) and not lone(left)) or (self.vague(b) and not lone(right)):
                continue  # `[∂f/∂X_ij]` is not a definition of f: a scalar-looking side proves nothing
            if takes_entries(left) != takes_entries(right):
                continue  # `2(X^T)_{pq} = 2X^T`: every entry equals, so the matrices do
            if dims_in_latex(self.latex(left)) is not None and dims_in_latex(self.latex(right)) is not None:
                continue  # `N \\times d = 1000 \\times 8`: a shape written out, not two matrices
            clash = self.unify_pair(a, b)
            if clash is None:
                continue
            if (self.has_layout(left) or self.has_layout(right)) and self.fits(a, (b[1], b[0])):
                self.unify_pair(a, (b[1], b[0]))
                continue
            if self.elementwise(left, a, b) or self.elementwise(right, b, a):
                continue  # `∂σ(z)/∂z = σ(z)(1-σ(z))`: the Jacobian's diagonal, as elementwise maps are written
            if self.rebind(left, b) or self.rebind(right, a):
                continue
            if k == 0 and isinstance(left, Func) and left.args and all(isinstance(a, Symbol) for a in left.args):
                continue  # `\\sigma(T) := \\|XT\\|_\\tau` defines σ: not the function the name usually is
            if self.undeclared(left) or self.undeclared(right):
                continue  # a naming convention met its use: the prior gives way, no finding
            fix = self.transpose_fix(node, right) or self.transpose_fix(node, left)
            self.problem("NC304", right, f"the two sides of `{rel}` differ in shape: `{self.latex(left)}` is "
                         f"{self.text(a)}, `{self.latex(right)}` is {self.text(b)}", fix, read=(left, right),
                         shapes=(a, b), clash=clash)
        return shapes[0]


def coordinates(node: Matrix) -> bool:
    """`u = [u_0, u_1]`: a vector's coordinates listed in brackets, a row or a column
    as the note goes on to use it (`Z = X_0 u`), not a row for certain."""
    if node.delim != "[" or len(node.rows) != 1:
        return False
    letters = {(e.name, e.font) for e in node.rows[0] if type(e) is Symbol and e.sub is not None}
    return len(letters) == 1 and all(type(e) is Symbol for e in node.rows[0])


def lone(node: Expr) -> bool:
    """A side that names one thing (`y'`, `f(W)`, `df`): binding it to the other side is a definition."""
    while isinstance(node, (Differential, Neg)):
        node = node.arg
    return isinstance(node, (Symbol, Apply))


def takes_entries(node: Expr) -> bool:
    """Whether a side takes an entry at index letters (`(X^T)_{pq}`, `[AB]_{ij}`). (The
    node types of a side are kept on it, and the claims ask them of the same sides.)"""
    return contains(node, Index) and any(isinstance(n, Index) and index_parts(n.sub) for n in walk(node))

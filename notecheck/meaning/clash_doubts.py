"""Why two sizes that clash may still be what the note means: the doubts a shape clash
of two known sizes can carry, which make it `unverified` rather than an error
(`certainty`: an error only when the reading is certain).

- A named size and a number the note sets equal (`$D = 3$`), or a worked example: a
  matrix written by its entries gave a named size one value and
  another matrix of entries gives it another (`A` is m×n, `A = [[1,0],[2,-1],[0,3]]`,
  then `A^T A` written as 3×3). One value is no clash at all (`Dims.example_size`).
- A letter declared twice with different shapes (A ∈ R^{m×n} for the SVD, then
  A ∈ R^{n×n} for the eigendecomposition): where the declarations disagree, which one a
  formula means is not certain.
- A condition its sentence states: "If $m = n$, … $A^{-1}$", "when A is square".
- A matrix whose rows and columns clash that words elsewhere in the note call square.
- A section that declares one letter of the clash afresh and leaves another to an earlier
  section's declaration ("Given A ∈ R^{m×n}: (A+B)^T = A^T + B^T", B
  declared n×p three headings before): the note may mean another B here.
- A matrix laid out flat: as many entries in both shapes, and words that say so
  ("vectorize", "reshape") around the formula.
- `x_i` beside the vector x in one formula, where the section also has vectors x_1, x_2.
- One product written in both orders (`tr(AB) = tr(BA)`): a law of the order of a product.
- A matrix of numbers set against a declared letter: a worked example's value.
- Words beside the formula that give one of its letters another size ("If $u$ is a $1\times N$ matrix").
- A letter a worked example sets to matrices of numbers of two shapes.
- `x \\otimes x = xx^T`: ⊗ of two vectors written for their outer product.
- A chain that opens with ∇ and sets a number against a matrix on later lines with no ∇.
- One letter written bold and plain in a formula (`∂𝐟/∂𝐱 = (∂f/∂𝐱)^T`): 𝐟 may be f as a 1-vector.
- A value of unknown shape (`∇f(g(y))`, `g(c)`) that a product took as a number.
- A member `b_i` in a paragraph that speaks of the columns or rows of B ("the columns of $B$")."""

from __future__ import annotations

import re

from notecheck.latex.expr import (
    Chain, Derivative, Expr, Kron, Matrix, Mul, Neg, Number, Ones, Symbol, Transpose, Zero, walk,
)
from notecheck.meaning.certainty import written
from notecheck.meaning.dims import Shape
from notecheck.meaning.per_note import per_note
from notecheck.meaning.reach import symbols_of
from notecheck.meaning.written_sizes import dims_in_latex
from notecheck.meaning.stated_conditions import called_square, equal_sizes_stated, paragraph_of, word, words_near


def clash_doubt(solver, clash: tuple[int, int] | None, nodes: tuple[Expr, ...], shapes: tuple = ()) -> str:
    """Why the clash of the two dim classes `clash` in the solver's current formula, read
    from `nodes`, may not be a mistake ('' if no reason is known); `shapes`, the two
    shapes that clash when they are whole ones."""
    if clash is None:
        return ""
    symbols = [n for node in nodes for n in walk(node) if isinstance(n, Symbol)]
    return example_doubt(solver.dims, clash) or case_doubt(solver.dims, clash) or valued_doubt(solver, clash) or \
        redeclared_doubt(solver, clash, symbols) or condition_doubt(solver, clash, symbols) or \
        called_square_doubt(solver, clash, symbols) or inherited_doubt(solver, clash, symbols) or \
        flattened_doubt(solver, shapes) or member_doubt(solver, symbols) or \
        reordered_doubt(solver) or valued_example_doubt(solver.dims, clash, nodes) or \
        supposed_size_doubt(solver, symbols) or revalued_doubt(solver, symbols) or outer_product_doubt(solver) or \
        rebound_doubt(solver, symbols) or two_faces_doubt(solver, symbols) or dropped_operator_doubt(solver, nodes, shapes) \
        or supposed_equal_doubt(solver) or parts_doubt(solver, symbols)


def guessed_number_doubt(solver, nodes: tuple[Expr, ...]) -> str:
    """A shape problem inside `nodes` (a clash of two sizes or not) through a value of unknown
    shape a product took as a number (`J_g(y)^T ∇f(g(y))`: ∇f(g(y)) is a column, not a number;
    `ShapeRules.read_as_number`)."""
    if not solver.numbers_read:
        return ""
    inside = {id(n) for node in nodes for n in walk(node)}
    guessed = next((n for n in solver.numbers_read if id(n) in inside), None)
    return "" if guessed is None else \
        f"`{solver.latex(guessed)}` has a shape the note does not give, and was read as a number here"


def bold_number_doubt(solver, nodes: tuple[Expr, ...], shapes: tuple) -> str:
    """`\\frac{dd}{dc} = 0 + 1 = \\mathbf{1}`: a bold 1 (or 0) of no written size set equal to
    a number may be that number in bold, as notes emphasize a result, rather than the
    vector of ones (or zeros) it is by convention."""
    if len(nodes) != 2 or len(shapes) != 2:
        return ""
    for node, other in ((nodes[0], shapes[1]), (nodes[1], shapes[0])):
        if type(node) in (Ones, Zero) and node.size is None and all(solver.dims.is_one(i) for i in other):
            digit = "1" if type(node) is Ones else "0"
            return f"`{solver.latex(node)}` may be the number {digit} set in bold, not a vector of {digit}s"
    return ""


SUPPOSED_BY = re.compile(r"(?:\b(?:for|if|when|whenever|let|suppose|assume)|若|如果|当)\s*\$*\s*$", re.I)


def supposed_equal_doubt(solver) -> str:
    """"For $\\mathbf u = \\mathbf v$, the outer product uuᵀ is …" after u ∈ R^m, v ∈ R^n: two
    letters set equal right after "for", "if", "let" are a supposition, under which their
    sizes agree, not a claim that they do."""
    tree = solver.trees[solver.formula] if solver.formula >= 0 else None
    formula = solver.note.formulas[solver.formula] if solver.formula >= 0 else None
    if tree is None or formula is None or formula.start < 0 or len(tree.statements) != 1:
        return ""
    chain = tree.statements[0]
    if type(chain) is not Chain or chain.rels != ("=",) or not all(type(item) is Symbol for item in chain.items):
        return ""
    before = SUPPOSED_BY.search(solver.note.text[max(0, formula.start - 20):formula.start])
    return f"the words before it (\"{before.group().strip(' $')}\") suppose it: a case in which the sizes agree" \
        if before else ""


def dropped_operator_doubt(solver, nodes: tuple[Expr, ...], shapes: tuple) -> str:
    """A number set against a matrix on two lines of a chain that opens with ∇ and writes
    no derivative on them (`carries_nabla`)."""
    tree = solver.trees[solver.formula] if solver.formula >= 0 else None
    if tree is None or len(nodes) != 2 or len(shapes) != 2:
        return ""
    one = solver.dims.is_one
    if not any(one(shape[0]) and one(shape[1]) for shape in shapes):
        return ""
    return CARRIED_NABLA if carries_nabla(tree, nodes) else ""


CARRIED_NABLA = "the chain opens with ∇, which the note may mean on this line too, where it is not written"


def carries_nabla(tree, sides: tuple[Expr, ...]) -> bool:
    """`\\nabla \\|XA^T - B\\|_F^2 = \\nabla tr(…) = … = 2tr(XA^TAX^T) - 2tr(X^TBA) = 2XA^TA - 2BA`:
    whether `sides` are later items of a chain that opens with a bare ∇, with no derivative
    written in them, where the author may carry the ∇ in their head through the lines that
    drop it. (`∇f = x^Tx`, the ∇ on the clashing line itself, is no such case.)"""
    if any(isinstance(n, Derivative) for side in sides for n in walk(side)):
        return False
    for statement in tree.statements:
        if type(statement) is Chain and type(statement.items[0]) is Derivative and statement.items[0].style == "nabla":
            spans = {(item.pos, item.end) for item in statement.items[1:]}
            if all((side.pos, side.end) in spans for side in sides):
                return True
    return False


def two_faces_doubt(solver, symbols: list[Symbol]) -> str:
    """`\\frac{\\partial \\boldsymbol{f}}{\\partial \\boldsymbol{x}} = (\\frac{\\partial f}{\\partial
    \\boldsymbol{x}})^T` ("bold f is f taken as a vector of length 1"): a formula that writes one
    letter both bold and plain relates the two, and the bold one may be of length 1."""
    tree = solver.trees[solver.formula] if solver.formula >= 0 else None
    if tree is None:
        return ""
    written_here = symbols_of(tree)
    for sym in dict.fromkeys(symbols):
        if sym.font == "bold" and sym.sub is None and Symbol(sym.name) in written_here:
            return (f"the formula writes `{solver.latex_of_symbol(sym)}` and `{sym.name}`: the bold one may be "
                    f"{sym.name} taken as a vector of length 1")
    return ""


def rebound_doubt(solver, symbols: list[Symbol]) -> str:
    """`df(x) = tr(A dx) → ∂f/∂x^T = A` for a vector x, then `df(X) = tr(A dX) → ∂f/∂X^T = A`
    for a matrix: a letter no declaration sizes, set equal to a value in this formula and
    written in another formula of the section too, may have the size of that value here,
    not the size the other formula gives it (the section's formulas are solved together)."""
    tree = solver.trees[solver.formula] if solver.formula >= 0 else None
    if tree is None:
        return ""
    clashing = {sym for sym in symbols if not any(d.shape is not None for d in solver.spelled(sym))}
    for statement in tree.statements:
        if type(statement) is not Chain:
            continue
        items, rels = statement.items, statement.rels
        for k, item in enumerate(items):
            if item not in clashing or not written_elsewhere(solver, item):
                continue
            for j in (k - 1, k + 1):
                if 0 <= j < len(items) and rels[min(j, k)] == "=" and type(items[j]) is not Symbol:
                    return (f"the formula sets `{solver.latex(item)}` equal to `{solver.latex(items[j])}`: "
                            f"it may give `{solver.latex(item)}` another size here than another formula does")
    return ""


def written_elsewhere(solver, sym: Symbol) -> bool:
    return any(i != solver.formula and solver.trees[i] is not None and sym in symbols_of(solver.trees[i])
               for i in solver.section.formulas)


def revalued_doubt(solver, symbols: list[Symbol]) -> str:
    """`\\hat F = \\frac14 F^TF = [[2.5, 2], [2, 2.5]]`, and a step later the reconstruction
    `\\hat F = G_1u_1^T = [4×2 numbers]`: a letter a worked example sets to matrices of numbers
    of two shapes names two things, and a formula may mean either."""
    valued = valued_shapes(solver.trees)
    for sym in dict.fromkeys(symbols):
        shapes = valued.get(sym, ())
        if len(shapes) > 1:
            sizes = " and ".join(f"{r}×{c}" for r, c in sorted(shapes))
            name = written(solver.note.formulas[solver.formula].latex, sym)
            return f"the note sets `{name}` to matrices of numbers of sizes {sizes}"
    return ""


@per_note
def valued_shapes(trees) -> dict[Expr, set[tuple[int, int]]]:
    """The sizes of the matrices of numbers that chains `sym = … = [numbers]` end in, by
    their first item, over the note's trees: found in one walk of them, not in one per
    letter of each clash."""
    found: dict = {}
    for tree in trees:
        for statement in tree.statements if tree is not None else ():
            if type(statement) is Chain and statement.rels[0] == "=":
                last = statement.items[-1]
                if type(last) is Matrix and all(number(e) for row in last.rows for e in row):
                    found.setdefault(statement.items[0], set()).add((len(last.rows), len(last.rows[0])))
    return found


def number(node: Expr) -> bool:
    return type(node) is Number or type(node) is Neg and type(node.arg) is Number


def supposed_size_doubt(solver, symbols: list[Symbol]) -> str:
    """"If $u$ is a $1\times N$ matrix, … $G(u) = uM$", "for any $1\times N$ vector $v$":
    the words beside the formula give one of its letters another size than the one
    declared before, for this case only."""
    formula = solver.note.formulas[solver.formula] if solver.formula >= 0 else None
    if formula is None or formula.start < 0:
        return ""
    text = solver.note.text
    near = text[max(0, formula.start - SUPPOSED_REACH):formula.end + SUPPOSED_REACH]
    for sym in dict.fromkeys(symbols):
        if sym.sub or len(sym.name) != 1:
            continue
        letter = re.escape(sym.name)
        for pattern in (rf"\$\s*{letter}\s*\$\s+(?:is|be)\s+an?\s+\$([^$]+)\$",
                        rf"\$([^$]+)\$\s+(?:(?:column|row)\s+)?(?:vector|matrix)\s+\$\s*{letter}\s*\$"):
            for found in re.finditer(pattern, near):
                size = dims_in_latex(found.group(1))
                if size is not None and size != bound_size(solver, sym):
                    return f"the words beside it give `{sym.name}` the size {found.group(1).strip()} here"
    return ""


def bound_size(solver, sym: Symbol) -> tuple | None:
    """The size the formula's reading gives `sym`, as a note writes one ('k', 1)."""
    pair = solver.bind.get(solver.key(sym))
    if pair is None:
        return None
    return tuple(solver.dims.root_info(i).value for i in pair)


SUPPOSED_REACH = 200  # characters of the note's text before and after a formula in which the words count


def valued_example_doubt(dims, clash: tuple[int, int], nodes: tuple[Expr, ...]) -> str:
    """`Y = [0, 0, 1, 0]` ("例如 … one-hot 标签为"): a matrix of numbers set against a letter
    declared with named sizes is a worked example's value, of the sizes the example has,
    not those of the general case (a batch's Y ∈ R^{B×C} a paragraph later). Against
    sizes declared as numbers (W ∈ R^{3×3}), it contradicts them."""
    if all(dims.root_info(side).kind != "name" for side in clash):
        return ""
    for node in nodes:
        if type(node) is Matrix and all(type(entry) is Number for row in node.rows for entry in row):
            return "a matrix of numbers: a worked example's value, of the example's own sizes"
    return ""


def outer_product_doubt(solver) -> str:
    """`x^2 = x \\otimes x = x x^T`: many notes write ⊗ of two vectors for their outer
    product uvᵀ (a matrix), where the Kronecker product of two columns is a column."""
    tree = solver.trees[solver.formula] if solver.formula >= 0 else None
    for node in walk(tree) if tree is not None else ():
        letters = kron_letters(node)
        if letters is not None and all(letter.name.islower() for letter in letters):  # letters for vectors: `x`, `u^T`
            return f"`{solver.latex(node)}` may be the outer product of two vectors, as ⊗ is often written, " \
                   "not their Kronecker product"
    return ""


def kron_letters(node: Expr) -> tuple[Symbol, Symbol] | None:
    """The two letters `node` joins by ⊗ (`x \\otimes y`, `u \\otimes v^T`), or None."""
    if type(node) is not Kron or len(node.factors) != 2:
        return None
    letters = tuple(f.arg if type(f) is Transpose else f for f in node.factors)
    return letters if all(isinstance(letter, Symbol) for letter in letters) else None


def reordered_doubt(solver) -> str:
    """`tr(AB) = tr(BA)`, `AB ≠ BA`: a formula that writes one product in both orders speaks
    of the order of multiplication, a law for any matrices whose sizes fit, not of the
    sizes an earlier example declared (`B ∈ R^{n×p}` for `AB` alone)."""
    tree = solver.trees[solver.formula] if solver.formula >= 0 else None
    if tree is None:
        return ""
    products = sorted((node for node in walk(tree) if type(node) is Mul and len(node.factors) == 2), key=lambda n: n.pos)
    pairs = dict.fromkeys(node.factors for node in products)
    for first, second in pairs:  # in the formula's order (a set's order changed from run to run, and the message with it)
        if first != second and (second, first) in pairs:
            return (f"the formula writes both `{solver.latex(Mul((first, second)))}` and "
                    f"`{solver.latex(Mul((second, first)))}`: a law of the order of a product, for any sizes that fit")
    return ""


def member_doubt(solver, symbols: list[Symbol]) -> str:
    """`x_i` read as a member of the family `x_1, x_2` the section declares, in a formula
    that also writes the vector x (`x^TAx = \\sum_i x_i (Ax)_i`): there it may be x's
    i-th entry, a number."""
    tree = solver.trees[solver.formula] if solver.formula >= 0 else None
    if not solver.family or tree is None:
        return ""
    whole = {(s.name, s.font) for s in symbols_of(tree) if s.sub is None}
    for sym in dict.fromkeys(symbols):
        if sym in solver.family and sym.sub and sym.sub.isalpha() and (sym.name, sym.font) in whole:
            vector = solver.latex_of_symbol(Symbol(sym.name, sym.font))
            return f"`{solver.latex_of_symbol(sym)}` may be an entry of `{vector}`, which the formula also " \
                   f"writes, not a member of the family `{vector}_1, {vector}_2, …`"
    return ""


# "the columns of $B$", "les lignes de $B$" before the letter; "$B$ 的列", "$B$의 열", "$B$ の行" after it
PARTS_BEFORE = re.compile(r"(?:\b(?:columns?|rows?)\s+of|\b(?:colonnes?|lignes?)\s+de)\s*$", re.I)
PARTS_AFTER = re.compile(r"^\s*(?:的|の|의)?\s*(?:列|行|열|행)")


def parts_doubt(solver, symbols: list[Symbol]) -> str:
    """`c_i = Ab_i` after "if we represent B by columns, … the columns of B", where a paragraph
    before declared `b_i ∈ R^p` for B's rows (CS229's linear algebra review and its
    translations): the words of the formula's paragraph or the two before speak of the
    columns or rows of the capital of a member the clash reads, which is what the member
    may be here, whatever an earlier view declared it."""
    note, formula = solver.note, solver.formula
    k = paragraph_of(note, formula) if formula >= 0 else None
    if k is None:
        return ""
    named = set()
    for paragraph in note.paragraphs[max(0, k - 2):k + 1]:  # (a display between is a paragraph of its own)
        parts = paragraph.parts
        for j, part in enumerate(parts):
            if isinstance(part, int) and 0 <= part < len(note.formulas):
                letter = note.formulas[part].latex.strip()
                before = parts[j - 1] if j > 0 and isinstance(parts[j - 1], str) else ""
                after = parts[j + 1] if j + 1 < len(parts) and isinstance(parts[j + 1], str) else ""
                if len(letter) == 1 and letter.isupper() and (PARTS_BEFORE.search(before) or PARTS_AFTER.match(after)):
                    named.add(letter)
    for sym in dict.fromkeys(symbols):
        if sym.sub and sym.name.islower() and sym.name.upper() in named:
            return f"the words around the formula speak of the columns or rows of `{sym.name.upper()}`, which " \
                   f"`{solver.latex_of_symbol(sym)}` may be here, whatever size it was declared before"
    return ""


def flattened_doubt(solver, shapes: tuple) -> str:
    """Two shapes with as many entries (2×2 and 1×4), near words that flatten a matrix
    ("vectorize", "reshape", "展平"): the note lays the same entries out in another shape
    and says so, as a tutorial on vec(·) does."""
    if len(shapes) != 2:
        return ""
    counts = [entry_count(solver.dims, shape) for shape in shapes]
    one = solver.dims.is_one
    crossed = any(one(a[1]) and one(b[0]) for a, b in (shapes, shapes[::-1]))  # a column and a row
    if not crossed and (counts[0] is None or counts[0] != counts[1]):
        return ""
    found = FLATTENING.search(words_near(solver.note, solver.formula, *NEAR))
    return f"the note lays the same entries out in another shape here (\"{found.group()}\")" if found else ""


FLATTENING = re.compile(r"flatten|vectori[sz]|reshap|\bvec\b|展平|拉直|向量化|平坦化|ベクトル化|벡터화", re.I)
NEAR = 4, 2  # paragraphs before the formula's, and after it, in which the words count


def entry_count(dims, shape) -> int | None:
    """How many entries `shape` has, when its sizes are written numbers (3*3 counts 9)."""
    out = 1
    for side in shape:
        for factor in dims.factors(dims.find(side)):
            info = dims.root_info(factor)
            if info.kind != "int":
                return None
            out *= info.value
    return out



def example_doubt(dims, clash: tuple[int, int]) -> str:
    """A named size a worked example's matrices of entries give two values."""
    for name, number in (clash, clash[::-1]):
        named, entries = dims.root_info(name), dims.root_info(number)
        if named.kind == "name" and named.example is not None and entries.kind == "int" and entries.entries:
            return (f"a worked example's matrices of entries make `{named.value}` both {named.example} and "
                    f"{entries.value}; the example may not be meant with the note's sizes")
    return ""


def valued_doubt(solver, clash: tuple[int, int]) -> str:
    """A named size and a number the note itself sets equal somewhere (an example's "a
    plane ($M = 2$) in $\\mathbb{R}^3$ ($D = 3$)", then x ∈ R^3 beside x = Wz + μ)."""
    values = clash_values(solver.dims, clash)
    if values is None or len(values) != 2:
        return ""
    number, name = sorted(values, key=str.isdigit, reverse=True)
    if not number.isdigit() or name.isdigit() or number == "1":
        return ""  # (a size set to 1 makes a vector a number: no example of the same shape)
    found = re.search(rf"(?<!_)(?<!_\{{){word(name)}\s*=\s*{number}(?![\d.])", solver.note.text)  # (not `\sum_{n=1}`)
    return f"the note sets `{found.group()}`, so the two sizes agree" if found else ""


def case_doubt(dims, clash: tuple[int, int]) -> str:
    """Two sizes written with one letter in both cases (`y_{n1}` in one matrix of entries,
    `t_{N1}` in the next): the note may count the same samples with either."""
    values = clash_values(dims, clash)
    if values is None or len(values) != 2:
        return ""
    upper, lower = sorted(values)
    if upper.isalpha() and upper != lower and upper.lower() == lower.lower():
        return f"`{upper}` and `{lower}` may be the same size, written in two cases"
    return ""


def clash_values(dims, clash: tuple[int, int]) -> set[str] | None:
    """The two sizes that clash as written (`m`, `3`), or None when one is not written."""
    infos = [dims.root_info(i) for i in clash]
    if any(info.kind not in ("name", "int") for info in infos):
        return None
    return {str(info.value) for info in infos}


def redeclared_doubt(solver, clash: tuple[int, int], symbols: list[Symbol]) -> str:
    """A symbol of the clash given two shapes that differ in exactly the two sizes that
    clash: by two declarations of this section, or, when this section declares it not,
    by a declaration of an earlier section and its use here (`A v = λv` reads A as n×n
    in the sentence that speaks of the m×n A of the SVD)."""
    values = clash_values(solver.dims, clash)
    if values is None:
        return ""
    for sym in dict.fromkeys(symbols):
        shaped = [d for d in solver.spelled(sym) if d.shape is not None]
        for k, first in enumerate(shaped):
            for later in shaped[k + 1:]:
                if differ_in(values, first.shape, later.shape):
                    return (f"`{solver.latex_of_symbol(first.symbol)}` is declared {sizes(first.shape)} (line {first.line}) "
                            f"and {sizes(later.shape)} (line {later.line}); where its declarations disagree, "
                            f"its shape is not certain")
        used = bound_shape(solver, sym) if not shaped else None
        for before in solver.spelled(sym, solver.earlier) if used is not None else ():
            if before.shape is not None and differ_in(values, before.shape, used):
                return (f"`{solver.latex_of_symbol(before.symbol)}` is declared {sizes(before.shape)} (line {before.line}), "
                        f"but its use here reads it as {sizes(used)}; where the two disagree, its shape is not "
                        f"certain")
    return ""


def differ_in(values: set[str], one: Shape, other: Shape) -> bool:
    """Whether the two shapes' rows, or their columns, are the two sizes `values`."""
    return any({str(getattr(one, side)), str(getattr(other, side))} == values for side in ("rows", "cols"))


def bound_shape(solver, sym: Symbol) -> Shape | None:
    """The sizes the section's use gives `sym`, when both are written ones."""
    pair = solver.bind.get(solver.key(sym))
    infos = [solver.dims.root_info(i) for i in pair] if pair is not None else []
    if not infos or any(info.kind not in ("name", "int") for info in infos):
        return None
    return Shape(infos[0].value, infos[1].value)


def sizes(shape: Shape) -> str:
    return f"{shape.rows}×{shape.cols}"


def condition_doubt(solver, clash: tuple[int, int], symbols: list[Symbol]) -> str:
    """Two named sizes, or a named size and a number, the formula's sentence says are
    equal ("If $m = n$", "Let $m=1$, $U = u$"), or the matrix whose rows and columns clash
    said to be square."""
    infos = [solver.dims.root_info(i) for i in clash]
    if any(info.kind not in ("name", "int") for info in infos) or all(info.kind == "int" for info in infos):
        return ""
    square = square_letters(solver, clash, symbols)
    sizes = (str(infos[0].value), str(infos[1].value))
    key = (solver.formula, *sizes, square)
    stated = solver.stated.get(key)
    if stated is None:  # (a solver records the same clash at each pass over its formulas)
        stated = solver.stated[key] = equal_sizes_stated(solver.note, solver.formula, sizes, square)
    if not stated:
        return ""
    return f"its sentence assumes `{stated}`, under which the sizes agree"


def square_letters(solver, clash: tuple[int, int], symbols: list[Symbol]) -> tuple[str, ...]:
    """The letters (as this formula writes them) of the matrices whose rows and columns are
    the two sizes that clash: what `A^{-1}` of an m×n A asks to be square."""
    roots = {solver.dims.find(i) for i in clash}
    latex = solver.note.formulas[solver.formula].latex
    return tuple(dict.fromkeys(written(latex, sym) for sym in symbols if solver.key(sym) in solver.bind and
                               {solver.dims.find(i) for i in solver.bind[solver.key(sym)]} == roots))


def called_square_doubt(solver, clash: tuple[int, int], symbols: list[Symbol]) -> str:
    """A matrix whose rows and columns clash (`A^{-1}`, `|A|` of an A declared m×n) that
    words elsewhere in the note call square ("L'équation (4) ne s'applique qu'aux matrices
    carrées non singulières $A$", CS229's notes, which make A m×n for equation (1)): the
    note writes one letter for a square matrix and for another, and which one a formula
    means is not certain."""
    for name in square_letters(solver, clash, symbols):
        key = ("called square", name)
        words = solver.stated.get(key)
        if words is None:  # (a solver records the same clash at each pass over its formulas)
            words = solver.stated[key] = called_square(solver.note, name)
        if words:
            return f"the note calls `{name}` square elsewhere (\"{words}\"): it may mean another `{name}` here"
    return ""


def inherited_doubt(solver, clash: tuple[int, int], symbols: list[Symbol]) -> str:
    """A symbol that brings one of the two sizes that clash from an earlier section's
    declaration, beside a symbol this section declares afresh. (Not one whose use here
    gave it that size against the earlier declaration: that size is this section's.)"""
    if not any(d.shape is not None for sym in symbols for d in solver.spelled(sym)):
        return ""  # nothing declared here: the note's declarations hold throughout
    roots = {solver.dims.find(i) for i in clash}
    for sym in dict.fromkeys(symbols):
        pair = solver.bind.get(solver.key(sym))
        if solver.spelled(sym) or pair is None:
            continue
        brought = [(side, solver.dims.root_info(i).value) for side, i in zip(("rows", "cols"), pair)
                   if solver.dims.find(i) in roots]
        before = [d for d in solver.spelled(sym, solver.earlier) if d.shape is not None
                  and brought and all(str(getattr(d.shape, side)) == str(value) for side, value in brought)]
        if before:
            return (f"`{solver.latex_of_symbol(before[-1].symbol)}` is declared {sizes(before[-1].shape)} in an "
                    f"earlier section (line {before[-1].line}), and this one declares its letters afresh: it may "
                    f"mean another `{solver.latex_of_symbol(before[-1].symbol)}` here")
    return ""

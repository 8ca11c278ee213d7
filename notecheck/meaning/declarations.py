"""What a note declares about its symbols, from prose, formulas and front matter.

Authors state shapes and properties in words ("其中 a 是 m×1 列向量", "W is p×n",
"Σ symmetric positive definite"), in formulas (`X\\in\\mathbb{R}^{m\\times n}`) and, for
notecheck, in front matter (`notecheck: {symbols: {X: "m x n"}}`). Shape inference treats
these as facts where naming conventions are only priors; the checker draws random values
with the declared properties (symmetric, one-hot, ...). The layout (numerator or
denominator) is declared only where a sentence says this note uses it: a passing mention
("分子/分母布局下的微分准则") or a recommendation is not a declaration.

The readers are `prose` (sentences), `written_sizes`, `stated_layout` (the layout in words)
and, here, formulas and front matter; `read_context` runs them all.
"""


from __future__ import annotations

import re
from dataclasses import replace

from notecheck.latex.expr import (
    Apply, Chain, Expr, Func, Index, Inverse, Mul, Parsed, Power, Space, Symbol, Transpose, walk,
)
from notecheck.latex.constants import is_euler_power
from notecheck.meaning.context import Context, Declaration, clean_props, shape_from
from notecheck.meaning.dims import Shape
from notecheck.meaning.prose import GREEK_NAMES, describe, latex_symbol, paragraph_declarations, word_symbol
from notecheck.meaning.prose_tokens import GREEK, tokenize
from notecheck.meaning.reach import kinds_in, signature_before, sums_to_one
from notecheck.meaning.written_sizes import DIM, as_dim, dims_in_latex, dims_of_space, space_dim
from notecheck.result import Layout


def read_context(note, trees: list[Parsed | None]) -> Context:
    """Everything `note` declares: front matter first, then formulas and prose in order."""
    context = Context()
    read_front_matter(note.front_matter or {}, context)
    for index, tree in enumerate(trees):
        if tree is not None and index < len(note.formulas):
            for decl in formula_declarations(tree, note.formulas[index], index):
                context.add(decl)
    for paragraph in note.paragraphs:
        for decl in paragraph_declarations(paragraph, note, trees, context.elementwise):
            context.add(decl)
    if context.layout is None:  # only then are the prose's words on layout read (and their patterns compiled)
        from notecheck.meaning.stated_layout import prose_layout

        context.layout, context.stated_layout = prose_layout(note)
    return context


# ---------------------------------------------------------------- formula declarations

def formula_declarations(tree: Parsed, formula, index: int) -> list[Declaration]:
    """`X\\in\\mathbb{R}^{m\\times n}`, `x ∈ R^n`, `a, b \\in \\mathbb{R}^n`, `\\mathbb{R}^n \\ni x`, and a value written
    with its size, `W = [\\mathbf w_1 \\cdots \\mathbf w_k]_{m\\times k}`."""
    out = [Declaration(sym, None, frozenset({"spd"}), formula.line, formula.col, index, source=formula.latex)
           for sym in gaussian_covariances(tree)]
    out += [Declaration(sym, Shape(*dims), clean_props(set(), Shape(*dims)), formula.line, formula.col, index,
                        source=formula.latex) for sym, dims in mapped_domains(tree)]
    pending: list[Symbol] = []
    for statement in tree.statements:
        if isinstance(statement, Symbol):
            pending.append(statement)
            continue
        for node in walk(statement) if isinstance(statement, Chain) else ():
            if type(node) is not Chain:  # (no node type has subtypes)
                continue
            for k, rel in enumerate(node.rels):
                subject, space = node.items[k], node.items[k + 1]
                if rel == "\\ni" and isinstance(space, Symbol):  # `\\mathbb{R}^N \\ni x \\mapsto …`: x ∈ ℝ^N
                    rel, subject, space = "\\in", space, subject
                if rel == "=" and isinstance(space, Index) and isinstance(subject, Symbol):
                    sized = dims_in_latex(space.sub or "")  # `W = [w_1 \\cdots w_k]_{m\\times k}`
                    if sized is not None:
                        shape = Shape(*sized)
                        out.append(Declaration(subject, shape, clean_props(set(), shape), formula.line,
                                               formula.col, index, source=formula.latex))
                    continue
                summed = sums_to_one(subject, space) if rel == "=" else None
                if summed is not None:  # `y^T \\mathbf{1} = 1`: y's entries sum to one, a probability vector
                    out.append(Declaration(summed, None, frozenset({"probability"}), formula.line, formula.col, index,
                                           source=formula.latex))
                    continue
                if rel == "=" and is_own_transpose(subject, space):  # `A = A^T`: the note takes A symmetric
                    sym = subject if isinstance(subject, Symbol) else space
                    out.append(Declaration(sym, None, frozenset({"symmetric"}), formula.line, formula.col, index,
                                           source=formula.latex))
                    continue
                if rel != "\\in":
                    continue
                symmetric = symmetric_matrices(space, subject)
                if symmetric is not None:  # `A \in \mathbb{S}^n_{++}`: n×n, symmetric
                    shape, props = symmetric
                    out.append(Declaration(subject, shape, clean_props(props, shape), formula.line, formula.col,
                                           index, source=formula.latex))
                    continue
                dims = dims_of_space(space) if isinstance(space, Space) else space_dims(formula.latex, space)
                if dims is not None and isinstance(subject, Transpose) and isinstance(subject.arg, Symbol):
                    subject, dims = subject.arg, dims[::-1]  # `x^T \\in \\mathbb{R}^m`: x is a row, 1×m
                subject = subject if isinstance(subject, Symbol) else function_named(node, k)
                if dims is None or subject is None:
                    continue
                for sym in [*pending, subject]:
                    shape = Shape(*dims)
                    col = formula.col + max(subject.pos, 0) if "\n" not in formula.latex[:max(subject.pos, 0)] \
                        else formula.col
                    out.append(Declaration(sym, shape, clean_props(set(), shape), formula.line, col, index,
                                           source=formula.latex))
        pending = []
    said = next((SPELLED_PROPERTIES[w] for w in map(spelled_word, tree.statements) if w in SPELLED_PROPERTIES), None)
    if said is not None:  # `\mathbf{B} ; b_{n,n} \in \mathbb{R}^{n \times n}; \ symmetric`: a word typed in the math
        out = [replace(d, properties=d.properties | {said}) if d.shape is not None and not d.shape.is_scalar else d
               for d in out]
    return out


# a property a declaring formula states in a word its letters spell (read as a product of letters)
SPELLED_PROPERTIES = {"symmetric": "symmetric", "orthogonal": "orthogonal", "diagonal": "diagonal",
                      "invertible": "invertible", "nonsingular": "invertible"}


def spelled_word(statement) -> str:
    """The word a statement of plain single letters spells (`s y m m e t r i c`), or ''."""
    letters = statement.factors if type(statement) is Mul else ()
    if len(letters) < 6 or not all(type(x) is Symbol and x.font == "" and x.sub is None and len(x.name) == 1
                                   and x.accent is None and not x.prime for x in letters):
        return ""
    return "".join(x.name for x in letters).lower()


def mapped_domains(tree: Parsed) -> list[tuple[Symbol, tuple]]:
    """`f: \\mathbb{R}^n \\to \\mathbb{R},\\; x \\mapsto …`: the variable a signature's map
    takes is in its domain, (x, (n, 1))."""
    found = []
    for k in range(1, len(tree.statements)):
        signature = signature_before(tree, k)
        if signature is None or signature.rels[1:2] != ("\\to",) or type(signature.items[1]) is not Space:
            continue
        variable, dims = tree.statements[k].items[0], dims_of_space(signature.items[1])
        if type(variable) is Symbol and dims is not None:
            found.append((variable, dims))
    return found


def gaussian_covariances(tree: Parsed) -> list[Symbol]:
    """The S of a Gaussian's exponent, `\\exp(-\\frac{1}{2}(x-μ)^T S^{-1} (x-μ))`: a covariance,
    so symmetric (drawn positive definite) whether or not the note says so in words."""
    kinds = kinds_in(tree)  # (kept on the tree: most formulas hold no inverse, and walking each cost 1% of a check)
    if Inverse not in kinds or Transpose not in kinds:
        return []
    found = []
    for node in walk(tree):
        exponent = node.args[0] if type(node) is Func and node.name == "exp" and node.args else \
            node.exp if is_euler_power(node) else None
        for inner in walk(exponent) if exponent is not None else ():
            if type(inner) is not Mul:
                continue
            for left, middle, right in zip(inner.factors, inner.factors[1:], inner.factors[2:]):
                if type(left) is Transpose and left.arg == right and type(middle) is Inverse \
                        and type(middle.arg) is Symbol and middle.arg not in found:
                    found.append(middle.arg)
    return found


def function_named(chain: Chain, k: int) -> Symbol | None:
    """The function whose values a chain places in a space at relation k: `y(u) \\in
    \\mathbb{R}^m`, or `y(u) = Au \\in \\mathbb{R}^m` (only `=` leading to the `\\in`), of
    symbols only; else None. y then names an m-vector, as the note uses it (`J = y^TBy`),
    and this local statement wins over a sentence elsewhere (`J, y, u \\in \\mathbb{R}` of
    an aside on scalars). A symbol equal to a value in a space (`\\Lambda = diag(…) \\in …`)
    is not declared so: that would drop what the value says (diagonal, so symmetric), and
    a special case (`V = v^T`) would clash with the next (`V = I`)."""
    if any(rel != "=" for rel in chain.rels[:k]):
        return None
    first = chain.items[0]
    if isinstance(first, Apply) and isinstance(first.fn, Symbol) and all(isinstance(a, Symbol) for a in first.args):
        return first.fn
    return None


def is_own_transpose(left: Expr, right: Expr) -> bool:
    """`A = A^T` or `A^T = A`: a symbol said to equal its transpose."""
    return any(isinstance(a, Symbol) and isinstance(b, Transpose) and b.arg == a for a, b in ((left, right), (right, left)))


def symmetric_matrices(space: Expr, subject: Expr) -> tuple[Shape, set[str]] | None:
    """`A \\in \\mathbb{S}^n` as Boyd and CS229 write it: A is an n×n symmetric matrix, and
    positive definite in `\\mathbb{S}^n_{++}` (in `\\mathbb{S}^n_+`, semidefinite, it is
    drawn symmetric only). Not the sphere `\\mathbb{S}^{n-1}`, nor a small letter in a bare
    `\\mathbb{S}^n` (a point of a sphere)."""
    if type(space) is not Power or type(space.base) is not Symbol or space.base.name != "S" \
            or space.base.font != "bb" or type(subject) is not Symbol:
        return None
    size, restriction = space_dim(space.exp), space.base.sub
    if size is None or restriction not in (None, "+", "++") or restriction is None and subject.name.islower():
        return None
    return Shape(size, size), {"symmetric", "spd"} if restriction == "++" else {"symmetric"}


def space_dims(latex: str, node: Expr):
    """`X \\in m \\times n` (a damaged "X 是 m×n"): dims written without \\mathbb{R}."""
    if node.pos < 0 or node.end < 0:
        return None
    text = latex[node.pos:node.end]
    m = re.fullmatch(r"\s*(?:\\mathbb\s*\{?R\}?|\\R|R|ℝ)\s*(?:\^\s*\{?(.*?)\}?)?\s*", text)
    if m is None:
        return dims_in_latex(text)
    if not m.group(1):
        return 1, 1
    inner = m.group(1).strip()
    return dims_in_latex(inner) or ((as_dim(inner), 1) if re.fullmatch(DIM, inner) else None)


def read_front_matter(front: dict, context: Context) -> None:
    """Only the `notecheck:` key; Jekyll's top-level `layout: post` is a page template."""
    ours = front.get("notecheck") if isinstance(front, dict) else None
    if not isinstance(ours, dict):
        return
    layout = str(ours.get("layout", "")).strip().lower()
    if layout in ("numerator", "denominator"):
        context.layout = Layout(layout, "declared in front matter")
    symbols = ours.get("symbols")
    if isinstance(symbols, dict):
        for key, value in symbols.items():
            sym = front_matter_symbol(str(key))
            if sym is None:
                continue
            items = tokenize((str(value),), [])
            dims, props, _ = describe(items, [], [])
            if dims is None:
                m = re.fullmatch(r"\s*([A-Za-z]\w?|\d+)\b(.*)", str(value))
                if m and m.group(1).lower() not in ("scalar", "vector", "matrix"):
                    dims = (as_dim(m.group(1)), 1)
            shape = shape_from(dims, props)
            context.add(Declaration(sym, shape, clean_props(props, shape), 1, 1, None, source=f"{key}: {value}",
                                    any_font=True, note_wide=True))
    functions = ours.get("elementwise")
    if isinstance(functions, dict):
        for key, value in functions.items():
            context.elementwise[str(key).lstrip("\\")] = str(value)


def front_matter_symbol(key: str) -> Symbol | None:
    key = key.strip()
    if len(key) >= 1 and key[0] in GREEK:
        return word_symbol(key)
    return latex_symbol(key) or (latex_symbol("\\" + key) if key.lower() in GREEK_NAMES else None)


"""Precision first: may a finding be an error, or only `unverified`?

The rule (DESIGN.md, "Precision first" and "Scope"): a claim may fail, and a shape may
clash, only when its reading is certain:

- every symbol's kind and shape comes from a declaration (`X\\in\\mathbb{R}^{m\\times n}`,
  "a, x 均为列向量", front matter), a definition (`z = XWb`) whose own symbols are
  certain, or an unambiguous use in the same scope (a sum limit, a denominator, a
  power; sizes pinned by declared neighbours, `w` in `X w` with X declared m×n). A
  convention ("uppercase is a matrix", "bold is a column", "plain is a scalar") is a
  prior, not a fact: a clash between priors alone is not an error;
- every function is known: standard (`tr`, `exp`, σ, softmax...) or defined in the note;
  a letter written before a parenthesis (`C(w,b)`, `\\Lambda(\\theta)`) may apply a
  function the note never defines;
- no operator is ambiguous (`\\mathbf D_x f`, `\\mathbf H f`, `\\delta A`, `\\tr AB`
  without parentheses, `*`, `A\\cdot B`, a 2-norm of a matrix, `\\\\[5pt]` read as
  letters, words inside a formula, `f(X+dX) - f(X)` which is df only to first order).

Words about a symbol are read with their negations where they are read (`prose`).
`reading_doubt` states the rule once; the shape stage and the claim checker both ask it
before they call anything an error, and turn a doubt into `unverified` with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from notecheck.latex import to_latex
from notecheck.latex.expr import (
    FRAGMENT, Add, Apply, Chain, Derivative, Differential, Div, Expr, Func, Identity, Index, Inverse, Matrix, Mul, Neg,
    Norm, Number, Ones, Opaque, Power, Sum, Symbol, Text, Transpose, walk,
)
from notecheck.meaning.conventions import is_upper
from notecheck.meaning.shape_rules import ELEMENTWISE

# operators whose reading the tree cannot be sure of, with the reason a reader would give
AMBIGUOUS_OPERATORS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{?\s*D\s*\}?\s*_"), "`\\mathbf D_x` is the Jacobian operator, "
                                                                     "not a matrix D"),
    (re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{?\s*H\s*\}?\s*(?:_\S+\s*)?[a-z(]"),
     "`\\mathbf H f` may be the Hessian operator"),
    (re.compile(r"\\delta\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{?\s*)?[A-Za-z]"), "`\\delta X` may be a perturbation "
                                                                                 "(like dX), not a product"),
    # `\Delta Y` after `Y = X^{-1}` is the change of Y, not Δ times X^{-1}: read as a product, a
    # right `tr(Y^{-1}\Delta Y) = tr(-XX^{-1}\Delta XX^{-1})` was off by a sign
    (re.compile(r"\\Delta\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{?\s*)?[A-Za-z]"), "`\\Delta X` may be a change of X "
                                                                                 "(like dX), not a product"),
    (re.compile(r"(?:\\tr(?![A-Za-z])|\\mathrm\{tr\}|\\operatorname\{tr\}|\\text\{tr\}|\\Tr(?![A-Za-z]))\s*(?:\\[,;: ]\s*)*"
                r"(?![\s(\[{]|\\left|\\big|\\Big|\\bigg)"), "the extent of a trace written without parentheses"),
    (re.compile(r"(?:\\det|\\(?:mathrm|operatorname|text)\{det\})\s*(?:\\[,;: ]\s*)*[A-Za-z](?:\^\{?[^{}\s]*\}?)?\s*[A-Za-z]"),
     "the extent of a determinant written without parentheses (`\\det AB`)"),
    # (not the `*` of a starred environment or `\operatorname*`, which is no product)
    (re.compile(r"(?<![\^_])(?<!\\operatorname)\*(?!\})"), "`*` may be the elementwise or the matrix product"),
    (re.compile(r"(?<![A-Za-z\\])[A-Z](?:\^\{?(?:T|\\top)\}?)?\s*\\cdot\s*[A-Z](?![A-Za-z])"),
     "`A\\cdot B` between matrices may be the inner product `tr(A^TB)`"),
    (re.compile(r"\\\\\s*\[\s*-?[\d.]+\s*(?:pt|ex|em|mm|cm)\s*\]"), "a line-spacing argument (`\\\\[5pt]`)"),
    # `(\operatorname{diag}(A))_{ij} = \delta_{ij}A_{ij}` (the Matrix Cookbook's diag, a diagonal matrix) where
    # `a^T diag(Z)` reads the vector of the diagonal: which one an entry (i, j) of it means is a convention
    (re.compile(r"diag\s*\}?\s*\((?:[^()]|\([^()]*\))*\)\s*\)\s*_\s*\{?\s*[a-z]\s*,?\s*[a-z]"),
     "diag of a matrix: the vector of its diagonal or the diagonal matrix, as notes write both"),
    (re.compile(r"\\(?:text|mathrm|operatorname|mathbf|rm)\s*\{\s*D\s*\}"), "`\\mathrm D` may be the differential operator"),
    # `\operatorname{det}([\mathbf{A}]_{ij})`: the Matrix Cookbook's submatrix without row i and column j
    (re.compile(r"\[\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?[A-Z]\s*\}?\s*\]\s*_"),
     "`[A]_{ij}` may be an entry of A or the submatrix without row i and column j"),
    (re.compile(r"\[[^\[\]]*_\{?\s*[ijkl]\s*,?\s*[ijkl]\s*\}?[^\[\]]*\]"), "a matrix written by its entries (`[X_{ij}]`)"),
    # `\mathbf{d}\|\mathbf{v}\|^2 = 2\sum_k v_k \mathbf{d} v_k`: some notes set the differential bold
    (re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*d\s*\}\s*(?:\\[,;: ]\s*)*(?:[A-Za-z(]|\\(?![,;: ]))"),
     "`\\mathbf{d}` before an expression may be the differential operator"),
    # `\mathbf{y}^\top\mathbf{B}^\top_j`: the j-th column of Bᵀ, or B's j-th column transposed
    (re.compile(r"\^\s*\{?\s*(?:T|\\top|\\intercal|\\mathsf\{T\})\s*\}?\s*_"),
     "a subscript after a transpose may pick a column of the transpose"),
    # `\dfrac{\text{d}x^TAx}{x}`: a d over no d, a derivative whose denominator lost its d
    (re.compile(r"\\[dt]?frac\s*\{\s*(?:\\(?:text|mathrm|operatorname)\s*\{\s*d\s*\}|d(?:[\s\\{(]|[A-Za-z](?![a-z])))"
                r"[^{}]*\}\s*\{\s*(?!\\(?:text|mathrm|operatorname)\s*\{\s*d\s*\}|d|\\partial)"),
     "a `d` over no `d` (`\\frac{dy}{x}`) may be a derivative whose denominator lost its d"),
    # `y\ dans\ \mathbb{R}^m`, `y\ such\ that\ y = Ax`: prose spelled with the math spacing `\ `
    (re.compile(r"(?<!\\)\\ \s*[A-Za-z]{2,}\s*\\ "),
     "words spelled between `\\ ` spaces may be prose inside the formula"),
    # `\|Ux\|_2 = \|x\|_2 for any x`: words of a sentence typed into the formula as letters
    (re.compile(r"(?<![\\A-Za-z{])(?<!\{ )(?:for\s+(?:any|all|every|each)|such\s+that|where|and|similarly|hence|thus"
                r"|therefore|since|because|then|also)(?![A-Za-z])"),
     "words typed into the formula (`for any`, `such that`, `where`, `and`) may be prose, not a product of letters"),
    # `\begin{pmatrix} 1 \times 5 + 2 \times 7 \hspace{2em} 1 \times 6 + … \end{pmatrix}`, `\begin{vmatrix}
    # w_{11} w_{12} \\ …`: a matrix whose entries are set apart by spacing, not `&`, reads as one entry per row
    (re.compile(r"\\begin\{([pbvBV]?matrix)\}(?:(?!\\end\{)[^&])*?(?:\\(?:hspace|qquad|quad)\b"
                r"|_\{?\w+\}?[ \t]+\\?[A-Za-z]+_)(?:(?!\\end\{)[^&])*\\end\{\1\}"),
     "a matrix whose entries are set apart by spacing, not `&`, may have more columns than it reads with"),
    # `|\left[a_{11}\right]|`: bars around a bracketed matrix, which some notes write for its determinant
    (re.compile(r"\|\s*\\left\s*\["), "bars around a bracketed matrix (`|[A]|`) may mean its determinant"),
    # `\text{Descent on } (-\log P) = \text{Ascent on } (\log P)`: a sentence with formulas in it
    (re.compile(r"(?:=|\\approx)\s*\\(?:text|mbox|textrm)\s*\{[^{}]*?[A-Za-z]{2,}\s+[A-Za-z]{2,}"),
     "words right after the relation (`= \\text{…}`) may make it a sentence, not an equation"),
)

CALLED = re.compile(r"\s*(?:\\left\s*|\\[bB]ig{1,2}l?\s*)?\(")
# `Y(\mathbf{X})`: a parenthesis holding one symbol (`arg`), what a function of it is written as
CALLED_ON_A_SYMBOL = re.compile(r"\s*(?:\\left\s*)?\(\s*(?P<arg>(?:\\(?:mathbf|boldsymbol|bm|vec|mathit)\s*)?\{?\s*"
                                r"\\?[A-Za-z]+\s*\}?\s*(?:_\s*(?:\{\w+\}|\w))?)\s*(?:\\right\s*)?\)")


def reading_doubt(latex: str, nodes: Iterable[Expr], knowledge, shapes: bool = True, found: str = "") -> str:
    """Why the reading of `nodes` (parts of formula `latex`) is not certain, or '' if it is.

    `knowledge.why_unknown(sym)` says why one symbol's kind and shape are not a fact in
    the scope where the formula stands ('' when they are); `knowledge.declared(sym)`
    whether the note declares it (a declared matrix before a parenthesis multiplies);
    `knowledge.defines(fn)` whether the note defines that function (or the value of a
    starred letter, `x^* = (A^TA)^{-1}A^Tb`), `knowledge.read_as_number(sym)` whether the
    scope reads it as 1×1. The single rule every
    error passes; `shapes=False` for a finding that does not rest on the symbols' shapes
    (an index free on one side, a sign or a scale, two shapes sized by declarations),
    which only the operators, functions and notation can make uncertain. `found` is a
    doubt a reader met on the way (a shape rule, or what an indexed letter is: `e_j`, an
    index repeated without the summation convention, an `Opaque` side hiding its indices)."""
    if found:
        return found
    nodes = [n for n in nodes if n is not None]
    why_unknown = knowledge.why_unknown
    ambiguous = operator_doubt(latex)
    if ambiguous:
        return ambiguous
    for node in nodes:
        for n in walk(node):
            doubt = notation_doubt(latex, n, knowledge)
            if doubt:
                return doubt
    limits = {id(n) for node in nodes for s in walk(node) if isinstance(s, Sum)
              for limit in (s.lower, s.upper) if limit is not None for n in walk(limit)}
    for sym in symbols_read(nodes):
        if is_called(latex, sym) and id(sym) not in limits and not (knowledge.declared(sym) and
                                                                     not written_as_a_function(latex, sym)):
            return f"`{written(latex, sym)}(…)` may apply a function the note does not define"
    for sym in symbols_read(nodes) if shapes else ():
        why = why_unknown(sym)
        if why:
            return why
    return ""


@lru_cache(maxsize=256)
def operator_doubt(latex: str) -> str:
    """Why an operator of `latex` is ambiguous, or '' (kept per text: a formula's claims and
    shapes ask it of the same formula, 743 times for 360 formulas per 100 notes)."""
    for pattern, reason in AMBIGUOUS_OPERATORS:
        if pattern.search(latex):
            return f"the reading is ambiguous: {reason}"
    return ""


# functions of a number that a square matrix also has as power series (`\exp(X)`, `\sin(X)`)
MATRIX_FUNCTIONS = frozenset(("sin", "cos", "tan", "exp", "log", "sqrt", "tanh"))
MATRIX_ALGEBRA = frozenset((Symbol, Number, Identity, Transpose, Inverse, Neg, Add, Mul))
EXPECTATIONS = frozenset(("E", "P", "Pr", "Var", "Cov"))  # before a bracket: `E[x]` averages x, not an entry of E


def notation_doubt(latex: str, node: Expr, knowledge) -> str:
    """A node whose meaning the notation leaves open: an undefined function, a starred
    letter whose value the note does not define (`x^*`), `\\mathbf 1` without a size (a
    vector or a matrix of ones), a superscript in parentheses or a superscript 1 (`w^1`, a
    label), the 2-norm of a matrix, words inside the formula, a function of `X + dX`, an
    activation's derivative written with plain products and squares (`σ(x)(1 - σ(x))`), a
    letter right before a bracket (`x[0,1]`, an entry in the notation of signals and arrays),
    a block matrix with zero blocks written `0`, a letter with a letter superscript right
    before a parenthesis (`J^{i}(x)`, a function of several)."""
    if isinstance(node, Apply) and not knowledge.defines(node.fn):
        return f"`{written(latex, node.fn)}` is a function the note does not define"
    if isinstance(node, Opaque) and node.what != FRAGMENT:
        return f"`{node.latex}` is not read ({node.what}), so its shape is not known"
    if isinstance(node, Apply) and any(isinstance(n, Differential) for arg in node.args for n in walk(arg)):
        return f"`{written(latex, node)}` is a finite step: `f(X+dX) - f(X)` equals df only to first order"
    if isinstance(node, Symbol) and node.accent == "star" and not knowledge.defines(node):
        return f"`{written(latex, node)}` is read as an optimum the note does not define (what holds at an " \
               "optimum need not hold elsewhere, and a star may also mark a conjugate)"
    if isinstance(node, Norm) and node.kind == "2" and any(isinstance(n, Symbol) and is_upper(n)
                                                          for n in walk(node.arg)):
        return "the 2-norm of a matrix may be the spectral or the Frobenius norm"
    if isinstance(node, Text) and re.search(r"[A-Za-z]{2,}", node.text or ""):
        return f"words inside the formula (`{node.text.strip()}`) may separate two statements"
    if ones_as_matrix(node):
        return "`\\mathbf 1` may be a vector or a matrix of ones"
    if type(node) is Matrix and zero_blocks(node, knowledge):
        return f"`{written(latex, node)}` has blocks written `0`, whose sizes it leaves to be guessed"
    if type(node) is Div:
        letters = [n for n in walk(node.den) if plain_letter(n) and not knowledge.read_as_number(n)]
        if letters:
            return f"`{written(latex, node)}` divides by `{written(latex, node.den)}`, which holds " \
                   f"`{written(latex, letters[0])}`: a number there, or the division is elementwise"
    if isinstance(node, Symbol) and node.name not in EXPECTATIONS and 0 <= node.end < len(latex) \
            and latex[node.end] == "[":
        return f"`{written(latex, node)}[…]` may index {written(latex, node)} (an entry, as signals and arrays are " \
               "written), not multiply it"
    if type(node) is Mul and isinstance(node.factors[0], Symbol) and node.factors[0].font == "cal":
        return f"`{written(latex, node.factors[0])}` may be an operator applied to what follows it (a derivative), " \
               "not a factor"
    if type(node) is Add and any(ends_in_operator(term) for term in node.terms[:-1]):
        return f"`{written(latex, node)}`: a derivative operator may apply to the terms after it too"
    if type(node) is Func and node.name == "vec" and "\\partial" in latex:
        return f"`{written(latex, node)}` beside a derivative: the note may define the derivative by a matrix as a " \
               "vector (the vec convention), not a matrix of X's shape"
    if type(node) is Func and node.name in MATRIX_FUNCTIONS and len(node.args) == 1 and \
            of_a_matrix(node.args[0], knowledge):
        return f"`{written(latex, node)}` of a matrix may be the matrix function (a power series, as the Matrix " \
               f"Cookbook's `sin(X)`) or taken elementwise"
    elementwise = elementwise_product(node, knowledge) or square_beside_a_number(node, knowledge)
    if elementwise:
        return f"`{written(latex, elementwise)}` may be taken elementwise, as an activation's derivative is written"
    if entry_of_a_product(node):
        return f"`{written(latex, node)}` may be an entry of the whole product, (AB)_{{ij}} written AB_{{ij}}"
    if type(node) is Power and type(node.exp) is Number and node.exp.value == 1 and \
            any(type(s) is Symbol and not knowledge.read_as_number(s) for s in walk(node.base)):
        return f"`{written(latex, node)}`: a superscript 1 is a label (the first of several), not a power"
    if type(node) is Power and type(node.exp) is Symbol and type(node.base) is Symbol and is_called(latex, node) \
            and not knowledge.declared(node.base):
        return f"`{written(latex, node)}(…)` may apply a function the note does not define (the " \
               f"{written(latex, node.exp)}-th of several, as `f^{{i}}(x)` is written), not multiply a power"
    if isinstance(node, Power) and 0 <= node.base.end <= node.end and \
            re.match(r"\s*\^\s*\{?\s*\(", latex[node.base.end:node.end]):
        return f"`{written(latex, node)}`: a superscript in parentheses may be notation the note defines"
    return ""


def of_a_matrix(arg: Expr, knowledge) -> bool:
    """An argument that is a product or sum of capital letters (`X`, `AX + B^T`), not `|X|`,
    `\\det X`, `\\mathrm{tr}(X)` or `Wx` (a vector, whose functions are elementwise)."""
    nodes = list(walk(arg))
    letters = [n for n in nodes if type(n) is Symbol and not knowledge.read_as_number(n)]
    return all(type(n) in MATRIX_ALGEBRA for n in nodes) and bool(letters) and all(map(is_upper, letters))


def zero_blocks(node: Matrix, knowledge) -> bool:
    """Whether a matrix sets a plain `0` beside a block that is not a number
    (`[\\bar\\Sigma\\ 0; 0\\ 0]`): a zero block of a size nothing writes."""
    entries = [entry for row in node.rows for entry in row]
    return any(type(e) is Number and e.value == 0 for e in entries) and \
        any(type(e) is Symbol and not knowledge.read_as_number(e) for e in entries)


def plain_letter(node: Expr) -> bool:
    """A lowercase letter in no font (`x`, not `\\mathbf{x}`): a number in one place, a vector in another."""
    return type(node) is Symbol and node.font == "" and node.name.islower()


def ends_in_operator(term: Expr) -> bool:
    """`\\frac{\\partial}{\\partial x_k}\\sum_j w_{kj} x_j` before `+ b_k`: an operator derivative
    ends the term, and many notes mean it to take the rest of the sum."""
    while isinstance(term, (Neg, Mul)):
        term = term.arg if isinstance(term, Neg) else term.factors[-1]
    return isinstance(term, Derivative) and term.style in ("op", "dop")


def elementwise_product(node: Expr, knowledge) -> Expr | None:
    """`\\sigma(x)(1 - \\sigma(x))` of a vector x: two elementwise functions' values side by
    side, which notes on activations multiply entry by entry (the Mul, or None)."""
    if type(node) is not Mul:
        return None
    values = [elementwise_value(f, knowledge) for f in node.factors]
    return node if any(a and b for a, b in zip(values, values[1:])) else None


def elementwise_value(node: Expr, knowledge) -> bool:
    """σ(x), tanh(X), or `1 - σ(x)`, of an argument this scope does not read as a number."""
    if type(node) is Add:
        return any(elementwise_value(t.arg if type(t) is Neg else t, knowledge) for t in node.terms)
    return type(node) is Func and node.name in ELEMENTWISE and len(node.args) == 1 and \
        any(type(s) is Symbol and not knowledge.read_as_number(s) for s in walk(node.args[0]))


def square_beside_a_number(node: Expr, knowledge) -> Expr | None:
    """`1 - y^2` of a vector or a matrix y: a number added to a power, which only an
    elementwise square makes a sum of like things (the Add, or None)."""
    if type(node) is not Add or not any(type(t) is Number for t in node.terms):
        return None
    for term in node.terms:
        term = term.arg if type(term) is Neg else term
        if type(term) is Power and type(term.base) is Symbol and type(term.exp) is Number and term.exp.value > 1 and \
                not knowledge.read_as_number(term.base):
            return node
    return None


def entry_of_a_product(node: Expr) -> bool:
    """`AB_{ij}`: matrices in a row whose last alone carries two indices, which many authors
    write for the entry (AB)_{ij} (the bracket is often dropped)."""
    if type(node) is not Mul or len(node.factors) < 2:
        return False
    *before, last = node.factors
    letter, sub = (last.arg, last.sub) if isinstance(last, Index) else (last, getattr(last, "sub", None))
    return isinstance(letter, Symbol) and is_upper(letter) and ENTRY_INDICES.fullmatch(sub or "") is not None and \
        all(isinstance(f, Symbol) and is_upper(f) and f.sub is None for f in before)


ENTRY_INDICES = re.compile(r"[a-z],?[a-z]")


def ones_as_matrix(node: Expr) -> bool:
    """`\\mathbf 1 X`, `I - \\frac1N\\mathbf 1`: an unsized `\\mathbf 1` standing where the
    all-ones matrix could (before a factor, or added to a matrix) rather than as a vector."""
    def unsized(n):
        return isinstance(n, Ones) and n.size is None

    def bare(n):
        return n.arg if isinstance(n, Neg) else n
    if isinstance(node, Mul):
        return any(unsized(f) for f in node.factors[:-1])
    if isinstance(node, Add):
        terms = [bare(t) for t in node.terms]
        ones = [t for t in terms if unsized(t) or (isinstance(t, Mul) and unsized(t.factors[-1]))]
        matrices = [t for t in terms if isinstance(t, Identity) or (isinstance(t, Symbol) and is_upper(t))]
        return bool(ones and matrices)
    return False


def symbols_read(nodes: list[Expr]) -> list[Symbol]:
    """The symbols whose shapes the reading relies on: not the indices a sum binds, and
    not a function's name (functions are judged as functions)."""
    bound, names, out = set(), set(), []
    for node in nodes:
        for n in walk(node):
            if isinstance(n, Sum) and n.index:
                bound |= {part.strip() for part in n.index.split(",")}
            elif isinstance(n, Apply):
                names.add(id(n.fn))
    for node in nodes:
        for n in walk(node):
            if isinstance(n, Symbol) and id(n) not in names and not (n.name in bound and not n.sub) \
                    and n not in out:
                out.append(n)
    return out


def is_called(latex: str, sym: Symbol) -> bool:
    return 0 <= sym.end <= len(latex) and CALLED.match(latex, sym.end) is not None


def written_as_a_function(latex: str, sym: Symbol) -> bool:
    """Whether even a declared letter before a parenthesis applies a function there."""
    return differentiates_by_its_argument(latex, sym) or set_to_itself_applied(latex, sym)


def differentiates_by_its_argument(latex: str, sym: Symbol) -> bool:
    """`\\frac{d(z(\\mathbf{Y}(\\mathbf{X})))}{d\\mathbf{X}}`: even a declared matrix before a
    parenthesis is a function of what it holds when that is one symbol the formula
    differentiates by ("where Y is an m×n matrix": a matrix-valued function of X)."""
    called = CALLED_ON_A_SYMBOL.match(latex, sym.end) if 0 <= sym.end <= len(latex) else None
    if called is None:
        return False
    arg, text = "".join(called.group("arg").split()), "".join(latex.split())
    return any(f"{d}{arg}" in text for d in ("d", "\\partial", "\\mathrm{d}"))


def set_to_itself_applied(latex: str, sym: Symbol) -> bool:
    """`x = x(\\alpha)`: even a declared vector before a parenthesis is a function of what
    it holds when the formula sets the letter equal to itself so applied ("if x = x(α),
    z = z(α), by the chain rule …")."""
    letter = "".join(written(latex, sym).split())
    return f"{letter}={letter}(" in "".join(latex.split())


def written(latex: str, node: Expr) -> str:
    """How `node` reads in its formula `latex`; a node placed elsewhere (the side a `= …`
    formula goes on from lies in the formula before) as the printer writes it."""
    if 0 <= node.pos < node.end <= len(latex):
        return latex[node.pos:node.end].strip()
    return node.name if type(node) is Symbol else to_latex(node)


def convention_doubt(sym: Symbol, shape_text: str, number: bool = False, differentiated: bool = False) -> str:
    """The reason a symbol whose shape only a convention gave is not a fact; `number`
    when the note calls it a constant in words ("C 为常数"), so that a capital is read as
    a number; `differentiated` when it is read as a number because the note
    differentiates it (`dL/dX`, a loss)."""
    label = sym.name + (f"_{sym.sub}" if sym.sub else "")
    if number:
        guess = "called a constant, read as a number"
    elif differentiated:
        guess = "a function the note differentiates, read as a number"
    elif is_upper(sym):
        guess = "uppercase read as a matrix"
    elif sym.font == "bold":
        guess = "bold read as a column vector"
    else:
        guess = "plain letter read as a scalar"
    return f"the shape of `{label}` ({shape_text}) is only a convention ({guess}); the note does not declare it"


def definitions_in(trees: Iterable[Expr]) -> dict[Symbol, list[Expr]]:
    """`z = XWb`: each symbol on the left of `=` and what the note sets it to."""
    out: dict[Symbol, list[Expr]] = {}
    for tree in trees:
        for node in walk(tree):
            if isinstance(node, Chain) and node.rels and node.rels[0] in ("=", ":=") and \
                    isinstance(node.items[0], Symbol):
                out.setdefault(node.items[0], []).append(node.items[1])
    return out


def functions_defined_in(trees: Iterable[Expr]) -> set[Symbol]:
    """`g(\\mathbf w) = \\|X\\mathbf w - \\mathbf y\\|^2`, `C(w, b) = …`: the functions a note defines."""
    return {node.items[0].fn for tree in trees for node in walk(tree)
            if isinstance(node, Chain) and node.rels and node.rels[0] in ("=", ":=") and
            isinstance(node.items[0], Apply)}

"""Parse one formula's LaTeX into notecheck's typed expression tree (`notecheck.expr`).

A recursive-descent parser over the tokens of `notecheck.lex`. Precedence, loose to
tight: statements (split at `,` `;` `\\quad` `\\Rightarrow` and rows); relations;
`+ - \\pm`; `\\odot \\circ \\otimes`; `\\cdot`; juxtaposition, `\\times` and `/`; unary
minus; postfix (`^T`, `^{-1}`, `'`, subscripts). So `\\sigma'\\odot X\\mathrm{d}W b` is
`σ' ⊙ (X dW b)` and `x \\cdot Ax` is `x · (Ax)`.

Reading rules that are not plain precedence:
- `d` (italic, `\\mathrm{d}`) followed by something that can start an operand is a
  differential of the next operand with its postfix: `dX^{-1}` is `d(X^{-1})`,
  `dXX^{-1}` is `d(X) X^{-1}`. A `d` followed by nothing of the kind is the symbol d.
- Implicit application: a letter that usually names a function (f g h p q u v F G H
  I J L P Q, φ ψ ℓ, any calligraphic letter), after its subscript and primes, directly
  followed by `(` with no space in between is `Apply` unless the argument mentions the
  letter itself (`p(1-p)` is a product). Known functions (`\\sigma \\log \\exp
  \\operatorname{tr}`, ...) apply to a following `(...)` whatever the spacing; without
  parentheses `\\log`, `\\exp`, `\\sin`... take the next operand, while a bare `\\sigma`
  is the symbol σ (`\\sigma'` alone is the derivative σ').
- `\\sum`, `\\nabla` and `\\frac{\\partial}{\\partial x}` take the rest of the product
  (`\\sum` also through `\\cdot`); `\\frac{1}{N}\\sum_i x_i` is `(1/N)·Σ`.
- A row of an aligned block that starts with a relation continues the previous chain.
- Prose (`\\text{...}`, Chinese) between expressions is a `Text` statement of its own.

Bad input raises `ParseError(message, col)`; nesting deeper than `MAX_NESTING` groups is
refused before Python's stack could overflow.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction

from notecheck.expr import (
    Add, Apply, Bars, Chain, Derivative, Differential, Div, Dot, Dots, Expr, Func, Hadamard,
    Identity, Index, Inner, Inverse, Kron, Matrix, Mul, Neg, Norm, Number, Ones, Parsed, Power,
    Space, Sum, Symbol, Text, Transpose, Zero,
)
from notecheck.lex import ParseError, Token, tokenize

__all__ = ["parse", "ParseError", "MAX_NESTING"]

MAX_NESTING = 25

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu"
    " nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma"
    " Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell infty hbar".split()
)
FONT_MACROS = {
    "\\boldsymbol": "bold", "\\bm": "bold", "\\pmb": "bold", "\\mathbf": "bold",
    "\\vec": "bold", "\\mathbfit": "bold", "\\bold": "bold", "\\textbf": "bold",
    "\\mathcal": "cal", "\\mathscr": "cal", "\\mathbb": "bb", "\\Bbb": "bb",
    "\\mathrm": "rm", "\\textrm": "rm", "\\mathsf": "sf", "\\mathfrak": "frak",
    "\\mathit": "", "\\textit": "",
}
FONT_SWITCHES = {"\\bf": "bold", "\\rm": "rm", "\\cal": "cal", "\\it": "", "\\sf": "sf"}
ACCENTS = {
    "\\bar": "bar", "\\overline": "bar", "\\hat": "hat", "\\widehat": "hat",
    "\\tilde": "tilde", "\\widetilde": "tilde", "\\dot": "dot",
}
# spelled name -> canonical Func name
FUNCTIONS = {
    "tr": "tr", "Tr": "tr", "trace": "tr", "det": "det", "log": "log", "ln": "log",
    "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh",
    "sigma": "sigma", "softmax": "softmax", "diag": "diag", "vec": "vec", "adj": "adj",
    "sqrt": "sqrt", "relu": "relu", "ReLU": "relu", "sign": "sign", "sgn": "sign",
    "rank": "rank", "etr": "etr",
}
FUNCTION_MACROS = {"\\" + k: v for k, v in FUNCTIONS.items() if k in (
    "det", "log", "ln", "exp", "sin", "cos", "tan", "tanh", "tr", "Tr")}
UNSUPPORTED = {
    "\\prod": "\\prod (products over an index) is not supported",
    "\\int": "integrals are not supported", "\\lim": "limits are not supported",
    "\\max": "max/min are not supported", "\\min": "max/min are not supported",
    "\\arg": "argmax/argmin are not supported", "\\forall": "quantifiers are not supported",
    "\\exists": "quantifiers are not supported", "\\mapsto": "maps are not supported",
    "\\sup": "sup/inf are not supported",
    "\\inf": "sup/inf are not supported",
}
APPLY_LETTERS = frozenset("fghpquvFGHIJLPQ") | {"phi", "varphi", "psi", "ell"}
RELATIONS = {
    "=": "=", "\\approx": "\\approx", "\\simeq": "\\approx", "\\in": "\\in", "<": "<",
    ">": ">", "\\le": "\\le", "\\leq": "\\le", "\\leqslant": "\\le", "\\ge": "\\ge",
    "\\geq": "\\ge", "\\geqslant": "\\ge", "\\ne": "\\ne", "\\neq": "\\ne", "\\sim": "\\sim",
    "\\propto": "\\propto", "\\coloneqq": ":=", "\\triangleq": ":=", "\\equiv": ":=",
    "\\lt": "<", "\\gt": ">", "\\to": "\\to", "\\rightarrow": "\\to",
}
LONE_OPERATORS = frozenset(
    "\\odot \\otimes \\circ \\cdot \\times \\nabla \\partial \\sum \\pm + - = \\Rightarrow".split()
)
STATEMENT_JOINS = {
    "\\Rightarrow": "\\Rightarrow", "\\Longrightarrow": "\\Rightarrow",
    "\\implies": "\\Rightarrow", "\\therefore": "\\Rightarrow",
    "\\Leftrightarrow": "\\Leftrightarrow", "\\iff": "\\Leftrightarrow",
    "\\Longleftrightarrow": "\\Leftrightarrow",
    ",": ",", ";": ";", "\\quad": "\\quad", "\\qquad": "\\quad", "\\\\": "row",
    "\\cr": "row", "\\newline": "row",
}
JOIN_STRENGTH = {"\\Rightarrow": 5, "\\Leftrightarrow": 5, ",": 3, ";": 3, "\\quad": 2, "row": 1, "text": 0}
PROSE_PUNCTUATION = {"，": ",", "；": ";", "。": "", "、": ",", "：": ""}
ROW_ENVIRONMENTS = frozenset(
    "aligned align align* alignat alignat* gathered gather gather* split equation equation*"
    " eqnarray eqnarray* multline multline* flalign flalign* displaymath math".split()
)
MATRIX_ENVIRONMENTS = frozenset(
    "matrix bmatrix pmatrix vmatrix Vmatrix Bmatrix smallmatrix array".split()
)
NOISE_MACROS = frozenset(
    "\\left \\right \\middle \\big \\Big \\bigg \\Bigg \\bigl \\bigr \\Bigl \\Bigr \\biggl \\biggr"
    " \\Biggl \\Biggr \\, \\; \\: \\! \\> \\  \\displaystyle \\textstyle \\scriptstyle"
    " \\limits \\nolimits \\nonumber \\notag \\hline \\enspace \\thinspace \\medspace"
    " \\thickspace \\negthinspace \\mathstrut \\strut \\allowbreak \\hfill \\mathop".split()
) | {"\\ "}
NOISE_WITH_ARGUMENT = frozenset("\\label \\tag \\hspace \\vspace \\color \\phantom \\hphantom \\vphantom".split())
WORD_MACROS = frozenset("\\operatorname \\text \\mathrm \\textrm \\mbox \\textbf \\textit".split())
SIZED = frozenset("\\left \\right \\middle".split())
TRANSPOSE_SPELLINGS = frozenset(
    ["T", "\\top", "\\intercal", "\\mathsfT", "\\mathrmT", "\\rmT", "\\textT", "\\textsfT", "\\sfT", "\\mathbfT"]
)
OPENERS = {"(": ")", "[": "]", "\\{": "\\}", "\\lbrace": "\\rbrace", "\\lbrack": "\\rbrack"}
CLOSERS = frozenset(OPENERS.values())
BAR_CLOSE = frozenset(["|", "\\vert", "\\rvert"])
NORM_OPEN = frozenset(["\\|", "\\Vert", "\\lVert"])
NORM_CLOSE = frozenset(["\\|", "\\Vert", "\\rVert"])
DOTS = {"\\cdots": "cdots", "\\dots": "dots", "\\ldots": "ldots", "\\vdots": "vdots", "\\ddots": "ddots", "\\dotsc": "dots", "\\dotsb": "cdots"}
PASS_THROUGH = frozenset(["\\boxed", "\\cancel", "\\underbrace", "\\overbrace"])
FRACS = frozenset(["\\frac", "\\dfrac", "\\tfrac", "\\cfrac"])
HADAMARD_OPS = {"\\odot": Hadamard, "\\circ": Hadamard, "\\otimes": Kron}
SPACE_FIELDS = frozenset("RCNZQ")


def parse(latex: str) -> Parsed:
    """The tree of one formula. Raises `ParseError` with a 1-based column."""
    tokens = _strip_noise(tokenize(latex))
    if tokens and tokens[0].text in LONE_OPERATORS and _is_mention(tokens):
        text = latex[tokens[0].pos:tokens[-1].end]
        return Parsed((Text(text, pos=tokens[0].pos, end=tokens[-1].end),), pos=tokens[0].pos, end=tokens[-1].end)
    try:
        return _Parser(latex, tokens).formula()
    except RecursionError:  # a backstop: MAX_NESTING should stop any formula before this
        raise ParseError(f"formula nested too deeply (more than {MAX_NESTING} groups)", 1) from None


def _is_mention(tokens: list[Token]) -> bool:
    """A formula that only names an operator (`$\\odot$ 表示...`, `$\\nabla_N$`): prose."""
    i = 1
    while i < len(tokens):
        if tokens[i].text not in ("_", "^") or i + 1 >= len(tokens):
            return False
        i = _skip_argument(tokens, i + 1)
    return True


def _strip_noise(tokens: list[Token]) -> list[Token]:
    """Drop what never changes the meaning: spacing, `\\left`/`\\right` sizing (with an
    invisible `.` delimiter), labels and tags with their argument, blank `\\text{ }`."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == "macro" and tok.text in NOISE_MACROS:
            i += 1
            if tok.text in SIZED and i < n and tokens[i].text == ".":
                i += 1
            continue
        if tok.kind == "char" and tok.text == "~":
            i += 1
            continue
        if tok.kind == "macro" and tok.text in NOISE_WITH_ARGUMENT:
            i = _skip_argument(tokens, i + 1)
            continue
        if tok.kind == "macro" and tok.text in ("\\text", "\\mbox") and i + 1 < n and tokens[i + 1].kind == "open":
            close = _matching_close(tokens, i + 1)
            if all(t.kind == "char" and t.text.isspace() for t in tokens[i + 2:close]):
                i = close + 1
                continue
        out.append(tok)
        i += 1
    return out


def _matching_close(tokens: list[Token], open_index: int) -> int:
    """Index of the `}` closing the `{` at `open_index` (iterative: no recursion)."""
    depth = 0
    for k in range(open_index, len(tokens)):
        kind = tokens[k].kind
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0:
                return k
    raise ParseError("unbalanced braces: '{' is never closed", tokens[open_index].pos + 1)


def _skip_argument(tokens: list[Token], i: int) -> int:
    """Index after the argument starting at `i` (a brace group or one token)."""
    if i < len(tokens) and tokens[i].kind == "open":
        return _matching_close(tokens, i) + 1
    return i + 1


def _is_letter(tok: Token | None) -> bool:
    return tok is not None and tok.kind == "char" and tok.text.isascii() and tok.text.isalpha()


def _is_digit(tok: Token | None) -> bool:
    return tok is not None and tok.kind == "char" and tok.text.isdigit()


class _Parser:
    """One formula's parse state: the token list, a cursor, and the context flags
    (current font, open `|` and `\\|`, nesting depth) that decide how a token reads."""

    def __init__(self, latex: str, tokens: list[Token]):
        self.latex = latex
        self.tokens = tokens
        self.i = 0
        self.limit = len(tokens)
        self.depth = 0
        self.font = ""
        self.closing_bars = False
        self.closing_norm = False
        self.closing_angle = False
        self.conditional = False

    # ------------------------------------------------------------ cursor

    def peek(self, k: int = 0) -> Token | None:
        """The token `k` ahead; inside a group `\\quad` is only space and is skipped."""
        if k == 0 and self.depth > 0:
            while self.i < self.limit and self.tokens[self.i].text in ("\\quad", "\\qquad"):
                self.i += 1
        j = self.i + k
        if j >= self.limit:
            return None
        return self.tokens[j]

    def at(self, *texts: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind in ("char", "macro") and tok.text in texts

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise self.error("unexpected end of formula")
        self.i += 1
        return tok

    def expect(self, *texts: str) -> Token:
        tok = self.peek()
        if tok is None or tok.text not in texts or tok.kind not in ("char", "macro", "close"):
            found = "the end of the formula" if tok is None else f"'{tok.text}'"
            raise self.error(f"expected {' or '.join(sorted(texts))}, found {found}", tok)
        self.i += 1
        return tok

    def error(self, message: str, tok: Token | None = None) -> ParseError:
        if tok is None:
            tok = self.peek()
        col = tok.pos + 1 if tok is not None else len(self.latex) + 1
        return ParseError(message, col)

    def last_end(self) -> int:
        return self.tokens[self.i - 1].end

    def nested(self) -> "_Nesting":
        return _Nesting(self)

    def group_range(self) -> tuple[int, int]:
        """Consume a brace group or a single token (a macro's argument); return the
        token index range of its content."""
        tok = self.peek()
        if tok is None:
            raise self.error("missing argument")
        if tok.kind == "open":
            close = _matching_close(self.tokens, self.i)
            if close >= self.limit:
                raise self.error("unbalanced braces", tok)
            start = self.i + 1
            self.i = close + 1
            return start, close
        if tok.kind == "close":
            raise self.error("missing argument", tok)
        start = self.i
        self.i += 1
        if tok.kind == "macro" and (tok.text in FONT_MACROS or tok.text in ("\\text", "\\operatorname", "\\mathrm")):
            self.group_range()
        elif tok.kind == "macro" and tok.text in FRACS:
            self.group_range()
            self.group_range()
        return start, self.i

    def within(self, start: int, stop: int, parse_fn, what: str):
        """Run `parse_fn` on tokens `[start, stop)` only; they must all be consumed."""
        saved = (self.i, self.limit)
        self.i, self.limit = start, stop
        with self.nested():
            node = parse_fn()
            if self.i < self.limit:
                raise self.error(f"unexpected '{self.tokens[self.i].text}' in {what}", self.tokens[self.i])
        self.i, self.limit = saved[0], saved[1]
        return node

    def raw(self, start: int, stop: int) -> str:
        """Normalized text of tokens `[start, stop)`: no spaces except after a macro
        name that a letter follows."""
        out = []
        for k in range(start, stop):
            tok = self.tokens[k]
            out.append(tok.text)
            nxt = self.tokens[k + 1] if k + 1 < stop else None
            if tok.kind == "macro" and tok.text[1:].isalpha() and _is_letter(nxt):
                out.append(" ")
        return "".join(out)

    # ------------------------------------------------------------ statements

    def formula(self) -> Parsed:
        statements: list[Expr] = []
        joins: list[str] = []
        join: str | None = None
        while True:
            tok = self.peek()
            if tok is None:
                break
            sep = self.separator(tok)
            if sep is not None:
                self.i += 1
                if sep and (join is None or JOIN_STRENGTH[sep] > JOIN_STRENGTH[join]):
                    join = sep
                continue
            if statements and join in (None, "row") and not isinstance(statements[-1], Text) and self.relation() is not None:
                statements[-1] = self.chain(statements[-1])
                join = None
                continue
            if tok.kind == "text" or (tok.kind == "macro" and tok.text in ("\\text", "\\mbox", "\\textbf", "\\textit") and self.prose_at()):
                node = self.text()
                join_here = "text"
            else:
                first = self.additive()
                if first is None and not statements and self.relation() is not None:
                    raise self.error(f"starts with '{tok.text}': it continues a formula before it", tok)
                if first is None:
                    raise self.error(f"unexpected '{tok.text}'", tok)
                node = self.chain(first)
                join_here = None
            if statements:
                if join is None and join_here is None and not isinstance(statements[-1], Text):
                    raise self.error(f"unexpected '{tok.text}'", tok)
                joins.append(join or join_here or "text")
            statements.append(node)
            join = None
        if not statements:
            raise ParseError("empty formula", 1)
        start = statements[0].pos
        return Parsed(tuple(statements), tuple(joins), pos=start, end=statements[-1].end)

    def separator(self, tok: Token) -> str | None:
        """The join a token makes between statements, '' for a token to skip (`&`, a
        final `.`, environment markers), None when it starts a statement."""
        if tok.kind in ("char", "macro") and tok.text in STATEMENT_JOINS:
            return STATEMENT_JOINS[tok.text]
        if tok.kind == "char" and tok.text in "&.":
            return ""
        if tok.kind in ("begin", "end") and tok.text in ROW_ENVIRONMENTS:
            return ""
        if tok.kind == "text" and all(c in PROSE_PUNCTUATION for c in tok.text):
            return PROSE_PUNCTUATION[tok.text[0]]
        if tok.kind == "macro" and tok.text in ("\\quad", "\\qquad"):
            return "\\quad"
        return None

    def chain(self, first: Expr) -> Expr:
        items, rels = [first], []
        while True:
            self.skip_ampersands()
            rel = self.relation()
            if rel is None:
                break
            name, count = rel
            rel_tok = self.peek()
            self.i += count
            self.skip_ampersands()
            item = self.additive()
            if item is None:
                raise self.error(f"expected an expression after '{name}'", self.peek() or rel_tok)
            if name == "\\in":
                item = _as_space(item)
            items.append(item)
            rels.append(name)
        if isinstance(first, Chain):
            items = list(first.items) + items[1:]
            rels = list(first.rels) + rels
        if len(items) == 1:
            return first
        return Chain(tuple(items), tuple(rels), pos=items[0].pos, end=items[-1].end)

    def skip_ampersands(self) -> None:
        while self.at("&"):
            self.i += 1

    def relation(self) -> tuple[str, int] | None:
        """The relation at the cursor and how many tokens spell it."""
        tok = self.peek()
        if tok is None or tok.kind not in ("char", "macro"):
            return None
        if tok.text in (":", "<", ">") and tok.kind == "char":
            nxt = self.peek(1)
            if nxt is not None and nxt.text == "=" and not nxt.space:
                return {":": ":=", "<": "\\le", ">": "\\ge"}[tok.text], 2
            if tok.text == ":":
                return ":", 1
        if tok.text in ("\\stackrel", "\\overset") and self.peek(1) is not None:
            return self.stacked_relation()
        if tok.text in ("<", ">") and self.closing_angle:
            return None
        if tok.text in RELATIONS:
            return RELATIONS[tok.text], 1
        return None

    def stacked_relation(self) -> tuple[str, int] | None:
        """`\\stackrel{def}{=}`, `\\overset{\\triangle}{=}`: a definition."""
        saved = self.i
        self.i += 1
        self.group_range()
        start, stop = self.group_range()
        count = self.i - saved
        self.i = saved
        if stop - start == 1 and self.tokens[start].text == "=":
            return ":=", count
        return None

    def prose_at(self) -> bool:
        """Whether the `\\text{...}` at the cursor is prose rather than an operator name."""
        word = self.word_argument(self.i + 1)
        return word is None or (word[0] not in FUNCTIONS and word[0] != "d")

    def text(self) -> Text:
        tok = self.take()
        if tok.kind == "text":
            return Text(tok.text, pos=tok.pos, end=tok.end)
        start, stop = self.group_range()
        inner = self.latex[self.tokens[start].pos:self.tokens[stop - 1].end] if stop > start else ""
        return Text(inner.strip(), pos=tok.pos, end=self.last_end())

    # ------------------------------------------------------------ operators

    def additive(self) -> Expr | None:
        start_tok = self.peek()
        sign = None
        if self.at("-", "+"):
            sign = self.take()
        first = self.hadamard()
        if first is None:
            if sign is not None:
                raise self.error(f"expected a term after '{sign.text}'")
            return None
        if sign is not None and sign.text == "-":
            first = Neg(first, pos=sign.pos, end=first.end)
        terms = [first]
        plus_minus: list[tuple[int, Expr]] = []
        while self.at("+", "-", "\\pm", "\\mp"):
            op = self.take()
            term = self.hadamard()
            if term is None:
                raise self.error(f"expected a term after '{op.text}'")
            if op.text == "-":
                term = Neg(term, pos=op.pos, end=term.end)
            if op.text in ("\\pm", "\\mp"):
                plus_minus.append((len(terms), term))
            terms.append(term)
        node = terms[0] if len(terms) == 1 else Add(tuple(terms), pos=start_tok.pos, end=terms[-1].end)
        if plus_minus:
            return _with_plus_minus(terms, plus_minus, start_tok.pos)
        return node

    def hadamard(self) -> Expr | None:
        node = self.dot()
        if node is None:
            return None
        built_here = False
        while self.peek() is not None and self.peek().text in HADAMARD_OPS and self.peek().kind == "macro":
            cls = HADAMARD_OPS[self.take().text]
            right = self.dot()
            if right is None:
                raise self.error("expected an operand of the elementwise product")
            if built_here and type(node) is cls:
                node = cls(node.factors + (right,), pos=node.pos, end=right.end)
            else:
                node = cls((node, right), pos=node.pos, end=right.end)
            built_here = True
        return node

    def dot(self) -> Expr | None:
        node = self.product()
        if node is None:
            return None
        while self.at("\\cdot", "\\bullet"):
            self.take()
            right = self.product()
            if right is None:
                raise self.error("expected an operand after \\cdot")
            node = Dot(node, right, pos=node.pos, end=right.end)
        return node

    def product(self) -> Expr | None:
        first = self.unary()
        if first is None:
            return None
        factors = [first]
        while not self.took_the_rest(factors[-1]):
            if self.at("/"):
                self.take()
                den = self.unary()
                if den is None:
                    raise self.error("expected a denominator after '/'")
                num = _mul(factors)
                factors = [Div(num, den, pos=num.pos, end=den.end)]
            elif self.at("\\times", "\\ast", "*"):
                self.take()
                nxt = self.unary()
                if nxt is None:
                    raise self.error("expected a factor after \\times")
                factors.append(nxt)
            elif self.can_start_factor():
                nxt = self.unary()
                if nxt is None:
                    break
                factors.append(nxt)
            else:
                break
        return _mul(factors)

    def took_the_rest(self, node: Expr) -> bool:
        """A sum or ∇ written bare (not in brackets) has taken the rest of the product."""
        while isinstance(node, (Neg, Transpose)) and self.latex[node.pos] not in "([{":
            node = node.arg
        return _is_greedy(node) and self.latex[node.pos] not in "([{"

    def unary(self) -> Expr | None:
        if self.at("-"):
            sign = self.take()
            arg = self.unary()
            if arg is None:
                raise self.error("expected an operand after '-'")
            return Neg(arg, pos=sign.pos, end=arg.end)
        return self.postfix()

    def can_start_factor(self) -> bool:
        """Whether the token at the cursor can start an operand juxtaposed to the last."""
        tok = self.peek()
        if tok is None:
            return False
        if tok.kind == "char":
            if tok.text == "|":
                return not self.closing_bars and not self.conditional
            if tok.text == ".":
                return self.at_three_dots()
            return tok.text.isalnum() and tok.text.isascii() or tok.text in "(["
        if tok.kind == "open":
            return True
        if tok.kind == "begin":
            return tok.text in MATRIX_ENVIRONMENTS
        if tok.kind != "macro":
            return False
        if tok.text in NORM_OPEN:
            return tok.text == "\\lVert" or not self.closing_norm
        if tok.text in ("\\vert",):
            return not self.closing_bars
        if tok.text in ("\\text", "\\mbox", "\\textbf", "\\textit"):
            return not self.prose_at()
        return tok.text in _FACTOR_MACROS or tok.text[1:] in GREEK or tok.text in UNSUPPORTED

    def at_three_dots(self) -> bool:
        return all(self.peek(k) is not None and self.peek(k).text == "." for k in range(3))

    # ------------------------------------------------------------ postfix

    def postfix(self) -> Expr | None:
        node = self.atom()
        if node is None:
            return None
        return self.postfix_ops(node)

    def postfix_ops(self, node: Expr) -> Expr:
        while True:
            tok = self.peek()
            if tok is None:
                return node
            if tok.text == "'" and tok.kind == "char":
                count = 0
                while self.at("'"):
                    self.take()
                    count += 1
                node = self.primed(node, count, tok)
            elif tok.text == "^" and tok.kind == "char":
                self.take()
                node = self.superscript(node)
            elif tok.text == "_" and tok.kind == "char":
                self.take()
                node = self.subscript(node, tok)
            elif tok.text == "(" and (not tok.space or getattr(node, "sub", None)) and _applies(node) \
                    and self.latex[node.pos] != "{":  # `{f}(x)` is written to mean f·x
                applied = self.apply(node)
                if applied is None:
                    return node
                node = applied
            else:
                return node

    def primed(self, node: Expr, count: int, tok: Token) -> Expr:
        end = self.last_end()
        if isinstance(node, Symbol):
            return replace(node, prime=node.prime + count, end=end)
        if isinstance(node, Func):
            return replace(node, prime=node.prime + count, end=end)
        raise self.error("a prime on an expression (only symbols and functions take ')", tok)

    def superscript(self, base: Expr) -> Expr:
        start, stop = self.group_range()
        text = self.raw(start, stop).replace("{", "").replace("}", "").replace(" ", "")
        end = self.last_end()
        if text in TRANSPOSE_SPELLINGS:
            return Transpose(base, pos=base.pos, end=end)
        if text == "-1" and not isinstance(base, (Bars, Norm, Number)):
            return Inverse(base, pos=base.pos, end=end)
        if text[:1] == "-" and text[1:] in TRANSPOSE_SPELLINGS:
            return Inverse(Transpose(base, pos=base.pos, end=end), pos=base.pos, end=end)
        if text in ("\\prime", "\\prime\\prime"):
            return self.primed(base, text.count("\\prime"), self.tokens[start])
        if text == "\\#" or text == "#":
            return Func("adj", (base,), pos=base.pos, end=end)
        if isinstance(base, Symbol) and re.fullmatch(r"\([^()]+\)", text) and base.sub is None:
            return replace(base, sub=text, end=end)
        if text == "*":
            raise self.error("superscript * (conjugate or optimum) is not supported", self.tokens[start])
        exp = self.within(start, stop, self.additive_required, "a superscript")
        return Power(base, exp, pos=base.pos, end=end)

    def additive_required(self) -> Expr:
        node = self.additive()
        if node is None:
            raise self.error("expected an expression")
        return node

    def subscript(self, base: Expr, tok: Token) -> Expr:
        start, stop = self.group_range()
        if stop == start:
            raise self.error("empty subscript", tok)
        text = self.raw(start, stop)
        end = self.last_end()
        if isinstance(base, Symbol) and base.sub is None:
            return replace(base, sub=text, end=end)
        if isinstance(base, (Identity, Ones, Zero)) and base.size is None:
            return replace(base, size=text, end=end)
        if isinstance(base, (Func, Apply, Matrix, Transpose, Inverse, Mul, Add, Hadamard, Div,
                             Derivative, Differential, Neg, Kron, Dot)):
            return Index(base, text, pos=base.pos, end=end)
        raise self.error("a subscript on this expression is not supported", tok)

    def apply(self, node: Expr) -> Apply | None:
        """`f(x, y)`; None (cursor unmoved) when the argument mentions the letter itself."""
        fn = node if isinstance(node, Symbol) else Symbol("I", pos=node.pos, end=node.end)
        if fn.font != "cal" and self.parenthesis_mentions(fn.name):
            return None
        args, end = self.argument_list()
        return Apply(fn, args, pos=node.pos, end=end)

    def parenthesis_mentions(self, name: str) -> bool:
        """Whether the `( ... )` at the cursor contains the letter or macro `name`
        (a token scan, so deciding costs no re-parse)."""
        spelled = name if len(name) == 1 else "\\" + name
        depth = 0
        k = self.i - 1
        while k + 1 < self.limit:
            k += 1
            tok = self.tokens[k]
            if tok.kind == "macro" and tok.text in WORD_MACROS and k + 1 < self.limit and self.tokens[k + 1].kind == "open":
                k = _matching_close(self.tokens, k + 1)  # `\\operatorname{softmax}` holds no f
            elif tok.kind == "char" and tok.text == "(":
                depth += 1
            elif tok.kind == "char" and tok.text == ")":
                depth -= 1
                if depth == 0:
                    return False
            elif tok.text == spelled and tok.kind in ("char", "macro"):
                return True
        return False

    def argument_list(self) -> tuple[tuple[Expr, ...], int]:
        """`( a, b, ... )`: the arguments and the end offset of `)`. A conditional bar
        `p(y|x)` separates arguments like a comma: a density of y and x."""
        self.expect("(")
        args = []
        with self.nested():
            saved = (self.closing_bars, self.closing_norm, self.closing_angle, self.conditional)
            self.closing_bars = self.closing_norm = self.closing_angle = False
            self.conditional = True
            while True:
                arg = self.additive()
                if arg is None:
                    raise self.error("expected an argument")
                args.append(arg)
                if self.at(",", "|", "\\mid"):
                    self.take()
                    continue
                break
            self.closing_bars, self.closing_norm, self.closing_angle, self.conditional = saved
        close = self.expect(")")
        return tuple(args), close.end

    # ------------------------------------------------------------ atoms

    def atom(self) -> Expr | None:
        tok = self.peek()
        if tok is None:
            return None
        if tok.kind == "char":
            return self.char_atom(tok)
        if tok.kind == "open":
            return self.brace_group(tok)
        if tok.kind == "begin":
            if tok.text in MATRIX_ENVIRONMENTS:
                return self.matrix(tok)
            if tok.text in ROW_ENVIRONMENTS:
                raise self.error(f"{tok.text} environment inside an expression is not supported", tok)
            raise self.error(f"environment {tok.text} is not supported", tok)
        if tok.kind == "text":
            self.take()
            return Text(tok.text, pos=tok.pos, end=tok.end)
        if tok.kind != "macro":
            return None
        return self.macro_atom(tok)

    def char_atom(self, tok: Token) -> Expr | None:
        ch = tok.text
        if _is_letter(tok):
            return self.letter(tok)
        if ch.isdigit():
            return self.number(tok)
        if ch in OPENERS:
            return self.bracket(tok)
        if ch == "|" and not self.closing_bars:
            return self.bars(tok)
        if ch == "<" and not self.closing_angle:
            return self.angle(tok, ">")
        if ch == "." and self.at_three_dots():
            self.i += 3
            return Dots("ldots", pos=tok.pos, end=tok.pos + 3)
        return None

    def letter(self, tok: Token) -> Expr:
        word, count = self.letter_run()
        if count > 1 and word in FUNCTIONS and self.paren_follows(count):
            self.i += count
            return self.function(FUNCTIONS[word], tok)
        if tok.text == "d" and self.font in ("", "rm") and self.differential_follows(1):
            self.take()
            return self.differential(tok)
        self.take()
        if self.font == "bb" and tok.text in SPACE_FIELDS:
            return self.space(tok.text, tok)
        if tok.text == "I":
            return Identity(pos=tok.pos, end=tok.end)
        if tok.text == "O" and self.font in ("", "bold"):
            return Zero(pos=tok.pos, end=tok.end)
        return Symbol(tok.text, font=self.font, pos=tok.pos, end=tok.end)

    def letter_run(self) -> tuple[str, int]:
        """The letters adjacent to each other from the cursor (no spaces between)."""
        word, k = "", 0
        while True:
            tok = self.peek(k)
            if not _is_letter(tok) or (k > 0 and tok.space):
                return word, k
            word += tok.text
            k += 1

    def paren_follows(self, k: int) -> bool:
        tok = self.peek(k)
        return tok is not None and tok.kind == "char" and tok.text == "(" and not tok.space

    def differential_follows(self, k: int) -> bool:
        """Whether the token `k` ahead can be what a `d` takes the differential of."""
        tok = self.peek(k)
        if tok is None:
            return False
        if tok.kind == "char":
            return (_is_letter(tok) or tok.text in "(|[") and not (tok.text == "|" and self.closing_bars)
        if tok.kind == "open":
            return True
        if tok.kind == "begin":
            return tok.text in MATRIX_ENVIRONMENTS
        if tok.kind == "macro":
            if tok.text in NORM_OPEN:
                return not self.closing_norm
            if tok.text in ("\\partial", "\\nabla") or tok.text in DOTS:
                return False
            return tok.text[1:] in GREEK or tok.text in _FACTOR_MACROS or tok.text in ("\\text", "\\vert")
        return False

    def differential(self, tok: Token) -> Expr:
        arg = self.postfix()
        if arg is None:
            raise self.error("expected what d is the differential of")
        return Differential(arg, pos=tok.pos, end=arg.end)

    def number(self, tok: Token) -> Number:
        text, k = "", 0
        while True:
            t = self.peek(k)
            if t is None or t.kind != "char" or (k > 0 and t.space):
                break
            if t.text.isdigit() or (t.text == "." and "." not in text and _is_digit(self.peek(k + 1))):
                text += t.text
                k += 1
                continue
            break
        self.i += k
        return Number(Fraction(text), pos=tok.pos, end=self.last_end())

    def bracket(self, tok: Token) -> Expr:
        """`( ... )`, `[ ... ]`, `\\{ ... \\}`: a group, or a list of several items."""
        self.take()
        closer = OPENERS[tok.text]
        items = []
        with self.nested():
            saved = (self.closing_bars, self.closing_norm, self.closing_angle, self.conditional)
            self.closing_bars = self.closing_norm = self.closing_angle = self.conditional = False
            while True:
                item = self.additive()
                if item is None:
                    bad = self.peek()
                    if bad is not None and bad.text in CLOSERS and not items:
                        raise self.error("empty brackets", bad)
                    raise self.error(f"expected an expression inside '{tok.text}'", bad)
                items.append(item)
                if self.at(","):
                    self.take()
                    continue
                break
            self.closing_bars, self.closing_norm, self.closing_angle, self.conditional = saved
        close = self.peek()
        if close is None or close.text != closer:
            found = "the end" if close is None else f"'{close.text}'"
            raise self.error(f"'{tok.text}' is closed by {found}, expected '{closer}'", close)
        self.take()
        if len(items) == 1:
            return replace(items[0], pos=tok.pos, end=close.end)
        delim = "(" if tok.text == "(" else "["
        return Matrix((tuple(items),), delim=delim, pos=tok.pos, end=close.end)

    def brace_group(self, tok: Token) -> Expr:
        start, stop = self.group_range()
        if stop == start:
            raise self.error("empty group {}", tok)
        first = self.tokens[start]
        if first.kind == "macro" and first.text in FONT_SWITCHES:
            node = self.font_switch_group(start, stop, tok)
        else:
            node = self.within(start, stop, self.additive_required, "a group")
        return replace(node, pos=tok.pos, end=self.last_end())

    def font_switch_group(self, start: int, stop: int, tok: Token) -> Expr:
        """`{\\rm tr}`, `{\\bf x}`: an old-style font switch for the rest of the group."""
        font = FONT_SWITCHES[self.tokens[start].text]
        word = "".join(t.text for t in self.tokens[start + 1:stop])
        if font == "rm" and word in FUNCTIONS and all(_is_letter(t) for t in self.tokens[start + 1:stop]):
            return self.function(FUNCTIONS[word], tok)
        saved = self.font
        self.font = font
        node = self.within(start + 1, stop, self.additive_required, "a group")
        self.font = saved
        return node

    def bars(self, tok: Token) -> Bars:
        """`|x|`; `\\lvert x\\rvert` closes only at `\\rvert`, so `|y|` may sit inside."""
        self.take()
        paired = tok.text == "\\lvert"
        with self.nested():
            saved = self.closing_bars, self.conditional
            self.closing_bars, self.conditional = not paired, False
            arg = self.additive()
            self.closing_bars, self.conditional = saved
        if arg is None:
            raise self.error("expected an expression inside | |")
        close = self.expect("\\rvert") if paired else self.expect(*BAR_CLOSE)
        return Bars(arg, pos=tok.pos, end=close.end)

    def norm(self, tok: Token) -> Expr:
        """`\\|x\\|_F`; `\\lVert x\\rVert` closes only at `\\rVert`, so `\\|y\\|` may sit inside."""
        self.take()
        paired = tok.text == "\\lVert"
        with self.nested():
            saved = self.closing_norm
            self.closing_norm = not paired
            arg = self.additive()
            self.closing_norm = saved
        if arg is None:
            raise self.error("expected an expression inside \\| \\|")
        if paired:
            self.expect("\\rVert")
        else:
            self.expect(*NORM_CLOSE)
        kind = self.kind_subscript()
        return Norm(arg, kind, pos=tok.pos, end=self.last_end())

    def kind_subscript(self) -> str | None:
        """`_F`, `_2`, `_{F}`, `_{\\text{F}}` after a norm or an inner product."""
        if not self.at("_"):
            return None
        self.take()
        start, stop = self.group_range()
        return self.raw(start, stop).replace("\\text", "").replace("\\mathrm", "").replace("{", "").replace("}", "").strip()

    def angle(self, tok: Token, closer: str) -> Inner:
        """`\\langle a, b\\rangle` or `<a, b>`, with an optional `_F`."""
        self.take()
        with self.nested():
            saved = self.closing_angle
            self.closing_angle = True
            left = self.additive()
            if left is None or not self.at(","):
                raise self.error("an inner product needs two arguments: <a, b>")
            self.take()
            right = self.additive()
            self.closing_angle = saved
        if right is None:
            raise self.error("expected the second argument of the inner product")
        self.expect(closer)
        kind = self.kind_subscript()
        return Inner(left, right, kind, pos=tok.pos, end=self.last_end())

    def matrix(self, tok: Token) -> Matrix:
        self.take()
        if tok.text == "array" and self.peek() is not None and self.peek().kind == "open":
            self.group_range()
        rows: list[tuple[Expr, ...]] = []
        row: list[Expr] = []
        with self.nested():
            saved = (self.closing_bars, self.closing_norm, self.closing_angle)
            self.closing_bars = self.closing_norm = self.closing_angle = False
            while True:
                nxt = self.peek()
                if nxt is None:
                    raise self.error(f"\\begin{{{tok.text}}} is never ended", tok)
                if nxt.kind == "end":
                    break
                cell = self.additive()
                if cell is None:
                    raise self.error("expected a matrix entry")
                row.append(cell)
                if self.at("&"):
                    self.take()
                    continue
                if self.at("\\\\", "\\cr"):
                    self.take()
                    rows.append(tuple(row))
                    row = []
                    continue
                nxt = self.peek()
                if nxt is None or nxt.kind != "end":
                    raise self.error("expected &, \\\\ or the end of the matrix", nxt)
            self.closing_bars, self.closing_norm, self.closing_angle = saved
        end = self.take()
        if end.text != tok.text:
            raise self.error(f"\\begin{{{tok.text}}} ended by \\end{{{end.text}}}", end)
        if row:
            rows.append(tuple(row))
        if not rows:
            raise self.error("empty matrix", tok)
        return Matrix(tuple(rows), delim=tok.text, pos=tok.pos, end=end.end)

    # ------------------------------------------------------------ macros

    def macro_atom(self, tok: Token) -> Expr | None:
        name = tok.text
        if name in UNSUPPORTED:
            raise self.error(UNSUPPORTED[name], tok)
        if name[1:] in GREEK:
            return self.greek(tok)
        if name in FRACS:
            return self.fraction(tok)
        if name in ("\\operatorname", "\\mathrm", "\\text", "\\textrm"):
            return self.operator_name(tok)
        if name in FONT_MACROS:
            return self.font_macro(tok)
        if name in ACCENTS:
            return self.accent(tok)
        if name in FUNCTION_MACROS:
            self.take()
            return self.function(FUNCTION_MACROS[name], tok)
        if name == "\\sqrt":
            self.take()
            if self.at("["):
                raise self.error("\\sqrt[n] is not supported", tok)
            start, stop = self.group_range()
            arg = self.within(start, stop, self.additive_required, "\\sqrt")
            return Func("sqrt", (arg,), pos=tok.pos, end=self.last_end())
        if name == "\\lVert" or (name in NORM_OPEN and not self.closing_norm):
            return self.norm(tok)
        if name in ("\\lvert",) or (name == "\\vert" and not self.closing_bars):
            return self.bars(tok)
        if name == "\\langle":
            return self.angle(tok, "\\rangle")
        if name in OPENERS:
            return self.bracket(tok)
        if name in DOTS:
            self.take()
            return Dots(DOTS[name], pos=tok.pos, end=tok.end)
        if name == "\\sum":
            return self.sum(tok)
        if name == "\\nabla":
            return self.nabla(tok)
        if name == "\\partial":
            return self.slash_derivative(tok)
        if name in PASS_THROUGH:
            return self.pass_through(tok)
        if name in ("\\underset", "\\overset"):
            self.take()
            self.group_range()
            start, stop = self.group_range()
            node = self.within(start, stop, self.additive_required, name)
            return replace(node, pos=tok.pos, end=self.last_end())
        if name in ("\\text", "\\mbox", "\\textbf", "\\textit"):
            return self.text()
        return None

    def greek(self, tok: Token) -> Expr:
        self.take()
        name = tok.text[1:]
        if name == "sigma" and self.font != "bold":
            primes = 0
            while self.at("'"):
                self.take()
                primes += 1
            if self.at("("):
                args, end = self.argument_list()
                return Func("sigma", args, primes, pos=tok.pos, end=end)
            if primes:
                return Func("sigma", (), primes, pos=tok.pos, end=self.last_end())
        return Symbol(name, font=self.font, pos=tok.pos, end=tok.end)

    def function(self, name: str, tok: Token) -> Expr:
        """A known function after its name: `(args)`, or the next operand, or nothing."""
        primes = 0
        while self.at("'"):
            self.take()
            primes += 1
        if self.at("^"):
            raise self.error("a power of a function name (\\sin^2 x) is not supported", self.peek())
        if self.at("("):
            args, end = self.argument_list()
            return Func(name, args, primes, pos=tok.pos, end=end)
        if self.can_start_factor() and not self.at("["):
            arg = self.postfix()
            if arg is not None:
                return Func(name, (arg,), primes, pos=tok.pos, end=arg.end)
        return Func(name, (), primes, pos=tok.pos, end=self.last_end())

    def word_argument(self, index: int) -> tuple[str, int] | None:
        """If the token at `index` is `{letters}`, a letter, or `*{letters}`, the word and
        the index after it."""
        if index < self.limit and self.tokens[index].text == "*" and self.tokens[index].kind == "char":
            index += 1
        if index >= self.limit:
            return None
        tok = self.tokens[index]
        if _is_letter(tok):
            return tok.text, index + 1
        if tok.kind != "open":
            return None
        close = _matching_close(self.tokens, index)
        inner = self.tokens[index + 1:close]
        if inner and inner[0].kind == "macro" and inner[0].text in FONT_SWITCHES:
            inner = inner[1:]
        if not inner or not all(_is_letter(t) for t in inner):
            return None
        return "".join(t.text for t in inner), close + 1

    def operator_name(self, tok: Token) -> Expr:
        """`\\operatorname{tr}`, `\\mathrm{d}`, `\\text{softmax}`, `\\mathrm{x}`, `\\text{...}`."""
        word = self.word_argument(self.i + 1)
        if word is None:
            if tok.text in ("\\text", "\\textrm"):
                return self.text()
            self.take()
            start, stop = self.group_range()
            saved = self.font
            self.font = "rm"
            node = self.within(start, stop, self.additive_required, tok.text)
            self.font = saved
            return replace(node, pos=tok.pos, end=self.last_end())
        spelled, after = word
        self.i = after
        if spelled in FUNCTIONS:
            return self.function(FUNCTIONS[spelled], tok)
        if spelled == "d" and self.differential_follows(0):
            return self.differential(tok)
        if tok.text in ("\\text", "\\textrm") and len(spelled) > 1:
            return Text(spelled, pos=tok.pos, end=self.last_end())
        if len(spelled) == 1 and spelled in SPACE_FIELDS and tok.text == "\\mathrm":
            return Symbol(spelled, font="rm", pos=tok.pos, end=self.last_end())
        if self.at("("):
            args, end = self.argument_list()
            return Func(spelled, args, pos=tok.pos, end=end)
        return Symbol(spelled, font="rm", pos=tok.pos, end=self.last_end())

    def font_macro(self, tok: Token) -> Expr:
        self.take()
        font = FONT_MACROS[tok.text]
        start, stop = self.group_range()
        inner = self.tokens[start:stop]
        end = self.last_end()
        if font == "bold" and len(inner) == 1 and inner[0].text in ("0", "1"):
            cls = Ones if inner[0].text == "1" else Zero
            return cls(pos=tok.pos, end=end)
        if font == "bb" and len(inner) == 1 and inner[0].text in SPACE_FIELDS:
            return self.space(inner[0].text, tok)
        word = self.word_argument(start - 1) if inner and inner[0].kind != "open" and stop - start > 1 else None
        if word is not None and word[0] in FUNCTIONS:
            return self.function(FUNCTIONS[word[0]], tok)
        saved = self.font
        self.font = font
        node = self.within(start, stop, self.additive_required, tok.text)
        self.font = saved
        return replace(node, pos=tok.pos, end=end)

    def space(self, field: str, tok: Token) -> Space:
        """`\\mathbb{R}`, `\\mathbb{R}^n`, `\\mathbb{R}^{m\\times n}`."""
        if not self.at("^"):
            return Space(field, pos=tok.pos, end=self.last_end())
        self.take()
        start, stop = self.group_range()
        split = next((k for k in range(start, stop) if self.tokens[k].text in ("\\times", "*", "x")
                      and self.tokens[k].kind in ("macro", "char") and k > start), None)
        if split is None:
            rows = self.within(start, stop, self.additive_required, "a dimension")
            return Space(field, rows, None, pos=tok.pos, end=self.last_end())
        end = self.last_end()
        rows = self.within(start, split, self.additive_required, "a dimension")
        cols = self.within(split + 1, stop, self.additive_required, "a dimension")
        return Space(field, rows, cols, pos=tok.pos, end=end)

    def accent(self, tok: Token) -> Expr:
        self.take()
        start, stop = self.group_range()
        end = self.last_end()
        node = self.within(start, stop, self.additive_required, tok.text)
        if not isinstance(node, Symbol):
            raise self.error(f"{tok.text} over an expression is not supported", tok)
        return replace(node, accent=ACCENTS[tok.text], pos=tok.pos, end=end)

    def pass_through(self, tok: Token) -> Expr:
        """`\\underbrace{x}_{label}` is x; `\\boxed{x}` is x."""
        self.take()
        start, stop = self.group_range()
        end = self.last_end()
        node = self.within(start, stop, self.additive_required, tok.text)
        if tok.text in ("\\underbrace", "\\overbrace") and self.at("_", "^"):
            self.take()
            self.group_range()
        return replace(node, pos=tok.pos, end=end)

    # ------------------------------------------------------------ calculus

    def fraction(self, tok: Token) -> Expr:
        self.take()
        num = self.group_range()
        den = self.group_range()
        end = self.last_end()
        style = self.derivative_style(num, den)
        if style is None:
            top = self.within(num[0], num[1], self.additive_required, "a numerator")
            bottom = self.within(den[0], den[1], self.additive_required, "a denominator")
            return Div(top, bottom, pos=tok.pos, end=end)
        return self.frac_derivative(tok, num, den, style, end)

    def derivative_style(self, num: tuple[int, int], den: tuple[int, int]) -> str | None:
        """'frac' for `\\frac{\\partial ..}{\\partial ..}`, 'd' for `\\frac{d..}{d..}`."""
        if num[1] == num[0] or den[1] == den[0]:
            return None
        top, bottom = self.tokens[num[0]], self.tokens[den[0]]
        if top.text == "\\partial" and bottom.text == "\\partial":
            return "frac"
        if self.is_d(num[0]) and self.is_d(den[0]):
            return "d"
        return None

    def is_d(self, index: int) -> bool:
        tok = self.tokens[index]
        if tok.kind == "char" and tok.text == "d":
            return True
        if tok.kind == "macro" and tok.text in ("\\mathrm", "\\text", "\\operatorname"):
            word = self.word_argument(index + 1)
            return word is not None and word[0] == "d"
        return False

    def skip_d(self, index: int) -> int:
        if self.tokens[index].kind == "char":
            return index + 1
        return self.word_argument(index + 1)[1]

    def frac_derivative(self, tok: Token, num, den, style: str, end: int) -> Expr:
        marker = (lambda k: k + 1) if style == "frac" else self.skip_d
        top = marker(num[0])
        order = 1
        if top < num[1] and self.tokens[top].text == "^":
            order, top = self.order_at(top + 1, num[1])
        wrt_start = marker(den[0])
        wrt_of = self.hessian_wrt if order == 2 else self.wrt_operand
        wrt = self.within(wrt_start, den[1], wrt_of, "the denominator of a derivative")
        if order == 2 and isinstance(wrt, Power) and wrt.exp == Number(Fraction(2)):
            wrt = wrt.base
        if top < num[1]:
            f = self.within(top, num[1], self.additive_required, "the numerator of a derivative")
            return Derivative(f, wrt, order, style, pos=tok.pos, end=end)
        operand = self.product()
        if operand is None:
            raise self.error("a derivative operator \\frac{\\partial}{\\partial x} needs an operand", tok)
        return Derivative(operand, wrt, order, "op" if style == "frac" else "dop", pos=tok.pos, end=operand.end)

    def wrt_operand(self) -> Expr:
        node = self.postfix()
        if node is None:
            raise self.error("expected the variable of the derivative")
        if self.at("\\partial") or self.is_d_here():
            raise self.error("mixed partial derivatives are not supported")
        return node

    def hessian_wrt(self) -> Expr:
        """`\\partial x^2`, or `\\partial x \\partial x^T` (the Hessian): the one variable."""
        node = self.postfix()
        if node is None:
            raise self.error("expected the variable of the derivative")
        if not self.at("\\partial"):
            return node
        self.take()
        other = self.postfix()
        if other is None or self.i < self.limit or not (other == node or other == Transpose(node)):
            raise self.error("mixed partial derivatives are not supported")
        return node

    def is_d_here(self) -> bool:
        return self.i < self.limit and self.is_d(self.i) and self.differential_follows(1)

    def order_at(self, index: int, stop: int) -> tuple[int, int]:
        """The order written as `^2` / `^{2}` starting at `index`; and the index after."""
        saved = self.i
        self.i = index
        start, end = self.group_range()
        after = self.i
        self.i = saved
        text = self.raw(start, end)
        if text not in ("1", "2"):
            raise self.error(f"derivative of order {text} is not supported", self.tokens[start])
        return int(text), after

    def slash_derivative(self, tok: Token) -> Expr:
        """`\\partial f/\\partial X` (and `\\partial^2 f/\\partial x^2`)."""
        self.take()
        order = 1
        if self.at("^"):
            order, self.i = self.order_at(self.i + 1, self.limit)
        f = self.postfix()
        if f is None or not self.at("/"):
            raise self.error("\\partial outside a derivative", tok)
        self.take()
        if not self.at("\\partial"):
            raise self.error("\\partial f / ... needs \\partial in the denominator", self.peek())
        self.take()
        wrt = self.wrt_operand()
        if order == 2 and isinstance(wrt, Power):
            wrt = wrt.base
        return Derivative(f, wrt, order, "slash", pos=tok.pos, end=wrt.end)

    def nabla(self, tok: Token) -> Expr:
        """`\\nabla f`, `\\nabla_X f`, `\\nabla^2 f`, `\\nabla^T_N p`: the operand is the
        rest of the product."""
        self.take()
        order, wrt, transposed = 1, None, False
        while self.at("^", "_"):
            mark = self.take()
            start, stop = self.group_range()
            text = self.raw(start, stop).replace("{", "").replace("}", "")
            if mark.text == "^" and text in TRANSPOSE_SPELLINGS:
                transposed = True
            elif mark.text == "^" and text in ("2", "1"):
                order = int(text)
            elif mark.text == "_" and wrt is None:
                wrt = self.within(start, stop, self.additive_required, "the subscript of \\nabla")
            else:
                raise self.error(f"\\nabla with {mark.text}{text} is not supported", mark)
        operand = self.product()
        if operand is None:
            raise self.error("\\nabla needs an operand", tok)
        node = Derivative(operand, wrt, order, "nabla", pos=tok.pos, end=operand.end)
        if transposed:
            node = Transpose(node, pos=tok.pos, end=operand.end)
        return node

    def sum(self, tok: Token) -> Sum:
        """`\\sum_{i=1}^N body`, `\\sum_{i,j}`, `\\sum^N_{i=1}`; the body runs through `\\cdot`."""
        self.take()
        index = lower = upper = None
        while self.at("^", "_"):
            mark = self.take()
            start, stop = self.group_range()
            if mark.text == "^":
                upper = self.within(start, stop, self.additive_required, "the upper limit")
            else:
                index, lower = self.sum_index(start, stop)
        body = self.dot()
        if body is None:
            raise self.error("\\sum needs a body", tok)
        return Sum(body, index, lower, upper, pos=tok.pos, end=body.end)

    def sum_index(self, start: int, stop: int) -> tuple[str, Expr | None]:
        eq = next((k for k in range(start, stop) if self.tokens[k].text == "="), None)
        if eq is not None:
            lower = self.within(eq + 1, stop, self.additive_required, "the lower limit")
            return self.raw(start, eq), lower
        toks = self.tokens[start:stop]
        if all(_is_letter(t) or t.text in ",." for t in toks):
            return ",".join(t.text for t in toks if _is_letter(t)), None
        return self.raw(start, stop), None


_FACTOR_MACROS = (
    frozenset(FONT_MACROS) | frozenset(ACCENTS) | frozenset(FUNCTION_MACROS) | FRACS
    | frozenset(DOTS) | frozenset(OPENERS) | frozenset(PASS_THROUGH)
    | frozenset(["\\operatorname", "\\mathrm", "\\textrm", "\\sqrt", "\\lvert", "\\langle",
                 "\\sum", "\\nabla", "\\partial", "\\underset", "\\overset"])
)


class _Nesting:
    """Counts group nesting so a pathological formula fails cleanly, not with a
    RecursionError deep in the stack."""

    def __init__(self, parser: _Parser):
        self.parser = parser

    def __enter__(self):
        self.parser.depth += 1
        if self.parser.depth > MAX_NESTING:
            raise self.parser.error(f"nested deeper than {MAX_NESTING} groups")

    def __exit__(self, *exc):
        self.parser.depth -= 1
        return False


def _mul(factors: list[Expr]) -> Expr:
    if len(factors) == 1:
        return factors[0]
    return Mul(tuple(factors), pos=factors[0].pos, end=factors[-1].end)


def _is_greedy(node: Expr) -> bool:
    """Nodes that take the rest of the product as their operand."""
    return isinstance(node, Sum) or (isinstance(node, Derivative) and node.style in ("nabla", "op", "dop"))


def _applies(node: Expr) -> bool:
    """Whether a `(` right after `node` is its argument list (see the module docstring)."""
    if isinstance(node, Symbol):
        return node.accent is None and (node.name in APPLY_LETTERS or node.font == "cal")
    return isinstance(node, Identity) and node.size is None


def _with_plus_minus(terms: list[Expr], plus_minus: list[tuple[int, Expr]], pos: int) -> Expr:
    """`a \\pm b` is `Func('pm', (a, b))`: two formulas in one, which a checker cannot
    read as one value; the left operand is everything before the ±."""
    marks = {index for index, _ in plus_minus}
    node: Expr | None = None
    run: list[Expr] = []
    for k, term in enumerate(terms):
        if k in marks:
            left = _add_run(node, run, pos)
            node = Func("pm", (left, term), pos=pos, end=term.end)
            run = []
        else:
            run.append(term)
    if run:
        node = _add_run(node, run, pos)
    return node


def _add_run(node: Expr | None, run: list[Expr], pos: int) -> Expr:
    items = ([node] if node is not None else []) + run
    if len(items) == 1:
        return items[0]
    return Add(tuple(items), pos=pos, end=items[-1].end)


def _as_space(item: Expr) -> Expr:
    """`R^n`, `R^{m\\times n}` written without `\\mathbb` on the right of `\\in`."""
    if isinstance(item, Power) and isinstance(item.base, Symbol) and item.base.name == "R" and item.base.sub is None:
        exp = item.exp
        if isinstance(exp, Mul) and len(exp.factors) == 2:
            return Space("R", exp.factors[0], exp.factors[1], pos=item.pos, end=item.end)
        return Space("R", exp, None, pos=item.pos, end=item.end)
    if isinstance(item, Symbol) and item.name == "R" and item.sub is None and item.font == "":
        return Space("R", pos=item.pos, end=item.end)
    return item

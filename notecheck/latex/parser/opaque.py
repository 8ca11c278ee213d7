"""Notation read but not given a meaning: `\\max_x f(x)`, `\\arg\\min`, integrals, limits,
`\\prod`, `\\sup`, quantifiers, `\\begin{cases}`, `x^*`, a derivative operator with no
operand, a set `\\{x \\mid …\\}`, an interval `[0, T)`. Each becomes an `Opaque` node with
its own text, so the formula parses and a claim that uses it is unverified with the
construct named, never misread."""

from __future__ import annotations

import re

from notecheck.latex.expr import Expr, Matrix, Opaque, Symbol
from notecheck.latex.lex import Token
from notecheck.latex.parser.vocabulary import BIG_OPERATORS, BIG_WORDS, BINOMIALS, CODE_WORDS, ENCLOSING, QUANTIFIERS


# what sets a set-builder's or an indicator's braces apart from a list: `\\{x \\mid x > 0\\}`, `1\\{y = k\\}`
SET_CONDITIONS = frozenset({"\\mid", "|", "\\vert", ":", "\\colon", "=", "\\ne", "\\neq", "<", ">", "\\le", "\\leq",
                            "\\ge", "\\geq", "\\in", "\\notin", "\\subset", "\\subseteq"})


# `[1\\!\\times\\!3]`, `[m \\times n]`: a size in brackets, as dimension bookkeeping writes it
SIZE_IN_BRACKETS = re.compile(r"\[(?:\\[!,;: ]|\s)*(\w{1,4})(?:\\[!,;: ]|\s)*(?:\\times|×)(?:\\[!,;: ]|\s)*(\w{1,4})"
                              r"(?:\\[!,;: ]|\s)*\]")


SIZING = re.compile(r"\\(left|right)(?![A-Za-z])\s*(\\?.)?")  # `\\left\\{`, `\\right.`: the sizing macro and its delimiter
ROW_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")  # `\\` between the rows of cases or an array
BRACE_FRAME = re.compile(r"\\(?:begin|end)\{[^}]*\}(?:\{[^}]*\})?|\\left\\\{|\\right\s*\.")  # what holds the rows
# a row that is a case: a condition (`x > 0`, `x \in S`, "if", "otherwise") or a value set apart by `&`
CASE_MARKS = re.compile(r"[<>]|\\(?:[lg]eq?|[lg]eqslant|in|notin|neq?|text|mathrm|quad|qquad)(?![A-Za-z])|&|,|\b(?:if|otherwise|else)\b")
OPENING = frozenset(["(", "[", "\\{"])  # a `;` inside one of these is not at the level of the bracket around it
CLOSING = frozenset([")", "]", "\\}"])


class OpaqueRules:
    """The parser's rules for notation it keeps opaque (a mixin of `_Parser`)."""

    def big_operator(self, tok: Token, what: str | None = None) -> Expr:
        """`\\max_{x} body`, `\\arg\\min_x body`, `\\int_a^b f(x) dx`, `\\forall i`: the
        operator, its limits, and its operand (the rest of the product; a quantifier
        takes one operand)."""
        name = tok.text
        what = what or BIG_OPERATORS.get(name) or QUANTIFIERS[name]
        if name not in ("\\operatorname", "\\mathrm", "\\text"):
            self.take()
        if name == "\\arg" and self.at("\\max", "\\min"):
            self.take()
        self.limits()
        self.skip_ampersands()
        if name in QUANTIFIERS:
            self.postfix()
        elif self.at("-"):
            self.unary()
        elif self.can_start_factor():
            self.product()
        return Opaque(what, self.latex[tok.pos:self.last_end()], pos=tok.pos, end=self.last_end())

    def limits(self) -> None:
        """Skip `_{...}` and `^{...}` after an operator: they bind its variable."""
        while self.at("_", "^"):
            self.take()
            self.group_range()

    def word_operator(self, tok: Token, spelled: str) -> Expr:
        """`\\operatorname*{argmin}_x`, `\\mathrm{max}`: the cursor is after the word."""
        return self.big_operator(tok, BIG_WORDS[spelled])

    def cases(self, tok: Token) -> Expr:
        """`\\begin{cases} a, & x>0 \\\\ b, & x \\le 0 \\end{cases}`: a piecewise definition."""
        depth = 0
        for k in range(self.i, self.limit):
            kind, text = self.tokens[k].kind, self.tokens[k].text
            if text == tok.text and kind in ("begin", "end"):
                depth += 1 if kind == "begin" else -1
                if depth == 0:
                    self.i = k + 1
                    end = self.tokens[k].end
                    return braced(self.latex[tok.pos:end], tok.pos, end)
        raise self.error(f"\\begin{{{tok.text}}} is never ended", tok, broken=True)

    def code_call_at(self, word: str, count: int) -> bool:
        """`np.sum(`, `torch.exp(`, `rbind(`: a call in a programming language."""
        nxt = self.peek(count)
        if word in CODE_WORDS and self.paren_follows(count):
            return True
        return nxt is not None and nxt.text == "." and not nxt.space and self.letter_run_at(count + 1) >= 2

    def letter_run_at(self, k: int) -> int:
        saved = self.i
        self.i += k
        try:
            return self.letter_run()[1]
        finally:
            self.i = saved

    def code_call(self, tok: Token, count: int) -> Expr:
        """The call, its name and its arguments, kept whole: code is not math notation."""
        self.i += count
        while self.at(".") and self.letter_run_at(1) >= 1:
            self.i += 1 + self.letter_run_at(1)
        name = self.latex[tok.pos:self.last_end()]
        if self.at("("):
            self.argument_list()
        return Opaque(f"code, not math notation ({name})", self.latex[tok.pos:self.last_end()],
                      pos=tok.pos, end=self.last_end())

    def bare_operator(self, tok: Token, what: str) -> Expr:
        """`\\nabla_N` or `\\frac{\\partial}{\\partial x}` standing for the operator itself."""
        end = self.last_end()
        return Opaque(what, self.latex[tok.pos:end], pos=tok.pos, end=end)

    def interval(self, tok: Token, items: list, close: Token | None) -> Opaque | None:
        """`[0, T)`, `(0, 1]`: a half-open interval, two ends closed by the other bracket."""
        if tok.text not in "([" or close is None or close.text not in ")]" or len(items) != 2:
            return None
        self.take()
        return Opaque("an interval", self.latex[tok.pos:close.end], pos=tok.pos, end=close.end)

    def set_of(self, tok: Token) -> Opaque | None:
        """`\\{x \\mid Ax = b\\}`, `\\{x : x > 0\\}`, the condition of an indicator `1\\{y = k\\}`:
        braces whose content says what belongs, not a list of values. None for a list
        (`\\{1, 2, 3\\}`) or braces never closed (read as before, and said so)."""
        depth, tokens = 0, self.tokens
        for k in range(self.i, self.limit):
            text = tokens[k].text
            if text == "\\{":
                depth += 1
            elif text == "\\}" and depth:
                depth -= 1
            elif text == "\\}":
                if not any(tokens[j].text in SET_CONDITIONS for j in range(self.i, k)):
                    return None
                self.i = k + 1
                return Opaque("a set or a condition in braces ({x | ...})", self.latex[tok.pos:tokens[k].end],
                              pos=tok.pos, end=tokens[k].end)
        return None

    def one_sided_brace(self, tok: Token) -> Opaque | None:
        """`\\left\\{ \\begin{array}{ll} 0 & z \\leq 0 \\\\ 1 & z > 0 \\end{array} \\right.`: the
        piecewise definition written without `cases`, read whole like one (None, cursor
        unmoved, unless a `\\left` opens the brace and a `\\right.` closes it). The sizing
        macros are gone from the tokens (`_strip_noise`), so the LaTeX itself is read."""
        if not self.latex[:tok.pos].rstrip().endswith("\\left"):
            return None
        depth = 0
        for sized in SIZING.finditer(self.latex, tok.end):
            if sized.group(1) == "left":
                depth += 1
            elif depth:
                depth -= 1
            else:
                if sized.group(2) != ".":
                    return None
                end = sized.end()
                while self.i < self.limit and self.tokens[self.i].pos < end:
                    self.i += 1
                return braced(self.latex[tok.pos:end], tok.pos, end)
        return None

    def taken_whole(self, tok: Token, what: str) -> Opaque:
        """From `tok` through the token at the cursor, read whole as `what`."""
        self.take()
        return Opaque(what, self.latex[tok.pos:self.last_end()], pos=tok.pos, end=self.last_end())

    def enclosed(self, tok: Token) -> Opaque:
        """`\\binom{n}{k}` with its two arguments, `\\lfloor x \\rfloor` to its closer."""
        self.take()
        if tok.text in BINOMIALS:
            self.group_range()
            self.group_range()
            return Opaque("a binomial coefficient", self.latex[tok.pos:self.last_end()], pos=tok.pos, end=self.last_end())
        closer, what = ENCLOSING[tok.text]
        for k in range(self.i, self.limit):
            if self.tokens[k].text == closer:
                self.i = k + 1
                return Opaque(what, self.latex[tok.pos:self.last_end()], pos=tok.pos, end=self.last_end())
        raise self.error(f"'{tok.text}' is never closed by '{closer}'", tok)

    def sized_bracket(self, tok: Token) -> Opaque | None:
        """`[1\\!\\times\\!3]\\cdot[3\\!\\times\\!3]=[1\\!\\times\\!3]`: sizes, the bookkeeping of a product's
        shapes, not a product of a cross product in brackets."""
        found = SIZE_IN_BRACKETS.match(self.latex, tok.pos)
        if found is None:
            return None
        while self.i < self.limit and self.tokens[self.i].end <= found.end():
            self.i += 1
        return Opaque("a size written in brackets, [m×n]", found.group(), pos=tok.pos, end=found.end())

    def operator_under(self, tok: Token, what: str) -> Opaque:
        """`\\underset{\\tilde\\beta}{\\arg\\min}\\,(y - X\\tilde\\beta)'(y - X\\tilde\\beta)`: the
        operator with its variable set under it, and its operand, as `\\arg\\min_{b}` reads."""
        if self.at("-"):
            self.unary()
        elif self.can_start_factor():
            self.product()
        return Opaque(what, self.latex[tok.pos:self.last_end()], pos=tok.pos, end=self.last_end())

    def read_whole(self, tok: Token) -> Expr | None:
        """The bracket just opened at `tok` read whole, when it holds no group or list of
        values: a set `\\{x \\mid …\\}`, a piecewise `\\left\\{ … \\right.`, a bracket with its
        size, a slice `[i, :]`, a stacking `(a; b)`. None (cursor unmoved) otherwise."""
        if tok.text == "\\{":
            rules = (self.set_of, self.one_sided_brace, lambda opened: self.sliced_or_stacked(opened, "\\}"))
        elif tok.text == "[":
            rules = (self.sized_bracket, self.sliced_or_stacked)
        elif tok.text == "(":
            rules = (lambda opened: self.sliced_or_stacked(opened, ")"),)
        else:
            return None
        for rule in rules:
            kept = rule(tok)
            if kept is not None:
                return kept
        return None

    def sliced_or_stacked(self, tok: Token, closer: str = "]") -> Opaque | None:
        """`X_0[i,:]`, `A[:, j]` (a slice, as code writes it) and `[a_t; s_t]`, `(x_1; x_2;
        \\ldots; x_d)`, `\\{w; b\\}` (a stacking, the column vector of a textbook's notation):
        a bracket with `:` (a square one) or `;` at its own level holds no list of values."""
        depth, stacked = 0, False  # `;` at this bracket's own level: `(f(x; θ), y)` is no stacking
        for k in range(self.i, self.limit):
            token = self.tokens[k]
            text = token.text
            if text == closer and not depth:
                inner = {t.text for t in self.tokens[self.i:k]}
                what = "a slice of an array, X[i, :]" if ":" in inner and tok.text == "[" else \
                    f"vectors stacked, {tok.text}a; b{closer}" if stacked and "=" not in inner else None
                if what is None:
                    return None
                self.i = k + 1
                return Opaque(what, self.latex[tok.pos:self.tokens[k].end], pos=tok.pos, end=self.tokens[k].end)
            if text in OPENING or token.kind == "open":
                depth += 1
            elif text in CLOSING or token.kind == "close":
                depth -= 1
            elif text == ";" and not depth:
                stacked = True
        return None

    def indicator_of(self, tok: Token) -> Opaque | None:
        """`\\mathbb{1}(x > 0)`, `\\mathbf{1}\\lbrack z_n = k\\rbrack`: an indicator of a condition,
        read whole (None, cursor unmoved, when no bracket with a relation follows)."""
        opener = self.peek()
        closer = {"(": ")", "[": "]", "\\lbrack": "\\rbrack"}.get(opener.text if opener is not None else "")
        if closer is None:
            return None
        depth = 0
        for k in range(self.i, self.limit):
            text = self.tokens[k].text
            depth += (text == opener.text) - (text == closer)
            if not depth:
                if not any(self.tokens[j].text in SET_CONDITIONS for j in range(self.i, k)):
                    return None
                self.i = k + 1
                return Opaque("an indicator of a condition, 1(x > 0)", self.latex[tok.pos:self.tokens[k].end],
                              pos=tok.pos, end=self.tokens[k].end)
        return None


def braced(latex: str, pos: int, end: int) -> Opaque:
    """Rows under one brace, read whole: a piecewise definition, or, when every row is an
    equation and none has a condition, a system of equations (`\\left\\{ x + y = 1 \\\\
    x - y = 0 \\right.`), which the reason then names."""
    body = BRACE_FRAME.sub(" ", latex)
    rows = [row for row in ROW_BREAK.split(body) if row.strip()]
    if len(rows) > 1 and all("=" in row and not CASE_MARKS.search(row.replace("&=", "=")) for row in rows):
        return Opaque("a system of equations (in braces)", latex, pos=pos, end=end)
    return Opaque("a piecewise definition (cases)", latex, pos=pos, end=end)


def crossed_or_paired(left: Expr, right: Expr) -> str | None:
    """What `left \\times right` is when it is no product of matrices: two intervals
    (`[100, 300] \\times [0, 2]`, a Cartesian product) or two vectors (`[1,0,1] \\times
    [0,1,1]`, `\\mathbf{u} \\times \\mathbf{v}`, their cross product); None otherwise."""
    if _interval(left) and _interval(right):
        return "a product of intervals (a Cartesian product)"
    if _vector3(left) and _vector3(right):
        return "a cross product of two vectors"
    return None


def _interval(node: Expr) -> bool:
    return type(node) is Matrix and node.delim == "[" and len(node.rows) == 1 and len(node.rows[0]) == 2


def _vector3(node: Expr) -> bool:
    if type(node) is Matrix:
        return len(node.rows) == 3 and all(len(row) == 1 for row in node.rows) or \
            len(node.rows) == 1 and len(node.rows[0]) == 3
    return type(node) is Symbol and node.font == "bold" and node.name.islower()

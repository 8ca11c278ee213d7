"""Operators and precedence, loose to tight: `+ - \\pm`; `\\odot \\circ \\otimes`; `\\cdot`;
juxtaposition, `\\times` and `/`; unary minus; postfix (`^T`, `^{-1}`, primes, subscripts,
function application: what the scripts make is `scripts.py`'s)."""

from __future__ import annotations

from notecheck.latex.expr import (
    Add, Apply, Derivative, Differential, Div, Dot, Expr, Func, Identity, Mul, Neg, Opaque, Sum, Symbol, Transpose,
)
from notecheck.latex.lex import ParseError, Token
from notecheck.latex.parser.cursor import WRITTEN, is_letter, matching_bracket, matching_close
from notecheck.latex.parser.opaque import crossed_or_paired
from notecheck.latex.parser.vocabulary import (
    APPLY_LETTERS, BAR_CLOSE, FACTOR_MACROS, NORM_CLOSE, GREEK, HADAMARD_OPS, MATRIX_ENVIRONMENTS, NAMED_FUNCTIONS, NORM_OPEN, OPENERS,
    BIG_OPERATORS, QUANTIFIERS, WORD_MACROS,
)


SIGNS = ("-", "+")
ADDITIVE_OPS = ("+", "-", "\\pm", "\\mp")
DOT_OPS = ("\\cdot", "\\bullet")
HADAMARD_LEVEL = frozenset(("\\cap", "\\cup", "\\setminus", "@", *DOT_OPS, *HADAMARD_OPS))  # what follows a product there
POSTFIX_STARTS = frozenset("'^|_([!") | {"\\rvert", "\\vert", "\\prime"}  # the first token of every postfix
EVALUATION_BARS = frozenset(["|", "\\rvert", "\\vert"])  # `|_{x=a}` after what it evaluates
MAY_TAKE_THE_REST = frozenset((Neg, Transpose, Sum, Derivative))  # the types `took_the_rest` can say yes to


class OperatorRules:
    """The parser's rules for operators by precedence and for postfix (a mixin of `_Parser`)."""

    # Every operand passes through each level below, so each level peeks at the token
    # after its operand once and returns at once when it is none of its operators (a
    # peek, not `at` then `take`: the same cursor moves, half the calls).

    def additive(self) -> Expr | None:
        start_tok = tok = self.peek()
        sign = None
        if tok is not None and (tok.text in SIGNS or tok.text in ("\\pm", "\\mp")) and tok.kind in WRITTEN:
            sign = tok
            self.i += 1
        first = self.hadamard()
        if first is None:
            if sign is not None:
                raise self.error(f"expected a term after '{sign.text}'")
            return None
        if sign is not None and sign.text == "-":
            first = Neg(first, pos=sign.pos, end=first.end)
        elif sign is not None and sign.text != "+":  # `r = \\pm 1`: either sign, as `a \\pm b` has
            first = Func("pm", (first,), pos=sign.pos, end=first.end)
        terms = [first]
        plus_minus: list[tuple[int, Expr]] = []
        while (op := self.peek()) is not None and op.text in ADDITIVE_OPS and op.kind in WRITTEN:
            self.i += 1
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
        node = self.product()  # `dot()` written out: its operators come next, if any
        if node is None:
            return None
        tok = self.peek()
        if tok is None or tok.text not in HADAMARD_LEVEL:
            return node
        if tok.text in DOT_OPS:
            node = self.dot_rest(node)
        while self.at("\\cap", "\\cup", "\\setminus", "@"):
            op = self.take()
            right = self.dot()
            if right is None:
                raise self.error(f"expected an operand after '{op.text}'")
            what = "code, not math notation (@)" if op.text == "@" else f"a set operation ({op.text})"
            node = Opaque(what, self.latex[node.pos:right.end], pos=node.pos, end=right.end)
        built_here = False
        while (tok := self.peek()) is not None and tok.text in HADAMARD_OPS and tok.kind == "macro":
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
        tok = self.peek()
        if tok is None or tok.text not in DOT_OPS:
            return node
        return self.dot_rest(node)

    def dot_rest(self, node: Expr) -> Expr:
        """`node \\cdot b \\cdot c`: the products after the first."""
        while self.at("\\cdot", "\\bullet"):
            self.take()
            right = self.product()
            if right is None:
                raise self.error("expected an operand after \\cdot")
            node = Dot(node, right, pos=node.pos, end=right.end)
        return node

    def product(self) -> Expr | None:
        last = self.unary()
        if last is None:
            return None
        factors = [last]
        # only a sum, a derivative operator or either under `-` or `^T` takes the rest
        while type(last) not in MAY_TAKE_THE_REST or not self.took_the_rest(last):
            tok = self.peek()
            if tok is None:
                break
            written = tok.kind in WRITTEN  # what `at` would test
            if written and tok.text == "/":
                self.i += 1
                den = self.unary()
                if den is None:
                    raise self.error("expected a denominator after '/'")
                num = _mul(factors)
                if _is_d(num) and isinstance(den, Differential):  # `\\text{d}/\\text{d}x`: the operator
                    operand = self.product() if self.can_start_factor() else None
                    if operand is not None:  # `d/dX(tr(X^TAX))`, as `\\frac{d}{dX}` takes what follows
                        return Derivative(operand, den.arg, 1, "dop", pos=num.pos, end=operand.end)
                    factors = [Opaque("a derivative operator d/dx", self.latex[num.pos:den.end], pos=num.pos, end=den.end)]
                    last = factors[-1]
                    continue
                factors = [Div(num, den, pos=num.pos, end=den.end)]
            elif written and tok.text in ("\\times", "\\ast", "*"):
                self.i += 1
                nxt = self.unary()
                if nxt is None:
                    raise self.error("expected a factor after \\times")
                what = crossed_or_paired(factors[-1], nxt) if tok.text == "\\times" else None
                if what is not None:  # `[100, 300] \\times [0, 2]`, `\\mathbf{u} \\times \\mathbf{v}`
                    start = factors.pop().pos
                    nxt = Opaque(what, self.latex[start:nxt.end], pos=start, end=nxt.end)
                factors.append(nxt)
            elif self.starts_factor(tok):
                nxt = self.unary()
                if nxt is None:
                    break
                factors.append(nxt)
            else:
                break
            last = factors[-1]
        return _mul(factors)

    def took_the_rest(self, node: Expr) -> bool:
        """A sum or ∇ written bare (not in brackets) has taken the rest of the product."""
        while isinstance(node, (Neg, Transpose)) and self.latex[node.pos] not in "([{":
            node = node.arg
        return _is_greedy(node) and self.latex[node.pos] not in "([{"

    def unary(self) -> Expr | None:
        tok = self.peek()
        if tok is not None and tok.text == "-" and tok.kind in WRITTEN:
            self.i += 1
            arg = self.unary()
            if arg is None:
                raise self.error("expected an operand after '-'")
            return Neg(arg, pos=tok.pos, end=arg.end)
        node = self.atom_at(tok)  # `postfix()` written out: every operand comes here
        return None if node is None else self.postfix_ops(node)

    def can_start_factor(self) -> bool:
        """Whether the token at the cursor can start an operand juxtaposed to the last."""
        return self.starts_factor(self.peek())

    def starts_factor(self, tok: Token | None) -> bool:
        """`can_start_factor` of the token at the cursor, peeked already."""
        if tok is None:
            return False
        if tok.kind == "char":
            if tok.text == "|":
                return not self.closing_bars and (not self.conditional or self.bar_closes_in_argument())
            if tok.text == ".":
                return self.at_three_dots()
            return tok.text.isalnum() and tok.text.isascii() or tok.text in "(["
        if tok.kind == "open":
            return True
        if tok.kind == "begin":
            return tok.text in MATRIX_ENVIRONMENTS
        if tok.kind != "macro":
            return False
        if tok.text in NORM_OPEN:  # (in an argument, `KL(p \\| q)` divides two distributions)
            return tok.text == "\\lVert" or not self.closing_norm and (
                not self.conditional or self.bar_closes_in_argument(NORM_CLOSE))
        if tok.text in ("\\vert",):
            return not self.closing_bars and (not self.conditional or self.bar_closes_in_argument())
        if tok.text in ("\\text", "\\mbox", "\\textbf", "\\textit"):
            return not self.prose_at()
        return tok.text in FACTOR_MACROS or tok.text[1:] in GREEK or tok.text in BIG_OPERATORS or tok.text in QUANTIFIERS

    def bar_closes_in_argument(self, bars=BAR_CLOSE) -> bool:
        """In `f(...)`, whether the `|` (or `\\vert`, or of `bars`) at the cursor opens `|X|`
        (another comes before the argument ends) rather than separating `p(y|x)`, `KL(p\\|q)`."""
        depth = 0
        for k in range(self.i + 1, self.limit):
            tok = self.tokens[k]
            if tok.kind == "char" and tok.text in "([":
                depth += 1
            elif tok.kind == "char" and tok.text in ")]":
                if depth == 0:
                    return False
                depth -= 1
            elif depth == 0 and tok.kind == "char" and tok.text == ",":
                return False
            elif depth == 0 and tok.text in bars and tok.kind in ("char", "macro"):
                return True
        return False

    def at_three_dots(self) -> bool:
        return all(self.peek(k) is not None and self.peek(k).text == "." for k in range(3))

    # ------------------------------------------------------------ postfix

    def postfix(self) -> Expr | None:
        node = self.atom()
        if node is None:
            return None
        return self.postfix_ops(node)

    def postfix_ops(self, node: Expr) -> Expr:
        if node.__class__ is Symbol and node.name == "D" and node.sub is None:
            node = self.directional(node)
        while True:
            tok = self.peek()
            if tok is None or tok.text not in POSTFIX_STARTS:  # most operands: nothing after
                return node
            if tok.text == "'" and tok.kind == "char" or tok.text == "\\prime":  # `g\prime(z)` is g'(z)
                count = 0
                while self.at("'", "\\prime"):
                    self.take()
                    count += 1
                node = self.primed(node, count)
            elif tok.text == "^" and tok.kind == "char":
                self.take()
                node = self.superscript(node)
            elif tok.text in EVALUATION_BARS and not self.closing_bars and self.peek(1) is not None \
                    and self.peek(1).text == "_" and (tok.text == "|" or self.after_right(tok)):
                self.take()  # `f(x) \\bigg|_{x=a}`, `\\left. f \\right\\rvert_{a=1}`: evaluated at a
                self.limits()
                node = Opaque("an evaluation bar (|_{x=a})", self.latex[node.pos:self.last_end()],
                              pos=node.pos, end=self.last_end())
            elif tok.text == "_" and tok.kind == "char":
                self.take()
                node = self.subscript(node, tok)
            elif tok.text == "!" and tok.kind == "char" and self.factorial_follows():
                node = self.factorial(node)
            elif tok.text in ("[", "(") and tok.kind == "char" and _is_moment(node, tok.text):
                node = self.moment(node, tok.text)
            elif tok.text == "(" and tok.kind == "char" and self.curried_ahead(node):
                node = self.operator_applied(node)
            elif tok.text == "(" and ((not tok.space or getattr(node, "sub", None))
                                      and (_applies(node) or (isinstance(node, Symbol) and (node.name in self.functions
                                                                                           or node.prime))
                                           or self.arguments_ahead(node))
                                      or self.arguments_ahead(node, events=True)) \
                    and self.latex[node.pos] != "{":  # `{f}(x)` is written to mean f·x
                applied = self.apply(node)
                if applied is None:
                    return node
                node = applied
            else:
                return node

    def additive_required(self) -> Expr:
        node = self.additive()
        if node is None:
            raise self.error("expected an expression")
        return node

    def expression_in(self, start: int, stop: int, what: str) -> Expr:
        """`within(start, stop, additive_required, what)`: the expression that fills tokens
        `[start, stop)`. A group of one letter or one digit (`{x}`, `^{2}`: 8,700 of the
        10,500 groups of 100 notes) is read as that atom at once, as the levels would read
        it, each finding nothing after it."""
        if stop - start == 1:
            text = self.tokens[start].text
            if self.tokens[start].kind == "char" and (text.isalpha() and text.isascii() or text.isdigit()):
                return self.within(start, stop, self.lone_atom, what)
        return self.within(start, stop, self.additive_required, what)

    def lone_atom(self) -> Expr:
        """The letter or digit at the cursor, alone in its group (see `expression_in`)."""
        tok = self.tokens[self.i]
        return self.letter(tok) if tok.text.isalpha() and tok.text.isascii() else self.number(tok)

    def apply(self, node: Expr) -> Apply | None:
        """`f(x, y)`; None (cursor unmoved) when the argument mentions the letter itself."""
        fn = node if isinstance(node, Symbol) else Symbol("I", pos=node.pos, end=node.end)
        if fn.font != "cal" and self.parenthesis_mentions(fn.name):
            return None
        args, end = self.argument_list(events=True)
        if self.conditioned:  # `P(A \\mid B)`: a probability, not a function of two arguments
            return Opaque("a conditional probability p(y|x)", self.latex[node.pos:end], pos=node.pos, end=end)
        if self.diverged:  # `KL(p \\| q)`, `D(p \\parallel q)`
            return Opaque("a divergence between two distributions (p‖q)", self.latex[node.pos:end], pos=node.pos, end=end)
        if self.event:  # `P(Y=1)`, `P(y=k|x)`
            return Opaque("the probability of an event, P(y=k)", self.latex[node.pos:end], pos=node.pos, end=end)
        return Apply(fn, args, pos=node.pos, end=end)

    def after_right(self, tok: Token) -> bool:
        """Whether `\\right` stands before the bar (`\\left. f \\right\\rvert_{a=1}`), not an
        opening `\\lvert`'s partner."""
        return self.latex[:tok.pos].rstrip().endswith("\\right")

    def curried_ahead(self, node: Expr) -> bool:
        """`D(F)(v)` after `F(u) = Mu`: a letter applied to a function the note defines, and
        the result to a point, is an operator (the derivative of F at v), not D times F(v).
        (`g(t)(1 - g(t))` is g(t) times a bracket: t is no function.)"""
        if type(node) is not Symbol or node.accent is not None:
            return False
        inner = self.tokens[self.i + 1] if self.i + 2 < self.limit else None
        if inner is None or not is_letter(inner) or inner.text not in self.functions or \
                self.tokens[self.i + 2].text != ")":
            return False
        end = matching_bracket(self.tokens, self.i, self.limit)
        after = self.tokens[end + 1] if end is not None and end + 1 < self.limit else None
        return after is not None and after.text == "(" and after.kind == "char" and not after.space

    def directional(self, node: Symbol) -> Expr:
        """`Df(X)[V]` after `f(X) = AXB`: the derivative of a function the note defines, at X, in
        the direction V, not D times f(X) times V; else `node` (the cursor unmoved)."""
        tokens, i, limit = self.tokens, self.i, self.limit
        if not (i + 1 < limit and is_letter(tokens[i]) and tokens[i].text in self.functions
                and tokens[i + 1].text == "("):
            return node
        argument_end = matching_bracket(tokens, i + 1, limit)
        if argument_end is None or argument_end + 1 >= limit or tokens[argument_end + 1].text != "[":
            return node
        end = matching_bracket(tokens, argument_end + 1, limit)
        if end is None:
            return node
        while self.i <= end:
            self.take()
        return Opaque("the derivative of a function in a direction, Df(X)[V]", self.latex[node.pos:self.last_end()],
                      pos=node.pos, end=self.last_end())

    def operator_applied(self, node: Symbol) -> Opaque:
        self.argument_list()
        _, end = self.argument_list()
        return Opaque("an operator applied to a function, D(F)(v)", self.latex[node.pos:end], pos=node.pos, end=end)

    def arguments_ahead(self, node: Expr, events: bool = False) -> bool:
        """`C(w, b, X, y)`, `π_θ(a \\vert s)`, `D_{KL}(p \\| q)`: a letter before several arguments,
        or before a condition or a second distribution after one bar (a pair is an absolute
        value or a norm, `a(|x| + 1)`), applies a function. With `events`, only an event
        counts, a space before the parenthesis or not: `\\rho(x=0)`, `p (y = k|x; \\theta)` is a
        probability of it, not a factor times an equation."""
        if not isinstance(node, Symbol) or node.accent is not None or events and node.font == "bold":
            return False
        depth, bars, norms, k = 0, 0, 0, self.i - 1
        while k + 1 < self.limit:
            k += 1
            text = self.tokens[k].text if self.tokens[k].kind in ("char", "macro") else ""
            depth += (text == "(") - (text == ")")
            if depth == 0:
                return not events and (bars == 1 or norms == 1)
            if depth == 1 and text == "=" and events:
                return True
            if depth == 1 and text in (",", "\\mid", "\\parallel") and not events:
                return True
            bars += depth == 1 and text in ("|", "\\vert")
            norms += depth == 1 and text in ("\\|", "\\Vert")
        return False

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
                k = matching_close(self.tokens, k + 1)  # `\\operatorname{softmax}` holds no f
            elif tok.kind == "char" and tok.text == "(":
                depth += 1
            elif tok.kind == "char" and tok.text == ")":
                depth -= 1
                if depth == 0:
                    return False
            elif tok.text == spelled and tok.kind in ("char", "macro"):
                return True
        return False

    def argument_list(self, events: bool = False) -> tuple[tuple[Expr, ...], int]:
        """`( a, b, ... )`: the arguments and the end offset of `)`. A conditional bar
        `p(y|x)` (or `\\vert`) separates arguments like a comma: a density of y and x; so
        does the semicolon before a density's parameters, `p(x; μ, Σ)`. With `events`, an
        argument may be an event, `Y = 1` (`self.event` says whether one was)."""
        self.expect("(")
        args = []
        conditioned = event = diverged = False
        with self.nested():
            saved = (self.closing_bars, self.closing_norm, self.closing_angle, self.conditional)
            self.closing_bars = self.closing_norm = self.closing_angle = False
            self.conditional = True
            while True:
                arg = self.placeholder() or self.additive()
                if arg is None:
                    raise self.error("expected an argument")
                args.append(arg)
                if events and self.at("="):
                    event = True
                    self.take()
                    continue
                if self.at(",", "|", "\\mid", "\\vert", ";"):
                    conditioned = conditioned or not self.at(",")
                    self.take()
                    continue
                if self.at("\\|", "\\Vert", "\\parallel"):
                    diverged = True
                    self.take()
                    continue
                break
            self.closing_bars, self.closing_norm, self.closing_angle, self.conditional = saved
        close = self.expect(")")
        self.conditioned, self.event, self.diverged = conditioned, event, diverged  # read by `apply` right after
        return tuple(args), close.end

    def moment(self, node: Symbol, opener: str) -> Func | Opaque:
        """`\\mathbb{E}[x]`, `\\mathbb{E}_{x \\sim p}[f(x)]`, `\\mathrm{Var}[Ax]`: an expectation or
        a (co)variance of what its bracket holds, a function no claim is checked through
        (`Func('E', ...)`), its argument read so that its sizes are still checked. It is an
        operator over a distribution, not the letter E times x: read as a product,
        `\\mathrm{Var}[Ax] = A\\mathrm{Var}[x]A^T` failed on shapes and `\\mathbb{E}[Ax] =
        A\\mathbb{E}[x]` held for a wrong reason. A probability `\\Pr(X = x)`, or a bracket that
        holds no expression (`\\mathbb{E}[x \\mid y]`), is kept whole as written."""
        closer = OPENERS[opener]
        depth = 0
        for k in range(self.i, self.limit):
            text = self.tokens[k].text
            depth += (text == opener) - (text == closer)
            if depth:
                continue
            try:
                inner = self.expression_in(self.i + 1, k, "an expectation") if node.name != "Pr" else None
            except ParseError as error:
                if error.broken:
                    raise
                inner = None
            self.i = k + 1
            end = self.tokens[k].end
            if inner is not None:
                return Func(node.name, (inner,), pos=node.pos, end=end)
            what = "a probability, Pr(·)" if node.name == "Pr" else "an expectation or a variance, E[x]"
            return Opaque(what, self.latex[node.pos:end], pos=node.pos, end=end)
        raise self.error(f"'{opener}' is never closed")

    def placeholder(self, closers: tuple[str, ...] = (",", ")")) -> Opaque | None:
        """The dot of `f(\\cdot)`, `g(\\cdot, y)`, `\\|\\cdot\\|`, `f^{-1}(.)`: the function itself, its
        argument left open."""
        tok, after = self.peek(), self.peek(1)
        if tok is None or tok.text not in ("\\cdot", "\\bullet", ".") or after is None or after.text not in closers:
            return None
        self.take()
        return Opaque("a placeholder argument, f(·)", tok.text, pos=tok.pos, end=tok.end)


def _mul(factors: list[Expr]) -> Expr:
    if len(factors) == 1:
        return factors[0]
    return Mul(tuple(factors), pos=factors[0].pos, end=factors[-1].end)


def _is_d(node: Expr) -> bool:
    return isinstance(node, Symbol) and node.name == "d" and node.sub is None and node.font in ("", "rm")


def _is_greedy(node: Expr) -> bool:
    """Nodes that take the rest of the product as their operand."""
    return isinstance(node, Sum) or (isinstance(node, Derivative) and node.style in ("nabla", "op", "dop"))


def _is_moment(node: Expr, opener: str) -> bool:
    """`\\mathbb{E}`, `\\mathrm{E}` or a plain E (or D, a variance) before `[`, `\\mathbb{E}` before `(`, and
    `\\mathrm{Var}`, `\\operatorname{Cov}` before `[` (before `(` they are applied as functions)."""
    if type(node) is not Symbol or node.accent is not None:
        return False
    if node.name == "E":
        return node.font == "bb" or opener == "[" and node.font in ("", "rm")
    if node.name == "D" and not node.sub:  # `D[x_i] = E[x_i^2] - E[x_i]^2`: the variance, as Chinese texts write it
        return opener == "[" and node.font in ("", "rm")
    if node.name == "Pr":
        return True
    return opener == "[" and node.name in NAMED_FUNCTIONS


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


"""Fractions and derivatives: `\\frac`, `\\frac{\\partial f}{\\partial X}`, `\\partial f/\\partial x`,
`\\frac{d}{dx}` as an operator, `\\nabla`, and `\\sum` (which, like `\\nabla`, takes the rest
of the product)."""

from __future__ import annotations

import re
from fractions import Fraction

from notecheck.latex.expr import JACOBIAN, Apply, Derivative, Differential, Div, Expr, Inverse, Number, Opaque, Power, Sum, Symbol, Transpose
from notecheck.latex.lex import ParseError, Token
from notecheck.latex.parser.cursor import is_letter
from notecheck.latex.parser.vocabulary import TRANSPOSE_SPELLINGS

# a sum's subscript that states a condition, not an index and its range: `i \neq j`, `i \in S`, `k < j`
SKIPPING = re.compile(r"\s*([A-Za-z])\s*(?:\\neq?|\\not\s*=|≠)\s*([A-Za-z])\s*")  # `k \neq j`: all k but j
SUM_CONDITION = re.compile(r"\\(?:neq?|not|in|notin|le|leq|ge|geq|lt|gt|subset|subseteq)(?![A-Za-z])|[≠<>:|∈]")


class DerivativeRules:
    """The parser's rules for fractions, derivatives, `\\nabla` and `\\sum` (a mixin of `_Parser`)."""

    def fraction(self, tok: Token) -> Expr:
        self.take()
        num = self.group_range()
        den = self.group_range()
        end = self.last_end()
        style = self.derivative_style(num, den)
        if style is None:
            top = self.expression_in(num[0], num[1], "a numerator")
            bottom = self.expression_in(den[0], den[1], "a denominator")
            return Div(top, bottom, pos=tok.pos, end=end)
        return self.frac_derivative(tok, num, den, style, end)

    def over(self, tok: Token, start: int, stop: int) -> Expr | None:
        """`{a \\over b}`, `{\\partial E \\over \\partial W}`: plain TeX's fraction of the
        group's tokens before and after `\\over`, read as `\\frac` reads its two groups
        (None when the group has no `\\over` of its own). The cursor is past the group."""
        tokens = self.tokens
        if "\\over" not in self.latex[tokens[start].pos:tokens[stop - 1].end]:
            return None
        depth = 0
        for k in range(start, stop):
            kind = tokens[k].kind
            depth += (kind == "open") - (kind == "close")
            if depth == 0 and kind == "macro" and tokens[k].text == "\\over":
                num, den, end = (start, k), (k + 1, stop), self.last_end()
                style = self.derivative_style(num, den)
                if style is None:
                    top = self.expression_in(start, k, "a numerator")
                    bottom = self.expression_in(k + 1, stop, "a denominator")
                    return Div(top, bottom, pos=tok.pos, end=end)
                return self.frac_derivative(tok, num, den, style, end)
        return None

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
        try:
            wrt = self.within(wrt_start, den[1], wrt_of, "the denominator of a derivative")
        except ParseError as error:
            if not error.message.startswith("mixed partial"):
                raise
            return Opaque("a mixed partial derivative", self.latex[tok.pos:end], pos=tok.pos, end=end)
        if order == 2 and isinstance(wrt, Power) and wrt.exp == Number(Fraction(2)):
            wrt = wrt.base
        if top < num[1]:
            f = self.expression_in(top, num[1], "the numerator of a derivative")
            return Derivative(f, wrt, order, style, pos=tok.pos, end=end)
        operand = self.product()
        if operand is None:
            return self.bare_operator(tok, "a derivative operator without its operand")
        return Derivative(operand, wrt, order, "op" if style == "frac" else "dop", pos=tok.pos, end=operand.end)

    def wrt_operand(self) -> Expr:
        """The variable of `\\partial f / \\partial x`; `\\partial a(\\mathbf{b})`, by a function's value,
        is by that application (a derivative by an expression, which the checker says it cannot judge)."""
        node = self.postfix()
        if node is None:
            raise self.error("expected the variable of the derivative")
        if type(node) is Symbol and self.at("(") and (applied := self.apply(node)) is not None:
            node = applied
        if self.at("\\partial") or self.is_d_here():
            raise self.error("mixed partial derivatives are not supported")
        return node

    def hessian_wrt(self) -> Expr:
        """`\\partial x^2`, or `\\partial x \\partial x^T` (the Hessian), or `dx_1dx_1`: the one variable."""
        node = self.postfix()
        if node is None:
            raise self.error("expected the variable of the derivative")
        if self.is_d_here():
            self.i = self.skip_d(self.i)
        elif self.at("\\partial"):
            self.take()
        else:
            return node
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
        """`\\partial f/\\partial X` (and `\\partial^2 f/\\partial x^2`); `\\partial_1 f` kept whole."""
        self.take()
        order = 1
        if self.at("_"):  # `\\partial_1 f`, `\\partial_{ij} f(0)`: by an argument or a variable the subscript names
            self.take()
            self.group_range()
            operand = self.postfix() if self.can_start_factor() else None
            end = operand.end if operand is not None else self.last_end()
            return Opaque("a partial derivative written \\partial_i f", self.latex[tok.pos:end], pos=tok.pos, end=end)
        if self.at("^"):
            order, self.i = self.order_at(self.i + 1, self.limit)
        f = self.postfix()
        if f is not None and not self.at("/"):  # `\\partial |X| = ...`: the Matrix Cookbook's differential
            applied = f.arg if isinstance(f, Transpose) else f  # `\\partial f(x)^T`: its transpose
            if order == 1 and not isinstance(applied, Apply):
                return Differential(f, partial=True, pos=tok.pos, end=f.end)
            what = JACOBIAN if isinstance(applied, Apply) else "a second partial differential (\\partial^2 x)"
            return Opaque(what, self.latex[tok.pos:self.last_end()], pos=tok.pos, end=self.last_end())
        if f is None:
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
                wrt = self.expression_in(start, stop, "the subscript of \\nabla")
            else:
                raise self.error(f"\\nabla with {mark.text}{text} is not supported", mark)
        operand = self.product()
        if operand is None:
            return self.bare_operator(tok, "\\nabla without its operand")
        node = Derivative(operand, wrt, order, "nabla", pos=tok.pos, end=operand.end)
        if transposed:
            node = Transpose(node, pos=tok.pos, end=operand.end)
        return node

    def sum(self, tok: Token) -> Sum:
        """`\\sum_{i=1}^N body`, `\\sum_{i,j}`, `\\sum^N_{i=1}`; the body runs through `\\cdot`
        and the elementwise products, and stops at `+`."""
        self.take()
        index = lower = upper = None
        inverse = False
        while self.at("^", "_"):
            mark = self.take()
            start, stop = self.group_range()
            if mark.text == "^":
                inverse = self.raw(start, stop).replace(" ", "") == "-1"
                upper = self.expression_in(start, stop, "the upper limit")
            else:
                index, lower = self.sum_index(start, stop)
        if index is None and inverse:  # `(x-\\mu)^T\\sum^{-1}(x-\\mu)`: Σ typed as \\sum, a covariance
            return Inverse(Symbol("Sigma", pos=tok.pos, end=tok.end), pos=tok.pos, end=self.last_end())
        body = self.hadamard()  # through `\\cdot` and `\\odot`: `\\sum_i a_i \\odot b_i` sums the products
        if body is None and index is None and upper is None:  # `\\left|\\sum\\right|`: Σ again
            return Symbol("Sigma", pos=tok.pos, end=tok.end)
        if body is None:
            raise self.error("\\sum needs a body", tok)
        skipped = SKIPPING.fullmatch(index or "")
        if skipped:  # `\\sum_{k \\neq j}`: every k but j
            return Sum(body, skipped.group(1), lower, upper, but=skipped.group(2), pos=tok.pos, end=body.end)
        if index is not None and SUM_CONDITION.search(index):  # `\\sum_{x \\in X}`, `k < j`: not over a range
            return Opaque(f"a sum over a condition ({index.strip()})", self.latex[tok.pos:body.end],
                          pos=tok.pos, end=body.end)
        return Sum(body, index, lower, upper, pos=tok.pos, end=body.end)

    def sum_index(self, start: int, stop: int) -> tuple[str, Expr | None]:
        eq = next((k for k in range(start, stop) if self.tokens[k].text == "="), None)
        if eq is not None:
            lower = self.expression_in(eq + 1, stop, "the lower limit")
            return self.raw(start, eq), lower
        toks = self.tokens[start:stop]
        if all(is_letter(t) or t.text in ",." for t in toks):
            return ",".join(t.text for t in toks if is_letter(t)), None
        return self.raw(start, stop), None

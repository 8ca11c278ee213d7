"""Rules of a known function after its name (`\\sin`, `\\mathrm{tr}`, `\\det`, `\\log`): its
argument list, the operand it takes without parentheses, and a power of its value; and the
one function written after its argument, the factorial."""

from __future__ import annotations

from fractions import Fraction
from math import factorial

from notecheck.latex.expr import Expr, Func, Mul, Number, Opaque, Power
from notecheck.latex.lex import Token
from notecheck.latex.parser.cursor import is_letter
from notecheck.latex.parser.vocabulary import OPENERS

# functions whose power `\\sin^2 x` is the power of their value (not `\\sin^{-1}`, nor `\\det^2`)
POWERED_FUNCTIONS = frozenset({"sin", "cos", "tan", "sec", "csc", "cot", "tanh", "log"})
SMALL_FACTORIAL = 20  # a written `n!` worked out when n is at most this (20! fits a machine integer)


class FunctionRules:
    """Mixed into the parser (`notecheck.latex.parser._Parser`)."""

    def function(self, name: str, tok: Token) -> Expr:
        """A known function after its name: `(args)`, or the next operand, or nothing."""
        primes = 0
        while self.at("'"):
            self.take()
            primes += 1
        if self.at("^"):
            return self.function_power(name, tok, primes)
        if self.at("("):
            args, end = self.argument_list()
            return Func(name, args, primes, pos=tok.pos, end=end)
        if name == "tr" and self.at("["):  # `\\mathrm{tr}[AB]`: the bracket holds the argument
            arg = self.bracket(self.peek())
            return Func(name, (arg,), primes, pos=tok.pos, end=arg.end)
        arg = self.bare_operand(name)
        if arg is not None:
            return Func(name, (arg,), primes, pos=tok.pos, end=arg.end)
        return Func(name, (), primes, pos=tok.pos, end=self.last_end())

    def bare_operand(self, name: str) -> Expr | None:
        """What a function takes without parentheses: the trace a whole product (`\\mathrm{tr}\\,AB`
        is tr(AB), as CS229 writes it), the determinant a run of letters (`\\det AB` is det(AB),
        `\\det A \\det B` two determinants), any other function the next operand (`\\log x`)."""
        if name == "tr" and self.can_start_factor() and not self.at(*OPENERS):  # a bracket holds it all
            return self.product()
        if not self.can_start_factor() or self.at("["):
            return None
        arg = self.postfix()
        letters = [arg] if name == "det" and arg is not None else []
        while letters and is_letter(self.peek()) and (nxt := self.postfix()) is not None:
            letters.append(nxt)
        return Mul(tuple(letters), pos=arg.pos, end=letters[-1].end) if len(letters) > 1 else arg

    def function_power(self, name: str, tok: Token, primes: int) -> Power:
        """`\\sin^2 x`, `\\sec^2 x`, `\\log^2 x`: the function's value to a whole power, as
        everyone reads it. `\\sin^{-1} x` (the inverse function) is kept whole, unread; other
        powers are refused."""
        caret = self.take()
        start, stop = self.group_range()
        exponent = self.raw(start, stop).replace(" ", "")
        if name in POWERED_FUNCTIONS and exponent == "-1" and not primes:  # `\\sin^{-1} x`: arcsin, kept whole
            value = self.function(name, tok)
            return Opaque("an inverse function (\\sin^{-1})", self.latex[tok.pos:value.end], pos=tok.pos, end=value.end)
        if name not in POWERED_FUNCTIONS or not exponent.isdigit() or primes:
            raise self.error("a power of a function name (\\det^{2} X) is not supported", caret)
        value = self.function(name, tok)
        return Power(value, Number(Fraction(int(exponent))), pos=tok.pos, end=value.end)

    def factorial_follows(self) -> bool:
        """Whether the `!` at the cursor is a factorial, not code's ≠ (`a != b`; `0! = 1` is one)."""
        after = self.peek(1)
        return after is None or after.text != "=" or after.space

    def factorial(self, node: Expr) -> Expr:
        """`n!` (the factorial function of n), and `2!` the number it is (`\\frac{f''(a)}{2!}`:
        a Taylor term checks like `\\frac{f''(a)}{2}`)."""
        self.take()
        end = self.last_end()
        if isinstance(node, Number) and node.value.denominator == 1 and 0 <= node.value <= SMALL_FACTORIAL:
            return Number(Fraction(factorial(int(node.value))), pos=node.pos, end=end)
        return Func("factorial", (node,), pos=node.pos, end=end)

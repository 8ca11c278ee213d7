"""Print an expression tree back to LaTeX, in the note's own habits.

Used for fixes and re-derived results, so the text must read like the author's and must
parse back to the same tree: `parse(to_latex(t, s))` equals `t` for every tree the parser
builds. Parentheses are added only where precedence (see `notecheck.latex.parser`) needs them.
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction
from typing import Iterable

from notecheck.latex.expr import (
    Add, Apply, Bars, Chain, Derivative, Differential, Div, Dot, Dots, Expr, Func, Hadamard,
    FRAGMENT, Identity, Index, Inner, Inverse, Kron, Matrix, Mul, Neg, Norm, Number, Ones, Parsed, Power,
    Opaque, Space, Sum, Symbol, Text, Transpose, Zero,
)
from notecheck.latex.parser.vocabulary import APPLY_LETTERS, GREEK, LAYER_LABEL, TRACE_WORDS
from notecheck.records import FrozenRecord

# precedence levels, loose to tight
STATEMENT, SUM, NEG, HADAMARD, DOT, GREEDY, PRODUCT, UNARY, POSTFIX, ATOM = 0, 1, 1.5, 2, 3, 3.5, 4, 5, 6, 7

FONT_MACRO = {"cal": "\\mathcal", "bb": "\\mathbb", "rm": "\\mathrm", "sf": "\\mathsf", "frak": "\\mathfrak"}
FUNCTION_MACROS = {"log": "\\log", "exp": "\\exp", "sin": "\\sin", "cos": "\\cos", "tan": "\\tan",
                   "tanh": "\\tanh", "sec": "\\sec", "csc": "\\csc", "cot": "\\cot", "det": "\\det",
                   "sigma": "\\sigma"}
JOIN_TEXT = {",": ", ", ";": "; ", "\\quad": " \\quad ", "row": " \\\\ ", "text": " ",
             "\\Rightarrow": " \\Rightarrow ", "\\Leftrightarrow": " \\Leftrightarrow "}
DOTS_TEXT = {"blank": "", "cdots": "\\cdots", "dots": "\\dots", "ldots": "\\ldots", "vdots": "\\vdots",
             "ddots": "\\ddots"}


class Style(FrozenRecord):
    """A note's notation habits: bold macro, transpose and trace spelling, `d` or `\\mathrm{d}`."""

    bold: str = "\\boldsymbol"
    transpose: str = "^T"
    trace: str = "\\operatorname{tr}"
    differential: str = "d"
    labels_above: bool = True  # a bracketed label written as a superscript, `W^{[l]}` (not `q_{[i]}`)


BOLD_SPELLINGS = ("\\boldsymbol", "\\bm", "\\mathbf", "\\pmb")
TRANSPOSE_PATTERNS = {
    "^T": r"\^\s*T(?![A-Za-z])", "^{T}": r"\^\s*\{\s*T\s*\}", "^\\top": r"\^\s*\\top(?![A-Za-z])",
    "^{\\top}": r"\^\s*\{\s*\\top\s*\}", "^{\\mathsf{T}}": r"\^\s*\{?\\mathsf", "^\\intercal": r"\\intercal",
    "^\u22a4": r"\^\s*\{?\s*\u22a4",
}
TRACE_PATTERNS = {
    "\\operatorname{tr}": r"\\operatorname\s*\{\s*tr\s*\}", "\\mathrm{tr}": r"\\mathrm\s*\{\s*tr\s*\}",
    "\\text{tr}": r"\\text\s*\{\s*tr\s*\}", "\\mathrm{Tr}": r"\\mathrm\s*\{\s*Tr\s*\}",
    "\\text{trace}": r"\\text\s*\{\s*trace\s*\}", "\\operatorname{Tr}": r"\\operatorname\s*\{\s*Tr\s*\}",
}
# Every spelling of a habit as (habit, spelling, pattern). No two of their matches can
# overlap, so one pass over a formula with all of them as alternatives counts each as
# its own pass would (one pattern to compile, not seventeen: 4 ms of every start).
SPELLINGS = (
    [("bold", macro, re.escape(macro) + r"(?![A-Za-z])") for macro in BOLD_SPELLINGS]
    + [("transpose", spelled, pattern) for spelled, pattern in TRANSPOSE_PATTERNS.items()]
    + [("trace", spelled, pattern) for spelled, pattern in TRACE_PATTERNS.items()]
    + [("differential", "\\mathrm{d}", r"\\mathrm\s*\{?\s*d(?![A-Za-z])")]
)
# Each pattern starts with `\\` or `\^`, written before its group: when every
# alternative starts with a character, the regex engine skips to the next `\` or `^`
# instead of trying seventeen alternatives at every offset (a tenth of the time).
SPELLED = re.compile("|".join(f"{pattern[:2]}({pattern[2:]})" for _, _, pattern in SPELLINGS))
# counted apart: a `\mathrm d\mathbf{x}` counts for both. A `d` not after a backslash, a
# letter or `{`, before a letter or `(` (the `d` first, which the engine skips to)
PLAIN_D = re.compile(r"d(?<![\\A-Za-z{]d)(?=\\?[A-Za-z(])")


def style_of(latex_texts: Iterable[str]) -> Style:
    """The habits most used across a note's formulas; defaults where it shows none."""
    counts = {habit: Counter() for habit, _, _ in SPELLINGS}
    for habit, spelled, _ in SPELLINGS:  # every spelling in its place: a tie goes to the first
        counts[habit][spelled] = 0
    plain_d = above = below = 0
    for text in latex_texts:
        for match in SPELLED.finditer(text):
            habit, spelled, _ = SPELLINGS[match.lastindex - 1]
            counts[habit][spelled] += 1
        plain_d += len(PLAIN_D.findall(text))
        above, below = above + text.count("^{["), below + text.count("_{[")
    default = Style()
    return Style(
        bold=_most(counts["bold"], default.bold),
        transpose=_most(counts["transpose"], default.transpose),
        trace=_most(counts["trace"], default.trace),
        differential="\\mathrm{d}" if counts["differential"]["\\mathrm{d}"] > plain_d else "d",
        labels_above=above >= below,
    )


def _most(counts: Counter, default: str) -> str:
    best = max(counts.items(), key=lambda kv: kv[1], default=(default, 0))
    return best[0] if best[1] > 0 else default


def to_latex(expr: Expr, style: Style = Style()) -> str:
    """LaTeX for `expr` in `style`, with the fewest parentheses that keep its meaning."""
    return _Printer(style).text(expr, STATEMENT)


class _Printer:
    def __init__(self, style: Style):
        self.style = style
        self.in_arguments = 0  # inside f(...), where `x|y` reads as "x given y"

    def text(self, node: Expr, need: float) -> str:
        """`node` printed where precedence at least `need` is required."""
        out, prec = self.show(node)
        if prec < need:
            return "(" + out + ")"
        return out

    def postfix_base(self, node: Expr) -> str:
        """The base of `^` or `'`: an atom, or braces around a postfix expression."""
        out, prec = self.show(node)
        if prec >= ATOM:
            return out
        if prec >= POSTFIX and not isinstance(node, Differential):
            return "{" + out + "}"
        return "(" + out + ")"

    def show(self, node: Expr) -> tuple[str, float]:
        method = getattr(self, "show_" + type(node).__name__.lower())
        return method(node)

    # ------------------------------------------------------------ statements

    def show_parsed(self, node: Parsed) -> tuple[str, float]:
        out = self.text(node.statements[0], STATEMENT)
        for join, stmt in zip(node.joins, node.statements[1:]):
            out += JOIN_TEXT.get(join, " \\quad ") + self.text(stmt, STATEMENT)
        return out, STATEMENT

    def show_chain(self, node: Chain) -> tuple[str, float]:
        out = self.text(node.items[0], SUM)
        for rel, item in zip(node.rels, node.items[1:]):
            out += " " + rel + " " + self.text(item, SUM)
        return out, STATEMENT

    def show_text(self, node: Text) -> tuple[str, float]:
        return "\\text{" + node.text + "}", ATOM

    def show_opaque(self, node: Opaque) -> tuple[str, float]:
        if node.what == FRAGMENT:  # only ever a whole statement
            return node.latex, STATEMENT
        return "{" + node.latex + "}", ATOM

    # ------------------------------------------------------------ arithmetic

    def show_add(self, node: Add) -> tuple[str, float]:
        out = ""
        for k, term in enumerate(node.terms):
            if isinstance(term, Neg):
                out += (" - " if k else "-") + self.text(term.arg, HADAMARD)
            else:
                out += (" + " if k else "") + self.text(term, HADAMARD)
        return out, SUM

    def show_neg(self, node: Neg) -> tuple[str, float]:
        return "-" + self.text(node.arg, HADAMARD), NEG

    def show_hadamard(self, node: Hadamard) -> tuple[str, float]:
        return " \\odot ".join(self.elementwise_factors(node.factors)), HADAMARD

    def show_kron(self, node: Kron) -> tuple[str, float]:
        return " \\otimes ".join(self.elementwise_factors(node.factors)), HADAMARD

    def elementwise_factors(self, factors) -> list[str]:
        """A sum before `\\odot` is bracketed: bare, it would take the product as its body."""
        out = [self.text(f, DOT) for f in factors]
        return [f"({text})" if k < len(out) - 1 and _ends_greedy(factor) and not text.startswith("(") else text
                for k, (factor, text) in enumerate(zip(factors, out))]

    def show_dot(self, node: Dot) -> tuple[str, float]:
        left = self.text(node.left, DOT)
        if _ends_greedy(node.left) and not left.startswith("("):
            left = "(" + left + ")"
        return left + " \\cdot " + self.text(node.right, PRODUCT), DOT

    def show_mul(self, node: Mul) -> tuple[str, float]:
        parts = []
        for k, factor in enumerate(node.factors):
            following = node.factors[k + 1] if k + 1 < len(node.factors) else None
            # a sum or ∇ may end a product unbracketed: it takes the rest, and the rest is nothing
            out = self.text(factor, GREEDY if following is None and _greedy(factor) else UNARY)
            if following is not None and _needs_braces(factor, self.text(following, UNARY)):
                out = "{" + out + "}"
            elif k and self.in_arguments and isinstance(factor, Bars) and out.startswith("|"):
                out = "{" + out + "}"  # f(x{|x|}): a bar after a factor would open a condition
            parts.append(out)
        out = parts[0]
        for part in parts[1:]:
            out += _joiner(out, part) + part
        return out, PRODUCT

    def show_div(self, node: Div) -> tuple[str, float]:
        num, den = self.text(node.num, SUM), self.text(node.den, SUM)
        if _starts_with_d(num) and _starts_with_d(den):
            num = "(" + num + ")"  # a quotient of differentials, not the derivative `\\frac{dx}{dy}`
        return "\\frac{" + num + "}{" + den + "}", ATOM

    def show_number(self, node: Number) -> tuple[str, float]:
        value = node.value
        text = _number_text(abs(value))
        if value < 0:
            return "-" + text, NEG
        return text, ATOM

    # ------------------------------------------------------------ postfix

    def show_transpose(self, node: Transpose) -> tuple[str, float]:
        return self.postfix_base(node.arg) + self.style.transpose, POSTFIX

    def show_inverse(self, node: Inverse) -> tuple[str, float]:
        if isinstance(node.arg, Transpose):
            spelled = self.style.transpose
            mark = spelled[2:-1] if spelled.startswith("^{") else spelled[1:]
            return self.postfix_base(node.arg.arg) + "^{-" + mark + "}", POSTFIX
        return self.postfix_base(node.arg) + "^{-1}", POSTFIX

    def show_power(self, node: Power) -> tuple[str, float]:
        exp = self.text(node.exp, SUM)
        if len(exp) > 1:
            exp = "{" + exp + "}"
        return self.postfix_base(node.base) + "^" + exp, POSTFIX

    def show_index(self, node: Index) -> tuple[str, float]:
        if isinstance(node.arg, Identity) and node.arg.size is None:  # the Kronecker delta
            return "\\delta" + _size(node.sub.replace(",", "")), POSTFIX
        out, prec = self.show(node.arg)
        base = out if prec >= ATOM else "(" + out + ")"  # `(A^T)_{ij}`: an entry of the whole
        return base + _size(node.sub), POSTFIX

    # ------------------------------------------------------------ leaves

    def show_symbol(self, node: Symbol) -> tuple[str, float]:
        name = "\\" + node.name if node.name in GREEK else node.name
        if len(node.name) > 1 and node.name not in GREEK:
            out = FONT_MACRO.get(node.font, "\\mathrm") + "{" + name + "}"
        elif node.font == "bold":
            macro = "\\boldsymbol" if node.name in GREEK and self.style.bold == "\\mathbf" else self.style.bold
            out = macro + "{" + name + "}"
        elif node.font:
            out = FONT_MACRO[node.font] + "{" + name + "}"
        else:
            out = name
        if node.accent and node.accent != "star":
            out = "\\" + node.accent + "{" + out + "}"
        sub, mark = node.sub, ""
        if sub is not None and sub[-2:] in ("^-", "^+"):  # `P_t^-`: a filter's prior, marked above
            sub, mark = sub[:-2] or None, sub[-1]
        elif sub is not None and "^{" in sub:  # `\\delta^{t,k}_i`: a label of several parts, written above
            sub, mark = sub[:sub.index("^{")] or None, sub[sub.index("^{") + 1:]
        if sub is not None:
            if sub.startswith(("(", "<")) and sub.endswith((")", ">")) or \
                    (self.style.labels_above and LAYER_LABEL.fullmatch(sub)):  # `x^{(i)}`: braced under a `^T`
                return out + "^{" + sub + "}" + "'" * node.prime, POSTFIX
            else:
                out += "_" + (sub if len(sub) == 1 else "{" + sub + "}")
        if node.accent == "star":  # `x^*`: the star is written above, after the subscript
            return out + "^*" + "'" * node.prime, POSTFIX
        if mark:
            return out + "^" + mark + "'" * node.prime, POSTFIX
        return out + "'" * node.prime, ATOM

    def show_identity(self, node: Identity) -> tuple[str, float]:
        return "I" + _size(node.size), ATOM

    def show_ones(self, node: Ones) -> tuple[str, float]:
        return self.style.bold + "{1}" + _size(node.size), ATOM

    def show_zero(self, node: Zero) -> tuple[str, float]:
        return self.style.bold + "{0}" + _size(node.size), ATOM

    def show_dots(self, node: Dots) -> tuple[str, float]:
        return DOTS_TEXT.get(node.kind, "\\cdots"), ATOM

    def show_space(self, node: Space) -> tuple[str, float]:
        out = "\\mathbb{" + node.field + "}"
        if node.rows is None:
            return out, ATOM
        dims = self.text(node.rows, PRODUCT)
        if node.cols is not None:
            dims += " \\times " + self.text(node.cols, PRODUCT)
        return out + "^{" + dims + "}", ATOM

    # ------------------------------------------------------------ functions

    def show_func(self, node: Func) -> tuple[str, float]:
        if node.name == "pm" and len(node.args) == 1:
            return "\\pm " + self.text(node.args[0], HADAMARD), SUM
        if node.name == "pm":
            left, right = node.args
            return self.text(left, SUM) + " \\pm " + self.text(right, HADAMARD), SUM
        if node.name == "factorial" and len(node.args) == 1:
            return self.text(node.args[0], ATOM) + "!", POSTFIX
        if node.name == "sqrt" and len(node.args) == 1 and not node.prime:
            return "\\sqrt{" + self.text(node.args[0], SUM) + "}", ATOM
        if node.name == "tr":
            name = self.style.trace
        else:
            name = FUNCTION_MACROS.get(node.name, "\\operatorname{" + node.name + "}")
        name += "'" * node.prime
        if not node.args:
            return name, ATOM
        return name + "(" + self.arguments(node.args) + ")", ATOM

    def show_apply(self, node: Apply) -> tuple[str, float]:
        fn, _ = self.show_symbol(node.fn)
        return fn + "(" + self.arguments(node.args) + ")", ATOM

    def arguments(self, args) -> str:
        self.in_arguments += 1
        try:
            return ", ".join(self.text(a, SUM) for a in args)
        finally:
            self.in_arguments -= 1

    def show_bars(self, node: Bars) -> tuple[str, float]:
        inner = self.text(node.arg, SUM)
        if isinstance(node.arg, Matrix) and node.arg.delim == "vmatrix":  # its bars are the environment's
            return inner, ATOM
        if "|" in inner:
            return "\\lvert " + inner + " \\rvert", ATOM
        return "|" + inner + "|", ATOM

    def show_norm(self, node: Norm) -> tuple[str, float]:
        inner = self.text(node.arg, SUM)
        if "\\|" in inner:
            return "\\lVert " + inner + " \\rVert" + _size(node.kind), ATOM
        return "\\|" + inner + "\\|" + _size(node.kind), ATOM

    def show_inner(self, node: Inner) -> tuple[str, float]:
        inner = self.text(node.left, SUM) + ", " + self.text(node.right, SUM)
        return "\\langle " + inner + " \\rangle" + _size(node.kind), ATOM

    def show_matrix(self, node: Matrix) -> tuple[str, float]:
        if node.delim in ("(", "["):
            close = ")" if node.delim == "(" else "]"
            return node.delim + ", ".join(self.text(c, SUM) for c in node.rows[0]) + close, ATOM
        rows = " \\\\ ".join(" & ".join(self.text(c, SUM) for c in row) for row in node.rows)
        begin = "\\begin{" + node.delim + "}"
        if node.delim == "array":
            begin += "{" + "c" * max(len(r) for r in node.rows) + "}"
        return begin + " " + rows + " \\end{" + node.delim + "}", ATOM

    def show_sum(self, node: Sum) -> tuple[str, float]:
        if node.implied:  # the summation convention: the note does not write it
            return self.show(node.body)
        out = "\\sum"
        if node.index is not None:
            sub = node.index + (" \\neq " + node.but if node.but else "")
            if node.lower is not None:
                sub += "=" + self.text(node.lower, SUM)
            out += "_" + (sub if len(sub) == 1 else "{" + sub + "}")
        if node.upper is not None:
            upper = self.text(node.upper, SUM)
            out += "^" + (upper if len(upper) == 1 else "{" + upper + "}")
        return out + " " + self.text(node.body, HADAMARD), GREEDY

    # ------------------------------------------------------------ calculus

    def show_differential(self, node: Differential) -> tuple[str, float]:
        arg, prec = self.show(node.arg)
        if prec < POSTFIX or arg[:1].isdigit():
            arg = "(" + arg + ")"
        d = "\\partial" if node.partial else self.style.differential
        return d + _joiner(d, arg) + arg, UNARY

    def show_derivative(self, node: Derivative) -> tuple[str, float]:
        order = "" if node.order == 1 else "^" + str(node.order)
        wrt = self.text(node.wrt, POSTFIX) if node.wrt is not None else ""
        if node.style in ("frac", "op"):
            top = "\\partial" + order
            bottom = "\\partial " + self.postfix_wrt(node, wrt)
        elif node.style in ("d", "dop"):
            d = self.style.differential
            top = d + order
            bottom = d + " " + self.postfix_wrt(node, wrt)
        elif node.style == "slash":
            f = self.text(node.f, POSTFIX)
            return "\\partial" + order + " " + f + "/\\partial " + self.postfix_wrt(node, wrt), PRODUCT
        else:
            sub = "" if node.wrt is None else "_{" + self.text(node.wrt, SUM) + "}"
            operand = self.text(node.f, PRODUCT)
            return "\\nabla" + order + sub + " " + operand, GREEDY
        if node.style in ("op", "dop"):
            operand = self.text(node.f, PRODUCT)
            return "\\frac{" + top + "}{" + bottom + "}" + _joiner("}", operand) + operand, GREEDY
        return "\\frac{" + top + " " + self.text(node.f, SUM) + "}{" + bottom + "}", ATOM

    def postfix_wrt(self, node: Derivative, wrt: str) -> str:
        """The variable under `\\partial`, with `^2` for a second derivative."""
        if node.order == 1:
            return wrt
        base = self.postfix_base(node.wrt)
        return base + "^" + str(node.order)


def _size(text: str | None) -> str:
    if text is None:
        return ""
    return "_" + (text if len(text) == 1 else "{" + text + "}")


def _number_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den == 1:
        digits = 0
        while (value * 10 ** digits).denominator != 1:
            digits += 1
        return f"{float(value):.{digits}f}"
    return "\\frac{" + str(value.numerator) + "}{" + str(value.denominator) + "}"


def _joiner(left: str, right: str) -> str:
    """What goes between two juxtaposed pieces so they read back as two: a space after a
    macro name before a letter (`\\alpha x`), between digits and between bars, between the t and r
    of t·r (`tr A` is the trace), and before `(` after letters that could spell a function
    (`sin (A)` is s·i·n·A, `sin(A)` the sine)."""
    if not left or not right:
        return ""
    last, first = left[-1], right[0]
    if last == first == "|":
        return " "  # `|x| |y|`: written together, `||` is a norm
    word = re.search(r"(\\?)([A-Za-z]+)$", left)
    if first == "(":
        return " " if word and not word.group(1) and len(word.group(2)) > 1 else ""
    if last.isalpha() and first.isalpha():  # (t·r written `tr` would read back as the trace)
        return " " if word.group(1) or word.group(2) + first in TRACE_WORDS else ""
    if last.isdigit() and (first.isdigit() or first == "."):
        return " "
    return ""


def _needs_braces(factor: Expr, following: str) -> bool:
    """A factor that would swallow the next one: the symbol d (read as a differential),
    a function-like letter or σ before `(`, an argument-less function name."""
    if isinstance(factor, Symbol) and factor.name == "d" and factor.font in ("", "rm") and not factor.sub:
        return True
    if not following.startswith("("):
        return False
    if isinstance(factor, Symbol):
        return factor.name in APPLY_LETTERS or factor.name == "sigma" or factor.font == "cal"
    return isinstance(factor, Identity) or (isinstance(factor, Func) and not factor.args)


def _starts_with_d(text: str) -> bool:
    """Whether printed text begins with a differential's `d` (how `\\frac` tells a derivative)."""
    return text.startswith(("d", "\\mathrm{d}", "\\text{d}", "\\operatorname{d}"))


def _ends_greedy(node: Expr) -> bool:
    """Whether the printed node ends in a sum or ∇ that would take a following `\\cdot`."""
    while isinstance(node, Mul):
        node = node.factors[-1]
    return _greedy(node)


def _greedy(node: Expr) -> bool:
    return isinstance(node, Sum) or (isinstance(node, Derivative) and node.style in ("nabla", "op", "dop"))

"""Atoms and fonts: letters, numbers, brackets, bars and norms, inner products, Greek
letters, known functions, `\\operatorname`, font macros and switches, accents, spaces
like `\\mathbb{R}^n`: what one operand is."""

from __future__ import annotations

import re
from fractions import Fraction

from notecheck.latex.expr import (
    Bars, Differential, Dots, Expr, Func, Identity, Inner, Matrix, Mul, Norm, Number, Ones, Opaque, Space,
    Symbol, Text, Zero, letter_symbol, rebuilt,
)
from notecheck.latex.indices import indicator
from notecheck.latex.lex import Token
from notecheck.latex.parser.cursor import is_digit, is_letter, matching_close
from notecheck.latex.parser.vocabulary import (
    ACCENTS, BAR_CLOSE, CLOSERS, DOTS, FACTOR_MACROS, FONT_MACROS, FONT_SWITCHES, FRACS,
    FUNCTION_MACROS, FUNCTIONS, GREEK, INVERSE_FUNCTIONS, MATRIX_ENVIRONMENTS, NORM_CLOSE, NORM_OPEN, OPENERS,
    BINOMIALS, ENCLOSING, NAMED_FUNCTIONS, PASS_THROUGH, QUANTIFIERS, ROW_ENVIRONMENTS, SPACE_FIELDS, TRACE_WORDS, BIG_OPERATORS, BIG_WORDS,
)

# `2`, `10`, `.5` as the exact numbers they are, made once: a Fraction takes longer to
# make than the Number that holds it, and one never changes, so any nodes may share it
SMALL_NUMBERS: dict[str, Fraction] = {}
WIDE_SPACE = re.compile(r"~|\\[;:> ]|\\q?quad(?![A-Za-z])|\\enspace|\\hspace")  # not `\\,`, set in products


class AtomRules:
    """The parser's rules for one operand: atoms, fonts and macros (a mixin of `_Parser`)."""

    def atom(self) -> Expr | None:
        return self.atom_at(self.peek())

    def atom_at(self, tok: Token | None) -> Expr | None:
        """`atom()` of the token at the cursor, peeked already."""
        if tok is None:
            return None
        if tok.kind == "char":
            if tok.text.isalpha() and tok.text.isascii():  # `is_letter`: most operands
                return self.letter(tok)
            return self.char_atom(tok)
        if tok.kind == "open":
            return self.brace_group(tok)
        if tok.kind == "begin":
            if tok.text in MATRIX_ENVIRONMENTS:
                return self.matrix(tok)
            if tok.text in ("cases", "dcases", "rcases", "cases*"):
                return self.cases(tok)
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
        if is_letter(tok):
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
        if ch == "?":  # `\\frac{d}{dV} f = ?`: what an exercise asks for
            self.i += 1
            return Opaque("the question an exercise asks (?)", "?", pos=tok.pos, end=tok.end)
        return None

    def letter(self, tok: Token) -> Expr:
        """The letter `tok` at the cursor, or what it starts: a word of letters (a
        function's name, code), a differential."""
        tokens, limit, start = self.tokens, self.limit, self.i
        k = start + 1  # `letter_run()` written out: how many letters follow, no space between
        while k < limit:
            nxt = tokens[k]
            if nxt.space or nxt.kind != "char" or not (nxt.text.isascii() and nxt.text.isalpha()):
                break
            k += 1
        count = k - start
        word = tok.text if count == 1 else "".join(t.text for t in tokens[start:k])
        if count > 1 and self.code_call_at(word, count):
            return self.code_call(tok, count)
        if count > 1 and word in FUNCTIONS and (self.paren_follows(count) or
                                               word in TRACE_WORDS and self.starts_factor(self.peek(count))):
            self.i += count
            return self.function(FUNCTIONS[word], tok)
        if count > 1 and word in NAMED_FUNCTIONS and self.paren_follows(count):
            self.i += count
            args, end = self.argument_list()
            return Func(word, args, pos=tok.pos, end=end)
        if count > 2 and word[:2] in TRACE_WORDS and word[2:].isupper():  # `trAB`: the trace of AB, as CS229 writes it
            self.i += 2
            return self.function("tr", tok)
        if tok.text == "d" and self.font in ("", "rm") and self.differential_follows(1):
            self.i += 1
            return self.differential(tok)
        if count == 1 and (numbered := self.numbered_name(start)):  # `h1_{in_1}`: a layer's h, named h1
            self.i = numbered
            return Symbol("".join(t.text for t in tokens[start:numbered]), self.font, pos=tok.pos,
                          end=tokens[numbered - 1].end)
        self.i += 1  # `take()`: the cursor is at `tok`
        if self.font == "bb" and tok.text in SPACE_FIELDS:
            return self.space(tok.text, tok)
        if tok.text == "I":
            return Identity(pos=tok.pos, end=tok.end)
        if tok.text == "O" and "O" not in self.own and self.font in ("", "bold"):
            return Zero(pos=tok.pos, end=tok.end)
        return letter_symbol(tok.text, self.font, tok.pos, tok.end)

    def numbered_name(self, start: int) -> int | None:
        """The index after a letter's digits when a subscript follows them directly (`h1_{in}`,
        `W2_{ij}`: a name with a number in it, since a number takes no subscript), else None."""
        k = start + 1
        while k < self.limit and self.tokens[k].kind == "char" and self.tokens[k].text.isdigit() \
                and not self.tokens[k].space:
            k += 1
        after = self.tokens[k] if k < self.limit else None
        ends = after is not None and after.text == "_" and after.kind == "char" and not after.space
        return k if k > start + 1 and ends else None

    def letter_run(self) -> tuple[str, int]:
        """The letters adjacent to each other from the cursor (no spaces between). (Asked
        at every letter: the tokens after the first are read directly, not peeked.)"""
        first = self.peek()
        if not is_letter(first):
            return "", 0
        word, start, tokens, limit = first.text, self.i, self.tokens, self.limit
        k = start + 1
        while k < limit:
            tok = tokens[k]
            if tok.space or tok.kind != "char" or not (tok.text.isascii() and tok.text.isalpha()):
                break
            word += tok.text
            k += 1
        return word, k - start

    def paren_follows(self, k: int) -> bool:
        tok = self.peek(k)
        return tok is not None and tok.kind == "char" and tok.text == "(" and not tok.space

    def differential_follows(self, k: int) -> bool:
        """Whether the token `k` ahead can be what a `d` takes the differential of."""
        tok = self.peek(k)
        if tok is None:
            return False
        if tok.kind == "char":
            return (is_letter(tok) or tok.text in "(|[") and not (tok.text == "|" and self.closing_bars)
        if tok.kind == "open":
            return True
        if tok.kind == "begin":
            return tok.text in MATRIX_ENVIRONMENTS
        if tok.kind == "macro":
            if tok.text in NORM_OPEN:
                return not self.closing_norm
            if tok.text in ("\\partial", "\\nabla") or tok.text in DOTS:
                return False
            return tok.text[1:] in GREEK or tok.text in FACTOR_MACROS or tok.text in ("\\text", "\\vert")
        return False

    def differential(self, tok: Token) -> Expr:
        arg = self.postfix()
        if arg is None:
            raise self.error("expected what d is the differential of")
        return Differential(arg, pos=tok.pos, end=arg.end)

    def number(self, tok: Token) -> Number:
        """The digits that follow one another: white space or a wide space between two
        (`[6 \\ \\ 14]`, a row of two numbers) ends a number; a thin one (`1\\,000`) does not."""
        text, k, end = "", 0, tok.pos
        while True:
            t = self.peek(k)
            if t is None or t.kind != "char" or (k > 0 and (t.space or (t.pos > end and WIDE_SPACE.search(
                    self.latex, end, t.pos) is not None))):
                break
            end = t.end
            if t.text.isdigit() or (t.text == "." and "." not in text and is_digit(self.peek(k + 1))):
                text += t.text
                k += 1
                continue
            break
        self.i += k
        value = SMALL_NUMBERS.get(text)
        if value is None:
            value = Fraction(int(text)) if text.isascii() and text.isdigit() else Fraction(text)  # no regex for an int
            if len(text) < 3:
                SMALL_NUMBERS[text] = value
        return Number(value, pos=tok.pos, end=self.last_end())

    def bracket(self, tok: Token) -> Expr:
        """`( ... )`, `[ ... ]`, `\\{ ... \\}`: a group, or a list of several items."""
        self.take()
        kept = self.read_whole(tok)
        if kept is not None:
            return kept
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
            if (kept := self.interval(tok, items, close)) is not None:
                return kept
            found = "the end" if close is None else f"'{close.text}'"
            raise self.error(f"'{tok.text}' is closed by {found}, expected '{closer}'", close)
        self.take()
        if tok.text == "[" and len(items) > 1 and self.after_a_letter(tok.pos):
            text = self.latex[tok.pos:close.end]
            return Opaque(f"an entry of the letter before it ({text}), as signals and arrays are indexed", text,
                          pos=tok.pos, end=close.end)
        if len(items) == 1 and tok.text == "[" and self.side_by_side(items[0]):
            items = list(items[0].factors)  # a row's entries, never their product
        if len(items) == 1:
            return rebuilt(items[0], pos=tok.pos, end=close.end)
        delim = "(" if tok.text == "(" else "["
        return Matrix((tuple(items),), delim=delim, pos=tok.pos, end=close.end)

    def after_a_letter(self, pos: int) -> bool:
        """Whether a single letter stands right before `pos` (`x[0,1]`, `h[i,j]`), not a
        command's name nor the end of a word."""
        latex = self.latex
        return pos >= 1 and latex[pos - 1].isascii() and latex[pos - 1].isalpha() and \
            (pos < 2 or not (latex[pos - 2].isalpha() or latex[pos - 2] == "\\"))

    def side_by_side(self, node: Expr) -> bool:
        """A row's entries in `[ ]` with nothing but space between them, not a product:
        numbers (no one writes `0.5 \\cdot 0.25` so: `[0.625 \\;\\; 0.754]`), or anything
        set apart by a wide space between each two (`[\\mathbf{x}_1~~~\\mathbf{x}_2~~~\\cdots]`)."""
        if type(node) is not Mul:
            return False
        factors = node.factors
        return all(type(factor) is Number for factor in factors) or all(
            0 <= left.end <= right.pos and WIDE_SPACE.search(self.latex, left.end, right.pos) is not None
            for left, right in zip(factors, factors[1:]))

    def brace_group(self, tok: Token) -> Expr:
        start, stop = self.group_range()
        if stop == start:
            raise self.error("empty group {}", tok)
        first = self.tokens[start]
        if first.kind == "macro" and first.text in FONT_SWITCHES:
            node = self.font_switch_group(start, stop, tok)
        elif stop - start > 1 and all(is_letter(t) for t in self.tokens[start:stop]) and \
                (word := self.raw(start, stop)) in FUNCTIONS:  # `{tr} AB`, `\mathop{trace}(A)`: a lost \operatorname
            node = self.function(FUNCTIONS[word], tok)
        elif (fraction := self.over(tok, start, stop)) is not None:  # `{a \\over b}`
            node = fraction
        else:
            node = self.expression_in(start, stop, "a group")
        return rebuilt(node, pos=tok.pos, end=self.last_end())

    def font_switch_group(self, start: int, stop: int, tok: Token) -> Expr:
        """`{\\rm tr}`, `{\\bf x}`: an old-style font switch for the rest of the group."""
        font = FONT_SWITCHES[self.tokens[start].text]
        word = "".join(t.text for t in self.tokens[start + 1:stop])
        if font == "rm" and word in FUNCTIONS and all(is_letter(t) for t in self.tokens[start + 1:stop]):
            return self.function(FUNCTIONS[word], tok)
        saved = self.font
        self.font = font
        node = self.expression_in(start + 1, stop, "a group")
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
            arg = self.placeholder(("\\rVert",) if paired else NORM_CLOSE) or self.additive()
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

    def angle(self, tok: Token, closer: str) -> Inner | Opaque:
        """`\\langle a, b\\rangle` or `<a, b>`, with an optional `_F`; `\\langle t \\rangle` read whole."""
        self.take()
        with self.nested():
            saved = self.closing_angle
            self.closing_angle = True
            left = self.additive()
            if left is not None and self.at(closer) and tok.text == "\\langle":  # a time step's label, an average
                self.closing_angle = saved
                return self.taken_whole(tok, "one term in angle brackets, ⟨t⟩")
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

    # ------------------------------------------------------------ macros

    def macro_atom(self, tok: Token) -> Expr | None:
        name = tok.text
        if name in BIG_OPERATORS or name in QUANTIFIERS:
            return self.big_operator(tok)
        if name == "\\%":  # `90.94\%`: a percentage, not the number before it
            self.take()
            return Opaque("a percentage (%)", "\\%", pos=tok.pos, end=tok.end)
        if name[1:] in GREEK:
            return self.greek(tok)
        if name in FRACS:
            return self.fraction(tok)
        if name in ("\\operatorname", "\\mathrm", "\\text", "\\textrm", "\\rm"):  # (`\\rm d x`: a bare switch)
            return self.operator_name(tok)
        if name in FONT_MACROS or name in FONT_SWITCHES:  # `\\cal L`, `\\it{CE}`: as `\\mathcal L`, `\\mathit{CE}`
            return self.font_macro(tok)
        if name in ACCENTS:
            return self.accent(tok)
        if name in FUNCTION_MACROS:
            self.take()
            return self.function(FUNCTION_MACROS[name], tok)
        if name in INVERSE_FUNCTIONS:  # `\\arccos x`
            self.take()
            value = self.function(name[1:], tok)
            return Opaque(f"an inverse function ({name})", self.latex[tok.pos:value.end], pos=tok.pos, end=value.end)
        if name == "\\sqrt":
            self.take()
            if self.at("["):
                raise self.error("\\sqrt[n] is not supported", tok)
            start, stop = self.group_range()
            arg = self.expression_in(start, stop, "\\sqrt")
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
            if stop > start and self.tokens[start].text in BIG_OPERATORS:  # `\\underset{b}{\\arg\\min} f(b)`
                return self.operator_under(tok, BIG_OPERATORS[self.tokens[start].text])
            node = self.expression_in(start, stop, name)
            return rebuilt(node, pos=tok.pos, end=self.last_end())
        if name in ("\\text", "\\mbox", "\\textbf", "\\textit"):
            return self.text()
        if name in ENCLOSING or name in BINOMIALS:
            return self.enclosed(tok)
        if name == "\\Pr":  # a probability, read whole with its bracket (`moment`)
            self.take()
            return Symbol("Pr", font="rm", pos=tok.pos, end=tok.end)
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

    def word_argument(self, index: int) -> tuple[str, int] | None:
        """If the token at `index` is `{letters}`, a letter, or `*{letters}`, the word and
        the index after it."""
        if index < self.limit and self.tokens[index].text == "*" and self.tokens[index].kind == "char":
            index += 1
        if index >= self.limit:
            return None
        tok = self.tokens[index]
        if is_letter(tok):
            return tok.text, index + 1
        if tok.kind != "open":
            return None
        close = matching_close(self.tokens, index)
        inner = self.tokens[index + 1:close]
        if inner and inner[0].kind == "macro" and inner[0].text in FONT_SWITCHES:
            inner = inner[1:]
        if not inner or not all(is_letter(t) for t in inner):
            return None
        return "".join(t.text for t in inner), close + 1

    def operator_name(self, tok: Token) -> Expr:
        """`\\operatorname{tr}`, `\\mathrm{d}`, `\\text{softmax}`, `\\mathrm{x}`, `\\text{...}`."""
        group = self.i + 1
        word = self.word_argument(group)
        if word is None:
            if tok.text in ("\\text", "\\textrm"):
                return self.text()
            self.take()
            start, stop = self.group_range()
            saved = self.font
            self.font = "rm"
            node = self.expression_in(start, stop, tok.text)
            self.font = saved
            return rebuilt(node, pos=tok.pos, end=self.last_end())
        spelled, after = word
        self.i = after
        if spelled in BIG_WORDS:
            return self.word_operator(tok, spelled)
        if spelled in FUNCTIONS:
            return self.function(FUNCTIONS[spelled], tok)
        if spelled == "d" and self.differential_follows(0):
            return self.differential(tok)
        if tok.text in ("\\text", "\\textrm") and len(spelled) > 1 and not self.applied_word(group, after) \
                and not self.named(after):  # `\text{Odds} = …` names a quantity, as `\mathrm{Odds}` does
            return Text(spelled, pos=tok.pos, end=self.last_end())
        if len(spelled) == 1 and spelled in SPACE_FIELDS and tok.text == "\\mathrm":
            return Symbol(spelled, font="rm", pos=tok.pos, end=self.last_end())
        if self.at("("):
            args, end = self.argument_list()
            return Func(spelled, args, pos=tok.pos, end=end)
        return Symbol(spelled, font="rm", pos=tok.pos, end=self.last_end())

    def font_macro(self, tok: Token) -> Expr:
        self.take()
        font = FONT_MACROS.get(tok.text, FONT_SWITCHES.get(tok.text))
        start, stop = self.group_range()
        inner = self.tokens[start:stop]
        end = self.last_end()
        if font == "bb" and len(inner) == 1 and inner[0].text == "1":
            delta = indicator(self, tok)
            if delta is not None:
                return delta
        if font in ("bb", "bold") and len(inner) == 1 and inner[0].text == "1" and \
                (condition := self.indicator_of(tok)) is not None:  # `\\mathbb{1}(x > 0)`, `\\mathbf{1}\\lbrack z_n=k\\rbrack`
            return condition
        digit = [t.text for t in inner if t.kind != "open" and t.kind != "close"]  # `\\vec{{1}}` is `\\vec{1}`
        if font == "bold" and len(digit) == 1 and digit[0] in ("0", "1"):
            return (Ones if digit[0] == "1" else Zero)(pos=tok.pos, end=end)
        if font == "bb" and len(inner) == 1 and inner[0].text in SPACE_FIELDS:
            return self.space(inner[0].text, tok)
        word = self.word_argument(start - 1) if inner and inner[0].kind != "open" and stop - start > 1 else None
        if word is not None and word[0] in FUNCTIONS:
            return self.function(FUNCTIONS[word[0]], tok)
        saved = self.font
        self.font = font
        node = self.expression_in(start, stop, tok.text)
        self.font = saved
        node = rebuilt(node, pos=tok.pos, end=end)
        if type(node) is Mul and self.at("^", "_", "'") and inner[0].text != "(":
            return self.scripted_last(node)
        return node

    def scripted_last(self, product: Mul) -> Mul:
        """`\\mathbf{A A}^\\top` is A Aᵀ: a script after a font group of several letters is
        set after its last letter, and that is how every reader sees it (`\\mathbf{A}
        \\mathbf{A}^\\top` looks the same). TeX's grouping, (AA)ᵀ, shows nowhere on the page."""
        last = self.postfix_ops(product.factors[-1])
        return Mul((*product.factors[:-1], last), pos=product.pos, end=last.end)

    def space(self, field: str, tok: Token) -> Space:
        """`\\mathbb{R}`, `\\mathbb{R}^n`, `\\mathbb{R}^{m\\times n}`; a subscript that
        restricts the field (`\\mathbb{R}_{\\ge 0}`, `\\mathbb{R}^n_+`) changes no size."""
        self.restriction()
        if not self.at("^"):
            return Space(field, pos=tok.pos, end=self.last_end())
        self.take()
        start, stop = self.group_range()
        self.restriction()
        split = next((k for k in range(start, stop) if self.tokens[k].text in ("\\times", "*", "x")
                      and self.tokens[k].kind in ("macro", "char") and k > start), None)
        if split is None:
            rows = self.expression_in(start, stop, "a dimension")
            return Space(field, rows, None, pos=tok.pos, end=self.last_end())
        end = self.last_end()
        rows = self.expression_in(start, split, "a dimension")
        cols = self.expression_in(split + 1, stop, "a dimension")
        return Space(field, rows, cols, pos=tok.pos, end=end)

    def restriction(self) -> None:
        """Skip a field's subscript (`_{\\ge 0}`, `_+`, `_{++}`)."""
        if self.at("_"):
            self.take()
            self.group_range()

    def accent(self, tok: Token) -> Expr:
        self.take()
        start, stop = self.group_range()
        end = self.last_end()
        if stop == start + 1 and self.tokens[start].text == "\\nabla":  # `\hat{\nabla}_\lambda L`
            if self.at("_"):
                self.take()
                self.group_range()
            end = self.last_end()
            return Opaque("a natural or estimated gradient", self.latex[tok.pos:end], pos=tok.pos, end=end)
        if stop > start and self.tokens[start].text in FONT_SWITCHES:  # `\tilde{\bf z}`
            node = self.font_switch_group(start, stop, tok)
        else:
            node = self.expression_in(start, stop, tok.text)
        if not isinstance(node, Symbol):  # `\bar{x^2}` (a mean), `\overline{AB}`: a quantity of its own
            return Opaque(f"{tok.text} over an expression", self.latex[tok.pos:end], pos=tok.pos, end=end)
        return rebuilt(node, accent=ACCENTS[tok.text], pos=tok.pos, end=end)

    def pass_through(self, tok: Token) -> Expr:
        """`\\underbrace{x}_{label}` is x; `\\boxed{x}`, `\\bbox[yellow]{x}`,
        `\\colorbox{blue}{$x$}` are x; a boxed `a = b` is that relation."""
        self.take()
        if tok.text == "\\bbox" and self.at("["):
            while self.peek() is not None and not self.at("]"):
                self.take()
            self.expect("]")
        for _ in range({"\\colorbox": 1, "\\fcolorbox": 2}.get(tok.text, 0)):
            self.group_range()
        start, stop = self.group_range()
        end = self.last_end()
        if stop - start > 2 and self.tokens[start].text == "$" == self.tokens[stop - 1].text:
            start, stop = start + 1, stop - 1  # `\\colorbox{..}{$x$}`: text mode around math
        while stop - start > 1 and self.tokens[stop - 1].text in (".", ",") and self.tokens[stop - 1].kind == "char":
            stop -= 1  # the sentence's full stop inside the box
        if self.tokens[start].text in ("\\text", "\\mbox") and self.tokens[start].kind == "macro":
            saved, self.i = self.i, start
            if self.prose_at() and self.tokens[start + 1].kind == "open":
                start = matching_close(self.tokens, start + 1) + 1  # `\\bbox{\\text{(Eq. 5.2)} a = b}`: a label
            self.i = saved
        node = self.within(start, stop, lambda: self.chain(self.additive_required()), tok.text)
        if tok.text in ("\\underbrace", "\\overbrace") and self.at("_", "^"):
            self.take()
            self.group_range()
        return rebuilt(node, pos=tok.pos, end=end)

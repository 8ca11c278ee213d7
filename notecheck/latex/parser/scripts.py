"""What a superscript, a subscript or primes make of what they follow: a transpose, an
inverse, a power, a label that names (`x^{(i)}`, `W^{[l]}`, `\\delta^{t,k}`), an index, an
entry, the size of a zero or identity matrix, a derivative."""

from __future__ import annotations

import re

from notecheck.latex.expr import (
    Add, Apply, Bars, Derivative, Differential, Div, Dot, Expr, Func, Hadamard, Identity, Index,
    Inverse, Kron, Matrix, Mul, Neg, Norm, Number, Ones, Opaque, Power, Symbol, Transpose, Zero, rebuilt,
)
from notecheck.latex.indices import index_parts
from notecheck.latex.lex import Token
from notecheck.latex.parser.vocabulary import (
    HERMITIAN_SPELLINGS, LAYER_INDEX, LIE_MAPS, LAYER_LABEL, TIME_STEP, TRANSPOSE_SPELLINGS,
)


NORM_KINDS = frozenset({"1", "2", "F", "\\infty", "p", "\\max"})  # what a norm's subscript says, as `\\|x\\|_2` has it
CONDITION = re.compile(r"[<>=]|\\(?:in|le|ge|leq|geq|ne|neq|notin)(?![A-Za-z])")  # a subscript that states a condition
# a superscript that makes an ordinal of what it follows (spaces and braces out)
ORDINALS = frozenset(f"{font}{word}" for font in ("", "\\rm", "\\text", "\\mathrm", "\\textrm")
                     for word in ("th", "st", "nd", "rd"))
# the size a zero or ones written plain takes as a subscript: `n`, `m \\times n`, `3`
WRITTEN_SIZE = re.compile(r"[A-Za-z0-9]+(?:\\times[A-Za-z0-9]+)?")


class ScriptRules:
    """Mixed into the parser (`notecheck.latex.parser._Parser`)."""

    def primed(self, node: Expr, count: int) -> Expr:
        end = self.last_end()
        if self.primes_transpose and not isinstance(node, Func):
            for _ in range(count):
                node = Transpose(node, pos=node.pos, end=end)
            return node
        if isinstance(node, (Symbol, Func)):
            return rebuilt(node, prime=node.prime + count, end=end)
        letter = self.latex[node.pos:node.end] if isinstance(node, (Zero, Identity)) and node.size is None else ""
        if letter in ("O", "I"):  # `O'`, `I'`: a letter of their own, not the zero or identity matrix
            return Symbol(letter, prime=count, pos=node.pos, end=end)
        # `(1 + e^{-x})'`: the derivative of the bracket by a variable it does not name
        return Opaque("a derivative written as a prime on an expression", self.latex[node.pos:end], pos=node.pos, end=end)

    def superscript(self, base: Expr) -> Expr:
        start, stop = self.group_range()
        text = self.raw(start, stop).replace("{", "").replace("}", "").replace(" ", "")
        end = self.last_end()
        if text in TRANSPOSE_SPELLINGS or (text == "t" and self.t_transposes):
            return Transpose(base, pos=base.pos, end=end)
        if text == "-1" and not isinstance(base, (Bars, Norm, Number)):
            return Inverse(base, pos=base.pos, end=end)
        if text[:1] == "-" and text[1:] in TRANSPOSE_SPELLINGS:
            return Inverse(Transpose(base, pos=base.pos, end=end), pos=base.pos, end=end)
        if text in ("\\prime", "\\prime\\prime") or text in ("'", "''"):  # `g^{'}(z)`: primes set as a superscript
            return self.primed(base, text.count("\\prime") or len(text))
        if text in ORDINALS:  # `k^{th}`, `(l-1)^{\\rm th}`: the k-th, a word, not a power
            return Opaque("an ordinal (the k-th)", self.latex[base.pos:end], pos=base.pos, end=end)
        if text == "\\#" or text == "#":
            return Func("adj", (base,), pos=base.pos, end=end)
        step = TIME_STEP.fullmatch(text) if isinstance(base, Symbol) else None
        if step:  # `a^{<t>}`, `x^{\\langle t-1 \\rangle}`: the value at time step t (deeplearning.ai's RNN notes)
            label = f"<{step.group(1)}>"
            return rebuilt(base, sub=label if base.sub is None else base.sub + label, end=end)
        example = re.fullmatch(r"(\([^()]+\))(.*)", text) if isinstance(base, Symbol) else None
        if example and (not example[2] or example[2] in TRANSPOSE_SPELLINGS):  # `x^{(i)}`: the i-th x
            named = rebuilt(base, sub=example[1] if base.sub is None else base.sub + example[1], end=end)
            return Transpose(named, pos=base.pos, end=end) if example[2] else named  # `\theta^{(1)\top}`
        label = LAYER_LABEL.match(text) if isinstance(base, Symbol) else None
        after = text[label.end():] if label else ""
        if label and (not after or after in TRANSPOSE_SPELLINGS):  # `A^{[l-1]T}` is layer l-1's A, transposed
            named = rebuilt(base, sub=label.group() if base.sub is None else base.sub + label.group(), end=end)
            return Transpose(named, pos=base.pos, end=end) if after else named
        if isinstance(base, Symbol) and base.name in self.layered and base.sub is None \
                and LAYER_INDEX.fullmatch(text) and not self.at("_"):  # `w^2`, `z^{l-1}`: a layer's, in this note
            return rebuilt(base, sub=f"[{text}]", end=end)
        if text in ("-", "+") and isinstance(base, Symbol):  # `\\hat{x}_k^{-}`, `P_t^-`: a filter's prior (posterior)
            return rebuilt(base, sub=(base.sub or "") + "^" + text, end=end)
        if text in ("*", "\\ast", "\\star"):
            if isinstance(base, Symbol) and base.accent is None and (base.name[:1].islower() or self.at("_")):
                # `x^*`, `\theta^*`: the optimum of x, a value of its own; so is `V^*_t`, the optimal
                # value function at t (a capital's star alone is as often its adjoint)
                return rebuilt(base, accent="star", end=end)
            return Opaque("a starred symbol (an optimum, a conjugate or an adjoint)", self.latex[base.pos:end],
                          pos=base.pos, end=end)  # `A^*`: a matrix's star is as often its adjoint
        if text in LIE_MAPS:
            return Opaque(LIE_MAPS[text], self.latex[base.pos:end], pos=base.pos, end=end)
        if text in HERMITIAN_SPELLINGS:  # `\mathbf{x}^{H}\mathbf{x}` (the Matrix Cookbook's), not x to a power H
            return Opaque("a conjugate transpose (^H) or a label", self.latex[base.pos:end], pos=base.pos, end=end)
        if isinstance(base, Symbol) and "," in text and "(" not in text:  # `\\delta^{t,k}`, `z^{2,+}`: names, not powers
            return rebuilt(base, sub=(base.sub or "") + "^{" + text + "}", end=end)
        exp = self.expression_in(start, stop, "a superscript")
        return Power(base, exp, pos=base.pos, end=end)

    def subscript(self, base: Expr, tok: Token) -> Expr:
        start, stop = self.group_range()
        if stop == start:
            raise self.error("empty subscript", tok)
        text = self.raw(start, stop)
        end = self.last_end()
        if isinstance(base, Symbol):  # `h^{(t)}_{[i]}`: the superscript `(t)` may have made a sub already
            return Symbol(base.name, base.font, text if base.sub is None else text + base.sub, base.accent,
                          base.prime, pos=base.pos, end=end)
        if isinstance(base, Power) and isinstance(base.base, Norm) and base.base.kind is None:
            return rebuilt(base, base=rebuilt(base.base, kind=text), end=end)  # `||X||^2_F`
        if isinstance(base, Norm) and base.kind is None:
            return rebuilt(base, kind=text, end=end)  # `{\\lVert Y - X\\beta\\rVert}_2`: the braces hold the norm
        if isinstance(base, Transpose) and isinstance(base.arg, Symbol) and base.arg.sub is None \
                and base.arg.name[:1].isupper() and len(index_parts(text) or ()) == 2:
            return Index(base, text, pos=base.pos, end=end)  # `A^T_{kl}`: an entry of A^T (a_{kl}^T is a_{kl})
        if isinstance(base, (Power, Transpose)) and isinstance(getattr(base, "base", None) or base.arg, Symbol) \
                and self.latex[base.pos] not in "([{":  # `(x^i)_i` builds a vector: not x_i^i
            return self.lower_index(base, text, end)  # `w^l_{ij}` is `w_{ij}^l`, as in TeX
        if isinstance(base, Identity) and base.size is None and (text in ("i", "j") or "I_" + text in self.own):
            return Symbol("I", "", text, pos=base.pos, end=end)  # `\\mathbf{I}_i`: the i-th column of I, a letter
        if isinstance(base, (Identity, Ones, Zero)) and base.size is None:
            return rebuilt(base, size=text, end=end)
        if isinstance(base, Number) and base.value in (0, 1) and WRITTEN_SIZE.fullmatch(text.replace(" ", "")) \
                and self.latex[base.pos:base.end] in ("0", "1"):  # `0_n`, `1_{k\\times k}`: sized as `\\mathbf{1}_n` is
            return (Zero if base.value == 0 else Ones)(size=text, pos=base.pos, end=end)
        if isinstance(base, (Func, Apply, Matrix, Transpose, Inverse, Mul, Add, Hadamard, Div,
                             Derivative, Differential, Neg, Kron, Dot)):
            return Index(base, text, pos=base.pos, end=end)
        if isinstance(base, Bars) and text.replace(" ", "") in NORM_KINDS:  # `|x|_2`, `|X|_F`: a norm with single bars
            return Norm(base.arg, text.replace(" ", ""), pos=base.pos, end=end)
        if isinstance(base, Number) and base.value == 1 and CONDITION.search(text):  # `\\mathbb{1}_{z>0}`: an indicator
            return Opaque("an indicator of a condition, 1_{z>0}", self.latex[base.pos:end], pos=base.pos, end=end)
        raise self.error("a subscript on this expression is not supported", tok)

    def lower_index(self, node: Power | Transpose, text: str, end: int) -> Expr:
        """`x^a_b`: TeX sets the subscript on x whatever the order, so it is `x_b^a`."""
        inner = node.base if isinstance(node, Power) else node.arg
        indexed = rebuilt(inner, sub=text if inner.sub is None else text + inner.sub)
        if isinstance(node, Power):
            return rebuilt(node, base=indexed, end=end)
        return rebuilt(node, arg=indexed, end=end)

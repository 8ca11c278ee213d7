"""Parse one formula's LaTeX into notecheck's typed expression tree (`notecheck.latex.expr`).

A recursive-descent parser over the tokens of `notecheck.latex.lex`. Precedence, loose to
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

The grammar is split by construct: `atoms` (atoms and fonts), `operators` (operators
and precedence), `derivatives` (fractions and derivatives), `environments` (statements,
rows and matrices), over the `cursor`; `vocabulary` holds the tables.
"""

from __future__ import annotations

import re

from notecheck.latex.expr import Expr, Parsed, Text
from notecheck.latex.lex import ParseError, Token, tokenize
from notecheck.latex.macros import BUILTIN, Macro, expand, spells_definer, spells_none, take_definitions
from notecheck.latex.parser.atoms import AtomRules
from notecheck.latex.parser.cursor import QUADS, Cursor, matching_close, skip_argument
from notecheck.latex.parser.derivatives import DerivativeRules
from notecheck.latex.parser.environments import EnvironmentRules
from notecheck.latex.parser.functions import FunctionRules
from notecheck.latex.parser.scripts import ScriptRules
from notecheck.latex.parser.opaque import OpaqueRules
from notecheck.latex.parser.operators import OperatorRules
from notecheck.latex.parser.vocabulary import (
    KNOWN_MACROS, LONE_OPERATORS, MAX_NESTING, NOISE_MACROS, NOISE_WITH_ARGUMENT, RELATIONS, SIZED,
)

__all__ = ["parse", "ParseError", "MAX_NESTING"]


def parse(latex: str, macros: dict[str, Macro] | None = None, t_transposes: bool = False,
          functions: frozenset[str] = frozenset(), primes_transpose: bool = False,
          layered: frozenset[str] = frozenset(), own: frozenset[str] = frozenset(),
          continued: Expr | None = None) -> Parsed:
    """The tree of one formula. Raises `ParseError` with a 1-based column. `macros` are
    those the note and its site define (`definitions_of`); the formula's own
    definitions count too, and a formula that only defines macros is prose.
    `t_transposes`: the note writes the transpose `^t` (else `x^t` is a power).
    `primes_transpose`: the note writes `X'` for the transpose (else a prime makes a
    new symbol). `functions`: letters the note defines as functions (`\\Omega(\\theta) = ...`), which
    apply to a `(` that follows them like `f` does. `layered`: letters the note writes with
    a layer's superscript (`z^l`, `a^{l-1}`), whose `^2` is layer 2's, not a square.
    `own`: the letters the note binds itself (`O` in `O = PV`, `I_y` in `I_y \\in \\mathbb{R}^{m\\times k}`),
    not the zero and identity matrices they are elsewhere. `continued`: the last side of
    the formula this one goes on from, its first side if it starts with a relation
    (without it, such a formula raises `ContinuationError`)."""
    tokens = tokenize(latex)
    if "\\\\{" in latex or "\\\\}" in latex:
        tokens = _hexo_unescaped(tokens)
    defined, tokens = take_definitions(tokens) if spells_definer(latex) else ({}, tokens)
    if defined and not tokens:
        return Parsed((Text("macro definitions", pos=0, end=len(latex)),), pos=0, end=len(latex))
    if REFERENCE.match(latex):
        return Parsed((Text(latex.strip(), pos=0, end=len(latex)),), pos=0, end=len(latex))
    table = {**BUILTIN, **(macros or {}), **defined}
    tokens, unopened = _strip_noise(tokens if spells_none(latex, table) else expand(tokens, table))
    tokens = _unboxed(tokens)
    if tokens and unopened is None and all(tok.text in QUADS for tok in tokens):  # `$\qquad\quad$` lays out an algorithm's lines
        return Parsed((Text(latex.strip(), pos=0, end=len(latex)),), pos=0, end=len(latex))
    if tokens and tokens[0].text in LONE_OPERATORS and tokens[0].text != "\\nabla" and _is_mention(tokens):
        text = latex[tokens[0].pos:tokens[-1].end]
        return Parsed((Text(text, pos=tokens[0].pos, end=tokens[-1].end),), pos=tokens[0].pos, end=tokens[-1].end)
    if unopened is not None:  # a `}` with no `{` before it: the LaTeX is broken (a `{` never
        # closed is found where its group is read)
        raise ParseError("unbalanced braces: '}' without its '{'", unopened.pos + 1, broken=True)
    settings = {"t_transposes": t_transposes, "functions": functions, "primes_transpose": primes_transpose,
                "layered": layered, "own": own, "continued": continued}
    try:
        return _Parser.of(latex, tokens, settings).formula()
    except ParseError as error:
        bare = _without_trailing_condition(tokens, latex)
        if bare is tokens:
            bare = _mid_as_bars(tokens)
        if bare is not tokens:  # `… \,(l = 2, 3, ⋯)`: read without the condition it ends with
            try:
                return _Parser.of(latex, bare, settings).formula()
            except ParseError:
                pass
        raise _named_if_undefined(error, tokens) from None
    except RecursionError:  # a backstop: MAX_NESTING should stop any formula before this
        raise ParseError(f"formula nested too deeply (more than {MAX_NESTING} groups)", 1) from None


def _mid_as_bars(tokens: list[Token]) -> list[Token]:
    """The tokens with each `\\mid` a bar, for a formula that does not read with them as a
    condition's bar: `\\mid x \\mid` typed for |x| (a regression post's absolute value)."""
    if not any(tok.text == "\\mid" for tok in tokens):
        return tokens
    return [Token("char", "|", tok.pos, tok.end, tok.space) if tok.text == "\\mid" else tok for tok in tokens]


def _unboxed(tokens: list[Token]) -> list[Token]:
    """What a formula boxed whole, or an environment or a relation braced whole, holds (`\\boxed{u^Tv=1,
    \\quad B^{-1}=…}.`, `{\\textstyle \\begin{aligned} … \\end{aligned}}` once its style is dropped), read as a
    formula of its own: its statements side by side, which a box or a group around a part
    of a formula (one expression or one relation) cannot hold."""
    boxed = len(tokens) >= 3 and tokens[0].text == "\\boxed" and tokens[0].kind == "macro" and tokens[1].kind == "open"
    if not boxed and not (len(tokens) >= 3 and tokens[0].kind == "open"):
        return tokens
    opening = 1 if boxed else 0
    close = matching_close(tokens, opening)
    after = tokens[close + 1:]
    if any(t.text not in (".", ",", ";") for t in after):
        return tokens
    inner = tokens[opening + 1:close]
    if not boxed and inner[0].kind != "begin" and not _relates(inner):
        return tokens  # (a group around an expression stays: `{a \\over b}` is a fraction)
    return inner


def _relates(tokens: list[Token]) -> bool:
    """Whether a relation stands among `tokens` outside their groups (`{\\displaystyle h(x)=g(f(x))}`)."""
    depth = 0
    for tok in tokens:
        depth += (tok.kind == "open") - (tok.kind == "close")
        if depth == 0 and tok.kind in ("char", "macro") and tok.text in RELATIONS:
            return True
    return False


# the relations a condition states (`l = 2`, `1 \\le i`), in every spelling the parser reads
CONDITION_RELATIONS = frozenset(k for k, v in RELATIONS.items() if v in ("=", "<", ">", "\\le", "\\ge", "\\ne", "\\in"))
SET_APART = re.compile(r"\\[,;: ]|~|\\q?quad")  # what sets a trailing `(l = 2, 3, ⋯)` apart from the formula


def _without_trailing_condition(tokens: list[Token], latex: str) -> list[Token]:
    """The formula without the condition in parentheses it ends with, set apart by a
    space or a comma: `δ^l = ∂C/∂z^l \\,\\,(l = 2, 3, \\cdots)`, `…, (1 \\le i \\le L-1)` says
    where the claim holds; read as a factor, it stopped the formula at its `=`. Asked
    only of a formula that does not parse whole (`f(x) = x \\quad (x > 0)` reads as two
    statements, the condition kept)."""
    end = len(tokens)
    while end and tokens[end - 1].text in (".", ",", ";", "\\\\"):
        end -= 1
    if end < 3 or tokens[end - 1].text != ")":
        return tokens
    depth, relation, start = 0, False, None
    for k in range(end - 1, -1, -1):
        text = tokens[k].text
        depth += (text == ")") - (text == "(")
        if depth == 0:
            start = k
            break
        relation = relation or depth == 1 and text in CONDITION_RELATIONS
    if not start or not relation:
        return tokens
    before = tokens[start - 1]
    if before.text == ",":
        return tokens[:start - 1] + tokens[end:]
    if before.text in ("\\quad", "\\qquad") or SET_APART.search(latex, before.end, tokens[start].pos):
        return tokens[:start] + tokens[end:]
    return tokens


def _named_if_undefined(error: ParseError, tokens: list[Token]) -> ParseError:
    """An error at a macro notecheck does not know says which macro the formula needs."""
    for tok in tokens:
        if tok.kind == "macro" and tok.pos + 1 == error.col and tok.text not in KNOWN_MACROS:
            return ParseError(f"undefined macro {tok.text}: define it in the note or in "
                              "[tool.notecheck] macros", error.col)
    return error


def _is_mention(tokens: list[Token]) -> bool:
    """A formula that only names an operator (`$\\odot$ 表示...`, `$\\nabla_N$`): prose."""
    i = 1
    while i < len(tokens):
        if tokens[i].text not in ("_", "^") or i + 1 >= len(tokens):
            return False
        i = skip_argument(tokens, i + 1)
    return True


# `$$Eq. 6.1$$`, `$$\\eqref{x}$$`, `$(3.2.6)$`: a reference or an equation's number typeset as math, which is prose
REFERENCE = re.compile(r"\s*(((RNN|Eqs?|Eqns?|Equations?)\.?\s*(\\space\s*)?)+\d[\d.,\s]*(\\space\s*[\d.,\s]*)*"
                       r"|\\(eq)?ref\{[^{}]*\}|(\(\s*([A-Z]\.?)?\d+(\.\d+)*\s*\)\s*,?\s*)+)\s*$")  # `(C.2)`: Bishop's appendix


def _equation_number_end(tokens: list[Token], i: int) -> int:
    """Where `(6.2)`, `(3)`, `{(C.7)}` standing at `i` at the end of a row ends: an
    equation's number (0 when there is none)."""
    braced = i < len(tokens) and tokens[i].kind == "open"
    i += braced
    if i >= len(tokens) or tokens[i].text != "(":
        return 0
    k = i + 1 + (i + 1 < len(tokens) and tokens[i + 1].text.isupper() and len(tokens[i + 1].text) == 1)
    first = k
    while k < len(tokens) and (tokens[k].text.isdigit() or tokens[k].text == "."):
        k += 1
    if k == first or k >= len(tokens) or tokens[k].text != ")":
        return 0
    k += 1
    if braced:
        if k >= len(tokens) or tokens[k].kind != "close":
            return 0
        k += 1
    after = tokens[k] if k < len(tokens) else None
    return k if after is None or after.text in ("\\\\", "&", "}") or after.kind == "end" else 0


ROW_STARTS = ("&", "\\\\", "\\cr")
CONTINUED = ("+", "-", "\\pm", "\\mp", "\\cdot", "\\times")  # an operator a row may end with, its operand in the next
ROW_NUMBER_SPACES = ("\\ ", "\\quad", "\\qquad", "\\,", "\\;", "~")


def _row_number_end(tokens: list[Token], i: int) -> int:
    """Where `(2)` standing at `i`, first in a row and set off by a space (`&\\left( 2\\right)
    \\ (AB)^T = B^TA^T`), ends: a list's number, not a factor. 0 when it is not one."""
    k = i + 1
    while k < len(tokens) and tokens[k].text.isdigit():
        k += 1
    if k == i + 1:
        return 0
    if k < len(tokens) and tokens[k].text == "\\right":
        k += 1
    if k + 1 >= len(tokens) or tokens[k].text != ")" or tokens[k + 1].text not in ROW_NUMBER_SPACES:
        return 0
    return k + 1


def _ends_with_operator(row: list[Token]) -> bool:
    """Whether the tokens so far end with an operator after an operand (`a +`), not one
    alone in its cell (a sign chart's `+ & - \\\\`)."""
    return len(row) >= 2 and row[-1].text in CONTINUED and row[-1].kind in ("char", "macro") \
        and row[-2].kind not in ("open", "begin") and row[-2].text not in ROW_STARTS


def _hexo_unescaped(tokens: list[Token]) -> list[Token]:
    """The tokens with Markdown's doubled backslashes undone where the braces do not
    balance as written and do so undone: Hexo's renderer takes `\\\\` for `\\`, so its
    posts write `\\left\\\\{ a \\\\\\\\ b \\right.` for `\\left\\{ a \\\\ b \\right.` (MathJax sees the
    latter). A `\\\\` right before a brace is `\\{` or `\\}`, and two `\\\\` in a row one."""
    if _depth(tokens) == 0:
        return tokens
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        after = tokens[i + 1] if i + 1 < n else None
        if tok.text == "\\\\" and after is not None and after.pos == tok.end:
            if after.kind in ("open", "close"):
                out.append(Token("macro", "\\" + after.text, tok.pos, after.end, tok.space))
                i += 2
                continue
            if after.text == "\\\\":
                out.append(Token("macro", "\\\\", tok.pos, after.end, tok.space))
                i += 2
                continue
        out.append(tok)
        i += 1
    return out if _depth(out) == 0 else tokens


def _depth(tokens: list[Token]) -> int:
    """How many `{` are left open at the end (or, negative, `}` closed without one)."""
    return sum(1 if tok.kind == "open" else -1 if tok.kind == "close" else 0 for tok in tokens)


def _length_follows(tokens: list[Token], i: int) -> bool:
    """Whether `[5pt]`, `[-2mm]`, `[1ex]` (a row's extra space) starts at `i`."""
    if i >= len(tokens) or tokens[i].text != "[":
        return False
    inside = "".join(t.text for t in tokens[i + 1:i + 6])
    return re.match(r"-?[\d.]+(pt|mm|cm|em|ex|in|px|mu)\]", inside) is not None


# `\_` and `\*` in math are Markdown's escapes, written so that a Markdown processor that reads
# `_` and `*` as emphasis leaves them to MathJax: a subscript and a star
MARKDOWN_ESCAPES = {"\\_": "_", "\\*": "*"}
BRACE_NAMES = {"\\lbrace": "\\{", "\\rbrace": "\\}"}  # `1\lbrace y = j\rbrace` is `1\{y = j\}`
# bold that sets each letter of its group in bold and draws nothing over it (as `\\vec` does)
BOLD_FACES = frozenset(["\\boldsymbol", "\\bm", "\\pmb", "\\mathbf", "\\mathbfit", "\\bold"])
# the macros `_strip_noise` drops, changes, or drops with what follows them, in some place
MACROS_STRIPPED = NOISE_MACROS | NOISE_WITH_ARGUMENT | set(MARKDOWN_ESCAPES) | set(BRACE_NAMES) | BOLD_FACES | {
    "\\\\", "\\cr", "\\quad", "\\qquad", "\\text", "\\mbox", "\\not", "\\cdot", "\\sideset"}
NEGATED = {"=": "\\ne", "\\in": "\\notin"}  # `i \\not= j`, `x \\not\\in S`: the relation's own negation


def _spacing_group(tokens: list[Token], i: int, out: list[Token]) -> bool:
    """Whether the `{` at `i` opens an empty group that only spaces (`={}&` sets `=` as a
    relation in an aligned row): not an argument of the macro before it, nor the base of
    a script after it (`{}_{n}C_{k}`, `{}^T`)."""
    if i + 1 >= len(tokens) or tokens[i + 1].kind != "close":
        return False
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    return not (out and (out[-1].kind == "macro" or out[-1].text in ("^", "_", "}"))) and \
        not (after is not None and after.text in ("^", "_"))


def _decimal_comma(tokens: list[Token], i: int, out: list[Token]) -> bool:
    """Whether the `{` at `i` opens `{,}` between two digits."""
    return i + 3 < len(tokens) and tokens[i + 1].text == "," and tokens[i + 2].kind == "close" and \
        bool(out) and out[-1].text.isdigit() and tokens[i + 3].text.isdigit()


def _strip_noise(tokens: list[Token]) -> tuple[list[Token], Token | None]:
    """Drop what never changes the meaning: spacing, `\\left`/`\\right` sizing (with an
    invisible `.` delimiter), labels and tags with their argument, blank `\\text{ }`;
    spell `\\lbrace`/`\\rbrace` as the braces they are, and a bold sum as its bold terms.
    Also the first `}` kept with no `{` before it, if any (counted in the same pass)."""
    out: list[Token] = []
    depth, unopened = 0, None
    i, n = 0, len(tokens)
    cuts: dict[int, list[Token]] = {}  # signs that end a bold group's term (`_bold_cuts`)
    while i < n:
        tok = tokens[i]
        kind = tok.kind
        if cuts and i in cuts:
            out.extend(cuts.pop(i))
            i += 1
            continue
        if kind == "char":  # most tokens: only `~` (a space) is dropped, and a row's number
            if tok.text == "(" and (not out or out[-1].text in ROW_STARTS) and (after := _row_number_end(tokens, i)):
                i = after
                continue
            if tok.text != "~":
                out.append(tok)
            i += 1
            continue
        if kind == "open" and _decimal_comma(tokens, i, out):  # `2{,}5`: a decimal comma, as European notes write it
            out.append(Token("char", ".", tokens[i + 1].pos, tokens[i + 1].end, False))
            i += 3
            continue
        if kind == "open" and _spacing_group(tokens, i, out):  # `={}&`, `\\end{aligned} {}`: TeX's spacing, empty
            i += 2
            continue
        if kind == "open" or kind == "close":
            depth += 1 if kind == "open" else -1
            if depth < 0 and unopened is None:
                unopened = tok
            out.append(tok)
            i += 1
            continue
        if kind != "macro" or tok.text not in MACROS_STRIPPED:  # no rule below is about it
            out.append(tok)
            i += 1
            continue
        if tok.text == "\\not" and i + 1 < n and tokens[i + 1].text in NEGATED:
            out.append(Token("macro", NEGATED[tokens[i + 1].text], tok.pos, tokens[i + 1].end, tok.space))
            i += 2
            continue
        if tok.text in MARKDOWN_ESCAPES:  # `w\_{1,i}`, `x^\*`: escaped from Markdown's emphasis
            out.append(Token("char", MARKDOWN_ESCAPES[tok.text], tok.pos, tok.end, tok.space))
            i += 1
            continue
        if tok.text in BOLD_FACES:
            cuts.update(_bold_cuts(tokens, i))
            out.append(tok)
            i += 1
            continue
        if tok.text == "\\cdot" and i + 1 < n and tokens[i + 1].text == "*":  # MATLAB's `.*`: entry by entry
            out.append(Token("macro", "\\odot", tok.pos, tokens[i + 1].end, tok.space))
            i += 2
            continue
        if tok.text in BRACE_NAMES:
            out.append(Token("macro", BRACE_NAMES[tok.text], tok.pos, tok.end, tok.space))
            i += 1
            continue
        if tok.text in NOISE_MACROS:
            i += 1
            if tok.text in SIZED and i < n and tokens[i].text == ".":
                i += 1
            continue
        if tok.text in ("\\\\", "\\cr") and _ends_with_operator(out):
            i += 1  # `a + \\\\ b`: a line broken after an operator goes on in the next row
            if i < n and tokens[i].text == "&":
                i += 1
            continue
        if tok.text in ("\\\\", "\\cr") and _length_follows(tokens, i + 1):
            out.append(tok)
            i = next(k for k in range(i + 1, n) if tokens[k].text == "]") + 1  # `\\\\[5pt]`: spacing
            continue
        if tok.text in ("\\quad", "\\qquad") and (tagged := _equation_number_end(tokens, i + 1)):
            i = tagged  # `\\qquad (6.2)`, `\\qquad{(C.7)}`: a tag
            continue
        if tok.text == "\\sideset" and (scripts := _sideset_scripts(tokens, i)):  # `\\sideset{}{^n_{i=1}}\\sum`
            start, close = scripts
            if close + 1 < n:
                out.append(tokens[close + 1])
                out.extend(tokens[start:close])
            i = close + 2
            continue
        if tok.text in NOISE_WITH_ARGUMENT:
            starred = i + 1 < n and tokens[i + 1].text == "*"  # `\\tag*{$\\blacksquare$}`
            i = skip_argument(tokens, i + 2 if starred else i + 1)
            continue
        if tok.text in ("\\text", "\\mbox") and i + 1 < n and tokens[i + 1].kind == "open":
            close = matching_close(tokens, i + 1)
            if all(t.kind == "char" and t.text.isspace() for t in tokens[i + 2:close]):
                i = close + 1
                continue
        out.append(tok)
        i += 1
    return out, unopened


def _sideset_scripts(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """`\\sideset{}{^n_{i=1}}\\sum` (amsmath's scripts beside a big operator, as OCR writes
    them): where the second group's scripts start and its `}` stands, to be read after the
    operator as `\\sum^n_{i=1}`; None if it is not so written."""
    second = skip_argument(tokens, i + 1)
    if second >= len(tokens) or tokens[second].kind != "open":
        return None
    return second + 1, matching_close(tokens, second)


def _bold_cuts(tokens: list[Token], i: int) -> dict[int, list[Token]]:
    """`A\\boldsymbol{x+b}` is set as A𝐱+𝐛, so it is read so: a bold group holding a `+` or
    `-` outside any bracket is each of its terms in bold (`\\boldsymbol{x}+\\boldsymbol{b}`),
    not a bracketed sum that the factor before it multiplies; so is one holding a comma or
    a `\\mid` (`p(\\mathbf{y \\mid x})`, `\\mathbf{y, z}`: each letter bold, the bar between).
    For the bold macro at `i`: the tokens to put in place of each such sign (the group
    closed, the sign, bold opened again), by the sign's index; none for a group of one term."""
    if i + 1 >= len(tokens) or tokens[i + 1].kind != "open":
        return {}
    close = matching_close(tokens, i + 1)
    cuts, depth = {}, 0
    for k in range(i + 2, close):
        tok = tokens[k]
        if tok.kind == "open" or tok.text in ("(", "["):
            depth += 1
        elif tok.kind == "close" or tok.text in (")", "]"):
            depth -= 1
        elif depth == 0 and k > i + 2 and (tok.kind == "char" and tok.text in ("+", "-", ",") or
                                           tok.text in ("\\mid", "\\vert") and k < close - 1):
            before, after = tokens[k - 1].end, tokens[k + 1].pos
            cuts[k] = [Token("close", "}", before, before, False), tok, tokens[i],
                       Token("open", "{", after, after, False)]
    return cuts


class _Parser(Cursor, EnvironmentRules, OperatorRules, ScriptRules, AtomRules, FunctionRules, DerivativeRules,
              OpaqueRules):
    """One formula's recursive descent: the cursor and its context flags, with each
    construct's rules mixed in. `formula()` (in `environments`) is the entry."""

    @classmethod
    def of(cls, latex: str, tokens: list[Token], settings: dict) -> _Parser:
        """A parser of these tokens with the note's settings (`parse`'s flags) set."""
        parser = cls(latex, tokens)
        for name, value in settings.items():
            setattr(parser, name, value)
        return parser


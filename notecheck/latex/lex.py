"""Turn a formula's LaTeX into a flat list of math tokens with exact offsets.

The LaTeX-level rules are pylatexenc's `LatexWalker.get_token` (macros with their
post-space, braces, environments, comments, paragraph breaks), written out in one pass
(`scan`) and normalized into the small vocabulary the parser needs; it never recurses,
so 10,000 nested braces cost nothing here. The walker itself was an eighth of a whole
check's time (and, for the formulas with a `%` comment it was still kept for, 10 ms a
formula); a test holds `scan` to the walker's tokens on every formula of the seeds, the
corpus, our notes and random strings.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 20_000


class ParseError(ValueError):
    """A formula notecheck cannot read; `col` is 1-based in the formula's LaTeX.
    `broken` says the LaTeX itself is wrong (an unbalanced brace, a missing `\\end`),
    which the author can fix; otherwise it is valid LaTeX notecheck does not read yet."""

    def __init__(self, message: str, col: int = 1, broken: bool = False):
        super().__init__(message)
        self.message = message
        self.col = col
        self.broken = broken

    def __str__(self) -> str:
        return f"{self.message} (column {self.col})"


class ContinuationError(ParseError):
    """A formula that starts with a relation (`= \\sum_i x_i`): it goes on from the formula
    before it, and reads only with that formula's last side as its first
    (`notecheck.latex.continued`)."""


class Token:
    """One math token. `kind` is 'char' (one character), 'text' (a run of non-ASCII
    prose), 'macro' (`text` is the macro with its backslash: `\\frac`, `\\|`, `\\\\`),
    'open'/'close' (braces),
    'begin'/'end' (an environment, `text` its name). `[pos, end)` is its span and
    `space` says whether white space precedes it.

    A plain class with slots, not a record: a note's formulas make thousands of tokens
    and the parser reads their fields a hundred thousand times; slots are made and read
    fastest (a frozen record takes twice as long to make, a named tuple is slower to
    read). Nothing changes a token once made. Compared, hashed and shown as the frozen
    dataclass was."""

    __slots__ = ("kind", "text", "pos", "end", "space")

    def __init__(self, kind: str, text: str, pos: int, end: int, space: bool = False):
        self.kind = kind  # one assignment each: a tenth faster than unpacking a tuple of five
        self.text = text
        self.pos = pos
        self.end = end
        self.space = space

    def _values(self) -> tuple:
        return self.kind, self.text, self.pos, self.end, self.space

    def __eq__(self, other) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return (f"Token(kind={self.kind!r}, text={self.text!r}, pos={self.pos!r}, end={self.end!r}, "
                f"space={self.space!r})")


def tokenize(latex: str) -> list[Token]:
    """All tokens of `latex`, comments dropped."""
    if len(latex) > MAX_LENGTH:
        raise ParseError(f"formula too long ({len(latex)} characters)", 1)
    tokens = scan(latex)
    if "||" in latex:  # only two `|` of the formula side by side make two bar tokens to join
        tokens = _merge_pairs(tokens, "|", "|", "\\|")
    if "=>" in latex:
        tokens = _merge_pairs(tokens, "=", ">", "\\Rightarrow")
    if "\\lvert" in latex:
        tokens = _lone_lverts_as_bars(tokens)
    if "^(" in latex:
        tokens = _parenthesized_labels(tokens)
    return tokens if latex.isascii() else _merge_prose(tokens)  # prose is never ASCII


ENVIRONMENT_NAME = re.compile(r"\s*\{([\w* ._-]+)\}")  # as pylatexenc reads `\begin{...}`
COMMENT_END = re.compile(r"(\n|\r|\n\r)(\s*)")  # as pylatexenc ends a `%` comment


# what `str.isspace` says is white space (a test holds the two to the same characters)
WHITE_SPACE = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                        "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
NOT_ONE_CHARACTER = frozenset("\\{}%")  # the characters that start something else than a character token
ASCII_LETTERS = re.compile("[A-Za-z]*")  # the letters `str.isalpha` finds in an ASCII text, in one call


def scan(latex: str) -> list[Token]:
    """The tokens pylatexenc's walker finds (before prose is merged), in one pass.

    White space before a token sets its `space`, except that a paragraph break (two
    newlines in a row) starts the count again; a macro of letters swallows the white
    space after it (up to a paragraph break); `\\(`, `\\)`, `\\[`, `\\]` and a
    `\\begin` without `{name}` are characters, as the walker gives them. A comment (`%` to
    the end of its line) is dropped with its line break and the white space after it,
    unless a paragraph break follows it; the white space before it counts for nothing.

    The common tokens (a character, a brace, a macro) are made as `Token(...)` makes them
    without the call of its `__init__`, and a macro's letters are found by one regex
    match in an ASCII formula: a sixth of the time of a scan (100 notes make 116,000
    tokens)."""
    tokens: list[Token] = []
    n, pos = len(latex), 0
    append = tokens.append
    new, token_type = object.__new__, Token
    unicode_math = UNICODE_MATH if not latex.isascii() else ()
    ascii_letters = ASCII_LETTERS.match
    while pos < n:
        ch = latex[pos]
        space = False
        if ch in WHITE_SPACE:
            while pos < n and latex[pos] in WHITE_SPACE:
                if latex[pos] == "\n" and pos + 1 < n and latex[pos + 1] == "\n":
                    space, pos = False, pos + 2  # a paragraph break: a token of its own, dropped
                    continue
                space, pos = True, pos + 1
            if pos >= n:
                break
            ch = latex[pos]
        if ch not in NOT_ONE_CHARACTER:  # most tokens
            if ch in unicode_math:
                tokens.extend(_char_tokens(ch, pos, space))
                pos += 1
                continue
            token = new(token_type)  # `Token("char", ch, pos, pos + 1, space)`
            token.kind = "char"
            token.text = ch
            token.pos = pos
            pos += 1
            token.end = pos
            token.space = space
            append(token)
        elif ch == "\\":
            if pos + 1 >= n:
                break
            i = pos + 2
            if latex[pos + 1].isalpha():
                if unicode_math:  # a letter may be any Unicode letter
                    while i < n and latex[i].isalpha():
                        i += 1
                else:
                    i = ascii_letters(latex, i).end()
            name = latex[pos + 1:i]
            if name in ("(", ")", "[", "]"):
                append(Token("char", "\\", pos, pos + 1, space))
                append(Token("char", name, pos + 1, i, False))
                pos = i
                continue
            if name in ("begin", "end"):
                match = ENVIRONMENT_NAME.match(latex, i)
                if match is None:
                    for k in range(pos, i):
                        append(Token("char", latex[k], k, k + 1, space and k == pos))
                    pos = i
                    continue
                append(Token("begin" if name == "begin" else "end", match.group(1), pos, match.end(), space))
                pos = match.end()
                continue
            end = i
            if name.isalpha():
                while i < n and latex[i] in WHITE_SPACE:
                    if latex[i] == "\n" and i + 1 < n and latex[i + 1] == "\n":
                        break
                    i += 1
            token = new(token_type)
            token.kind = "macro"
            token.text = "\\" + name
            token.pos = pos
            token.end = end
            token.space = space
            append(token)
            pos = i
        elif ch == "{" or ch == "}":
            token = new(token_type)
            token.kind = "open" if ch == "{" else "close"
            token.text = ch
            token.pos = pos
            pos += 1
            token.end = pos
            token.space = space
            append(token)
        else:  # `%`
            line_end = COMMENT_END.search(latex, pos)
            if line_end is None:
                break
            pos = line_end.start() if line_end.group(2).startswith(("\n", "\r")) else line_end.end()
    return tokens


def _merge_pairs(tokens: list[Token], first: str, second: str, macro: str) -> list[Token]:
    """Two characters typed side by side for one symbol become its macro: `||x||` written
    with plain bars is the norm `\\|x\\|` (so `|x| |y|`, with a space, stays two bars), and
    `=>` typed for ⇒ is `\\Rightarrow` (`z = w a => \\frac{\\partial z}{\\partial w} = a`),
    which separates two statements."""
    out: list[Token] = []
    for tok in tokens:
        last = out[-1] if out else None
        if tok.text == second and tok.kind == "char" and last is not None and last.text == first \
                and last.kind == "char" and last.end == tok.pos:
            out[-1] = Token("macro", macro, last.pos, tok.end, last.space)
            continue
        out.append(tok)
    return out


def _lone_lverts_as_bars(tokens: list[Token]) -> list[Token]:
    """An `\\lvert` no `\\rvert` after it closes is the bar it draws, `|`: some authors
    write the bar of a conditional with it (`p(t \\lvert \\mathbf{x}, \\mathbf{w})`,
    a Bayesian-regression notebook's every likelihood), which then reads as `p(t | x, w)`."""
    opened: list[int] = []
    for k, tok in enumerate(tokens):
        if tok.kind == "macro" and tok.text == "\\lvert":
            opened.append(k)
        elif tok.kind == "macro" and tok.text == "\\rvert" and opened:
            opened.pop()
    if not opened:
        return tokens
    out = list(tokens)
    for k in opened:
        tok = tokens[k]
        out[k] = Token("char", "|", tok.pos, tok.end, tok.space)
    return out


LABEL_TOKENS = 4  # tokens at most between `^(` and its `)` that make a label: `w^(L)`, `a^(l-1)`, `x^(i)`


def _parenthesized_labels(tokens: list[Token]) -> list[Token]:
    """`w^(L)` typed for `w^{(L)}`: TeX raises only the `(`, but the author labels w with
    (L), as `w^{(L)}` would (a layer, a sample). A short parenthesis of letters, digits and
    signs right after `^` becomes the superscript's group."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        out.append(tok)
        k += 1
        if not (tok.kind == "char" and tok.text == "^" and k < len(tokens) and tokens[k].text == "("
                and tokens[k].kind == "char"):
            continue
        close = next((j for j in range(k + 1, min(k + 2 + LABEL_TOKENS, len(tokens)))
                      if tokens[j].kind == "char" and tokens[j].text == ")"), None)
        inside = tokens[k + 1:close] if close is not None else ()
        if not inside or not all(t.kind == "char" and (t.text.isalnum() or t.text in "+-") for t in inside):
            continue
        opening, closing = tokens[k], tokens[close]
        out += [Token("open", "{", opening.pos, opening.pos, opening.space), *tokens[k:close + 1],
                Token("close", "}", closing.end, closing.end, False)]
        k = close + 1
    return out


def _char_tokens(ch: str, pos: int, space: bool) -> list[Token]:
    """A character as tokens: Unicode math (`×`, `σ`, `²`) becomes the LaTeX it means."""
    if ch.isspace():
        return []
    spelled = UNICODE_MATH.get(ch)
    if spelled is None:
        return [Token("char", ch, pos, pos + 1, space)]
    if spelled.endswith("}"):  # `ŷ`: `\\hat{y}`, each token at the character's place
        accent, letter = spelled[:-3], spelled[-2]
        return [Token("macro", accent, pos, pos + 1, space), Token("open", "{", pos, pos, False),
                Token("char", letter, pos, pos + 1, False), Token("close", "}", pos + 1, pos + 1, False)]
    if spelled.startswith("\\"):
        return [Token("macro", spelled, pos, pos + 1, space)]
    return [Token("char", c, pos, pos + 1, space and k == 0) for k, c in enumerate(spelled)]


def _merge_prose(tokens: list[Token]) -> list[Token]:
    """Join runs of non-ASCII characters (Chinese prose, full-width punctuation) into
    single 'text' tokens; Greek and math symbols typed as Unicode stay characters."""
    out: list[Token] = []
    for tok in tokens:
        if tok.kind == "char" and _is_prose(tok.text):
            last = out[-1] if out else None
            if last is not None and last.kind == "text" and last.end == tok.pos:
                out[-1] = Token("text", last.text + tok.text, last.pos, tok.end, last.space)
                continue
            out.append(Token("text", tok.text, tok.pos, tok.end, tok.space))
        else:
            out.append(tok)
    return out


UNICODE_MATH = {
    "×": "\\times", "·": "\\cdot", "⊙": "\\odot", "∘": "\\circ", "⊗": "\\otimes",
    "≈": "\\approx", "≤": "\\le", "≥": "\\ge", "≠": "\\ne", "∈": "\\in", "∑": "\\sum",
    "∂": "\\partial", "∇": "\\nabla", "σ": "\\sigma", "α": "\\alpha", "β": "\\beta",
    "λ": "\\lambda", "μ": "\\mu", "Σ": "\\Sigma", "θ": "\\theta", "⇒": "\\Rightarrow",
    "→": "\\to", "−": "-", "²": "^2", "ᵀ": "^T", "\u3000": "\\quad",
    # the zero-width characters a copy from the web carries: spacing, as MathJax shows them
    "\u200b": "\\,", "\u200c": "\\,", "\u200d": "\\,", "\u2060": "\\,", "\ufeff": "\\,",
    "ℎ": "h",  # the italic h of Unicode's mathematical letters, which stands outside their block
    "…": "\\ldots", "⋯": "\\cdots", "⋮": "\\vdots", "⁝": "\\vdots", "⋱": "\\ddots",  # a matrix's elisions typed
}
# Unicode's mathematical italic letters (`𝑋𝑊` copied from a word processor) are the letters
UNICODE_MATH.update({chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0x1D434, 0x1D468)
                     if unicodedata.name(chr(code), "")})
# a letter typed with its accent as one character (`ŷ_i`, a prediction): the accent over it. Only
# letters no language's words put in a formula (`ã`, `ê`, `ö` stay prose: `\\text{função}`)
UNICODE_MATH.update({"ŷ": "\\hat{y}", "Ŷ": "\\hat{Y}", "ȳ": "\\bar{y}", "Ȳ": "\\bar{Y}", "ŵ": "\\hat{w}"})


def _is_prose(ch: str) -> bool:
    return ord(ch) > 127 and ch not in UNICODE_MATH

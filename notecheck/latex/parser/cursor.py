"""The parser's cursor over one formula's tokens: peeking, taking, brace groups, parsing
a token range on its own, and the nesting guard. Every construct module builds on it."""

from __future__ import annotations

from notecheck.latex.lex import ParseError, Token
from notecheck.latex.parser.vocabulary import FONT_MACROS, FRACS, MAX_NESTING


def matching_close(tokens: list[Token], open_index: int) -> int:
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
    raise ParseError("unbalanced braces: '{' is never closed", tokens[open_index].pos + 1, broken=True)


def matching_bracket(tokens: list[Token], open_index: int, limit: int) -> int | None:
    """Index of the `)` or `]` closing the bracket at `open_index` before `limit`, or None."""
    opening = tokens[open_index].text
    closing = ")" if opening == "(" else "]"
    depth = 0
    for k in range(open_index, limit):
        tok = tokens[k]
        if tok.kind == "char":
            depth += (tok.text == opening) - (tok.text == closing)
            if depth == 0:
                return k
    return None


def skip_argument(tokens: list[Token], i: int) -> int:
    """Index after the argument starting at `i` (a brace group or one token)."""
    if i < len(tokens) and tokens[i].kind == "open":
        return matching_close(tokens, i) + 1
    return i + 1


QUADS = ("\\quad", "\\qquad")  # only space inside a group
WRITTEN = ("char", "macro")  # the kinds `at` matches: not a brace, an environment or prose


def is_letter(tok: Token | None) -> bool:
    return tok is not None and tok.kind == "char" and tok.text.isascii() and tok.text.isalpha()


def is_digit(tok: Token | None) -> bool:
    return tok is not None and tok.kind == "char" and tok.text.isdigit()


class Cursor:
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
        self.conditioned = False  # the last argument list had a `|`: `p(y|x)`
        self.event = False  # the last argument list held an event: `P(Y=1)`
        self.t_transposes = False  # the note writes `K^t` for the transpose
        self.primes_transpose = False  # the note writes `X'` for the transpose
        self.functions: frozenset[str] = frozenset()  # letters the note defines as functions: `\Omega(\theta) = ...`
        self.layered: frozenset[str] = frozenset()  # letters the note gives layer superscripts: `z^l`, `a^{l-1}`
        self.own: frozenset[str] = frozenset()  # letters the note binds itself: `O = PV`, a non-square `I_y`
        self.continued = None  # the last side of the formula this one goes on from (`= …`), if given

    # ------------------------------------------------------------ cursor

    def peek(self, k: int = 0) -> Token | None:
        """The token `k` ahead; inside a group `\\quad` is only space and is skipped.
        (Asked 200,000 times per 100 notes: the token is looked at first, the quads only
        when it is one.)"""
        i = self.i + k
        if i >= self.limit:
            return None
        tok = self.tokens[i]
        if not k and tok.text in QUADS and self.depth > 0:
            return self.past_quads()
        return tok

    def past_quads(self) -> Token | None:
        """The cursor moved past the `\\quad`s at it; the token after them."""
        i, limit, tokens = self.i, self.limit, self.tokens
        while i < limit and tokens[i].text in QUADS:
            i += 1
        self.i = i
        return tokens[i] if i < limit else None

    def at(self, *texts: str) -> bool:
        # `peek()` written out: every precedence level asks this of every operand
        i, limit, tokens = self.i, self.limit, self.tokens
        if self.depth > 0:
            while i < limit and tokens[i].text in QUADS:
                i += 1
            self.i = i
        if i >= limit:
            return False
        tok = tokens[i]
        return tok.text in texts and tok.kind in WRITTEN

    def take(self) -> Token:
        i, limit, tokens = self.i, self.limit, self.tokens
        if self.depth > 0:
            while i < limit and tokens[i].text in QUADS:
                i += 1
        if i >= limit:
            self.i = i
            raise self.error("unexpected end of formula")
        self.i = i + 1
        return tokens[i]

    def expect(self, *texts: str) -> Token:
        tok = self.peek()
        if tok is None or tok.text not in texts or tok.kind not in ("char", "macro", "close"):
            found = "the end of the formula" if tok is None else f"'{tok.text}'"
            raise self.error(f"expected {' or '.join(sorted(texts))}, found {found}", tok)
        self.i += 1
        return tok

    def error(self, message: str, tok: Token | None = None, broken: bool = False) -> ParseError:
        if tok is None:
            tok = self.peek()
        col = tok.pos + 1 if tok is not None else len(self.latex) + 1
        return ParseError(message, col, broken)

    def last_end(self) -> int:
        return self.tokens[self.i - 1].end

    def nested(self) -> "Nesting":
        return Nesting(self)

    def group_range(self) -> tuple[int, int]:
        """Consume a brace group or a single token (a macro's argument); return the
        token index range of its content."""
        tok = self.peek()
        if tok is None:
            raise self.error("missing argument")
        if tok.kind == "open":
            close = matching_close(self.tokens, self.i)
            if close >= self.limit:
                raise self.error("unbalanced braces", tok, broken=True)
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
        try:
            # `with self.nested():` written out (every group of every formula comes here):
            # past the limit the depth stays raised, as when `Nesting.__enter__` raises
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise self.error(f"nested deeper than {MAX_NESTING} groups")
            try:
                node = parse_fn()
                if self.i < self.limit:
                    raise self.error(f"unexpected '{self.tokens[self.i].text}' in {what}", self.tokens[self.i])
            finally:
                self.depth -= 1
        finally:  # a caller that recovers from the error goes on from where it was
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
            if tok.kind == "macro" and tok.text[1:].isalpha() and is_letter(nxt):
                out.append(" ")
        return "".join(out)


class Nesting:
    """Counts group nesting so a pathological formula fails cleanly, not with a
    RecursionError deep in the stack."""

    def __init__(self, parser: Cursor):
        self.parser = parser

    def __enter__(self):
        self.parser.depth += 1
        if self.parser.depth > MAX_NESTING:
            raise self.parser.error(f"nested deeper than {MAX_NESTING} groups")

    def __exit__(self, *exc):
        self.parser.depth -= 1
        return False


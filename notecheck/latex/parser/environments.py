"""Statements and environments: a formula's statements joined by `,` `;` `\\quad`
`\\Rightarrow` and rows of aligned blocks, relation chains (a row that starts with a
relation continues the chain before it), prose between them, and matrix environments."""

from __future__ import annotations

from notecheck.latex.expr import Chain, Expr, Matrix, Mul, Parsed, Power, Space, Symbol, Text
from notecheck.latex.lex import ParseError, Token
from notecheck.latex.parser.vocabulary import (
    FUNCTIONS, JOIN_STRENGTH, PROSE_PUNCTUATION, RELATIONS, ROW_ENVIRONMENTS, STATEMENT_JOINS,
)


class EnvironmentRules:
    """The parser's rules for statements, relation chains and environments (a mixin of
    `_Parser`: it reads through the `Cursor` methods and calls the other rules)."""

    def formula(self) -> Parsed:
        statements: list[Expr] = []
        joins: list[str] = []
        join: str | None = None
        while True:
            tok = self.peek()
            if tok is None:
                break
            sep = self.separator(tok)
            if sep is not None:
                self.i += 1
                if sep and (join is None or JOIN_STRENGTH[sep] > JOIN_STRENGTH[join]):
                    join = sep
                continue
            if statements and join in (None, "row") and not isinstance(statements[-1], Text) and self.relation() is not None:
                statements[-1] = self.chain(statements[-1])
                join = None
                continue
            if tok.kind == "text" or (tok.kind == "macro" and tok.text in ("\\text", "\\mbox", "\\textbf", "\\textit") and self.prose_at()):
                node = self.text()
                join_here = "text"
            else:
                first = self.additive()
                if first is None and not statements and self.relation() is not None:
                    raise self.error(f"starts with '{tok.text}': it continues a formula before it", tok)
                if first is None:
                    raise self.error(f"unexpected '{tok.text}'", tok)
                node = self.chain(first)
                join_here = None
            if statements:
                if join is None and join_here is None and not isinstance(statements[-1], Text):
                    raise self.error(f"unexpected '{tok.text}'", tok)
                joins.append(join or join_here or "text")
            statements.append(node)
            join = None
        if not statements:
            raise ParseError("empty formula", 1)
        start = statements[0].pos
        return Parsed(tuple(statements), tuple(joins), pos=start, end=statements[-1].end)

    def separator(self, tok: Token) -> str | None:
        """The join a token makes between statements, '' for a token to skip (`&`, a
        final `.`, environment markers), None when it starts a statement."""
        if tok.kind in ("char", "macro") and tok.text in STATEMENT_JOINS:
            return STATEMENT_JOINS[tok.text]
        if tok.kind == "char" and tok.text in "&.":
            return ""
        if tok.kind in ("begin", "end") and tok.text in ROW_ENVIRONMENTS:
            return ""
        if tok.kind == "text" and all(c in PROSE_PUNCTUATION for c in tok.text):
            return PROSE_PUNCTUATION[tok.text[0]]
        if tok.kind == "macro" and tok.text in ("\\quad", "\\qquad"):
            return "\\quad"
        return None

    def chain(self, first: Expr) -> Expr:
        items, rels = [first], []
        while True:
            self.skip_ampersands()
            rel = self.relation()
            if rel is None:
                break
            name, count = rel
            rel_tok = self.peek()
            self.i += count
            self.skip_ampersands()
            item = self.additive()
            if item is None:
                raise self.error(f"expected an expression after '{name}'", self.peek() or rel_tok)
            if name == "\\in":
                item = _as_space(item)
            items.append(item)
            rels.append(name)
        if isinstance(first, Chain):
            items = list(first.items) + items[1:]
            rels = list(first.rels) + rels
        if len(items) == 1:
            return first
        return Chain(tuple(items), tuple(rels), pos=items[0].pos, end=items[-1].end)

    def skip_ampersands(self) -> None:
        while self.at("&"):
            self.i += 1

    def relation(self) -> tuple[str, int] | None:
        """The relation at the cursor and how many tokens spell it."""
        tok = self.peek()
        if tok is None or tok.kind not in ("char", "macro"):
            return None
        if tok.text == "=" and tok.kind == "char" and self.peek(1) is not None and self.peek(1).text == ":" \
                and not self.peek(1).space:
            return "=:", 2  # `x =: a^0`: a^0 is defined as x
        if tok.text in (":", "<", ">") and tok.kind == "char":
            nxt = self.peek(1)
            if nxt is not None and nxt.text == "=" and not nxt.space:
                return {":": ":=", "<": "\\le", ">": "\\ge"}[tok.text], 2
            if tok.text == ":":
                return ":", 1
        if tok.text in ("\\stackrel", "\\overset") and self.peek(1) is not None:
            return self.stacked_relation()
        if tok.text in ("<", ">") and self.closing_angle:
            return None
        if tok.text in RELATIONS:
            return RELATIONS[tok.text], 1
        return None

    def stacked_relation(self) -> tuple[str, int] | None:
        """`\\stackrel{def}{=}`, `\\overset{\\triangle}{=}`: a definition."""
        saved = self.i
        self.i += 1
        self.group_range()
        start, stop = self.group_range()
        count = self.i - saved
        self.i = saved
        if stop - start == 1 and self.tokens[start].text == "=":
            return ":=", count
        return None

    def prose_at(self) -> bool:
        """Whether the `\\text{...}` at the cursor is prose rather than an operator name."""
        word = self.word_argument(self.i + 1)
        return word is None or (word[0] not in FUNCTIONS and word[0] != "d")

    def text(self) -> Text:
        tok = self.take()
        if tok.kind == "text":
            return Text(tok.text, pos=tok.pos, end=tok.end)
        start, stop = self.group_range()
        inner = self.latex[self.tokens[start].pos:self.tokens[stop - 1].end] if stop > start else ""
        return Text(inner.strip(), pos=tok.pos, end=self.last_end())

    def matrix(self, tok: Token) -> Matrix:
        self.take()
        if tok.text == "array" and self.peek() is not None and self.peek().kind == "open":
            self.group_range()
        rows: list[tuple[Expr, ...]] = []
        row: list[Expr] = []
        with self.nested():
            saved = (self.closing_bars, self.closing_norm, self.closing_angle)
            self.closing_bars = self.closing_norm = self.closing_angle = False
            while True:
                nxt = self.peek()
                if nxt is None:
                    raise self.error(f"\\begin{{{tok.text}}} is never ended", tok, broken=True)
                if nxt.kind == "end":
                    break
                cell = self.additive()
                if cell is None:
                    raise self.error("expected a matrix entry")
                row.append(cell)
                if self.at("&"):
                    self.take()
                    continue
                if self.at("\\\\", "\\cr"):
                    while self.at("\\\\", "\\cr"):  # `\\\\\\\\` double-escaped, or an empty row
                        self.take()
                    rows.append(tuple(row))
                    row = []
                    continue
                nxt = self.peek()
                if nxt is None or nxt.kind != "end":
                    raise self.error("expected &, \\\\ or the end of the matrix", nxt)
            self.closing_bars, self.closing_norm, self.closing_angle = saved
        end = self.take()
        if end.text != tok.text:
            raise self.error(f"\\begin{{{tok.text}}} ended by \\end{{{end.text}}}", end, broken=True)
        if row:
            rows.append(tuple(row))
        if not rows:
            raise self.error("empty matrix", tok)
        return Matrix(tuple(rows), delim=tok.text, pos=tok.pos, end=end.end)


def _as_space(item: Expr) -> Expr:
    """`R^n`, `R^{m\\times n}` written without `\\mathbb` on the right of `\\in`."""
    if isinstance(item, Power) and isinstance(item.base, Symbol) and item.base.name == "R" and item.base.sub is None:
        exp = item.exp
        if isinstance(exp, Mul) and len(exp.factors) == 2:
            return Space("R", exp.factors[0], exp.factors[1], pos=item.pos, end=item.end)
        return Space("R", exp, None, pos=item.pos, end=item.end)
    if isinstance(item, Symbol) and item.name == "R" and item.sub is None and item.font == "":
        return Space("R", pos=item.pos, end=item.end)
    return item

"""Statements and environments: a formula's statements joined by `,` `;` `\\quad`
`\\Rightarrow` and rows of aligned blocks, relation chains (a row that starts with a
relation continues the chain before it), prose between them, and matrix environments."""

from __future__ import annotations

from notecheck.latex.expr import FRAGMENT, Bars, Chain, Dots, Expr, Matrix, Mul, Opaque, Parsed, Power, Space, Symbol, Text
from notecheck.latex.lex import ContinuationError, ParseError, Token
from notecheck.latex.parser.cursor import QUADS, matching_close
from notecheck.latex.parser.vocabulary import (
    FUNCTIONS, JOIN_STRENGTH, PROSE_PUNCTUATION, RELATIONS, ROW_ENVIRONMENTS, STATEMENT_JOINS,
)


ROW_BREAKS = ("\\\\", "\\cr", "\\newline")  # what ends a matrix's row (kramdown notes write `\\newline`)


class EnvironmentRules:
    """The parser's rules for statements, relation chains and environments (a mixin of
    `_Parser`: it reads through the `Cursor` methods and calls the other rules)."""

    def formula(self) -> Parsed:
        statements: list[Expr] = []
        joins: list[str] = []
        join: str | None = None
        self.open_rows: list[str] = []  # equation arrays open, whose `\\end{array}` is a row end
        while True:
            tok = self.peek()
            if tok is None:
                break
            if self.row_environment(tok):
                continue
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
            if statements and self.tokens[self.i - 1].text == "&" and self.row_annotation_at():
                self.text()  # `a &= b & & \\text{(by (3))}`: the row's annotation
                continue
            if tok.kind == "text" or (tok.kind == "macro" and tok.text in ("\\text", "\\mbox", "\\textbf", "\\textit") and self.prose_at()):
                node = self.text()
                join_here = "text"
            else:
                first = self.additive()
                if first is None and not statements and self.relation() is not None:
                    node = self.fragment(tok)
                else:
                    if first is None:
                        raise self.error(f"unexpected '{tok.text}'", tok, broken=tok.kind == "close")
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

    def row_environment(self, tok: Token) -> bool:
        """Step over `\\begin`/`\\end` of an aligned block (and of an `array` written as
        one: `a &=& b`). True if it did. A block whose `\\end` is missing (a damaged
        export) still reads: the rows mean what they say."""
        if tok.kind == "begin" and (tok.text in ROW_ENVIRONMENTS or (tok.text == "array" and self.equation_array())):
            self.take()
            if tok.text == "array" and self.peek() is not None and self.peek().kind == "open":
                self.group_range()
            self.open_rows.append(tok.text)
            return True
        if tok.kind == "end" and (tok.text in ROW_ENVIRONMENTS or (tok.text == "array" and "array" in self.open_rows)):
            if tok.text in self.open_rows:
                self.open_rows.remove(tok.text)
            self.take()
            return True
        return False

    def equation_array(self) -> bool:
        """Whether the `\\begin{array}` at the cursor holds equations, not a matrix: rows
        `a &=& b`, or rows of one column that hold relations (`\\begin{array}{l} A = A_0 + E
        \\\\ (A + ΔA)x = b \\end{array}`, a list of equations)."""
        depth, cells, related = 0, False, False
        for k in range(self.i, self.limit):
            tok = self.tokens[k]
            if tok.kind in ("begin", "end") and tok.text == "array":
                depth += 1 if tok.kind == "begin" else -1
                if depth == 0:
                    return related and not cells
            if depth == 1 and tok.text == "&":
                if k + 2 < self.limit and self.tokens[k + 1].text in RELATIONS and self.tokens[k + 2].text == "&":
                    return True
                cells = True
            related = related or depth == 1 and tok.text in RELATIONS
        return False

    def row_annotation_at(self) -> bool:
        """Prose after `&` that ends its row: `& \\text{(by (3))} \\\\`."""
        tok = self.peek()
        if tok is None or not (tok.kind == "text" or (tok.text in ("\\text", "\\mbox") and self.prose_at())):
            return False
        after = self.i + 1 if tok.kind == "text" else matching_close(self.tokens, self.i + 1) + 1
        nxt = self.tokens[after] if after < self.limit else None
        return nxt is None or nxt.text in ("\\\\", "\\cr") or nxt.kind == "end"

    def fragment(self, tok: Token) -> Expr:
        """`\\in \\mathbb{R}^n` alone (a table cell): a relation with its left side elsewhere.
        A formula that starts with `=` continues a chain: from the side it was given
        (`continued`), else it says so."""
        name, count = self.relation()
        if name in ("=", ":=", "\\approx", "\\le", "\\ge", "<", ">", "\\ne"):
            if self.continued is None:
                raise ContinuationError(f"starts with '{tok.text}': it continues a formula before it", tok.pos + 1)
            node = self.chain(self.continued)  # its first side is the formula before it's last; a relation follows
            return Chain(node.items, node.rels, pos=tok.pos, end=node.end)
        self.i += count
        item = self.additive()
        if item is None:
            raise self.error(f"expected an expression after '{name}'", self.peek() or tok)
        return Opaque(FRAGMENT, self.latex[tok.pos:item.end], pos=tok.pos, end=item.end)

    def separator(self, tok: Token) -> str | None:
        """The join a token makes between statements, '' for a token to skip (`&`, a
        final `.`, environment markers), None when it starts a statement."""
        if tok.kind in ("char", "macro") and tok.text in STATEMENT_JOINS:
            return STATEMENT_JOINS[tok.text]
        if tok.kind == "char" and tok.text in "&.":
            return ""
        if tok.kind == "text" and all(c in PROSE_PUNCTUATION for c in tok.text):
            return PROSE_PUNCTUATION[tok.text[0]]
        if tok.kind == "macro" and tok.text in ("\\quad", "\\qquad"):
            return "\\quad"
        return None

    def chain(self, first: Expr) -> Expr:
        if self.at("\\mid"):
            first = self.conditional_side(first)
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
            if self.at("\\\\") and self.i + 1 < self.limit and name != "\\to":  # `f - g =\\ &-(1-\alpha) h`: its side below
                self.i += 1
                self.skip_ampersands()
            while self.annotation_at():
                self.text()  # `\\to \\text{each element is} \\sum ...`: words between, an annotation
            item = self.additive()
            if item is None and name == "\\to" and self.at("\\\\"):
                break  # `& \rightarrow \\` alone on its row: an arrow between two rows, "so"
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

    def conditional_side(self, first: Expr) -> Expr:
        """`y \\mid x;\\theta \\sim \\operatorname{Bernoulli}(\\phi)`: a conditional distribution's
        side, up to its relation, kept whole (a condition, not a product nor a bar)."""
        while self.peek() is not None and self.relation() is None and not self.at("&", "\\\\"):
            if self.at("{"):
                self.group_range()
            else:
                self.take()
        return Opaque("a conditional (y | x)", self.latex[first.pos:self.last_end()], pos=first.pos, end=self.last_end())

    def skip_ampersands(self) -> None:
        """Step over the `&` of an aligned row, and the wide space around a relation (`u(x)
        \\quad=\\quad x^2`), which between two statements would separate them."""
        while self.at("&") or self.i < self.limit and self.tokens[self.i].text in QUADS and self.relation_near():
            self.i += 1

    def relation_near(self) -> bool:
        """Whether the wide space at the cursor touches a relation: one follows it, or one comes right before it."""
        k = self.i
        while k < self.limit and self.tokens[k].text in QUADS:
            k += 1
        after = k < self.limit and self.tokens[k].text in RELATIONS
        return after or self.i > 0 and self.tokens[self.i - 1].text in RELATIONS

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

    def annotation_at(self) -> bool:
        """Whether a `\\text{...}` of several words (a sentence, not a name) is at the cursor."""
        if not self.at("\\text", "\\mbox") or self.i + 1 >= self.limit or self.tokens[self.i + 1].kind != "open":
            return False
        close = matching_close(self.tokens, self.i + 1)
        words = self.latex[self.tokens[self.i + 1].end:self.tokens[close].pos].split()
        return len(words) > 1 and self.prose_at()

    def prose_at(self) -> bool:
        """Whether the `\\text{...}` at the cursor is prose rather than an operator name."""
        word = self.word_argument(self.i + 1)
        if word is not None and (len(word[0]) == 1 or self.applied_word(self.i + 1, word[1]) or self.named(word[1])):
            return False  # `\\text{D}`: a symbol; `\\text{Cov}(X)`: a function the note names
        return word is None or (word[0] not in FUNCTIONS and word[0] != "d")

    def named(self, after: int) -> bool:
        """Whether `=` or a subscript follows the word's group: `\\text{Odds} = …`,
        `\\text{net}_t` name a quantity, as `\\mathrm{Odds}` does."""
        nxt = self.tokens[after] if after < self.limit else None
        return nxt is not None and nxt.text in ("=", "_") and nxt.kind == "char"

    def applied_word(self, start: int, after: int) -> bool:
        """Whether the group `[start, after)` is one word and `(` follows it directly."""
        inner = self.tokens[start + 1:after - 1]
        nxt = self.tokens[after] if after < self.limit else None
        return bool(inner) and not any(t.space for t in inner[1:]) and nxt is not None \
            and nxt.text == "(" and nxt.kind == "char" and not nxt.space

    def ruled_columns(self) -> int | None:
        """The index of the matrix's `\\end` when a row of it is bars and blanks only (columns
        drawn as vertical rules), else None. Nothing is taken."""
        depth, cells, ruled = 0, [[]], False
        for k in range(self.i, self.limit):
            tok = self.tokens[k]
            if tok.kind in ("begin", "end"):
                if tok.kind == "end" and depth == 0:
                    return k if ruled or _ruled_row(cells) else None
                depth += 1 if tok.kind == "begin" else -1
            elif depth == 0 and tok.text == "&":
                cells.append([])
            elif depth == 0 and tok.text in ROW_BREAKS:
                ruled = ruled or _ruled_row(cells)
                cells = [[]]
            else:
                cells[-1].append(tok.text)
        return None

    def text(self) -> Text:
        tok = self.take()
        if tok.kind == "text":
            return Text(tok.text, pos=tok.pos, end=tok.end)
        start, stop = self.group_range()
        inner = self.latex[self.tokens[start].pos:self.tokens[stop - 1].end] if stop > start else ""
        return Text(inner.strip(), pos=tok.pos, end=self.last_end())

    def matrix(self, tok: Token) -> Matrix | Opaque:
        self.take()
        if tok.text == "array" and self.peek() is not None and self.peek().kind == "open":
            self.group_range()
        ruled = self.ruled_columns()
        if ruled is not None:  # `\begin{bmatrix} | & & | \\ x^1 & \cdots & x^m \\ | & & | \end{bmatrix}`
            self.i = ruled + 1
            end = self.tokens[ruled].end
            return Opaque("a matrix drawn by its columns (rules of bars)", self.latex[tok.pos:end], pos=tok.pos, end=end)
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
                if cell is None and (self.at("&") or row and (self.at(*ROW_BREAKS) or self.peek().kind == "end")):
                    cell = Dots("blank", pos=nxt.pos, end=nxt.pos)  # `\\vdots & & \\vdots`, `& \\ddots & \\\\`: left blank
                if cell is None:
                    raise self.error("expected a matrix entry")
                row.append(cell)
                if self.at("&"):
                    self.take()
                    continue
                if self.at(*ROW_BREAKS):
                    while self.at(*ROW_BREAKS):  # `\\\\\\\\` double-escaped, or an empty row
                        self.take()
                    rows.append(tuple(row))
                    row = []
                    continue
                nxt = self.peek()
                if nxt is None:
                    raise self.error(f"\\begin{{{tok.text}}} is never ended", tok, broken=True)
                if nxt.kind != "end":
                    raise self.error("expected &, \\\\ or the end of the matrix", nxt)
            self.closing_bars, self.closing_norm, self.closing_angle = saved
        end = self.take()
        if end.text != tok.text:
            raise self.error(f"\\begin{{{tok.text}}} ended by \\end{{{end.text}}}", end, broken=True)
        if row:
            rows.append(tuple(row))
        if not rows:
            raise self.error("empty matrix", tok)
        matrix = Matrix(tuple(rows), delim=tok.text, pos=tok.pos, end=end.end)
        if tok.text == "vmatrix" and all(len(r) == len(rows) for r in rows):
            return Bars(matrix, pos=tok.pos, end=end.end)  # `\begin{vmatrix} a & b \\ c & d \end{vmatrix}` is ad - bc
        # a vmatrix of 3 rows of 2 is no determinant: the matrix, written between bars
        return matrix


def _ruled_row(cells: list[list[str]]) -> bool:
    """A row of bars and blanks only (`| & & |`, `\\mid & \\mid`): the rule drawn along the matrix's columns."""
    return any(cell in RULES for cell in cells) and all(cell == [] or cell in RULES for cell in cells)


RULES = (["|"], ["\\vert"], ["\\mid"])  # a cell that only draws a column's rule


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

"""latex2mathml's element tree for the common formulas, built without latex2mathml's
general machinery.

Typesetting was a sixth of a cold `notecheck build`, nearly all of it inside
latex2mathml: its tokenizer filters twenty regular-expression groups per token, its
walker and converter try dozens of commands per node. Most formulas of math notes use a
few constructs (letters, numbers, operators, scripts and primes, `\\frac`, `\\left(
\\right)`, `\\mathbf` and its kin, accents, `\\sqrt`, `\\text`, symbol commands,
matrices and `aligned`) and this module builds, for exactly those, the same `Element`
tree `convert_to_element` builds: the same regular expression cuts the tokens, and each
step below is latex2mathml 3.81's for that construct, in its order. Anything else (a
macro definition, `\\color`, `\\sqrt[3]`, a misplaced brace or script, a comment) is
declined with `None` and goes to latex2mathml as before, as does every formula when
another version of latex2mathml is installed: 96% of the formulas of the bench take
this way, and typesetting them costs half what it did. `tests/test_mathml_fast.py` holds the two
to the same serialized tree on every formula of our notes and the acceptance fixtures,
and on generated ones.
"""

from __future__ import annotations

from typing import Iterator, Optional
from xml.etree.ElementTree import Element, SubElement

import latex2mathml
from latex2mathml import commands as c
from latex2mathml.converter import MOVABLE_LIMIT_TEXTS, NUMBER_PATTERN, OPERATORS
from latex2mathml.symbols_parser import convert_symbol
from latex2mathml.tokenizer import PATTERN, UNITS
from latex2mathml.walker import Node

__all__ = ["fast_element", "VERIFIED_VERSION"]

# the version whose walker and converter the steps below copy
VERIFIED_VERSION = "3.81.1"
XMLNS = "http://www.w3.org/1998/Math/MathML"


class Unsupported(Exception):
    """The formula uses something this module does not build: latex2mathml must."""


ONE_PARAMETER_ACCENTS = frozenset({c.HAT, c.BAR, c.TILDE, c.VEC, c.DOT, c.DDOT, c.CHECK, c.ACUTE,
                                   c.GRAVE, c.BREVE, c.WIDEHAT, c.WIDETILDE, c.OVERLINE, c.UNDERLINE})
ONE_PARAMETER = ONE_PARAMETER_ACCENTS | frozenset(c.LOCAL_FONTS) | {c.OVERBRACE, c.UNDERBRACE}
TWO_PARAMETERS = frozenset({c.FRAC, c.DFRAC})
TEXTS = frozenset({c.TEXT, c.TEXTBF, c.TEXTIT, c.TEXTMD, c.TEXTNORMAL, c.TEXTRM, c.TEXTSF, c.TEXTTT,
                   c.TEXTUP, c.TAG})
SPACES = frozenset({c.COMMA, c.COLON, c.SEMICOLON, c.EXCLAMATION, c.GREATERTHAN, c.QUAD, c.QQUAD,
                    c.ENSPACE, c.THINSPACE, c.THICKSPACE})
# Every command latex2mathml names (its `commands` module), and those its walker and
# converter compare with by hand: none of them is taken for a plain symbol below unless
# listed there. A command it does not know is typeset as its name, as an identifier.
LIBRARY_COMMANDS = frozenset(
    name for value in vars(c).values()
    for name in ((value,) if isinstance(value, str) else value if isinstance(value, (tuple, dict)) else ())
    if isinstance(name, str) and name.startswith("\\")
) | frozenset(
    r"\of \color \href \newcommand \def \DeclareMathOperator \newenvironment \class \style "
    r"\not \limits \nolimits \multiprimes".split())
# a symbol with a prime on it, in the order `'` upgrades it
PRIMES = {c.PRIME: c.DPRIME, c.DPRIME: c.TRPRIME, c.TRPRIME: c.QPRIME}
ESCAPED = frozenset(["\\\\", r"\,", r"\:", r"\;", r"\!", r"\>", r"\|", r"\{", r"\}", r"\ ", r"\#", r"\$", r"\_"])
ENVIRONMENTS = frozenset("matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix split array cases equation".split())
# the fence latex2mathml puts around a matrix of each kind (the command it typesets)
MATRIX_FENCES = {r"\pmatrix": (r"\lparen", r"\rparen"), r"\bmatrix": (r"\lbrack", r"\rbrack"),
                 r"\Bmatrix": (r"\lbrace", r"\rbrace"), r"\vmatrix": (r"\vert", r"\vert"),
                 r"\Vmatrix": (r"\Vert", r"\Vert")}
# a script on `\\sum` in display, or on a brace under or over, goes under or over it
SCRIPT_UNDER_OVER = {c.SUPERSCRIPT: {c.LIMITS: "mover", c.OVERBRACE: "mover"},
                     c.SUBSCRIPT: {c.LIMITS: "munder", c.UNDERBRACE: "munder"},
                     c.SUBSUP: {c.LIMITS: "munderover", c.OVERBRACE: "munderover", c.UNDERBRACE: "munderover"}}
COLUMN_ALIGNMENTS = {"r": "right", "l": "left", "c": "center"}
# commands latex2mathml names that its walker keeps as one node and its converter writes
# as one element (or, for the old-style fonts, as a change of font for what follows)
PLAIN_COMMANDS = (SPACES | frozenset(c.LIMIT) | frozenset(c.FUNCTIONS) | frozenset(c.GLOBAL_FONTS)
                  | frozenset(MOVABLE_LIMIT_TEXTS) | {c.SPACE, c.NOBREAKSPACE, c.SUMMATION, c.PRODUCT, c.INTEGRAL}
                  ) - {c.GCD} - frozenset(c.COMMANDS_WITH_ONE_PARAMETER)  # `\\tt` is both a font and a switch
DELIMITERS = frozenset("()[]|./") | {r"\|", r"\{", r"\}"}


def fast_element(latex: str, display: str) -> Optional[Element]:
    """`convert_to_element(latex, display=display)` for a formula of the common kinds,
    else None. `display` is latex2mathml's: "inline" or "block"."""
    if latex2mathml.__version__ != VERIFIED_VERSION:
        return None
    try:
        nodes = _walk(iter(tokens(latex)), block=display == "block")
        math = Element("math", {"xmlns": XMLNS, "display": display})
        _convert_group(nodes, SubElement(math, "mrow"), None)
    except (Unsupported, StopIteration, RecursionError):
        return None
    return math


def tokens(latex: str) -> list[str]:
    """latex2mathml's `tokenize(latex)` for the tokens built here; Unsupported otherwise."""
    out: list[str] = []
    for match in PATTERN.finditer(latex):
        kind = match.lastgroup
        if kind in ("letter", "number", "char", "escaped"):
            out.append(match.group())
        elif kind == "command":
            command = match.group()
            if command.startswith(c.MATH) and command not in (*c.MATH_NON_FONT_COMMANDS, *c.LOCAL_FONTS):
                raise Unsupported(command)  # read as a symbol if it names one (`\\mathdollar`)
            out.append(command)
        elif kind == "subsup_digit":
            out += match.group("subsup_operator", "subsup_digit")
        elif kind == "dot_decimal" and match.group() == ".":
            out.append(".")
        elif kind in ("operatorname", "begin_end"):
            out.append("".join(match.group().split(" ")))
        elif kind == "text_content":
            text = match.group("text_content")
            if (text.startswith(("%", c.BEGIN, c.END, c.OPERATORNAME))
                    or (text[0:1].isdigit() and text.endswith(UNITS))):
                raise Unsupported(text)
            out += [match.group("text_cmd"), text]
        elif kind == "math_close":
            font = match.group("math_font")
            if font not in c.LOCAL_FONTS:
                raise Unsupported(font)
            symbol = convert_symbol(match.group())
            if symbol:
                out.append(f"&#x{symbol};")
            else:
                out += [font, "{", match.group("math_arg"), "}"]
        else:  # a comment, a dimension, `.5`, `\verb`, `\frac12`
            raise Unsupported(kind)
    return out


def _walk(tokens: Iterator[str], terminator: Optional[str] = None, limit: int = 0,
          block: bool = False) -> list[Node]:
    """latex2mathml's `_walk` for the constructs built here."""
    group: list[Node] = []
    has_tokens = False
    for token in tokens:
        has_tokens = True
        if token == terminator:
            delimiter = _delimiter(next(tokens)) if terminator == c.RIGHT else None
            group.append(Node(token=token, delimiter=delimiter))
            break
        if token == c.LEFT:
            delimiter = _delimiter(next(tokens))
            children = tuple(_walk(tokens, terminator=c.RIGHT))
            if not children or children[-1].token != c.RIGHT:
                raise Unsupported("\\left without \\right")
            node = Node(token=token, children=children, delimiter=delimiter)
        elif token == c.OPENING_BRACE:
            children = tuple(_walk(tokens, terminator=c.CLOSING_BRACE))
            if not children or children[-1].token != c.CLOSING_BRACE:
                raise Unsupported("unclosed brace")
            node = Node(token=c.BRACES, children=children[:-1])
        elif token in (c.SUBSCRIPT, c.SUPERSCRIPT):
            node = _script(token, group, tokens, terminator, block)
        elif token == c.APOSTROPHE:
            node = _prime(group)
        elif token in TWO_PARAMETERS:
            node = Node(token=token, children=_arguments(tokens, terminator, 2))
        elif token in ONE_PARAMETER:
            node = Node(token=token, children=_arguments(tokens, terminator, 1))
        elif token in TEXTS:
            node = Node(token=token, text=next(tokens))
        elif token == c.SQRT:
            argument = _arguments(tokens, None, 1)
            if argument[0].token == c.OPENING_BRACKET:
                raise Unsupported("\\sqrt[n]")
            node = Node(token=token, children=argument)
        elif token.startswith(c.BEGIN + "{"):
            node = _environment(token, tokens, block)
        elif _plain(token):
            node = Node(token=token)
        else:
            raise Unsupported(token)
        group.append(node)
        if limit and len(group) >= limit:
            break
    if not has_tokens:
        raise Unsupported("no tokens")
    return group


def _environment(token: str, tokens: Iterator[str], block: bool) -> Node:
    """latex2mathml's `_get_environment_node` for the matrices, `split` (what `aligned`
    is typeset as), `array` and `cases`."""
    environment = token[token.index("{") + 1:-1]
    if environment not in ENVIRONMENTS:
        raise Unsupported(environment)
    terminator = rf"{c.END}{{{environment}}}"
    children = tuple(_walk(tokens, terminator=terminator, block=block))
    if not children or children[-1].token != terminator:
        raise Unsupported("missing \\end")
    children = children[:-1]
    alignment = ""
    if children and children[0].token == c.OPENING_BRACKET:
        raise Unsupported("alignment in brackets")
    if (children and children[0].children is not None and children[0].token == c.BRACES
            and all(child.token in "lcr|" for child in children[0].children)):
        alignment = "".join(child.token for child in children[0].children)
        children = children[1:]
    if "|" in alignment:
        raise Unsupported("column lines")
    return Node(token=rf"\{environment}", children=children, alignment=alignment)


def _arguments(tokens: Iterator[str], terminator: Optional[str], count: int) -> tuple[Node, ...]:
    """A command's `count` arguments, as latex2mathml reads them; Unsupported where it
    would take the group's closing token or run out."""
    children = tuple(_walk(tokens, terminator=terminator, limit=count))
    if len(children) != count or any(child.token in (c.CLOSING_BRACE, c.RIGHT) or child.token.startswith(c.END)
                                     for child in children):
        raise Unsupported("missing argument")
    return children


def _script(token: str, group: list[Node], tokens: Iterator[str], terminator: Optional[str],
            block: bool) -> Node:
    """A subscript or superscript on the node before it, joined with the other script or
    a prime already on it the way latex2mathml joins them."""
    if not group:
        raise Unsupported("script on nothing")
    previous = group.pop()
    if previous.token in (c.SUBSCRIPT, c.SUPERSCRIPT, c.SUBSUP):
        script = _arguments(tokens, terminator, 1)
        if token == c.SUBSCRIPT and previous.token == c.SUPERSCRIPT:
            return Node(token=c.SUBSUP, children=(previous.children[0], *script, previous.children[1]),
                        modifier=previous.modifier)
        if token == c.SUPERSCRIPT and previous.token == c.SUBSCRIPT:
            return Node(token=c.SUBSUP, children=(*previous.children, *script), modifier=previous.modifier)
        if (token == previous.token == c.SUPERSCRIPT and previous.children[1].token == c.PRIME):
            return Node(token=c.SUPERSCRIPT,
                        children=(previous.children[0], Node(token=c.BRACES, children=(previous.children[1], *script))),
                        modifier=previous.modifier)
        raise Unsupported("double script")
    modifier = c.LIMITS if block and previous.token in (c.SUMMATION, c.PRODUCT) else None
    if previous.token in (c.OVERBRACE, c.UNDERBRACE):
        modifier = previous.token
    return Node(token=token, children=(previous, *_arguments(tokens, terminator, 1)), modifier=modifier)


def _prime(group: list[Node]) -> Node:
    """`'` on the node before it: a prime superscript, or one more prime on it."""
    if not group:
        raise Unsupported("prime on nothing")
    previous = group.pop()
    if previous.token == c.SUPERSCRIPT:
        prime = previous.children[1].token
        if prime not in PRIMES:
            raise Unsupported("prime on a superscript")
        return Node(token=c.SUPERSCRIPT, children=(previous.children[0], Node(token=PRIMES[prime])))
    if previous.token == c.SUBSCRIPT:
        return Node(token=c.SUBSUP, children=(*previous.children, Node(token=c.PRIME)), modifier=previous.modifier)
    if previous.token == c.SUBSUP:
        raise Unsupported("prime on a subsup")
    return Node(token=c.SUPERSCRIPT, children=(previous, Node(token=c.PRIME)))


def _delimiter(token: str) -> str:
    if token in DELIMITERS or (token.startswith("\\") and token not in LIBRARY_COMMANDS
                               and token[1:].isalpha() and convert_symbol(token)):
        return token
    raise Unsupported(token)


def _plain(token: str) -> bool:
    """Whether the walker keeps `token` as a node of its own and the converter writes it as
    one symbol, number, operator, space or font switch."""
    if len(token) == 1:
        return token not in "{}^_'\\%"  # a lone `%` is a comment the tokenizer drops
    if NUMBER_PATTERN.fullmatch(token) or token.startswith("&#x"):  # `&#x..;`: `\mathbf{X}` and its kin
        return True
    if token.startswith(c.OPERATORNAME + "{") or token.startswith(c.OPERATORNAMESTAR + "{"):
        return True
    if token in ESCAPED or token in PLAIN_COMMANDS:
        return True
    return (token[1:].isalpha() and token not in LIBRARY_COMMANDS
            and not token.startswith((c.MATH, c.BEGIN, c.END, c.OPERATORNAME)))


def _convert_group(nodes, parent: Element, font) -> None:
    """latex2mathml's `Converter._convert_group` for the nodes built here: an old-style
    font command (`{\\bf V}`) changes the font of the nodes after it."""
    for node in nodes:
        token = node.token
        if token in c.GLOBAL_FONTS and node.children is None:
            font = c.GLOBAL_FONTS[token]
        elif token in c.CONVERSION_MAP:
            _convert_command(node, parent, font)
        elif token in c.LOCAL_FONTS and node.children is not None:
            _convert_group(node.children, parent, c.LOCAL_FONTS[token])
        elif node.children is None:
            _convert_symbol(node, parent, font)
        else:
            _convert_group(node.children, SubElement(parent, "mrow", attrib={}), font)


def _convert_command(node: Node, parent: Element, font) -> None:
    """latex2mathml's `Converter._convert_command` for the commands built here."""
    command = node.token
    if command == c.DFRAC:
        parent = SubElement(parent, "mstyle", displaystyle="true", scriptlevel="0")
    elif command == c.CASES:
        parent = SubElement(parent, "mrow")
        brace = SubElement(parent, "mo", {"stretchy": "true", "fence": "true", "form": "prefix"})
        brace.text = f"&#x{convert_symbol(c.LBRACE)};"
    tag, attributes = c.CONVERSION_MAP[command]
    attributes = dict(attributes)
    if command == c.LEFT:
        parent = SubElement(parent, "mrow")
    if node.modifier is not None and node.modifier in SCRIPT_UNDER_OVER.get(command, ()):
        tag = SCRIPT_UNDER_OVER[command][node.modifier]
    fences = MATRIX_FENCES.get(command)
    if fences:
        _fence(fences[0], parent)
    element = SubElement(parent, tag, attributes)
    if node.alignment is not None:
        alignment = {c.CASES: "l", c.SPLIT: "rl"}.get(command, node.alignment)
        _convert_matrix(node.children, element, command, alignment)
        if fences:
            _fence(fences[1], parent)
        return
    if command in c.LIMIT:
        element.text = command[1:]
    elif node.text is not None:
        element.text = f"({node.text})" if command == c.TAG else node.text.replace(" ", "&#x000A0;")
        _set_font(element, "mtext", font)
    elif node.delimiter is not None and command != c.FRAC:
        if node.delimiter != ".":
            symbol = convert_symbol(node.delimiter)
            element.text = node.delimiter if symbol is None else f"&#x{symbol};"
    if node.children is not None:
        _convert_group(node.children, parent if command == c.LEFT else element, font)
    if command in c.DIACRITICS:
        text, diacritic_attributes = c.DIACRITICS[command]
        SubElement(element, "mo", dict(diacritic_attributes)).text = text


def _fence(command: str, parent: Element) -> None:
    SubElement(parent, "mo", {}).text = f"&#x{convert_symbol(command)};"


def _convert_matrix(nodes: tuple[Node, ...], parent: Element, command: str, alignment: str) -> None:
    """latex2mathml's `Converter._convert_matrix` for cells and rows (no rules, no numbers):
    `&` starts a cell, `\\\\` a row; a last row whose last cell is empty is dropped."""
    row = cell = None
    column = 0
    column_alignment = None
    for node in nodes:
        if row is None:
            row = SubElement(parent, "mtr")
        if cell is None:
            column_alignment, column = _column_alignment(alignment, column_alignment, column)
            cell = _cell(row, column_alignment)
        if node.token == "&":
            column_alignment, column = _column_alignment(alignment, column_alignment, column)
            cell = _cell(row, column_alignment)
            if command == c.SPLIT and column % 2 == 0:
                SubElement(cell, "mi")
        elif node.token == c.DOUBLEBACKSLASH:
            column = 0
            column_alignment, column = _column_alignment(alignment, column_alignment, column)
            row = SubElement(parent, "mtr")
            cell = _cell(row, column_alignment)
        else:
            _convert_group((node,), cell, None)
    if row is not None and cell is not None and len(cell) == 0:
        parent.remove(row)


def _column_alignment(alignment: str, column_alignment: Optional[str], column: int) -> tuple[Optional[str], int]:
    if alignment:
        column_alignment = COLUMN_ALIGNMENTS.get(alignment[column % len(alignment)])
        column += 1
    return column_alignment, column


def _cell(row: Element, column_alignment: Optional[str]) -> Element:
    if column_alignment:
        return SubElement(row, "mtd", columnalign=column_alignment)
    return SubElement(row, "mtd")


def _convert_symbol(node: Node, parent: Element, font) -> None:
    """latex2mathml's `Converter._convert_symbol` for the tokens `_plain` lets through."""
    token = node.token
    symbol = convert_symbol(token)
    if NUMBER_PATTERN.match(token):
        element = SubElement(parent, "mn", attrib={})
        element.text = token
        _set_font(element, "mn", font)
    elif token in OPERATORS:
        element = SubElement(parent, "mo", attrib={})
        element.text = token if symbol is None else f"&#x{symbol};"
        if token == r"\|":
            element.attrib["fence"] = "false"
        if token == r"\smallint":
            element.attrib["largeop"] = "false"
        if token in ("(", ")", "[", "]", "|", r"\|", r"\{", r"\}", r"\surd"):
            element.attrib["stretchy"] = "false"
            _set_font(element, "fence", font)
        else:
            _set_font(element, "mo", font)
    elif symbol and (0x2200 <= int(symbol, 16) <= 0x22FF or 0x2190 <= int(symbol, 16) <= 0x21FF) or symbol == ".":
        element = SubElement(parent, "mo", attrib={})
        element.text = f"&#x{symbol};"
        _set_font(element, "mo", font)
    elif token in (r"\ ", "~", c.NOBREAKSPACE, c.SPACE):
        element = SubElement(parent, "mtext", attrib={})
        element.text = "&#x000A0;"
        _set_font(element, "mtext", font)
    elif token in MOVABLE_LIMIT_TEXTS:
        element = SubElement(parent, "mo", attrib={"movablelimits": "true"})
        element.text = MOVABLE_LIMIT_TEXTS[token]
        _set_font(element, "mo", font)
    elif token.startswith(c.OPERATORNAME):
        star = token.startswith(c.OPERATORNAMESTAR)
        prefix = c.OPERATORNAMESTAR if star else c.OPERATORNAME
        element = SubElement(parent, "mo", attrib={"movablelimits": "true"} if star else {})
        element.text = token[len(prefix) + 1:-1]
    elif token.startswith("\\"):
        element = SubElement(parent, "mi", attrib={})
        if symbol:
            element.text = f"&#x{symbol};"
        elif token in c.FUNCTIONS:
            element.text = token[1:]
        else:
            element.text = token
        _set_font(element, "mi", font)
    else:
        element = SubElement(parent, "mi", attrib={})
        element.text = token
        _set_font(element, "mi", font)


def _set_font(element: Element, key: str, font) -> None:
    if font is not None and font[key] is not None:
        element.attrib["mathvariant"] = font[key]

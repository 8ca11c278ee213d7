"""Macros a note defines for itself (`\\newcommand`, `\\renewcommand`, `\\def`, `\\gdef`,
`\\DeclareMathOperator`), a blog defines site-wide (`[tool.notecheck] macros`, front
matter), or MathJax/KaTeX predefine (`\\R`): found, and expanded token by token.

Why tokens and not text: an expansion keeps the span of the invocation, so every node
built from it still points at the note's own text (`--fix` splices by spans). Why a
budget: a note is untrusted and `\\def\\a{\\a\\a}` must end in a finding, not a hang.
"""

from __future__ import annotations

import re

from notecheck.latex.lex import ParseError, Token, tokenize
from notecheck.records import FrozenRecord

MAX_EXPANSIONS = 400  # macro uses expanded in one formula
MAX_TOKENS = 20_000  # tokens one formula may grow to by expansion
DEFINERS = frozenset(["\\newcommand", "\\renewcommand", "\\providecommand", "\\def", "\\gdef",
                      "\\DeclareMathOperator", "\\definecolor", "\\let"])
# a definer as the tokenizer spells it (a macro of letters: no letter follows)
DEFINER_SPELLED = re.compile(r"\\(?:(?:renew|provide|new)command|g?def|DeclareMathOperator|definecolor|let)(?![A-Za-z])")
DEFINITION_HINT = re.compile(r"\\(?:(?:renew|provide|new)command|g?def|DeclareMathOperator|let)\b")


class Macro(FrozenRecord):
    """`body` is LaTeX with `#1`..`#9` for the `params` arguments; `default` is the
    value of an optional first argument (`\\newcommand{\\f}[2][x]{...}`), if any."""

    body: str
    params: int = 0
    default: str | None = None


# `params` of a derivative of the physics package: `\\pdv{f}{x}` is ∂f/∂x, `\\pdv{x}` the operator ∂/∂x,
# `\\pdv[2]{f}{x}` ∂²f/∂x² (the body is the derivative's `d`; see `_derivative`)
DERIVATIVE_ARGUMENTS = -1


# what MathJax/KaTeX define without being asked, that notes lean on
BUILTIN: dict[str, Macro] = {
    "\\R": Macro("\\mathbb{R}"), "\\Reals": Macro("\\mathbb{R}"), "\\N": Macro("\\mathbb{N}"),
    "\\Z": Macro("\\mathbb{Z}"), "\\Q": Macro("\\mathbb{Q}"), "\\C": Macro("\\mathbb{C}"),
    "\\reals": Macro("\\mathbb{R}"), "\\natnums": Macro("\\mathbb{N}"),  # KaTeX's lower-case names
    "\\cnums": Macro("\\mathbb{C}"), "\\Complex": Macro("\\mathbb{C}"),
    # amsmath's italic capitals (`\\varDelta`, as equation editors write Δ), and typewriter text
    **{f"\\var{name}": Macro(f"\\{name}") for name in ("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma",
                                                     "Upsilon", "Phi", "Psi", "Omega")},
    "\\texttt": Macro("\\text{#1}", 1),
    # the end of a proof (`<div class="QED">$\\Box$</div>`): a mark, read as the □ it shows
    "\\Box": Macro("\\square"), "\\blacksquare": Macro("\\square"), "\\qed": Macro("\\square"),
    "\\Re": Macro("\\mathbb{R}"),  # its ℜ stands for the reals in Stanford's UFLDL notes: `x \\in \\Re^{n}`
    # the nabla as Chinese notes often type it (`\\triangledown_X f`): ∇ looks the same
    "\\triangledown": Macro("\\nabla"), "\\bigtriangledown": Macro("\\nabla"),
    # plain TeX's aligned rows, as MathJax takes them (`\\eqalign{ & g = … \\cr & = … \\cr}`)
    "\\eqalign": Macro("\\begin{aligned}#1\\end{aligned}", 1),
    "\\dashrightarrow": Macro("\\Rightarrow"),  # "w ⇢ w − η∇": an update, drawn as an arrow
    # TeX's spacing classes, which change no meaning (`\\newcommand{\\din}{\\mathord{d_0}}`)
    **{name: Macro("{#1}", 1) for name in ("\\mathord", "\\mathbin", "\\mathrel", "\\mathinner", "\\mathpunct")},
    # longer and labelled arrows draw the same relation (`f : \\mathbb{R} \\longrightarrow \\mathbb{R}`,
    # `X \\xrightarrow{W} z`: the label above, an optional one below), `\\Downarrow` between rows the same
    # conclusion as `\\Rightarrow`, and `f\\colon X \\to Y` the colon of `f: X \\to Y`
    "\\longrightarrow": Macro("\\to"), "\\longleftarrow": Macro("\\gets"), "\\longmapsto": Macro("\\mapsto"),
    "\\xrightarrow": Macro("\\to", 2, ""), "\\xleftarrow": Macro("\\gets", 2, ""),
    "\\Downarrow": Macro("\\Rightarrow"), "\\colon": Macro(":"), "\\hdots": Macro("\\ldots"),
    # rows shown one under another (MathJax's `\\displaylines{a \\\\ b}`); a colour, which changes nothing
    "\\displaylines": Macro("\\begin{gathered}#1\\end{gathered}", 1), "\\textcolor": Macro("{#2}", 2),
    # what nearly every blog's MathJax or KaTeX configuration defines, by the same name
    "\\argmin": Macro("\\operatorname{argmin}"), "\\argmax": Macro("\\operatorname{argmax}"),
    # an operator made of a word (`\\mathop{\\arg\\max}_\\theta`, `\\mathop{\\mathrm{argmin}}_{D}`): the word, its limits after
    "\\mathop": Macro("#1", 1),
    # the physics package's derivatives, whose arguments vary (`DERIVATIVE_ARGUMENTS`)
    "\\pdv": Macro("\\partial", DERIVATIVE_ARGUMENTS), "\\dv": Macro("\\mathrm{d}", DERIVATIVE_ARGUMENTS),
    # MathJax's braket extension, loaded when a formula uses it: `\\braket{z_t}` is ⟨z_t⟩
    "\\braket": Macro("\\langle #1 \\rangle", 1),
}


def macro_from_setting(name: str, value) -> tuple[str, Macro]:
    """One entry of `[tool.notecheck] macros` or a front matter `macros:` table:
    `R = "\\mathbb{R}"` or `pd = ["\\frac{\\partial #1}{\\partial #2}", 2]` (MathJax's form)."""
    name = name if name.startswith("\\") else "\\" + name
    if isinstance(value, (list, tuple)) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], int):
        return name, Macro(value[0], max(0, min(9, value[1])))
    if isinstance(value, str):
        return name, Macro(value, max((int(d) for d in re.findall(r"#([1-9])", value)), default=0))
    raise ValueError(f"macro {name}: give its LaTeX as a string, or [LaTeX, number of arguments]")


def definitions_of(latexes, known: dict[str, Macro] | None = None) -> dict[str, Macro]:
    """Every macro the formulas define, in reading order (a later definition wins),
    on top of `known`. Formulas that cannot be tokenized define nothing."""
    macros = dict(known or {})
    latexes = list(latexes)
    if DEFINITION_HINT.search("\n".join(latexes)) is None:  # one search of the note: most define nothing
        return macros
    for latex in latexes:
        if not DEFINITION_HINT.search(latex):
            continue
        try:
            found, _ = take_definitions(tokenize(latex))
        except ParseError:
            continue
        macros.update(found)
    return macros


def spells_definer(latex: str) -> bool:
    """Whether `latex` may define a macro: False means no token of it is a definer, and
    `take_definitions` would find nothing (one regex search, not a set of every token)."""
    return DEFINER_SPELLED.search(latex) is not None


def take_definitions(tokens: list[Token]) -> tuple[dict[str, Macro], list[Token]]:
    """The definitions among `tokens`, and the tokens without them."""
    if DEFINERS.isdisjoint({tok.text for tok in tokens}):  # only a macro token spells a definer
        return {}, tokens  # nearly every formula defines nothing
    found: dict[str, Macro] = {}
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "macro" and tok.text in DEFINERS:
            i = _definition(tokens, i, found)
            continue
        out.append(tok)
        i += 1
    return found, out


def _definition(tokens: list[Token], i: int, found: dict[str, Macro]) -> int:
    """Read the definition starting at `i` into `found`; the index after it."""
    kind = tokens[i].text
    i += 1
    if i < len(tokens) and tokens[i].text == "*":
        i += 1
    if kind == "\\definecolor":
        for _ in range(3):
            i = _group_end(tokens, i)
        return i
    name_start = i
    if i < len(tokens) and tokens[i].kind == "open":
        inner = tokens[i + 1:_close(tokens, i)]
        i = _close(tokens, i) + 1
        name = inner[0].text if inner else ""
    elif i < len(tokens):
        name = tokens[i].text
        i += 1
    else:
        raise ParseError(f"{kind} without a name", tokens[name_start - 1].pos + 1)
    if kind == "\\let":
        if i < len(tokens) and tokens[i].text == "=":
            i += 1
        target = tokens[i].text if i < len(tokens) else ""
        if target in found:
            found[name] = found[target]
        return i + 1
    if kind == "\\DeclareMathOperator":
        body_range = _group(tokens, i)
        found[name] = Macro("\\operatorname{" + _detokenize(tokens[body_range[0]:body_range[1]]) + "}")
        return body_range[2]
    params, default = 0, None
    if kind in ("\\def", "\\gdef"):
        while i + 1 < len(tokens) and tokens[i].text == "#" and tokens[i + 1].text.isdigit():
            params += 1
            i += 2
    else:
        if i < len(tokens) and tokens[i].text == "[":
            close = _bracket_close(tokens, i)
            params = int("".join(t.text for t in tokens[i + 1:close]) or 0)
            i = close + 1
        if i < len(tokens) and tokens[i].text == "[":
            close = _bracket_close(tokens, i)
            default = _detokenize(tokens[i + 1:close])
            i = close + 1
    start, stop, after = _group(tokens, i)
    found[name] = Macro(_detokenize(tokens[start:stop]), min(params, 9), default)
    return after


def _close(tokens: list[Token], open_index: int) -> int:
    depth = 0
    for k in range(open_index, len(tokens)):
        if tokens[k].kind == "open":
            depth += 1
        elif tokens[k].kind == "close":
            depth -= 1
            if depth == 0:
                return k
    raise ParseError("unbalanced braces: '{' is never closed", tokens[open_index].pos + 1, broken=True)


def _bracket_close(tokens: list[Token], i: int) -> int:
    for k in range(i, len(tokens)):
        if tokens[k].text == "]" and tokens[k].kind == "char":
            return k
    raise ParseError("'[' of a macro definition is never closed", tokens[i].pos + 1, broken=True)


def _group(tokens: list[Token], i: int) -> tuple[int, int, int]:
    """Content range of the argument at `i` (a brace group or one token), and the index after."""
    if i >= len(tokens):
        raise ParseError("a macro definition without its body", (tokens[-1].end if tokens else 0) + 1, broken=True)
    if tokens[i].kind == "open":
        close = _close(tokens, i)
        return i + 1, close, close + 1
    return i, i + 1, i + 1


def _group_end(tokens: list[Token], i: int) -> int:
    return _group(tokens, i)[2] if i < len(tokens) else i


def _detokenize(tokens: list[Token]) -> str:
    """LaTeX that tokenizes back to `tokens`."""
    out = []
    for tok in tokens:
        if tok.kind == "begin":
            out.append("\\begin{" + tok.text + "}")
        elif tok.kind == "end":
            out.append("\\end{" + tok.text + "}")
        elif tok.kind == "macro" and tok.text[1:].isalpha():
            out.append(tok.text + " ")
        else:
            out.append(tok.text)
    return "".join(out)


def spells_none(latex: str, macros: dict[str, Macro]) -> bool:
    """Whether no token of `latex` can be a use of one of `macros`, by a substring search
    for each name (a set of every token's text cost twice as much): a macro token's text
    is the LaTeX it was read from, but for Unicode math (`×` is `\\times`) and `||`
    (`\\|`)."""
    return latex.isascii() and "||" not in latex and not any(map(latex.__contains__, macros))


def expand(tokens: list[Token], macros: dict[str, Macro]) -> list[Token]:
    """`tokens` with every use of a macro replaced by its body, arguments put in. The
    body's tokens take the span of the whole use."""
    if not macros or macros.keys().isdisjoint({t.text for t in tokens}):
        return tokens  # (a text that is a macro's name only on another kind of token is looked at below)
    pending = list(reversed(tokens))  # a stack: expansions are pushed back to be read again
    out: list[Token] = []
    expansions = 0
    while pending:
        tok = pending.pop()
        macro = macros.get(tok.text) if tok.kind == "macro" else None
        if macro is None:
            out.append(tok)
            continue
        expansions += 1
        if expansions > MAX_EXPANSIONS or len(out) + len(pending) > MAX_TOKENS:
            raise ParseError(f"macro {tok.text} expands without end (more than {MAX_EXPANSIONS} expansions)",
                             tok.pos + 1)
        if macro.params == DERIVATIVE_ARGUMENTS:
            body, end = _derivative(pending, macro.body, tok)
        else:
            args, end = _arguments(pending, macro, tok)
            body = re.sub(r"#([1-9])", lambda m: args[int(m.group(1)) - 1] if int(m.group(1)) <= len(args) else "",
                          macro.body)
        spliced = [Token(t.kind, t.text, tok.pos, end, tok.space if k == 0 else t.space)
                   for k, t in enumerate(tokenize(body))]
        pending.extend(reversed(spliced))
    return out


def _derivative(pending: list[Token], d: str, use: Token) -> tuple[str, int]:
    """A physics derivative's `\\frac` (its order in brackets, then the function and the
    variable, or the variable alone for the operator), and where the use ends."""
    order, end = _arguments(pending, Macro("", 1, ""), use)
    if not pending or pending[-1].kind != "open":
        raise ParseError(f"{use.text} needs what it differentiates in braces", use.pos + 1)
    (first,), end = _arguments(pending, Macro("", 1), use)
    power = f"^{{{order[0]}}}" if order[0] else ""
    if pending and pending[-1].kind == "open":
        (variable,), end = _arguments(pending, Macro("", 1), use)
        return f"\\frac{{{d}{power} {{{first}}}}}{{{d} {{{variable}}}{power}}}", end
    return f"\\frac{{{d}{power}}}{{{d} {{{first}}}{power}}}", end


def _arguments(pending: list[Token], macro: Macro, use: Token) -> tuple[list[str], int]:
    """Pop the use's arguments off the stack: their LaTeX, and where the use ends."""
    args: list[str] = []
    end = use.end
    if macro.default is not None:
        if pending and pending[-1].text == "[" and pending[-1].kind == "char":
            taken = []
            pending.pop()
            while pending and not (pending[-1].text == "]" and pending[-1].kind == "char"):
                taken.append(pending.pop())
            if pending:
                end = pending.pop().end
            args.append(_detokenize(taken))
        else:
            args.append(macro.default)
    while len(args) < macro.params:
        if not pending:
            raise ParseError(f"macro {use.text} needs {macro.params} arguments", use.pos + 1)
        first = pending.pop()
        if first.kind != "open":
            args.append(_detokenize([first]))
            end = first.end
            continue
        depth, taken = 1, []
        while pending:
            tok = pending.pop()
            depth += tok.kind == "open"
            depth -= tok.kind == "close"
            if depth == 0:
                end = tok.end
                break
            taken.append(tok)
        else:
            raise ParseError(f"an argument of {use.text} is never closed", first.pos + 1, broken=True)
        args.append(_detokenize(taken))
    return args, max(end, use.end)

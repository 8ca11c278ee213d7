"""A finding's or claim's message as HTML, with the LaTeX inside it typeset.

Messages are written for a terminal: "`\\boldsymbol{a}\\boldsymbol{x}`: cannot multiply
...", "in numerator layout it reads (A^TB^T)^T". On a page the LaTeX should read as the
formula does, not as source under it. The LaTeX is found without parsing it: a backtick
span is LaTeX; otherwise a run of words that look like math (a command, `^`, `_`,
braces, an operator, a short symbol beside such words). A run that cannot be typeset
is shown as code. Everything else is escaped text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from notecheck.publish.mathml import typeset

BACKTICKS = re.compile(r"`([^`]+)`")
MATH_MARKS = re.compile(r"[\\^_{}]")
OPERATORS = frozenset({"=", "+", "-", "−", "&", "\\cdot", "\\times", "\\odot", "\\otimes", "×", "·"})
# a short word is a symbol (`dX` in `-X^{-1} dX X^{-1}`, `((A` in `((A + A^T)x)^T`), unless English
SYMBOL = re.compile(r"[(\[]*[A-Za-z]{1,2}[0-9]?'?[)\]]*$")
ENGLISH = frozenset("a an as at be by if in is it of on or to we".split())
EDGE_PUNCTUATION = ":;,."
# a symbol's name as messages print it (`X_ij`, `a_2,1`): the whole tail is the subscript
SPACES = re.compile(r"(\s+)")  # kept by split: the words and the spaces between them
NAME_SUBSCRIPT = re.compile(r"_([A-Za-z0-9]+(?:,[A-Za-z0-9]+)*)")


@lru_cache(maxsize=1024)  # claims repeat their messages: 881 distinct of 2,894 per 100 notes
def math_text(text: str) -> str:
    """`text` as HTML: prose escaped, each LaTeX piece typeset as an inline formula."""
    out = []
    last = 0
    for match in BACKTICKS.finditer(text):
        out.append(prose_with_math(text[last:match.start()]))
        out.append(formula_html(match.group(1)))
        last = match.end()
    out.append(prose_with_math(text[last:]))
    return "".join(out)


def formula_html(latex: str) -> str:
    """One piece of LaTeX typeset inline, wrapped like the page's formulas so that it
    scrolls in its own box when wide."""
    return f'<span class="nc-math">{typeset(latex.strip(), False)}</span>'


def prose_with_math(text: str) -> str:
    """Escaped `text` with its runs of math-looking words typeset."""
    words = SPACES.split(text)
    tokens = words[0::2]
    kinds = [word_kind(w) for w in tokens]
    in_math = [k == "math" for k in kinds]
    for i, kind in enumerate(kinds):  # a symbol joins a run between two math words or beside an operator
        if kind != "symbol":
            continue
        before = i > 0 and (kinds[i - 1] == "math")
        after = i < len(kinds) - 1 and (kinds[i + 1] == "math")
        beside_operator = (i > 0 and is_operator(tokens[i - 1])) or (
            i < len(kinds) - 1 and is_operator(tokens[i + 1]))
        if (before and after) or beside_operator:
            in_math[i] = True
    out: list[str] = []
    plain_from = 0  # the words since the last run of math: prose, escaped in one piece
    i = 0
    while i < len(tokens):
        if not in_math[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and in_math[j + 1]:
            j += 1
        out.append(escape("".join(words[plain_from: 2 * i])))
        out.append(math_run("".join(words[2 * i: 2 * j + 1])))
        plain_from = 2 * j + 1
        i = j + 1
    out.append(escape("".join(words[plain_from:])))
    return "".join(out)


def is_operator(word: str) -> bool:
    return word.strip(EDGE_PUNCTUATION) in OPERATORS


@lru_cache(maxsize=1024)  # messages are made of the same few hundred words; 1,024 fill early (see GROUPS_KEPT)
def word_kind(word: str) -> str:
    """'math' for a word with a LaTeX mark or an operator, 'symbol' for a short word
    that may be one, else 'text'."""
    core = word.strip(EDGE_PUNCTUATION)
    if not core:
        return "text"
    if core in OPERATORS or MATH_MARKS.search(core):
        return "math"
    if SYMBOL.match(core) and core.lower() not in ENGLISH:
        return "symbol"
    return "text"


def math_run(run: str) -> str:
    """A run of math words: the LaTeX typeset, with the prose punctuation and unmatched
    parentheses around it (`(\\lambda w:` opens a remark) kept as text."""
    lead, core, trail = split_edges(run)
    if not MATH_MARKS.search(core):  # operators alone (a dash in prose) are no formula
        return escape(run)
    typeset_html = typeset(braced_subscripts(core), False)
    if "nc-tex-error" in typeset_html:  # a fragment (`\right]` without its `\left`): source, marked as such
        return escape(lead) + f"<code>{escape(core)}</code>" + escape(trail)
    return escape(lead) + f'<span class="nc-math">{typeset_html}</span>' + escape(trail)


def braced_subscripts(latex: str) -> str:
    """Names as messages print them (`X_ij`, `a_2,1`, no braces, no commands) with their
    subscripts braced, so `X_ij` reads as X with subscript ij; real LaTeX is left alone."""
    if "\\" in latex or "{" in latex:
        return latex
    return NAME_SUBSCRIPT.sub(lambda m: "_{" + m.group(1) + "}", latex)


def split_edges(run: str) -> tuple[str, str, str]:
    """`run` as (leading text, LaTeX, trailing text): end punctuation and parentheses
    that do not pair up inside the run are not part of the formula."""
    core = run
    trail = ""
    while core and (core[-1] in EDGE_PUNCTUATION or (core[-1] == ")" and core.count(")") > core.count("("))):
        trail = core[-1] + trail
        core = core[:-1]
    lead = ""
    while core and core[0] == "(" and core.count("(") > core.count(")"):
        lead += core[0]
        core = core[1:]
    return lead, core, trail

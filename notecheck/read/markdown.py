"""The markdown-it parser every reader and the site share: CommonMark + tables, front
matter (YAML and TOML), `$`/`$$`, bare amsmath environments, our rule for `\\(..\\)`,
`\\[..\\]` and Kramdown's `\\\\[..\\\\]`, GitHub's and GitLab's `` $`..`$ `` and
```` ```math ```` fences, and MathJax 2's `<script type="math/tex">` (`script_math`);
each inline rule wrapped to record where in its block's source it matched. Plugins add
their own rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from notecheck.read.plugins import Plugin, PluginError
from notecheck.read.html_math import html_math_paragraph
from notecheck.read.script_math import script_math_block, script_math_inline


def markdown_parser(plugins: Sequence[Plugin]):
    """The configured markdown-it parser for this set of plugins (built once)."""
    return _parser(tuple(plugins))


@lru_cache(maxsize=8)
def _parser(plugins: tuple[Plugin, ...]):
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable("table")
    md.core.ruler.at("normalize", _normalized(md.core.ruler.__rules__[md.core.ruler.__find__("normalize")].fn))
    md.core.ruler.after("normalize", "dollar_closers", dollar_closers)
    front_matter_plugin(md)
    md.block.ruler.before("front_matter", "toml_front_matter", toml_front_matter_rule)
    # allow_digits=False keeps "costs $5 and $10" from being math; spaces allowed for `$ x $`
    dollarmath_plugin(md, allow_space=True, allow_digits=False, double_inline=True)
    md.inline.ruler.before("math_inline", "braced_dollar", braced_dollar_inline)
    md.inline.ruler.before("braced_dollar", "backtick_dollar", backtick_dollar_inline)
    md.core.ruler.after("block", "math_fence", math_fences)
    md.core.ruler.after("inline", "code_math", code_math_spans)
    _let_interrupt_paragraphs(md, "math_block")
    _let_displays_open_at_paragraph_ends(md)
    amsmath_plugin(md)
    _first_test(md.block.ruler, "amsmath", ("\\begin{",))
    for name, openings in _markdown_it_openings(md.block.ruler).items():
        _first_test(md.block.ruler, name, openings)
    md.inline.ruler.before("escape", "bracket_math", bracket_math_inline)
    md.block.ruler.before("fence", "bracket_math_block", bracket_math_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("html_inline", "script_math", script_math_inline)
    md.block.ruler.before("html_block", "script_math_block", script_math_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.before("html_block", "html_math_paragraph", html_math_paragraph,
                          {"alt": ["paragraph", "reference", "blockquote"]})
    for plugin in plugins:
        hook = plugin.hook("on_markdown")
        try:
            if hook is not None:
                hook(md)
        except Exception as error:
            raise PluginError(f"plugin {plugin.name!r} failed to extend the Markdown parser: "
                              f"{type(error).__name__}: {error}") from None
    _positioned_runs(md.inline.ruler)
    return md


def _normalized(normalize):
    """markdown-it's `normalize` (CR LF and CR become LF, NUL becomes U+FFFD) for a text
    that has either: its regular expression matched every line break of every note, to
    put the same LF back (a note's text has only LF by the time it is parsed)."""

    def normalize_if_needed(state) -> None:
        if "\r" in state.src or "\0" in state.src:
            normalize(state)

    return normalize_if_needed


# `$$` ending a line but for a Quarto/Pandoc label (`$$ {#eq-mean}`) or the sentence's
# punctuation (`$$,` closing a formula in a list item)
CLOSER_WITH_SUFFIX = re.compile(r"(?m)(?<=\$\$)[ \t]*(?:\{#[^{}\n]*\}|[.,;:])[ \t]*$")


def dollar_closers(state) -> None:
    """Blank what follows a line's closing `$$` when it is a label or a punctuation mark,
    so that the `$$` closes its formula (dollarmath takes a `$$` as a closer only at a
    line's end): else the pairing slips, every later formula is read as prose and the
    prose between them as formulas. Blanked with spaces, so every offset stays."""
    if "$$" in state.src:
        state.src = CLOSER_WITH_SUFFIX.sub(lambda m: " " * len(m.group()), state.src)


def _first_test(ruler, name: str, openings: tuple[str, ...]) -> None:
    """Block rule `name`, which matches only a line that starts with one of `openings`,
    returns at once on any other line without being called: a paragraph asks it at each
    of its lines, and a block's first line asks each rule in turn (amsmath's slices the
    line and looks up its pattern in `re`'s cache, markdown-it's log a debug message,
    before their first test)."""
    found = ruler.__rules__[ruler.__find__(name)]
    rule, alt = found.fn, list(found.alt)

    def opening_first(state, start_line: int, end_line: int, silent: bool) -> bool:
        if not state.src.startswith(openings, state.bMarks[start_line] + state.tShift[start_line]):
            return False
        if silent and in_open_dollars(state, start_line):
            return False  # a `\\begin{pmatrix}` or `- x` line inside a formula ends no paragraph
        return rule(state, start_line, end_line, silent)

    ruler.at(name, opening_first, {"alt": alt})


def in_open_dollars(state, start_line: int) -> bool:
    """Whether the paragraph or block quote being read (from `state.line`) has a `$$`
    open above `start_line`: `- Hidden layer: $$`, then the formula's lines, then `$$`;
    `> $$`, then the formula's lines without `>` (read lazily, as Python-Markdown
    does). Those lines are the formula's; none of them starts a block (asked by a
    paragraph or a quote of each line that could end it, after that rule's first test)."""
    return state.parentType in ("paragraph", "blockquote") and \
        state.src.count("$$", state.bMarks[state.line], state.bMarks[start_line]) % 2 == 1


def _markdown_it_openings(ruler) -> dict[str, tuple[str, ...]]:
    """markdown-it's block rules whose first test is the line's first character, by
    name, with the characters they can match at (read in their source): only those
    still in place."""
    from markdown_it import rules_block

    openings = {rules_block.fence: ("~", "`"), rules_block.blockquote: (">",), rules_block.hr: ("*", "-", "_"),
                rules_block.list_block: tuple("*-+0123456789"), rules_block.reference: ("[",),
                rules_block.html_block: ("<",), rules_block.heading: ("#",)}
    return {rule.name: openings[rule.fn] for rule in ruler.__rules__ if rule.fn in openings}


def _let_interrupt_paragraphs(md, name: str) -> None:
    """A `$$` line ends the paragraph above it, as in every Markdown-with-math dialect.
    (`name` is dollarmath's block rule, which matches only a line that starts with `$$`.)"""
    ruler = md.block.ruler
    rule = ruler.__rules__[ruler.__find__(name)].fn

    def probe_safely(state, start_line: int, end_line: int, silent: bool) -> bool:
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if not state.src.startswith("$$", begin):
            return False  # the rule's own first test, made here: it is asked at every line
        if inline_at_start(state.src[begin:state.eMarks[start_line]]):
            return False  # `$$A\in…$$, $$x\in…$$일 때`: a sentence opening with inline math, no block
        if silent and in_open_dollars(state, start_line):
            return False  # this `$$` closes the one opened above, it starts no block
        if joined_displays(state, start_line, end_line, silent) or display_then_words(state, start_line, end_line, silent):
            return True
        # dollarmath's rule pushes its token even when only probed (silent), which a
        # paragraph does on every line: undo that so each block is one token
        if not silent:
            return rule(state, start_line, end_line, False)
        count, line = len(state.tokens), state.line
        matched = rule(state, start_line, end_line, False)
        del state.tokens[count:]
        state.line = line
        return matched

    ruler.at(name, probe_safely, {"alt": ["paragraph", "reference", "blockquote", "list"]})


def line_text(state, line: int) -> str:
    """A line of the block being read, without its indentation."""
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _let_displays_open_at_paragraph_ends(md) -> None:
    """A paragraph that ends with a `$$`, a blank line, the formula's lines and a `$$`
    line: the display opened at the sentence's end (docsify's KaTeX and other renderers
    that pair every `$$` of the text show it). CommonMark ends the paragraph at the blank
    line, so the opener was never closed (NC105), the formula read as prose and every
    later `$$` paired with the wrong one. The paragraph now runs to the closing `$$`, and
    the inline `$$…$$` reads the formula."""
    ruler = md.block.ruler
    paragraph = ruler.__rules__[ruler.__find__("paragraph")].fn

    def paragraph_to_its_display(state, start_line: int, end_line: int, silent: bool) -> bool:
        count = len(state.tokens)
        if not paragraph(state, start_line, end_line, silent):
            return False
        closer = display_after_blank(state, start_line, state.line)
        if closer is not None and len(state.tokens) == count + 3:
            opened, inline, _ = state.tokens[count:]
            inline.content = state.getLines(start_line, closer + 1, state.blkIndent, False).strip()
            opened.map = inline.map = [start_line, closer + 1]
            state.line = closer + 1
        return True

    ruler.at("paragraph", paragraph_to_its_display)


MAX_FORMULA_LINES = 20


def display_after_blank(state, start_line: int, end_line: int) -> int | None:
    """The line of the `$$` closing a display the paragraph `start_line`..`end_line`
    opened at its end, past blank lines: the paragraph's last line ends with an unpaired
    `$$` after its words, and the next lines that are not blank, each without `$$` and
    together LaTeX (`MATHY`), end at a line that is `$$` alone. None otherwise (an unclosed
    `$$` that is a slip stays one)."""
    last = line_text(state, end_line - 1).rstrip()
    if not last.endswith("$$") or last == "$$" or \
            state.src.count("$$", state.bMarks[start_line], state.eMarks[end_line - 1]) % 2 == 0:
        return None
    line = end_line
    while line < state.lineMax and state.isEmpty(line):
        line += 1
    if line == end_line:
        return None
    formula = []
    for line in range(line, min(line + MAX_FORMULA_LINES + 1, state.lineMax)):
        text = line_text(state, line).strip()
        if text == "$$":
            return line if formula and MATHY.search("".join(formula)) else None
        if not text or "$$" in text:
            return None
        formula.append(text)
    return None


def joined_displays(state, start_line: int, end_line: int, silent: bool) -> bool:
    """`$$`, a formula, `$$$$`, the next formula, `$$`: one display closed and the next
    opened on one line, as Mathpix's exports write displays that follow each other.
    dollarmath takes `$$$$` for a closer only, so the next formula was read as prose and
    every later `$$` paired with the wrong one (a Matrix Cookbook export: 220 formulas
    lost, its sections read as LaTeX). Each formula becomes its own block; a display whose
    first closer is not `$$$$` is left to dollarmath."""
    opened = start_line
    if line_text(state, opened).strip() != "$$":
        return False
    blocks, line = [], opened + 1
    while line < end_line:
        text = line_text(state, line).strip()
        if text == "$$$$":
            blocks.append((opened, line, state.src[state.bMarks[opened + 1]:state.bMarks[line]]))
            opened = line
        elif text.endswith("$$"):
            if not blocks:
                return False
            last = state.src[state.bMarks[opened + 1]:state.eMarks[line]].rstrip()[:-2]
            blocks.append((opened, line, last))
            break
        line += 1
    else:
        return False
    if silent:
        return True
    for first, closing, content in blocks:
        token = state.push("math_block", "math", 0)
        token.block, token.content, token.markup, token.map = True, content, "$$", [first, closing + 1]
    state.line = line + 1
    return True


def display_then_words(state, start_line: int, end_line: int, silent: bool) -> bool:
    """`$$`, a formula, then `$$定義して、…` or `$$ where $x$ is …`: the display closed and the
    sentence going on on the closing line, which MathJax in a notebook shows as it is meant.
    dollarmath takes a `$$` for a closer only at a line's end, so it read on to the next
    display's opener: the words became LaTeX and every later `$$` paired with the wrong one.
    The formula becomes its block and the words after the closer a paragraph."""
    if line_text(state, start_line).strip() != "$$":
        return False
    for line in range(start_line + 1, min(start_line + MAX_FORMULA_LINES + 1, end_line)):
        text = line_text(state, line).strip()
        if text.endswith("$$") or not text:
            return False  # closed where dollarmath closes it, or no display at all
        if not text.startswith("$$"):
            continue
        words = text[2:]
        if "$$" in words or EQUATION_LABEL.fullmatch(words):
            return False
        if silent:
            return True
        token = state.push("math_block", "math", 0)
        token.block, token.markup, token.map = True, "$$", [start_line, line + 1]
        token.content = state.src[state.bMarks[start_line + 1]:state.bMarks[line]]
        state.push("paragraph_open", "p", 1).map = [line, line + 1]
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = words, [line, line + 1], []
        state.push("paragraph_close", "p", -1)
        state.line = line + 1
        return True
    return False


CLOSED_THEN_WORDS = re.compile(r"\$\$(?:[^$]|\$(?!\$))+\$\$(?P<after>.*)")
EQUATION_LABEL = re.compile(r"\s*(?:\(\S+\)|\\(?:tag|label)\{[^{}]*\})?\s*[.,;]?\s*")


def inline_at_start(line: str) -> bool:
    """A line that opens with `$$…$$` closed on it and goes on with words (kramdown's inline
    math: "$$A$$, $$x$$일 때, $$y = Ax$$"), not with a label or a full stop only."""
    m = CLOSED_THEN_WORDS.match(line)
    return m is not None and EQUATION_LABEL.fullmatch(m.group("after")) is None


def _positioned_runs(ruler) -> None:
    """Make every inline rule but `text` record where its tokens were found: each run of
    enabled rules between `text` and the next becomes one rule that tries them in order
    (`_positioned`), the first of the run in its place, the others disabled. The parser
    tries rules at every character `text` stops at (70,000 times per 100 notes); one
    call for the run, not a wrapper around each rule, saves a twentieth of reading."""
    runs: list[list] = []
    after_text = True
    for rule in ruler.__rules__:
        if not rule.enabled:
            continue
        if rule.name == "text":
            after_text = True
            continue
        if after_text:
            runs.append([])
            after_text = False
        runs[-1].append(rule)
    for run in runs:
        ruler.at(run[0].name, _positioned(tuple(rule.fn for rule in run)), {"alt": run[0].alt})
        if len(run) > 1:
            ruler.disable([rule.name for rule in run[1:]])


def _positioned(rules):
    """One inline rule for `rules` in order (the first that matches wins, as the parser
    would have it), so that every token a rule makes records `meta["src"] = (start,
    end)`, its span in the inline token's content: markdown-it keeps no inline positions.

    A rule that can match only at one character (`[` for a link, `$` for math) is tried
    only there: the run is called at every character the `text` rule stops at, and at
    most of them (`:`, `{`, `-`, `=`) no rule matches, after fifteen calls."""
    limited = {rule: _first_characters(rule) for rule in rules}
    anywhere = tuple(rule for rule in rules if limited[rule] is None)
    by_character = {character: tuple(rule for rule in rules if limited[rule] is None or character in limited[rule])
                    for character in "".join(characters for characters in limited.values() if characters)}

    def positioned_run(state, silent: bool) -> bool:
        src, pos = state.src, state.pos
        for rule in by_character.get(src[pos], anywhere) if pos < len(src) else rules:
            start, count = state.pos, len(state.tokens)
            if rule(state, silent):
                if not silent:
                    for token in state.tokens[count:]:
                        if token.type != "text" and "src" not in token.meta:
                            token.meta["src"] = (start, state.pos)
                return True
        return False

    return positioned_run


def _first_characters(rule) -> str | None:
    """The characters `rule` can match at, for the rules whose first test is the
    character at the cursor (markdown-it's, dollarmath's, ours); None for any other."""
    name = f"{getattr(rule, '__module__', '')}.{getattr(rule, '__qualname__', '')}"
    return FIRST_CHARACTERS.get(name)


FIRST_CHARACTERS = {  # each rule's own first test, read in its source
    "markdown_it.rules_inline.newline.newline": "\n",
    "markdown_it.rules_inline.escape.escape": "\\",
    "markdown_it.rules_inline.backticks.backtick": "`",
    "markdown_it.rules_inline.emphasis.tokenize": "_*",
    "markdown_it.rules_inline.strikethrough.tokenize": "~",
    "markdown_it.rules_inline.link.link": "[",
    "markdown_it.rules_inline.image.image": "!",
    "markdown_it.rules_inline.autolink.autolink": "<",
    "markdown_it.rules_inline.html_inline.html_inline": "<",
    "markdown_it.rules_inline.entity.entity": "&",
    "mdit_py_plugins.dollarmath.index.math_inline_dollar.<locals>._math_inline_dollar": "$",
    "notecheck.read.markdown.bracket_math_inline": "\\",
    "notecheck.read.markdown.braced_dollar_inline": "$",
    "notecheck.read.markdown.backtick_dollar_inline": "$",
    "notecheck.read.script_math.script_math_inline": "<",
}


def backtick_dollar_inline(state, silent: bool) -> bool:
    """GitHub's and GitLab's inline math, `` $`x^T A x`$ ``: the backticks keep Markdown
    (a `*`, a `_`, a `\\\\`) out of the formula, which ends at the first backtick, as a
    code span does. Read as `$…$`, the backticks were LaTeX, and no formula parsed."""
    src, start = state.src, state.pos
    if not src.startswith("$`", start) or dollar_escaped(src, start):
        return False
    end = src.find("`", start + 2, state.posMax)
    if end <= start + 2 or not src.startswith("$", end + 1, state.posMax):
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = src[start + 2:end]
        token.markup = "$`"
        token.meta["delimiter"] = "$`"
    state.pos = end + 2
    return True


MATH_FENCES = frozenset({"math", "mathjax!", "mathjax"})  # GitHub, GitLab, Obsidian; Story-writer (小书匠)


def math_fences(state) -> None:
    """A fence whose language is `math` (GitHub, GitLab, Obsidian) or `mathjax!` (the
    Story-writer editor's, 小书匠) is a display formula, not code: its token becomes a
    `math_block` like `$$…$$`'s (without the `$$` Story-writer also writes inside it)."""
    for token in state.tokens:
        if token.type == "fence" and token.info.strip() in MATH_FENCES:
            token.type, token.tag = "math_block", "math"
            token.meta["delimiter"] = "```" + token.info.strip()
            inner = token.content.strip()
            if len(inner) > 4 and inner.startswith("$$") and inner.endswith("$$"):
                token.content = inner[2:-2]


CODE_MATH = re.compile(r"!\$(.+)\$", re.S)


def code_math_spans(state) -> None:
    """Story-writer's inline math, `` `!$\\sigma(z)$` ``: a code span that opens with `!$`
    and ends with `$` is a formula, not code (a note in that editor's syntax had 478 of
    them, and notecheck read none)."""
    for token in state.tokens:
        for child in (token.children or ()) if token.type == "inline" and "`!$" in token.content else ():
            found = CODE_MATH.fullmatch(child.content) if child.type == "code_inline" else None
            if found is not None:
                child.type, child.tag, child.markup = "math_inline", "math", "$"
                child.content = found.group(1)
                child.meta["delimiter"] = "`!$"


BRACES_OR_DOLLAR = re.compile(r"\\.|[{}$]", re.S)  # an escaped character is skipped whole


def braced_dollar_inline(state, silent: bool) -> bool:
    """`$..\\text{if $l$ is the output layer}..$`: a `$` inside a brace group does not
    end the formula, as MathJax and KaTeX read it (they close `$` only outside braces).
    dollarmath closes at the next `$`; this rule takes only a formula whose next `$`
    stands inside a group it opened, and leaves every other `$` to dollarmath."""
    src, start = state.src, state.pos
    if not src.startswith("$", start) or src.startswith("$$", start) or dollar_escaped(src, start) \
            or (start and src[start - 1].isdigit()):
        return False
    depth, end, braced = 0, None, False
    for match in BRACES_OR_DOLLAR.finditer(src, start + 1, state.posMax):
        mark = match.group()
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth = max(depth - 1, 0)
        elif mark == "$":
            if depth:
                braced = True  # a `$` inside a group: the formula goes on
            elif not braced:
                return False  # closed where dollarmath closes it
            else:
                end = match.start()
                break
    if end is None or src[end + 1:end + 2].isdigit() or src.startswith("$", end + 1):
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = src[start + 1:end]
        token.markup = "$"
    state.pos = end + 1
    return True


def dollar_escaped(src: str, at: int) -> bool:
    """An odd number of backslashes before `at`."""
    slashes = 0
    while at > slashes and src[at - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


BRACKET_OPEN = re.compile(r"(\\\\?)([(\[])")
MATHY = re.compile(r"[\\^_={}]")


def bracket_math_inline(state, silent: bool) -> bool:
    """`\\(..\\)` and `\\[..\\]` inside a paragraph; Kramdown writes `\\\\(` and `\\\\[`."""
    match = BRACKET_OPEN.match(state.src, state.pos)
    if match is None:
        return False
    slashes, bracket = match.groups()
    closer = slashes + (")" if bracket == "(" else "]")
    end = state.src.find(closer, match.end(), state.posMax)
    if end < 0 or not state.src[match.end():end].strip():
        return False
    if bracket == "[" and not MATHY.search(state.src, match.end(), end):
        return False  # `\[sic\]`: Markdown's escaped brackets, not display math
    if not silent:
        token = state.push("math_inline" if bracket == "(" else "math_inline_double", "math", 0)
        token.content = state.src[match.end():end]
        token.markup = match.group(0)
        token.meta["delimiter"] = "\\" + bracket
    state.pos = end + len(closer)
    return True


def bracket_math_block(state, start_line: int, end_line: int, silent: bool) -> bool:
    """A display `\\[` (or `\\\\[`) starting a line, closed by `\\]` ending a line."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("\\", begin):  # most lines (asked of every line of a paragraph)
        return False
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    first = state.src[begin:state.eMarks[start_line]]
    opener = "\\\\[" if first.startswith("\\\\[") else "\\[" if first.startswith("\\[") else None
    if opener is None:
        return False
    closer = opener[:-1] + "]"
    last = start_line
    rest = first[len(opener):]
    while not rest.rstrip().endswith(closer):
        if closer in rest:  # closed mid-line, text after it: a paragraph, not a block
            return False
        last += 1
        if last >= end_line or state.sCount[last] < state.blkIndent:
            return False
        rest = line_text(state, last)
        if not rest.strip():
            return False
    body = state.getLines(start_line, last + 1, state.sCount[start_line], False)
    body = body[body.find(opener) + len(opener):body.rfind(closer)]
    if not MATHY.search(body):
        return False
    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = body
    token.markup = opener
    token.meta["delimiter"] = "\\["
    token.map = [start_line, last + 1]
    state.line = last + 1
    return True


def toml_front_matter_rule(state, start_line: int, end_line: int, silent: bool) -> bool:
    """Hugo's TOML front matter between `+++` lines, as a `front_matter` token."""
    if start_line != 0 or state.src[state.bMarks[0]:state.eMarks[0]].rstrip() != "+++":
        return False
    last = next((n for n in range(1, end_line)
                 if state.src[state.bMarks[n]:state.eMarks[n]].rstrip() == "+++"), None)
    if last is None:
        return False
    if silent:
        return True
    token = state.push("front_matter", "", 0)
    token.hidden = True
    token.block = True
    token.markup = "+++"
    token.content = state.src[state.bMarks[1]:state.bMarks[last]]
    token.map = [0, last + 1]
    state.line = last + 1
    return True

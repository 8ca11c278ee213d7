"""The Markdown rules the reader calls only at the characters they can start at
(`read/markdown.py`: inline rules by the character at the cursor, block rules by a
line's first character) match nowhere else. Held on random Markdown at every position
and every line, with the rules as markdown-it, dollarmath, amsmath and we write them:
a release that changed a rule's first test fails here instead of reading notes
differently."""

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.amsmath import amsmath_block
from mdit_py_plugins.dollarmath.index import math_block_dollar, math_inline_dollar

from notecheck.read.markdown import (
    _first_characters, _markdown_it_openings, bracket_math_block, bracket_math_inline, markdown_parser,
)
from notecheck.read.script_math import script_math_block, script_math_inline

INLINE_RULES = [rules_inline.newline, rules_inline.escape, rules_inline.backtick, rules_inline.emphasis.tokenize,
                rules_inline.strikethrough.tokenize, rules_inline.link, rules_inline.image, rules_inline.autolink,
                rules_inline.html_inline, rules_inline.entity, math_inline_dollar(True, False, True),
                bracket_math_inline, script_math_inline]
COMMONMARK = MarkdownIt("commonmark").block.ruler
BLOCK_RULES = [(rule.fn, openings) for name, openings in _markdown_it_openings(COMMONMARK).items()
               for rule in COMMONMARK.__rules__ if rule.name == name]
BLOCK_RULES += [(amsmath_block, ("\\begin{",)), (math_block_dollar(True, None, True), ("$$",)),
                (bracket_math_block, ("\\",)), (script_math_block, ("<",))]

PIECES = st.sampled_from([
    "$", "$$", "\\", "\\(", "x\\)", "\\[", "\\]", "\\\\[", "[", "]", "(", ")", "!", "![a](b)", "<", ">", "> ", "&",
    "&amp;", "#", "# ", "*", "**", "_", "~", "~~", "`", "```", "~~~", "-", "- ", "+ ", "1. ", "2) ", "***", "---",
    "===", "=", "\n", "\n\n", " ", "    ", "\t", "a", "x^2", "<div>", "</div>", "<!-- c -->", "[a]: /b", "<http://a.b>",
    '<script type="math/tex">', '<script type="math/tex; mode=display">', "</script>", "\\begin{align}", "\\end{align}",
    "\\begin{equation*}", "|a|b|", "|-|-|", ":", "中",
])
MARKDOWN = st.lists(PIECES, max_size=24).map("".join)


def test_every_rule_the_reader_limits_is_one_it_knows():
    assert all(_first_characters(rule) for rule in INLINE_RULES)
    assert {name for name in _markdown_it_openings(COMMONMARK)} == {
        "fence", "blockquote", "hr", "list", "reference", "html_block", "heading"}


@given(MARKDOWN)
@settings(max_examples=400, deadline=None)
def test_inline_rules_match_only_at_their_characters(text):
    md = markdown_parser(())
    for rule in INLINE_RULES:
        characters = _first_characters(rule)
        for pos, character in enumerate(text):
            if character in characters:
                continue
            for silent in (True, False):
                state = StateInline(text, md, {}, [])
                state.pos = pos
                assert not rule(state, silent), (rule, pos, text)


@given(MARKDOWN)
@settings(max_examples=400, deadline=None)
def test_block_rules_match_only_at_lines_that_start_with_their_openings(text):
    md = markdown_parser(())
    for rule, openings in BLOCK_RULES:
        lines = StateBlock(text, md, {}, []).lineMax
        for line in range(lines):
            for silent in (True, False):
                state = StateBlock(text, md, {}, [])
                if state.src.startswith(openings, state.bMarks[line] + state.tShift[line]):
                    break
                assert not rule(state, line, lines, silent), (rule, line, text)

"""The formula tokenizer's one pass gives exactly the tokens of pylatexenc's walker.

`scan` replaces the walker (`walk_tokens` below, what notecheck ran before); if it ever
differed, a formula would parse differently and a verdict could move. Held on every
formula of our notes, the examples, the seeds and the public corpus, and on random
strings of the characters where the two could part (backslashes, braces, white space,
paragraph breaks, comments, environments, Unicode letters and math)."""

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notecheck.latex.lex import WHITE_SPACE, ParseError, Token, _char_tokens, scan

from note_formulas import formulas_in

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def walk_tokens(latex: str) -> list[Token]:
    """The tokens as pylatexenc's walker finds them (before prose is merged)."""
    from pylatexenc.latexwalker import LatexWalker, LatexWalkerEndOfStream, LatexWalkerError

    walker = LatexWalker(latex, tolerant_parsing=True)
    tokens: list[Token] = []
    pos = 0
    while pos < len(latex):
        try:
            tok = walker.get_token(pos, environments=True)
        except LatexWalkerEndOfStream:
            break
        except LatexWalkerError as err:
            raise ParseError(f"LaTeX tokenizer: {err}", pos + 1, broken=True) from None
        start, length = tok.pos, tok.len
        space = bool(tok.pre_space)
        pos = start + length
        if tok.tok == "comment":
            continue
        if tok.tok == "macro":
            end = start + length - len(tok.post_space or "")
            tokens.append(Token("macro", "\\" + tok.arg, start, end, space))
        elif tok.tok == "brace_open":
            tokens.append(Token("open", "{", start, pos, space))
        elif tok.tok == "brace_close":
            tokens.append(Token("close", "}", start, pos, space))
        elif tok.tok in ("begin_environment", "end_environment"):
            kind = "begin" if tok.tok == "begin_environment" else "end"
            tokens.append(Token(kind, tok.arg, start, pos, space))
        else:
            # chars, specials (`&`, `''`, `--`, `~`) and `$`: one token per character
            for k in range(start, pos):
                tokens.extend(_char_tokens(latex[k], k, space and k == start))
    return tokens


def test_scan_matches_the_walker_on_our_notes_and_examples():
    formulas = formulas_in([ROOT / "examples", ROOT / "tests" / "notes"])
    assert len(formulas) > 300
    for latex in formulas:
        assert scan(latex) == walk_tokens(latex), latex


def test_scan_matches_the_walker_on_the_seeds_and_the_corpus():
    if not SHARED.is_dir():
        pytest.skip("../shared (seeds and public corpus) is not beside this checkout")
    formulas = formulas_in([SHARED / "seeds", SHARED / "corpus" / "notes"])
    assert len(formulas) > 700
    for latex in formulas:
        assert scan(latex) == walk_tokens(latex), latex


PIECES = st.sampled_from([
    "\\", "\\\\", "{", "}", " ", "  ", "\n", "\n\n", "\n \n", "\t", "\r", "\u3000", "x", "A", "1", "^", "_",
    "\\frac", "\\alpha ", "\\,", "\\;", "\\ ", "\\(", "\\)", "\\[", "\\]", "\\begin", "\\end", "{pmatrix}",
    "{ aligned* }", "\\begin{x", "$", "$$", "&", "~", "''", "--", "---", "`", "!`", "×", "σ", "ᵀ", "²", "中", "，",
    "\\中文", "\\é", "é", "\\|", "|", "[", "]", "(", ")", "\\left", "\\right.", "d", "\\text{a b}",
    "%", "% c", "\\%", "\n\r", "\r\n",
])


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
def test_scan_matches_the_walker_on_random_strings(latex):
    assert scan(latex) == walk_tokens(latex)


def test_white_space_is_what_isspace_says():
    assert WHITE_SPACE == frozenset(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())

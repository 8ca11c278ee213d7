"""The formula tokenizer's fast pass gives exactly the tokens of pylatexenc's walker.

`scan` replaces the walker for formulas without comments; if it ever differed, a formula
would parse differently and a verdict could move. Held on every formula of our notes,
the examples, the seeds and the public corpus, and on random strings of the characters
where the two could part (backslashes, braces, white space, paragraph breaks,
environments, Unicode letters and math)."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notecheck.latex.lex import scan, walk_tokens

from note_formulas import formulas_in

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def test_scan_matches_the_walker_on_our_notes_and_examples():
    formulas = formulas_in([ROOT / "examples", ROOT / "tests" / "notes"])
    assert len(formulas) > 300
    for latex in formulas:
        if "%" not in latex:
            assert scan(latex) == walk_tokens(latex), latex


def test_scan_matches_the_walker_on_the_seeds_and_the_corpus():
    if not SHARED.is_dir():
        pytest.skip("../shared (seeds and public corpus) is not beside this checkout")
    formulas = formulas_in([SHARED / "seeds", SHARED / "corpus" / "notes"])
    assert len(formulas) > 700
    for latex in formulas:
        if "%" not in latex:
            assert scan(latex) == walk_tokens(latex), latex


PIECES = st.sampled_from([
    "\\", "\\\\", "{", "}", " ", "  ", "\n", "\n\n", "\n \n", "\t", "\r", "\u3000", "x", "A", "1", "^", "_",
    "\\frac", "\\alpha ", "\\,", "\\;", "\\ ", "\\(", "\\)", "\\[", "\\]", "\\begin", "\\end", "{pmatrix}",
    "{ aligned* }", "\\begin{x", "$", "$$", "&", "~", "''", "--", "---", "`", "!`", "×", "σ", "ᵀ", "²", "中", "，",
    "\\中文", "\\é", "é", "\\|", "|", "[", "]", "(", ")", "\\left", "\\right.", "d", "\\text{a b}",
])


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
def test_scan_matches_the_walker_on_random_strings(latex):
    assert scan(latex) == walk_tokens(latex)

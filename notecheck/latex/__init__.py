"""Stage 2, LaTeX → Expr: one formula's LaTeX becomes a typed expression tree, and back.

Takes a formula's text and knows nothing of claims. Offers `parse` (raising `ParseError`
with a column), `parse_formulas` (a tree, or an NC201, per formula of a note), the tree types in `notecheck.latex.expr`, the constant letters e and π
(`notecheck.latex.constants`), `to_latex` in the
note's own `Style`, and `simplify` with `Shapes`, the shape of any node built from leaves.
"""

from notecheck.latex import constants, expr, indices
from notecheck.latex.formulas import guessed_letters, note_reading, parse_formulas, writes_transpose
from notecheck.latex.lex import ParseError
from notecheck.latex.macros import macro_from_setting
from notecheck.latex.parser import MAX_NESTING, parse
from notecheck.latex.printer import Style, style_of, to_latex
from notecheck.latex.simplifier import ONE, is_zero, simplify, tree_depth
from notecheck.latex.tree_shapes import Shapes, unknown_dim

__all__ = [
    "constants", "expr", "indices", "parse", "parse_formulas", "guessed_letters", "note_reading", "writes_transpose", "macro_from_setting", "ParseError", "MAX_NESTING", "to_latex", "style_of", "Style",
    "simplify", "Shapes", "unknown_dim", "is_zero", "tree_depth", "ONE",
]

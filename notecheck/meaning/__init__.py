"""Stage 3, Note + trees → what the note says: declarations, shapes, claims.

Reads a note's prose, front matter and parsed formulas; evaluates nothing. Offers
`read_meaning` (all of it at once, as a `NoteMeaning`: what the pipeline hands the checker),
`read_context` (what the note declares about its symbols, its layout in words),
`infer` (the shape of every node, per section, with NC3xx findings), `claims.extract`
(one `Relation` per claimed relation, with the definitions it depends on) and
`operator_doubt` (why an operator of a formula may be read two ways), `is_entry` (whether
a letter's subscript names one entry, `x_{11}`), `disclaimer` (the words after a formula
that call it wrong), `general_law` (the law of algebra a formula's sentence names) and
`constraint_stated` (the constraint it puts a formula under), `size_case` (the case,
`n = 2`, stated right before it).
"""

from notecheck.meaning import claims
from notecheck.meaning.certainty import operator_doubt
from notecheck.meaning.claims import Relation
from notecheck.meaning.clash_doubts import CARRIED_NABLA, carries_nabla, kron_letters
from notecheck.meaning.context import Context, Declaration
from notecheck.meaning.conventions import is_entry
from notecheck.meaning.declarations import read_context
from notecheck.meaning.disclaimers import disclaimer
from notecheck.meaning.entries import free_letters
from notecheck.meaning.note_meaning import NoteMeaning, read_meaning
from notecheck.meaning.dims import Shape
from notecheck.meaning.mentions import mentioned_properties, spoken_properties
from notecheck.meaning.reach import Definition, sums_to_one
from notecheck.meaning.shapes import ShapeEnv, infer
from notecheck.meaning.stated_conditions import constraint_stated, example_size, general_law, size_case
from notecheck.meaning.written_sizes import dims_in_latex

__all__ = [
    "read_meaning", "NoteMeaning", "free_letters", "sums_to_one",
    "claims", "Relation", "Definition", "read_context", "Context", "Declaration", "dims_in_latex",
    "mentioned_properties", "spoken_properties", "infer", "Shape", "ShapeEnv", "operator_doubt", "is_entry",
    "disclaimer", "general_law", "constraint_stated", "size_case", "kron_letters", "carries_nabla", "CARRIED_NABLA",
    "example_size",
]

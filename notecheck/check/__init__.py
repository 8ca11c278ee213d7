"""Stage 4, claims → verdicts: every claim of a note checked against numeric truth.

Takes a note, its trees and what the meaning stage read from them; returns a
`NoteResult` with a verdict per claim and a finding per failed or unchecked one, each
fix as an `Edit`; `apply_edits` and `unified_diff` put those edits into a note's text,
`fixed_file` into its file's bytes (its encoding and line breaks kept, or `Unfixable`).
"""

from notecheck.check.checker import check_note
from notecheck.check.fix import apply_edits, unified_diff
from notecheck.check.fix_file import Unfixable, fixed_file

__all__ = ["check_note", "apply_edits", "unified_diff", "fixed_file", "Unfixable"]

"""Stage 4, claims → verdicts: every claim of a note checked against numeric truth.

Takes a note, its trees and what the meaning stage read from them; returns a
`NoteResult` with a verdict per claim and a finding per failed or unchecked one.
"""

from notecheck.check.checker import check_note

__all__ = ["check_note"]

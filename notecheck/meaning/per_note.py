"""Answers worked out once per note: a question the meaning stage asks at each clash of a
note (its sentences, its matrices of numbers) depends on the note alone, so it is answered
for the note's own object the first time and given back after. Only the last note's answer
is kept, so no note outlives the next one's check, and nothing is hashed: a note and its
list of trees are known by identity."""

from __future__ import annotations

from functools import wraps


def per_note(question):
    """`question(of)` answered once for the object `of` it is last asked about."""
    last: list = [None, None]  # (the object asked about, its answer)

    @wraps(question)
    def answered(of):
        if last[0] is not of:
            last[:] = [of, question(of)]
        return last[1]

    return answered

"""Numeric faults (overflow, 0/0, the log of a negative) give inf or nan silently while
claims are evaluated: an evaluation turns those into `IllConditioned` itself. numpy is
told so by `np.errstate(all="ignore")`, and entering and leaving one costs ~6,000
instructions, more than a small evaluation; so it is entered as seldom as it can be: by
the outermost scope only (an evaluation inside another, for a derivative, is already
quiet), and, while a note is checked (`one_scope_per_note`), once for the whole note, by
its first scope, and left when the note is done (a judgement opens a scope, 4,500 per
hundred notes). This module loads numpy only when a scope is entered, so that the checker
can wrap every note in it and a note with nothing to evaluate loads no numpy.
"""

from __future__ import annotations

from functools import wraps


class Quiet:
    """How many scopes are running under the errstate, and the note's, if one is being
    checked: `note` says that a scope entering the errstate keeps it for the note (`held`)."""

    depth = 0
    note = False
    held = None


class quiet:  # lower case: it is used as a function would be, `with quiet():`
    """A scope in which numpy's faults are silent. A class, not a generator: `contextlib`
    cost ~2 µs more per scope."""

    __slots__ = ("scope",)

    def __enter__(self):
        if Quiet.depth:
            self.scope = None
            return
        import numpy as np

        scope = np.errstate(all="ignore")
        Quiet.depth += 1
        try:
            scope.__enter__()
        except BaseException:
            Quiet.depth -= 1
            raise
        if Quiet.note:  # kept until the note is done: the depth stays, later scopes enter nothing
            Quiet.held, self.scope = scope, None
        else:
            self.scope = scope

    def __exit__(self, kind, value, traceback):
        if self.scope is not None:
            try:
                self.scope.__exit__(kind, value, traceback)
            finally:
                Quiet.depth -= 1
        return False


def quietly(call, argument):
    """`call(argument)` in a quiet scope: a scope already running (nearly always, once a
    note's is held) is kept without making a scope object for it."""
    if Quiet.depth:
        return call(argument)
    with quiet():
        return call(argument)


def one_scope_per_note(check):
    """`check` of one note, during which the first scope to enter the errstate keeps it
    until the note is done, when it is left as that scope would have left it."""

    @wraps(check)
    def checked(*args, **kwargs):
        outer = Quiet.note, Quiet.held  # a check inside another's (none today) leaves the outer one's
        Quiet.note, Quiet.held = True, None
        try:
            return check(*args, **kwargs)
        finally:
            held = Quiet.held
            Quiet.note, Quiet.held = outer
            if held is not None:
                try:
                    held.__exit__(None, None, None)
                finally:
                    Quiet.depth -= 1

    return checked

"""Why a numeric evaluation stopped, in words a note's author understands.

Two kinds, because the checker treats them differently: an `Unsupported` construct makes
a claim "unverified (reason)"; an `IllConditioned` draw (a near-singular inverse, the log
of a negative number) is bad luck of the random values, so the claim is re-drawn.
"""

from __future__ import annotations


class Unsupported(Exception):
    """The expression uses something the numeric engine cannot evaluate.

    `reason` names the construct ("element access X_{ij}", "integral").
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ShapeMismatch(Unsupported):
    """Operands whose shapes do not fit (`3×4` times `5×1`): a shape error, not a false claim."""


class IllConditioned(Exception):
    """This draw cannot be evaluated reliably (singular inverse, log of a non-positive
    number); another draw may be fine."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

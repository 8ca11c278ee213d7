"""Why a numeric evaluation stopped, in words a note's author understands.

Two kinds, because the checker treats them differently: an `Unsupported` construct makes
a claim "unverified (reason)"; an `IllConditioned` draw (a near-singular inverse, the log
of a negative number) is bad luck of the random values, so the claim is re-drawn.
"""

from __future__ import annotations

import re


class Unsupported(Exception):
    """The expression uses something the numeric engine cannot evaluate.

    `reason` names the construct ("element access X_{ij}", "integral").
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


NO_VALUE = "no value for {} (unknown shape)"  # the reason a symbol without a shape gives
NO_VALUE_READ = re.compile(r"no value for (\S+) \(unknown shape\)")


def no_value(label: str) -> Unsupported:
    """A symbol that has no shape, so no value to evaluate with (`unvalued` reads it back)."""
    return Unsupported(NO_VALUE.format(label))


def unvalued(reason: str) -> str | None:
    """The label of the symbol a reason says has no value (`no_value`), if it says so."""
    found = NO_VALUE_READ.fullmatch(reason)
    return found.group(1) if found else None


class ShapeMismatch(Unsupported):
    """Operands whose shapes do not fit (`3×4` times `5×1`): a shape error, not a false claim."""


NEARLY_SINGULAR = "inverse of a nearly singular matrix"  # a draw's reason (`kernels.inverse`) that `judge` retries mirrored


class IllConditioned(Exception):
    """This draw cannot be evaluated reliably (singular inverse, log of a non-positive
    number); another draw may be fine."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def copied(fault: Exception) -> Exception:
    """What `copy.copy(fault)` makes of a fault: one of its type with its arguments and
    attributes (`reason`), without its traceback, cause or context. Made directly, where
    `copy` went through the pickling protocol (15,000 instructions, three times this) at
    each of the 1,800 remembered faults raised again per hundred notes (`evaluate.
    evaluate_raw`); `__new__` sets the arguments, and `__init__`, which would set them
    and the attributes once more, is not called."""
    kind = type(fault)
    out = kind.__new__(kind, *fault.args)
    out.__dict__.update(fault.__dict__)
    return out


UNSUPPORTED = "(not supported)"  # how the reason for an `Opaque` part ends


def construct_name(node) -> str:
    """What a node type the engine has no rule for is called in an `Unsupported` message."""
    names = {
        "Dots": "an elided list (⋯)",
        "Text": f"the text '{getattr(node, 'text', '')}'",
        "Space": "a set (ℝ^{m×n}) used as a value",
        "Chain": "a relation inside an expression",
        "Parsed": "a whole formula inside an expression",
        "Opaque": f"{getattr(node, 'what', '')} {UNSUPPORTED}",
    }
    return names.get(type(node).__name__, f"the construct {type(node).__name__}")

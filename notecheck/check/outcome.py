"""What judging one relation finds (`Outcome`), and the constants every question shares:
how many random draws a claim must hold on, the two layouts, a symbol's plain name."""

from __future__ import annotations


from notecheck.latex.expr import Symbol
from notecheck.records import Record
from notecheck.result import UNVERIFIED

DRAWS = 3           # independent random worlds a claim must hold in (one, where `one_draw` says it settles)
REDRAWS = 2         # extra worlds tried when one is ill-conditioned
NUMERATOR, DENOMINATOR = "numerator", "denominator"


class Outcome(Record):
    """What checking one relation found. `matches` is the set of layouts a claim holds in
    when that depends on the layout; `diagnosis` says how a failure is wrong."""

    verdict: str
    message: str = ""
    diagnosis: str = ""
    matches: frozenset[str] = frozenset()
    code: str | None = None
    shape_failure: bool = False  # failed because the formula's shapes do not fit
    # the definitions the verdict was reached without (`unvalued`: an earlier section's y = f(x)
    # where x has no value, and y is the data of this one), which its reading does not go through
    dropped: frozenset = frozenset()


UNCERTAIN = "NC701"  # the code of a failure the reading could not make certain


def uncertain(doubt: str, outcome: Outcome, reading: str = "that way") -> Outcome:
    """A failure whose reading is in doubt: unverified, with the doubt and what the claim
    would be read that way, or as `reading` says (`checker.certain`, `judge.with_bound_doubt`)."""
    read = outcome.diagnosis or "in the other layout"
    return Outcome(UNVERIFIED, f"{doubt}; read {reading} it would be wrong ({read})", code=UNCERTAIN)


def symbol_text(sym: Symbol) -> str:
    """`x'_i`, and `x^*` for a starred letter: a value apart from x, so named apart."""
    out = sym.name + "'" * sym.prime
    out = f"{out}_{sym.sub}" if sym.sub else out
    return out + "^*" if sym.accent == "star" else out


def other(layout: str) -> str:
    return NUMERATOR if layout == DENOMINATOR else DENOMINATOR

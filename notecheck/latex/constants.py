"""The letters a note may mean as numbers: Euler's number e and π, and the names of sizes.

A letter is a symbol like any other until the note uses it as a constant; these say when
that reading is taken (the shape solver, the random worlds, the evaluator and the judge
all ask the same question, and must give the same answer)."""

from __future__ import annotations

from notecheck.latex.expr import Expr, Number, Power, Symbol

CONSTANT_LETTERS = frozenset({"e", "pi"})  # Euler's number and π, when the note gives them no other value


def is_constant_letter(sym: Symbol) -> bool:
    """`e` or `\\pi` written plainly (no subscript, prime, accent or font but roman):
    the constant, unless the note gives the letter a value of its own."""
    return sym.name in CONSTANT_LETTERS and sym.sub is None and sym.prime == 0 and sym.accent is None \
        and sym.font in ("", "rm")


def is_euler_power(node: Expr) -> bool:
    """`e^{-z}`, `e^{x_j}`: plain e raised to something that is not a number, which makes e
    Euler's number (`e^2` alone may square an error e)."""
    return type(node) is Power and type(node.base) is Symbol and node.base.name == "e" \
        and is_constant_letter(node.base) and type(node.exp) is not Number


def size_name(sym: Symbol) -> str:
    """The name a size letter goes by, in a space (`\\mathbb{R}^{d\\times d'}`), a sum's
    bound and a formula alike: `d'` is a size of its own, not `d` again."""
    return sym.name + "'" * sym.prime

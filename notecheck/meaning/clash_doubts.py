"""Why two sizes that clash may still be what the note means: the doubts a shape clash
of two known sizes can carry, which make it `unverified` rather than an error
(`certainty`: an error only when the reading is certain).

- A worked example: a matrix written by its entries gave a named size one value and
  another matrix of entries gives it another (`A` is m×n, `A = [[1,0],[2,-1],[0,3]]`,
  then `A^T A` written as 3×3). One value is no clash at all (`Dims.example_size`)."""

from __future__ import annotations

from notecheck.latex.expr import Expr


def clash_doubt(solver, clash: tuple[int, int] | None, nodes: tuple[Expr, ...]) -> str:
    """Why the clash of the two dim classes `clash` in the solver's current formula, read
    from `nodes`, may not be a mistake ('' if no reason is known)."""
    if clash is None:
        return ""
    return example_doubt(solver.dims, clash)


def example_doubt(dims, clash: tuple[int, int]) -> str:
    """A named size a worked example's matrices of entries give two values."""
    for name, number in (clash, clash[::-1]):
        named, entries = dims.root_info(name), dims.root_info(number)
        if named.kind == "name" and named.example is not None and entries.kind == "int" and entries.entries:
            return (f"a worked example's matrices of entries make `{named.value}` both {named.example} and "
                    f"{entries.value}; the example may not be meant with the note's sizes")
    return ""

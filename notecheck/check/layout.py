"""In which layout: the note's layout, and a derivative claim's verdict under it.

The note's layout is the declared one, else the majority of the claims that hold in
exactly one layout (derivative claims, and steps like `df = tr(∂f/∂X^T dX)`), else the
configured default, else denominator. A derivative claim right in the note's layout is
verified. One right only in the other layout gets NC601; its verdict is `failed` when the
note *declared* its layout (the author broke their own convention) and `verified` when the
layout was only inferred (the math is right, only the convention differs). A step through
derivatives that holds only in the other layout, and `∇f` written as a row, are NC601 with
the verdict `verified`. Right in neither: NC501.
"""

from __future__ import annotations

from dataclasses import replace

from notecheck.check.judge import judge, judge_numerically
from notecheck.check.outcome import DENOMINATOR, NUMERATOR, Outcome, other
from notecheck.check.worlds import World, Worlds
from notecheck.findings import Finding
from notecheck.latex.expr import Derivative, Expr
from notecheck.meaning import claims as C
from notecheck.result import FAILED, VERIFIED, Layout


UNTOLD = "default"  # the reason of a layout no claim, declaration or setting told


def inner_derivatives(relation: C.Relation) -> bool:
    return bool(C.derivatives_in(relation.rhs))


def declared_layout(context, note, config) -> Layout | None:
    declared = getattr(context, "layout", None)
    if declared is not None and declared.name in (NUMERATOR, DENOMINATOR):
        return declared
    return None


def layout_votes(relations: list[C.Relation], worlds: Worlds) -> list[frozenset[str]]:
    """The layouts each claim holds in, for the claims that can tell: derivative claims
    (`∂f/∂X = ab^T`), and steps that relate a derivative to a differential (`df =
    tr(∂f/∂X^T dX)` is the denominator convention, `trace(y' dX)` the numerator one)."""
    votes = []
    for relation in relations:
        if relation.kind == "derivative" and not inner_derivatives(relation) and not is_nabla(relation.lhs):
            votes.append(judge(relation, worlds.of(relation.formula), DENOMINATOR).matches)
        elif relation.kind in ("differential", "step") and C.derivatives_in(relation.lhs) + \
                C.derivatives_in(relation.rhs):
            world = worlds.of(relation.formula)
            votes.append(frozenset(name for name in (DENOMINATOR, NUMERATOR) if holds_in(relation, world, name)))
    return votes


def holds_in(relation: C.Relation, world: World, layout: str) -> bool:
    try:
        return judge_numerically(relation, world, layout, repairing=True).verdict == VERIFIED
    except Exception:  # noqa: BLE001 - a vote that cannot be taken is no vote
        return False


def inferred_layout(votes, config) -> Layout:
    """The majority of the claims that hold in exactly one layout, else the configured
    default, else denominator."""
    single = [next(iter(v)) for v in votes if len(v) == 1]
    default = getattr(config, "layout", None) or DENOMINATOR
    if not single:
        return Layout(default, UNTOLD if not getattr(config, "layout", None) else "configured default")
    numerator = single.count(NUMERATOR)
    denominator = len(single) - numerator
    if numerator == denominator:
        return Layout(default, f"default (derivative claims split {numerator}–{denominator})")
    name = NUMERATOR if numerator > denominator else DENOMINATOR
    return Layout(name, f"inferred from {max(numerator, denominator)} of {len(single)} claims that tell the layouts apart")


def is_nabla(node: Expr) -> bool:
    return isinstance(node, Derivative) and node.style == "nabla"


def apply_layout(relation: C.Relation, outcome: Outcome, layout: Layout, declared: bool,
                 stated: str | None = None) -> Outcome:
    """Turn a derivative claim's matching layouts into its verdict under the note's layout.
    `∇f` is the gradient, a column like the variable, whatever layout the note uses for
    `∂f/∂x` (seed 002: "分子布局下，∇f = (∂f/∂x)^T"); a row there is only a warning.
    A claim right in the layout the note `stated` in words (without being held to it,
    `prose_layout`) is right as its author said it is."""
    if not outcome.matches or layout.name is None:
        return outcome
    if stated in outcome.matches and layout.name not in outcome.matches and not is_nabla(relation.lhs):
        return replace(outcome, message=outcome.message or f"verified in {stated} layout, the one the note names")
    if is_nabla(relation.lhs):
        layout, declared = Layout(DENOMINATOR, "∇ is the gradient"), False
    elif layout.reason == UNTOLD and inner_derivatives(relation) and len(outcome.matches) == 1:
        # `dy/dx = dy/dz dz/dx` in a note nothing else tells the layout of: the order says the note's, no mistake
        return replace(outcome, message=outcome.message or f"verified in {next(iter(outcome.matches))} layout")
    if relation.kind != "derivative":
        declared = False  # a step through derivatives in the other convention: a warning, never false
    if layout.name in outcome.matches:
        return outcome
    wrong = other(layout.name)
    verdict = FAILED if declared else VERIFIED
    diagnosis = "written as a row, but ∇ is the gradient: a column like its variable, in either layout" \
        if is_nabla(relation.lhs) else f"right in {wrong} layout, but the note uses {layout.name} layout"
    return Outcome(verdict, outcome.message, diagnosis=diagnosis, matches=outcome.matches, code="NC601")


def mixed_layout_finding(relations, outcomes, layout: Layout) -> Finding | None:
    used = [o.matches for r, o in zip(relations, outcomes)
            if r.kind == "derivative" and len(o.matches) == 1 and not is_nabla(r.lhs)]
    kinds = {next(iter(m)) for m in used}
    if len(kinds) < 2:
        return None
    return Finding("NC602", f"derivative claims use both layouts; the note's layout is {layout.name} ({layout.reason})",
                   line=1, col=1)

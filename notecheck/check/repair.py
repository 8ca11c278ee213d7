"""What is right instead: for a failed claim the smallest edit that makes it hold, else the
re-derived gradient; for a claim right only in the other layout, its form in the note's
layout; for a derivative by a variable its function does not use, the one it meant.
Every suggestion is checked numerically before anyone sees it."""

from __future__ import annotations

from dataclasses import replace

from notecheck.check.judge import holds_with, judge_numerically, smallest_edit
from notecheck.check.note_text import scaled_text, source_of, to_latex, transpose_mark, transposed_text, whole_edit_text
from notecheck.check.outcome import DENOMINATOR, Outcome, symbol_text
from notecheck.check.worlds import World
from notecheck.findings import Edit, Finding
from notecheck.latex.expr import Apply, Derivative, Expr, Index, Symbol, Transpose
from notecheck.meaning import claims as C
from notecheck.result import FAILED, VERIFIED, Layout


def with_intended_variable(note, relation: C.Relation, finding: Finding, world: World,
                           layout: Layout) -> Finding:
    """`∂f/∂Y = G` where f does not involve Y but the claim holds for one of f's own
    variables (seed 003 wrote Y for X): say which, and offer that left-hand side as the
    fix, as an edit of the left side, since the right side is right."""
    node = relation.lhs
    body = relation.defs[node.f].expr if node.f in relation.defs else node.f
    for sym in sorted(C.reachable(body, relation.defs) - set(relation.defs), key=symbol_text):
        trial = replace(relation, lhs=replace(node, wrt=sym))
        try:
            outcome = judge_numerically(trial, world, layout.name or DENOMINATOR, repairing=True)
        except Exception:  # noqa: BLE001 - a variable the engine cannot take is no suggestion
            continue
        if outcome.verdict != VERIFIED or (layout.name or DENOMINATOR) not in outcome.matches:
            continue
        text = to_latex(trial.lhs, note)
        if not text:
            return finding
        formula = note.formulas[relation.formula]
        edit = None
        if formula.start >= 0 and node.pos >= 0:
            edit = Edit(formula.start + node.pos, formula.start + node.end, text)
        return replace(finding, message=f"{finding.message}; the claim holds for {text}", fix=text, edit=edit)
    return finding


def find_repair(note, relation: C.Relation, outcome: Outcome, world: World, layout: Layout,
                env, context) -> tuple[str, str] | None:
    """The right-hand side the claim should have, as LaTeX, with why: the smallest edit
    that makes it hold (tested numerically), else the re-derived gradient (also tested)."""
    rhs = source_of(note, relation, relation.rhs)
    if outcome.code == "NC601":
        return note_layout_form(note, relation, world, layout, env, context, rhs)
    if outcome.verdict != FAILED or outcome.code not in ("NC401", "NC402", "NC501"):
        return None
    edit = smallest_edit(relation, world, layout, shape_lookup(env, relation.formula))
    if edit is not None:
        text = whole_edit_text(rhs, relation.rhs, edit[0], transpose_mark(note)) \
            or scaled_text(note, relation, edit[0]) \
            or to_latex(as_written(edit[0]), note)
        if text:
            return text, edit[1]
    derived = derived_gradient(relation, world, layout, env, context)
    if derived is not None:
        text = to_latex(derived, note)
        if text:
            return text, "re-derived"
    return None


def as_written(candidate: Expr) -> Expr:
    """The matrix itself where notecheck read a matrix side as its entry (`2A^T` for the
    `(2A^T)_{pq}` it compared with `2(A^T)_{pq}`)."""
    from notecheck.check.indexed import written

    return candidate.arg if isinstance(candidate, Index) and not written(candidate) else candidate


def note_layout_form(note, relation: C.Relation, world: World, layout: Layout, env, context,
                     rhs: str | None) -> tuple[str, str] | None:
    """A claim right only in the other layout, rewritten in the note's: its transpose
    simplified the way an author would write it (`X^{-T}`, not `(X^{-1})^T`), shown only if
    it holds; else the transpose wrapped around the author's own text. Only derivative
    claims: in a step or a differential the layout lives in a derivative inside, and
    transposing the whole side (often a scalar) would help nobody."""
    from notecheck.latex import simplify

    if relation.kind != "derivative":
        return None

    try:
        flipped = simplify(Transpose(relation.rhs), shape_lookup(env, relation.formula),
                           getattr(context, "properties", None))
    except Exception:  # noqa: BLE001 - the wrapped form below still tells the truth
        flipped = None
    if flipped is not None and holds_with(relation, flipped, world, layout):
        text = to_latex(flipped, note)
        if text:
            return text, "transposed into the note's layout"
    return (transposed_text(rhs, transpose_mark(note)), "") if rhs else None


def derived_gradient(relation: C.Relation, world: World, layout: Layout, env, context) -> Expr | None:
    """The deriver's gradient for a failed derivative claim, in the note's layout, shown
    only if it makes the claim hold numerically."""
    node = relation.lhs
    if not isinstance(node, Derivative) or node.order != 1:
        return None
    entry = isinstance(node.wrt, Index) and isinstance(node.wrt.arg, Symbol)  # ∂f/∂X_{ij}: (∂f/∂X)_{ij}
    variable = node.wrt.arg if entry else node.wrt
    if not isinstance(variable, Symbol):
        return None
    from notecheck.check import derive

    # abstract definitions (f(Y) with f unknown) stay in: the deriver then writes the
    # chain rule the way notes do, A^T (∂f/∂Y) B^T
    defs = {name: d.expr for name, d in relation.defs.items()}
    body = defs.get(node.f, node.f) if isinstance(node.f, Symbol) else node.f
    if isinstance(body, Apply) and body.fn in relation.defs and relation.defs[body.fn].args == body.args:
        body = defs[body.fn]  # `∇h(x)` after `h(x) = x^TPx`: what h(x) is (else the answer is ∂h/∂x itself)
    try:
        result = derive.gradient(body, variable, defs, shape_lookup(env, relation.formula),
                                 getattr(context, "properties", None),
                                 layout="denominator" if entry else layout.name or "denominator")
    except Exception:  # noqa: BLE001 - the deriver is a bonus; the numeric verdict stands
        return None
    if entry:  # the entry of the matrix form, which is what the note is after
        result = Index(result, node.wrt.sub)
    return result if holds_with(relation, result, world, layout) else None


def shape_lookup(env, formula: int):
    """Shapes for the deriver, as bound in the formula's section."""
    if env is None:
        return None

    def shape_of(node):
        return env.symbol(node, formula=formula) if isinstance(node, Symbol) else env.of(node)

    return shape_of

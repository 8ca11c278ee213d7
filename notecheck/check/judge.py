"""Is it true: the verdict on one relation, from its evidence on every draw.

`judge` never calls a right claim wrong: a claim that fails only because notecheck could
not know something (a property the note states in words it could not tie to a symbol, a
function it only names, an undefined symbol on one side) is `unverified`, with the reason.
A right-hand side whose shapes do not fit is wrong only when a one-step edit makes it hold."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import replace

from notecheck.check.diagnose import agreed_diagnosis
from notecheck.check.numeric.remember import remembered
from notecheck.check.indexed import MAX_SWAPS, index_edits, indexes_entries, states_layout, varies_with_index
from notecheck.check.escaped_bars import SINGLE_BARS, single_bars
from notecheck.check.evidence import Evidence, compare, evaluated_definitions, moving, numeric, without_defined
from notecheck.check.numeric.errors import NEARLY_SINGULAR, IllConditioned, ShapeMismatch, Unsupported
from notecheck.check.before_draws import in_one_font, missing_dependence, one_sided, restates_definition
from notecheck.check.one_draw import one_draw_decides
from notecheck.check.outcome import DENOMINATOR, DRAWS, NUMERATOR, Outcome, other, symbol_text, uncertain
from notecheck.check.shape_failures import in_note_sizes
from notecheck.check.sum_bounds import bound_doubt
from notecheck.check.unclear import about_unknown_function, unclear_derivative
from notecheck.check.unvalued import without_unevaluated, without_unvalued
from notecheck.check.worlds import NARROWER_DOMAINS, World, fits, known_sizes, narrowed_draw, with_property
from notecheck.latex.expr import Apply, Expr, Func, Index, Symbol, walk
from notecheck.meaning import claims as C
from notecheck.meaning import free_letters, sums_to_one
from notecheck.result import FAILED, UNVERIFIED, VERIFIED, Layout


def judge(relation: C.Relation, world: World, layout: str | None) -> Outcome:
    """The verdict of one relation, evaluated on the world's draws. A fault of notecheck
    itself on one claim makes that claim unverified (NC901), never the note crash.
    Asked again in the same layout (the layout vote, then the verdict), the answer is the
    one found the first time, while the draws know no new sizes."""
    try:
        if relation.solutions or relation.solves:  # those are judged in a second world too
            return judged(relation, world, layout)
        key = ("judge", id(relation), id(world.draws), layout, known_sizes(world.draws))
        return remembered(world.facts, key, (relation, world.draws), judged, relation, world, layout)
    except RecursionError:
        return Outcome(UNVERIFIED, "the formula is too deeply nested to evaluate")
    except MemoryError:
        return Outcome(UNVERIFIED, "evaluating it needs more memory than notecheck gives a note")
    except Exception as error:  # noqa: BLE001 - one claim's bug must not hide the others
        return Outcome(UNVERIFIED, f"notecheck failed on this claim ({type(error).__name__}: {error})",
                       code="NC901")


def judged(relation: C.Relation, world: World, layout: str | None) -> Outcome:
    if "±" not in world.functions and writes_plus_minus(relation):
        return either_sign(relation, world, layout)
    outcome = judge_numerically(relation, world, layout)
    if outcome.verdict == FAILED and outcome.code in ("NC401", "NC402", "NC501"):
        outcome = in_other_layout(relation, world, layout) or rescued(relation, world, layout) \
            or stated_of_defined(relation, world, layout) or about_unknown_function(relation) \
            or with_single_bars(relation, world, layout, outcome) \
            or with_swapped_indices(relation, world, layout, outcome)
    return with_bound_doubt(relation, world, outcome)


def writes_plus_minus(relation: C.Relation) -> bool:
    return any(type(n) is Func and n.name == "pm" for side in (relation.lhs, relation.rhs) for n in walk(side))


def either_sign(relation: C.Relation, world: World, layout: str | None) -> Outcome:
    """`(a \\pm b)^2 = a^2 \\pm 2ab + b^2` holds with ± read as plus throughout and as minus
    throughout: verified. A claim that holds in one reading only, or in neither
    (`\\sqrt{a^2} = \\pm a` holds with one sign at each value), may mean either sign value
    by value, which no one reading checks: unverified, never failed."""
    plus, minus = (judged(relation, replace(world, functions={**world.functions, "±": sign}), layout)
                   for sign in "+-")
    if plus.verdict == VERIFIED and minus.verdict == VERIFIED:
        return plus
    if UNVERIFIED in (plus.verdict, minus.verdict):
        return plus if plus.verdict == UNVERIFIED else minus
    held = "plus" if plus.verdict == VERIFIED else "minus" if minus.verdict == VERIFIED else "neither sign"
    return Outcome(UNVERIFIED, f"with ± read as one sign throughout it holds for {held}; "
                               "it may mean either sign, value by value")


def with_bound_doubt(relation: C.Relation, world: World, outcome: Outcome) -> Outcome:
    """A failure found while one sum bound stood for two numbers (`sum_bounds`) is not
    certain: unverified, saying why, as `checker.certain` words a doubtful reading. An
    index free on one side only (NC403) is free whatever the sums run to."""
    if outcome.verdict != FAILED or outcome.shape_failure or outcome.code == "NC403":
        return outcome
    doubt = bound_doubt(relation, world)
    return uncertain(doubt, outcome) if doubt else outcome


def judge_numerically(relation: C.Relation, world: World, layout: str | None, repairing: bool = False) -> Outcome:
    """The numeric verdict; `repairing` when judging a candidate fix (no fixes of fixes).
    A claim that cannot be evaluated with the definitions looked up further on is tried
    with only those made before it (the later `a = Wx` may belong to another example).
    Its evaluations run in one quiet numeric scope (`quiet_numbers`)."""
    sizes = known_sizes(world.draws)
    with quiet_numbers(world):
        # a trial (`repairing`) asks only whether it holds: a draw on which it fails settles
        # that, and the other draws need not be evaluated
        outcome = judge_with_defs(relation, world, layout, repairing, repairing)
        if outcome is REFUTED and retry_differs(relation, world, sizes, outcome):
            return refuted_trial(relation, world, layout)
        if outcome.verdict == UNVERIFIED and outcome.code is None and retry_differs(relation, world, sizes, outcome):
            retry = judge_with_defs(made_before(relation), world, layout, repairing, repairing)
            if retry.verdict != UNVERIFIED:
                return retry
        if outcome.verdict == UNVERIFIED and outcome.code is None:
            readable = without_unvalued(relation, world, outcome.message)
            if readable is not None:
                retry = judge_with_defs(readable, world, layout, repairing, repairing)
                if retry.verdict == VERIFIED:
                    return retry
                dropped = frozenset(relation.defs) - frozenset(readable.defs)
                if retry.verdict == FAILED and not repairing and all(unwritten_value(relation, k) for k in dropped):
                    return replace(retry, dropped=dropped)  # as certain as its reading without them
            readable = without_unevaluated(relation, world, outcome.message)
            if readable is not None:  # only a verification holds for the values the note gives
                retry = judge_with_defs(readable, world, layout, repairing, repairing)
                if retry.verdict == VERIFIED:
                    return retry
    return outcome


def in_either_font(relation: C.Relation, world: World, layout: str | None, doubt: str) -> Outcome | None:
    """A claim whose one-sided symbols are one letter bold on one side and plain on the
    other (`before_draws.in_one_font`), judged so: verified, or wrong only read that way."""
    merged = in_one_font(relation, world)
    outcome = merged and judge_with_defs(merged[0], world, layout, repairing=False)
    if not outcome or outcome.verdict == UNVERIFIED:
        return None
    return replace(outcome, message=f"verified {merged[1]}") if outcome.verdict == VERIFIED \
        else uncertain(doubt, outcome, merged[1])


def unwritten_value(relation: C.Relation, name: Symbol) -> bool:
    """Whether `name` is defined only as the value of a function the note never writes out
    (`y = f(x)`): drawn instead, it is as much "some value" as it was, so a failure without
    that definition is a failure with it (a definition by a formula, `A = B - B^T`, gives
    properties a random A lacks)."""
    expr = relation.defs[name].expr
    return isinstance(expr, Apply) and isinstance(expr.fn, Symbol) and \
        (expr.fn not in relation.defs or relation.defs[expr.fn].abstract)


def retry_differs(relation: C.Relation, world: World, sizes: tuple[int, ...], outcome: Outcome) -> bool:
    """Whether judging the claim with only the definitions made before it could differ
    from judging it with all of them: only if it reads one made later
    (`evidence.definitions_read`; nothing else among them changes what it evaluates to or
    how it is judged), or its draws learned a size meanwhile. A claim with solutions is
    judged with its conditions' definitions too, and one whose shapes do not fit with
    candidate fixes that may name other symbols (`shape_outcome`), so those are always
    retried. Seven in ten retries read none made later (724 per hundred notes)."""
    defs, formula = relation.defs, relation.formula
    if not any(d.formula > formula for d in defs.values()):
        return False  # the definitions made before it are all of them
    if relation.solutions or relation.solves or known_sizes(world.draws) != sizes \
            or SHAPES_DO_NOT_FIT in outcome.message:
        return True
    return any(defs[name.fn if type(name) is Apply else name].formula > formula
               for name in evaluated_definitions(relation, world))


def refuted_trial(relation: C.Relation, world: World, layout: str | None) -> Outcome:
    """A trial refuted with every definition, where those made before it alone might still
    verify it: that retry is asked only when the trial, judged on every draw, ends
    unverified (a later draw may not evaluate), so the retry goes first, and only if it
    holds is the trial judged on every draw to know whether it is asked."""
    retry = judge_with_defs(made_before(relation), world, layout, True, True)
    if retry.verdict != VERIFIED:
        return retry  # not verified either way, which is all a trial's caller reads
    outcome = judge_with_defs(relation, world, layout, True)
    return retry if outcome.verdict == UNVERIFIED and outcome.code is None else outcome


def made_before(relation: C.Relation) -> C.Relation:
    """The relation with only the definitions made before it (or in its own formula)."""
    return replace(relation, defs={k: v for k, v in relation.defs.items() if v.formula <= relation.formula})


def quiet_numbers(world: World):
    """One `np.errstate` for a whole judgement, not one per evaluation (a judgement makes
    a dozen, and entering one costs as much as a small evaluation); a world without
    draws evaluates nothing, and does not load numpy for it."""
    if not world.draws:
        return nullcontext()
    return numeric().quiet()


def judge_with_defs(relation: C.Relation, world: World, layout: str | None, repairing: bool,
                    until_refuted: bool = False) -> Outcome:
    """The verdict with the relation's definitions; `until_refuted` for a trial whose
    caller asks only whether it is verified: it stops at the first draw that says no."""
    if relation.reason:
        return Outcome(UNVERIFIED, relation.reason)
    if relation.kind == "definition":
        return judge_definition(relation, world, layout)
    if not world.draws:
        return Outcome(UNVERIFIED, world.unknown)
    if drawn_to_sum_to_one(relation, world):
        return Outcome(UNVERIFIED, "a property the note gives a vector (its entries sum to 1): drawn so, not checked")
    if relation.free_index and relation.kind not in ("condition", "solution", "definition"):
        loose = free_index_outcome(relation, world, layout)
        if loose is not None:
            return loose
    doubt = restates_definition(relation) or \
        (one_sided(relation, world) if relation.kind not in ("condition", "solution") and not repairing else "")
    if doubt:
        return in_either_font(relation, world, layout, doubt) or Outcome(UNVERIFIED, doubt)
    if relation.kind == "derivative":
        missing = missing_dependence(relation, world)
        if missing:
            return missing
    unclear = unclear_derivative(relation, world)
    if unclear:
        return Outcome(UNVERIFIED, unclear)
    if relation.kind in ("condition", "solution") and (relation.solutions or relation.solves):
        return judge_solved(relation, world, layout)
    good, checked, last_error = [], 0, ""
    for draw in world.draws:
        try:
            good.append(compare(relation, draw, world, layout or DENOMINATOR))
            checked += 1
        except IllConditioned as error:
            last_error = f"every random draw was ill-conditioned ({error.reason})"
            continue
        except ShapeMismatch as error:
            if repairing:
                return Outcome(UNVERIFIED, error.reason)
            return shape_outcome(relation, draw, world, layout or DENOMINATOR, error.reason)
        except Unsupported as error:
            return Outcome(UNVERIFIED, error.reason)
        if checked == DRAWS or checked == 1 and settled_by_one(relation, good[0], draw, world):
            break
        if until_refuted and refuted(relation, good):
            return REFUTED
    if not checked:
        if "non-positive" in last_error or "negative" in last_error:  # log(u/c): u and c are positive
            for narrower in NARROWER_DOMAINS:  # log(1 - p): p is in (0, 1)
                narrowed = replace(world, draws=[narrowed_draw(d, narrower) for d in world.draws])
                if any(new is not old for new, old in zip(narrowed.draws, world.draws)):
                    return judge_with_defs(relation, narrowed, layout, repairing, until_refuted)
        if NEARLY_SINGULAR in last_error:
            return in_mirrored_world(relation, world, layout, repairing, until_refuted) or Outcome(UNVERIFIED, last_error)
        return Outcome(UNVERIFIED, last_error)
    outcome = conclude(relation, good, layout or DENOMINATOR, diagnosing=not repairing)
    if outcome.verdict != VERIFIED and "orthogonal" in world.tied and \
            drawn_wide_orthogonal(relation, world.draws[0]):
        return in_mirrored_world(relation, world, layout, repairing, until_refuted) or outcome
    return outcome


def in_mirrored_world(relation: C.Relation, world: World, layout: str | None, repairing: bool,
                      until_refuted: bool) -> Outcome | None:
    """A claim whose every draw met a singular inverse, `(X^TX)^{-1}X^TX = I` with X drawn
    wide (3×4: its sizes were handed out in the order the note named them), is judged
    again with the sizes in the other order, where X is tall and X^TX invertible: verified
    there, it is verified (a check that could have failed). Anything else there says
    nothing the note meant: None, and the claim stays unverified, saying why."""
    tall = world.mirrored() if world.mirrored else None
    if tall is None or tall is world or not tall.draws:
        return None
    outcome = judge_with_defs(relation, tall, layout, repairing, until_refuted)
    return outcome if outcome.verdict == VERIFIED else None


def drawn_wide_orthogonal(relation: C.Relation, draw) -> bool:
    """Whether the claim reads a letter the note calls orthogonal (or orthonormal) that the
    draw made wide, with orthonormal rows: "D's columns are orthonormal" (`DᵀD = I`) makes D
    tall, but sizes are handed out in the order the note names them, so D (n×l) came 3×4."""
    return any(type(n) is Symbol and "orthogonal" in draw.properties.get(n, ()) and
               (shape := draw.shapes.get(n)) is not None and shape[0] < shape[1]
               for side in (relation.lhs, relation.rhs) for n in walk(side))


def drawn_to_sum_to_one(relation: C.Relation, world: World) -> bool:
    """`y^T \\mathbf{1} = 1` where that formula is what makes y a probability vector (not a
    one-hot y, whose entries summing to 1 is a consequence to check)."""
    summed = sums_to_one(relation.lhs, relation.rhs)
    properties = world.draws[0].properties.get(summed, frozenset()) if summed is not None else frozenset()
    return "probability" in properties and "onehot" not in properties


def settled_by_one(relation: C.Relation, evidence: Evidence, draw, world: World) -> bool:
    """Whether the first draw's agreement settles the claim (`one_draw`): a claim that
    fails on it is judged on every draw, so no failure is reached sooner."""
    holds = bool(evidence.layouts()) if relation.kind == "derivative" else evidence.holds()
    return holds and one_draw_decides(relation, draw.properties, world.functions)


REFUTED = Outcome(FAILED, diagnosis="fails on one draw (a trial, not a verdict)")  # a trial's early answer


def refuted(relation: C.Relation, evidence: list[Evidence]) -> bool:
    """Whether the evidence so far rules out `verified` (`conclude`): a derivative claim
    that matches no layout on every draw, any other claim that fails on one."""
    if relation.kind == "derivative":
        return not frozenset.intersection(*(e.layouts() for e in evidence))
    return not evidence[-1].holds()


def in_other_layout(relation: C.Relation, world: World, layout: str | None) -> Outcome | None:
    """A claim written with derivatives inside (`∂z/∂x = ∂z/∂y ∂y/∂x`, `df = tr(∂f/∂X dX)`)
    that fails in the note's layout but holds in the other is a layout matter (NC601)."""
    inner = C.derivatives_in(relation.rhs) + (C.derivatives_in(relation.lhs) if relation.kind != "derivative" else [])
    if not inner or layout is None:
        return None
    flipped = other(layout)
    if not trial_verified(relation, world, flipped):
        return None
    if states_layout(relation):  # `(∂L/∂X)_{ij} = ∂L/∂X_{ji}` describes the other layout
        return Outcome(UNVERIFIED, f"states the derivative entry by entry in {flipped} layout")
    return Outcome(VERIFIED, matches=frozenset({flipped}))


def rescued(relation: C.Relation, world: World, layout: str | None) -> Outcome | None:
    """A failed claim that holds once one of its symbols is one-hot (or symmetric) is not
    called wrong when the note speaks of that property somewhere but notecheck could not
    tie it to any symbol (damaged text: "其中 {m y} 是除一个元素为1外其它元素为0的"). Unverified."""
    if not world.draws:
        return None
    symbols = sorted(C.inputs_of(relation.lhs, relation.defs) | C.inputs_of(relation.rhs, relation.defs),
                     key=symbol_text)
    for prop in world.spoken:
        if prop in world.tied:
            continue  # the note's statement of it was read, and it is about another symbol
        for sym in symbols:
            shape = world.draws[0].shapes.get(sym)
            if shape is None or not fits(prop, shape):
                continue
            if holds_if(relation, world, sym, prop, layout):
                return Outcome(UNVERIFIED, f"holds only if {symbol_text(sym)} is {SAID.get(prop, prop)}, which the note "
                                           "says in words or a formula notecheck could not tie to a symbol")
    return None


SAID = {"probability": "a probability vector (its entries sum to 1, `y^T 1 = 1`)"}


def holds_if(relation: C.Relation, world: World, sym: Symbol, prop: str, layout: str | None) -> bool:
    """Whether the claim holds once `sym` is drawn with `prop` as well (a trial)."""
    if not world.draws or sym not in world.draws[0].shapes:
        return False
    assumed = replace(world, draws=[with_property(d, sym, prop) for d in world.draws])
    return trial_verified(relation, assumed, layout)


KIND_WORDS = frozenset({"vector", "column", "matrix", "scalar", "constant"})  # what a symbol is, not a property of its value


def stated_of_defined(relation: C.Relation, world: World, layout: str | None) -> Outcome | None:
    """A failed claim that holds once a symbol the note defined (`A = R^2`) is any array
    with the property the note states of it ("since A is symmetric") is not called wrong:
    the definition may have that property through what the note leaves unsaid (a
    symmetric R), and a random instance of it does not. Unverified, saying so."""
    if not world.draws:
        return None
    first = world.draws[0]
    used = C.reachable(relation.lhs, relation.defs) | C.reachable(relation.rhs, relation.defs)
    defined = sorted((s for s in used if s in relation.defs and not relation.defs[s].abstract
                      and first.properties.get(s, frozenset()) - KIND_WORDS and s in first.values), key=symbol_text)
    for sym in defined:
        freed = replace(relation, defs={k: v for k, v in relation.defs.items() if k != sym})
        if trial_verified(freed, world, layout):
            stated = " and ".join(sorted(first.properties[sym] - KIND_WORDS))
            return Outcome(UNVERIFIED, f"holds if {symbol_text(sym)} is {stated}, as the note says; its definition "
                                       "makes it so only for some values of what defines it")
    return None


def with_single_bars(relation: C.Relation, world: World, layout: str | None, outcome: Outcome) -> Outcome | None:
    """A failed claim that holds with its `\\|X\\|` read as `|X|` (`escaped_bars`) is not
    called wrong: unverified, saying both readings."""
    bars = single_bars(relation)
    if bars is None:
        return None
    if not trial_verified(bars, world, layout):
        return None
    return uncertain(SINGLE_BARS, outcome, "with norms")


def with_swapped_indices(relation: C.Relation, world: World, layout: str | None, outcome: Outcome) -> Outcome:
    """A failed claim in index notation that one exchange of indices makes hold is
    diagnosed as such ("indices swapped: a_{ik}, not a_{ki}")."""
    if not any(isinstance(n, Index) for n in walk(relation.rhs)):
        return outcome
    for count, (candidate, reason) in enumerate(index_edits(relation.rhs)):
        if count >= MAX_SWAPS:
            break
        if holds_with(relation, candidate, world, Layout(layout or DENOMINATOR, "")):
            return replace(outcome, diagnosis=reason)
    return outcome


def judge_solved(relation: C.Relation, world: World, layout: str | None) -> Outcome:
    """A condition holds at the note's solution, and a solution satisfies the condition
    before it: checked by putting the solution in for its variable. Never failed."""
    pairs = [(relation, answer) for answer in relation.solutions]
    pairs += [(condition, answer) for condition in relation.solves for answer in condition.solutions
              if answer.expr is relation.rhs]
    tall = world.mirrored() if world.mirrored else None
    for condition, answer in pairs:
        if holds_at(condition, answer, world, tall, layout):
            what = "holds at the note's solution" if relation.kind == "condition" else "satisfies the condition"
            return Outcome(VERIFIED, f"{what} ({relation.kind} checked by substitution)")
    return not_an_identity(relation)


def not_an_identity(relation: C.Relation) -> Outcome:
    return Outcome(UNVERIFIED, f"a {relation.kind}, not an identity: it holds only where the note solves for it "
                               "or supposes it")


def holds_at(condition: C.Relation, answer, world: World, tall: World | None, layout: str | None) -> bool:
    """Whether the condition holds with the answer put in for its variable. Asked once
    per pair while the draws of both worlds learn no size: the condition and the
    solution each ask it of the same pair (86 judgements per hundred notes)."""
    key = ("holds at", id(condition), id(answer), id(world.draws), layout, known_sizes(world.draws),
           None if tall is None else (id(tall.draws), known_sizes(tall.draws)))
    keep = (condition, answer, world.draws, None if tall is None else tall.draws)
    return remembered(world.facts, key, keep, substituted_holds, condition, answer, world, tall, layout)


def substituted_holds(condition: C.Relation, answer, world: World, tall: World | None, layout: str | None) -> bool:
    at = replace(condition, kind="step", defs={**condition.defs, answer.name: answer}, solutions=(), solves=())
    try:
        outcome = judge_numerically(at, world, layout, repairing=True)
        if outcome.verdict != VERIFIED and tall is not None:  # X^TX singular for a wide X
            outcome = judge_numerically(at, tall, layout, repairing=True)
    except Exception:  # noqa: BLE001 - a bonus check; the claim stays unverified
        return False
    return outcome.verdict == VERIFIED


SHAPES_DO_NOT_FIT = "shapes do not fit"  # in each verdict `shape_outcome` gives that is not `failed`


def shape_outcome(relation: C.Relation, draw, world: World, layout: str, reason: str) -> Outcome:
    """A claim whose right-hand side cannot be computed (its shapes do not fit) while its
    left-hand side can is wrong; if the left fails too, the shapes are what is unknown."""
    from notecheck.check.numeric.evaluate import evaluate

    defs = {name: d.expr for name, d in relation.defs.items()}
    draw = without_defined(draw, defs)
    direction = moving(draw, (relation.variables or ((),))[0])
    try:
        evaluate(relation.lhs, draw, defs, direction, layout, world.functions)
    except (Unsupported, IllConditioned):
        return Outcome(UNVERIFIED, f"the shapes do not fit ({reason})")
    if relation.kind in ("condition", "solution"):
        return Outcome(UNVERIFIED, f"a {relation.kind} whose shapes do not fit ({reason})")
    code = {"derivative": "NC501", "differential": "NC402"}.get(relation.kind, "NC401")
    reason = in_note_sizes(reason, world.size_names)
    failed = Outcome(FAILED, diagnosis=f"the right-hand side cannot be computed: {reason}", code=code,
                     shape_failure=True)
    if world.shape_errors & {relation.formula}:
        return failed
    repair = smallest_edit(relation, world, Layout(layout, ""))
    if repair is not None:
        return Outcome(FAILED, diagnosis=f"the right-hand side cannot be computed ({reason}); {repair[1]}",
                       code=code, shape_failure=True)
    return Outcome(UNVERIFIED, f"the shapes do not fit ({reason}); notecheck may have sized a symbol wrongly")


def conclude(relation: C.Relation, evidence: list[Evidence], layout: str, diagnosing: bool = True) -> Outcome:
    """A verdict from every draw's evidence; how a claim is wrong only when `diagnosing`
    (a trial's caller reads whether it holds, not why it does not)."""
    if relation.kind == "derivative":
        matches = frozenset.intersection(*(e.layouts() for e in evidence))
        if matches and evidence[0].jacobian:
            return Outcome(VERIFIED, "a Jacobian; both layouts are in use for these",
                           matches=frozenset({NUMERATOR, DENOMINATOR}))
        if matches:
            return Outcome(VERIFIED, matches=matches)
        if all(gives_the_diagonal(e) for e in evidence):
            return Outcome(VERIFIED, "as an elementwise derivative: the Jacobian is diagonal, and the right side is "
                                     "its diagonal", matches=frozenset({NUMERATOR, DENOMINATOR}))
        if not diagnosing:
            return Outcome(FAILED, code="NC501")
        if layout == NUMERATOR:  # say how it is wrong in the note's own layout
            evidence = [replace(e, truth=e.truth.T) for e in evidence]
        return Outcome(FAILED, diagnosis=agreed_diagnosis(evidence, derivative=True), code="NC501")
    if all(e.holds() for e in evidence):
        if any(e.vacuous for e in evidence):
            return Outcome(UNVERIFIED, "holds only if nothing in it varies (both sides are then 0)")
        if all(e.zero for e in evidence):
            return Outcome(UNVERIFIED, "both sides are 0 under the note's definitions, so the check could not fail")
        return Outcome(VERIFIED)
    if not (C.inputs_of(relation.lhs, relation.defs) and C.inputs_of(relation.rhs, relation.defs)):
        return Outcome(UNVERIFIED, "holds only for special values (a property the note may state)")
    if relation.kind in ("condition", "solution"):
        return not_an_identity(relation)
    code = "NC402" if relation.kind == "differential" else "NC401"
    if not diagnosing:
        return Outcome(FAILED, code=code)
    diagnosis = agreed_diagnosis([e for e in evidence if not e.holds()], derivative=False)
    # sides of different shapes: the formula's shape finding tells that mistake, in the note's sizes
    return Outcome(FAILED, diagnosis=diagnosis, code=code, shape_failure=diagnosis.startswith("shape "))


def gives_the_diagonal(evidence: Evidence) -> bool:
    """`∂σ(z)/∂z = σ(z)(1-σ(z))`: a column whose entries are the diagonal of a true Jacobian
    that is diagonal (an elementwise map), as deep-learning notes write such derivatives."""
    claimed, truth = evidence.claimed, evidence.truth
    shape = getattr(claimed, "shape", None)
    if shape is None or len(shape) != 2 or shape[1] != 1 or shape[0] < 2 or truth.shape != (shape[0], shape[0]):
        return False
    np = numeric().np
    return numeric().close(np.diag(claimed[:, 0]), truth)


def judge_definition(relation: C.Relation, world: World, layout: str | None) -> Outcome:
    """A definition is what later claims mean; a redefinition that agrees with the one it
    replaces (`l = (Xw-y)^T(Xw-y)` after `l = ‖Xw-y‖²`) is checked as a step."""
    named = C.defined_name(relation.lhs)
    earlier = relation.defs.get(named[0]) if named else None
    what = f"definition of {symbol_text(named[0])}" if named else "definition"
    if earlier is None or earlier.abstract or earlier.formula >= relation.formula or not world.draws:
        return Outcome(UNVERIFIED, what)
    step = C.Relation(relation.formula, relation.step, "step", earlier.expr, relation.rhs, "=",
                      relation.defs, relation.variables)
    # a definition that is not verified is reported nowhere (`check_note` skips it), so the
    # first draw on which the two differ, or cannot be evaluated, settles it
    for index in range(DRAWS):
        try:
            evidence = compare(step, world.draws[index], world, layout or DENOMINATOR)
        except (IllConditioned, Unsupported):
            return Outcome(UNVERIFIED, what)
        if not evidence.holds():
            return Outcome(UNVERIFIED, f"{what} (replaces the earlier one)")
        if index == 0 and one_draw_decides(step, world.draws[0].properties, world.functions):
            break
    return Outcome(VERIFIED, f"{what}, equal to the earlier one")


def free_index_outcome(relation: C.Relation, world: World, layout: str | None) -> Outcome | None:
    """An index free on one side only is the error (NC403) when both sides name indices,
    or when the other names none and the claim's value still changes with it (`w^Tx = w_i`)
    or cannot be computed as written; a claim that is the same at every value of it
    (`\\sum_j α_{ij} = 1`, `∂μ/∂x_i = 1/d`) is judged like any other (None)."""
    if not relation.indices:
        return Outcome(FAILED, diagnosis=relation.free_index, code="NC403")
    free, other = (relation.lhs, relation.rhs) if free_letters(relation.lhs) else (relation.rhs, relation.lhs)
    unknown = {s for s, d in relation.defs.items() if d.abstract}
    if unknown & C.symbols_of(free) and not unknown & C.symbols_of(other):  # `∂μ/∂x_i = 1/n`, μ never written out
        return Outcome(UNVERIFIED, f"{relation.free_index}, of a function the note does not write out")
    try:
        varies = varies_with_index(relation, world.draws[0], world, layout or DENOMINATOR, compare)
    except ShapeMismatch:
        return Outcome(FAILED, diagnosis=relation.free_index, code="NC403")
    except (Unsupported, IllConditioned) as error:
        return Outcome(UNVERIFIED, f"whether it holds at every value of its free index is not known ({error.reason})")
    if not varies:
        return None
    if not indexes_entries(relation):
        return Outcome(UNVERIFIED, f"{relation.free_index}, and what it indexes there is not certain")
    return Outcome(FAILED, diagnosis=relation.free_index, code="NC403")


MAX_CANDIDATES = 40


def smallest_edit(relation: C.Relation, world: World, layout: Layout,
                  shape_of=None) -> tuple[Expr, str] | None:
    """The first one-step edit of the right-hand side that makes the claim hold; with
    `shape_of`, scalars are never transposed or swapped."""
    from notecheck.check.candidates import candidates

    for count, (candidate, reason) in enumerate(candidates(relation.rhs, shape_of)):
        if count >= MAX_CANDIDATES:
            break
        if holds_with(relation, candidate, world, layout):
            return candidate, reason
    return None


def holds_with(relation: C.Relation, rhs: Expr, world: World, layout: Layout) -> bool:
    """Whether the claim holds with `rhs` for its right-hand side. Asked again for an equal
    `rhs` in the same layout (an index swap is tried by the diagnosis, then again by the
    repair), the answer is the one found the first time, while the draws know no new sizes."""
    key = ("holds with", id(relation), rhs, layout.name, id(world.draws), known_sizes(world.draws))
    return remembered(world.facts, key, (relation, world.draws), trial_holds, relation, rhs, world, layout.name)


def trial_holds(relation: C.Relation, rhs: Expr, world: World, layout: str) -> bool:
    trial = C.Relation(relation.formula, relation.step, relation.kind, relation.lhs, rhs, relation.rel,
                       relation.defs, relation.variables, indices=relation.indices)
    try:
        return trial_verified(trial, world, layout)
    except Exception:  # noqa: BLE001 - a candidate the engine cannot take is not a fix
        return False


def trial_verified(trial: C.Relation, world: World, layout: str | None) -> bool:
    """Whether a claim read another way (another layout, a property assumed, a candidate
    fix) holds: verified, and a derivative claim in `layout` itself."""
    outcome = judge_numerically(trial, world, layout, repairing=True)
    return outcome.verdict == VERIFIED and not (trial.kind == "derivative" and layout not in outcome.matches)

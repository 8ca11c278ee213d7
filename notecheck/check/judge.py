"""Check every claim of a note against numeric truth: verdicts, diagnoses, the layout.

`check_note` is the product's core: claims come from `notecheck.meaning.claims`, values
from the numeric engine on a few random draws with distinct sizes (so a transpose can never
hide), and every failed or unchecked claim becomes a `Finding` in the reader's terms
("transposed (numerator layout)", "sign", "scaled by 2"). It never reads files and never
calls a right claim wrong: when in doubt, the verdict is `unverified`, with the reason.

Layout rule: the note's layout is the declared one, else the majority of the claims that
hold in exactly one layout (derivative claims, and steps like `df = tr(∂f/∂X^T dX)`), else
the configured default, else denominator. A derivative claim right in the note's layout is
verified. One right only in the other layout gets NC601; its verdict is `failed` when the
note *declared* its layout (the author broke their own convention) and `verified` when the
layout was only inferred (the math is right, only the convention differs). A step through
derivatives that holds only in the other layout, and `∇f` written as a row, are NC601 with
the verdict `verified`. Right in neither: NC501.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction

from notecheck.meaning import claims as C
from notecheck.meaning import mentioned_properties, spoken_properties
from notecheck.latex.expr import Add, Derivative, Differential, Expr, Mul, Neg, Number, Parsed, Symbol, Transpose, Zero, walk
from notecheck.findings import ERROR, Edit, Finding
from notecheck.result import FAILED, UNVERIFIED, VERIFIED, Claim, Layout, NoteResult

DRAWS = 3           # independent random worlds a claim must hold in
REDRAWS = 2         # extra worlds tried when one is ill-conditioned
NUMERATOR, DENOMINATOR = "numerator", "denominator"


# ---------------------------------------------------------------- outcomes


@dataclass
class Outcome:
    """What checking one relation found. `matches` is the set of layouts a claim holds in
    when that depends on the layout; `diagnosis` says how a failure is wrong."""

    verdict: str
    message: str = ""
    diagnosis: str = ""
    matches: frozenset[str] = frozenset()
    code: str | None = None


@dataclass
class World:
    """The random draws a note is checked on, with what the numeric engine needs."""

    draws: list = field(default_factory=list)
    functions: dict = field(default_factory=dict)
    unknown: str = ""  # why no draw could be made, if none could
    shape_errors: set[int] = field(default_factory=set)  # formulas with a shape finding
    spoken: tuple = ()  # properties the note speaks of anywhere ("one-hot"), tied to a symbol or not
    mirrored: object = None  # () -> the same section's World with its sizes in the other order
    tied: frozenset = frozenset()  # properties the note ties to some symbol, anywhere in it


# ---------------------------------------------------------------- entry point


def check_note(note, trees: list[Parsed | None] | None = None, config=None) -> NoteResult:
    """Check every claim of `note`; `trees` align with `note.formulas` (None where a
    formula did not parse; the pipeline reports those as NC201)."""
    if trees is None:
        from notecheck.pipeline import parse_formulas

        trees = parse_formulas(note)[0]
    context = read_context(note, trees)
    env, shape_findings = infer_shapes(note, trees, context)
    relations = C.extract(note, trees)
    worlds = Worlds(note, env, context, shape_findings, trees)
    declared = declared_layout(context, note, config)
    layout = declared or inferred_layout(layout_votes(relations, worlds), config)
    if declared is None and not any(r.kind == "derivative" for r in relations):
        layout = Layout(None, "no derivative claims")
    outcomes = first_failures([judge(r, worlds.of(r.formula), layout.name or DENOMINATOR) for r in relations],
                              relations)
    result = NoteResult(note=note, trees=list(trees), layout=layout)
    result.findings.extend(shape_findings)
    for relation, outcome in zip(relations, outcomes):
        outcome = apply_layout(relation, ambiguous(note, relation, outcome), layout, declared is not None)
        if relation.kind == "definition" and outcome.verdict != VERIFIED:
            continue  # a definition is what later claims mean, not a claim (unless it restates one)
        repair = find_repair(note, relation, outcome, worlds.of(relation.formula), layout, env, context)
        claim = make_claim(note, relation, outcome, layout, repair)
        result.claims.append(claim)
        finding = make_finding(note, relation, outcome, claim)
        if finding is not None and outcome.code == "NC502":
            finding = with_intended_variable(note, relation, finding, worlds.of(relation.formula), layout)
        if finding is not None:
            result.findings.append(finding)
    mixed = mixed_layout_finding(relations, outcomes, layout)
    if mixed is not None:
        result.findings.append(mixed)
    return result


def first_failures(outcomes: list[Outcome], relations: list[C.Relation]) -> list[Outcome]:
    """Only the first failing step of a chain is an error: the steps after it compare
    with a value already wrong, and the reader needs to fix the first one first."""
    failed_chains: set[tuple[int, int]] = set()
    out = []
    for relation, outcome in zip(relations, outcomes):
        key = (relation.formula, relation.chain)
        if key in failed_chains and outcome.verdict == FAILED and outcome.code in ("NC401", "NC402", "NC403"):
            outcome = Outcome(UNVERIFIED, "follows a step that does not hold")
        elif outcome.verdict == FAILED:
            failed_chains.add(key)
        out.append(outcome)
    return out


CALL = re.compile(r"(?<![\\A-Za-z])([a-z])\s*\(")


def ambiguous(note, relation: C.Relation, outcome: Outcome) -> Outcome:
    """A failed claim that writes `r(X^T)` with an undefined plain letter may apply a
    function (the rank) where the tree multiplies by a scalar: not called wrong."""
    if outcome.verdict != FAILED or outcome.code == "NC502":
        return outcome
    latex = note.formulas[relation.formula].latex
    names = {sym.name for sym in C.inputs_of(relation.lhs, relation.defs) | C.inputs_of(relation.rhs, relation.defs)
             if not sym.bold and not sym.sub}
    called = sorted({m.group(1) for m in CALL.finditer(latex)} & names)
    if not called:
        return outcome
    return Outcome(UNVERIFIED, f"{called[0]}(…) may name a function the note does not define; read as a product "
                               f"it would be wrong ({outcome.diagnosis})")


def read_context(note, trees):
    """What the note declares; a fault there leaves the note with no declarations."""
    from notecheck.meaning import Context
    from notecheck.meaning import read_context as read

    try:
        return read(note, trees)
    except Exception:  # noqa: BLE001 - the claims can still be read, if less well
        return Context()


def infer_shapes(note, trees, context):
    """Shapes and shape findings; a fault there makes every claim unverified (and says so)
    rather than losing the note."""
    from notecheck.meaning import infer

    try:
        return infer(note, trees, context)
    except Exception as error:  # noqa: BLE001 - reported as NC901, the run goes on
        return None, [Finding("NC901", f"shape inference failed on this note ({type(error).__name__}: {error}); "
                                       "its claims are left unverified", line=1)]


# ---------------------------------------------------------------- random worlds


class Worlds:
    """The random worlds of a note, one per section: shapes are bound per section (seed
    001 has W as l×m in one example and m×n in the next), so draws are too."""

    def __init__(self, note, env, context, shape_findings, trees=()):
        self.note, self.env, self.context = note, env, context
        self.mentioned = mentioned_properties(note, trees)
        self.spoken = spoken_properties(note)
        self.tied = frozenset(p for props in self.mentioned.values() for p in props) | \
            frozenset(p for d in context.all() for p in d.properties)
        self.bounds = sum_bounds(trees)
        self.cache: dict = {}
        self.by_formula: dict[int, World] = {}
        where = {(f.line, f.latex): i for i, f in enumerate(note.formulas)}
        self.shape_errors = {where[(f.line, f.formula)] for f in shape_findings
                             if f.severity == ERROR and (f.line, f.formula) in where}

    def of(self, formula: int) -> World:
        if formula not in self.by_formula:
            self.by_formula[formula] = self.make(formula)
        return self.by_formula[formula]

    def make(self, formula: int, mirrored: bool = False) -> World:
        shapes, sizes = concrete_shapes(self.env, formula)
        if mirrored:
            swap = size_swap(shapes)
            shapes = {sym: (swap.get(r, r), swap.get(c, c)) for sym, (r, c) in shapes.items()}
            sizes = {name: swap.get(n, n) for name, n in sizes.items()}
        key = (mirrored, tuple(sorted(((symbol_text(s), s.font, s.accent or ""), v) for s, v in shapes.items())),
               tuple(sorted(sizes.items())))
        if key not in self.cache:
            world = make_world(self.note, shapes, self.properties(shapes),
                               dict(getattr(self.context, "elementwise", {}) or {}), sizes)
            for draw in world.draws:
                counted(draw, self.bounds)
            self.cache[key] = replace(world, shape_errors=self.shape_errors, spoken=self.spoken, tied=self.tied,
                                      mirrored=lambda: self.make(formula, mirrored=True))
        return self.cache[key]

    def properties(self, shapes) -> dict[Symbol, frozenset[str]]:
        """Declared properties, and those the prose gives in words notecheck's declaration
        reader may have missed ("$S$ (symmetric, $m\\times m$)"); `y_i` shares y's."""
        out = {}
        for sym in shapes:
            props = set(self.context.properties(sym)) | self.mentioned.get(sym, set())
            if sym.sub and any(ch.isalpha() for ch in sym.sub):
                props |= self.mentioned.get(replace(sym, sub=None), set())
            out[sym] = frozenset(props)
        return out


def sum_bounds(trees) -> set[Symbol]:
    """The letters the note sums up to (`\\sum_{i=1}^N`): counts, not random numbers."""
    from notecheck.latex.expr import Sum, walk

    return {node.upper for tree in trees if tree is not None for node in walk(tree)
            if isinstance(node, Sum) and isinstance(node.upper, Symbol)}


def counted(draw, bounds: set[Symbol]) -> None:
    """Give each sum bound that also stands as a number (`2N(μ - x̄)`) the value the sums
    run to, so both read the same N."""
    import numpy as np

    for sym in bounds:
        if sym in draw.values and draw.values[sym].shape == (1, 1):
            draw.values[sym] = np.array([[float(draw.count(sym.name))]])


def size_swap(shapes: dict[Symbol, tuple[int, int]]) -> dict[int, int]:
    """The sizes in the other order (3↔5, 4↔4 ...): a tall X where the first draw had a
    wide one, so that X^TX is invertible in one of the two."""
    sizes = sorted({d for shape in shapes.values() for d in shape if d != 1})
    return dict(zip(sizes, reversed(sizes)))


def concrete_shapes(env, formula: int) -> tuple[dict[Symbol, tuple[int, int]], dict[str, int]]:
    """Integer shapes (distinct sizes for distinct dimensions) in the formula's section,
    and the numbers given to named sizes, so that `\\sum_{i=1}^n` runs over the same n."""
    sizes: dict[str, int] = {}
    shapes = dict(env.concrete(sizes, formula=formula)) if env is not None else {}
    return shapes, sizes


def make_world(note, shapes: dict[Symbol, tuple[int, int]], properties: dict, functions: dict,
               sizes: dict[str, int] | None = None) -> World:
    import numpy as np

    from notecheck.check.numeric.draw import draw

    if not shapes:
        return World(unknown="the shapes of the note's symbols are unknown")
    seed = sum(map(ord, note.path)) + len(shapes)
    rng = np.random.default_rng(seed)
    draws = [draw(shapes, properties, rng, sizes) for _ in range(DRAWS + REDRAWS)]
    return World(draws=draws, functions=functions)


# ---------------------------------------------------------------- judging one relation


def judge(relation: C.Relation, world: World, layout: str | None) -> Outcome:
    """The verdict of one relation, evaluated on the world's draws. A fault of notecheck
    itself on one claim makes that claim unverified (NC901), never the note crash."""
    try:
        outcome = judge_numerically(relation, world, layout)
        if outcome.verdict == FAILED and outcome.code in ("NC401", "NC402", "NC501"):
            return in_other_layout(relation, world, layout) or rescued(relation, world, layout) \
                or about_unknown_function(relation) or outcome
        return outcome
    except (RecursionError, MemoryError):
        return Outcome(UNVERIFIED, "the formula is too deeply nested to evaluate")
    except Exception as error:  # noqa: BLE001 - one claim's bug must not hide the others
        return Outcome(UNVERIFIED, f"notecheck failed on this claim ({type(error).__name__}: {error})",
                       code="NC901")


def judge_numerically(relation: C.Relation, world: World, layout: str | None, repairing: bool = False) -> Outcome:
    """The numeric verdict; `repairing` when judging a candidate fix (no fixes of fixes).
    A claim that cannot be evaluated with the definitions looked up further on is tried
    with only those made before it (the later `a = Wx` may belong to another example)."""
    outcome = judge_with_defs(relation, world, layout, repairing)
    if outcome.verdict == UNVERIFIED and outcome.code is None:
        past = {k: v for k, v in relation.defs.items() if v.formula <= relation.formula}
        if len(past) < len(relation.defs):
            retry = judge_with_defs(replace(relation, defs=past), world, layout, repairing)
            if retry.verdict != UNVERIFIED:
                return retry
    return outcome


def judge_with_defs(relation: C.Relation, world: World, layout: str | None, repairing: bool) -> Outcome:
    from notecheck.check.numeric.errors import IllConditioned, ShapeMismatch, Unsupported

    if relation.reason:
        return Outcome(UNVERIFIED, relation.reason)
    if relation.kind == "definition":
        return judge_definition(relation, world, layout)
    if not world.draws:
        return Outcome(UNVERIFIED, world.unknown)
    if relation.free_index and relation.kind not in ("condition", "solution", "definition"):
        return Outcome(FAILED, diagnosis=relation.free_index, code="NC403")
    doubt = one_sided(relation) if relation.kind not in ("condition", "solution") and not repairing else ""
    if doubt:
        return Outcome(UNVERIFIED, doubt)
    if relation.kind == "derivative":
        missing = missing_dependence(relation)
        if missing:
            return missing
    unclear = unclear_derivative(relation)
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
        if checked == DRAWS:
            break
    if not checked:
        if "non-positive" in last_error or "negative" in last_error:  # log(u/c): u and c are positive
            positive = replace(world, draws=[positive_draw(d) for d in world.draws])
            if any(new is not old for new, old in zip(positive.draws, world.draws)):
                return judge_with_defs(relation, positive, layout, repairing)
        return Outcome(UNVERIFIED, last_error)
    return conclude(relation, good, layout or DENOMINATOR)


def positive_draw(draw):
    """The draw with every plain (unstructured) symbol re-drawn with positive entries."""
    from notecheck.check.numeric.draw import random_value

    plain = [s for s in draw.values if not draw.properties.get(s, frozenset()) - {"vector", "matrix", "scalar"}
             and "positive" not in draw.properties.get(s, frozenset())]
    if not plain:
        return draw
    properties = {**draw.properties, **{s: draw.properties.get(s, frozenset()) | {"positive"} for s in plain}}
    values = {**draw.values, **{s: random_value(draw.shapes[s], properties[s], draw.rng("positive", s))
                                for s in plain}}
    return replace(draw, values=values, properties=properties, members={})


def in_other_layout(relation: C.Relation, world: World, layout: str | None) -> Outcome | None:
    """A claim written with derivatives inside (`∂z/∂x = ∂z/∂y ∂y/∂x`, `df = tr(∂f/∂X dX)`)
    that fails in the note's layout but holds in the other is a layout matter (NC601)."""
    inner = C.derivatives_in(relation.rhs) + (C.derivatives_in(relation.lhs) if relation.kind != "derivative" else [])
    if not inner or layout is None:
        return None
    flipped = other(layout)
    trial = judge_numerically(relation, world, flipped, repairing=True)
    if trial.verdict != VERIFIED or (relation.kind == "derivative" and flipped not in trial.matches):
        return None
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
            assumed = replace(world, draws=[with_property(d, sym, prop) for d in world.draws])
            trial = judge_numerically(relation, assumed, layout, repairing=True)
            if trial.verdict == VERIFIED and not (relation.kind == "derivative" and layout not in trial.matches):
                return Outcome(UNVERIFIED, f"holds only if {symbol_text(sym)} is {prop}, which the note says in "
                                           "words notecheck could not tie to a symbol")
    return None


def about_unknown_function(relation: C.Relation) -> Outcome | None:
    """A claim about an f the note only differentiates ("先求 ∂f/∂Y" where f's formula was
    not read) is checked as if f were any function; failing that says nothing. Unverified."""
    left, right = C.reachable(relation.lhs, relation.defs), C.reachable(relation.rhs, relation.defs)
    unknown = sorted((s for s in left ^ right if s in relation.defs and relation.defs[s].abstract), key=symbol_text)
    if not unknown:
        return None  # `df = tr(∂f/∂X^T dX)` holds for any f: its failure stands
    fn = unknown[0]
    of = ", ".join(symbol_text(a) for a in relation.defs[fn].args if isinstance(a, Symbol))
    return Outcome(UNVERIFIED, f"{symbol_text(fn)} is only known as some function of {of}; "
                               "this holds only for a particular one")


def fits(prop: str, shape: tuple[int, int]) -> bool:
    rows, cols = shape
    return (cols == 1 and rows > 1) if prop == "onehot" else (rows == cols and rows > 1)


def with_property(draw, sym: Symbol, prop: str):
    """The draw with `sym` re-drawn to have `prop` as well (family members too)."""
    from notecheck.check.numeric.draw import random_value

    props = draw.properties.get(sym, frozenset()) | {prop}
    value = random_value(draw.shapes[sym], props, draw.rng("assumed", sym, prop))
    return replace(draw, values={**draw.values, sym: value}, properties={**draw.properties, sym: props},
                   members={})




def judge_solved(relation: C.Relation, world: World, layout: str | None) -> Outcome:
    """A condition holds at the note's solution, and a solution satisfies the condition
    before it: checked by putting the solution in for its variable. Never failed."""
    pairs = [(relation, answer) for answer in relation.solutions]
    pairs += [(condition, answer) for condition in relation.solves for answer in condition.solutions
              if answer.expr is relation.rhs]
    tall = world.mirrored() if world.mirrored else None
    for condition, answer in pairs:
        at = replace(condition, kind="step", defs={**condition.defs, answer.name: answer}, solutions=(), solves=())
        try:
            outcome = judge_numerically(at, world, layout, repairing=True)
            if outcome.verdict != VERIFIED and tall is not None:  # X^TX singular for a wide X
                outcome = judge_numerically(at, tall, layout, repairing=True)
        except Exception:  # noqa: BLE001 - a bonus check; the claim stays unverified
            continue
        if outcome.verdict == VERIFIED:
            what = "holds at the note's solution" if relation.kind == "condition" else "satisfies the condition"
            return Outcome(VERIFIED, f"{what} ({relation.kind} checked by substitution)")
    return Outcome(UNVERIFIED, f"a {relation.kind}, not an identity: it holds only where the note solves for it")


def shape_outcome(relation: C.Relation, draw, world: World, layout: str, reason: str) -> Outcome:
    """A claim whose right-hand side cannot be computed (its shapes do not fit) while its
    left-hand side can is wrong; if the left fails too, the shapes are what is unknown."""
    from notecheck.check.numeric.errors import IllConditioned, Unsupported
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
    failed = Outcome(FAILED, diagnosis=f"the right-hand side cannot be computed: {reason}", code=code)
    if world.shape_errors & {relation.formula}:
        return failed
    repair = smallest_edit(relation, world, Layout(layout, ""))
    if repair is not None:
        return Outcome(FAILED, diagnosis=f"the right-hand side cannot be computed ({reason}); {repair[1]}",
                       code=code)
    return Outcome(UNVERIFIED, f"the shapes do not fit ({reason}); notecheck may have sized a symbol wrongly")


def compare(relation: C.Relation, draw, world: World, layout: str):
    """One draw's evidence: for a derivative claim the layouts it holds in, else whether
    it holds for some choice of what varies, with both sides' values for a diagnosis."""
    from notecheck.check.numeric.evaluate import evaluate

    defs = {name: d.expr for name, d in relation.defs.items()}
    draw = without_defined(draw, defs)
    if relation.kind == "derivative":
        rhs = evaluate(relation.rhs, draw, defs, None, layout, world.functions).value
        truth = evaluate(relation.lhs, draw, defs, None, DENOMINATOR, world.functions).value
        return Evidence(rhs, truth, jacobian=is_jacobian(relation.lhs, draw, defs, world))
    from notecheck.check.numeric.errors import ShapeMismatch, Unsupported

    tried = list(dict.fromkeys(consistent(v, relation.defs) for v in relation.variables)) or [()]
    if not (C.contains(relation.lhs, Differential) or C.contains(relation.rhs, Differential)):
        tried = [()]  # nothing is differentiated: nothing needs to move
    first, empty, error = None, None, None
    for variables in tried:
        direction = moving(draw, variables)
        try:
            direction.update(intermediate_directions(variables, draw, defs, world, layout))
            lhs, rhs = both_sides(relation, draw, defs, direction, layout, world)
        except ShapeMismatch:
            raise
        except Unsupported as unsupported:  # this choice of variables; another may do
            error = error or unsupported
            continue
        evidence = Evidence(rhs, lhs)
        if evidence.holds():
            if not (variables and vanishes(evidence)) or states_zero(relation):
                return evidence
            empty = empty or replace(evidence, vacuous=True)  # 0 = 0: what moves stood still
            continue
        first = first or evidence
    if first is None and empty is None:
        raise error
    return first or empty


def vanishes(evidence: Evidence) -> bool:
    """Both sides exactly zero: with nothing of the claim moving, a check that could not fail."""
    import numpy as np

    return not np.any(evidence.claimed) and not np.any(evidence.truth)


def states_zero(relation: C.Relation) -> bool:
    """`d\\boldsymbol{a} = \\boldsymbol{0}`: the note says a side is zero (a constant), so
    both sides vanishing is the claim itself."""
    return any(isinstance(side, Zero) or (isinstance(side, Number) and side.value == 0)
               for side in (relation.lhs, relation.rhs))


def is_jacobian(node: Derivative, draw, defs, world: World) -> bool:
    """`∂(Ax)/∂x`, `∂p/∂z`, `∂vec(AXB)/∂vec(X)`: a vector function of a vector. Many notes
    that write gradients in the denominator layout write Jacobians in the numerator one
    ("异质用分母，同质用分子"), so neither form is a layout slip."""
    from notecheck.check.numeric.evaluate import evaluate

    if not isinstance(node, Derivative) or node.wrt is None:
        return False
    rows, cols = evaluate(node.f, draw, defs, None, DENOMINATOR, world.functions).value.shape
    return min(rows, cols) == 1 and max(rows, cols) > 1


def both_sides(relation: C.Relation, draw, defs, direction, layout: str, world: World):
    """Both sides' values at one draw, comparable: a sizeless `I`, `1` or `0` on either
    side takes the other's shape (`XX^{-1} = I`, `da = 0`)."""
    from notecheck.check.numeric.compare import claim_values

    return claim_values(relation.lhs, relation.rhs, draw, defs, direction, layout, world.functions)


def consistent(variables: tuple, defs: dict) -> tuple:
    """The variables without a defined one whose own inputs also vary: with `X = [x_ij]`
    and the `dx_ij` written, dX follows from them and is not a direction of its own."""
    chosen = set(variables)
    return tuple(v for v in variables
                 if not (v in defs and C.reachable(defs[v].expr, defs) & (chosen - {v})))


def moving(draw, variables) -> dict:
    """A random `dX` for each variable of the derivation. A variable moves even if a
    declaration called it constant: the note differentiates by it, so here it varies."""
    from notecheck.check.numeric.draw import random_direction

    out = {}
    for sym in variables:
        if isinstance(sym, Symbol) and sym in draw.values:
            props = draw.properties.get(sym, frozenset()) - {"constant", "onehot"}
            out[sym] = random_direction(draw.shapes[sym], props, draw.values[sym], draw.rng("direction", sym))
    return out


def without_defined(draw, defs):
    """The draw with no random value for the symbols this claim's definitions give a
    value (which may be inputs elsewhere in the note)."""
    if not any(sym in draw.values for sym in defs):
        return draw
    return replace(draw, values={s: v for s, v in draw.values.items() if s not in defs})


def intermediate_directions(variables, draw, defs, world: World, layout: str) -> dict:
    """Random `dz` for defined symbols that vary in their own right (`∂l/∂a_1`, `dY`)."""
    from notecheck.check.numeric.evaluate import evaluate

    out = {}
    for var in variables:
        if isinstance(var, Symbol) and var in defs:
            value = evaluate(var, draw, defs, None, layout, world.functions).value
            out[var] = draw.rng("direction", var).standard_normal(value.shape)
    return out


@dataclass
class Evidence:
    """Both sides' values on one draw: `claimed` (the right-hand side) and `truth`."""

    claimed: object
    truth: object
    jacobian: bool = False  # a vector (or vec) by a vector: written in either layout alike
    vacuous: bool = False  # holds only because nothing in it varied (both sides 0)

    def holds(self) -> bool:
        return close(self.claimed, self.truth)

    def layouts(self) -> frozenset[str]:
        out = set()
        if close(self.claimed, self.truth):
            out.add(DENOMINATOR)
        if close(self.claimed, self.truth.T):
            out.add(NUMERATOR)
        return frozenset(out)


def close(a, b, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Equal up to rounding, relative to the size of the values; a literal 0 is a zero of
    any shape (`∂l/∂w = 0`)."""
    import numpy as np

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        if a.shape == (1, 1) and a[0, 0] == 0:
            a = np.zeros_like(b)
        elif b.shape == (1, 1) and b[0, 0] == 0:
            b = np.zeros_like(a)
        else:
            return False
    scale = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0), 1.0)
    return bool(np.abs(a - b).max(initial=0.0) <= atol + rtol * scale)


def conclude(relation: C.Relation, evidence: list[Evidence], layout: str) -> Outcome:
    """A verdict from every draw's evidence."""
    if relation.kind == "derivative":
        matches = frozenset.intersection(*(e.layouts() for e in evidence))
        if matches and evidence[0].jacobian:
            return Outcome(VERIFIED, "a Jacobian; both layouts are in use for these",
                           matches=frozenset({NUMERATOR, DENOMINATOR}))
        if matches:
            return Outcome(VERIFIED, matches=matches)
        if layout == NUMERATOR:  # say how it is wrong in the note's own layout
            evidence = [replace(e, truth=e.truth.T) for e in evidence]
        return Outcome(FAILED, diagnosis=agreed_diagnosis(evidence, derivative=True), code="NC501")
    if all(e.holds() for e in evidence):
        if any(e.vacuous for e in evidence):
            return Outcome(UNVERIFIED, "holds only if nothing in it varies (both sides are then 0)")
        return Outcome(VERIFIED)
    if not (C.inputs_of(relation.lhs, relation.defs) and C.inputs_of(relation.rhs, relation.defs)):
        return Outcome(UNVERIFIED, "holds only for special values (a property the note may state)")
    if relation.kind in ("condition", "solution"):
        return Outcome(UNVERIFIED, f"a {relation.kind}, not an identity: it holds only where the note solves for it")
    code = "NC402" if relation.kind == "differential" else "NC401"
    return Outcome(FAILED, diagnosis=agreed_diagnosis([e for e in evidence if not e.holds()], derivative=False),
                   code=code)


def agreed_diagnosis(evidence: list[Evidence], derivative: bool) -> str:
    """The diagnosis every draw agrees on ("sign", "scaled by 2"); a pattern that only
    one draw shows is a coincidence of its numbers."""
    found = {diagnose(e, derivative) for e in evidence}
    return found.pop() if len(found) == 1 else "wrong value"


def diagnose(evidence: Evidence, derivative: bool) -> str:
    """How the claimed value differs from the truth, in the reader's terms."""
    import numpy as np

    from notecheck.check.numeric.kernels import shape_text

    claimed, truth = np.asarray(evidence.claimed, float), np.asarray(evidence.truth, float)
    if claimed.shape != truth.shape:
        if claimed.shape == truth.T.shape:
            if close(claimed, truth.T):
                return "transposed (numerator layout)" if derivative else "transposed"
            if close(claimed, -truth.T):
                return "transposed and the sign flipped"
        return f"shape {shape_text(claimed)} vs {shape_text(truth)}"
    if close(claimed, -truth):
        return "sign"
    if claimed.shape[0] == claimed.shape[1] and close(claimed, truth.T):
        return "transposed"
    factor = scale_factor(claimed, truth)
    if factor is not None:
        return f"scaled by {format_factor(factor)}"
    return "wrong value"


def scale_factor(claimed, truth) -> float | None:
    """c when claimed = c · truth for a simple c ≠ 1 (2, 1/2, -2 ...), else None."""
    import numpy as np

    norm = float(np.vdot(truth, truth))
    if norm < 1e-12:
        return None
    c = float(np.vdot(truth, claimed)) / norm
    if abs(c) < 1e-9 or abs(c - 1) < 1e-9 or not close(claimed, c * truth):
        return None
    simple = Fraction(c).limit_denominator(4)
    if abs(float(simple) - c) > 1e-6 * max(1.0, abs(c)) or abs(simple.numerator) > 16:
        return None
    return c


def format_factor(c: float) -> str:
    return str(Fraction(c).limit_denominator(12))


def judge_definition(relation: C.Relation, world: World, layout: str | None) -> Outcome:
    """A definition is what later claims mean; a redefinition that agrees with the one it
    replaces (`l = (Xw-y)^T(Xw-y)` after `l = ‖Xw-y‖²`) is checked as a step."""
    from notecheck.check.numeric.errors import IllConditioned, Unsupported

    named = C.defined_name(relation.lhs)
    earlier = relation.defs.get(named[0]) if named else None
    what = f"definition of {symbol_text(named[0])}" if named else "definition"
    if earlier is None or earlier.abstract or earlier.formula >= relation.formula or not world.draws:
        return Outcome(UNVERIFIED, what)
    step = C.Relation(relation.formula, relation.step, "step", earlier.expr, relation.rhs, "=",
                      relation.defs, relation.variables)
    try:
        evidence = [compare(step, d, world, layout or DENOMINATOR) for d in world.draws[:DRAWS]]
    except (IllConditioned, Unsupported):
        return Outcome(UNVERIFIED, what)
    if all(e.holds() for e in evidence):
        return Outcome(VERIFIED, f"{what}, equal to the earlier one")
    return Outcome(UNVERIFIED, f"{what} (replaces the earlier one)")


def one_sided(relation: C.Relation) -> str:
    """A reason not to check a claim whose sides name different undefined symbols: the
    extra symbol means something the note has not said (`y'`, `S` defined nowhere)."""
    left = C.inputs_of(relation.lhs, relation.defs)
    right = C.inputs_of(relation.rhs, relation.defs)
    if relation.kind != "derivative" and not (left and right):
        return ""  # `XX^{-1} = I`: one side is a constant; checked, and only believed if it holds
    extra = right - left if relation.kind == "derivative" else left ^ right
    extra = {s for s in extra if not is_size_name(s)}
    if not extra:
        return ""
    names = ", ".join(sorted(symbol_text(s) for s in extra))
    return f"{names} appears on one side only and is not defined"


def is_size_name(sym: Symbol) -> bool:
    """`N`, `n`, `m`: sum bounds and sizes, not quantities."""
    return sym.font == "" and sym.sub is None and sym.name in ("N", "n", "m", "K", "k", "M", "T")


def missing_dependence(relation: C.Relation) -> Outcome | None:
    """`∂f/∂Y` where the f the note defined does not involve Y: NC502 (seed 003). Said
    only when Y is a variable of its own (not defined yet, or defined from quantities f
    does not use); an intermediate f reaches in a way the tree does not show (`H_1`
    stacking the `h_{1,i}` of a sum) is left to `unclear_derivative`."""
    node = relation.lhs
    if not isinstance(node, Derivative) or not isinstance(node.wrt, Symbol):
        return None
    fn, wrt = node.f, node.wrt
    if isinstance(fn, Symbol):
        known = relation.defs.get(fn)
        if known is None or known.abstract or not relation.defined_here(fn):
            return None
        body = known.expr
    else:
        body = fn
    reached = C.reachable(body, relation.defs)
    if wrt in reached or any(relation.defs[s].abstract for s in reached if s in relation.defs):
        return None
    if any(isinstance(n, Derivative) and n.wrt == wrt for n in walk(relation.rhs)):
        return None  # `∂X^{-1}/∂x = -X^{-1} (∂X/∂x) X^{-1}`: the note takes X as a function of x
    if relation.defined_here(wrt) and C.inputs_of(wrt, relation.defs) & C.inputs_of(body, relation.defs):
        return None
    name = symbol_text(fn) if isinstance(fn, Symbol) else "the function"
    return Outcome(FAILED, diagnosis=f"{name} does not depend on {symbol_text(wrt)}", code="NC502")


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


def unclear_derivative(relation: C.Relation) -> str:
    """Why a derivative in the claim has no meaning notecheck can give it: by an indexed
    member (`∂l/∂a_{2,i}`), or by a variable its function is not known to depend on
    (`∂f/∂y` of an f only given as a function of x)."""
    for node in C.derivatives_in(relation.lhs) + C.derivatives_in(relation.rhs):
        wrt = node.wrt
        if not isinstance(wrt, Symbol):
            continue
        if wrt.sub and any(ch.isalpha() for ch in wrt.sub):
            return f"a derivative by the indexed {symbol_text(wrt)}"
        fn = node.f
        body = relation.defs[fn].expr if isinstance(fn, Symbol) and fn in relation.defs else fn
        if wrt not in C.reachable(body, relation.defs):
            return f"{symbol_text(fn) if isinstance(fn, Symbol) else 'the function'} is not given as a " \
                   f"function of {symbol_text(wrt)}"
    return ""


def inner_derivatives(relation: C.Relation) -> bool:
    return bool(C.derivatives_in(relation.rhs))


def symbol_text(sym: Symbol) -> str:
    out = sym.name + "'" * sym.prime
    return f"{out}_{sym.sub}" if sym.sub else out


# ---------------------------------------------------------------- layout


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
        return Layout(default, "default" if not getattr(config, "layout", None) else "configured default")
    numerator = single.count(NUMERATOR)
    denominator = len(single) - numerator
    if numerator == denominator:
        return Layout(default, f"default (derivative claims split {numerator}–{denominator})")
    name = NUMERATOR if numerator > denominator else DENOMINATOR
    return Layout(name, f"inferred from {max(numerator, denominator)} of {len(single)} claims that tell the layouts apart")


def is_nabla(node: Expr) -> bool:
    return isinstance(node, Derivative) and node.style == "nabla"


def other(layout: str) -> str:
    return NUMERATOR if layout == DENOMINATOR else DENOMINATOR


def apply_layout(relation: C.Relation, outcome: Outcome, layout: Layout, declared: bool) -> Outcome:
    """Turn a derivative claim's matching layouts into its verdict under the note's layout.
    `∇f` is the gradient, a column like the variable, whatever layout the note uses for
    `∂f/∂x` (seed 002: "分子布局下，∇f = (∂f/∂x)^T"); a row there is only a warning."""
    if not outcome.matches or layout.name is None:
        return outcome
    if is_nabla(relation.lhs):
        layout, declared = Layout(DENOMINATOR, "∇ is the gradient"), False
    if relation.kind != "derivative":
        declared = False  # a step through derivatives in the other convention: a warning, never false
    if layout.name in outcome.matches:
        return outcome
    wrong = other(layout.name)
    verdict = FAILED if declared else VERIFIED
    return Outcome(verdict, outcome.message, diagnosis=f"right in {wrong} layout, but the note uses {layout.name} layout",
                   matches=outcome.matches, code="NC601")


def mixed_layout_finding(relations, outcomes, layout: Layout) -> Finding | None:
    used = [o.matches for r, o in zip(relations, outcomes)
            if r.kind == "derivative" and len(o.matches) == 1 and not is_nabla(r.lhs)]
    kinds = {next(iter(m)) for m in used}
    if len(kinds) < 2:
        return None
    return Finding("NC602", f"derivative claims use both layouts; the note's layout is {layout.name} ({layout.reason})",
                   line=1, col=1)


# ---------------------------------------------------------------- claims and findings


def source_of(note, relation: C.Relation, node: Expr) -> str | None:
    """The LaTeX the note wrote for a node, by its offsets in the formula."""
    latex = note.formulas[relation.formula].latex
    if 0 <= node.pos < node.end <= len(latex):
        return latex[node.pos:node.end].strip()
    return None


def make_claim(note, relation: C.Relation, outcome: Outcome, layout: Layout, repair: tuple[str, str] | None) -> Claim:
    lhs, rhs = source_of(note, relation, relation.lhs), source_of(note, relation, relation.rhs)
    message = outcome.message
    if outcome.diagnosis:
        message = f"{message}; {outcome.diagnosis}" if message else outcome.diagnosis
    if outcome.verdict == VERIFIED and relation.kind == "derivative":
        message = message or f"verified in {layout.name} layout"
        if outcome.matches == frozenset({layout.name}) and rhs:
            message += f"; in {other(layout.name)} layout it reads {transposed_text(rhs, transpose_mark(note))}"
    elif outcome.verdict == VERIFIED and not message:
        message = "verified"
    expected = repair[0] if repair else None
    if repair and repair[1]:
        message += f" ({repair[1]})"
    return Claim(relation.formula, relation.step, relation.kind, outcome.verdict, message, expected, lhs, rhs)


TRANSPOSE_MARKS = ("^\\top", "^{\\top}", "^T", "^{T}", "^\\intercal", "^{\\mathsf{T}}", "^\\mathsf{T}")


def transpose_mark(note) -> str:
    """How this note writes a transpose (`^T`, `^\\top`, ...), so fixes read like the note."""
    counts = {mark: note.text.count(mark) for mark in TRANSPOSE_MARKS}
    best = max(TRANSPOSE_MARKS, key=lambda mark: counts[mark])
    return best if counts[best] else "^T"


def transposed_text(latex: str, mark: str = "^T") -> str:
    """`G` as `(G)^T`, and `(G)^T` back as `G`: the same gradient in the other layout."""
    for written in TRANSPOSE_MARKS:
        inner = latex[1:-len(written) - 1]
        if latex.endswith(")" + written) and latex.startswith("(") and balanced(inner):
            return inner
    if len(latex) == 1 or latex.isalnum():
        return latex + mark
    return f"({latex}){mark}"


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def to_latex(node: Expr, note) -> str | None:
    """The printer's LaTeX for a node built by the checker, in the note's habits
    (`\\mathbf` or `\\boldsymbol`, `^\\top` or `^T`); None if it cannot print it."""
    try:
        from notecheck.latex import style_of
        from notecheck.latex import to_latex as print_latex

        return print_latex(node, style_of(f.latex for f in note.formulas))
    except Exception:  # noqa: BLE001 - without a printed form the finding still stands
        return None


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
            or to_latex(edit[0], note)
        if text:
            return text, edit[1]
    derived = derived_gradient(relation, world, layout, env, context)
    if derived is not None:
        text = to_latex(derived, note)
        if text:
            return text, "re-derived"
    return None


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


MAX_CANDIDATES = 40


def smallest_edit(relation: C.Relation, world: World, layout: Layout,
                  shape_of=None) -> tuple[Expr, str] | None:
    """The first one-step edit of the right-hand side that makes the claim hold; with
    `shape_of`, scalars are never transposed or swapped."""
    from notecheck.check.fix import candidates

    for count, (candidate, reason) in enumerate(candidates(relation.rhs, shape_of)):
        if count >= MAX_CANDIDATES:
            break
        if holds_with(relation, candidate, world, layout):
            return candidate, reason
    return None


def holds_with(relation: C.Relation, rhs: Expr, world: World, layout: Layout) -> bool:
    trial = C.Relation(relation.formula, relation.step, relation.kind, relation.lhs, rhs, relation.rel,
                       relation.defs, relation.variables)
    try:
        outcome = judge_numerically(trial, world, layout.name, repairing=True)
    except Exception:  # noqa: BLE001 - a candidate the engine cannot take is not a fix
        return False
    if relation.kind == "derivative":
        return outcome.verdict == VERIFIED and layout.name in outcome.matches
    return outcome.verdict == VERIFIED


def whole_edit_text(source: str | None, rhs: Expr, candidate: Expr, mark: str) -> str | None:
    """The edited right-hand side in the note's own words, for the edits that wrap it
    whole (sign, transpose): `-(...)`, `(...)^T`."""
    if not source:
        return None
    if candidate == Transpose(rhs) or (isinstance(rhs, Transpose) and candidate == rhs.arg):
        return transposed_text(source, mark)
    if candidate == Neg(rhs):
        return f"-({source})" if isinstance(rhs, (Add, Neg)) else f"-{source}"
    if isinstance(rhs, Neg) and candidate == rhs.arg and source.startswith("-"):
        return source[1:].strip()
    return None


def scaled_text(note, relation: C.Relation, candidate: Expr) -> str | None:
    """A rescaled right-hand side in the note's own words: `\\frac{1}{2}(A + A^T)`,
    `2X^T(Xw - y)`, or the body with its wrong factor dropped."""
    rhs = relation.rhs
    factors = rhs.factors if isinstance(rhs, Mul) else (rhs,)
    lead = factors[0] if isinstance(factors[0], Number) and len(factors) > 1 else None
    body_nodes = factors[1:] if lead is not None else factors
    latex = note.formulas[relation.formula].latex
    start = body_nodes[0].pos
    if start < 0 or rhs.end < 0:
        return None
    body = latex[start:rhs.end].strip()
    body_expr = body_nodes[0] if len(body_nodes) == 1 else Mul(tuple(body_nodes))
    if candidate == body_expr:
        return body
    if not (isinstance(candidate, Mul) and isinstance(candidate.factors[0], Number)):
        return None
    rest = candidate.factors[1:]
    if (rest[0] if len(rest) == 1 else Mul(rest)) != body_expr:
        return None
    if isinstance(body_expr, (Add, Neg)):
        body = f"({body})"
    return number_text(candidate.factors[0].value) + body


def number_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def derived_gradient(relation: C.Relation, world: World, layout: Layout, env, context) -> Expr | None:
    """The deriver's gradient for a failed derivative claim, in the note's layout, shown
    only if it makes the claim hold numerically."""
    node = relation.lhs
    if not isinstance(node, Derivative) or not isinstance(node.wrt, Symbol) or node.order != 1:
        return None
    from notecheck.check import derive

    # abstract definitions (f(Y) with f unknown) stay in: the deriver then writes the
    # chain rule the way notes do, A^T (∂f/∂Y) B^T
    defs = {name: d.expr for name, d in relation.defs.items()}
    body = defs.get(node.f, node.f) if isinstance(node.f, Symbol) else node.f
    try:
        result = derive.gradient(body, node.wrt, defs, shape_lookup(env, relation.formula),
                                 getattr(context, "properties", None), layout=layout.name or "denominator")
    except Exception:  # noqa: BLE001 - the deriver is a bonus; the numeric verdict stands
        return None
    return result if holds_with(relation, result, world, layout) else None


def shape_lookup(env, formula: int):
    """Shapes for the deriver, as bound in the formula's section."""
    if env is None:
        return None

    def shape_of(node):
        return env.symbol(node, formula=formula) if isinstance(node, Symbol) else env.of(node)

    return shape_of


def make_finding(note, relation: C.Relation, outcome: Outcome, claim: Claim) -> Finding | None:
    """The finding a failed or unchecked claim becomes (none for verified claims and
    definitions, except the layout warning)."""
    formula = note.formulas[relation.formula]
    if outcome.verdict == VERIFIED and outcome.code != "NC601":
        return None
    if outcome.verdict == UNVERIFIED:
        if relation.kind == "definition":
            return None
        code = "NC901" if outcome.code == "NC901" else "NC701"
        text = f"{describe(relation, claim)} not checked: {claim.message}"
    else:
        code = outcome.code or "NC401"
        text = f"{describe(relation, claim)}: {outcome.diagnosis}"
        if claim.expected:
            text += f"; expected {claim.expected}"
    line, col = position(formula, relation.rhs)
    edit = None
    if claim.expected and formula.start >= 0 and relation.rhs.pos >= 0:
        edit = Edit(formula.start + relation.rhs.pos, formula.start + relation.rhs.end, claim.expected,
                    safe=code != "NC601")
    return Finding(code, text, line=line, col=col, end_line=formula.end_line, formula=formula.latex,
                   fix=claim.expected, edit=edit, cell=formula.cell)


KIND_WORDS = {"derivative": "derivative", "differential": "differential", "step": "step",
              "identity": "identity", "condition": "condition", "solution": "solution"}


def describe(relation: C.Relation, claim: Claim) -> str:
    what = KIND_WORDS.get(relation.kind, "claim")
    if claim.lhs and claim.rhs:
        return f"{what} {claim.lhs} = {claim.rhs}"
    return f"{what} {relation.step + 1} of this formula"


def position(formula, node: Expr) -> tuple[int, int]:
    """Line and column of a node when the formula stands verbatim in the file; else the
    formula's own position."""
    if formula.start < 0 or node.pos < 0:
        return formula.line, formula.col
    before = formula.latex[:node.pos]
    if "\n" not in before:
        return formula.line, formula.col + node.pos
    return formula.line + before.count("\n"), len(before) - before.rfind("\n")

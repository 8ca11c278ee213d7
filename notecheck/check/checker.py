"""Check every claim of a note against numeric truth: verdicts, diagnoses, the layout.

`check_note` is the product's core: claims come from `notecheck.meaning.claims`, values
from the numeric engine on a few random draws with distinct sizes (so a transpose can never
hide), and every failed or unchecked claim becomes a `Finding` in the reader's terms
("transposed (numerator layout)", "sign", "scaled by 2"). It never reads files and never
calls a right claim wrong: when in doubt, the verdict is `unverified`, with the reason.

It asks the questions in order, each in its own module: is it true (`judge`), in which
layout (`layout`), how is it wrong (`diagnose`), what is right instead (`repair`, `derive`,
`candidates`); `claim_report` turns the answers into the claim and its finding.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction
from functools import cached_property

from notecheck.check.claim_report import make_claim, make_finding
from notecheck.check.judge import holds_if, judge
from notecheck.check.layout import apply_layout, declared_layout, inferred_layout, layout_votes, mixed_layout_finding
from notecheck.check.numeric.quiet import one_scope_per_note
from notecheck.check.outcome import DENOMINATOR, UNCERTAIN, Outcome, symbol_text, uncertain
from notecheck.check.repair import find_repair, with_intended_variable
from notecheck.check.shape_failures import fold_into_shape_finding, in_note_sizes
from notecheck.check.worlds import Worlds
from notecheck.check.numeric.dependence import is_power_of_symbol
from notecheck.latex import guessed_letters, to_latex
from notecheck.latex.expr import (
    Apply, Chain, Derivative, Differential, Identity, Mul, Number, Opaque, Parsed, Power, Sum, Symbol, Transpose, rebuilt, walk,
)
from notecheck.meaning import (
    CARRIED_NABLA, NoteMeaning, carries_nabla, constraint_stated, disclaimer, example_size, general_law, kron_letters,
    operator_doubt, size_case,
)
from notecheck.meaning import claims as C
from notecheck.records import Record
from notecheck.result import FAILED, UNVERIFIED, VERIFIED, Layout, NoteResult


@one_scope_per_note
def check_note(note, trees: list[Parsed | None], meaning: NoteMeaning, config=None) -> NoteResult:
    """Check every claim of `note`; `trees` align with `note.formulas` (None where a
    formula did not parse; the pipeline reports those as NC201); `meaning` is what the
    meaning stage read from them."""
    context, env, relations = meaning.context, meaning.shapes, meaning.relations
    shape_findings = meaning.shape_findings
    worlds = Worlds(note, env, context, shape_findings, trees)
    declared = declared_layout(context, note, config)
    layout = declared or inferred_layout(layout_votes(relations, worlds), config)
    if declared is None and not any(r.kind == "derivative" for r in relations):
        layout = Layout(None, "no derivative claims")
    layout = replace(layout, einstein=meaning.einstein)
    rebinding = Rebinding(definitions_of_functions(relations), unread_definitions(note, trees), trees)
    judged = [judge(r, worlds.of(r.formula), layout.name or DENOMINATOR) for r in relations]
    certified = [certain(note, as_judged(r, o), o, env, rebinding) for r, o in zip(relations, judged)]
    # a step read uncertainly fails no step after it
    outcomes = first_failures(under_stated_orthogonality(certified, relations, worlds, layout.name or DENOMINATOR),
                              relations)
    result = NoteResult(note=note, trees=list(trees), layout=layout)
    result.findings.extend(shape_findings)
    final = []  # each claim's outcome as reported: one read uncertainly tells no layout (NC602)
    for relation, outcome, checked in zip(relations, outcomes, certified):
        relation = as_judged(relation, outcome)
        laid = apply_layout(relation, outcome, layout, declared is not None, context.stated_layout)
        # (`certain` gives back what it passed)
        outcome = laid if laid is checked else certain(note, relation, laid, env, rebinding)
        final.append(outcome)
        if relation.kind == "definition" and outcome.verdict != VERIFIED:
            continue  # a definition is what later claims mean, not a claim (unless it restates one)
        repair = find_repair(note, relation, outcome, worlds.of(relation.formula), layout, env, context)
        claim = make_claim(note, relation, outcome, layout, repair)
        names = worlds.of(relation.formula).size_names  # the draw's sizes told as the note's (3 -> m, a drawn 6 -> ?)
        claim.message = in_note_sizes(claim.message, names)
        outcome = replace(outcome, diagnosis=in_note_sizes(outcome.diagnosis, names))  # the finding's text too
        result.claims.append(claim)
        finding = make_finding(note, relation, outcome, claim, len(result.claims) - 1)
        if finding is not None and outcome.code == "NC502":
            finding = with_intended_variable(note, relation, finding, worlds.of(relation.formula), layout)
        if outcome.shape_failure:
            finding = fold_into_shape_finding(note.formulas[relation.formula], claim, len(result.claims) - 1,
                                              finding, result.findings, outcome.diagnosis)
        if finding is not None:
            result.findings.append(finding)
    mixed = mixed_layout_finding(relations, final, layout)
    if mixed is not None:
        result.findings.append(mixed)
    return result


def as_judged(relation: C.Relation, outcome: Outcome) -> C.Relation:
    """The relation as its verdict read it: without the definitions it was judged without
    (`Outcome.dropped`), whose reading then does not make its failure uncertain."""
    if not outcome.dropped:
        return relation
    return replace(relation, defs={k: d for k, d in relation.defs.items() if k not in outcome.dropped})


def first_failures(outcomes: list[Outcome], relations: list[C.Relation]) -> list[Outcome]:
    """Only the first failing step of a chain is an error: the steps after it compare
    with a value already wrong, and the reader needs to fix the first one first. A step
    that would fail but was read uncertainly (`certain`) stops the chain the same way:
    its notation is the chain's."""
    stopped: dict[tuple[int, int], str] = {}
    out = []
    for relation, outcome in zip(relations, outcomes):
        key = (relation.formula, relation.chain)
        if key in stopped and outcome.verdict == FAILED and outcome.code in ("NC401", "NC402", "NC403"):
            outcome = Outcome(UNVERIFIED, stopped[key])
        elif outcome.verdict == FAILED:
            stopped.setdefault(key, "follows a step that does not hold")
        elif outcome.code == UNCERTAIN:
            stopped.setdefault(key, "follows a step whose reading is not certain")
        out.append(outcome)
    return out


def under_stated_orthogonality(outcomes: list[Outcome], relations: list[C.Relation], worlds: Worlds,
                               layout: str) -> list[Outcome]:
    """A chain that says `XX^T = I` (`X'X = XX' = I`, "and thus X is orthogonal") states
    that X is orthogonal: an identity of that chain that fails for any X but holds for an
    orthogonal one is unverified, saying so, and so is a failure of a claim on a block of
    X (`U_R`), whose orthonormal columns no draw gives. (Not other constants: `‖w‖_2 =
    Σ_i w_i = 1` is wrong for the unit vector it speaks of.)"""
    stated = {(r.formula, r.chain): sym for r in relations for sym in [orthogonal_by(r)] if sym is not None}
    if not stated:
        return outcomes
    wholes = {sym.name: sym for sym in stated.values() if sym.sub is None}
    out = []
    for relation, outcome in zip(relations, outcomes):
        sym = stated.get((relation.formula, relation.chain))
        if outcome.verdict == FAILED and outcome.code == "NC401":
            block = block_of(relation, wholes)
            if sym is not None and holds_if(relation, worlds.of(relation.formula), sym, "orthogonal", layout):
                name = symbol_text(sym)
                outcome = uncertain(f"its chain says {name} is orthogonal ({name}{name}^T = I), and it holds then",
                                    outcome, "as claimed")
            elif block is not None:
                whole = symbol_text(wholes[block.name])
                outcome = uncertain(f"{symbol_text(block)} may be a block of {whole}, which the note says is "
                                    f"orthogonal ({whole}^T{whole} = I): its columns would be orthonormal, and a "
                                    "draw's are not", outcome)
        out.append(outcome)
    return out


def sized(relation: C.Relation, env) -> bool:
    """Whether the claim reads a symbol that is not a number (whose size a case may fix);
    Euler's `e` is one, whatever its unread shape."""
    return any(isinstance(n, Symbol) and (n.name, n.sub) != ("e", None) and (shape := env.of(n)) is not None
               and not shape.is_scalar for side in (relation.lhs, relation.rhs) for n in walk(side))


def block_of(relation: C.Relation, wholes: dict) -> Symbol | None:
    """A symbol of the claim written as a part of a letter the note says is orthogonal
    (`U_R` of U, in an SVD `U = [U_R  U_N]`), or None."""
    return next((n for side in (relation.lhs, relation.rhs) for n in walk(side)
                 if isinstance(n, Symbol) and n.sub is not None and n.name in wholes), None)


def orthogonal_by(relation: C.Relation) -> Symbol | None:
    """X, when the relation is `XX^T = I` or `X^TX = I` (either way round)."""
    for side, other in ((relation.lhs, relation.rhs), (relation.rhs, relation.lhs)):
        if isinstance(other, Identity) and isinstance(side, Mul) and len(side.factors) == 2:
            first, second = side.factors
            for plain, turned in ((first, second), (second, first)):
                if isinstance(plain, Symbol) and isinstance(turned, Transpose) and turned.arg == plain:
                    return plain
    return None


class Rebinding(Record):
    """Where the note may give a letter another meaning than the one a claim reads:
    the functions it defines several ways (`functions`: the formulas of each), the
    formulas that did not parse, by the name each begins to define (`unread`: `y =
    exp()x` may define y anew, but cannot be read), and the formulas that place a
    letter in a space (`placed`, found from the note's `trees` when a failure first asks:
    "where $\\mathbf{y} \\in \\mathbb{R}^n$" introduces a y)."""

    functions: dict
    unread: dict
    trees: list

    @cached_property
    def placed(self) -> dict:
        return placed_symbols(self.trees)

    @cached_property
    def opaque(self) -> dict:
        return opaque_definitions(self.trees)


def opaque_definitions(trees: list[Parsed | None]) -> dict[Symbol, list[tuple[int, str]]]:
    """The formulas that define a letter by what notecheck does not evaluate (`S_B :=
    \\sum_{n \\in C_1} x_n x_n^T`, an `Opaque`), by that letter: (formula, what it is)."""
    out: dict[Symbol, list[tuple[int, str]]] = {}
    for index, tree in enumerate(trees):
        for node in walk(tree) if tree is not None else ():
            if type(node) is Chain and node.rels[0] in C.EQUALITIES and type(node.items[0]) is Symbol \
                    and type(node.items[1]) is Opaque:
                out.setdefault(node.items[0], []).append((index, node.items[1].what))
    return out


def placed_symbols(trees: list[Parsed | None]) -> dict[Symbol, list[int]]:
    """The formulas that place a symbol in a space (`y \\in \\mathbb{R}^n`), by that symbol."""
    out: dict[Symbol, list[int]] = {}
    for index, tree in enumerate(trees):
        for node in walk(tree) if tree is not None else ():
            if type(node) is Chain:
                for item, rel in zip(node.items, node.rels):
                    if rel == "\\in" and type(item) is Symbol:
                        out.setdefault(item, []).append(index)
    return out


def unread_definitions(note, trees: list[Parsed | None]) -> dict[str, list[int]]:
    """The formulas that did not parse and open as a definition (`y = …`), by that name."""
    out: dict[str, list[int]] = {}
    for index, tree in enumerate(trees):
        opened = DEFINED_NAME.match(note.formulas[index].latex) if tree is None else None
        if opened:
            out.setdefault(opened.group(1), []).append(index)
    return out


DEFINED_NAME = re.compile(r"\s*\\?([A-Za-z]+)\s*(?:_\{?\w+\}?\s*)?(?::=|=)")


def certain(note, relation: C.Relation, outcome: Outcome, env, rebinding: Rebinding) -> Outcome:
    """Precision first (`meaning.certainty`): a failure (a wrong value, a result in the
    other layout of a note that declared its own) stands only when the claim's reading
    is certain, that of the definitions it goes through included; otherwise the claim
    is unverified, with the reason. A verification stands only when no letter the claim
    writes transposed was taken for a number the note never says it is
    (`numbers_transposed`). "f does not depend on Y" rests on f alone; a free index on no
    shape at all, and a claim off by a constant factor (a sign, a scale) is off by it
    whatever the shapes: for these only operators and functions can make the reading
    uncertain."""
    if outcome.verdict == VERIFIED:
        outcome = numbers_transposed(relation, outcome, env)
    if outcome.verdict != FAILED:
        return operators_certain(note, relation, outcome) if outcome.code == "NC601" else outcome
    said = disclaimer(note, relation.formula)
    if said:
        return uncertain(said, outcome, "as claimed")
    if outcome.shape_failure and relation.step > relation.chain and 0 <= relation.formula < len(rebinding.trees) \
            and carries_nabla(rebinding.trees[relation.formula], (relation.lhs, relation.rhs)):
        return uncertain(CARRIED_NABLA, outcome)
    law = general_law(note, relation.formula)
    if law:
        return uncertain(law, outcome, "with the note's letters")
    constrained = constraint_stated(note, relation.formula)
    if constrained:
        return uncertain(constrained, outcome, "everywhere")
    case = size_case(note, relation.formula) if env is not None and sized(relation, env) else ""
    case = case or example_size(note, {int(n.value) for side in (relation.lhs, relation.rhs) for n in walk(side)
                                        if isinstance(n, Number) and n.value.denominator == 1 and n.value > 2})
    if case:
        return uncertain(case, outcome, "at any size")
    named = named_differential(relation)
    if named:
        return uncertain(named, outcome, "as a differential")
    powered = by_a_power(relation)
    if powered:
        return uncertain(powered, outcome, "so")
    series = infinite_series(relation)
    if series:
        return uncertain(series, outcome, "summed that far")
    if relation.variable_doubt:
        return uncertain(relation.variable_doubt, outcome, "so")
    if relation.numbers_doubt and outcome.code != "NC502":  # (no dependence is none at any numbers)
        return uncertain(relation.numbers_doubt, outcome, "as holding for every value")
    unowned = unowned_entries(relation) if outcome.code != "NC502" else ""
    if unowned:
        return uncertain(unowned, outcome, "as separate numbers")
    stepwise = immediate_partial(relation, note.formulas[relation.formula].latex)
    if stepwise:
        return uncertain(stepwise, outcome, "as total derivatives")
    outer = outer_product(relation, env)
    if outer:
        return uncertain(outer, outcome, "as a Kronecker product")
    guessed = guessed_macro(note, relation)
    if guessed:
        return uncertain(guessed, outcome, "so")
    if env is None:
        return Outcome(UNVERIFIED, f"the shapes were not read ({outcome.diagnosis})")
    elsewhere = defined_elsewhere(note, relation, env) if outcome.code == "NC502" else \
        redefined_elsewhere(note, relation, env, rebinding.functions) or \
        defined_unreadably(note, relation, rebinding.unread) or valued_opaquely(note, relation, rebinding) or \
        power_defined_anew(note, relation) or \
        declared_anew(note, relation, rebinding.placed)
    if elsewhere:
        return uncertain(elsewhere, outcome)
    own = [relation.lhs.f] if outcome.code == "NC502" and isinstance(relation.lhs, Derivative) \
        else [relation.lhs, relation.rhs]
    reached = set().union(*(C.reachable(node, relation.defs) for node in own))
    parts = [(relation.formula, own)]
    parts += [(d.formula, [d.expr]) for s, d in relation.defs.items()
              if s in reached and not d.abstract and 0 <= d.formula < len(note.formulas)]
    functions = {s for s, d in relation.defs.items() if not d.abstract}  # the ones this claim evaluates
    valued = frozenset(functions)  # `z` of a chain `dŷ/dz dz/dX` is some function of X, of a shape no fact
    for formula, nodes in parts:
        doubt = env.doubt(note.formulas[formula].latex, nodes, formula, valued, functions,
                          shapes=(outcome.code != "NC403" or bool(relation.indices)) and not by_a_constant(outcome),
                          found=relation.index_doubt if outcome.code == "NC403" else "")
        if doubt:
            return uncertain(doubt, outcome)
    if relation.supposed_doubt:
        return uncertain(relation.supposed_doubt, outcome, "for every value")
    return outcome


def defined_elsewhere(note, relation: C.Relation, env) -> str:
    """Why "f does not depend on w" is not certain when f is defined in another section
    than the claim: a tutorial's later part (a single weight `w` in a worked example)
    means the loss it is about, not the formula a part before gave it."""
    fn = relation.lhs.f if isinstance(relation.lhs, Derivative) else None
    known = relation.defs.get(fn) if isinstance(fn, Symbol) else None
    if known is None or not 0 <= known.formula < len(note.formulas) or \
            env.section_of(known.formula) == env.section_of(relation.formula):
        return ""
    return f"{symbol_text(fn)} is defined in another section (line {note.formulas[known.formula].line})"


def definitions_of_functions(relations: list[C.Relation]) -> dict[Symbol, list[int]]:
    """The formulas that define each function of the note (`g(z) = \\tanh(z)`), for the
    functions it defines at more than one place with different right sides."""
    found: dict[Symbol, dict] = {}
    for relation in relations:
        if relation.kind == "definition" and isinstance(relation.lhs, Apply):
            found.setdefault(relation.lhs.fn, {}).setdefault(relation.rhs, relation.formula)
    return {fn: sorted(places.values()) for fn, places in found.items() if len(places) > 1}


def redefined_elsewhere(note, relation: C.Relation, env, redefined: dict[Symbol, list[int]]) -> str:
    """Why a failure is not certain when it reads a function the note defines several
    ways (a course's `g(z)` for each activation in turn) from a section other than the
    claim's: a later section may mean the g its figure shows, not the one before it."""
    if not redefined:
        return ""
    here = env.section_of(relation.formula)
    reached = C.reachable(relation.lhs, relation.defs) | C.reachable(relation.rhs, relation.defs)
    reached |= {rebuilt(s, prime=0) for s in reached if s.prime}  # `f'(x)` reads f's definition too
    for fn, places in redefined.items():
        known = relation.defs.get(fn)
        if known is None or fn not in reached or env.section_of(known.formula) == here:
            continue
        lines = ", ".join(str(note.formulas[p].line) for p in places if p != known.formula)
        return (f"{symbol_text(fn)} is defined in another section (line {note.formulas[known.formula].line}) and "
                f"again elsewhere (line {lines}): which one this claim means is not certain")
    return ""


PLACED_AFTER = 2  # lines after a claim where a "where y ∈ R^n" still speaks of it


def declared_anew(note, relation: C.Relation, placed: dict[Symbol, list[int]]) -> str:
    """Why a failure is not certain when it reads a definition (`y = Wx`) of a letter that
    a formula between that definition and the claim places in a space again ("verify
    that …, where $\\mathbf{y} \\in \\mathbb{R}^n$"): an exercise may bring in a new y."""
    reached = C.reachable(relation.lhs, relation.defs) | C.reachable(relation.rhs, relation.defs)
    line = note.formulas[relation.formula].end_line
    for name, known in relation.defs.items():
        if name in reached and not known.abstract:
            for index in placed.get(name, ()):  # before the claim, or in the lines right after it ("where …")
                if known.formula < index and note.formulas[index].line <= line + PLACED_AFTER:
                    return f"{symbol_text(name)} is placed in a space again (line {note.formulas[index].line}) after " \
                           f"its definition (line {note.formulas[known.formula].line}): the note may mean a new one"
    return ""


def defined_unreadably(note, relation: C.Relation, unread: dict[str, list[int]]) -> str:
    """Why a failure is not certain when a formula between the definition it reads and
    the claim did not parse and opens by defining the same letter (`y = exp()x`, then
    `∂y/∂x = exp(x)`): the note may have defined it anew there."""
    if not unread:
        return ""
    for name, known in relation.defs.items():
        for index in unread.get(name.name, ()):
            if known.formula < index < relation.formula:
                return f"a formula that does not parse (line {note.formulas[index].line}) may define " \
                       f"{symbol_text(name)} anew"
    return ""


TWO = Number(Fraction(2))


def power_defined_anew(note, relation: C.Relation) -> str:
    """Why a failure is not certain when its left side is a defined letter squared and its
    right side does not read the letter: `σ^2 = \\frac{1}{N-1}\\sum …` after `σ = \\sqrt{\\frac{1}{N}
    \\sum …}` is how a variance is defined, here anew (Bessel's correction), not a step from it."""
    lhs = relation.lhs
    if type(lhs) is not Power or type(lhs.base) is not Symbol or lhs.exp != TWO or lhs.base not in relation.defs:
        return ""
    known = relation.defs[lhs.base]
    if known.abstract or lhs.base in C.symbols_of(relation.rhs) or not 0 <= known.formula < len(note.formulas):
        return ""
    return f"{symbol_text(lhs.base)}^2 = … may define {symbol_text(lhs.base)} anew, as line " \
           f"{note.formulas[known.formula].line} did: a square written alone on the left is how a variance is defined"


def valued_opaquely(note, relation: C.Relation, rebinding: Rebinding) -> str:
    """Why a failure is not certain when the claim reads a letter the note defined before
    it by what notecheck does not evaluate (a sum over a set, an integral): checked, the
    letter was any value, and the one the note gives it may have what a random one lacks
    (`Σ x_n x_nᵀ` is symmetric, so `∇(wᵀS_Bw) = 2S_Bw` holds)."""
    read = {s for side in (relation.lhs, relation.rhs) for s in C.reachable(side, relation.defs)}
    for sym in read - relation.defs.keys() if rebinding.opaque else ():
        made = [(index, what) for index, what in rebinding.opaque.get(sym, ()) if index < relation.formula]
        if made:
            index, what = made[-1]
            return f"{symbol_text(sym)} is defined (line {note.formulas[index].line}) as {what}, which is not " \
                   f"evaluated: checked as any value, it may lack what that definition gives it (a symmetry, a sign)"
    return ""


def numbers_transposed(relation: C.Relation, outcome: Outcome, env) -> Outcome:
    """`∂(v^Tv)/∂x = (∂v^T/∂x)v + (∂v^T/∂x)v^T` holds only if v is a number: a letter the note
    writes transposed, as one writes a vector or a matrix, that its shapes fit only as 1×1 and
    nothing the note says makes a number, was read otherwise than meant; verified that way, a
    wrong rule for vectors would be said to hold. Unverified, with the reason. (A letter only
    differentiated, `v` of `∂v/∂x`, is defined as an abstract function of x: no definition.)"""
    if env is None or relation.formula < 0:
        return outcome
    for side in (relation.lhs, relation.rhs):
        for node in walk(side):
            if type(node) is Transpose and type(node.arg) is Symbol and getattr(relation.defs.get(node.arg), "abstract", True) \
                    and env.guessed_number(node.arg, relation.formula):
                name = symbol_text(node.arg)
                return Outcome(UNVERIFIED, f"`{name}` is written transposed, as a vector or a matrix is, but its "
                                           f"sizes fit here only as a number, which the note does not say it is; "
                                           f"read as a number it holds", code=UNCERTAIN)
    return outcome


def operators_certain(note, relation: C.Relation, outcome: Outcome) -> Outcome:
    """A layout warning (NC601) says the claim's products are the other layout's: it
    stands only if they are matrix products. A `*` (a convolution, an elementwise
    product) or another ambiguous operator in the claim's formula leaves it unverified."""
    latex = note.formulas[relation.formula].latex if 0 <= relation.formula < len(note.formulas) else ""
    doubt = operator_doubt(latex) or valued_unknown(relation)
    if not doubt:
        return outcome
    return Outcome(UNVERIFIED, f"{doubt}; read that way it would hold only in the other layout "
                               f"({outcome.diagnosis or outcome.message})", code=UNCERTAIN)


def valued_unknown(relation: C.Relation) -> str:
    """Why a layout warning may not hold: its right side differentiates a function the
    note does not define (`∇f = (∇g)^T g` after `f = ½‖g(x)‖²`), whose value may be a
    vector: ∇g is then a Jacobian, and what reads as a row a column."""
    for node in walk(relation.rhs):
        if isinstance(node, Derivative) and isinstance(node.f, Apply) and isinstance(node.f.fn, Symbol) \
                and (node.f.fn not in relation.defs or relation.defs[node.f.fn].abstract):
            return f"`{symbol_text(node.f.fn)}` is a function the note does not define; its value may be a vector"
    return ""


def named_differential(relation: C.Relation) -> str:
    """Why `dw = …` may not be a differential at all, or '': w is a variable no definition
    gives and the right side holds no dw. Deep-learning notes write `dw` for ∂L/∂w
    (`dw = \\frac{1}{m}\\sum_j dw^{(j)}`, `dW = dZ\\,x^T`); read as differentials, such a
    line equates an arbitrary direction with something else and fails."""
    lhs = relation.lhs
    if relation.kind != "differential" or not isinstance(lhs, Differential) or not isinstance(lhs.arg, Symbol):
        return ""
    variable = lhs.arg
    if variable in relation.defs or any(isinstance(n, Differential) and n.arg == variable for n in walk(relation.rhs)):
        return ""
    d = "\\partial " if lhs.partial else "d"  # (`\\partial w_{jk} = \\frac{\\partial E}{\\partial w_{jk}}`: the same)
    return f"`{d}{variable.name}` may name ∂L/∂{variable.name}, as deep-learning notes write it"


def by_a_power(relation: C.Relation) -> str:
    """Why a failure is not certain when the claim differentiates by a letter's power
    (`∂L/∂σ^2`, checked through σ): a superscript may label the letter instead (`w^2_{11}`,
    a weight of layer 2, beside layer 1's `w^1_{11}`), and a derivative by that letter is
    another one."""
    for node in (n for side in (relation.lhs, relation.rhs) for n in walk(side)):
        if isinstance(node, Derivative) and is_power_of_symbol(node.wrt):
            return f"the derivative by `{to_latex(node.wrt)}` reads it as a power; its superscript may label the letter"
    return ""


def infinite_series(relation: C.Relation) -> str:
    """Why a failure may be the truncation's, not the claim's, or '': a sum to `\\infty` is
    summed to a few terms (a size's count), which shows an identity that holds term by
    term, but not one that holds only in the limit (`(I-A)^{-1} = \\sum_{n=0}^\\infty A^n`,
    and only where the series converges)."""
    for side in (relation.lhs, relation.rhs):
        for node in walk(side):
            if isinstance(node, Sum) and any(isinstance(limit, Symbol) and limit.name == "infty"
                                             for limit in (node.upper, node.lower)):
                return "an infinite series is summed here to a few terms only, and it may hold only in the limit"
    return ""


def unowned_entries(relation: C.Relation) -> str:
    """Why `z_i` and the `z_j` a sum runs over may be entries of one vector z the note never
    names (`p_i = e^{z_i} / \\sum_j e^{z_j}`), or '': read as a number apart from each
    `z_j`, z_i does not move the sum."""
    defs = relation.defs
    reached = sorted(C.reachable(relation.lhs, defs) | C.reachable(relation.rhs, defs), key=symbol_text)  # (a set's
    nodes = [relation.lhs, relation.rhs] + [defs[s].expr for s in reached  # order changes from run to run)
                                            if s in defs and not defs[s].abstract]
    bound = [n for node in nodes for s in walk(node) if isinstance(s, Sum) and s.index
             for n in walk(s.body) if isinstance(n, Symbol) and n.sub == s.index]
    summed, ids = {(n.name, n.font) for n in bound}, {id(n) for n in bound}
    for node in nodes:
        for n in walk(node):
            if isinstance(n, Symbol) and n.font == "" and n.sub and len(n.sub) == 1 and n.sub.isalpha() \
                    and id(n) not in ids and (n.name, n.font) in summed:  # (a bold `z_i` is one of several vectors)
                return f"`{symbol_text(n)}` may be an entry of a vector {n.name} the note does not name, " \
                       f"like those the sum runs over"
    return ""


def immediate_partial(relation: C.Relation, latex: str) -> str:
    """Why a derivative may be a partial one, its other paths held fixed, or '': a claim that
    also takes `∂h^{(3)}/∂h^{(2)}` sums the paths through the earlier steps itself, as BPTT
    derivations write it, so its `∂h^{(3)}/∂W` is the immediate partial; and beside the total
    `df/dθ`, the chain rule's `∂f/∂θ` holds f's other arguments fixed (`df/dθ = ∂f/∂θ +
    ∂f/∂z dz/dθ`). Read as total derivatives, such a sum counts each path again."""
    derivatives = [n for side in (relation.lhs, relation.rhs) for n in walk(side) if type(n) is Derivative
                   and isinstance(n.f, Symbol) and isinstance(n.wrt, Symbol)]
    stepped = {(d.f.name, d.f.font) for d in derivatives if (d.wrt.name, d.wrt.font) == (d.f.name, d.f.font)
               and d.wrt.sub != d.f.sub}
    total = {(d.f, d.wrt) for d in derivatives if d.style == "d"}
    through = through_another(derivatives, relation.defs)
    if through:
        return through
    for d in derivatives:
        if (d.f.name, d.f.font) in stepped and (d.wrt.name, d.wrt.font) != (d.f.name, d.f.font):
            return f"`{latex[d.pos:d.end]}` may be the immediate partial, the earlier steps " \
                   "held fixed, as the claim sums the paths through them itself"
        if d.style == "frac" and (d.f, d.wrt) in total:
            return f"`{latex[d.pos:d.end]}` beside the total derivative is the partial one, the other " \
                   "arguments held fixed"
    return ""


def through_another(derivatives: list[Derivative], defs: dict) -> str:
    """Why a chain rule over a graph of functions the note gives only by their derivatives
    reads two ways, or '': beside `∂f/∂b` it takes `∂f/∂c` where c is itself a function of
    b (`c = a + b` in a table), so `∂f/∂c` may follow b's path through c or hold b fixed
    (backpropagation's adjoints are the first, the calculus's partials the second)."""
    by: dict = {}  # each function -> what the claim differentiates it by, in the claim's order
    for d in derivatives:
        by.setdefault(d.f, {})[d.wrt] = None
    for wrts in by.values():
        for v in wrts:
            known = defs.get(v)
            u = next((u for u in known.args if u in wrts and u != v), None) if known is not None and known.abstract \
                else None
            if u is not None:
                return f"{symbol_text(v)} is a function of {symbol_text(u)}, so a derivative by {symbol_text(v)} " \
                       f"may follow {symbol_text(u)}'s path through it or hold {symbol_text(u)} fixed"
    return ""


def outer_product(relation: C.Relation, env) -> str:
    """Why `x \\otimes x = xx^T` may hold, or '': ⊗ of two vectors is often written for
    their outer product (`clash_doubts.outer_product_doubt` says so of the shapes)."""
    if env is None:
        return ""
    for node in (n for side in (relation.lhs, relation.rhs) for n in walk(side)):
        letters = kron_letters(node)
        if letters is not None and all(is_vector(env.of(letter)) for letter in letters):
            return "⊗ of two vectors may be their outer product, as it is often written, not the Kronecker product"
    return ""


def guessed_macro(note, relation: C.Relation) -> str:
    """Why a failure is not certain when its formula reads `\\Bx` as a bold x, a macro the
    note uses without defining it (`latex.formulas.guessed_bold_letters`)."""
    names = guessed_letters(note, relation.formula)
    if not names:
        return ""
    what = f"a bold {names[0][2:]}" if names[0][:2] in ("\\B", "\\b") and names[0] != "\\bs" else "bold"
    return f"it reads `{names[0]}` as {what}, a macro the note uses without defining it"


def is_vector(shape) -> bool:
    return shape is not None and not shape.is_scalar and 1 in (shape.rows, shape.cols)


def by_a_constant(outcome: Outcome) -> bool:
    """Both sides read alike and differ by a sign or a scale: no reading of the shapes
    makes them equal."""
    return outcome.diagnosis.startswith(("sign", "scaled by"))


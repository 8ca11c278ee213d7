"""What each relation of a note claims, read from the parsed trees in note order.

A formula like `df = d(c^T σ(z)) = c^T[σ'(z) ⊙ dz]` makes one claim per `=`; what the
claim means depends on what came before it: which names were defined (`f(W) = ...`,
`z = XWb`; later definitions shadow earlier ones), which function the note differentiates
without defining it (`假设已求得 ∂f/∂Y`: f is some function of Y), and which variable
the derivation is about (the derivative asked for, the next one claimed, the `dW` on the
right). This module only reads trees and prose; it decides nothing numerically.
"""

from __future__ import annotations

from dataclasses import field, replace

from notecheck.latex.expr import (
    Add, Apply, Chain, Derivative, Differential, Dots, Expr, Matrix, Mul, Number, Ones, Opaque, Parsed, Symbol, Transpose,
    answers, rebuilt, walk,
)
from notecheck.latex import to_latex
from notecheck.latex.constants import is_constant_letter
from notecheck.meaning.claim_prose import (announces_solving, introduced_afresh, prose_before, restates, supposes,
                                           supposes_value)
from notecheck.meaning.members import varied, with_members
from notecheck.meaning.rewrites import replaced, route
from notecheck.meaning.reach import (
    KINDS, Definition, contains, defined_name, inputs_of, is_zero, kinds_in, mapped_definition, reachable, symbols_of,
)
from notecheck.records import Record

# relations that claim equality; `\in`, `\sim`, inequalities declare or bound, not claim
EQUALITIES = ("=", ":=", "\\triangleq", "\\equiv", "\\coloneqq", "\\doteq")

COUNT_NAMES = ("N", "M", "K", "T", "n", "m")  # letters that count samples or sizes
UNEQUAL = "it holds only where the indices differ (`i \\neq j :`), and notecheck checks every value of them"
SCALAR_FUNCTION_NAMES = ("L", "J", "E", "F")  # capitals that name scalar losses


class Relation(Record):
    """One claim to check: `lhs rel rhs`, step `step` of formula `formula`.

    `defs` are the definitions that give the claim its meaning: those in effect at that
    point, then (for names not yet defined) the first definition further on, as a reader
    would look ahead for "并定义 S = ...". `variables` are candidate sets of the symbols
    that vary in a differential, most likely first. `reason` is set when the claim is
    not checkable for a reason found while reading it."""

    formula: int
    step: int
    kind: str
    lhs: Expr
    rhs: Expr
    rel: str
    defs: dict[Symbol, Definition] = field(default_factory=dict)
    variables: tuple[tuple[Expr, ...], ...] = ()
    reason: str = ""
    # a condition: the solutions `w = E` the note gives for it; a solution: the
    # conditions it solves (each checked by putting E in for w)
    solutions: tuple[Definition, ...] = ()
    solves: tuple[Relation, ...] = ()
    chain: int = 0  # the step its chain starts at: claims of one chain share it
    free_index: str = ""  # "the index i is free on the left side only" (NC403; see meaning.entries)
    indices: tuple[str, ...] = ()  # free on both sides: the claim holds for every value of them
    index_doubt: str = ""  # why the free index may be a misreading (`certainty.reading_doubt` asks)
    numbers_doubt: str = ""  # why it may hold only at a worked example's numbers (`at_the_numbers`)
    variable_doubt: str = ""  # a bare ∇ whose variable is x or X by convention only
    supposed_doubt: str = ""  # why it may hold only at a value the words suppose just before (`after_suppositions`)

    def defined_here(self, name: Symbol) -> bool:
        """Whether `name` was defined before this claim (not only further on)."""
        known = self.defs.get(name)
        return known is not None and known.formula <= self.formula


def differentiated(node: Expr) -> tuple[Expr, ...]:
    """The variables written under `d` in a tree (`dW`, `d\\boldsymbol{z}`), in order."""
    out: list[Expr] = []
    kinds = (node._answers or {}).get(KINDS)  # (`answers(node)` would keep a dict on a node asked nothing)
    if kinds is not None and Differential not in kinds:
        return ()  # the node types a side holds are kept on it (no node type has subtypes)
    for n in walk(node):
        if isinstance(n, Differential) and isinstance(n.arg, Symbol) and n.arg not in out:
            out.append(n.arg)
    return tuple(out)


def derivative_asked(tree: Parsed | None) -> Derivative | None:
    """A formula that is only a derivative, `$\\frac{\\partial f}{\\partial W}$`: the question."""
    if tree is None or len(tree.statements) != 1:
        return None
    only = tree.statements[0]
    return only if isinstance(only, Derivative) else None


def derivatives_in(tree: Expr | None) -> list[Derivative]:
    """The derivatives with a variable in a tree, in order (kept: asked of each side often)."""
    if tree is None:
        return []
    kept = tree._answers  # (`answers(tree)` only to keep a new answer, as in `kinds_in`)
    below = kept.get(DERIVATIVES) if kept is not None else None
    if below is None:  # those below it only: a node that kept itself would be a cycle, left to the collector
        kinds = answers(tree).get(KINDS)
        below = tree._answers[DERIVATIVES] = () if kinds is not None and Derivative not in kinds else \
            tuple(n for n in walk(tree) if n is not tree and isinstance(n, Derivative) and n.wrt is not None)
    return [tree, *below] if isinstance(tree, Derivative) and tree.wrt is not None else list(below)


DERIVATIVES = "derivatives with a variable"  # a key of `answers`


def evaluable_definition(items: tuple[Expr, ...], rels: tuple[str, ...]) -> Expr | None:
    """The first right-hand item of `S = e1 = e2` that means something numerically:
    `A_1 = [a_{1,1}, \\cdots] = W_1X + b_1 1^T` defines A_1 by its second item. An item
    read whole as an unsupported construct (`x = (x_1; x_2; …; x_d)`, stacked entries) gives
    no value: the letter stays the quantity the rest of the note computes with."""
    for item, rel in zip(items[1:], rels):
        if rel not in EQUALITIES:
            return None
        if not contains(item, Dots) and type(item) is not Opaque:
            return item
    return None


def names_scalar_function(sym: Symbol) -> bool:
    """Whether a name the note differentiates without defining is a scalar function
    (`f`, `l`, `L`): only those become random functions."""
    return not sym.bold and (sym.name.islower() or sym.name in SCALAR_FUNCTION_NAMES)


def classify(lhs: Expr, rhs: Expr, studied: set[Symbol], solving: bool,
             defs: dict[Symbol, Definition]) -> str:
    """Which kind of claim `lhs = rhs` is (definitions are recognized before this)."""
    differential = contains(lhs, Differential) or contains(rhs, Differential)
    if (is_zero(rhs) or is_zero(lhs)) and not differential:
        return "condition"
    if isinstance(lhs, Transpose) and lhs == Transpose(rhs) or isinstance(rhs, Transpose) and rhs == Transpose(lhs):
        return "condition"  # `M^T = M` states a property of M; it is not an identity
    named = defined_name(lhs)
    if named is not None and named[0] in studied and not differential:
        return "solution"
    if differential:
        return "differential"
    if isinstance(lhs, Derivative):
        return "derivative"
    if solving:
        return "condition"
    if symbols_of(lhs).isdisjoint(defs) and symbols_of(rhs).isdisjoint(defs):
        return "identity"
    return "step"


def upcoming_variables(trees: list[Parsed | None]) -> list[Expr | None]:
    """For each formula, the variable of the next derivative claimed or asked, its own included."""
    out: list[Expr | None] = [None] * len(trees)
    nxt: Expr | None = None
    for index in range(len(trees) - 1, -1, -1):
        found = derivatives_in(trees[index])
        if found:
            nxt = found[0].wrt
        out[index] = nxt
    return out


class Reading(Record):
    """What a reader knows at a point of the note."""

    defs: dict[Symbol, Definition] = field(default_factory=dict)
    studied: set[Symbol] = field(default_factory=set)  # inputs of the function derived now
    asked: Expr | None = None                           # the derivative last asked for
    solving: bool = False                               # after "令梯度为零", "setting to zero"
    last_wrt: dict[Symbol, Expr] = field(default_factory=dict)  # f -> what it was last differentiated by
    wrts: set[Symbol] = field(default_factory=set)      # every symbol something was differentiated by
    last_solving: int = -10                              # the formula of the last `... = 0` or name given aside
    aside: frozenset[Symbol] = frozenset()               # names given to the data while solving (`n_1 = Σ y_i`)
    routes: dict = field(default_factory=dict)          # the note's `routed` steps
    numbers: dict[Symbol, int] = field(default_factory=dict)  # letters given numbers (`x = 1`) -> the formula
    guessed: list = field(default_factory=list)         # bare `∇` given x or X by convention (`with_variable`)

    def define(self, name: Symbol, expr: Expr, formula: int, args: tuple[Expr, ...] = (),
               abstract: bool = False) -> None:
        """Record a definition; a name defined again starts a new problem. A new name
        for the problem's data while solving (`n_1 = Σ y_i` after "setting it to zero")
        is kept aside: an equation reading it with a variable solved for still solves."""
        fresh = name in self.defs and not self.defs[name].abstract
        self.defs = {**self.defs, name: Definition(name, expr, formula, args, abstract)}
        if abstract:
            return
        inputs = inputs_of(expr, self.defs)
        aside = (self.solving or self.aside) and not fresh and inputs.isdisjoint(self.wrts)
        self.aside = self.aside | {name} if aside else frozenset()
        if aside:
            self.last_solving = formula
        self.studied = inputs if fresh else (self.studied | inputs)
        self.studied.discard(name)
        self.solving = False

    def solves_for(self, name: Symbol) -> bool:
        """`w = (X^TX)^{-1}X^Ty` solves for a variable of the problem: one the function
        depends on, or one it was differentiated by once a condition was set."""
        return name in self.solved()

    def solved(self) -> set[Symbol]:
        return self.studied | self.wrts if self.solving else self.studied

    def solves_with(self, lhs: Expr, rhs: Expr) -> bool:
        """Whether `lhs = rhs` is an equation being solved: after a condition, or reading a
        name kept aside while solving and a variable solved for (`n_1/θ = n_0/(1-θ)`)."""
        if self.solving or not self.aside:
            return self.solving
        read = symbols_of(lhs) | symbols_of(rhs)
        return not read.isdisjoint(self.aside) and not read.isdisjoint(self.wrts)

    def note_abstract_functions(self, tree: Parsed, formula: int) -> None:
        """`∂f/∂Y` with f not defined: f is a function of Y from here on (unless what it
        already depends on reaches Y). A derivative mentioned by a variable the f defined
        earlier does not use ("假设已求得 ∂f/∂Y") starts a new, abstract f; one *claimed*
        (`∂f/∂Y = ab^T`) is checked against the f defined (NC502)."""
        derivatives = derivatives_in(tree)  # (none in three formulas in four: then nothing else is asked)
        claimed = {id(s.items[0]) for s in tree.statements if isinstance(s, Chain)} if derivatives else ()
        for node in derivatives:
            fn = node.f
            if isinstance(node.wrt, Symbol):
                self.wrts.add(node.wrt)
            if not isinstance(fn, Symbol) or not isinstance(node.wrt, Symbol) or fn == node.wrt:
                continue  # (`∂x/∂x = 1`: x by itself, no function of it)
            self.last_wrt[fn] = node.wrt
            known = self.defs.get(fn)
            if known is not None and not known.abstract and id(node) in claimed:
                continue
            if not names_scalar_function(fn) or (fn.sub and wrt_entry_of_same(fn, node.wrt)):
                continue  # `dx_i/dx_k`: one entry by another (δ_ik), no function of x_k
            if known is not None and node.wrt in reachable(routed(self.defs, node, routes=self.routes)[fn].expr, self.defs):
                continue  # f reaches the variable, perhaps through `a = Wx` written out in f
            self.define(fn, Apply(fn, (node.wrt,)), formula, (node.wrt,), abstract=True)


def extract(note, trees: list[Parsed | None]) -> list[Relation]:
    """Every claim of the note in reading order, with what it means at that point."""
    prose = prose_before(note)
    afresh = introduced_afresh(note, trees)
    upcoming = upcoming_variables(trees)
    reading = Reading()
    relations: list[Relation] = []
    paragraph = None
    for index, tree in enumerate(trees):
        if tree is None:
            continue
        where, text = prose.get(index, (None, ""))
        if where != paragraph:  # "令梯度为零" speaks for its own paragraph (and the next formulas)
            paragraph = where
            if index - reading.last_solving > 2:
                reading.solving, reading.aside = False, frozenset()
        if index in afresh:  # "let A be any symmetric matrix": what A was defined as is no longer in force
            reading.defs = {name: d for name, d in reading.defs.items() if name not in afresh[index]}
        try:
            relations.extend(claims_of_formula(index, tree, reading, text, upcoming[index]))
        except RecursionError:
            continue  # nested too deeply to read: its claims stay unread, the others go on
    look_ahead(relations)
    for relation in relations:
        defs = with_members(relation.defs, relation.lhs, relation.rhs)
        defs = varied(defs, tuple(d.wrt for d in derivatives_in(relation.lhs) + derivatives_in(relation.rhs)))
        relation.defs = routed(defs, relation.lhs, relation.rhs, routes=reading.routes)
    pair_solutions(relations)
    after_suppositions(relations, prose)
    return relations


def claims_of_formula(index: int, tree: Parsed, reading: Reading, prose: str,
                      upcoming: Expr | None) -> list[Relation]:
    question = derivative_asked(tree)
    reading.note_abstract_functions(tree, index)
    if question is not None:
        reading.asked = question.wrt
        return []
    if announces_solving(prose):
        reading.solving = True
    made: list[Relation] = []
    step = 0
    restating = any(isinstance(s, Chain) for s in tree.statements) and restates(prose)  # asked once
    for k, statement in enumerate(tree.statements):
        mapped = mapped_definition(tree, k)
        if mapped is not None:  # `f(x): ℝ^N ∋ x ↦ xᵀAx ∈ ℝ` defines f as `f(x) = xᵀAx` does
            reading.define(mapped[0], mapped[2], index, mapped[1])
        elif isinstance(statement, Chain):
            concluded = k > 0 and k <= len(tree.joins) and tree.joins[k - 1] == "\\Rightarrow"
            made.extend(claims_of_chain(index, step, statement, reading, upcoming, restating, concluded))
        if isinstance(statement, Chain):
            step += len(statement.rels)
    if made and supposes(prose):  # "A is idempotent if $AA = A$": what it says holds only where it is supposed
        made = [replace(r, kind="condition") if r.kind in ("identity", "step") else r for r in made]
    return made


SOLUTION_REACH = 4  # formulas between "令梯度为零 ... = 0" and "解为 w = ..."


def pair_solutions(relations: list[Relation]) -> None:
    """Tie each solution `w = E` to the conditions just before it that involve w, so
    both can be checked by putting E in for w (`X^TXw = X^Ty` at `w = (X^TX)^{-1}X^Ty`)."""
    for index, solution in enumerate(relations):
        named = defined_name(solution.lhs)
        if solution.kind != "solution" or named is None:
            continue
        answer = Definition(named[0], solution.rhs, solution.formula)
        for condition in reversed(relations[:index + 1]):
            if solution.formula - condition.formula > SOLUTION_REACH:
                break
            if condition.kind == "condition" and named[0] in reachable(condition.lhs, condition.defs) | \
                    reachable(condition.rhs, condition.defs):
                condition.solutions += (answer,)
                solution.solves += (condition,)


def after_suppositions(relations: list[Relation], prose: dict) -> None:
    """A claim just after a value the words suppose for a letter ("if we set $z = x = \\alpha$",
    then ∂(x^TAx)/∂α = ∂(x^TAx)/∂x) that reads it may hold only there: such a value is no
    definition, so the claim is checked with the letter as it was, and a failure is only a
    doubt (`checker.certain`). Not after an answer ("whose solution is $w = (X^TX)^{-1}X^Ty$"),
    with which the note goes on to w in general, nor after a definition ("let $L = …$")."""
    letters = {id(r): letter for r in relations if (letter := supposed_letter(r, prose)) is not None}
    if not letters:
        return
    for index, later in enumerate(relations):
        if later.kind in ("solution", "definition", "condition"):
            continue
        reached = None
        for supposed in reversed(relations[:index]):  # the nearest first
            if later.formula - supposed.formula > SOLUTION_REACH:
                break
            letter = letters.get(id(supposed))
            if letter is None:
                continue
            reached = reached or reachable(later.lhs, later.defs) | reachable(later.rhs, later.defs)
            if letter in reached:
                later.supposed_doubt = f"it may hold only where {to_latex(supposed.lhs)} = " \
                                       f"{to_latex(supposed.rhs)}, as the note supposes just before"
                break


def supposed_letter(relation: Relation, prose: dict) -> Symbol | None:
    """The letter a relation gives a value the words before it suppose (`x` of "if we set
    $x = \\alpha$"), or None. `x = x(\\alpha)` gives x no value: it says what x depends on."""
    named = defined_name(relation.lhs)
    if relation.kind == "definition" or named is None or named[1] or named[0] in symbols_of(relation.rhs):
        return None
    return named[0] if supposes_value(prose.get(relation.formula, (None, ""))[1]) else None


def routed(defs: dict[Symbol, Definition], *sides: Expr, routes: dict) -> dict[Symbol, Definition]:
    """Definitions in which each `∂f/∂a` of the claim goes through `a`: after
    `a = Wx`, a function written with `Wx` is read as a function of `a`, as the note's
    reader does (`l = -y^TWx + ...` then `∂l/∂a`). `routes` (the note's) keeps each
    step's outcome by its definitions' identity, f and a: claims share their dict of
    definitions, and route the same derivative through it again and again."""
    for side in sides:
        for node in derivatives_in(side):
            fn, wrt = node.f, node.wrt
            if not isinstance(fn, Symbol) or not isinstance(wrt, Symbol) or wrt not in defs or fn not in defs:
                continue
            known = routes.get((id(defs), fn, wrt))
            if known is None or known[0] is not defs:  # (the definitions are kept with it: their id names them)
                known = routes[id(defs), fn, wrt] = (defs, route(defs, fn, wrt))
            defs = known[1]
    return defs


def claims_of_chain(index: int, first_step: int, chain: Chain, reading: Reading,
                    upcoming: Expr | None, restating: bool = False, concluded: bool = False) -> list[Relation]:
    """The claims of one chain `a = b = c`, recording the definition it makes, if any.
    A chain the prose calls a restatement ("i.e.", "化简为") of a name already defined
    is checked against that definition and does not replace it. A value `concluded` by an
    implication (`N(x) = 0 \\Rightarrow x = 0`, `-11x_1 = -1 \\Rightarrow x_1 = 1/11`) is
    what the premise gives, not what the letter is: it defines nothing (defined, it made
    x zero throughout its formula and the norm's `N(ax) = |a|N(x)` held as 0 = 0)."""
    items, rels = chain.items, chain.rels
    named = defined_name(items[0])
    value = evaluable_definition(items, rels) if named is not None else None
    evaluated = named is not None and evaluates(named[0], value, reading.defs)  # `E = 0.045`, E defined above
    defining = (
        named is not None and rels[0] in EQUALITIES
        and not reading.solves_for(named[0])
        and named[0] not in symbols_of(items[1])
        and not (isinstance(value, Matrix) and not named[1])  # `X = [x_ij]` illustrates X; `y(x) = [x^2, sin x]` defines y
        and not (restating and named[0] in reading.defs)
        and not (named[1] and is_zero(items[1]))  # `c(x) = 0`: where c vanishes (a constraint), not what c is
        and not evaluated
        and not (concluded and worked_number(items[1]))
        and not (named[1] and named[0].prime and rebuilt(named[0], prime=0) in reading.defs)  # `C'(a)` after `C(a) = …`
    )
    before = reading.defs
    if defining and value is not None:
        reading.define(named[0], value, index, named[1])
    made: list[Relation] = []
    in_chain = differentiated(chain) if Differential in kinds_in(chain) else ()  # (no node type has subtypes)
    unequal = next((k + 1 for k in range(len(rels) - 1) if rels[k] == "\\ne" and rels[k + 1] == ":"), len(rels))
    for i, rel in enumerate(rels):
        if rel not in EQUALITIES:
            continue
        lhs = with_variables(products(items[i], reading.defs), reading)
        rhs = with_variables(products(items[i + 1], reading.defs), reading)
        variables = candidate_variables(lhs, rhs, reading.asked, upcoming, in_chain)
        if i == 0 and defining:
            made.append(Relation(index, first_step + i, "definition", lhs, rhs, rel, before, variables))
            continue
        if i == 0 and named is not None and named[0] in symbols_of(rhs) and (
                named[0] in reading.defs or updates(named[0], rhs)):
            made.append(Relation(index, first_step + i, "step", lhs, rhs, rel, reading.defs, variables,
                                 reason="an assignment that refers to itself"))
            continue
        if i == 0 and evaluated and not reading.solves_for(named[0]):  # `x = 2` where ∂f/∂x = 0: a solution
            made.append(Relation(index, first_step + i, "step", lhs, rhs, rel, reading.defs, variables,
                                 reason=f"a value at the numbers of a worked example, not what "
                                        f"{named[0].name} is in general"))
            continue
        kind = classify(lhs, rhs, reading.solved(), reading.solves_with(lhs, rhs), reading.defs)
        if kind == "condition" and (is_zero(lhs) or is_zero(rhs)):
            reading.solving = True  # "∂l/∂w = 0 即 X^TXw = X^Ty": what follows solves it
            reading.last_solving = index
        made.append(Relation(index, first_step + i, kind, lhs, rhs, rel, reading.defs, variables,
                             reason=UNEQUAL if i > unequal else ""))  # `\\text{if } i \\neq j: ∂y_i/∂z_j = -y_i y_j`
    for relation in made:
        relation.chain = first_step
        if relation.kind != "definition":
            relation.numbers_doubt = at_the_numbers(relation, reading, index)
            relation.variable_doubt = convention_doubt(relation, reading.guessed)
    if named is not None and not named[1] and rels[0] in EQUALITIES and worked_number(items[1]):
        reading.numbers[named[0]] = index  # `x = 1`, `A = [[1, 2], [3, 4]]`: a worked example's values
    return made


NUMBERS_REACH = 12  # formulas after "Let A = [[1, 2], [3, 4]]" that may still work with A's numbers


def at_the_numbers(relation: Relation, reading: Reading, index: int) -> str:
    """Why a claim with one side of numbers only may hold only at the numbers the note gave
    a letter the other side reads ("At $x = 1$: $f'(x) = 3(1)^2 + 4(1) - 5$", or a summary of it), or ''."""
    for numeric, other in ((relation.rhs, relation.lhs), (relation.lhs, relation.rhs)):
        if not worked_number(numeric) or is_zero(numeric) or worked_number(other) or isinstance(other, Symbol):
            continue
        given = [s for s in reachable(other, relation.defs) if s in reading.numbers and index >= reading.numbers[s]
                 and (index - reading.numbers[s] <= NUMBERS_REACH or still_numbers(relation, s, reading.numbers[s], index))]
        if given:  # (the letter given numbers last, not the first a set yields: reports are the same every run)
            last = max(given, key=lambda s: (reading.numbers[s], s.name, s.sub or "", s.font))
            return f"it may be a value at the numbers of a worked example ({last.name} is given numbers)"
    return ""


def still_numbers(relation: Relation, name: Symbol, given: int, index: int) -> bool:
    """Whether numbers given `name` beyond `NUMBERS_REACH` are in force: nothing defined it anew since."""
    known = relation.defs.get(name)
    return index - given <= 4 * NUMBERS_REACH and (known is None or known.formula <= given or worked_number(known.expr))


def wrt_entry_of_same(fn: Symbol, wrt: Symbol) -> bool:
    """`x_i` by `x_k`: two entries of one vector, not a function and its variable."""
    return wrt.name == fn.name and wrt.font == fn.font and wrt.sub is not None


def worked_number(node: Expr) -> bool:
    """A value of numbers only (`0.045`, `-\\log(0.701)`, `1/(1+e^{-0.4})`): what a name
    comes to at a worked example's numbers."""
    return all(is_constant_letter(sym) for sym in symbols_of(node))


def evaluates(name: Symbol, value: Expr | None, defs: dict[Symbol, Definition]) -> bool:
    """`E = 0.045` after `E = \\frac12(p-2)^2`: the defined E worked out at an example's
    numbers. A number after a number (`r = 1` in one exercise, then in the next) is a new
    example's value, and a zero an assumption ("since m = 0"): both define the name as before."""
    return value is not None and name in defs and worked_number(value) and not is_zero(value) \
        and not worked_number(defs[name].expr)


def updates(name: Symbol, rhs: Expr) -> bool:
    """`V = V - 0.5 G`: a step of an iteration (the name is a term of its new value), an
    assignment whatever came before it, never an identity."""
    return isinstance(rhs, Add) and name in rhs.terms


def products(node: Expr, defs: dict[Symbol, Definition]) -> Expr:
    """What the note meant where the tree reads it otherwise: `\\boldsymbol{h}_1(v)^T`
    reads as a call of h_1, but h_1 is a vector the note defined (`h_1 = σ(a_1)`), so it
    is a product; `1^T` can only be the ones vector."""
    def is_product(n: Expr) -> bool:
        if not isinstance(n, Apply) or len(n.args) != 1:
            return False
        if n.fn.name in COUNT_NAMES and not n.fn.bold and n.fn.sub is None:
            return True  # `2N(\\mu - \\bar{x})`: N counts, it is no function
        return n.fn in defs and not defs[n.fn].args and not defs[n.fn].abstract

    kinds = kinds_in(node)  # (no node type has subtypes)
    calls, transposes = Apply in kinds, Transpose in kinds
    if not calls and not transposes:
        return node  # nothing below to read again
    if calls:  # (the rewrites of calls add no call, and a transpose only where there was one)
        for outer in [n for n in walk(node) if isinstance(n, Transpose) and is_product(n.arg)]:
            call = outer.arg  # `h_1(v)^T` is h_1 times v^T
            node = replaced(node, outer, Mul((call.fn, Transpose(call.args[0])), pos=outer.pos, end=outer.end))
        for call in [n for n in walk(node) if isinstance(n, Apply) and is_product(n)]:
            node = replaced(node, call, Mul((call.fn, call.args[0]), pos=call.pos, end=call.end))
    if transposes:
        for row in [n for n in walk(node) if isinstance(n, Transpose) and type(n.arg) is Number and n.arg == ONE]:
            node = replaced(node, row, Transpose(Ones(), pos=row.pos, end=row.end))  # `1^T`: the ones vector
    return node


ONE = Number(1)


def with_variables(node: Expr, reading: Reading) -> Expr:
    """Every bare `\\nabla f` of a side given its implied variable."""
    if Derivative not in kinds_in(node):
        return node
    for bare in [n for n in walk(node) if isinstance(n, Derivative) and n.wrt is None]:
        node = replaced(node, bare, with_variable(bare, reading))
    return node


def with_variable(node: Expr, reading: Reading) -> Expr:
    """`\\nabla^2 f` without a subscript means the variable f was last differentiated by;
    `\\nabla g(\\mathbf w)` names its variable, and so does `\\nabla(\\mathbf x^T\\mathbf x)`
    when one symbol is all it depends on."""
    if not isinstance(node, Derivative) or node.wrt is not None:
        return node
    if isinstance(node.f, Apply) and len(node.f.args) == 1 and isinstance(node.f.args[0], Symbol):
        return replace(node, wrt=node.f.args[0])
    if not isinstance(node.f, (Symbol, Apply)):
        inputs = inputs_of(node.f, reading.defs)
        if len(inputs) == 1:
            return replace(node, wrt=next(iter(inputs)))
        named = [s for s in inputs if s.name in ("x", "X") and s.sub is None and not s.accent and not s.prime]
        if len(named) == 1:  # `\\nabla tr(A^TX) = A`: the variable of matrix calculus, by convention
            reading.guessed.append(guessed := replace(node, wrt=named[0]))
            return guessed
    if isinstance(node.f, Symbol):
        known = reading.last_wrt.get(node.f)
        defined = reading.defs.get(node.f)
        if known is not None and (defined is None or known in reachable(defined.expr, reading.defs)):
            return replace(node, wrt=known)
    return node


def convention_doubt(relation: Relation, guessed: list) -> str:
    """Why a claim through a bare ∇ read as ∇ by x (or X) by convention may mean another variable."""
    for node in guessed:
        if any(n is node for side in (relation.lhs, relation.rhs) for n in walk(side)):
            return f"∇ names no variable, and is read as ∇ by {node.wrt.name}, the usual one"
    return ""


LOOK_AHEAD = 5  # formulas: "...=tr(Σ^{-1}SΣ^{-1}dΣ)，并定义 S = ..." defines S just after


def look_ahead(relations: list[Relation]) -> None:
    """Give each claim the definitions, made in the next few formulas, of names it uses
    before they are defined (further on, a letter may well mean something else)."""
    later: dict[Symbol, Definition] = {}
    # (id of a claim's defs, ids of those near) -> (the defs, with those near): claims under the
    # same definitions share one dict, which later readers of them know by its id
    made: dict[tuple, tuple[dict, dict]] = {}
    for relation in reversed(relations):
        if relation.kind == "definition":
            named = defined_name(relation.lhs)
            if named is not None:
                value = relation_definition(relation)
                if value is not None:
                    later[named[0]] = value
        near = [v for v in later.values() if v.formula - relation.formula <= LOOK_AHEAD]
        key = (id(relation.defs), *map(id, near))
        found = made.get(key)
        if found is None or found[0] is not relation.defs:
            found = made[key] = (relation.defs, {**{v.name: v for v in near}, **relation.defs})
        relation.defs = found[1]


def relation_definition(relation: Relation) -> Definition | None:
    named = defined_name(relation.lhs)
    if named is None or contains(relation.rhs, Dots):
        return None
    return Definition(named[0], relation.rhs, relation.formula, named[1])


def candidate_variables(lhs: Expr, rhs: Expr, asked: Expr | None, upcoming: Expr | None,
                        in_chain: tuple[Expr, ...] = ()) -> tuple[tuple[Expr, ...], ...]:
    """Which symbols may vary in this claim's differentials, most likely first: the
    variable derived next or asked for, the differentials written in the claim or in its
    chain (`dF = d(AX) = A dX`), and the variable with them."""
    written = tuple(dict.fromkeys(differentiated(lhs) + differentiated(rhs)))
    out: list[tuple[Expr, ...]] = []
    for var in (upcoming, asked):
        if var is not None and (var,) not in out:
            out.append((var,))
    for group in (written, tuple(dict.fromkeys(written + in_chain))):
        if group and group not in out:
            out.append(group)
    for var in (upcoming, asked):
        if var is not None and written:
            both = tuple(dict.fromkeys((var,) + written))
            if both not in out:
                out.append(both)
    return tuple(out)

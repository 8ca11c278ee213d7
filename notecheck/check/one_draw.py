"""When one random draw settles that a claim holds, and when it takes all of them.

The two sides of a claim built from sums, products, transposes, inverses, traces,
determinants and smooth functions (exp, sin, tanh, the sigmoid, softmax, a note's
abstract `f`) are analytic in the drawn values, and so is their difference. An analytic
function that is not zero everywhere is zero only on a set of measure zero, so a wrong
identity of that kind fails on a random draw with probability one: a second and a third
draw that agree with the first cannot change the verdict, and cost a fifth of a build.

Anything piecewise or discrete breaks that argument: `|x|`, relu, sign, max, the 1- and
∞-norms, a square root or a fractional power (`\\sqrt{x^2} = x` holds for half of the
draws), a one-hot symbol (finitely many values). A claim with any of those in it, or one
that fails on its first draw, is judged on every draw as before: only `verified` is
reached sooner, never `failed`. A free index is no such thing: every draw checks a claim
at the same values of it (`indexed.assignments`), so only the values drawn for the
symbols differ from one draw to the next.
"""

from __future__ import annotations

from notecheck.latex import expr as E
from notecheck.latex.constants import is_euler_power
from notecheck.meaning import claims as C

# functions analytic wherever notecheck evaluates them (after its aliases: `ln` is `log`,
# `\sigma` the sigmoid unless the note says otherwise; see `evaluator._Func`). `log` is
# here: a log of something that can be negative is drawn again with positive values (then
# in (0, 1)), and on those domains, which are connected, the argument above holds.
ANALYTIC_FUNCTIONS = frozenset({
    "exp", "log", "ln", "sin", "cos", "tan", "tanh", "sigma", "sigmoid", "logistic", "softplus", "softmax",
    "identity", "generic", "tr", "trace", "det", "adj", "diag", "vec", "etr",
})
SMOOTH_NORMS = frozenset({"", "2", "F"})  # Euclidean and Frobenius: a square root of a sum of squares, away from 0
DISCRETE_PROPERTIES = frozenset({"onehot"})


def one_draw_decides(relation: C.Relation, properties: dict, functions: dict) -> bool:
    """Whether a claim that holds on its first draw holds: true when everything the claim
    reads, through its definitions, is analytic in the drawn values. `properties` are the
    draw's (a symbol's declared structure), `functions` what the note's `σ` means."""
    if functions.get("sigma", "sigmoid") not in ANALYTIC_FUNCTIONS:  # σ as relu
        return False
    used = C.reachable(relation.lhs, relation.defs) | C.reachable(relation.rhs, relation.defs)
    if any(properties.get(s, frozenset()) & DISCRETE_PROPERTIES for s in used):
        return False
    trees = [relation.lhs, relation.rhs, *(relation.defs[s].expr for s in used if s in relation.defs)]
    return all(analytic(node) for tree in trees for node in E.walk(tree))


def analytic(node: E.Expr) -> bool:
    """Whether one node computes an analytic function of its arguments."""
    kind = type(node)
    if kind is E.Func:
        return node.name in ANALYTIC_FUNCTIONS
    if kind is E.Bars:  # |x| of a scalar; a determinant of a matrix, but which is not known here
        return False
    if kind is E.Norm:
        return (node.kind or "").strip("{} ") in SMOOTH_NORMS
    if kind is E.Power:  # x^{1/2} and x^a are branches of a root or a log; e^{-z} and x^3 are not
        exponent = node.exp
        return type(exponent) is E.Number and exponent.value.denominator == 1 or is_euler_power(node)
    return kind is not E.Opaque and kind is not E.Text  # what notecheck cannot evaluate, it cannot call analytic

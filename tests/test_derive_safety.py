"""Hostile or odd input never crashes the deriver, the simplifier or the fixer: deep
trees, unknown shapes and unsupported constructs become `Unsupported` or no-ops."""

import pytest

from notecheck.check.derive import Unsupported, gradient
from notecheck.latex.expr import Apply, Func, Mul, Neg, Symbol, Transpose
from notecheck.check.candidates import candidates
from notecheck.latex import simplify

X = Symbol("X")
SHAPES = {X: (3, 4)}


def deep(depth: int):
    node = Func("tr", (Mul((Transpose(X), X)),))
    for _ in range(depth):
        node = Neg(node)
    return node


def test_ten_thousand_nested_nodes_are_refused_not_a_stack_overflow():
    tree = deep(10_000)
    with pytest.raises(Unsupported):
        gradient(tree, X, shape_of=SHAPES.get)
    assert simplify(tree, shape_of=SHAPES.get) is tree
    assert list(candidates(tree)) == []


def test_moderate_nesting_still_derives():
    assert gradient(deep(40), X, shape_of=SHAPES.get) is not None


def test_unknown_shapes_and_abstract_functions_are_unsupported_with_a_reason():
    with pytest.raises(Unsupported, match="shape"):
        gradient(Func("tr", (Mul((Transpose(X), Symbol("Q"), X)),)), X, shape_of=SHAPES.get)
    with pytest.raises(Unsupported, match="abstract function"):
        gradient(Apply(Symbol("f"), (Mul((X, X)),)), X, shape_of=SHAPES.get)
    with pytest.raises(Unsupported, match="not defined"):
        gradient(Symbol("f"), X, shape_of=SHAPES.get)


def test_a_function_that_ignores_the_variable_has_a_zero_gradient():
    from notecheck.latex.expr import Zero

    assert gradient(Func("tr", (Symbol("B"),)), X, shape_of={X: (3, 4), Symbol("B"): (2, 2)}.get) == Zero()

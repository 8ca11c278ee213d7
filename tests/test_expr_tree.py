"""The tree operations every rewrite (substitution, fixes, shapes) relies on."""

from notecheck.latex.expr import Add, Matrix, Mul, Neg, Symbol, Transpose, map_children, walk

X, Y, a = Symbol("X"), Symbol("Y"), Symbol("a", font="bold")


def test_map_children_gives_the_same_object_back_when_nothing_changes():
    tree = Add((Mul((X, a), pos=0, end=2), Neg(Y)), pos=0, end=6)
    assert map_children(tree, lambda c: c) is tree


def test_map_children_rewrites_inside_tuples_and_matrix_rows_and_keeps_the_place():
    swap = {X: Y}
    tree = Add((Matrix(((X, a), (a, X))), Transpose(X)), pos=3, end=9)

    def rename(node):
        return swap.get(node, map_children(node, rename))

    out = rename(tree)
    assert out == Add((Matrix(((Y, a), (a, Y))), Transpose(Y)))
    assert (out.pos, out.end) == (3, 9)
    assert X not in set(walk(out))


def test_nodes_are_equal_exactly_when_their_dataclass_fields_are():
    """Each node type's written-out `__eq__` is the frozen dataclass's: the same type and
    equal compared fields (not the place), on every pair of nodes of parsed formulas."""
    from itertools import product

    from notecheck.latex.parser import parse
    from notecheck.records import compared_values

    trees = [parse(latex) for latex in ("X^T a + Y", "X^{T} a + Y", "\\frac{1}{2}\\|x\\|^2", "1/2 \\|x\\|^2",
                                        "\\sum_i X_{ii} = \\operatorname{tr} X", "\\sum_{i} X_{ii}")]
    nodes = [node for tree in trees for node in walk(tree)]
    for left, right in product(nodes, repeat=2):
        same = type(left) is type(right) and compared_values(type(left))(left) == compared_values(type(right))(right)
        assert (left == right) is same and (left != right) is not same


def test_rebuilt_is_dataclasses_replace():
    from dataclasses import replace

    from notecheck.latex.expr import rebuilt
    from notecheck.latex.parser import parse

    tree = parse(r"\frac{\partial f}{\partial \mathbf{W}} = \mathbf{X}^T (\sigma(\mathbf{X}\mathbf{W}) - y) + \hat{z}' \odot \|A\|_F^2")
    for node in walk(tree):
        for changes in ({"pos": 3, "end": 9}, {}, {"end": node.end + 1}):
            made, expected = rebuilt(node, **changes), replace(node, **changes)
            assert made == expected and repr(made) == repr(expected) and made is not node
            assert list(made.__dict__.items()) == list(expected.__dict__.items())
            assert (made.pos, made.end) == (expected.pos, expected.end)


def test_rebuilt_and_copies_of_nodes_that_remembered_something_leave_it_behind():
    from dataclasses import replace

    from notecheck.latex.expr import children, copy_tree, rebuilt
    from notecheck.latex.parser import parse

    tree = parse(r"\mathbf{X}^T (\sigma(\mathbf{X}\mathbf{W}) - y) + \|A\|_F^2")
    for node in walk(tree):
        hash(node), children(node)  # each remembers its hash and its children in its own dict
        made, expected = rebuilt(node, end=node.end + 1), replace(node, end=node.end + 1)
        assert list(made.__dict__.items()) == list(expected.__dict__.items())
    copied = copy_tree(tree)
    assert copied == tree and all("_hash" not in node.__dict__ for node in walk(copied))


def test_a_letters_symbol_is_the_symbol_its_init_makes():
    from notecheck.latex.expr import letter_symbol

    made, expected = letter_symbol("x", "bold", 3, 4), Symbol("x", "bold", pos=3, end=4)
    assert list(made.__dict__.items()) == list(expected.__dict__.items()) and repr(made) == repr(expected)

"""A side of an equation as the word of letters its product is: `A^T x` is A transposed then
x, `(AB)^T` is B transposed then A transposed, and a trace or an inner product is read up to
rotation (`tr(ABC) = tr(CAB)`, `⟨x, Ay⟩ = tr(x^TAy)`). Two sides with one word are equal as a
law of matrix algebra for any sizes that fit: nothing is evaluated, so a formula the note
only restates (`⟨x, Ay⟩ = ⟨A^Tx, y⟩` among rules to remember) is known for what it is."""

from __future__ import annotations

from notecheck.latex.expr import Expr, Func, Inner, Mul, Symbol, Transpose


def law_word(node: Expr) -> tuple | None:
    """A side as the word of letters its product is, transposes pushed in, or None: a trace, or
    an inner product `⟨a, b⟩ = tr(a^Tb)`, as the least of its rotations (and theirs transposed)."""
    if type(node) is Inner or type(node) is Func and node.name == "tr" and len(node.args) == 1:
        word = product_word(node.args[0]) if type(node) is Func else \
            joined(transposed(product_word(node.left)), product_word(node.right))
        if word is None:
            return None
        turns = [w[k:] + w[:k] for w in (word, transposed(word)) for k in range(len(w))]
        return ("trace", min(turns, key=lambda w: [(repr(letter), flip) for letter, flip in w]))
    word = product_word(node)
    return None if word is None else ("product", word)


def product_word(node: Expr) -> tuple | None:
    """`A^T x` as ((A, transposed), (x, not)); None for anything but letters, products and transposes."""
    if type(node) is Symbol:
        return ((node, False),)
    if type(node) is Transpose:
        return transposed(product_word(node.arg))
    if type(node) is Mul:
        word: tuple | None = ()
        for factor in node.factors:
            word = joined(word, product_word(factor))
        return word
    return None


def transposed(word: tuple | None) -> tuple | None:
    return None if word is None else tuple((letter, not flip) for letter, flip in reversed(word))


def joined(first: tuple | None, second: tuple | None) -> tuple | None:
    return None if first is None or second is None else first + second

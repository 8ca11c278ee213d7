"""The deriver against the Matrix Cookbook: every identity in tests/notes/cookbook_*.md.

Each list item of those notes defines a scalar (`f = ...`, possibly with intermediate
definitions `z = XWb`) and states its gradient (`\\frac{\\partial f}{\\partial X} = G`).
Shapes come from the notes' `X\\in\\mathbb{R}^{m\\times n}` declarations, properties from
the prose right after a symbol ("where $W$ is symmetric", "$M$ 是对称矩阵").

For every identity the test derives the gradient symbolically and asserts, on random
draws, that (1) the stated G equals the exact numeric gradient, so the notes are right,
and (2) the derived expression does too. Run with `-s` to see every derived expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from notecheck.check.derive import gradient, verified_gradient
from notecheck.latex.expr import Chain, Derivative, Expr, Space, Symbol, walk
from notecheck.latex import ParseError, parse

NOTES = sorted((Path(__file__).parent / "notes").glob("cookbook_*.md"))
SIZES = {"m": 3, "n": 4, "p": 5, "q": 6}
PROPERTY_WORDS = {
    "symmetric": ("symmetric",),
    "对称": ("symmetric",),
    "positive definite": ("spd",),
    "正定": ("spd",),
    "one-hot": ("onehot",),
    "diagonal": ("diagonal",),
}
INLINE_MATH = re.compile(r"(?<!\$)\$([^$]+)\$(?!\$)")


@dataclass
class CookbookIdentity:
    note: str
    label: str
    line: int
    name: Symbol
    f: Expr
    wrt: Symbol
    claimed: Expr
    defs: dict = field(default_factory=dict)
    shapes: dict = field(default_factory=dict)
    properties: dict = field(default_factory=dict)

    @property
    def group(self) -> str:
        return self.note.removeprefix("cookbook_").rsplit("_", 1)[0]

    def shape_of(self, node):
        return self.shapes.get(node)


def _dimension(node: Expr | None) -> int:
    if node is None:
        return 1
    if isinstance(node, Symbol):
        return SIZES[node.name]
    return int(node.value)


def _relation(tree) -> Chain | None:
    statement = tree.statements[0] if tree.statements else None
    return statement if isinstance(statement, Chain) and len(statement.items) == 2 else None


def _declare(formulas: list[tuple[Expr, str]], shapes: dict, properties: dict) -> None:
    """Shapes from `X\\in\\mathbb{R}^{...}`; properties from the words after a symbol."""
    for tree, after in formulas:
        chain = _relation(tree)
        subject = None
        if chain and chain.rels == ("\\in",) and isinstance(chain.items[1], Space):
            subject, space = chain.items
            shapes[subject] = (_dimension(space.rows), _dimension(space.cols))
        elif len(tree.statements) == 1 and isinstance(tree.statements[0], Symbol):
            subject = tree.statements[0]
        if subject is None:
            continue
        for word, props in PROPERTY_WORDS.items():
            if word in after:
                properties[subject] = properties.get(subject, frozenset()) | frozenset(props)


def read_identities(path: Path) -> list[CookbookIdentity]:
    shapes: dict = {}
    properties: dict = {}
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        pieces = INLINE_MATH.split(line)
        formulas = []
        for i in range(1, len(pieces), 2):
            try:
                formulas.append((parse(pieces[i]), pieces[i + 1] if i + 1 < len(pieces) else ""))
            except ParseError:
                assert not line.startswith("- "), f"{path.name}:{number}: {pieces[i]} does not parse"
        _declare(formulas, shapes, properties)
        if not line.startswith("- "):
            continue
        relations = [_relation(tree) for tree, _ in formulas]
        relations = [r for r in relations if r and r.rels == ("=",)]
        claims = [r for r in relations if isinstance(r.items[0], Derivative)]
        assert len(claims) == 1, f"{path.name}:{number}: one derivative claim per item"
        derivative, claimed = claims[0].items
        defs = {r.items[0]: r.items[1] for r in relations if isinstance(r.items[0], Symbol)}
        name = derivative.f
        out.append(
            CookbookIdentity(
                note=path.stem,
                label=re.search(r"[（(]([\w.]+)[）)]", line).group(1),
                line=number,
                name=name,
                f=defs.pop(name),
                wrt=derivative.wrt,
                claimed=claimed,
                defs=defs,
                shapes=dict(shapes),
                properties=dict(properties),
            )
        )
    return out


def all_identities() -> list[CookbookIdentity]:
    return [identity for path in NOTES for identity in read_identities(path)]


IDENTITIES = all_identities()


def worlds(identity: CookbookIdentity, count: int = 4, seed: int = 7):
    from notecheck.check.numeric.draw import draw

    rng = np.random.default_rng(seed)
    return [draw(identity.shapes, identity.properties, rng) for _ in range(count)]


def agree(identity: CookbookIdentity, expr: Expr, world) -> bool | None:
    """Whether expr equals the exact gradient on this draw; None for an unlucky draw
    (the log of a negative determinant)."""
    from notecheck.check.numeric.compare import close
    from notecheck.check.numeric.evaluate import evaluate
    from notecheck.check.numeric.evaluate import gradient as numeric_gradient

    from notecheck.check.numeric.errors import IllConditioned

    try:
        truth = numeric_gradient(identity.f, identity.wrt, world, identity.defs)
        value = evaluate(expr, world, identity.defs, shape=truth.shape).value
    except IllConditioned:
        return None
    return close(truth, value)


def show(expr: Expr) -> str:
    try:
        from notecheck.latex import to_latex

        return to_latex(expr)
    except ImportError:
        return repr(expr)


def test_the_notes_state_at_least_sixty_identities_across_the_cookbook_sections():
    assert len(IDENTITIES) >= 60
    groups = {identity.group for identity in IDENTITIES}
    assert {"determinant", "inverse", "forms", "trace", "norms", "kronecker"} <= groups


@pytest.mark.parametrize("identity", IDENTITIES, ids=lambda i: f"{i.note}:{i.label}")
def test_stated_gradient_and_derived_gradient_both_match_the_numeric_one(identity):
    derived = gradient(identity.f, identity.wrt, identity.defs, identity.shape_of, identity.properties)
    print(f"\n{identity.note} ({identity.label}): {show(derived)}")
    checked = 0
    for world in worlds(identity):
        stated, ours = agree(identity, identity.claimed, world), agree(identity, derived, world)
        assert stated is not False, "the note states a wrong identity"
        assert ours is not False, f"derived {show(derived)}"
        checked += ours is True
    assert checked >= 2, "too few draws could be evaluated"


def test_verified_gradient_returns_the_derivation_when_it_checks_out():
    identity = next(i for i in IDENTITIES if i.label == "2.5.11")
    result = verified_gradient(
        identity.f, identity.wrt, identity.defs, identity.shape_of, identity.properties, worlds(identity)
    )
    assert result == gradient(identity.f, identity.wrt, identity.defs, identity.shape_of, identity.properties)


def test_symmetry_collects_like_terms_the_way_the_notes_do():
    identity = next(i for i in IDENTITIES if i.label == "N.6")  # tr(H^T M H), M symmetric
    derived = gradient(identity.f, identity.wrt, identity.defs, identity.shape_of, identity.properties)
    assert derived == identity.claimed  # 2MH, not MH + M^T H


def test_derived_results_use_no_intermediate_when_expanded():
    identity = next(i for i in IDENTITIES if i.label == "N.2")  # z = XWb
    derived = gradient(identity.f, identity.wrt, identity.defs, identity.shape_of, identity.properties)
    assert all(node not in identity.defs for node in walk(derived))


def test_numerator_layout_is_the_simplified_transpose():
    identity = next(i for i in IDENTITIES if i.label == "N.7")  # (softmax(Vx) - y) x^T
    derived = gradient(identity.f, identity.wrt, identity.defs, identity.shape_of, identity.properties, layout="numerator")
    assert derived == parse(r"\boldsymbol{x}(\text{softmax}(V\boldsymbol{x})-\boldsymbol{y})^T").statements[0]

"""Random instantiation of a note's symbols: the values a claim is tested on.

A `Draw` is one random world: a value for every symbol (honouring 'symmetric', 'spd',
'diagonal', 'orthogonal', 'onehot', 'invertible', 'positive', 'unit'), a concrete count for
every sum bound (`N`, `n`), the members `x_1..x_N` of indexed families, and a random
smooth function for every abstract `f(·)`. Families and functions are made on first use,
each from its own seed derived from the draw's seed and its name, so the order in which
an evaluation asks for them never changes what they are: `f` is the same function on
both sides of a claim and in every claim checked with this draw.
"""

from __future__ import annotations

import zlib
from dataclasses import field
from functools import lru_cache

import numpy as np

from notecheck.check.numeric.memo import Memo, remembered
from notecheck.latex.expr import Symbol
from notecheck.records import FrozenRecord, Record

NONE = frozenset()  # the properties of a symbol that has none
DEFAULT_COUNT = 4  # a sum's bound (`N`) when the note gives no size for it

Size = tuple[int, int]


def random_value(shape: Size, props: frozenset[str], rng: np.random.Generator) -> np.ndarray:
    """A random value of `shape` with the declared structure; Gaussian by default.

    Structured square matrices are built well-conditioned (singular values in [0.5, 2]),
    so inverses and log-determinants of them are trustworthy.
    """
    if not props:  # most symbols: no structure to honour, and nothing below to test
        return rng.standard_normal(shape)
    rows, cols = shape
    square = rows == cols
    if "onehot" in props:
        out = np.zeros(shape)
        out[rng.integers(rows, size=cols), np.arange(cols)] = 1.0
        return out
    if "unit" in props:  # entries in (0, 1): probabilities one by one (`log(1 - p)` is defined)
        return rng.uniform(0.05, 0.95, shape)
    if "probability" in props:  # entries positive, each column sums to 1
        out = np.exp(rng.standard_normal(shape))
        return out / out.sum(axis=0, keepdims=True)
    if "orthogonal" in props:  # orthonormal columns (tall) or rows (wide)
        q = _orthogonal(max(rows, cols), rng)
        return q[:rows, :cols]
    if square and props & {"skew", "antisymmetric"}:
        out = rng.standard_normal(shape)
        return (out - out.T) / 2
    if square and props & {"spd", "psd"}:
        spectrum = rng.uniform(0.5, 2.0, rows)
        if "diagonal" in props:
            return np.diag(spectrum)
        q = _orthogonal(rows, rng)
        return (q * spectrum) @ q.T
    if square and "diagonal" in props:
        entries = rng.standard_normal(rows)
        if "positive" in props:
            entries = np.abs(entries) + 0.5
        return np.diag(entries)
    if "positive" in props:
        out = np.abs(rng.standard_normal(shape)) + 0.5
    elif square and "invertible" in props:
        signs = rng.choice([-1.0, 1.0], rows)
        out = (_orthogonal(rows, rng) * (signs * rng.uniform(0.5, 2.0, rows))) @ _orthogonal(rows, rng)
    else:
        out = rng.standard_normal(shape)
    if square and "symmetric" in props:
        out = (out + out.T) / 2
    return out


def random_direction(shape: Size, props: frozenset[str], value: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random `dX` that keeps X's structure: symmetric stays symmetric, diagonal
    diagonal, orthogonal moves along the orthogonal group; constants and one-hot labels
    do not move at all."""
    if not props:  # most symbols: a plain Gaussian step, as below
        return rng.standard_normal(shape)
    rows, cols = shape
    if props & {"constant", "onehot"}:
        return np.zeros(shape)
    out = rng.standard_normal(shape)
    if "orthogonal" in props:
        return _orthogonal_tangent(value, rng) if rows >= cols else _orthogonal_tangent(value.T, rng).T
    if rows != cols:
        return out
    if "diagonal" in props:
        return np.diag(np.diag(out))
    if props & {"symmetric", "spd", "psd"}:
        return (out + out.T) / 2
    if props & {"skew", "antisymmetric"}:
        return (out - out.T) / 2
    return out


def _orthogonal_tangent(q: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A direction along which QᵀQ = I stays true to first order (Q tall or square)."""
    rows, cols = q.shape
    b = rng.standard_normal((cols, cols))
    spin = q @ (b - b.T) / 2
    return spin + (np.eye(rows) - q @ q.T) @ rng.standard_normal((rows, cols))


def _orthogonal(n: int, rng: np.random.Generator) -> np.ndarray:
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


class SmoothFunction(FrozenRecord):
    """A random smooth map from R^n to R^(rows×cols): per output entry k,
    `c_k + g_k·v + ½ vᵀH_k v + a_k sin(w_k·v)`, with exact first and second derivatives.
    `v` is the column-major concatenation of the arguments."""

    out: Size
    c: np.ndarray  # (m,)
    g: np.ndarray  # (m, n)
    h: np.ndarray  # (m, n, n), symmetric in the last two
    a: np.ndarray  # (m,)
    w: np.ndarray  # (m, n)

    @classmethod
    def random(cls, n_in: int, out: Size, rng: np.random.Generator) -> SmoothFunction:
        m = out[0] * out[1]
        b = rng.standard_normal((m, n_in, n_in))
        return cls(
            out=out,
            c=rng.standard_normal(m),
            g=rng.standard_normal((m, n_in)) / np.sqrt(n_in),
            h=(b + b.transpose(0, 2, 1)) / (2 * n_in),
            a=rng.standard_normal(m),
            w=rng.standard_normal((m, n_in)) / np.sqrt(n_in),
        )

    def value(self, v: np.ndarray) -> np.ndarray:
        """f(v) as a flat (m,) vector."""
        return self.c + self.g @ v + 0.5 * np.einsum("i,kij,j->k", v, self.h, v) + self.a * np.sin(self.w @ v)

    def jacobian(self, v: np.ndarray) -> np.ndarray:
        """∂f_k/∂v_j as (m, n)."""
        return self.g + self.h @ v + (self.a * np.cos(self.w @ v))[:, None] * self.w

    def hessian(self, v: np.ndarray) -> np.ndarray:
        """∂²f_k/∂v_i∂v_j as (m, n, n)."""
        curve = -self.a * np.sin(self.w @ v)
        return self.h + curve[:, None, None] * np.einsum("ki,kj->kij", self.w, self.w)


class Draw(Record):
    """One random world for a note. `values` holds a 2-D array per symbol (scalars 1×1).

    Ask it for `member(template, index)` (the value of `x_i` at i = 3), `count(name)`
    (the concrete N), and `function(fn, n_in, out)` (the random `f`).
    """

    values: dict[Symbol, np.ndarray]
    shapes: dict[Symbol, Size]
    properties: dict[Symbol, frozenset[str]]
    sizes: dict[str, int]
    seed: int
    members: dict = field(default_factory=dict)
    functions: dict = field(default_factory=dict)
    directions: dict = field(default_factory=dict)  # the dX of each symbol, made with the values
    member_directions: dict = field(default_factory=dict)
    indices: dict = field(default_factory=dict)  # free indices pinned to values: `i` → 2
    memo: Memo = field(default_factory=Memo, repr=False, compare=False)  # one per world (see `memo`)

    def count(self, name: str) -> int:
        """The concrete value of a size or bound written as a letter (`N`, `n`)."""
        if name not in self.sizes:
            self.sizes[name] = DEFAULT_COUNT
        return self.sizes[name]

    def member(self, template: Symbol, index: tuple[int, ...]) -> np.ndarray:
        """The value of family member `template` (e.g. `x_i`) at a concrete index."""
        key = (template, index)
        known = self.members.get(key)  # one look-up: the key's symbol hashes and compares in Python
        if known is None:
            shape = self.shapes[template]
            known = self.members[key] = random_value(shape, self.properties.get(template, frozenset()),
                                                     self.rng("member", key))
        return known

    def member_direction(self, template: Symbol, index: tuple[int, ...]) -> np.ndarray:
        """The differential `dx_i` of a family member: its own random direction."""
        key = (template, index)
        if key not in self.member_directions:
            props = self.properties.get(template, frozenset())
            value = self.member(template, index)
            self.member_directions[key] = random_direction(self.shapes[template], props, value, self.rng("dmember", key))
        return self.member_directions[key]

    def function(self, fn: Symbol, n_in: int, out: Size) -> SmoothFunction:
        """The random smooth function standing for the abstract `fn` with that signature."""
        key = (fn, n_in, out)
        if key not in self.functions:
            self.functions[key] = SmoothFunction.random(n_in, out, self.rng("function", key))
        return self.functions[key]

    def rng(self, *key) -> np.random.Generator:
        """A generator fixed by the draw's seed and `key`, independent of call order: the
        stream of `np.random.default_rng([seed, crc])` (crc the CRC of the key's text),
        seeded with the 32-bit words that call splits the two numbers into (its splitting
        of a list is a quarter of the ~12 µs a generator costs; 2,300 per hundred notes)."""
        entropy = np.array(uint32_words(self.seed) + key_words(key), np.uint32)
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy)))

    def changed(self, **fields) -> Draw:
        """A copy with some fields changed: `dataclasses.replace` without its per-call
        look at the fields (a draw is copied tens of thousands of times per hundred notes,
        for each pinned index and each shifted world of a central difference)."""
        out = object.__new__(Draw)
        out.__dict__.update(self.__dict__)
        out.__dict__.update(fields)
        return out

    def pinned(self, indices: dict[str, int]) -> Draw:
        """The same world read at concrete values of free indices (`X_{ij}` at i=2, j=1);
        the draw itself when it is pinned there already (a derivative outside any sum, at
        each of 9,000 evaluations per hundred notes, asks for the indices its draw has)."""
        if not indices or indices == self.indices:
            return self
        return self.changed(indices={**self.indices, **indices})

    def with_values(self, overrides: dict[Symbol, np.ndarray]) -> Draw:
        """The same world with some values replaced (families and functions shared). The
        same values replaced by equal arrays give the very same dictionaries, so what is
        evaluated on them is remembered (`memo`): the shifted worlds of a central
        difference are made again for every claim that contains the same derivative."""
        key = ("with", id(self.values), id(self.directions),
               tuple((id(s), v.shape, v.dtype.str, v.tobytes()) for s, v in overrides.items()))
        values, directions = remembered(self.memo.derived, key, (self.values, self.directions, *overrides),
                                        overridden, self.values, self.directions, overrides)
        return self.changed(values=values, directions=directions)

    def direction(self, variables=None) -> dict[Symbol, np.ndarray]:
        """A random differential `dX` for each variable (default: every symbol)."""
        chosen = self.values if variables is None else [v for v in variables if v in self.values]
        missing = [sym for sym in chosen if sym not in self.directions]
        if missing:
            rng = self.rng("direction", tuple(missing))
            for sym in missing:
                props = self.properties.get(sym, frozenset())
                self.directions[sym] = random_direction(self.shapes[sym], props, self.values[sym], rng)
        return {sym: self.directions[sym] for sym in chosen}


@lru_cache(maxsize=4096)
def key_words(key: tuple) -> tuple[int, ...]:
    """A generator's key as the seed words of a number, the CRC of its text, worked out once
    per key (a symbol's text is written field by field, and the same keys come back for
    every draw)."""
    return uint32_words(zlib.crc32(repr(key).encode()))


def uint32_words(number: int) -> tuple[int, ...]:
    """A non-negative number as numpy's `SeedSequence` reads it: its 32-bit words, lowest
    first (zero is one word)."""
    words = [number & 0xFFFFFFFF]
    number >>= 32
    while number:
        words.append(number & 0xFFFFFFFF)
        number >>= 32
    return tuple(words)


def draw(
    shapes: dict[Symbol, Size],
    properties: dict[Symbol, frozenset[str]] | None,
    rng: np.random.Generator,
    sizes: dict[str, int] | None = None,
) -> Draw:
    """Instantiate every symbol of `shapes` at random, honouring `properties`.

    `sizes` gives the concrete value of named sizes used as sum bounds (`N`, `n`); a
    bound not given becomes `DEFAULT_COUNT`. Symbols like `x_i` in `shapes` are families:
    their members are made on demand by `Draw.member`.
    """
    properties = dict(properties or {})
    shapes = {sym: (int(r), int(c)) for sym, (r, c) in shapes.items()}
    # each symbol's properties looked up once, and the values read in order, not by symbol
    # (a symbol hashes in Python; 800 draws of a dozen symbols per hundred notes)
    props = [properties.get(sym, NONE) for sym in shapes]
    drawn = [random_value(shape, p, rng) for shape, p in zip(shapes.values(), props)]
    moved = [random_direction(shape, p, v, rng) for shape, p, v in zip(shapes.values(), props, drawn)]
    values, directions = dict(zip(shapes, drawn)), dict(zip(shapes, moved))
    return Draw(values, shapes, properties, dict(sizes or {}), int(rng.integers(2**62)), directions=directions)


def overridden(values: dict, directions: dict, overrides: dict) -> tuple[dict, dict]:
    """`values` with `overrides`, and the directions of the symbols not overridden (a copy
    less those few: copying a dictionary reuses its keys' hashes, where filtering it
    would hash every symbol of the section again)."""
    kept = dict(directions)
    for sym in overrides:
        kept.pop(sym, None)
    return {**values, **overrides}, kept

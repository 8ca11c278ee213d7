"""The random worlds a note is checked in: per section, concrete sizes and a few draws of
values that honour what the note declares (symmetric, one-hot, positive...)."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import field, replace

from notecheck.check.numeric.remember import remembered
from notecheck.check.outcome import DRAWS, REDRAWS, symbol_text
from notecheck.findings import ERROR
from notecheck.latex.constants import is_constant_letter, is_euler_power, size_name
from notecheck.latex.expr import Symbol, walk
from notecheck.meaning import mentioned_properties, spoken_properties
from notecheck.records import Record


class World(Record):
    """The random draws a note is checked on, with what the numeric engine needs."""

    draws: list = field(default_factory=list)
    functions: dict = field(default_factory=dict)
    unknown: str = ""  # why no draw could be made, if none could
    shape_errors: set[int] = field(default_factory=set)  # formulas with a shape finding
    spoken: tuple = ()  # properties the note speaks of anywhere ("one-hot"), tied to a symbol or not
    mirrored: object = None  # () -> the same section's World with its sizes in the other order
    tied: frozenset = frozenset()  # properties the note ties to some symbol, anywhere in it
    size_names: dict = field(default_factory=dict)  # a draw's size -> the note's name for it (3 -> 'm')
    facts: dict = field(default_factory=dict)  # what holds on every draw of it, found once (`evidence`)


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
        self.euler = writes_euler(trees)
        self.seed = content_seed(note.text)  # every world's draws start from it (the note's whole text, hashed once)
        self.cache: dict = {}
        self.keys: dict = {}
        self.by_formula: dict[int, World] = {}
        self.by_section: dict[int, World] = {}  # see `of`
        self.symbol_properties: dict[Symbol, frozenset[str]] = {}  # see `properties_of`
        where = {(f.line, f.latex): i for i, f in enumerate(note.formulas)}
        self.shape_errors = {where[(f.line, f.formula)] for f in shape_findings
                             if f.severity == ERROR and (f.line, f.formula) in where}

    def of(self, formula: int) -> World:
        """The world of a formula's section: every formula of a section has the same
        concrete shapes (`ShapeEnv.concrete`), and so the same world, found once per
        section (a long note's sections have hundreds of formulas, and working out which
        world a formula's shapes make costs a walk of them all)."""
        world = self.by_formula.get(formula)
        if world is None:
            section = self.env.section_of(formula) if self.env is not None else None
            if section is None:
                world = self.make(formula)
            else:
                world = self.by_section.get(section)
                if world is None:
                    world = self.by_section[section] = self.make(formula)
            self.by_formula[formula] = world
        return world

    def make(self, formula: int, mirrored: bool = False) -> World:
        shapes, sizes, unknown = concrete_shapes(self.env, formula)
        if self.euler:  # `e^{-z}`: e is Euler's number, not a random scalar (`evaluator` gives it its value)
            shapes = {sym: shape for sym, shape in shapes.items()
                      if not (sym.name == "e" and is_constant_letter(sym) and shape == (1, 1))}
        if mirrored:
            swap = size_swap(shapes)
            shapes = {sym: (swap.get(r, r), swap.get(c, c)) for sym, (r, c) in shapes.items()}
            sizes = {name: swap.get(n, n) for name, n in sizes.items()}
            unknown = {swap.get(n, n) for n in unknown}
        key = self.key_of(mirrored, shapes, sizes)
        if key not in self.cache:
            world = make_world(self.note, shapes, self.properties(shapes),
                               dict(getattr(self.context, "elementwise", {}) or {}), sizes, self.bounds, self.seed)
            self.cache[key] = replace(world, shape_errors=self.shape_errors, spoken=self.spoken, tied=self.tied,
                                      size_names={**dict.fromkeys(unknown, "?"),
                                                  **{n: name for name, n in sizes.items()}},
                                      mirrored=mirror_of(self, formula))
        return self.cache[key]

    def key_of(self, mirrored: bool, shapes: dict, sizes: dict) -> tuple:
        """Which world a formula's shapes and sizes make: formulas that bind the same names
        to the same shapes share one. Found once per distinct set of symbol objects (the
        sections of a long note have hundreds of formulas and symbols)."""
        sized = tuple(sorted(sizes.items()))
        return remembered(self.keys, (mirrored, tuple(map(id, shapes)), tuple(shapes.values()), sized),
                          tuple(shapes), world_key, mirrored, shapes, sized)

    def properties(self, shapes) -> dict[Symbol, frozenset[str]]:
        """Declared properties, and those the prose gives in words notecheck's declaration
        reader may have missed ("$S$ (symmetric, $m\\times m$)"); `y_i` shares y's."""
        known = self.symbol_properties
        return {sym: known[sym] if sym in known else self.properties_of(sym) for sym in shapes}

    def properties_of(self, sym: Symbol) -> frozenset[str]:
        """One symbol's properties, found once per note: the sections' worlds share most of
        their symbols (388 worlds asked 4,033 times per hundred notes)."""
        props = set(self.context.properties(sym))
        mentioned = self.mentioned
        if mentioned:  # most notes mention none in words
            props |= mentioned.get(sym, set())
            if sym.sub and any(ch.isalpha() for ch in sym.sub):  # y for y_i: made directly, not by `replace`
                props |= mentioned.get(Symbol(sym.name, sym.font, None, sym.accent, sym.prime), set())
        out = self.symbol_properties[sym] = frozenset(props)
        return out


def writes_euler(trees) -> bool:
    """Whether the note raises e to a power that is not a number (`is_euler_power`): its e is
    then Euler's number, whatever shape the solver's conventions give a lone letter."""
    return any(is_euler_power(node) for tree in trees if tree is not None for node in walk(tree))


def sum_bounds(trees) -> set[Symbol]:
    """The letters the note sums up to (`\\sum_{i=1}^N`): counts, not random numbers."""
    from notecheck.latex.expr import Sum

    return {node.upper for tree in trees if tree is not None for node in walk(tree)
            if isinstance(node, Sum) and isinstance(node.upper, Symbol)}


def counted(draw, bounds: set[Symbol]) -> None:
    """Give each sum bound that also stands as a number (`2N(μ - x̄)`) the value the sums
    run to, so both read the same N (numpy is imported only for such a bound: most notes
    have none, and a draw is counted 800 times per hundred notes)."""
    for sym in bounds:
        if sym in draw.values and draw.values[sym].shape == (1, 1):
            import numpy as np

            draw.values[sym] = np.array([[float(draw.count(size_name(sym)))]])


def world_key(mirrored: bool, shapes: dict, sizes: tuple) -> tuple:
    """The world's key by what the symbols are called, not which objects they are."""
    return mirrored, tuple(sorted(((symbol_text(s), s.font, s.accent or ""), v) for s, v in shapes.items())), sizes


def size_swap(shapes: dict[Symbol, tuple[int, int]]) -> dict[int, int]:
    """The sizes in the other order (3↔5, 4↔4 ...): a tall X where the first draw had a
    wide one, so that X^TX is invertible in one of the two."""
    sizes = sorted({d for shape in shapes.values() for d in shape if d != 1})
    return dict(zip(sizes, reversed(sizes)))


def concrete_shapes(env, formula: int) -> tuple[dict[Symbol, tuple[int, int]], dict[str, int], set[int]]:
    """Integer shapes (distinct sizes for distinct dimensions) in the formula's section,
    the numbers given to named sizes, so that `\\sum_{i=1}^n` runs over the same n, and
    those given to unknown sizes (which messages call `?`)."""
    sizes: dict[str, int] = {}
    unknown: set[int] = set()
    shapes = env.concrete(sizes, formula=formula, unknown=unknown) if env is not None else {}  # a new dict
    return shapes, sizes, unknown


def mirror_of(worlds: Worlds, formula: int):
    """`() -> worlds.make(formula, mirrored=True)`, holding `worlds` weakly: a world kept
    in `worlds.cache` that held its maker would make the note's worlds, draws and memos a
    cycle, freed only by the garbage collector's walk instead of as the note is done."""
    maker = weakref.ref(worlds)
    return lambda: maker().make(formula, mirrored=True)


def make_world(note, shapes: dict[Symbol, tuple[int, int]], properties: dict, functions: dict,
               sizes: dict[str, int] | None = None, bounds: set[Symbol] = frozenset(), seed: int | None = None) -> World:
    """The world of these shapes; `seed` is `content_seed(note.text)`, given by a caller that
    knows it already."""
    if not shapes:
        return World(unknown="the shapes of the note's symbols are unknown")
    empty = sorted(symbol_text(sym) for sym, shape in shapes.items() if 0 in shape)
    if empty:  # every claim about an empty array holds: a check that cannot fail is no check
        return World(unknown=f"{empty[0]} has a size of 0")
    seed = content_seed(note.text) if seed is None else seed
    return World(draws=Draws(seed + len(shapes), shapes, properties, sizes, bounds),
                 functions=functions)


class Draws(Sequence):
    """A world's DRAWS + REDRAWS draws, each made when first asked for: the redraws are
    needed only where a draw is ill-conditioned, and making one costs about as much as
    judging a small claim. They come in order from the world's one generator, so each is
    the very draw it would be were all made at once. Every draw shares the first one's
    memo (what a tree reads is found once for all draws); each sum bound that also stands
    as a number reads the count the sums run to (`counted`)."""

    def __init__(self, seed: int, shapes: dict, properties: dict, sizes: dict | None, bounds: set[Symbol]):
        self.made: list = []
        self.seed, self.shapes, self.properties, self.sizes, self.bounds = seed, shapes, properties, sizes, bounds
        self.rng = None
        # how many sizes a new draw knows: those given, and the bounds `counted` gives a count
        self.start = len({**(sizes or {}), **{size_name(s): 0 for s in bounds if shapes.get(s) == (1, 1)}})
        self.unmade = (self.start,) * (DRAWS + REDRAWS)  # `known_sizes` of draws not made yet

    def __len__(self) -> int:
        return DRAWS + REDRAWS

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        while len(self.made) <= i:
            self.made.append(self.next())
        return self.made[i]

    def __iter__(self):
        made = self.made
        for i in range(len(self)):
            yield made[i] if i < len(made) else self[i]

    def known_sizes(self) -> tuple[int, ...]:
        """`known_sizes` of every draw, without making one: a draw not made yet has learned
        nothing, and knows the sizes a new one starts with."""
        made = self.made  # asked at every judgement and trial (10,000 per hundred notes)
        if not made:
            return self.unmade
        return tuple([len(d.sizes) for d in made]) + self.unmade[len(made):]

    def next(self):
        from notecheck.check.numeric.draw import draw

        if self.rng is None:  # numpy is imported with the first draw only (an import statement costs ~0.5 µs)
            import numpy as np

            self.rng = np.random.default_rng(self.seed)
        one = draw(self.shapes, self.properties, self.rng, self.sizes)
        if self.made:
            one.memo = self.made[0].memo
        counted(one, self.bounds)
        return one


def known_sizes(draws) -> tuple[int, ...]:
    """How many named sizes each draw knows (sums learn them as they run): answers found
    on the draws hold while this stays the same."""
    if isinstance(draws, Draws):
        return draws.known_sizes()
    return tuple(len(d.sizes) for d in draws)


def content_seed(text: str) -> int:
    """The random draws' seed, from what the note says and not where it sits, so the
    same note gets the same verdicts under any name in any folder."""
    import zlib

    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


# the domains a claim whose every draw left a log's or a root's domain is tried on, in
# order, each with what a symbol may have already: positive entries (`log(u/c)`), then
# entries in (0, 1) (`log(1 - p)`, `\\log\\frac{\\pi}{1-\\pi}` of a probability)
NARROWER_DOMAINS = ("positive", "unit")
NARROWED_FROM = {"positive": frozenset({"vector", "matrix", "scalar"}),
                 "unit": frozenset({"vector", "matrix", "scalar", "positive"})}


def narrowed_draw(draw, domain: str):
    """The draw with every plain (unstructured) symbol re-drawn in `domain` ("positive" or
    "unit"), or the draw itself when no symbol is left to narrow."""
    from notecheck.check.numeric.draw import random_value

    allowed = NARROWED_FROM[domain]
    plain = [s for s in draw.values if not draw.properties.get(s, frozenset()) - allowed
             and domain not in draw.properties.get(s, frozenset())]
    if not plain:
        return draw
    properties = {**draw.properties, **{s: draw.properties.get(s, frozenset()) | {domain} for s in plain}}
    values = {**draw.values, **{s: random_value(draw.shapes[s], properties[s], draw.rng(domain, s))
                                for s in plain}}
    return replace(draw, values=values, properties=properties, members={})


def fits(prop: str, shape: tuple[int, int]) -> bool:
    rows, cols = shape
    return (cols == 1 and rows > 1) if prop in ("onehot", "probability") else (rows == cols and rows > 1)


def with_property(draw, sym: Symbol, prop: str):
    """The draw with `sym` re-drawn to have `prop` as well (family members too)."""
    from notecheck.check.numeric.draw import random_value

    props = draw.properties.get(sym, frozenset()) | {prop}
    value = random_value(draw.shapes[sym], props, draw.rng("assumed", sym, prop))
    return replace(draw, values={**draw.values, sym: value}, properties={**draw.properties, sym: props},
                   members={})

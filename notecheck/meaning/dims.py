"""Symbolic dimensions and their union-find: what shape inference solves over.

A `Shape` is two dimensions, each a number, a named size (`m`), an unknown (`?7`) or a
product (`m*n`); `Dims` unifies them and says which ones are soft (may still be 1)."""

from __future__ import annotations

from dataclasses import replace

from notecheck.records import FrozenRecord, Record


Dim = int | str  # a size: 3, or a named dimension 'm', or an unknown '?7', or a product 'm*n'


class Shape(FrozenRecord):
    """The size of a value: rows × columns, each a number or a named dimension."""

    rows: Dim
    cols: Dim

    @property
    def is_scalar(self) -> bool:
        return self.rows == 1 and self.cols == 1


SCALAR = Shape(1, 1)




class DimInfo(Record):
    """What a union-find class of dims is: an int, a named size, an unknown, or a product.

    `unit_ok`: an unknown may become 1 without a conflict (soft scalars, defined names);
    `default`: its concrete size when nothing pins it ('one' or 'distinct');
    `decls`: indices of the declarations that named this size (for NC305);
    `entries`: an int only a matrix of entries wrote (a worked example's size, `Dims.written`);
    `example`: of a named size, the value such a matrix gave it (`Dims.example_size`)."""

    kind: str                      # 'int' 'name' 'var' 'prod'
    value: object = None           # int, name, or tuple of factor ids
    unit_ok: bool = False
    default: str = "distinct"
    decls: frozenset = frozenset()
    entries: bool = False
    example: int | None = None


# the info of a fresh unknown, one per (unit_ok, default): a DimInfo is never changed (a
# merge puts a new one in its place), so every unknown of every note shares these
UNKNOWNS: dict[tuple[bool, str], DimInfo] = {}


class Dims:
    """Union-find over dims; `unify` never merges what conflicts and says why instead."""

    def __init__(self):
        self.parent: list[int] = []
        self.info: list[DimInfo] = []
        self.named: dict[object, int] = {}
        self.log: list | None = None  # while `unify_each` may have to undo: (list, index, old value) per write

    def copy(self) -> Dims:
        other = Dims()
        other.parent = list(self.parent)
        other.info = list(self.info)
        other.named = dict(self.named)
        return other

    def new(self, info: DimInfo) -> int:
        self.parent.append(len(self.parent))
        self.info.append(info)
        return len(self.parent) - 1

    def var(self, unit_ok: bool = False, default: str = "distinct") -> int:
        info = UNKNOWNS.get((unit_ok, default))
        if info is None:
            info = UNKNOWNS[unit_ok, default] = DimInfo("var", unit_ok=unit_ok, default=default)
        return self.new(info)

    def const(self, value) -> int:
        """One id per int and per name: every `m` of a section is the same `m`."""
        key = ("int", value) if isinstance(value, int) else ("name", value)
        if key not in self.named:
            self.named[key] = self.new(DimInfo(key[0], value))
        return self.named[key]

    def written(self, value: int) -> int:
        """The size of a matrix written by its entries (`[[1, 0], [2, -1], [0, 3]]` is 3×2):
        a worked example, whose numbers may give named sizes values (`example_size`) rather
        than contradict them. Its own class, not the `const` every declared 3 shares; 1
        stays the one 1 (a row written as a column is a mistake in any example)."""
        return self.const(1) if value == 1 else self.new(DimInfo("int", value, entries=True))

    def product(self, a: int, b: int) -> int:
        a, b = self.find(a), self.find(b)
        if self.is_one(a):
            return b
        if self.is_one(b):
            return a
        return self.new(DimInfo("prod", (a, b)))

    def find(self, i: int) -> int:
        parent = self.parent
        root = parent[i]
        if root == i:
            return i  # three asks in four are of a class's own root (147,000 per 100 notes)
        while parent[root] != root:
            root = parent[root]
        log = self.log
        while parent[i] != root:
            if log is not None:
                log.append((parent, i, parent[i]))
            parent[i], i = root, parent[i]
        return root

    def root_info(self, i: int) -> DimInfo:
        return self.info[self.find(i)]

    def is_one(self, i: int) -> bool:
        info = self.info[self.find(i)]
        return info.kind == "int" and info.value == 1

    def both_soft(self, pair: tuple[int, int]) -> bool:
        """Whether both dims of a shape are 1 or an unknown that may still be 1 (such a
        factor scales rather than multiplies), in one call: the shape rules ask it of
        nearly every operand (45,000 times per 100 notes)."""
        parent, info = self.parent, self.info
        for i in pair:
            found = info[i if parent[i] == i else self.find(i)]
            if not ((found.kind == "int" and found.value == 1) or (found.kind == "var" and found.unit_ok)):
                return False
        return True

    def factors(self, i: int) -> list[int]:
        """The non-1 factors of a product dim (a dim is its own single factor)."""
        out, stack, seen = [], [i], set()
        while stack:
            j = self.find(stack.pop())
            info = self.info[j]
            if info.kind == "prod" and j not in seen:
                seen.add(j)
                stack.extend(reversed(info.value))
            elif not self.is_one(j) and info.kind != "prod":
                out.append(j)
        return out

    def unify(self, a: int, b: int) -> tuple[int, int] | None:
        """Merge the classes of a and b; return the two conflicting roots instead if they differ."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        ia, ib = self.info[ra], self.info[rb]
        if ia.kind == "var" or ib.kind == "var":
            if ia.kind != "var":
                ra, rb, ia, ib = rb, ra, ib, ia
            if not ia.unit_ok and ib.kind == "int" and ib.value == 1:
                return ra, rb
            if ib.kind == "prod" and ra in self.factors(rb):
                return None  # x = x·y: only if y is 1, which cannot be told here
            if ib.kind == "var":
                ib = replace(ib, unit_ok=ia.unit_ok and ib.unit_ok,
                             default="distinct" if "distinct" in (ia.default, ib.default) else "one")
            self.write(self.info, rb, replace(ib, decls=ia.decls | ib.decls))
            self.write(self.parent, ra, rb)
            return None
        if ia.kind == "prod" or ib.kind == "prod":
            return self.unify_product(ra, rb)
        if ia.kind == ib.kind and ia.value == ib.value:
            if ib.entries and not ia.entries:  # an example's 3 met a declared 3: the class is the declared one
                ra, rb = rb, ra
            self.write(self.parent, ra, rb)
            return None
        return self.example_size(ra, rb)

    def example_size(self, ra: int, rb: int) -> tuple[int, int] | None:
        """A named size (`m`) against a size a matrix of entries wrote (3): a worked example
        gives m the value 3, which is no contradiction of m; the classes stay apart, so
        the note's general formulas keep m. The same name given another value by another
        matrix of entries is a clash (`clash_doubts.example_doubt` says what kind)."""
        for name, number in ((ra, rb), (rb, ra)):
            named, written = self.info[name], self.info[number]
            if named.kind == "name" and written.kind == "int" and written.entries:
                if named.example is None:
                    self.write(self.info, name, replace(named, example=written.value))
                    return None
                if named.example == written.value:
                    return None
        return ra, rb

    def write(self, values: list, index: int, value) -> None:
        if self.log is not None:
            self.log.append((values, index, values[index]))
        values[index] = value

    def unify_each(self, a: tuple[int, ...], b: tuple[int, ...], keep: bool = True) -> tuple[int, int] | None:
        """Unify each dim of `a` with the one of `b`, in turn: all of them (unless not
        `keep`: then none, asking only whether they fit) or, at the first clash, none, the
        clash returned. A single `unify` that clashes has changed nothing; the merges
        before it are undone from a log of every write (path shortening included), rather
        than the whole union-find copied before each pair (hundreds of dims a section,
        5,000 pairs per 100 notes)."""
        self.log = log = []
        try:
            for x, y in zip(a, b):
                clash = self.unify(x, y)
                if clash is not None:
                    break
            else:
                clash = None
                if keep:
                    return None
            for values, index, old in reversed(log):
                values[index] = old
            return clash
        finally:
            self.log = None

    def unify_product(self, ra: int, rb: int) -> tuple[int, int] | None:
        fa, fb = sorted(self.factors(ra)), sorted(self.factors(rb))
        if fa == fb:
            self.write(self.parent, ra, rb)
            return None
        if len(fa) == 1 and len(fb) == 1:
            return self.unify(fa[0], fb[0])
        values_a = [self.info[f].value for f in fa if self.info[f].kind == "int"]
        values_b = [self.info[f].value for f in fb if self.info[f].kind == "int"]
        if len(values_a) == len(fa) and len(values_b) == len(fb):
            if size_product(values_a) != size_product(values_b):
                return ra, rb
        return None  # m·n against p: cannot tell, so no finding

    def text(self, i: int) -> str:
        i = self.find(i)
        info = self.info[i]
        if info.kind in ("int", "name"):
            return str(info.value)
        if info.kind == "prod":
            return "*".join(self.text(f) for f in self.factors(i))
        return "1" if info.default == "one" and info.unit_ok else "?"

    def dim(self, i: int) -> Dim:
        i = self.find(i)
        info = self.info[i]
        if info.kind in ("int", "name"):
            return info.value
        if info.kind == "prod":
            return "*".join(str(self.dim(f)) for f in self.factors(i))
        return f"?{i}"


def size_product(values) -> int:
    out = 1
    for v in values:
        out *= v
    return out


Pair = tuple[int, int]  # (rows id, cols id)


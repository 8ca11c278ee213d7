"""How a tree node type is made: a dataclass whose methods are written once for every type.

Python's dataclasses compile each generated method of each class apart as a module loads
(~0.1 ms apiece): for the 32 node types that was 13 ms of every start of `notecheck
check`, more than parsing a note. So a node type is a dataclass for its fields only
(`dataclasses.fields` and `replace` work as ever); equality, hash, repr and immutability
are `Expr`'s, looked up in the tables here, and the `__init__`s of all types are compiled
together. They behave as a frozen dataclass's: the same signature, equality and hash
values, repr text, and `FrozenInstanceError` on assignment.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass
from operator import attrgetter
from typing import Callable

COMPARED: dict[type, Callable] = {}  # a node type -> its compared fields' values of a node, a tuple
SHOWN: dict[type, tuple[str, ...]] = {}  # a node type -> the fields its repr shows


def node(kind: type) -> type:
    """A node type: a dataclass with no generated methods (`finish` completes it)."""
    return dataclass(init=False, eq=False, repr=False)(kind)


def finish(kinds: list[type]) -> None:
    """Fill the tables for `kinds` and give each its `__init__`, once all are defined."""
    for kind in kinds:
        specs = kind.__dataclass_fields__.values()
        COMPARED[kind] = _values_getter(tuple(spec.name for spec in specs if spec.compare))
        SHOWN[kind] = tuple(spec.name for spec in specs if spec.repr)
    _add_inits(kinds)


def _values_getter(names: tuple[str, ...]) -> Callable:
    """A node's values of `names` as a tuple (for one name too: a dataclass hashes a tuple)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda node: (one(node),)
    return attrgetter(*names) if names else (lambda node: ())


def _add_inits(kinds: list[type]) -> None:
    """Give every type the `__init__` a frozen dataclass has (fields in order, each set
    with `object.__setattr__`, keyword-only ones after `*`), compiled in one go."""
    namespace: dict = {"_set": object.__setattr__}
    source = []
    for number, kind in enumerate(kinds):
        specs = list(kind.__dataclass_fields__.values())
        params: dict[bool, list[str]] = {False: [], True: []}  # keyword-only or not -> parameters
        for spec in specs:
            if spec.default_factory is not MISSING:
                raise TypeError(f"{kind.__name__}.{spec.name}: a node field's default must be a value")
            default = ""
            if spec.default is not MISSING:
                default = f"=_default{len(namespace)}"
                namespace[default[1:]] = spec.default
            params[spec.kw_only].append(spec.name + default)
        signature = ", ".join(["self", *params[False], "*", *params[True]])
        body = "".join(f"\n    _set(self, {spec.name!r}, {spec.name})" for spec in specs)
        source.append(f"def init{number}({signature}):{body}\n")
    exec("\n".join(source), namespace)  # noqa: S102 - our own field names, never note text
    for number, kind in enumerate(kinds):
        init = namespace[f"init{number}"]
        init.__name__, init.__qualname__ = "__init__", f"{kind.__qualname__}.__init__"
        kind.__init__ = init

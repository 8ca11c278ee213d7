"""`Record` and `FrozenRecord`: notecheck's dataclasses, made without compiling code at import.

`@dataclass` compiles each method it writes (`__init__`, `__repr__`, `__eq__`, and a
frozen class's `__hash__`, `__setattr__`, `__delattr__`) one by one as its module loads,
~0.1 ms apiece; for notecheck's seventy types that was a seventh of a one-note `notecheck
check`. A subclass of `Record` is made a dataclass for its fields alone (`dataclasses.
fields`, `replace` and `asdict` work as ever); its equality, repr, hash and immutability
are written once, below, and its `__init__`, the very code `@dataclass` writes, is
compiled the first time the type is made. They behave as `@dataclass` (`Record`) and
`@dataclass(frozen=True)` (`FrozenRecord`): the same parameters, equality, hash values and
repr text, and `FrozenInstanceError` on assignment.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import Callable

_COMPARED: dict[type, Callable] = {}  # a type -> its compared fields' values of a record, a tuple
_SHOWN: dict[type, tuple[str, ...]] = {}  # a type -> the fields its repr shows


class _Factory:
    """The default of a parameter whose field has a default_factory, as in @dataclass."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


class Record:
    """A dataclass, as `@dataclass` makes it: equal to a record of its type with equal
    compared fields, unhashable, shown as `Type(field=value, ...)`."""

    def __init_subclass__(cls, base: bool = False, **options) -> None:
        super().__init_subclass__(**options)
        if base:  # FrozenRecord: a base for record types, not one itself
            return
        dataclass(init=False, repr=False, eq=False)(cls)
        cls.__init__ = _first_init

    def __eq__(self, other) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = compared_values(self.__class__)
        return values(self) == values(other)

    __hash__ = None  # a record that can change is no key

    def __repr__(self) -> str:
        shown = _SHOWN.get(self.__class__)
        if shown is None:
            shown = _SHOWN[self.__class__] = tuple(spec.name for spec in fields(self) if spec.repr)
        return f"{self.__class__.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in shown)})"


class FrozenRecord(Record, base=True):
    """A frozen dataclass, as `@dataclass(frozen=True)` makes it: a `Record` that cannot be
    changed and hashes as the tuple of its compared fields."""

    def __hash__(self) -> int:
        return hash(compared_values(self.__class__)(self))

    def __setattr__(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")


def compared_values(kind: type) -> Callable:
    """A record's values of the fields its type compares, as a tuple (for one field too:
    a dataclass hashes a tuple)."""
    values = _COMPARED.get(kind)
    if values is None:
        names = [spec.name for spec in fields(kind) if spec.compare]
        if len(names) == 1:
            one = attrgetter(names[0])
            values = lambda record: (one(record),)  # noqa: E731
        else:
            values = attrgetter(*names) if names else (lambda record: ())
        _COMPARED[kind] = values
    return values


def _first_init(self, *args, **kwargs) -> None:
    """A type's `__init__` until it is first made: compiles the real one, puts it in place."""
    kind = self.__class__
    kind.__init__ = init = _compiled_init(kind)
    init(self, *args, **kwargs)


def _compiled_init(kind: type) -> Callable:
    """The `__init__` `@dataclass` writes for `kind`: its fields in order as parameters
    (keyword-only ones after `*`), defaults as declared, a default_factory called for a
    missing argument, each field set (a frozen record's straight into its `__dict__`)."""
    namespace: dict = {"_FACTORY": _FACTORY}
    params: dict[bool, list[str]] = {False: [], True: []}  # keyword-only or not -> parameters
    body = []
    frozen = issubclass(kind, FrozenRecord)
    for number, spec in enumerate(fields(kind)):
        default, factory = f"_default{number}", f"_factory{number}"
        namespace[default], namespace[factory] = spec.default, spec.default_factory
        if not spec.init:  # not a parameter: set from its default, if it has one
            if spec.default is MISSING and spec.default_factory is MISSING:
                continue
            param, value = None, default if spec.default is not MISSING else f"{factory}()"
        elif spec.default is not MISSING:
            param, value = f"{spec.name}={default}", spec.name
        elif spec.default_factory is not MISSING:
            param, value = f"{spec.name}=_FACTORY", f"{factory}() if {spec.name} is _FACTORY else {spec.name}"
        else:
            param, value = spec.name, spec.name
        if param:
            params[spec.kw_only].append(param)
        body.append(f"{spec.name!r}: {value}" if frozen else f"self.{spec.name} = {value}")
    if frozen:  # one dict for all fields, in order: a third faster than a setattr per field
        body = [f"self.__dict__.update({{{', '.join(body)}}})"] if body else []
    signature = ", ".join(["self", *params[False], *(["*", *params[True]] if params[True] else [])])
    source = f"def __init__({signature}):\n    " + ("\n    ".join(body) or "pass") + "\n"
    exec(source, namespace)  # noqa: S102 - our own field names, never note text
    init = namespace["__init__"]
    init.__qualname__ = f"{kind.__qualname__}.__init__"
    return init

"""A Record is the dataclass it stands for: the same constructor, equality, hash, repr and
immutability, so the findings, cache keys and reports built from records are the ones
`@dataclass` gave."""

import dataclasses
import inspect
import pickle
from dataclasses import dataclass, field

import pytest

from notecheck.records import FrozenRecord, Record


class Plain(Record):
    """A mutable record with every kind of field notecheck uses."""

    name: str
    size: int = 3
    tags: list = field(default_factory=list)
    note: str = field(default="", compare=False, repr=False)
    at: int = field(default=-1, kw_only=True)


@dataclass
class PlainTwin:
    name: str
    size: int = 3
    tags: list = field(default_factory=list)
    note: str = field(default="", compare=False, repr=False)
    at: int = field(default=-1, kw_only=True)


class Frozen(FrozenRecord):
    """A frozen record."""

    rows: object
    cols: object = 1


@dataclass(frozen=True)
class FrozenTwin:
    rows: object
    cols: object = 1


def shown(record) -> str:
    return repr(record).partition("(")[2]


def parameters(kind) -> list:
    return [(p.name, p.kind, repr(p.default)) for p in inspect.signature(kind).parameters.values()]


def test_a_record_is_made_read_and_compared_as_its_dataclass():
    ours, theirs = Plain("x", tags=["a"], note="n", at=2), PlainTwin("x", tags=["a"], note="n", at=2)
    assert parameters(Plain) == parameters(PlainTwin)
    assert shown(ours) == shown(theirs)
    assert ours == Plain("x", tags=["a"], note="other", at=2) and ours != Plain("y", tags=["a"], at=2)
    assert Plain("x").tags is not Plain("x").tags  # a fresh list each time
    assert ours != theirs  # another type is never equal, as with dataclasses
    with pytest.raises(TypeError):
        hash(ours)
    with pytest.raises(TypeError):
        Plain()  # the name is required
    assert dataclasses.replace(ours, size=5) == Plain("x", 5, ["a"], at=2)
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)


def test_a_frozen_record_hashes_as_its_frozen_dataclass_and_cannot_change():
    ours, theirs = Frozen("m", 2), FrozenTwin("m", 2)
    assert hash(ours) == hash(theirs) == hash(("m", 2))
    assert {ours: 1}[Frozen("m", 2)] == 1
    assert shown(ours) == shown(theirs)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ours.rows = "n"
    with pytest.raises(dataclasses.FrozenInstanceError):
        del ours.cols
    assert pickle.loads(pickle.dumps(ours)) == ours

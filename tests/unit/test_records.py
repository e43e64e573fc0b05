"""`record` behaves as `dataclasses.dataclass` does: each case is run on a twin made by each."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from assessor.core.records import COMPILE_AFTER, record


def twins(build: Callable[[Callable[..., Any]], type]) -> list[type]:
    """The same class body made by dataclasses, by record, and by record after it has compiled its __init__."""
    return [build(dataclasses.dataclass), build(record), warmed(build(record))]


def warmed(kind: type) -> type:
    """`kind` once made often enough for record to compile its __init__."""
    shared = kind.__dict__["__init__"]
    required = {field.name: 0 for field in dataclasses.fields(kind) if field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING}  # fmt: skip
    for _ in range(COMPILE_AFTER):
        kind(**required)
    assert kind.__dict__["__init__"] is not shared
    return kind


def frozen_pair(decorate: Callable[..., Any]) -> type:
    @decorate(frozen=True, kw_only=True)
    class Pair:
        """Two values and a list made fresh for each."""

        name: str
        share: float = 1.0
        tags: list[str] = dataclasses.field(default_factory=list)
        hidden: int = dataclasses.field(default=0, compare=False, repr=False)

    return Pair


def plain_row(decorate: Callable[..., Any]) -> type:
    @decorate
    class Row:
        """Positional fields, mutable."""

        said: str
        amount: float | None = None
        notes: list[str] = dataclasses.field(default_factory=list)

    return Row


def checked_task(decorate: Callable[..., Any]) -> type:
    @decorate(frozen=True, kw_only=True)
    class Task:
        """A __post_init__ that refuses a value."""

        pct: float

        def __post_init__(self) -> None:
            if not 0 <= self.pct <= 100:
                raise ValueError("pct")

    return Task


@pytest.mark.parametrize("kind", twins(frozen_pair), ids=["dataclass", "record", "record-compiled"])
def test_frozen_keyword_only(kind: type) -> None:
    one = kind(name="coding")
    assert (one.name, one.share, one.tags, one.hidden) == ("coding", 1.0, [], 0)
    assert one.tags is not kind(name="coding").tags  # the factory runs for each object
    assert one == kind(name="coding", hidden=5)  # hidden is not compared
    assert one != kind(name="coding", share=0.5)
    assert (one == "coding") is False
    assert repr(kind(name="a", share=2.0)) == "frozen_pair.<locals>.Pair(name='a', share=2.0, tags=[])"
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'name'"):
        one.name = "other"
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'share'"):
        del one.share
    with pytest.raises(TypeError):
        kind("coding")  # keyword-only
    with pytest.raises(TypeError):
        kind()  # name is required
    with pytest.raises(TypeError):
        kind(name="coding", nmae="typo")
    assert [field.name for field in dataclasses.fields(kind)] == ["name", "share", "tags", "hidden"]
    assert dataclasses.is_dataclass(kind)
    changed = dataclasses.replace(one, share=0.25)
    assert (changed.name, changed.share) == ("coding", 0.25)
    assert copy.deepcopy(one) == one  # by __reduce_ex__, as pickle (the cached catalog) does
    assert dataclasses.asdict(one) == {"name": "coding", "share": 1.0, "tags": [], "hidden": 0}


def test_frozen_hashes_as_dataclasses_do() -> None:
    for made in [kind(name="a", share=2.0, tags=[]) for kind in twins(frozen_pair)]:
        with pytest.raises(TypeError):  # a list field: unhashable, in each
            hash(made)
    dataclass_kind, record_kind, _ = twins(lambda decorate: decorate(frozen=True)(type("Point", (), {
        "__annotations__": {"x": "int", "y": "int"}, "__doc__": "A point."})))  # fmt: skip
    assert hash(record_kind(1, 2)) == hash(dataclass_kind(1, 2)) == hash((1, 2))
    assert {record_kind(1, 2), record_kind(1, 2)} == {record_kind(1, 2)}


@pytest.mark.parametrize("kind", twins(plain_row), ids=["dataclass", "record", "record-compiled"])
def test_plain_positional_and_mutable(kind: type) -> None:
    row = kind("coding", 50.0)
    assert (row.said, row.amount, row.notes) == ("coding", 50.0, [])
    row.amount = 20.0
    assert row == kind("coding", 20.0)
    assert kind("coding", amount=3.0).amount == 3.0
    with pytest.raises(TypeError):
        kind("coding", 1.0, [], "one too many")
    with pytest.raises(TypeError):
        kind("coding", said="twice")
    assert kind.__hash__ is None  # eq without frozen: unhashable, as dataclasses makes it
    assert kind.__match_args__ == ("said", "amount", "notes")


@pytest.mark.parametrize("kind", twins(checked_task), ids=["dataclass", "record", "record-compiled"])
def test_post_init_runs(kind: type) -> None:
    assert kind(pct=5).pct == 5
    with pytest.raises(ValueError, match="pct"):
        kind(pct=101)


def base_and_child(decorate: Callable[..., Any]) -> tuple[type, type]:
    @decorate(frozen=True, kw_only=True)
    class Base:
        """A base."""

        a: int

    @decorate(frozen=True, kw_only=True)
    class Child(Base):
        """A child."""

        b: int = 2

    return Base, Child


@pytest.mark.parametrize("family", [base_and_child(dataclasses.dataclass), base_and_child(record)])
def test_a_subclass_adds_its_fields_and_stays_frozen(family: tuple[type, type]) -> None:
    base, child_kind = family
    child = child_kind(a=1)
    assert (child.a, child.b) == (1, 2)
    assert child != base(a=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        child.a = 3


def test_the_domain_types_are_records() -> None:
    """Every dataclass of the domain gets record's methods (none compiles its own)."""
    from assessor.core import assess, catalog, engine, matching, models, splits, titles, understanding

    kinds = [
        value
        for module in (assess, catalog, engine, matching, models, splits, titles, understanding)
        for value in vars(module).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__
    ]
    assert len(kinds) > 40
    for kind in kinds:
        assert kind.__init__.__module__ == "assessor.core.records", kind

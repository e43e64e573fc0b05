"""Plain data types checked by pydantic only when they are read from a file or a person's answers.

The domain's types are frozen stdlib dataclasses: a command that reads the validated catalog from the cache
and scores a person never imports pydantic (importing it costs as much as the rest of `assessor score`). Their
rules are written here as annotation metadata that pydantic reads when it builds a checker for a type
(`checker`): `Rule` for a length, range or pattern, `Before`/`After` for a function over a field, and `Checked`
for a whole-object check. The same annotations serve the pydantic models kept elsewhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

PlainT = TypeVar("PlainT")

# The pydantic configuration every checked dataclass carries (a plain mapping: no pydantic import to define it).
# A dataclass is frozen by its own decorator; extra="forbid" refuses an unknown field, so a typo is an error.
FORBID_EXTRA: Mapping[str, object] = {"extra": "forbid"}

# The core-schema kinds whose own keys hold these constraints (pydantic puts Field(ge=..., pattern=...) there).
_CONSTRAINED = {"str", "int", "float", "tuple", "list", "dict"}


class Rule:
    """Constraints of one annotated type, as pydantic's Field(...) would give them: min_length, max_length,
    pattern, ge, le."""

    __slots__ = ("constraints",)

    def __init__(self, **constraints: object) -> None:
        self.constraints = constraints

    def __repr__(self) -> str:
        return f"Rule({', '.join(f'{key}={value!r}' for key, value in self.constraints.items())})"

    def __get_pydantic_core_schema__(self, source: object, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler(source)
        if schema["type"] not in _CONSTRAINED:
            raise TypeError(f"{self!r} cannot constrain a {schema['type']} schema")
        return {**schema, **self.constraints}


class Before:
    """A function run on a field's value before its type is checked (pydantic's BeforeValidator)."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any], object]) -> None:
        self.function = function

    def __get_pydantic_core_schema__(self, source: object, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.function, handler(source))


class After:
    """A function run on a field's checked value (pydantic's AfterValidator)."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any], object]) -> None:
        self.function = function

    def __get_pydantic_core_schema__(self, source: object, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.function, handler(source))


class Checked:
    """A dataclass with a whole-object check, run once its fields are checked (a model_validator "after").

    `check` raises ValueError with the reason; it is never run when code builds the object itself (the
    pieces it is built from are checked already)."""

    __pydantic_config__: ClassVar[Mapping[str, object]] = FORBID_EXTRA

    def check(self) -> None:
        """Raise ValueError when the object's fields do not fit together."""

    @classmethod
    def validated(cls, data: object) -> Self:
        """`data` checked as this type by pydantic (raises its ValidationError)."""
        return checker(cls).validate_python(data)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: object, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        def checked(value: Checked) -> Checked:
            value.check()
            return value

        return core_schema.no_info_after_validator_function(checked, handler(source))


_CHECKERS: dict[object, TypeAdapter[Any]] = {}  # built once per type: a cache of pure functions


def checker(kind: type[PlainT]) -> TypeAdapter[PlainT]:
    """pydantic's checker of `kind` (imports pydantic; built once per type)."""
    found = _CHECKERS.get(kind)
    if found is None:
        from pydantic import TypeAdapter

        found = _CHECKERS[kind] = TypeAdapter(kind)
    return found


def field_names(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass, in order."""
    return tuple(item.name for item in dataclasses.fields(kind))


def default_of(kind: type, name: str) -> object:
    """The default of a dataclass's field (a fresh one when it is made by a factory); None when it is required."""
    found = kind.__dataclass_fields__[name]  # type: ignore[attr-defined]
    if found.default is not dataclasses.MISSING:
        return found.default
    if found.default_factory is not dataclasses.MISSING:
        return found.default_factory()
    return None


def dump(value: object, *, json: bool = False, exclude_none: bool = False) -> object:
    """A dataclass as plain data, as pydantic's model_dump gives it: fields in order (None-valued ones left out
    with `exclude_none`), nested dataclasses as dicts, tuples kept (lists with `json`)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: dump(getattr(value, item.name), json=json, exclude_none=exclude_none)
            for item in dataclasses.fields(value)
            if not (exclude_none and getattr(value, item.name) is None)
        }
    if isinstance(value, dict):
        return {key: dump(item, json=json, exclude_none=exclude_none) for key, item in value.items()}
    if isinstance(value, tuple | list):
        items = [dump(item, json=json, exclude_none=exclude_none) for item in value]
        return items if json or isinstance(value, list) else tuple(items)
    return value


def dumped(value: object, *, json: bool = False, exclude_none: bool = False) -> dict[str, Any]:
    """`dump` of one dataclass: a dict of its fields."""
    found = dump(value, json=json, exclude_none=exclude_none)
    if not isinstance(found, dict):
        raise TypeError(f"{type(value).__name__} is not a dataclass")
    return found

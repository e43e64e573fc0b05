"""`record`: stdlib dataclasses, made without compiling code for each class.

`dataclasses.dataclass` writes the source of `__init__`, `__repr__`, `__eq__`, `__hash__` and a frozen class's
`__setattr__` and `__delattr__` for every class and compiles each one: for the domain's ~55 classes that is
about a fifth of a cold `assessor score`. `record` lets dataclasses collect the fields (so `fields()`,
`replace()`, `is_dataclass()`, pickling and pydantic's checkers see a dataclass as before) and installs
methods shared by every class that read the fields from a spec made once per class. They behave as the
generated ones do, tested side by side with dataclasses in tests/unit/test_records.py. A shared `__init__` costs
a microsecond or two more a call, so a class made often (a batch's rows) gets its own compiled one after
COMPILE_AFTER calls.

To mypy, `record` is `dataclasses.dataclass` itself: it checks the classes exactly as dataclasses. So the
class's `__dataclass_params__` says what dataclasses itself generated (only the fields), not what it does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

__all__ = ["record"]

_MISSING: Any = dataclasses.MISSING
# The default of a field made by a factory, in a compiled __init__: "not given, call the factory".
_FACTORY: Any = type("_Factory", (), {"__repr__": lambda self: "<factory>"})()
ClassT = TypeVar("ClassT", bound=type)

if TYPE_CHECKING:
    from dataclasses import dataclass as record
else:

    def record(
        cls: ClassT | None = None, /, *, frozen: bool = False, kw_only: bool = False, eq: bool = True
    ) -> ClassT | Callable[[ClassT], ClassT]:
        """As `dataclasses.dataclass(cls, frozen=..., kw_only=..., eq=...)`, its other options left as
        their defaults."""

        def wrap(kind: ClassT) -> ClassT:
            return _make_record(kind, frozen=frozen, kw_only=kw_only, eq=eq)

        return wrap if cls is None else wrap(cls)


def _make_record(kind: ClassT, *, frozen: bool, kw_only: bool, eq: bool) -> ClassT:
    own = kind.__dict__
    made: Any = kind
    dataclasses.dataclass(made, init=False, repr=False, eq=False, kw_only=kw_only)  # the fields, in place
    fields = dataclasses.fields(made)
    if "__init__" not in own:
        made.__init__ = _init_for(made, fields, frozen=frozen)
    if "__repr__" not in own:
        made.__repr__ = _repr_for(made, fields)
    if eq:
        compared = tuple(field.name for field in fields if field.compare)
        if "__eq__" not in own:
            made.__eq__ = _eq_for(made, compared)
        # dataclasses' rule for eq=True: frozen makes a field hash; otherwise unhashable unless one is written.
        explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
        if not explicit_hash:
            hashed = tuple(
                field.name for field in fields if (field.compare if field.hash is None else field.hash)
            )
            made.__hash__ = _hash_for(hashed) if frozen else None
    if frozen:
        for name in ("__setattr__", "__delattr__"):
            if name in own:
                raise TypeError(f"cannot overwrite attribute {name} in class {made.__name__}")
        names = frozenset(field.name for field in fields)
        set_field, delete_field = _frozen_for(made, names)
        made.__setattr__ = set_field
        made.__delattr__ = delete_field
    return kind


# Calls of a class's shared __init__ after which the class gets one compiled for it, as dataclasses writes it: a
# type made a few times at start costs no compiling, one made for every row of a batch runs at full speed.
COMPILE_AFTER = 64


def _init_for(kind: type, fields: tuple[dataclasses.Field[Any], ...], *, frozen: bool) -> Callable[..., None]:
    """An `__init__` taking the fields as dataclasses' does: positional ones in order, then keyword-only ones,
    each default or factory filled in, then `__post_init__` if the class has one. After COMPILE_AFTER calls it
    puts the compiled one (`_compiled_init`) in its place."""
    spec: tuple[tuple[str, object, Callable[[], object] | None], ...] = tuple(
        (
            field.name,
            field.default,
            None if field.default_factory is dataclasses.MISSING else field.default_factory,
        )
        for field in fields
        if field.init
    )
    # A field left out of __init__ is set by it only from a factory (a plain default stays on the class).
    made_anyway: tuple[tuple[str, Any], ...] = tuple(
        (field.name, field.default_factory)
        for field in fields
        if not field.init and field.default_factory is not _MISSING
    )
    positional = tuple(field.name for field in fields if field.init and not field.kw_only)
    accepted = frozenset(name for name, _, _ in spec)
    post_init = hasattr(kind, "__post_init__")
    qualname = f"{kind.__qualname__}.__init__"
    calls = [0]  # this class's calls so far (the closure's own counter)

    def __init__(self: Any, *args: Any, **values: Any) -> None:
        calls[0] += 1
        if calls[0] == COMPILE_AFTER and kind.__dict__.get("__init__") is __init__:
            kind.__init__ = _compiled_init(kind, fields, frozen=frozen)  # type: ignore[misc]
        if args:
            if len(args) > len(positional):
                raise TypeError(
                    f"{qualname}() takes {len(positional) + 1} positional arguments but "
                    f"{len(args) + 1} were given"
                )
            for name, value in zip(positional, args, strict=False):
                if name in values:
                    raise TypeError(f"{qualname}() got multiple values for argument {name!r}")
                values[name] = value
        if not accepted.issuperset(values):
            unknown = next(name for name in values if name not in accepted)
            raise TypeError(f"{qualname}() got an unexpected keyword argument {unknown!r}")
        for name, default, factory in spec:
            if name in values:
                value = values[name]
            elif default is not _MISSING:
                value = default
            elif factory is not None:
                value = factory()
            else:
                raise TypeError(f"{qualname}() missing 1 required argument: {name!r}")
            if frozen:
                object.__setattr__(self, name, value)
            else:
                setattr(self, name, value)
        for name, factory in made_anyway:
            if frozen:
                object.__setattr__(self, name, factory())
            else:
                setattr(self, name, factory())
        if post_init:
            self.__post_init__()

    __init__.__qualname__ = qualname
    return __init__


def _compiled_init(
    kind: type, fields: tuple[dataclasses.Field[Any], ...], *, frozen: bool
) -> Callable[..., None]:
    """The `__init__` dataclasses would write for these fields, compiled (the same parameters, defaults and
    factories, fields set in order, then `__post_init__`)."""
    names: dict[str, Any] = {
        "__name__": __name__,
        "__record_set__": object.__setattr__,
        "__record_factory__": _FACTORY,
    }
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for field in fields:
        value = field.name
        if field.default_factory is not dataclasses.MISSING:
            names[f"__record_make_{field.name}__"] = field.default_factory
            made = f"__record_make_{field.name}__()"
            value = f"{made} if {field.name} is __record_factory__ else {field.name}" if field.init else made
        elif not field.init:
            continue  # its default stays on the class
        if field.init:
            parameter = field.name
            if field.default_factory is not dataclasses.MISSING:
                parameter += "=__record_factory__"
            elif field.default is not dataclasses.MISSING:
                names[f"__record_default_{field.name}__"] = field.default
                parameter += f"=__record_default_{field.name}__"
            (keyword if field.kw_only else positional).append(parameter)
        if frozen:
            body.append(f"    __record_set__(__record_self__, {field.name!r}, {value})")
        else:
            body.append(f"    __record_self__.{field.name} = {value}")
    if hasattr(kind, "__post_init__"):
        body.append("    __record_self__.__post_init__()")
    parameters = ["__record_self__", *positional, *(["*", *keyword] if keyword else [])]
    source = f"def __init__({', '.join(parameters)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, names)  # the class's own field names and defaults, as dataclasses writes them
    made_init: Callable[..., None] = names["__init__"]
    made_init.__qualname__ = f"{kind.__qualname__}.__init__"
    return made_init


def _repr_for(kind: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[[Any], str]:
    names = tuple(field.name for field in fields if field.repr)

    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({shown})"

    __repr__.__qualname__ = f"{kind.__qualname__}.__repr__"
    return __repr__


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The named attributes of an object, as a tuple (attrgetter of one name gives the value itself)."""
    if len(names) == 1:
        single = attrgetter(names[0])
        return lambda item: (single(item),)
    if not names:
        return lambda item: ()
    getter: Callable[[Any], tuple[Any, ...]] = attrgetter(*names)
    return getter


def _eq_for(kind: type, names: tuple[str, ...]) -> Callable[[Any, object], bool]:
    values = _values(names)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    __eq__.__qualname__ = f"{kind.__qualname__}.__eq__"
    return __eq__


def _hash_for(names: tuple[str, ...]) -> Callable[[Any], int]:
    values = _values(names)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _frozen_for(
    kind: Any, names: frozenset[str]
) -> tuple[Callable[[Any, str, Any], None], Callable[[Any, str], None]]:
    """dataclasses' frozen `__setattr__` and `__delattr__`: a field (or anything, on the class itself)
    cannot be set or deleted; a subclass's own attributes can."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is kind or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(kind, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is kind or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(kind, self).__delattr__(name)

    return __setattr__, __delattr__

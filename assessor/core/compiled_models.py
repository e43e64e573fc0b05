"""The domain models' compiled validators, kept in the catalog cache so a start does not rebuild them.

Our models are `defer_build`: a model's validator is built the first time it is used, which generates its core
schema in Python and loads pydantic's plugins (importing importlib.metadata), a large share of a short command's
start. The cache keeps, for every domain model built once, its core schema with the validator and serializer
compiled from it; a later start under the same cache key (same package, pydantic, Python and domain code) hands
them back to the classes before first use. A model whose schema cannot be pickled is left to build as usual, and
so is one whose module is not loaded yet (restoring it never imports anything).
"""

from __future__ import annotations

import pickle
import sys
from typing import Any

from pydantic import BaseModel

DOMAIN = "assessor.core."


def domain_models() -> list[type[BaseModel]]:
    """Every model class defined in assessor.core's modules loaded so far (subclasses of subclasses too)."""
    found: list[type[BaseModel]] = []
    pending: list[type[BaseModel]] = [BaseModel]
    seen: set[type[BaseModel]] = set()
    while pending:
        for cls in pending.pop().__subclasses__():
            if cls in seen:
                continue
            seen.add(cls)
            pending.append(cls)
            if cls.__module__.startswith(DOMAIN) and "<locals>" not in cls.__qualname__:
                found.append(cls)
    return found


def _restorable(cls: type[BaseModel]) -> bool:
    """Models whose completion does more than set the schema, validator and serializer are built as usual."""
    if cls.__pydantic_generic_metadata__["parameters"] or cls.__pydantic_generic_metadata__["origin"]:
        return False
    if cls.__pydantic_decorators__.computed_fields:
        return False
    return not any(field.deprecated for field in cls.__pydantic_fields__.values())


def compile_models() -> dict[str, bytes]:
    """Each loaded domain model's core schema, validator and serializer, pickled, by "module:qualname" (empty
    bytes for a model that cannot be kept)."""
    compiled: dict[str, bytes] = {}
    for cls in domain_models():
        name = f"{cls.__module__}:{cls.__qualname__}"
        compiled[name] = b""  # what cannot be kept is marked, so it is not tried again on every start
        if not _restorable(cls):
            continue
        try:
            if not cls.__pydantic_complete__:
                cls.model_rebuild(raise_errors=False)
            if not cls.__pydantic_complete__:
                continue
            parts = (cls.__pydantic_core_schema__, cls.__pydantic_validator__, cls.__pydantic_serializer__)
            compiled[name] = pickle.dumps(parts, pickle.HIGHEST_PROTOCOL)
        except Exception:  # a schema holding something pickle cannot name: that model builds itself as usual
            continue
    return compiled


def _loaded_class(name: str) -> Any:
    module_name, _, qualname = name.partition(":")
    found: Any = sys.modules.get(module_name)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return found


def _restore(cls: type[BaseModel], blob: bytes) -> None:
    schema, validator, serializer = pickle.loads(blob)
    cls.__pydantic_core_schema__ = schema
    cls.__pydantic_validator__ = validator
    cls.__pydantic_serializer__ = serializer
    cls.__pydantic_complete__ = True


def restore_models(compiled: dict[str, bytes]) -> None:
    """Give each loaded, not yet built domain model its compiled validator and serializer from `compiled`, on
    first use (in place of pydantic's build-on-first-use stand-ins), so models a command never uses cost nothing."""
    try:  # pydantic's own build-on-first-use stand-ins; another pydantic without them builds as usual
        from pydantic._internal._mock_val_ser import MockCoreSchema, MockValSer
    except ImportError:
        return
    for name, blob in compiled.items():
        cls = _loaded_class(name) if blob else None
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls.__pydantic_complete__:
            continue
        if not _restorable(cls):
            continue
        message = f"`{cls.__name__}` could not be restored from the cache"

        def restored(attribute: str, cls: type[BaseModel] = cls, blob: bytes = blob) -> Any:
            def handler(*, parent_namespace_depth: int = 5) -> Any:
                if not cls.__pydantic_complete__:
                    try:
                        _restore(cls, blob)
                    except Exception:  # a kept validator that does not load: built from the model instead
                        cls.model_rebuild(force=True)
                return getattr(cls, attribute)

            return handler

        code: Any = "class-not-fully-defined"
        cls.__pydantic_core_schema__ = MockCoreSchema(
            message, code=code, attempt_rebuild=restored("__pydantic_core_schema__")
        )
        cls.__pydantic_validator__ = MockValSer(  # type: ignore[assignment]
            message, code=code, val_or_ser="validator", attempt_rebuild=restored("__pydantic_validator__")
        )
        cls.__pydantic_serializer__ = MockValSer(  # type: ignore[assignment]
            message, code=code, val_or_ser="serializer", attempt_rebuild=restored("__pydantic_serializer__")
        )

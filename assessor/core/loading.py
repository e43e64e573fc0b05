"""Read TOML data files into checked types; a broken file becomes `file: field: reason` with a suggestion for
typos. The types are pydantic models or the domain's plain dataclasses (checked by pydantic all the same)."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args, get_origin, get_type_hints

from rapidfuzz import fuzz, process, utils

from assessor.core.errors import DataFileError

if TYPE_CHECKING:
    from pydantic import ValidationError

ModelT = TypeVar("ModelT")
MAX_DATA_FILE_BYTES = 2_000_000
# pydantic's words for an unknown field: of a model, and of a dataclass.
UNKNOWN_FIELD = ("extra_forbidden", "unexpected_keyword_argument")


def closest(word: str, choices: Sequence[str], cutoff: float = 70) -> str | None:
    """The valid name a typo most likely meant, or None when nothing is close."""
    if not choices:
        return None
    # WRatio also catches a shortened name ("years" -> "years_experience"), not only a misspelt one.
    found = process.extractOne(word, list(choices), scorer=fuzz.WRatio, processor=utils.default_process)
    if found is None or found[1] < cutoff:
        return None
    return str(found[0])


def field_types(kind: object) -> dict[str, Any] | None:
    """The fields of a pydantic model or a dataclass, name -> annotation; None for any other type."""
    if not isinstance(kind, type):
        return None
    model_fields = getattr(kind, "model_fields", None)
    if isinstance(model_fields, dict):
        return {name: info.annotation for name, info in model_fields.items()}
    if dataclasses.is_dataclass(kind):
        try:
            hints = get_type_hints(kind)
        except NameError:  # an annotation only a type checker can resolve
            return None
        return {item.name: hints[item.name] for item in dataclasses.fields(kind) if item.init}
    return None


def _model_at(model: type, loc: Sequence[int | str]) -> dict[str, Any] | None:
    """The fields of the model found by walking `loc` from `model`, for listing the valid field names there."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        fields = field_types(current)
        if fields is None or str(step) not in fields:
            return None
        current = fields[str(step)]
        # unwrap Optional[...] / tuple[X, ...] / dict[str, X] / Annotated[X, ...]
        for _ in range(4):
            if field_types(current) is not None:
                break
            args = [arg for arg in get_args(current) if arg is not type(None) and arg is not Ellipsis]
            if get_origin(current) is dict and len(args) == 2:
                args = [args[1]]
            models = [arg for arg in args if field_types(arg) is not None]
            current = models[0] if models else (args[0] if args else None)
    return field_types(current)


def _format_loc(loc: Sequence[int | str]) -> str:
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + str(step)
    return text or "(top level)"


def describe_validation_error(error: ValidationError, model: type, data: Any = None) -> str:
    """The first problem of a ValidationError as `field: reason`, naming the closest valid field for a typo."""
    errors = error.errors()
    # A misspelt field shows up twice: "unknown field" for the typo and "missing" for the real name.
    # Report the typo (it carries the suggestion) and count the pair as one problem.
    extras = [item for item in errors if item["type"] in UNKNOWN_FIELD]
    first = extras[0] if extras else errors[0]
    paired = [
        item
        for item in errors
        if item is not first
        and item["type"] == "missing"
        and first["type"] in UNKNOWN_FIELD
        and tuple(item["loc"][:-1]) == tuple(first["loc"][:-1])
    ]
    loc = [step for step in first["loc"] if not (isinstance(step, str) and step.startswith("function-"))]
    where = _format_loc(loc)
    reason = first["msg"].removeprefix("Value error, ")
    if first["type"] in UNKNOWN_FIELD and loc:
        owner = _model_at(model, loc[:-1])
        field_names = list(owner) if owner else []
        guess = closest(str(loc[-1]), field_names)
        reason = "unknown field" + (f"; did you mean {guess!r}?" if guess else "")
    elif first["type"] == "missing":
        reason = "required field is missing"
    elif first["type"] in ("float_parsing", "int_parsing") and isinstance(first.get("input"), str):
        reason = f"{first['input']!r} is not a number; write a number such as 4"
    elif first["type"] == "literal_error" and "expected" in first.get("ctx", {}):
        given = first.get("input")
        options = [
            part.strip().strip("'") for part in str(first["ctx"]["expected"]).replace(" or ", ",").split(",")
        ]
        guess = closest(str(given), [option for option in options if option]) if given is not None else None
        reason = f"{given!r} is not one of {first['ctx']['expected']}" + (
            f"; did you mean {guess!r}?" if guess else ""
        )
    more = len(errors) - 1 - min(len(paired), 1)
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    if not loc and re.match(r"^[\w.\[\]]+: ", reason):
        # A whole-model check already names its field ("tasks: time_pct adds up to 95, not 100").
        return f"{reason}{suffix}"
    return f"{where}: {reason}{suffix}"


def read_toml(path: Path) -> dict[str, Any]:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataFileError(f"{path}: file not found") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot be read ({exc.strerror})") from None
    if size > MAX_DATA_FILE_BYTES:
        raise DataFileError(f"{path}: {size} bytes is larger than a data file may be ({MAX_DATA_FILE_BYTES})")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DataFileError(f"{path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path}: is not valid TOML ({exc})") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot be read ({exc.strerror})") from None


def validate(model: type[ModelT], data: Any, label: str) -> ModelT:
    """Validate `data` as `model` (a pydantic model or a checked dataclass), or raise DataFileError naming
    `label` and the field."""
    from pydantic import ValidationError

    from assessor.core.plain import checker

    try:
        model_validate = getattr(
            model, "model_validate", None
        )  # a model: its own (possibly cached) validator
        if model_validate is not None:
            validated: ModelT = model_validate(data)
            return validated
        return checker(model).validate_python(data)
    except ValidationError as exc:
        raise DataFileError(f"{label}: {describe_validation_error(exc, model, data)}") from None


def load_model(path: Path, model: type[ModelT], display: str | None = None) -> ModelT:
    return validate(model, read_toml(path), display or str(path))

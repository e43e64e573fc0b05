"""Regular expressions compiled on first use, so a module's many patterns cost start-up time only when used.

The day parser (splits.py) holds dozens; `assessor score` of answers without a free-text day never needs them.
Reading one free-text day still compiles about fifty, a tenth of a cold `assessor score`: their compiled forms
(the regular expression engine's code for each) are kept with the cached catalog (core/catalog.py) and handed
back at start, so a pattern is then made from its stored code instead of being parsed and compiled again.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

# What re.compile hands the engine for one pattern: flags, code, group count, group names both ways.
CompiledForm = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

# Every LazyPattern made: module constants only (a pattern built from a person's words is never one), listed so
# their compiled forms can be stored. Filled as modules are imported.
_DEFINED: list[LazyPattern] = []
# Compiled forms handed back from the cache, by (pattern, flags): a process-wide cache of constants, filled once
# per start by `restore_compiled_forms`.
_STORED: dict[tuple[str, int], CompiledForm] = {}


class LazyPattern:
    """re.compile(pattern, flags), done the first time one of the methods below is called."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None
        _DEFINED.append(self)

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            stored = _STORED.get((self.pattern, int(self.flags)))
            self._compiled = (
                re.compile(self.pattern, self.flags)
                if stored is None
                else _from_form(self.pattern, self.flags, stored)
            )
        return self._compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:  # as re.Pattern.split
        return self.compiled.split(string, maxsplit)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)


def compiled_form(pattern: str, flags: int) -> CompiledForm:
    """What re.compile(pattern, flags) hands the engine (CPython's re, whose internals are used here)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(item) for item in _compiler._code(parsed, flags)]
    names = dict(parsed.state.groupdict)
    by_index: list[str | None] = [None] * parsed.state.groups
    for name, index in names.items():
        by_index[index] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, names, tuple(by_index)


def _from_form(pattern: str, flags: int, form: CompiledForm) -> re.Pattern[str]:
    """The pattern made from its stored form; compiled afresh if the engine refuses the form (it checks it)."""
    import _sre  # type: ignore[import-not-found]

    try:
        made: re.Pattern[str] = _sre.compile(pattern, *form)
    except Exception:  # a form from another engine version, or damaged: compile as usual
        return re.compile(pattern, flags)
    return made


def compiled_forms() -> dict[tuple[str, int], CompiledForm]:
    """The compiled form of every LazyPattern of the modules loaded so far (for the cache); {} when this
    Python's re does not work as CPython's."""
    try:
        return {
            (pattern.pattern, int(pattern.flags)): compiled_form(pattern.pattern, pattern.flags)
            for pattern in _DEFINED
        }
    except Exception:  # another implementation's re: patterns are compiled as usual
        return {}


def restore_compiled_forms(forms: Mapping[tuple[str, int], CompiledForm]) -> None:
    """Hand back stored compiled forms: a LazyPattern not compiled yet is then made from its form."""
    _STORED.update(forms)

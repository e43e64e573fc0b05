"""Credentials as an answers file or a batch row names them: each known one as its code, any other refused.

A credential the catalog does not know changes no figure, so one typed wrong ('CPCC', 'C.P.C', 'certified
coder') used to be dropped without a word: the person was scored as if they held none. Every credential a file
names is now read as the conversation reads one (the code, a documented alias such as 'certified professional
coder' or 'cpc a', the code with its issuer: 'CPC (AAPC)', 'RHIT - AHIMA'; codes separated by spaces: 'CPC
CRC') and anything else is refused with `certifications: reason` and the nearest known credential. A credential
the catalog lacks is kept only when written with a final '!' ('CEMC!'), as the conversation keeps one.

The names come from the questionnaire's credential questions, the role cards and the plan's actions (the last
two read only when the questionnaire's names do not cover a file's credential). Read with tomllib: a warm
`score` imports no pydantic. Checked where answers come in (files, batch rows), never where saved sessions are
read back, so nothing saved becomes unreadable.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from assessor.core.data import data_dir
from assessor.core.errors import AnswersError

FIELD = "certifications"

# An issuer or a note around a credential ("CPC (AAPC)", "RHIT - AHIMA", "CCS credential").
ISSUER = re.compile(
    r"\((?:[^()]*)\)|\b(?:aapc|ahima|acdis|himaa|ihrim|cihi|bcs|credential|cert)\b|(?<!\w)[-–—:]+(?!\w)", re.I
)


def without_issuer(item: str) -> str:
    """A credential with its issuer or a note around it ("CPC (AAPC)", "RHIT - AHIMA"), as the credential."""
    bare = " ".join(ISSUER.sub(" ", item).split())
    return bare or item


def name_key(text: str) -> str:
    """A credential's name compared without case, dots, hyphens or spacing ('C.P.C.', 'cpc', 'CCS-P' ~ 'ccs p')."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _tables(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # the loaders that check these files say what is wrong with them


@lru_cache(maxsize=4)
def questionnaire_names(folder: Path) -> dict[str, str]:
    """Each way the questionnaire writes a credential (its code, label and aliases) -> the code."""
    names: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        questions = _tables(path).get("questions")
        for question in questions if isinstance(questions, list) else ():
            if not isinstance(question, dict) or FIELD not in (question.get("field"), question.get("id")):
                continue
            options = question.get("options")
            for option in options if isinstance(options, list) else ():
                value = option.get("value") if isinstance(option, dict) else None
                if not isinstance(value, str):
                    continue
                aliases = option.get("aliases", [])
                texts = [value, option.get("label", ""), *(aliases if isinstance(aliases, list) else [])]
                for text in texts:
                    if isinstance(text, str) and name_key(text):
                        names.setdefault(name_key(text), value)
    return names


def _found_codes(value: object) -> list[str]:
    """Every credential code named in a role card's or an action's tables."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("credentials", "certifications_any") and isinstance(item, list):
                found += [code for code in item if isinstance(code, str)]
            elif key == "grants" and isinstance(item, str):
                found.append(item)
            else:
                found += _found_codes(item)
    elif isinstance(value, list):
        for item in value:
            found += _found_codes(item)
    return found


@lru_cache(maxsize=4)
def catalog_names(roles: Path) -> dict[str, str]:
    """The credentials the role cards and the plan's actions name -> their code."""
    paths = [*sorted((roles / "cards").glob("*.toml")), roles / "actions.toml"]
    return {name_key(code): code for path in paths for code in _found_codes(_tables(path)) if name_key(code)}


def known_names() -> dict[str, str]:
    """Every credential's names -> its code, the questionnaire's first (they are listed in its order)."""
    return {**questionnaire_names(data_dir("questionnaires")), **catalog_names(data_dir("roles"))}


def _code(item: str, names: dict[str, str]) -> str | None:
    """The code of a credential written as one of its names, with its issuer, or spelt out ('C.P.C.')."""
    for text in (item, without_issuer(item)):
        key = name_key(text)
        code = names.get(key) or names.get(key.replace(" ", ""))
        if code is not None:
            return code
    return None


def _nearest(item: str, names: dict[str, str]) -> str | None:
    """The known credential a mistyped one most likely is: one letter out, or most letters shared."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    key = name_key(without_issuer(item))
    if len(key) < 2:
        return None
    best = min(names, key=lambda name: (Levenshtein.distance(key, name), name))
    close = Levenshtein.distance(key, best) <= (1 if len(key) <= 4 else 2) or fuzz.ratio(key, best) >= 85
    if close:
        return names[best]
    squeezed = key.replace(" ", "")
    for name, code in names.items():
        if name.replace(" ", "") == squeezed:
            return code
    return None


@lru_cache(maxsize=2048)
def read_credential(item: str) -> tuple[str, ...] | str:
    """The codes one written credential names, or why it cannot be read (`'X' is not ...; did you mean`)."""
    text = item.strip()
    if not text:
        return ()
    if text.endswith("!") and text.rstrip("!").strip():
        return (text.rstrip("!").strip(),)  # kept as written, as the conversation keeps one
    names = questionnaire_names(data_dir("questionnaires"))
    code = _code(text, names)
    if code is None:
        names = known_names()
        code = _code(text, names)
    if code is not None:
        return (code,)
    words = without_issuer(text).split()
    if len(words) > 1:  # "CPC CRC": codes separated by spaces
        codes = [_code(word, names) for word in words]
        if all(codes):
            return tuple(code for code in codes if code)
    near = _nearest(text, names)
    keep = f"write {text + '!'!r} to keep it as written (it changes no figure)"
    if near is not None:
        return f"{text!r} is not a credential assessor knows; did you mean {near!r}? Or {keep}"
    examples = ", ".join(dict.fromkeys(names.values()))
    return f"{text!r} is not a credential assessor knows (it knows {examples}); leave it out, or {keep}"


def listed_credentials(value: object) -> object:
    """Credentials written as one line ("CPC, CCS and RHIT") as a list, as Answers reads them."""
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,;/]| and ", value) if part.strip()]
    return value


NONE = frozenset({"none", "no", "nothing", "n a", "na", "not yet"})


def with_known_credentials(table: dict[str, object]) -> dict[str, object]:
    """The answers with each credential as its code; raises AnswersError(`certifications: reason`) for one
    that is neither known nor marked to keep. Anything that is not text is left to the answers' own check.
    The same credentials (a batch repeats them row after row) are read once, and answers already written
    as codes are returned as they are."""
    given = table.get(FIELD)
    if given is None or given == [] or given == "":
        return table
    # A batch's rows repeat a few hundred ways of writing credentials: what each comes to is remembered by the
    # very text or list of texts (tests/unit/test_batch_shortcuts.py compares it with the reading itself).
    key = given if type(given) is str else tuple(given) if type(given) is list else None
    found = None
    if key is not None:
        try:
            found = _REMEMBERED.get(key)
        except TypeError:  # a list holding a list or a table: not credentials, never remembered
            key = None
    if found is None:
        found = _reading(given)
        if key is not None:
            if len(_REMEMBERED) >= _REMEMBERED_SIZE:
                _REMEMBERED.clear()
            _REMEMBERED[key] = found
    if found is _AS_GIVEN:
        return table
    if isinstance(found, str):
        raise AnswersError(found)
    return {**table, FIELD: list(found)}


_AS_GIVEN: tuple[str, ...] = ("(as given)",)  # told apart by identity from every reading's codes
_REMEMBERED_SIZE = 4096
_REMEMBERED: dict[str | tuple[object, ...], tuple[str, ...] | str] = {}


def _reading(given: object) -> tuple[str, ...] | str:
    """What `with_known_credentials` makes of these credentials: _AS_GIVEN (the answers stay as they are),
    the codes they are read as, or the message of the error it raises."""
    if isinstance(given, str):
        key: str | tuple[str, ...] = given
    elif isinstance(given, list) and all(isinstance(item, str) for item in given):
        key = tuple(given)
    else:
        return _AS_GIVEN  # not a list of texts: the answers' own check says so
    read = _read_all(key)
    if isinstance(read, str):
        return f"{FIELD}: {read}"
    if read is None or (isinstance(given, list) and tuple(given) == read):
        return _AS_GIVEN
    return read


@lru_cache(maxsize=1024)
def _read_all(given: str | tuple[str, ...]) -> tuple[str, ...] | str | None:
    """The codes a file's credentials name, why one cannot be read, or None: left to the answers' own check
    (too many, too long, holding a control character)."""
    from assessor.core.text import first_control_character

    if isinstance(given, str) and name_key(given) in NONE:
        return ()
    value = listed_credentials(given)
    if not isinstance(value, list | tuple) or len(value) > 30:
        return None
    if not all(isinstance(item, str) and len(item) <= 100 for item in value):
        return None
    if any(first_control_character(item) is not None for item in value):
        return None
    codes: list[str] = []
    for item in value:
        assert isinstance(item, str)
        read = read_credential(item)
        if isinstance(read, str):
            return read
        codes += read
    return tuple(codes)


def marked_for_file(codes: list[str] | tuple[str, ...]) -> list[str]:
    """Credentials as an answers file writes them: one assessor does not know (kept in the conversation as
    typed) with its final '!', so the file reads back as it was saved instead of being refused."""
    return [code if isinstance(read_credential(code), tuple) else f"{code}!" for code in codes]

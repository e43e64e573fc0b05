"""Patterns compiled on first use behave as re's own, and the day parser compiles none of its own at import."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from assessor.core.patterns import LazyPattern


def test_a_lazy_pattern_compiles_on_first_use_and_answers_as_re_does() -> None:
    text = "coding 6 hours, denials 2 hrs, queries 30 mins"
    source = r"(?P<n>\d+)\s*(?P<unit>hours?|hrs?|mins?)"
    lazy, plain = LazyPattern(source, re.IGNORECASE), re.compile(source, re.IGNORECASE)
    assert lazy._compiled is None
    assert lazy.search(text.upper()).group(0) == plain.search(text.upper()).group(0)  # type: ignore[union-attr]
    assert lazy.compiled is lazy.compiled
    assert [found.span() for found in lazy.finditer(text, 3)] == [
        found.span() for found in plain.finditer(text, 3)
    ]
    assert lazy.match(text) is None and plain.match(text) is None
    assert lazy.match(text, 7).group("n") == "6"  # type: ignore[union-attr]
    assert lazy.fullmatch("2 hrs").group("unit") == "hrs"  # type: ignore[union-attr]
    assert lazy.split(text) == plain.split(text)
    assert lazy.sub(lambda found: found.group("n"), text, 2) == plain.sub(
        lambda found: found.group("n"), text, 2
    )


PROBE = """
import json, re, sys
from assessor.core import splits
from assessor.core.patterns import LazyPattern
found = [v for v in vars(splits).values() if isinstance(v, LazyPattern)]
found += [i for v in vars(splits).values() if isinstance(v, list) for i in v if isinstance(i, LazyPattern)]
at_import = sum(pattern._compiled is not None for pattern in found)
splits.parse_split("about half coding, 20% denials, the rest queries")
used = sum(pattern._compiled is not None for pattern in found)
plain = sum(isinstance(v, re.Pattern) for v in vars(splits).values())
print(json.dumps([len(found), at_import, used, plain]))
"""


def test_the_day_parser_compiles_its_patterns_only_when_reading_a_day() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    total, at_import, used, plain = json.loads(done.stdout.strip().splitlines()[-1])
    assert total >= 30
    assert at_import == 0
    assert 0 < used <= total
    assert plain == 0


DAYS = [
    "about half coding, 20% denials, the rest queries",
    "6 hrs coding 2 hours meetings; mornings abstracting, afternoons audits",
    "Mon-Wed 8:30am to 1pm pro fee, 10-15% education, a couple of hours on Fridays for huddles",
    "mostly inpatient DRG (~70%), the remainder CDI queries & ROI",
]


def test_a_pattern_made_from_its_stored_form_is_the_one_re_compiles() -> None:
    from assessor.core import splits  # noqa: F401  (its patterns are defined on import)
    from assessor.core.patterns import _DEFINED, _from_form, compiled_form

    assert len(_DEFINED) >= 40
    for lazy in _DEFINED:
        plain = re.compile(lazy.pattern, lazy.flags)
        made = _from_form(lazy.pattern, lazy.flags, compiled_form(lazy.pattern, lazy.flags))
        assert (made.pattern, made.flags, made.groups, made.groupindex) == (
            plain.pattern,
            plain.flags,
            plain.groups,
            plain.groupindex,
        )
        for day in DAYS:
            for text in (day, day.lower()):
                assert [found.groupdict() | {"": found.span()} for found in made.finditer(text)] == [
                    found.groupdict() | {"": found.span()} for found in plain.finditer(text)
                ], lazy.pattern


def test_a_damaged_stored_form_is_compiled_afresh() -> None:
    from assessor.core.patterns import _STORED, restore_compiled_forms

    source = r"(?P<hours>\d+)\s*hrs? of (?P<task>\w+) \(a damaged stored form\)"
    restore_compiled_forms(
        {(source, 0): (32, [1, 2, 3, 99999], 2, {"hours": 1, "task": 2}, (None, "hours", "task"))}
    )
    try:
        lazy = LazyPattern(source)
        found = lazy.search("6 hrs of coding (a damaged stored form)")
        assert found is not None and found.group("task") == "coding"
    finally:
        _STORED.pop((source, 0))


WARM_PROBE = """
import io, contextlib, re, sys
import assessor.core.patterns as patterns
compiled = []
plain_compile = re.compile
def counting(pattern, flags=0):
    compiled.append(pattern)
    return plain_compile(pattern, flags)
patterns.re = type(sys)("counting_re")
patterns.re.compile = counting
patterns.re.Pattern = re.Pattern
import assessor.cli as cli
with contextlib.redirect_stdout(io.StringIO()):
    cli.main(["score", sys.argv[1], "--json"])
made = sum(pattern._compiled is not None for pattern in patterns._DEFINED)
print(len(compiled), made)
"""


def test_a_warm_score_makes_the_day_parser_patterns_from_their_stored_forms(tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(
        'job_title = "Medical Coder"\nyears_experience = 3\n'
        'time_split = "about half coding, 20% denials, 2 hrs a day queries, the rest abstracting"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "ASSESSOR_CACHE": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", WARM_PROBE, str(answers)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=env,
        )
        for _ in range(2)
    ]
    for done in runs:
        assert done.returncode == 0, done.stderr
    cold, warm = ([int(part) for part in done.stdout.split()] for done in runs)
    assert cold[0] == cold[1] > 10  # the cold start (which fills the cache) compiles each pattern it uses
    assert warm == [0, cold[1]]  # the warm one uses as many, each made from its stored form

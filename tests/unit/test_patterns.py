"""Patterns compiled on first use behave as re's own, and the day parser compiles none of its own at import."""

from __future__ import annotations

import json
import re
import subprocess
import sys

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

"""How well described days are read: whole days (tests/data/whole_days.tsv) and vague days (vague_days.tsv).

    .venv/bin/python bench/accuracy_days.py          # accuracy per category, tuned rows and held-out rows
    .venv/bin/python bench/accuracy_days.py --show   # also every row that is not right
    .venv/bin/python bench/accuracy_days.py --data fresh   # another pair (tests/data/fresh_whole_days.tsv, ...)

A whole day is right when each expected task phrase has its own part with its share (within half a point)
and nothing else was found; asked back or refused is not right but not wrong either. A vague day is right when
it is asked back with a question naming what is missing; any split returned for it is a wrong silent split.
Each row says which set it is in: "tune" (the reader was tuned on them), "held-out" (written with those, before
any tuning, never tuned on) and "fresh" (written after tuning, never tuned on); each set is reported apart.
`CATEGORIES` (name -> count(which set, None = all rows; file prefix)) is what bench/accuracy.py registers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessor.core.errors import AnswersError  # noqa: E402
from assessor.core.splits import read_day  # noqa: E402

DATA = ROOT / "tests" / "data"
Verdict = Literal["right", "asked", "refused", "wrong"]


@dataclass(frozen=True)
class Row:
    text: str
    expected: dict[str, float] | list[str]
    which: str  # "tune", "held-out" or "fresh"


@dataclass(frozen=True)
class Tally:
    right: int
    total: int
    wrong_silent: int
    misses: tuple[str, ...]


def load_rows(name: str) -> list[Row]:
    """Rows of a tab-separated evaluation file: text (\\n for a new line), expected JSON, set."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected, which = line.split("\t")
        rows.append(Row(text.replace("\\n", "\n"), json.loads(expected), which))
    return rows


def _same(found: dict[str, float], expected: dict[str, float]) -> bool:
    if len(found) != len(expected):
        return False
    used: set[str] = set()
    for phrase, pct in expected.items():
        match = next(
            (
                said
                for said, got in found.items()
                if said not in used
                and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", said)
                and abs(got - pct) < 0.5
            ),
            None,
        )
        if match is None:
            return False
        used.add(match)
    return True


def judge_whole(text: str, expected: dict[str, float]) -> tuple[Verdict, str]:
    try:
        reading = read_day(text)
    except AnswersError as exc:
        return "refused", exc.message
    if reading.split is None:
        return "asked", reading.gap.question if reading.gap else ""
    found = {part.said: part.pct for part in reading.split.parts}
    shown = ", ".join(f"{said}: {pct:.1f}" for said, pct in found.items())
    return ("right" if _same(found, expected) else "wrong"), shown


def judge_vague(text: str, names: list[str]) -> tuple[Verdict, str]:
    """Right: asked with a question containing each name (a|b: either)."""
    try:
        reading = read_day(text)
    except AnswersError as exc:
        return "refused", exc.message
    if reading.split is not None:
        return "wrong", ", ".join(f"{part.said}: {part.pct:.1f}" for part in reading.split.parts)
    question = reading.gap.question.lower() if reading.gap else ""
    named = all(any(choice in question for choice in name.split("|")) for name in names)
    return ("right" if named else "asked"), question


def _tally(name: str, judge: Callable[[str, object], tuple[Verdict, str]], which: str | None) -> Tally:
    rows = [row for row in load_rows(name) if which is None or row.which == which]
    right = wrong = 0
    misses: list[str] = []
    for row in rows:
        verdict, detail = judge(row.text, row.expected)
        right += verdict == "right"
        wrong += verdict == "wrong"
        if verdict != "right":
            misses.append(f"{verdict:7} {row.text!r} -> {detail}")
    return Tally(right, len(rows), wrong, tuple(misses))


def whole_days(which: str | None = None, prefix: str = "") -> Tally:
    return _tally(f"{prefix}whole_days.tsv", judge_whole, which)  # type: ignore[arg-type]


def vague_days(which: str | None = None, prefix: str = "") -> Tally:
    return _tally(f"{prefix}vague_days.tsv", judge_vague, which)  # type: ignore[arg-type]


CATEGORIES: dict[str, Callable[[str | None, str], Tally]] = {
    "whole days": whole_days,
    "vague days": vague_days,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every row that is not right")
    parser.add_argument(
        "--data",
        choices=("", "talk", "fresh", "set4", "set5", "set6"),
        default="",
        help="which pair of files: '' (the first), talk, fresh, set4, set5, set6",
    )
    args = parser.parse_args()
    prefix = f"{args.data}_" if args.data else ""
    print(f"{'category':12} {'rows':>14} {'right':>7} {'wrong silent':>13}")
    for label, count in CATEGORIES.items():
        for which in ("all", "tune", "held-out", "fresh", "set4", "set5", "set6"):
            tally = count(None if which == "all" else which, prefix)
            share = 100 * tally.right / tally.total if tally.total else 0.0
            print(f"{label:12} {which + ' ' + str(tally.total):>14} {share:6.1f}% {tally.wrong_silent:>13}")
            if args.show and which == "all":
                for miss in tally.misses:
                    print(f"    {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

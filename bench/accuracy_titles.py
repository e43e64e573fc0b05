"""How well job titles are understood as postings and people write them (tests/data/titles.tsv).

    .venv/bin/python bench/accuracy_titles.py          # right, wrong silent and refused-unrelated, per set
    .venv/bin/python bench/accuracy_titles.py --show   # also every row that is not right
    .venv/bin/python bench/accuracy_titles.py --data talk_titles.tsv   # another labelled file (tests/data/)

A row is right when the person is scored with the expected role (choose_role: the title, the years, the country's
own card), or refused when it says `refuse`. A wrong role is a wrong silent match; a refusal of a job we know is
not right but not wrong either (the person is asked for another title). Each row says its set: "held-out"
(written before the title matcher was tuned, never tuned on), "tune" or "fresh" (written after tuning, measured
before any change they prompted); each set is reported apart.
`CATEGORIES` (name -> count(which set; None = all rows)) is what bench/accuracy.py registers.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessor.core.assess import choose_role  # noqa: E402
from assessor.core.catalog import Catalog, load_catalog  # noqa: E402
from assessor.core.errors import MatchError  # noqa: E402
from assessor.core.models import Answers  # noqa: E402

DATA = ROOT / "tests" / "data" / "titles.tsv"
FILES = ("titles.tsv", "talk_titles.tsv", "fresh_titles.tsv", "set4_titles.tsv", "set5_titles.tsv")


@dataclass(frozen=True)
class Tally:
    right: int
    total: int
    wrong_silent: int
    misses: tuple[str, ...]
    refused_unrelated: int = 0
    unrelated: int = 0


def load_rows(which: str | None, name: str = DATA.name) -> list[dict[str, str]]:
    text = (DATA.parent / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return [row for row in csv.DictReader(lines, delimiter="\t") if which is None or row["set"] == which]


def scored_as(row: dict[str, str], catalog: Catalog) -> str:
    answers = Answers.validated(
        {"job_title": row["title"], "years_experience": float(row["years"] or 3), "country": row["country"]}
    )
    try:
        return choose_role(answers, catalog)[0].id
    except MatchError:
        return "refuse"


def titles(which: str | None = None, catalog: Catalog | None = None, name: str = DATA.name) -> Tally:
    catalog = catalog or load_catalog()
    right = wrong = refused = unrelated = 0
    misses: list[str] = []
    rows = load_rows(which, name)
    for row in rows:
        got = scored_as(row, catalog)
        right += got == row["expected"]
        wrong += got not in (row["expected"], "refuse")
        unrelated += row["expected"] == "refuse"
        refused += row["expected"] == "refuse" and got == "refuse"
        if got != row["expected"]:
            verdict = "refused" if got == "refuse" else "wrong"
            misses.append(f"{verdict:7} {row['title']!r} -> {got} (expected {row['expected']})")
    return Tally(right, len(rows), wrong, tuple(misses), refused, unrelated)


CATEGORIES: dict[str, Callable[[str | None], Tally]] = {"titles": titles}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every row that is not right")
    parser.add_argument("--data", choices=FILES, default=DATA.name, help="the labelled file in tests/data/")
    args = parser.parse_args()
    catalog = load_catalog()
    print(f"{'category':12} {'rows':>14} {'right':>7} {'wrong silent':>13} {'unrelated refused':>18}")
    for which in ("all", "tune", "held-out", "fresh", "set4", "set5"):
        tally = titles(None if which == "all" else which, catalog, args.data)
        share = 100 * tally.right / tally.total if tally.total else 0.0
        refused = f"{tally.refused_unrelated}/{tally.unrelated}"
        print(
            f"{'titles':12} {which + ' ' + str(tally.total):>14} {share:6.1f}% {tally.wrong_silent:>13} {refused:>18}"
        )
        if args.show and which == "all":
            for miss in tally.misses:
                print(f"    {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

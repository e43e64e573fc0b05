"""Varied batch rows for `score --batch`: titles, years, settings, free-text days and task tables all vary.

The words come from the labelled sets in tests/data (job titles as postings write them, whole days as coders
tell them, task phrases), mixed by a seeded generator, so a run is repeatable and a memo keyed on whole rows
cannot fake the rate. A few rows in every hundred are broken on purpose (wrong kinds, unknown values).

    .venv/bin/python bench/batch_rows.py ROWS [--seed N] > rows.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"

SETTINGS = ["inpatient", "outpatient", "payer", "vendor", "other"]
AI_TOOLS = ["none", "suggestions", "autonomous"]
COUNTRIES = ["us", "us", "us", "uk", "australia", "canada", "other"]
SPECIALTIES = [
    "",
    "",
    "oncology",
    "cardiology",
    "orthopedics",
    "emergency department",
    "risk adjustment",
    "E/M",
]
CREDENTIALS = ["CPC", "CCS", "RHIT", "CRC", "CCS-P", "RHIA", "CDIP", "COC"]
GOALS = ["stay-in-coding", "cdi", "auditing", "risk-adjustment", "analytics", "management", "undecided"]
BROKEN = [
    {"job_title": "Medical Coder", "years_experience": "lots"},
    {"job_title": "Medical Coder", "years_experience": True},
    {"job_title": "", "years_experience": 3},
    {"job_title": "Medical Coder", "years_experience": 3, "work_setting": "hospital basement"},
    {"job_title": "Medical Coder", "years_experience": 3, "goals": ["become astronaut"]},
    {"years_experience": 4},
]


def _table(name: str) -> list[list[str]]:
    """The data rows of a labelled set (comments and the header line left out)."""
    table = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            table.append([cell.strip() for cell in line.split("\t")])
    return table[1:] if table and table[0][0] in ("title", "phrase", "sentence") else table


def vocabulary() -> dict[str, object]:
    """Titles by the role they name, task phrases by role, and whole days (said of a coder's day)."""
    titles: dict[str, list[str]] = {}
    for cells in _table("titles.tsv") + _table("talk_titles.tsv"):
        titles.setdefault(cells[3], []).append(cells[0])
    phrases: dict[str, list[str]] = {}
    for cells in _table("task_phrases.tsv") + _table("talk_task_phrases.tsv"):
        if len(cells) > 2 and cells[2]:
            phrases.setdefault(cells[1], []).append(cells[0])
    days = [cells[0] for cells in _table("whole_days.tsv") + _table("talk_whole_days.tsv")]
    return {"titles": titles, "phrases": phrases, "days": days}


def _shares(count: int, pick: random.Random) -> list[int]:
    """`count` whole-percent shares of a day that add up to 100."""
    cuts = sorted(pick.sample(range(5, 96, 5), count - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]


def rows(count: int, seed: int = 15, broken_every: int = 50) -> Iterator[dict[str, object]]:
    """`count` answer sets; every `broken_every`-th is one a person could plausibly get wrong (0: none).

    A title is drawn from a labelled role (one in twenty from titles we refuse); a table of tasks uses phrases
    labelled for that role; a whole day in words goes with the coder roles those days were written for.
    """
    pick = random.Random(seed)
    words = vocabulary()
    titles: dict[str, list[str]] = words["titles"]  # type: ignore[assignment]
    phrases: dict[str, list[str]] = words["phrases"]  # type: ignore[assignment]
    days: list[str] = words["days"]  # type: ignore[assignment]
    roles = sorted(role for role in titles if role != "refuse")
    for index in range(count):
        if broken_every and index % broken_every == broken_every - 1:
            yield dict(pick.choice(BROKEN))
            continue
        role = "refuse" if pick.random() < 0.05 else pick.choice(roles)
        row: dict[str, object] = {
            "id": f"r{index}",
            "job_title": pick.choice(titles[role]),
            "years_experience": pick.choice([pick.randint(0, 35), round(pick.uniform(0, 30), 1)]),
        }
        if pick.random() < 0.6:
            row["work_setting"] = pick.choice(SETTINGS)
        if pick.random() < 0.5:
            row["specialty"] = pick.choice(SPECIALTIES)
        if pick.random() < 0.6:
            row["certifications"] = pick.sample(CREDENTIALS, pick.randint(1, 3))
        if pick.random() < 0.4:
            row["ai_tools"] = pick.choice(AI_TOOLS)
        if pick.random() < 0.4:
            row["country"] = pick.choice(COUNTRIES)
        if pick.random() < 0.3:
            row["goals"] = pick.sample(GOALS, pick.randint(1, 2))
        day = pick.random()
        if day < 0.4 and role.startswith("medical-coder"):
            row["time_split"] = pick.choice(days)
        elif day < 0.75 and phrases.get(role):
            said = pick.sample(phrases[role], min(len(phrases[role]), pick.randint(1, 4)))
            row["time_split"] = dict(zip(said, _shares(len(said), pick), strict=True))
        yield row


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rows", type=int)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    out = sys.stdout
    for row in rows(args.rows, args.seed):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

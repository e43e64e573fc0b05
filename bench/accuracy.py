"""Accuracy of understanding on labelled sets written the way coders talk (tests/data/).

    .venv/bin/python bench/accuracy.py            # every registered set
    .venv/bin/python bench/accuracy.py tasks      # one set

Each set is a function in SETS: it reads its file, runs the matcher on every row and returns one Outcome per
row. A row lands right directly, is matched silently to a wrong answer (counted separately: the error that
hurts), or is asked back, with or without the right answer among the choices. Rows labelled `ask` or `refuse`
(unrelated activities) are right when they are not matched silently. The days and titles sets add themselves
to SETS the same way.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assessor.core.assess import choose_role  # noqa: E402
from assessor.core.catalog import Catalog, load_catalog  # noqa: E402
from assessor.core.errors import MatchError  # noqa: E402
from assessor.core.matching import match_title  # noqa: E402
from assessor.core.models import Answers  # noqa: E402
from assessor.core.understanding import understand_task  # noqa: E402

DATA = ROOT / "tests" / "data"
NOT_A_TASK = {"ask", "refuse"}

Verdict = Literal["direct", "wrong-silent", "asked-right", "asked-missing", "held-back"]


@dataclass(frozen=True)
class Outcome:
    """One labelled row and what the matcher did with it."""

    said: str
    context: str  # the role (or whatever the set's rows are read against)
    expected: tuple[str, ...]
    category: str
    split: str  # "heldout" (written before tuning) or "tuning"
    verdict: Verdict
    got: str | None  # what it matched silently, if anything
    choices: tuple[str, ...]  # what it would have asked about


def read_rows(path: Path) -> list[dict[str, str]]:
    """A TSV with a header row; lines starting with '#' are comments."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def evaluate_tasks(catalog: Catalog, path: Path | None = None) -> list[Outcome]:
    """tests/data/task_phrases.tsv: phrase, role, expected (ids separated by '|', or ask/refuse), category, split."""
    outcomes: list[Outcome] = []
    for row in read_rows(path or DATA / "task_phrases.tsv"):
        expected = tuple(part.strip() for part in row["expected"].split("|") if part.strip())
        found = understand_task(row["phrase"], catalog.role(row["role"]), catalog)
        got = found.match.task_id if found.match else None
        choices = tuple(candidate.task_id for candidate in found.candidates)
        wanted = [item for item in expected if item not in NOT_A_TASK]
        verdict: Verdict
        if got is not None:
            verdict = "direct" if got in wanted else "wrong-silent"
        elif not wanted or set(expected) & NOT_A_TASK:
            verdict = "held-back"  # an unrelated activity, rightly not taken
        else:
            verdict = "asked-right" if set(wanted) & set(choices) else "asked-missing"
        outcomes.append(
            Outcome(
                said=row["phrase"],
                context=row["role"],
                expected=expected,
                category=row["category"],
                split=row.get("split") or "tuning",
                verdict=verdict,
                got=got,
                choices=choices,
            )
        )
    return outcomes


def evaluate_titles(catalog: Catalog, path: Path | None = None) -> list[Outcome]:
    """tests/data/titles.tsv: title, years, country, expected role id (or refuse), set (held-out or tune).

    Right directly: the person is scored with the expected role (choose_role: title, years, the country's own
    card). Asked: the title was refused or asked about; the choices are the closest roles' families, right when
    the expected role's family is among them. bench/accuracy_titles.py prints the same set by held-out/tune.
    """
    outcomes: list[Outcome] = []
    for row in read_rows(path or DATA / "titles.tsv"):
        answers = Answers.validated(
            {
                "job_title": row["title"],
                "years_experience": float(row["years"] or 3),
                "country": row["country"],
            }
        )
        expected = row["expected"]
        wanted = None if expected == "refuse" else catalog.role(expected)
        verdict: Verdict
        got: str | None = None
        choices: tuple[str, ...] = ()
        try:
            got = choose_role(answers, catalog)[0].id
            verdict = "direct" if got == expected else "wrong-silent"
        except MatchError:
            choices = tuple(candidate.family for candidate in match_title(row["title"], catalog).candidates)
            if wanted is None:
                verdict = "held-back"
            else:
                verdict = "asked-right" if wanted.family in choices else "asked-missing"
        outcomes.append(
            Outcome(
                said=row["title"],
                context=row["country"],
                expected=(expected,),
                category="unrelated" if wanted is None else wanted.family,
                split=row["set"],
                verdict=verdict,
                got=got,
                choices=choices,
            )
        )
    return outcomes


def evaluate_days(
    catalog: Catalog, whole: str = "whole_days.tsv", vague: str = "vague_days.tsv"
) -> list[Outcome]:
    """tests/data/whole_days.tsv and vague_days.tsv (or the named pair), judged by bench/accuracy_days.py: a whole
    day is right when every share is; a vague day is right when it is asked back naming what is missing."""
    del catalog  # days are read before any task is matched
    if str(Path(__file__).parent) not in sys.path:
        sys.path.insert(0, str(Path(__file__).parent))
    import accuracy_days

    verdicts: dict[tuple[str, str], Verdict] = {
        ("whole day", "right"): "direct",
        ("whole day", "wrong"): "wrong-silent",
        ("vague day", "right"): "held-back",
        ("vague day", "wrong"): "wrong-silent",
    }
    splits = {"tune": "tuning", "held-out": "heldout", "fresh": "fresh"}
    outcomes: list[Outcome] = []
    for category, name, judge in (
        ("whole day", whole, accuracy_days.judge_whole),
        ("vague day", vague, accuracy_days.judge_vague),
    ):
        for row in accuracy_days.load_rows(name):
            verdict, detail = judge(row.text, row.expected)
            expected = row.expected if isinstance(row.expected, list) else list(row.expected)
            outcomes.append(
                Outcome(
                    said=row.text,
                    context="",
                    expected=tuple(str(item) for item in expected),
                    category=category,
                    split=splits.get(row.which, row.which),
                    verdict=verdicts.get((category, verdict), "asked-missing"),
                    got=detail if verdict == "wrong" else None,
                    choices=(),
                )
            )
    return outcomes


def evaluate_talk_tasks(catalog: Catalog) -> list[Outcome]:
    """Held-out set 2 (tests/data/talk_*.tsv): written from forum, posting and chat usage before any tuning."""
    return evaluate_tasks(catalog, DATA / "talk_task_phrases.tsv")


def evaluate_talk_titles(catalog: Catalog) -> list[Outcome]:
    return evaluate_titles(catalog, DATA / "talk_titles.tsv")


def evaluate_talk_days(catalog: Catalog) -> list[Outcome]:
    return evaluate_days(catalog, "talk_whole_days.tsv", "talk_vague_days.tsv")


def evaluate_fresh_tasks(catalog: Catalog) -> list[Outcome]:
    """Held-out set 3 (tests/data/fresh_*.tsv): US, UK, Australian and Canadian usage, written before any tuning."""
    return evaluate_tasks(catalog, DATA / "fresh_task_phrases.tsv")


def evaluate_fresh_titles(catalog: Catalog) -> list[Outcome]:
    return evaluate_titles(catalog, DATA / "fresh_titles.tsv")


def evaluate_fresh_days(catalog: Catalog) -> list[Outcome]:
    return evaluate_days(catalog, "fresh_whole_days.tsv", "fresh_vague_days.tsv")


def evaluate_set4_tasks(catalog: Catalog) -> list[Outcome]:
    """Held-out set 4 (tests/data/set4_*.tsv): inpatient, pro fee, risk adjustment, CDI, audit, revenue cycle,
    registries, ROI, HIM and managers' words, hedges, negations and UK/AU/CA usage, written before any tuning."""
    return evaluate_tasks(catalog, DATA / "set4_task_phrases.tsv")


def evaluate_set4_titles(catalog: Catalog) -> list[Outcome]:
    return evaluate_titles(catalog, DATA / "set4_titles.tsv")


def evaluate_set4_days(catalog: Catalog) -> list[Outcome]:
    return evaluate_days(catalog, "set4_whole_days.tsv", "set4_vague_days.tsv")


def evaluate_set5_tasks(catalog: Catalog) -> list[Outcome]:
    """Held-out set 5 (tests/data/set5_*.tsv): encoders, CAC, Epic queues, radiology/anesthesia/ED pro fee, risk
    adjustment, CDI, auditors, billers, HIM, UK/AU/CA usage and words outside the domain, written before any tuning."""
    return evaluate_tasks(catalog, DATA / "set5_task_phrases.tsv")


def evaluate_set5_titles(catalog: Catalog) -> list[Outcome]:
    return evaluate_titles(catalog, DATA / "set5_titles.tsv")


def evaluate_set5_days(catalog: Catalog) -> list[Outcome]:
    return evaluate_days(catalog, "set5_whole_days.tsv", "set5_vague_days.tsv")


def evaluate_set6_tasks(catalog: Catalog) -> list[Outcome]:
    """Held-out set 6 (tests/data/set6_*.tsv): IP DRG and DNFC, CAC, pro fee and E/M levelling, ED facility, ASC, IR,
    anaesthesia, prebill edits, charge reconciliation and CDM, work queues, risk adjustment retro/prospective, CDI
    clarifications, audits, denials, registries, ROI/HIM, managers, UK/AU/CA usage, hedges, typos, negations and words
    that name no task, written before any tuning."""
    return evaluate_tasks(catalog, DATA / "set6_task_phrases.tsv")


def evaluate_set6_titles(catalog: Catalog) -> list[Outcome]:
    return evaluate_titles(catalog, DATA / "set6_titles.tsv")


def evaluate_set6_days(catalog: Catalog) -> list[Outcome]:
    return evaluate_days(catalog, "set6_whole_days.tsv", "set6_vague_days.tsv")


SETS: dict[str, Callable[[Catalog], list[Outcome]]] = {
    "tasks": evaluate_tasks,
    "titles": evaluate_titles,
    "days": evaluate_days,
    "talk-tasks": evaluate_talk_tasks,
    "talk-titles": evaluate_talk_titles,
    "talk-days": evaluate_talk_days,
    "fresh-tasks": evaluate_fresh_tasks,
    "fresh-titles": evaluate_fresh_titles,
    "fresh-days": evaluate_fresh_days,
    "set4-tasks": evaluate_set4_tasks,
    "set4-titles": evaluate_set4_titles,
    "set4-days": evaluate_set4_days,
    "set5-tasks": evaluate_set5_tasks,
    "set5-titles": evaluate_set5_titles,
    "set5-days": evaluate_set5_days,
    "set6-tasks": evaluate_set6_tasks,
    "set6-titles": evaluate_set6_titles,
    "set6-days": evaluate_set6_days,
}


@dataclass(frozen=True)
class Summary:
    rows: int
    direct: float  # share of rows that landed right without asking (unrelated rows count when held back)
    wrong_silent: float  # share of rows matched silently to something wrong
    asked_right: float  # of the rows asked back, the share with the right answer among the choices


def summarise(outcomes: list[Outcome]) -> Summary:
    rows = len(outcomes)
    if not rows:
        return Summary(rows=0, direct=0.0, wrong_silent=0.0, asked_right=0.0)
    right = sum(outcome.verdict in ("direct", "held-back") for outcome in outcomes)
    wrong = sum(outcome.verdict == "wrong-silent" for outcome in outcomes)
    asked = [outcome for outcome in outcomes if outcome.verdict in ("asked-right", "asked-missing")]
    asked_right = sum(outcome.verdict == "asked-right" for outcome in asked)
    return Summary(
        rows=rows,
        direct=right / rows,
        wrong_silent=wrong / rows,
        asked_right=asked_right / len(asked) if asked else 1.0,
    )


def report(name: str, outcomes: list[Outcome]) -> str:
    """Accuracy per category and per split, wrong silent matches counted apart and listed."""
    lines = [
        f"## {name}: {len(outcomes)} rows",
        "",
        "| group | rows | right directly | wrong silent | asked, right among choices |",
    ]
    lines.append("|---|---|---|---|---|")
    groups: dict[str, list[Outcome]] = {"all": outcomes}
    for outcome in outcomes:
        groups.setdefault(f"split {outcome.split}", []).append(outcome)
    for outcome in sorted(outcomes, key=lambda item: item.category):
        groups.setdefault(outcome.category, []).append(outcome)
    for group, members in groups.items():
        summary = summarise(members)
        wrong = sum(member.verdict == "wrong-silent" for member in members)
        lines.append(
            f"| {group} | {summary.rows} | {summary.direct:.1%} | {wrong} ({summary.wrong_silent:.1%}) | "
            f"{summary.asked_right:.0%} |"
        )
    wrong_rows = [outcome for outcome in outcomes if outcome.verdict == "wrong-silent"]
    if wrong_rows:
        lines += ["", "Wrong silent matches:"]
        lines += [
            f"- {o.said!r} ({o.context}): got {o.got}, wanted {'|'.join(o.expected)}" for o in wrong_rows
        ]
    missing = [outcome for outcome in outcomes if outcome.verdict == "asked-missing"]
    if missing:
        lines += ["", "Asked back without the right choice:"]
        lines += [f"- {o.said!r} ({o.context}): offered {', '.join(o.choices) or 'nothing'}" for o in missing]
    return "\n".join(lines)


def all_reports(names: list[str] | None = None) -> str:
    """Every registered set's table (what bench/run.py appends to its figures)."""
    catalog = load_catalog()
    return "\n\n".join(report(name, SETS[name](catalog)) for name in names or list(SETS))


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or list(SETS)
    unknown = [name for name in names if name not in SETS]
    if unknown:
        print(f"unknown set {unknown[0]!r}; known: {', '.join(SETS)}", file=sys.stderr)
        return 2
    print(all_reports(names))
    return 0


if __name__ == "__main__":
    sys.exit(main())

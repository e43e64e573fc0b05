"""`assessor score ANSWERS`: the personal score for one answers file (TOML or JSON)."""

from __future__ import annotations

import argparse

from assessor.commands.common import answers_from, catalog, print_json
from assessor.core.assess import Assessment, assess, assessment_summary
from assessor.core.engine import rounded_parts


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score an answers file (TOML or JSON; '-' reads standard input)",
        description="Score one answers file: job_title, years_experience, and optionally work_setting, "
        "specialty, certifications, time_split, ai_tools, country, goals.",
    )
    parser.add_argument("answers", nargs="?", help="answers file (TOML or JSON), or - for standard input")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(run=run)


def print_assessment(assessment: Assessment) -> None:
    breakdown = assessment.breakdown
    role = assessment.role
    print(f"Role:   {role.title} ({role.id}), match confidence {assessment.match_confidence:.0f}%")
    print(f"Score:  {breakdown.score:.1f}/100  {breakdown.label}   (0 = at risk, 100 = protected)")
    print(f"Task resistance {breakdown.task_resistance:.2f}/5   evidence {breakdown.evidence:+d}   "
          f"barriers {breakdown.barriers}   AI growth {breakdown.growth:+d}")
    print("Where the score comes from:")
    for part, points in rounded_parts(breakdown.waterfall, breakdown.score):
        print(f"  {part:<24} {points:+6.1f}")
    print("Your day:")
    for task in sorted(assessment.tasks, key=lambda item: -item.time_pct):
        print(f"  {task.time_pct:5.1f}%  {task.automation}/5  {task.kind:<12} {task.name}")
    for adjustment in assessment.adjustments:
        print(f"Adjusted: {adjustment.title} ({adjustment.effect:+.1f} points)")
    for note in assessment.notes:
        print(f"Note: {note}")


def run(args: argparse.Namespace) -> int:
    from assessor.core.errors import AnswersError

    if args.answers is None:
        raise AnswersError("score needs an answers file (or - for standard input); see 'assessor score --help'")
    result = assess(answers_from(args.answers), catalog())
    if args.json:
        print_json(assessment_summary(result))
    else:
        print_assessment(result)
    return 0

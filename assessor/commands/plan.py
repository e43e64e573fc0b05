"""`assessor plan ANSWERS`: the personal upskilling plan, every action re-scored with the engine."""

from __future__ import annotations

import argparse

from assessor.commands.common import about_file, answers_from, catalog, print_json
from assessor.core.errors import AnswersError
from assessor.core.plan import Plan, build_plan, plan_summary
from assessor.core.wording import SCALE_NOTE, SCORE_NAME
from assessor.report.markdown import money, months


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="the upskilling plan for an answers file, ranked by score gain per month",
        description="Apply every action in roles/actions.toml to the answers, re-score, and rank by points "
        "gained per month of effort. Each action's answers_after (in --json) re-scores to its score_after.",
    )
    parser.add_argument("answers", nargs="?", help="answers file (TOML or JSON), or - for standard input")
    parser.add_argument("--json", action="store_true", help="machine-readable output, with answers_after")
    parser.set_defaults(run=run)


def print_plan(plan: Plan) -> None:
    print(f"Your {SCORE_NAME} now: {plan.score_before:.1f}/100 ({SCALE_NOTE})")
    if not plan.items:
        print("No action in the data raises your score.")
    for number, item in enumerate(plan.items, 1):
        print()
        print(f"{number}. {item.title}")
        print(
            f"   {item.score_before:.1f} -> {item.score_after:.1f} ({item.gain:+.1f} points, "
            f"{item.label_after}); {months(item.months)}, cost {money(item.cost_usd)}; "
            f"{item.gain_per_month:.2f} points a month"
        )
        for line in item.why:
            print(f"   {line}")
        for step_number, step in enumerate(item.steps, 1):
            print(f"   step {step_number}: {step.title} ({months(step.months)})")
            if step.check:
                print(f"           check first: you need {step.check}")
    if plan.set_aside:
        print()
        print("Set aside:")
        for entry in plan.set_aside:
            print(f"  {entry.title}: {entry.reason}")


def run(args: argparse.Namespace) -> int:
    if args.answers is None:
        raise AnswersError("plan needs an answers file (or - for standard input); see 'assessor plan --help'")
    with about_file(args.answers):
        plan = build_plan(answers_from(args.answers), catalog())
    if args.json:
        print_json(plan_summary(plan))
    else:
        print_plan(plan)
    return 0

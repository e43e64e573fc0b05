"""The report as Markdown, for notes and email: the same content as the HTML report, as text and tables."""

from __future__ import annotations

from assessor.core import wording
from assessor.core.careers import ORDER_RULE, CareerMove
from assessor.core.engine import GREEN_FROM, YELLOW_FROM, rounded_parts
from assessor.core.text import markdown_inline
from assessor.core.wording import REPORT_TITLE, SKILL_OUTLOOK, opinion_direction, task_kind_legend, zone_words
from assessor.report.model import Report, data_date

SCALE_NOTE = wording.SCALE_NOTE


def money(value: float) -> str:
    return "none" if value == 0 else f"${value:,.0f}"


def months(value: float) -> str:
    return f"{value:g} month" + ("" if value == 1 else "s")


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (and anywhere on one line): shown literally."""
    return markdown_inline(text)


def profile_lines(report: Report) -> list[str]:
    answers = report.answers
    certs = ", ".join(cell(name) for name in answers.certifications) or "none"
    labels = report.labels
    setting = labels.work_setting if labels else answers.work_setting
    country = labels.country if labels else answers.country.upper()
    tools = labels.ai_tools if labels else answers.ai_tools
    lines = [
        f"- Job title: {cell(answers.job_title)} ({answers.years_experience:g} years)",
        f"- Work setting: {setting}; country: {country}; AI tools at work: {tools}",
        f"- Certifications: {certs}",
    ]
    if answers.specialty:
        lines.append(f"- Specialty: {cell(answers.specialty)}")
    assessment = report.assessment
    lines.append(
        f"- Matched role: {assessment.role.title} ({assessment.role.id}), match confidence "
        f"{assessment.match_confidence:.0f}%"
    )
    return lines


def data_line(report: Report) -> str:
    """When the report was prepared and how recent its figures are (a date, not a version hash)."""
    prepared = f"Prepared {report.created}. " if report.created else ""
    newest = data_date(report.sources)
    return prepared + (f"Based on figures published up to {newest}." if newest else "")


def band_sentence(report: Report) -> str:
    band = report.band
    count = len(band.figures)
    score = report.assessment.breakdown.score
    if count == 0:
        return (
            f"Range: none. Every figure behind your score of {score:.1f} comes from a published source; "
            "none is our own estimate."
        )
    figures = (
        "the figure we estimated ourselves" if count == 1 else f"the {count} figures we estimated ourselves"
    )
    sentence = f"Likely range {band.low:.1f} to {band.high:.1f}: where your score would sit if {figures} were one step off."
    if band.low >= score - 0.05:
        sentence += (
            " It cannot go lower on these figures: each is already at the end of its scale that lowers it."
        )
    elif band.high <= score + 0.05:
        sentence += (
            " It cannot go higher on these figures: each is already at the end of its scale that raises it."
        )
    return sentence


def move_months(move: CareerMove) -> str:
    return "unknown" if move.months is None else f"{move.months:g}"


def move_cost(move: CareerMove) -> str:
    return "unknown" if move.cost_usd is None else money(move.cost_usd)


SHOWN_NEW_TASKS = 3


def tasks_to_learn(move: CareerMove) -> str:
    """The largest new tasks of a career move, with how many smaller ones are left out."""
    ranked = sorted(move.to_learn, key=lambda task: (-task.pct, task.name))
    shown = ", ".join(f"{task.name} ({task.pct:.0f}%)" for task in ranked[:SHOWN_NEW_TASKS])
    rest = len(ranked) - SHOWN_NEW_TASKS
    if not shown:
        return "nothing new"
    return shown + (f" and {rest} more" if rest > 0 else "")


def band_text(band: tuple[float, float]) -> str:
    low, high = band
    return f"{low:.1f}-{high:.1f}"


def summary_lines(report: Report) -> list[str]:
    """The few sentences a counsellor reads out first."""
    breakdown = report.assessment.breakdown
    at_risk = sum(row.time_pct for row in report.tasks if row.kind == "displaced")
    lines = [
        f"Your AI protection score is {breakdown.score:.1f} of 100 "
        f"({zone_words(breakdown.zone, breakdown.label)}); higher means better protected.",
        f"About {at_risk:.0f}% of your day is work AI tools can already do most of (automation 4-5)."
        if round(at_risk) > 0
        else "None of your day is work AI tools can already do most of (automation 4-5).",
    ]
    items = report.plan.items
    if items:
        fastest = items[0]
        largest = max(items, key=lambda item: (item.gain, -item.months))
        lines.append(
            f"Quickest gain: {fastest.title} ({fastest.gain:+.1f} points in about {months(fastest.months)})."
        )
        if largest.action_id != fastest.action_id:
            lines.append(
                f"Largest gain: {largest.title} ({largest.gain:+.1f} points over about "
                f"{months(largest.months)})."
            )
    better = [move for move in report.careers if move.offered and move.fit >= 30]
    if better:
        move = max(better, key=lambda move: move.score)
        lines.append(
            f"Nearby role with a higher score: {move.title} ({move.score:.1f}, {move.fit:.0f}% of your day "
            "carries over)."
        )
    return lines


def task_legend(report: Report) -> str:
    breakdown = report.assessment.breakdown
    total = (
        "Points: how much of your score each task accounts for; they add up to the score."
        if breakdown.score == breakdown.unclamped
        else f"Points: how much of your score each task accounts for; they add up to "
        f"{breakdown.unclamped:.1f}, before the score is kept within 0-100."
    )
    return f"{task_kind_legend()} * marks our own estimate. {total}"


def render_markdown(report: Report) -> str:
    """The full report as Markdown."""
    assessment = report.assessment
    breakdown = assessment.breakdown
    out: list[str] = [f"# {REPORT_TITLE}", ""]
    out += [data_line(report), ""]
    out += ["## Who this is for", "", *profile_lines(report), ""]
    out += ["## In short", "", *(f"- {line}" for line in summary_lines(report)), ""]

    out += [
        "## Your score",
        "",
        f"**{breakdown.score:.1f} / 100, {breakdown.label}** ({SCALE_NOTE}).",
        "",
        f"Zones: Red below {YELLOW_FROM:g}, Yellow {YELLOW_FROM:g}-{GREEN_FROM - 0.1:g}, Green "
        f"{GREEN_FROM:g} and above.",
        "",
        band_sentence(report),
        "",
        "### Where the score comes from",
        "",
        "| Part | Points |",
        "|---|---:|",
    ]
    for part, points in rounded_parts(breakdown.waterfall, breakdown.score):
        out.append(f"| {part} | {points:+.1f} |")
    out += [f"| **Score** | **{breakdown.score:.1f}** |", ""]
    out.append(
        f"Task resistance {breakdown.task_resistance:.2f} of 5; evidence {breakdown.evidence:+d} (of "
        f"-10..10); barriers {breakdown.barriers} (of 0..10); AI growth {breakdown.growth:+d} (of -2..2)."
    )
    out.append("")
    if assessment.adjustments:
        out += ["Personal adjustments applied:", ""]
        for adjustment in assessment.adjustments:
            kind = " (our estimate)" if adjustment.estimate else ""
            why = f" (no effect: {adjustment.no_effect})" if adjustment.no_effect else ""
            out.append(
                f"- {adjustment.title}: {adjustment.effect:+.1f} points{why}{kind}. {adjustment.rationale}"
            )
        out.append("")
    for note in assessment.notes:  # notes may quote what the person typed
        out += [f"Note: {cell(note)}", ""]

    out += [
        "## Your tasks",
        "",
        "| Task | Time | Automation (1-5) | Kind | Points |",
        "|---|---:|---:|---|---:|",
    ]
    for row in report.tasks:
        said = f" (you said: {row.said})" if row.said else ""
        mark = " *" if row.estimate else ""
        out.append(
            f"| {cell(row.name + said)}{mark} | {row.time_pct:.0f}% | {row.automation} | {row.kind} | "
            f"{row.contribution_shown:+.1f} |"
        )
    out += [
        "",
        task_legend(report),
        "",
    ]
    if report.skills:
        out += [
            "### Skills lens",
            "",
            "| Skill | Share of your day | Outlook (NestorBot index) |",
            "|---|---:|---|",
        ]
        for skill in report.skills:
            out.append(f"| {cell(skill.skill)} | {skill.time_pct:.0f}% | {SKILL_OUTLOOK[skill.lens]} |")
        out.append("")

    out += ["## Your plan", ""]
    plan = report.plan
    if plan.items:
        out += [
            "Each action is applied to your answers and re-scored with the same formula; ranked by points "
            "gained per month of effort. Range: the score after if our estimates for the new work are one "
            "step off.",
            "",
            "| # | Action | Score after | Range | Gain | Months | Cost | Gain per month |",
            "|---:|---|---:|---:|---:|---:|---:|---:|",
        ]
        for number, item in enumerate(plan.items, 1):
            out.append(
                f"| {number} | {cell(item.title)} | {item.score_after:.1f} | {band_text(item.band_after)} | "
                f"{item.gain:+.1f} | "
                f"{item.months:g} | {money(item.cost_usd)} | {item.gain_per_month:.2f} |"
            )
        out.append("")
        for number, item in enumerate(plan.items, 1):
            out += [f"### {number}. {item.title}", "", item.summary, ""]
            out += [f"- {cell(line)}" for line in item.why]
            out.append(
                f"- Score {item.score_before:.1f} -> {item.score_after:.1f} ({item.label_after}), "
                f"{months(item.months)}, cost {money(item.cost_usd)}"
                + (" (includes our estimates)." if item.estimate else ".")
            )
            if item.skills:
                out.append(f"- Skills it builds: {', '.join(item.skills)}")
            out += ["", "Steps:", ""]
            for step_number, step in enumerate(item.steps, 1):
                cost = f", {money(step.cost_usd)}" if step.cost_usd else ""
                out.append(f"{step_number}. {step.title} ({months(step.months)}{cost})")
                if step.check:
                    out.append(f"   Check first: you need {step.check}.")
            out.append("")
    else:
        out += ["No action in our data raises your score; see the career moves below.", ""]
    if plan.set_aside:
        out += ["Set aside:", ""]
        out += [f"- {cell(entry.title)}: {cell(entry.reason)}." for entry in plan.set_aside]
        out.append("")

    out += ["## Career moves", ""]
    offered = [move for move in report.careers if move.offered]
    if offered:
        out += [
            "Fit is the share of your day that carries over: a task the role also has counts fully; "
            f"another task counts up to half when its skills are a major part of that role (a fifth of its "
            f"day or more). {ORDER_RULE}",
            "",
            "| Role | Fit | Your score there | Change | Credentials needed | Months | Cost |",
            "|---|---:|---:|---:|---|---:|---:|",
        ]
        for move in offered:
            out.append(
                f"| {cell(move.title)} | {move.fit:.0f}% | {move.score:.1f} {move.label} | "
                f"{move.score_change:+.1f} | {', '.join(move.credentials_gap) or 'none more'} | "
                f"{move_months(move)} | {move_cost(move)} |"
            )
        out.append("")
        for move in offered:
            out.append(f"- {move.title}: tasks to take on: {tasks_to_learn(move)}.")
        out.append("")
    else:
        out += ["No role in the catalog both exists in your country and raises your score.", ""]
    left_out = len(report.careers) - len(offered)
    if left_out:
        out += [f"{left_out} other role(s) are left out: not in your country, or not raising your score.", ""]

    out += ["## Second opinions", ""]
    if report.opinions:
        out += [
            "Other published figures for your occupation, each on its own scale; they are not converted "
            "into ours.",
            "",
            "| Index | Occupation | Figure | Scale | Direction | Date | Why it differs |",
            "|---|---|---|---|---|---|---|",
        ]
        for opinion in report.opinions:
            out.append(
                f"| {cell(opinion.index)} | {cell(opinion.occupation)} | {cell(opinion.shown)} | "
                f"{cell(opinion.scale)} | {cell(opinion_direction(opinion.direction))} | {cell(opinion.date)} | "
                f"{cell(opinion.why_differs)} |"
            )
        out.append("")
    else:
        out += ["We hold no published figure from another index for this role.", ""]

    out += ["## What the score cannot know", ""]
    out += [f"- {line}" for line in report.limitations]
    out += [
        "",
        "## How it is computed",
        "",
        "Task resistance = 6 - (time-weighted automation score). Raw = task resistance x (1 + 0.04 x "
        "evidence) x (1 + 0.02 x barriers) x (1 + 0.05 x AI growth). Score = (raw - 0.54) / 7.93 x 100, "
        "kept within 0-100 (the AIJRI formula published by JobZone Risk). The parts above split the "
        "modifiers' effect fairly (Shapley values), so they add up to the score.",
        "",
        "## Sources",
        "",
    ]
    for source in report.sources:
        url = f", {source.url}" if source.url else ""
        out.append(
            f"- {source.title}. {client_words(source.publisher)}, {source.date}{url}".rstrip(".") + "."
        )
    out.append("")
    return summary_first("\n".join(out))


SUMMARY_SECTIONS = ("Who this is for", "In short", "Your score", "Your plan", "Career moves")
DETAIL_HEADING = "The detail"


def summary_first(text: str) -> str:
    """The summary a client reads first (who, in short, the score, the plan and career tables), then the
    detail (where the score comes from, tasks, each plan step, second opinions, limits, sources)."""
    head, *chunks = text.split("\n## ")
    sections = [f"## {chunk}" for chunk in chunks]
    summary: list[str] = []
    detail: list[str] = []
    for section in sections:
        title = section.splitlines()[0][3:].strip()
        if title == "Your score" and "\n### Where the score comes from" in section:
            short, rest = section.split("\n### Where the score comes from", 1)
            summary.append(short)
            detail.append("## Where the score comes from" + rest)
        elif title == "Your plan" and "\n### 1. " in section:
            short, rest = section.split("\n### 1. ", 1)
            summary.append(short)
            detail.append("## Your plan, step by step\n\n### 1. " + rest)
        elif title in SUMMARY_SECTIONS:
            summary.append(section)
        else:
            detail.append(section)
    parts = [head.rstrip("\n"), *(part.rstrip("\n") for part in summary), f"# {DETAIL_HEADING}"]
    parts += [part.rstrip("\n") for part in detail]
    return "\n\n".join(parts) + "\n"


def client_words(text: str) -> str:
    """Project shorthand a client would not understand ("project seed 003") said in plain words."""
    import re

    text = re.sub(r"\(project seed \d+\)", "(reference copy kept with assessor)", text)
    return re.sub(r"\bproject seed \d+\b", "reference copy kept with assessor", text)

"""The report as one self-contained HTML file: inline CSS and SVG, no scripts, nothing from the network.

Prints on A4 and Letter alike: the page margin leaves 180 mm of width (the narrower of the two, A4), every
chart scales to the page, and table rows and plan entries are kept whole across page breaks.
"""

from __future__ import annotations

import re
from html import escape

from assessor.core.careers import ORDER_RULE
from assessor.core.engine import GREEN_FROM, YELLOW_FROM, rounded_parts
from assessor.core.wording import REPORT_TITLE, SCALE_NOTE, SKILL_OUTLOOK, opinion_direction
from assessor.report.markdown import (
    band_sentence,
    band_text,
    client_words,
    data_line,
    money,
    months,
    move_months,
    summary_lines,
    task_legend,
    tasks_to_learn,
)
from assessor.report.model import Report

RED = "#c0392b"
YELLOW = "#d4a017"
GREEN = "#2e8b57"
KIND_COLOURS = {"displaced": RED, "augmented": YELLOW, "not involved": GREEN}
ZONE_COLOURS = {"red": RED, "yellow": YELLOW, "green": GREEN}

CSS = """
:root { --ink: #1d2329; --muted: #5b6670; --line: #d9dee3; --soft: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 900px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 6px; }
p { margin: 6px 0; }
.muted { color: var(--muted); font-size: 13px; }
.profile { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 12px 0 0; }
.profile dt { color: var(--muted); }
.profile dd { margin: 0; }
.headline { display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap; margin: 4px 0 8px; }
.big { font-size: 44px; font-weight: 700; line-height: 1; }
.chip { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff; font-weight: 600;
  font-size: 14px; }
table { width: 100%; border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { text-align: left; padding: 5px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.status { white-space: nowrap; }
td.wrapnum { text-align: right; }
.bar { height: 10px; border-radius: 3px; background: var(--soft); min-width: 60px; }
.bar span { display: block; height: 10px; border-radius: 3px; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 5px; }
.item { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.item h3 { margin-top: 2px; }
.item ul, .item ol { margin: 4px 0; padding-left: 22px; }
svg { display: block; width: 100%; height: auto; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  fill: var(--ink); }
ol.sources li { margin: 2px 0; font-size: 13px; }
a { color: #1f5f9e; }
@page { margin: 15mm; }
@media print {
  body { font-size: 10pt; }
  table { font-size: 9pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h1.detail { break-before: page; page-break-before: always; }
  tr, .item, svg, .keep { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


# The page may fetch nothing at all (its CSS and SVG are inline) and sends no referrer when a source link is
# followed: even text that escaped escaping could not load a remote image, a script or a form target.
OFFLINE_PAGE = (
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'\">"
    '<meta name="referrer" content="no-referrer">'
)


def gauge_svg(score: float, low: float, high: float) -> str:
    """A 0-100 bar in the three zones, the score as a marker and the uncertainty band as a bracket."""
    width, left, right = 640.0, 20.0, 620.0
    span = right - left

    def x(value: float) -> float:
        return left + span * max(0.0, min(100.0, value)) / 100.0

    parts = [
        f'<svg viewBox="0 0 {width:g} 86" role="img" aria-label="Score {score:.1f} of 100 on a scale where '
        "below "
        f'{YELLOW_FROM:g} is red, {YELLOW_FROM:g} to {GREEN_FROM:g} yellow and above green">',
        f'<rect x="{x(0):.1f}" y="30" width="{x(YELLOW_FROM) - x(0):.1f}" height="18" fill="{RED}" '
        'opacity="0.85"/>',
        f'<rect x="{x(YELLOW_FROM):.1f}" y="30" width="{x(GREEN_FROM) - x(YELLOW_FROM):.1f}" height="18" '
        f'fill="{YELLOW}" opacity="0.85"/>',
        f'<rect x="{x(GREEN_FROM):.1f}" y="30" width="{x(100) - x(GREEN_FROM):.1f}" height="18" '
        f'fill="{GREEN}" '
        'opacity="0.85"/>',
    ]
    if high - low >= 0.05:
        parts.append(
            f'<rect x="{x(low):.1f}" y="52" width="{x(high) - x(low):.1f}" height="5" fill="#1d2329" '
            'opacity="0.55"/>'
        )
    parts += [
        f'<line x1="{x(score):.1f}" y1="22" x2="{x(score):.1f}" y2="56" stroke="#1d2329" stroke-width="3"/>',
        f'<text x="{x(score):.1f}" y="16" text-anchor="middle" font-weight="700">{score:.1f}</text>',
    ]
    for tick in (0.0, YELLOW_FROM, GREEN_FROM, 100.0):
        parts.append(f'<text x="{x(tick):.1f}" y="72" text-anchor="middle">{tick:g}</text>')
    parts += [
        f'<text x="{(x(0) + x(YELLOW_FROM)) / 2:.1f}" y="84" text-anchor="middle" fill="{RED}">Red: at '
        "risk</text>",
        f'<text x="{(x(YELLOW_FROM) + x(GREEN_FROM)) / 2:.1f}" y="84" text-anchor="middle">Yellow</text>',
        f'<text x="{(x(GREEN_FROM) + x(100)) / 2:.1f}" y="84" text-anchor="middle">Green: protected</text>',
        "</svg>",
    ]
    return "".join(parts)


def waterfall_svg(parts: list[tuple[str, float]], score: float) -> str:
    """Each part as a step from the running total; the last bar is the score itself. Shown parts sum to it."""
    rows = [*parts, ("Score", score)]
    running = 0.0
    spans: list[tuple[str, float, float, float]] = []
    for name, points in parts:
        spans.append((name, running, running + points, points))
        running += points
    spans.append(("Score", 0.0, score, score))
    low = min(0.0, *(min(start, end) for _, start, end, _ in spans))
    high = max(1.0, *(max(start, end) for _, start, end, _ in spans))
    label_width, value_width, width = 170.0, 60.0, 640.0
    plot = width - label_width - value_width
    row_height = 26
    height = row_height * len(rows) + 10

    def x(value: float) -> float:
        return label_width + plot * (value - low) / (high - low)

    out = [f'<svg viewBox="0 0 {width:g} {height}" role="img" aria-label="Where the score comes from">']
    out.append(
        f'<line x1="{x(0):.1f}" y1="0" x2="{x(0):.1f}" y2="{height - 6}" stroke="#9aa4ad" '
        'stroke-dasharray="3,3"/>'
    )
    for index, (name, start, end, points) in enumerate(spans):
        y = 6 + index * row_height
        is_total = name == "Score"
        colour = "#1d2329" if is_total else (GREEN if points >= 0 else RED)
        left_edge, right_edge = sorted((x(start), x(end)))
        bar_width = max(right_edge - left_edge, 1.5)
        weight = ' font-weight="700"' if is_total else ""
        out.append(f'<text x="{label_width - 8:g}" y="{y + 14}" text-anchor="end"{weight}>{_e(name)}</text>')
        out.append(
            f'<rect x="{left_edge:.1f}" y="{y + 2}" width="{bar_width:.1f}" height="16" fill="{colour}" '
            f'opacity="{1 if is_total else 0.8}"/>'
        )
        value = f"{points:.1f}" if is_total else f"{points:+.1f}"
        out.append(f'<text x="{width - 4:g}" y="{y + 14}" text-anchor="end"{weight}>{value}</text>')
    out.append("</svg>")
    return "".join(out)


def _bar(pct: float, colour: str, scale: float = 100.0) -> str:
    width = max(0.0, min(100.0, pct * 100.0 / scale))
    return f'<div class="bar"><span style="width:{width:.1f}%;background:{colour}"></span></div>'


def render_html(report: Report) -> str:
    """The full report as a standalone HTML page."""
    assessment = report.assessment
    breakdown = assessment.breakdown
    answers = report.answers
    zone_colour = ZONE_COLOURS[breakdown.zone]
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        OFFLINE_PAGE,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(REPORT_TITLE)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        f"<header><h1>{_e(REPORT_TITLE)}</h1>",
    ]
    out.append(f'<p class="muted">{_e(data_line(report))}</p>')
    labels = report.labels
    profile = [
        ("Job title", f"{answers.job_title} ({answers.years_experience:g} years)"),
        ("Matched role", f"{assessment.role.title}, match confidence {assessment.match_confidence:.0f}%"),
        ("Work setting", labels.work_setting if labels else answers.work_setting),
        ("Country", labels.country if labels else answers.country.upper()),
        ("AI tools at work", labels.ai_tools if labels else answers.ai_tools),
        ("Certifications", ", ".join(answers.certifications) or "none"),
    ]
    if answers.specialty:
        profile.append(("Specialty", answers.specialty))
    out.append('<dl class="profile">')
    out += [f"<dt>{_e(key)}</dt><dd>{_e(value)}</dd>" for key, value in profile]
    out.append("</dl></header>")

    out.append("<section class='keep'><h2>In short</h2><ul>")
    out += [f"<li>{_e(line)}</li>" for line in summary_lines(report)]
    out.append("</ul></section>")

    # Score
    out += [
        '<section class="keep"><h2>Your AI protection score</h2><div class="headline">',
        f'<span class="big">{breakdown.score:.1f}</span><span class="muted">/ 100</span>',
        f'<span class="chip" style="background:{zone_colour}">{_e(breakdown.label)}</span>',
        f'<span class="muted">{_e(SCALE_NOTE)}</span></div>',
        gauge_svg(breakdown.score, report.band.low, report.band.high),
        f"<p>{_e(band_sentence(report))}</p></section>",
    ]
    parts = rounded_parts(breakdown.waterfall, breakdown.score)
    out += [
        '<section class="keep"><h3>Where the score comes from</h3>',
        waterfall_svg(parts, round(breakdown.score, 1)),
        f'<p class="muted">Task resistance {breakdown.task_resistance:.2f} of 5; evidence '
        f"{breakdown.evidence:+d} (of -10..10); barriers {breakdown.barriers} (of 0..10); AI growth "
        f"{breakdown.growth:+d} (of -2..2). The parts add up to the score.</p>",
    ]
    if assessment.adjustments:
        out.append("<p>Personal adjustments applied:</p><ul>")
        for adjustment in assessment.adjustments:
            kind = " (our estimate)" if adjustment.estimate else ""
            out.append(
                f"<li>{_e(adjustment.title)}: {adjustment.effect:+.1f} points"
                f"{_e(f' (no effect: {adjustment.no_effect})' if adjustment.no_effect else '')}{kind}. "
                f"{_e(adjustment.rationale)}</li>"
            )
        out.append("</ul>")
    out += [f"<p class='muted'>Note: {_e(note)}</p>" for note in assessment.notes]
    out.append("</section>")

    # Tasks
    out += [
        "<section><h2>Your tasks</h2><table><thead><tr><th style='width:40%'>Task</th>"
        "<th class='num'>Time</th><th></th><th class='num'>Automation</th><th>Kind</th>"
        "<th class='num'>Points</th></tr></thead><tbody>"
    ]
    biggest = max((row.time_pct for row in report.tasks), default=100.0)
    for row in report.tasks:
        said = f"<br><span class='muted'>you said: {_e(row.said)}</span>" if row.said else ""
        mark = " *" if row.estimate else ""
        colour = KIND_COLOURS[row.kind]
        out.append(
            f"<tr><td>{_e(row.name)}{mark}{said}</td><td class='num'>{row.time_pct:.0f}%</td><td "
            f"style='width:16%'>{_bar(row.time_pct, colour, biggest)}</td><td "
            f"class='num'>{row.automation}/5</td><td class='status'><span class='dot' "
            f"style='background:{colour}'></span>{_e(row.kind)}</td><td "
            f"class='num'>{row.contribution_shown:+.1f}</td></tr>"
        )
    out += [
        "</tbody></table>",
        f"<p class='muted'>{_e(task_legend(report))}</p>",
    ]
    if report.skills:
        out.append(
            "<h3>Skills lens</h3><table><thead><tr><th>Skill</th><th class='num'>Share of your "
            "day</th><th></th><th>Outlook (NestorBot index)</th></tr></thead><tbody>"
        )
        lens_colours = {"vulnerable": RED, "resilient": GREEN, "not rated": "#9aa4ad"}
        for skill in report.skills:
            colour = lens_colours[skill.lens]
            out.append(
                f"<tr><td>{_e(skill.skill)}</td><td class='num'>{skill.time_pct:.0f}%</td><td "
                f"style='width:30%'>{_bar(skill.time_pct, colour)}</td><td><span class='dot' "
                f"style='background:{colour}'></span>{_e(SKILL_OUTLOOK[skill.lens])}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("</section>")

    # Plan
    plan = report.plan
    out.append("<section><h2>Your plan</h2>")
    if plan.items:
        out += [
            "<p>Each action is applied to your answers and re-scored with the same formula; ranked by "
            "points gained per month of effort. Range: the score after if our estimates for the new work "
            "are one step off.</p>",
            "<table><thead><tr><th class='num'>#</th><th>Action</th><th class='num'>Score after</th>"
            "<th class='num'>Range</th><th class='num'>Gain</th><th class='num'>Months</th>"
            "<th class='num'>Cost</th><th class='num'>Gain per month</th></tr></thead><tbody>",
        ]
        for number, item in enumerate(plan.items, 1):
            out.append(
                f"<tr><td class='num'>{number}</td><td>{_e(item.title)}</td><td "
                f"class='num'>{item.score_after:.1f}</td><td class='num'>{band_text(item.band_after)}</td>"
                f"<td class='num'>{item.gain:+.1f}</td><td "
                f"class='num'>{item.months:g}</td><td class='num'>{_e(money(item.cost_usd))}</td><td "
                f"class='num'>{item.gain_per_month:.2f}</td></tr>"
            )
        out.append("</tbody></table>")
        for number, item in enumerate(plan.items, 1):
            out.append(f"<div class='item'><h3>{number}. {_e(item.title)}</h3><p>{_e(item.summary)}</p><ul>")
            out += [f"<li>{_e(line).replace('-&gt;', '&rarr;')}</li>" for line in item.why]
            estimate = " (includes our estimates)" if item.estimate else ""
            out.append(
                f"<li>Score {item.score_before:.1f} &rarr; <strong>{item.score_after:.1f}</strong> "
                f"({_e(item.label_after)}), {_e(months(item.months))}, cost "
                f"{_e(money(item.cost_usd))}{estimate}.</li>"
            )
            if item.skills:
                out.append(f"<li>Skills it builds: {_e(', '.join(item.skills))}</li>")
            out.append("</ul><ol>")
            for step in item.steps:
                cost = f", {_e(money(step.cost_usd))}" if step.cost_usd else ""
                check = (
                    f"<br><span class='muted'>Check first: you need {_e(step.check)}.</span>"
                    if step.check
                    else ""
                )
                out.append(f"<li>{_e(step.title)} ({_e(months(step.months))}{cost}){check}</li>")
            out.append("</ol></div>")
    else:
        out.append("<p>No action in our data raises your score; see the career moves below.</p>")
    if plan.set_aside:
        out.append(
            "<p class='muted'>Set aside: "
            + "; ".join(f"{_e(entry.title)} ({_e(entry.reason)})" for entry in plan.set_aside)
            + ".</p>"
        )
    out.append("</section>")

    # Careers
    out.append("<section><h2>Career moves</h2>")
    offered = [move for move in report.careers if move.offered]
    if offered:
        out += [
            "<p>Fit is the share of your day that carries over: a task the role also has counts fully; "
            "another task counts up to half when its skills are a major part of that role (a fifth of its "
            f"day or more). {_e(ORDER_RULE)}</p>",
            "<table><thead><tr><th>Role</th><th class='num'>Fit</th><th class='num'>Your score "
            "there</th><th class='num'>Change</th><th>Typical credentials</th><th class='num'>Months"
            "</th><th>Tasks to take on</th></tr></thead><tbody>",
        ]
        for move in offered:
            colour = ZONE_COLOURS.get(move.zone, "#9aa4ad")
            learn = tasks_to_learn(move)
            held = f" (you hold {', '.join(move.credentials_held)})" if move.credentials_held else ""
            credentials = ", ".join(move.credentials) or "none listed"
            out.append(
                f"<tr><td>{_e(move.title)}</td><td class='num'>{move.fit:.0f}%</td>"
                f"<td class='wrapnum'><span class='dot' style='background:{colour}'></span>{move.score:.1f}"
                f"<br><span class='muted'>{_e(move.label)}</span></td>"
                f"<td class='num'>{move.score_change:+.1f}</td>"
                f"<td>{_e(credentials)}{_e(held)}</td><td class='num'>{_e(move_months(move))}</td>"
                f"<td class='muted'>{_e(learn)}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append("<p>No role in the catalog both exists in your country and raises your score.</p>")
    left_out = len(report.careers) - len(offered)
    if left_out:
        out.append(
            f"<p class='muted'>{left_out} other role(s) are left out: not in your country, or not raising "
            "your score.</p>"
        )
    out.append("</section>")

    # Opinions
    out.append("<section><h2>Second opinions</h2>")
    if report.opinions:
        out += [
            "<p>Other published figures for your occupation, each on its own scale; they are not "
            "converted into ours.</p><table><thead><tr><th>Index</th><th>Figure</th><th>Scale and "
            "direction</th><th>Date</th><th>Why it differs</th></tr></thead><tbody>"
        ]
        for opinion in report.opinions:
            out.append(
                f"<tr><td>{_e(opinion.index)}<br><span class='muted'>{_e(opinion.occupation)}</span></td>"
                f"<td>{_e(opinion.shown)}</td><td>{_e(opinion.scale)}; {_e(opinion_direction(opinion.direction))}</td>"
                f"<td>{_e(opinion.date)}</td><td>{_e(opinion.why_differs)}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append("<p>We hold no published figure from another index for this role.</p>")
    out.append("</section>")

    out.append("<section><h2>What the score cannot know</h2><ul>")
    out += [f"<li>{_e(line)}</li>" for line in report.limitations]
    out += [
        "</ul></section>",
        "<section class='keep'><h2>How it is computed</h2><p>Task resistance = 6 &minus; (time-weighted "
        "automation score). Raw = task resistance &times; (1 + 0.04 &times; evidence) &times; (1 + 0.02 "
        "&times; barriers) &times; (1 + 0.05 &times; AI growth). Score = (raw &minus; 0.54) / 7.93 "
        "&times; 100, kept within 0-100 (the AIJRI formula published by JobZone Risk). The parts above "
        "split the modifiers' effect fairly (Shapley values), so they add up to the score.</p></section>",
        "<section><h2>Sources</h2><ol class='sources'>",
    ]
    for source in report.sources:
        link = f', <a href="{_e(source.url)}">{_e(source.url)}</a>' if source.url else ""
        out.append(
            f"<li>{_e(source.title)}. {_e(client_words(source.publisher))}, {_e(source.date)}{link}</li>"
        )
    out += ["</ol></section></main></body></html>", ""]
    return summary_first_html("\n".join(out))


SUMMARY_HEADINGS = ("In short", "Your AI protection score", "Your plan</h2>", "Career moves")


def summary_first_html(html: str) -> str:
    """The summary first (in short, the score, the plan and career tables), then, from a new page, the
    detail: where the score comes from, the tasks, each plan step, second opinions, limits, sources."""
    start = html.index("</header>") + len("</header>")
    end = html.index("</main>")
    body = html[start:end].replace(
        "\n<div class='item'>", "</section>\n<section><h2>Your plan, step by step</h2>\n<div class='item'>", 1
    )
    sections = [part for part in re.split(r"(?=<section)", body) if part.strip()]
    summary = [part for part in sections if any(f"<h2>{heading}" in part for heading in SUMMARY_HEADINGS)]
    detail = [part for part in sections if part not in summary]
    heading = "<h1 class='detail'>The detail</h1>"
    return html[:start] + "".join(summary) + heading + "".join(detail) + html[end:]

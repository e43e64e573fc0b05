"""The caseload report as one self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched.

The same sections and sentences as the Markdown report (caseload_markdown.py); the spread of scores is an SVG
histogram stacked by zone, and the zones a bar each. Every piece of stored text is escaped, so a client label
is shown as typed and never read as markup.
"""

from __future__ import annotations

import re
from html import escape

from assessor.core.engine import GREEN_FROM, YELLOW_FROM
from assessor.core.text import terminal_safe
from assessor.report.caseload import Caseload, ScoreSpread
from assessor.report.caseload_markdown import TITLE, bin_label, header_line, summary_lines
from assessor.report.caseload_tables import (
    Cell,
    Column,
    Section,
    Table,
    Tone,
    counsellors_section,
    list_sections,
)
from assessor.report.html import CSS, GREEN, OFFLINE_PAGE, RED, YELLOW, ZONE_COLOURS

EXTRA_CSS = """
.legend { display: flex; gap: 16px; flex-wrap: wrap; font-size: 13px; color: var(--muted); margin: 4px 0; }
.figures { display: flex; gap: 28px; flex-wrap: wrap; margin: 8px 0 4px; }
.figures div { min-width: 90px; }
.figures strong { display: block; font-size: 24px; line-height: 1.1; }
td.why { font-size: 13px; }
td.why ul { margin: 0; padding-left: 16px; }
td.id { white-space: nowrap; font-family: ui-monospace, monospace; font-size: 13px; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def histogram_svg(spread: ScoreSpread) -> str:
    """Clients by score, in bars of 10 points stacked by zone, with the zone boundaries marked."""
    width, height = 640.0, 260.0
    left, right, top, bottom = 44.0, 16.0, 22.0, 40.0
    plot_width, plot_height = width - left - right, height - top - bottom
    largest = max((row.total for row in spread.bins), default=0) or 1
    step = plot_width / len(spread.bins)

    def y(count: float) -> float:
        return top + plot_height * (1 - count / largest)

    def x(score: float) -> float:
        return left + plot_width * score / 100.0

    total = sum(row.total for row in spread.bins)
    out = [
        f'<svg viewBox="0 0 {width:g} {height:g}" role="img" aria-label="Clients by AI protection score: '
        f'{total} clients in bars of ten points, coloured by zone">',
        f'<line x1="{left:g}" y1="{y(0):.1f}" x2="{width - right:g}" y2="{y(0):.1f}" stroke="#9aa4ad"/>',
    ]
    for tick in sorted({0, largest // 2, largest}):
        out.append(
            f'<text x="{left - 6:g}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>'
            f'<line x1="{left:g}" y1="{y(tick):.1f}" x2="{width - right:g}" y2="{y(tick):.1f}" '
            'stroke="#d9dee3" stroke-dasharray="2,3"/>'
        )
    for boundary in (YELLOW_FROM, GREEN_FROM):  # behind the bars: a boundary never hides a count
        out.append(
            f'<line x1="{x(boundary):.1f}" y1="{top - 8:g}" x2="{x(boundary):.1f}" y2="{y(0):.1f}" '
            'stroke="#1d2329" stroke-width="1.5" stroke-dasharray="5,3"/>'
            f'<text x="{x(boundary) + 4:.1f}" y="{top - 10 + 8:g}">{boundary:g}</text>'
        )
    for index, row in enumerate(spread.bins):
        bar_left = left + index * step + 3
        base = 0
        for zone, count in (("red", row.red), ("yellow", row.yellow), ("green", row.green)):
            if count:
                out.append(
                    f'<rect x="{bar_left:.1f}" y="{y(base + count):.1f}" width="{step - 6:.1f}" '
                    f'height="{y(base) - y(base + count):.1f}" fill="{ZONE_COLOURS[zone]}" opacity="0.85">'
                    f"<title>{_e(bin_label(row))}: {count} {zone}</title></rect>"
                )
            base += count
        if row.total:
            out.append(
                f'<text x="{bar_left + (step - 6) / 2:.1f}" y="{y(row.total) - 5:.1f}" text-anchor="middle" '
                f'font-weight="700" stroke="#fff" stroke-width="4" paint-order="stroke">{row.total}</text>'
            )
    for tick in range(0, 101, 10):
        out.append(f'<text x="{x(tick):.1f}" y="{y(0) + 16:.1f}" text-anchor="middle">{tick}</text>')
    out.append(
        f'<text x="{left + plot_width / 2:.1f}" y="{height - 4:g}" text-anchor="middle">AI protection score '
        "(latest result of each client; higher is better)</text>"
    )
    out.append("</svg>")
    return "".join(out)


def zone_bars_svg(spread: ScoreSpread) -> str:
    """One bar per zone: how many clients, and their share."""
    width, row_height, label_width, value_width = 640.0, 30, 150.0, 110.0
    total = sum(zone.clients for zone in spread.zones) or 1
    largest = max((zone.clients for zone in spread.zones), default=0) or 1
    plot = width - label_width - value_width
    height = row_height * len(spread.zones) + 6
    out = [
        f'<svg viewBox="0 0 {width:g} {height}" role="img" aria-label="Clients in each zone: '
        + ", ".join(f"{zone.clients} {zone.zone}" for zone in spread.zones)
        + '">'
    ]
    for index, zone in enumerate(spread.zones):
        top = 4 + index * row_height
        bar = max(plot * zone.clients / largest, 1.5 if zone.clients else 0.0)
        out.append(f'<text x="{label_width - 8:g}" y="{top + 16}" text-anchor="end">{_e(zone.label)}</text>')
        out.append(
            f'<rect x="{label_width:g}" y="{top + 3}" width="{bar:.1f}" height="18" '
            f'fill="{ZONE_COLOURS[zone.zone]}" opacity="0.85"/>'
        )
        out.append(
            f'<text x="{label_width + bar + 6:.1f}" y="{top + 16}">{zone.clients} '
            f"({100 * zone.clients / total:.0f}%)</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _share_bar(pct: float, colour: str) -> str:
    width = max(0.0, min(100.0, pct))
    return f'<div class="bar"><span style="width:{width:.1f}%;background:{colour}"></span></div>'


TONE_COLOURS: dict[Tone, str] = {"down": RED, "up": GREEN, "level": YELLOW}


def _inline(text: str) -> str:
    """Our own sentence or heading as element text (quotes stay as typed), its `commands` set as code."""
    return re.sub(r"`([^`]*)`", r"<code>\1</code>", escape(text, quote=False))


def _th(column: Column) -> str:
    if column.kind == "number":
        return f"<th class='num'>{_e(column.heading)}</th>"
    if column.width and column.kind != "bar":
        return f"<th style='width:{column.width}'>{_e(column.heading)}</th>"
    return f"<th>{_e(column.heading)}</th>"


def _td(column: Column, cell: Cell) -> str:
    if column.kind == "bar":
        colour = TONE_COLOURS[cell.tone or "level"]
        return f"<td style='width:{column.width}'>{_share_bar(cell.share or 0.0, colour)}</td>"
    if column.kind == "list":
        items = "".join(f"<li>{_e(item)}</li>" for item in cell.items)
        return f"<td class='why'>{f'<ul>{items}</ul>' if items else '-'}</td>"
    shown = f"<span class='muted'>{_e(cell.text)}</span>" if cell.quiet else _e(cell.text)
    if column.kind == "id":
        return f"<td class='id'>{shown}</td>"
    if column.kind == "number":
        colour = f" style='color:{TONE_COLOURS[cell.tone]}'" if cell.tone else ""
        return f"<td class='num'{colour}>{shown}</td>"
    return f"<td>{shown}</td>"


def table_html(table: Table) -> list[str]:
    lines = ["<table><thead><tr>" + "".join(_th(column) for column in table.columns) + "</tr></thead><tbody>"]
    for row in table.rows:
        lines.append(
            "<tr>"
            + "".join(_td(column, cell) for column, cell in zip(table.columns, row, strict=True))
            + "</tr>"
        )
    lines.append("</tbody></table>")
    return lines


def section_html(section: Section) -> list[str]:
    keep = " class='keep'" if section.keep else ""
    lines = [f"<section{keep}><h2>{_inline(section.heading)}</h2>"]
    if section.intro:
        lines.append(f"<p>{_inline(section.intro)}</p>")
    if section.table is not None:
        lines += table_html(section.table)
    if section.more:
        lines.append(f"<p class='muted'>{_inline(section.more)}</p>")
    lines.append("</section>")
    return lines


def render_caseload_html(caseload: Caseload) -> str:
    counts = caseload.counts
    spread = caseload.spread
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        OFFLINE_PAGE,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(TITLE)}</title>",
        f"<style>{CSS}{EXTRA_CSS}</style></head><body><main>",
        f"<header><h1>{_e(TITLE)}</h1><p class='muted'>{_e(header_line(caseload))}</p></header>",
        "<section class='keep'><h2>In short</h2>",
        "<div class='figures'>",
        f"<div><strong>{counts.clients:,}</strong>clients</div>",
        f"<div><strong>{counts.sessions:,}</strong>sessions</div>",
        f"<div><strong>{counts.finished:,}</strong>finished</div>",
        f"<div><strong>{counts.unfinished:,}</strong>unfinished</div>",
    ]
    if spread.median is not None:
        out.append(f"<div><strong>{spread.median:.1f}</strong>median score</div>")
    out.append("</div><ul>")
    out += [f"<li>{_e(line)}</li>" for line in summary_lines(caseload)]
    out.append("</ul></section>")

    counsellors = counsellors_section(caseload)
    if counsellors is not None:
        out += section_html(counsellors)

    out.append("<section class='keep'><h2>Scores and zones</h2>")
    if counts.scored_clients:
        out += [
            "<p>Each client counts once, by their latest finished session. 0 = at risk, 100 = protected: "
            "higher is better. The dashed lines mark where the yellow and green zones begin.</p>",
            histogram_svg(spread),
            "<div class='legend'>"
            + "".join(
                f"<span><span class='dot' style='background:{ZONE_COLOURS[zone.zone]}'></span>"
                f"{_e(zone.label)}</span>"
                for zone in spread.zones
            )
            + "</div>",
            "<h3>Clients in each zone</h3>",
            zone_bars_svg(spread),
        ]
        if spread.mean is not None:
            out.append(
                f"<p class='muted'>Mean {spread.mean:.1f}, median {spread.median:.1f}, lowest "
                f"{spread.lowest:.1f}, highest {spread.highest:.1f}.</p>"
            )
    else:
        out.append("<p>No finished sessions yet.</p>")
    out.append("</section>")

    for section in list_sections(caseload):
        out += section_html(section)

    if caseload.unreadable:
        out.append("<section><h2>Sessions that could not be read</h2><ul>")
        out += [f"<li>{_e(line)}</li>" for line in caseload.unreadable]
        out.append(
            "</ul><p class='muted'><code>assessor sessions show ID</code> says more; "
            "<code>assessor sessions delete ID</code> removes one.</p></section>"
        )
    out += ["</main></body></html>", ""]
    return terminal_safe("\n".join(out))

"""Shared rendering helpers: score with zone colours, signed points, bars."""

from __future__ import annotations

from rich.text import Text

from assessor.core.wording import zone_words

ZONE_STYLE = {
    "red": "bold white on dark_red",
    "yellow": "bold black on yellow",
    "green": "bold black on green",
}
BAR = "█"


def zone_text(score: float, zone: str, label: str) -> Text:
    text = Text()
    text.append(f"{score:.1f}", style="bold")
    text.append("/100 ")
    text.append(f" {zone_words(zone, label)} ", style=ZONE_STYLE.get(zone, "bold"))
    return text


def bar(value: float, maximum: float, width: int) -> str:
    """A bar of whole blocks, value/maximum of width (at least one block for any positive value)."""
    if maximum <= 0 or value <= 0:
        return ""
    return BAR * max(1, round(value / maximum * width))


def points(value: float) -> str:
    return f"{value:+.1f}"

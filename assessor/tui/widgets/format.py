"""Shared rendering: text whose colours come from the theme (zones, points up or down, a caution), bars.

Colours are never written in Python: a ThemedText widget carries them as component classes styled with the
theme's variables ($error, $warning, $success), as Textual's own widgets do, and builds its text again when
the styles change, so a theme switch reaches the zone colours too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from assessor.core.wording import zone_words

BAR = "█"
Tone = Literal["zone-red", "zone-yellow", "zone-green", "up", "down", "caution"]
TONES: tuple[Tone, ...] = ("zone-red", "zone-yellow", "zone-green", "up", "down", "caution")
KIND_TONE: dict[str, Tone] = {"displaced": "down", "augmented": "caution", "not involved": "up"}
ZONE_TONE: dict[str, Tone] = {"red": "zone-red", "yellow": "zone-yellow", "green": "zone-green"}


class ThemedText(Static):
    """Text built by a function of the widget's theme styles; built again whenever the styles change."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"themed--{tone}" for tone in TONES}
    DEFAULT_CSS = """
    ThemedText {
        & > .themed--zone-red { color: $text; background: $error; text-style: bold; }
        & > .themed--zone-yellow { color: $text; background: $warning; text-style: bold; }
        & > .themed--zone-green { color: $text; background: $success; text-style: bold; }
        & > .themed--up { color: $text-success; }
        & > .themed--down { color: $text-error; }
        & > .themed--caution { color: $text-warning; }
    }
    """

    def __init__(self, content: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(content, id=id, classes=classes, markup=False)
        self._build: Callable[[], Text] | None = None

    def show_text(self, build: Callable[[], Text]) -> None:
        """Show build()'s text now, and again after a theme or style change."""
        self._build = build
        self.update(build())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._build is not None and self.is_mounted:
            # Later, not now: the component styles are updated after the widget's own (a theme switch).
            self.call_later(self._rebuild)

    def _rebuild(self) -> None:
        if self._build is not None:
            self.update(self._build())

    def tone(self, name: Tone) -> Style:
        """The theme's style for a tone (partial: the widget's own background shows through)."""
        return self.get_component_rich_style(f"themed--{name}", partial=True)

    def zone_text(self, score: float, zone: str, label: str) -> Text:
        """The score and its zone's words on the zone's theme colour."""
        text = Text()
        text.append(f"{score:.1f}", style="bold")
        text.append("/100 ")
        tone = ZONE_TONE.get(zone)
        text.append(f" {zone_words(zone, label)} ", style=self.tone(tone) if tone else Style(bold=True))
        return text

    def points_tone(self, points: float) -> Style:
        """Up or down: the colour of points a part, an adjustment or an action moves the score by."""
        if points > 0:
            return self.tone("up")
        if points < 0:
            return self.tone("down")
        return Style(dim=True)


def titled(title: str, style: str = "bold") -> Text:
    """A text that starts with a styled title (Text(title, style=...) would style all that follows too)."""
    return Text.assemble((title, style))


def bar(value: float, maximum: float, width: int) -> str:
    """A bar of whole blocks, value/maximum of width (at least one block for any positive value)."""
    if maximum <= 0 or value <= 0:
        return ""
    return BAR * max(1, round(value / maximum * width))

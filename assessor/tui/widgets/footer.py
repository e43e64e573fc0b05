"""The key bar at the foot of every screen: Textual's Footer, rebuilt only when the keys it would show change.

Textual's Footer rebuilds its keys after each refresh that follows a change of the bindings (a screen shown,
a field focused); a chat screen opening has three such changes before its first question is drawn, two of
them in one refresh, each rebuilding the seven keys, and none of the last two changing what they show. A
rebuild reads the bindings as they are when it runs, so one rebuild for the changes made before it starts
shows exactly what two would; and one whose keys (everything Footer.compose reads: each binding with its
state, tooltip and key as displayed, and the command palette's) are those already shown would mount the very
same keys again. A change made while a rebuild runs asks for another.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class AppFooter(Footer):
    """Footer, its rebuilds asked for while one is waiting folded into that one, and skipped when the keys
    it would show are the keys it shows."""

    _rebuild_waiting = False
    _shown: tuple[object, ...] | None = None  # what the keys shown were composed from

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Footer.bindings_changed, with a rebuild already waiting taken as this change's rebuild.
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_waiting:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_waiting = True
            self.call_after_refresh(self._rebuild)

    def _keys(self) -> tuple[object, ...] | None:
        """Everything Footer.compose reads (None while it composes nothing)."""
        if not self._bindings_ready:
            return None
        app = self.app
        return (
            tuple(
                (binding, enabled, tooltip, app.get_key_display(binding))
                for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            ),
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            app.COMMAND_PALETTE_BINDING,
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        return super().compose()

    async def _rebuild(self) -> None:
        self._rebuild_waiting = False  # a change from here on asks for a rebuild of its own
        if self.is_attached and self._shown is not None and self._keys() == self._shown:
            return  # the same keys would be mounted again
        await self.recompose()  # (which does nothing once the footer has left its screen)

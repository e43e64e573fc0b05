"""The key bar at the foot of every screen: Textual's Footer, rebuilt once for the binding changes that come
before its next refresh.

Textual's Footer rebuilds its keys after each refresh that follows a change of the bindings (a screen shown,
a field focused); a chat screen opening has three such changes before its first question is drawn, two of
them in one refresh, each rebuilding the seven keys. A rebuild reads the bindings as they are when it runs,
so one rebuild for the changes made before it starts shows exactly what two would; a change made while it
runs asks for another.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class AppFooter(Footer):
    """Footer, its rebuilds asked for while one is waiting for the refresh folded into that one."""

    _rebuild_waiting = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Footer.bindings_changed, with a rebuild already waiting taken as this change's rebuild.
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_waiting:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_waiting = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_waiting = False  # a change from here on asks for a rebuild of its own
        await self.recompose()

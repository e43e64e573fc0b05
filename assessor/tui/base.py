"""Screens that know their app: `self.assessor` is the AssessorApp, so mypy checks every call a screen makes
on the app (store, sessions, notes, export) instead of each call site silencing it."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from assessor.tui.app import AssessorApp

ScreenResult = TypeVar("ScreenResult")


class AppScreen(Screen[ScreenResult]):
    """A screen of the assessor app."""

    @property
    def assessor(self) -> AssessorApp:
        """The running app, typed (Textual types `self.app` as any App; these screens run only in ours)."""
        return cast("AssessorApp", self.app)

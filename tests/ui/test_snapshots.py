"""Snapshots of chat, results, help and consent at 80x24 and 120x40 (accept changes: --snapshot-update).

Deterministic: fixed theme, cursor blink off, no clock in the header, no store (so no notifications).
They change when the role data changes; regenerate them then.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.ui.helpers import settle, title_and_years, to_results

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def to_country_question(pilot: Pilot[int]) -> None:
    await title_and_years(pilot)


async def to_results_screen(pilot: Pilot[int]) -> None:
    await to_results(pilot)


async def open_help(pilot: Pilot[int]) -> None:
    await settle(pilot)
    await pilot.press("f1")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_chat(snap_compare, make_app, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(show_consent=False), terminal_size=size, run_before=to_country_question)


@pytest.mark.parametrize("size", SIZES)
def test_results(snap_compare, make_app, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(show_consent=False), terminal_size=size, run_before=to_results_screen)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, make_app, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(show_consent=False), terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", SIZES)
def test_consent(snap_compare, make_app, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)

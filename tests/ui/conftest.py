"""Fixtures for the Textual app tests: the real data plus two look-alike roles, injected into the app."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assessor.core.catalog import Catalog, load_catalog
from assessor.core.questionnaire import Questionnaire, load_questionnaire
from assessor.tui.app import AssessorApp

# Titles that fit two of the roles about equally; the matcher's fine print changes, so the first one that is
# really ambiguous against the test catalog is used (the fixture fails, saying so, if none is).
# A "... coder" is a coder now (head-noun rules); "documentation specialist" is CDI or transcription.
AMBIGUOUS_TITLES = (
    "documentation specialist",
    "clinical specialist",
    "medical specialist",
    "inpatient outpatient coder",
)


def _look_alike(catalog: Catalog, role_id: str, title: str) -> object:
    base = catalog.role("medical-coder")
    return replace(base, id=role_id, family=role_id, title=title, aliases=(), level="any", published=None)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped catalog plus 'Inpatient Coder' and 'Outpatient Coder', so a title can be ambiguous."""
    real = load_catalog()
    extra = (
        _look_alike(real, "inpatient-coder", "Inpatient Coder"),
        _look_alike(real, "outpatient-coder", "Outpatient Coder"),
    )
    return real.model_copy(update={"roles": real.roles + extra})


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


@pytest.fixture
def make_app(catalog: Catalog, questionnaire: Questionnaire, tmp_path: Path):  # type: ignore[no-untyped-def]
    def build(**options: object) -> AssessorApp:
        options.setdefault("cursor_blink", False)
        options.setdefault("export_dir", tmp_path)
        options.setdefault("settings_path", tmp_path / "config" / "settings.json")
        options.setdefault("theme", "textual-dark")
        return AssessorApp(catalog, questionnaire, options.pop("store", None), **options)  # type: ignore[arg-type]

    return build


@pytest.fixture(scope="session")
def ambiguous_title(catalog: Catalog) -> str:
    from assessor.core.matching import match_title

    for title in AMBIGUOUS_TITLES:
        if match_title(title, catalog).ambiguous:
            return title
    raise AssertionError(f"none of {AMBIGUOUS_TITLES} is ambiguous any more; add a title that is")

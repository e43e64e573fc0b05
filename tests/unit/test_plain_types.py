"""The plain domain types: what is written twice agrees, and the rules in their annotations are pydantic's."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from pydantic import ValidationError

from assessor.core.catalog import Catalog, load_catalog
from assessor.core.frozen import SourcedModel
from assessor.core.models import EVIDENCE_DIMENSIONS, Evidence, RoleCard, Source, Sourced
from assessor.core.plain import Rule, dumped, field_names


def test_the_evidence_dimensions_are_the_evidence_fields() -> None:
    assert field_names(Evidence) == EVIDENCE_DIMENSIONS


def test_the_sourced_model_has_the_fields_of_sourced() -> None:
    assert tuple(SourcedModel.model_fields) == field_names(Sourced)


def test_a_card_is_checked_as_before_when_read() -> None:
    card = dumped(load_catalog().role("medical-coder"))
    assert RoleCard.validated(card) == load_catalog().role("medical-coder")
    with pytest.raises(ValidationError, match="String should match pattern"):
        RoleCard.validated({**card, "id": "Medical Coder"})
    with pytest.raises(ValidationError, match="Unexpected keyword argument"):
        RoleCard.validated({**card, "titel": "x"})
    with pytest.raises(ValidationError, match="time_pct adds up to"):
        RoleCard.validated({**card, "tasks": card["tasks"][:1]})
    with pytest.raises(ValidationError, match="String should match pattern"):
        Source.validated({"title": "t", "publisher": "p", "date": "2026", "url": "javascript:alert(1)"})


def test_a_rule_on_a_type_it_cannot_constrain_is_refused_when_checked() -> None:
    from typing import Annotated

    from assessor.core.plain import checker

    with pytest.raises(TypeError, match="cannot constrain"):
        checker(Annotated[bool, Rule(max_length=3)])  # type: ignore[arg-type]


def test_a_catalog_is_built_once_and_pickles_with_its_derived_data() -> None:
    catalog = load_catalog()
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalog.version = "changed"  # type: ignore[misc]
    copy = catalog.model_copy(update={"version": "other"})
    assert copy.version == "other" and copy.roles is catalog.roles
    again = pickle.loads(pickle.dumps(catalog))
    assert isinstance(again, Catalog)
    assert again._derived.keys() == catalog._derived.keys()

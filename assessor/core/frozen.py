"""The base of the pydantic models kept for what is only read from files or stored (plans, questionnaires,
sessions, reports): frozen, refusing unknown fields, built on first use.

The domain's hot types (the catalog, the answers, an assessment) are plain dataclasses instead
(assessor/core/models.py), so scoring from the cached catalog does not import pydantic.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from assessor.core.models import NonEmpty, source_or_estimate


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class SourcedModel(Frozen):
    """A figure of a pydantic model that either names a source key or says it is our own estimate, with why
    (what models.Sourced is for the dataclasses)."""

    rationale: NonEmpty
    source: str | None = None
    estimate: bool = False

    @model_validator(mode="after")
    def _source_or_estimate(self) -> SourcedModel:
        source_or_estimate(self.source, self.estimate)
        return self

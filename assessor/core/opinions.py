"""Second opinions (roles/opinions.toml) and the limits of the score: what others publish, what we lack."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from assessor.core.catalog import Catalog
from assessor.core.data import data_dir
from assessor.core.errors import DataFileError
from assessor.core.frozen import Frozen
from assessor.core.loading import closest, read_toml, validate
from assessor.core.models import NonEmpty, RoleCard, Slug, Source

OPINIONS_LABEL = "roles/opinions.toml"


class Opinion(Frozen):
    """One published figure for an occupation, in its own scale and direction."""

    id: Slug
    index: NonEmpty
    occupation: NonEmpty
    figure: float
    shown: NonEmpty
    scale: NonEmpty
    direction: NonEmpty
    date: NonEmpty
    source: NonEmpty
    families: Annotated[tuple[Slug, ...], Field(min_length=1)]
    why_differs: NonEmpty


class OpinionFile(Frozen):
    sources: dict[str, Source]
    opinions: tuple[Opinion, ...] = Field(min_length=1)


class Opinions(Frozen):
    opinions: tuple[Opinion, ...]
    sources: dict[str, Source]

    def for_role(self, role: RoleCard) -> tuple[Opinion, ...]:
        return tuple(opinion for opinion in self.opinions if role.family in opinion.families)


def load_opinions(catalog: Catalog, path: Path | None = None) -> Opinions:
    """Read roles/opinions.toml; every source key and role family it names must exist."""
    opinions_path = path or data_dir("roles") / "opinions.toml"
    label = OPINIONS_LABEL if path is None else str(path)
    parsed = validate(OpinionFile, read_toml(opinions_path), label)
    families = {role.family for role in catalog.roles}
    for index, opinion in enumerate(parsed.opinions):
        if opinion.source not in parsed.sources:
            guess = closest(opinion.source, list(parsed.sources))
            hint = f"; did you mean {guess!r}?" if guess else ""
            raise DataFileError(f"{label}: opinions[{index}].source: unknown source {opinion.source!r}{hint}")
        for family in opinion.families:
            if family not in families:
                guess = closest(family, sorted(families))
                hint = f"; did you mean {guess!r}?" if guess else ""
                raise DataFileError(f"{label}: opinions[{index}].families: unknown family {family!r}{hint}")
    return Opinions(opinions=parsed.opinions, sources=parsed.sources)


LIMITATIONS: tuple[str, ...] = (
    "It scores tasks, not you: how good you are at your job, your employer's plans and your local market "
    "are outside it.",
    "The automation scores describe what tools can do now for a typical organisation; your employer may "
    "adopt them sooner, later or never.",
    "Market evidence, barriers and AI growth are set for the whole role, not for your region or employer.",
    "Your time split is what you told us; if it is rough, the score is rough. The band shows only how "
    "much our own estimates could move it.",
    "Plan gains assume the new work keeps the automation score it has today; the effort figures are "
    "typical, not promises, and fees change (check them with AAPC, AHIMA or ACDIS).",
    "Vendor claims about autonomous coding are not peer-reviewed; peer-reviewed studies find general "
    "language models still weak at exact code assignment.",
    "The score says nothing about pay, job satisfaction or whether a path suits you: that is a "
    "conversation to have with a counsellor.",
    "It is not a prediction of whether you will keep your job.",
)

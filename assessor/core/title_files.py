"""The O*NET and ESCO title files of roles/titles/ as written there: read only when the catalog is built from
its files (a cached catalog holds the titles already, so a start does not define these models)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from assessor.core.frozen import Frozen
from assessor.core.models import NonEmpty, Slug
from assessor.core.titles import ExternalTitle, Phrase, TitleSource, check_family


class OnetTitle(Frozen):
    title: Phrase
    sources: Annotated[str, Field(pattern=r"^\d\d(,\d\d)*$")]  # O*NET's own source codes ("02,08")


class OnetFamilyTitles(Frozen):
    family: Slug
    alternate: tuple[OnetTitle, ...] = Field(min_length=1)


class OnetOccupation(Frozen):
    code: Annotated[str, Field(pattern=r"^\d\d-\d\d\d\d\.\d\d$")]
    name: NonEmpty
    left_out: NonEmpty
    titles: tuple[OnetFamilyTitles, ...] = Field(min_length=1)


class OnetReported(Frozen):
    code: Annotated[str, Field(pattern=r"^\d\d-\d\d\d\d\.\d\d$")]
    family: Slug
    url: NonEmpty
    date: NonEmpty
    titles: tuple[Phrase, ...] = Field(min_length=1)


class OnetFile(Frozen):
    source: TitleSource
    occupations: tuple[OnetOccupation, ...] = Field(min_length=1)
    reported: tuple[OnetReported, ...] = ()


class EscoOccupation(Frozen):
    uri: Annotated[str, Field(pattern=r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]+$")]
    isco: Annotated[str, Field(pattern=r"^\d{4}$")]
    preferred: Phrase
    family: Slug
    alternative: tuple[Phrase, ...] = ()
    left_out: str = ""


class EscoFile(Frozen):
    source: TitleSource
    occupations: tuple[EscoOccupation, ...] = Field(min_length=1)


def onet_titles(onet: OnetFile, label: str, families: set[str]) -> list[tuple[str, ExternalTitle]]:
    found: list[tuple[str, ExternalTitle]] = []
    for number, occupation in enumerate(onet.occupations):
        for group_number, group in enumerate(occupation.titles):
            where = f"{label}: occupations[{number}].titles[{group_number}]"
            check_family(f"{where}.family", group.family, families)
            origin = f"O*NET {occupation.code} {occupation.name}"
            found += [
                (
                    f"{where}.alternate[{index}]",
                    ExternalTitle(text=item.title, family=group.family, origin=origin),
                )
                for index, item in enumerate(group.alternate)
            ]
    for number, reported in enumerate(onet.reported):
        where = f"{label}: reported[{number}]"
        check_family(f"{where}.family", reported.family, families)
        origin = f"O*NET {reported.code} (reported titles)"
        found += [
            (f"{where}.titles[{index}]", ExternalTitle(text=text, family=reported.family, origin=origin))
            for index, text in enumerate(reported.titles)
        ]
    return found


def esco_titles(esco: EscoFile, label: str, families: set[str]) -> list[tuple[str, ExternalTitle]]:
    found: list[tuple[str, ExternalTitle]] = []
    for number, occupation in enumerate(esco.occupations):
        where = f"{label}: occupations[{number}]"
        check_family(f"{where}.family", occupation.family, families)
        origin = f"ESCO {occupation.preferred}"
        found.append(
            (
                f"{where}.preferred",
                ExternalTitle(text=occupation.preferred, family=occupation.family, origin=origin),
            )
        )
        found += [
            (
                f"{where}.alternative[{index}]",
                ExternalTitle(text=text, family=occupation.family, origin=origin),
            )
            for index, text in enumerate(occupation.alternative)
        ]
    return found

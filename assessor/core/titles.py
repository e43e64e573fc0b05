"""Job-title data beyond the role cards (roles/titles/): O*NET and ESCO titles mapped to role families, and how
postings write a title around the job (context words, credentials, grade scales, head nouns).

Only models and loading live here; assessor/core/matching.py normalises and uses them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from assessor.core.errors import DataFileError
from assessor.core.loading import closest, load_model
from assessor.core.models import Frozen, NonEmpty, Slug

Phrase = Annotated[str, Field(min_length=1, max_length=200)]
LevelName = Literal["entry", "mid", "senior"]


class TitleSource(Frozen):
    """Where a title list comes from and the terms it is reused under (kept with the data, shown on request)."""

    title: NonEmpty
    publisher: NonEmpty
    date: NonEmpty
    url: NonEmpty
    licence: NonEmpty
    attribution: NonEmpty
    mirror: NonEmpty


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


class Grade(Frozen):
    """A numbered grade scale ("Band 4", "Level 2") and the level each number means; an estimate with why."""

    estimate: Literal[True]
    rationale: NonEmpty
    levels: dict[Annotated[str, Field(pattern=r"^[0-9]{1,2}[a-z]?$")], LevelName] = Field(min_length=1)


class HeadRule(Frozen):
    """A job whose last words are one of `heads`, with one of `topics` in it, is this family."""

    family: Slug
    topics: tuple[Phrase, ...] = ()
    heads: tuple[Phrase, ...] = ()


class PostingWords(Frozen):
    context: tuple[Phrase, ...] = ()
    credentials: tuple[Phrase, ...] = ()
    other_trades: tuple[Phrase, ...] = ()
    healthcare_words: tuple[Phrase, ...] = ()  # short forms that say a "... coder" codes healthcare
    uncovered: tuple[Phrase, ...] = ()  # healthcare jobs no card describes: asked about, never forced
    grades: dict[Annotated[str, Field(pattern=r"^[a-z]+$")], Grade] = {}
    heads: tuple[HeadRule, ...] = ()


class ExternalTitle(Frozen):
    """One title from O*NET or ESCO, as written there, and the family we mapped it to."""

    text: Phrase
    family: Slug
    origin: NonEmpty  # "O*NET 29-2072.00" or "ESCO clinical coder"


class TitleData(Frozen):
    """Everything roles/titles/ adds to title matching; empty when the folder is absent."""

    aliases: tuple[ExternalTitle, ...] = ()
    postings: PostingWords = Field(default_factory=PostingWords)  # no validator built at import
    sources: tuple[TitleSource, ...] = ()


def _check_family(where: str, family: str, families: set[str]) -> None:
    if family not in families:
        guess = closest(family, sorted(families))
        hint = f"; did you mean {guess!r}?" if guess else ""
        raise DataFileError(f"{where}: unknown family {family!r}{hint}")


def _onet_titles(onet: OnetFile, label: str, families: set[str]) -> list[tuple[str, ExternalTitle]]:
    found: list[tuple[str, ExternalTitle]] = []
    for number, occupation in enumerate(onet.occupations):
        for group_number, group in enumerate(occupation.titles):
            where = f"{label}: occupations[{number}].titles[{group_number}]"
            _check_family(f"{where}.family", group.family, families)
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
        _check_family(f"{where}.family", reported.family, families)
        origin = f"O*NET {reported.code} (reported titles)"
        found += [
            (f"{where}.titles[{index}]", ExternalTitle(text=text, family=reported.family, origin=origin))
            for index, text in enumerate(reported.titles)
        ]
    return found


def _esco_titles(esco: EscoFile, label: str, families: set[str]) -> list[tuple[str, ExternalTitle]]:
    found: list[tuple[str, ExternalTitle]] = []
    for number, occupation in enumerate(esco.occupations):
        where = f"{label}: occupations[{number}]"
        _check_family(f"{where}.family", occupation.family, families)
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


def load_title_data(root: Path, families: set[str]) -> TitleData:
    """Load roles/titles/*.toml; every family named must be a catalog family, and no title may name two."""
    folder = root / "titles"
    found: list[tuple[str, ExternalTitle]] = []
    sources: list[TitleSource] = []
    if (folder / "onet.toml").exists():
        onet = load_model(folder / "onet.toml", OnetFile, "roles/titles/onet.toml")
        found += _onet_titles(onet, "roles/titles/onet.toml", families)
        sources.append(onet.source)
    if (folder / "esco.toml").exists():
        esco = load_model(folder / "esco.toml", EscoFile, "roles/titles/esco.toml")
        found += _esco_titles(esco, "roles/titles/esco.toml", families)
        sources.append(esco.source)
    postings = PostingWords()
    if (folder / "postings.toml").exists():
        postings = load_model(folder / "postings.toml", PostingWords, "roles/titles/postings.toml")
        for number, rule in enumerate(postings.heads):
            where = f"roles/titles/postings.toml: heads[{number}]"
            _check_family(f"{where}.family", rule.family, families)
            if not rule.topics and not rule.heads:
                raise DataFileError(f"{where}: needs topics, heads or both")
    owners: dict[str, tuple[str, str]] = {}
    for where, title in found:
        key = " ".join(title.text.lower().split())
        earlier = owners.setdefault(key, (where, title.family))
        if earlier[1] != title.family:
            raise DataFileError(
                f"{where}: {title.text!r} is mapped to {title.family!r} here and to {earlier[1]!r} at {earlier[0]}"
            )
    unique = {(" ".join(title.text.lower().split()), title.family): title for _, title in found}
    return TitleData(aliases=tuple(unique.values()), postings=postings, sources=tuple(sources))

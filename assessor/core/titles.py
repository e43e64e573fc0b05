"""Job-title data beyond the role cards (roles/titles/): O*NET and ESCO titles mapped to role families, and how
postings write a title around the job (context words, credentials, grade scales, head nouns).

Only the types and loading live here (the O*NET and ESCO files' own models in title_files.py, defined only when
the files are read); assessor/core/matching.py normalises and uses them.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Annotated, Literal

from assessor.core.errors import DataFileError
from assessor.core.loading import closest, load_model
from assessor.core.models import NonEmpty, Slug
from assessor.core.plain import Checked, Rule
from assessor.core.records import record

Phrase = Annotated[str, Rule(min_length=1, max_length=200)]
LevelName = Literal["entry", "mid", "senior"]


@record(frozen=True, kw_only=True)
class TitleSource(Checked):
    """Where a title list comes from and the terms it is reused under (kept with the data, shown on request)."""

    title: NonEmpty
    publisher: NonEmpty
    date: NonEmpty
    url: NonEmpty
    licence: NonEmpty
    attribution: NonEmpty
    mirror: NonEmpty


@record(frozen=True, kw_only=True)
class Grade(Checked):
    """A numbered grade scale ("Band 4", "Level 2") and the level each number means; an estimate with why."""

    estimate: Literal[True]
    rationale: NonEmpty
    levels: Annotated[
        dict[Annotated[str, Rule(pattern=r"^[0-9]{1,2}[a-z]?$")], LevelName], Rule(min_length=1)
    ]


@record(frozen=True, kw_only=True)
class HeadRule(Checked):
    """A job whose last words are one of `heads`, with one of `topics` in it, is this family."""

    family: Slug
    topics: tuple[Phrase, ...] = ()
    heads: tuple[Phrase, ...] = ()


@record(frozen=True, kw_only=True)
class PostingWords(Checked):
    """Words of job postings that qualify a title: context, credentials, other trades, grades."""

    context: tuple[Phrase, ...] = ()
    credentials: tuple[Phrase, ...] = ()
    other_trades: tuple[Phrase, ...] = ()
    healthcare_words: tuple[Phrase, ...] = ()  # short forms that say a "... coder" codes healthcare
    uncovered: tuple[Phrase, ...] = ()  # healthcare jobs no card describes: asked about, never forced
    grades: dict[Annotated[str, Rule(pattern=r"^[a-z]+$")], Grade] = field(default_factory=dict)
    heads: tuple[HeadRule, ...] = ()


@record(frozen=True, kw_only=True)
class ExternalTitle(Checked):
    """One title from O*NET or ESCO, as written there, and the family we mapped it to."""

    text: Phrase
    family: Slug
    origin: NonEmpty  # "O*NET 29-2072.00" or "ESCO clinical coder"


@record(frozen=True, kw_only=True)
class TitleData(Checked):
    """Everything roles/titles/ adds to title matching; empty when the folder is absent."""

    aliases: tuple[ExternalTitle, ...] = ()
    postings: PostingWords = field(default_factory=PostingWords)
    sources: tuple[TitleSource, ...] = ()


def check_family(where: str, family: str, families: set[str]) -> None:
    if family not in families:
        guess = closest(family, sorted(families))
        hint = f"; did you mean {guess!r}?" if guess else ""
        raise DataFileError(f"{where}: unknown family {family!r}{hint}")


def load_title_data(root: Path, families: set[str]) -> TitleData:
    """Load roles/titles/*.toml; every family named must be a catalog family, and no title may name two."""
    from assessor.core.title_files import EscoFile, OnetFile, esco_titles, onet_titles

    folder = root / "titles"
    found: list[tuple[str, ExternalTitle]] = []
    sources: list[TitleSource] = []
    if (folder / "onet.toml").exists():
        onet = load_model(folder / "onet.toml", OnetFile, "roles/titles/onet.toml")
        found += onet_titles(onet, "roles/titles/onet.toml", families)
        sources.append(onet.source)
    if (folder / "esco.toml").exists():
        esco = load_model(folder / "esco.toml", EscoFile, "roles/titles/esco.toml")
        found += esco_titles(esco, "roles/titles/esco.toml", families)
        sources.append(esco.source)
    postings = PostingWords()
    if (folder / "postings.toml").exists():
        postings = load_model(folder / "postings.toml", PostingWords, "roles/titles/postings.toml")
        for number, rule in enumerate(postings.heads):
            where = f"roles/titles/postings.toml: heads[{number}]"
            check_family(f"{where}.family", rule.family, families)
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

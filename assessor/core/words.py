"""Words as the task matcher reads them: one tokeniser and one stemmer for phrases, task names and the lexicon.

Everything a person types and everything in roles/ goes through `tokens`, so "E/M", "E&M", "e and m" and "EM"
are the same unit, "pro-fee" and "pro fee" are the same two words, and "ICD10" is "icd 10". Stems come from the
Snowball English stemmer (a maintained library; its C build, PyStemmer, when installed), not a hand-written
suffix list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

# Letters, digits and '&' are the pieces; letters and digits apart ("icd10" -> "icd 10", "opcs4" -> "opcs 4").
_PIECE = re.compile(r"[^\W\d_]+|\d+|&")
_POSSESSIVE = re.compile(r"(?<=\w)['’][sS]\b")
_STEMMER = snowballstemmer.stemmer("english")


class Token(NamedTuple):
    """One word of a phrase: as typed (for telling the person what decided) and as compared.

    A NamedTuple, not a model: every phrase and every catalog text is split into these, so they must be cheap.
    """

    typed: str  # the person's own characters, case kept ("DNFB", "E/M")
    word: str  # lower case, spelling variants applied ("analyse" -> "analyze")
    start: int
    end: int


def fold(text: str) -> str:
    """Unicode-normalised lower case with '&' read as 'and' (what two spellings of one phrase share)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return folded.replace("&", " and ").replace("’", "'")


def tokens(text: str, spellings: Mapping[str, str] | None = None) -> tuple[Token, ...]:
    """Split text into words, joining runs of single letters ("e/m", "e & m", "e and m" -> "em").

    Single letters joined: a run of one-letter words, optionally separated by "and", is an abbreviation
    spelled out. The words "a" and "i" are left alone unless they sit between other single letters.
    """
    # "AI's codes" and "CEU's" are "ai codes" and "ceu"; blanked, not removed, so offsets still fit the text
    text = _POSSESSIVE.sub("  ", unicodedata.normalize("NFKC", text))
    # Offsets come from the text itself (each piece lower-cased alone), so "typed" is always the person's own.
    raw = [
        ("and" if match.group() == "&" else match.group().casefold(), match.start(), match.end())
        for match in _PIECE.finditer(text)
    ]
    if not any(len(word) == 1 and word.isalpha() for word, _, _ in raw):
        variants = spellings or {}
        return tuple(Token(text[start:end], variants.get(word, word), start, end) for word, start, end in raw)
    joined: list[tuple[str, int, int]] = []
    index = 0
    while index < len(raw):
        word, start, end = raw[index]
        if len(word) == 1 and word.isalpha():
            letters = [word]
            last = index
            probe = index + 1
            while probe < len(raw):
                nxt = raw[probe][0]
                if len(nxt) == 1 and nxt.isalpha():
                    letters.append(nxt)
                    last = probe
                    probe += 1
                elif (
                    nxt == "and"
                    and probe + 1 < len(raw)
                    and len(raw[probe + 1][0]) == 1
                    and raw[probe + 1][0].isalpha()
                ):
                    probe += 1
                else:
                    break
            if len(letters) > 1:
                joined.append(("".join(letters), start, raw[last][2]))
                index = last + 1
                continue
        joined.append((word, start, end))
        index += 1
    variants = spellings or {}
    return tuple(Token(text[start:end], variants.get(word, word), start, end) for word, start, end in joined)


# A letter typed three times or more is emphasis, not spelling ("sooo many queries", "loooads of denials"): no
# English word has one. The matcher reads such a word with the run as one letter; keys (phrase_key) keep it.
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")


def unstretched(word: str) -> str:
    """The word with every letter typed three or more times in a row read once ("sooo" -> "so")."""
    return _STRETCHED.sub(r"\1", word)


_ISE = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$")
_YSE = re.compile(r"(?<=[a-z]{2})ys(e|es|ed|ing)$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem, with British -ise/-yse read as -ize/-yze ("analyse" ~ "analyze")."""
    return str(_STEMMER.stemWord(_YSE.sub(r"yz\1", _ISE.sub(r"iz\1", word))))


def stems(text: str, spellings: Mapping[str, str] | None = None) -> tuple[str, ...]:
    return tuple(stem(token.word) for token in tokens(text, spellings))


def phrase_key(text: str) -> str:
    """A stable key for a phrase a person typed: case, spacing, punctuation and '&' don't matter.

    The learned vocabulary stores phrases under this key, so a phrase confirmed once matches directly later,
    however it is spaced or capitalised. It does not stem or correct typos: the key must never change meaning.
    """
    return " ".join(token.word for token in tokens(text))

"""Names nothing points at: a lexicon of common given and family names (``names.yaml``).

The pointing patterns of ``scrub_names`` miss a bare name ("Tariq took my money", "عمران
کل گیا"); DESIGN asks for names of anyone, introduced or not. A word of the lexicon is a name
unless it is also a known word (a place, a vocabulary or everyday word); a Latin word must be
capitalised when it is also such a word or listed as ``capitalised_only``. Joiners ("ullah",
"الله", "بی بی", "خان") go only right after a name, so "گوجر خان" (a tehsil) stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bot.understanding.scrub_words import LETTER_FORMS
from bot.understanding.vocabulary import read_yaml

_WORD = re.compile(r"[^\s,،.۔;:!?؟()\[\]\"|/]+")
_TRIM = "'’‘-"
_LETTERS = re.compile(r"[^\W\d_]+")
_POSSESSIVE = re.compile(r"['’]s$")
# Arabic-script letters typed in several forms (an Urdu, a Pashto or an Arabic keyboard):
# "فرزانه" and "فرزانہ", "ربي" and "ربی", "ګلاب" and "گلاب" are one name: the letter forms
# of ``scrub_words`` (which the listed words match), each read here as its Urdu form.
_LETTER_FOLD = str.maketrans({char: forms[0] for forms in LETTER_FORMS for char in forms[1:]})


def fold_letters(word: str) -> str:
    """``word`` casefolded, its Arabic-script letter forms read as one (Latin unchanged)."""
    return word.casefold().translate(_LETTER_FOLD)


def _words(lines: object) -> frozenset[str]:
    """The folded words of a list of lines of space-separated words."""
    if not isinstance(lines, list):
        return frozenset()
    return frozenset(fold_letters(w) for line in lines for w in str(line).split())


def _arabic_forms(words: frozenset[str]) -> frozenset[str]:
    """The names as listed and without the superscript alef ("بشریٰ" is also typed "بشری")."""
    return words | frozenset(word.replace("\u0670", "") for word in words)


def _trimmed(match: re.Match[str]) -> tuple[int, int, str]:
    """A word's span and text without quotes, dashes and a possessive "'s" around it."""
    raw = match.group(0)
    word = _POSSESSIVE.sub("", raw.lstrip(_TRIM)).rstrip(_TRIM)
    start = match.start() + len(raw) - len(raw.lstrip(_TRIM))
    return start, start + len(word), word


@dataclass(frozen=True)
class NameLexicon:
    """Known names per script; ``known`` words are never taken as a bare name."""

    latin: frozenset[str] = frozenset()
    capitalised_only: frozenset[str] = frozenset()
    arabic: frozenset[str] = frozenset()
    joiners: frozenset[str] = frozenset()
    places: tuple[tuple[str, ...], ...] = ()
    place_words: frozenset[str] = frozenset()
    known: frozenset[str] = field(default=frozenset())

    @classmethod
    def load(cls, path: Path, known: frozenset[str]) -> NameLexicon:
        """The lexicon of ``names.yaml`` (an empty one when the file is missing)."""
        if not path.exists():
            return cls(known=known)
        data = read_yaml(path) or {}
        return cls(
            latin=_words(data.get("latin")),
            capitalised_only=_words(data.get("capitalised_only")),
            arabic=_arabic_forms(_words(data.get("arabic"))),
            joiners=_words(data.get("joiners")),
            places=tuple(
                tuple(fold_letters(place).split())
                for line in data.get("places") or ()
                for place in str(line).split(",")
                if place.strip()
            ),
            place_words=_words(data.get("place_words")),
            known=known,
        )

    def _is_name(self, word: str) -> bool:
        folded = word.casefold()
        if word.isascii():
            if folded in self.capitalised_only:
                return word[:1].isupper()
            if folded not in self.latin:
                return False
            return word[:1].isupper() or folded not in self.known
        letters = fold_letters(folded)
        return letters in self.arabic and letters not in self._known_letters

    def _place_at(self, folded: list[str], i: int) -> int:
        """How many words of a place that contains a name start at word ``i`` (0: none)."""
        for place in self._places_by_first.get(folded[i], ()):
            if tuple(folded[i : i + len(place)]) == place:
                return len(place)
        return 0

    @cached_property
    def _known_letters(self) -> frozenset[str]:
        """The known words with their letter forms folded: "نور" known is "نور" in any form."""
        return frozenset(fold_letters(word) for word in self.known)

    @cached_property
    def _starters(self) -> frozenset[str]:
        """Every word that can start a name or a place with a name."""
        words = self.latin | self.capitalised_only | self.arabic
        return frozenset(piece for word in words for piece in _LETTERS.findall(word))

    @cached_property
    def _places_by_first(self) -> dict[str, list[tuple[str, ...]]]:
        """The places by their first word: a message's words are looked up, not scanned."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for place in self.places:
            index.setdefault(place[0], []).append(place)
        return index

    def spans(self, text: str) -> Iterable[tuple[int, int, str]]:
        """(start, end, "name") of each run of known names (and the joiners after them)."""
        if self._starters.isdisjoint(_LETTERS.findall(fold_letters(text))):
            return  # most messages hold no known name: one C-speed pass decides
        words = [_trimmed(m) for m in _WORD.finditer(text)]
        folded = [fold_letters(w) for _s, _e, w in words]
        i = 0
        while i < len(words):
            place = self._place_at(folded, i)
            if place:
                i += place
                continue
            start, end, word = words[i]
            if not self._is_name(word):
                i += 1
                continue
            j = i + 1
            if j < len(words) and folded[j] in self.place_words:
                i = j + 1  # "فیصل آباد", "Faisal Town": a place
                continue
            while (
                j < len(words)
                and (self._is_name(words[j][2]) or folded[j] in self.joiners)
                and not self._place_at(folded, j)
            ):
                end = words[j][1]
                j += 1
            yield (start, end, "name")
            i = j

"""The places (destinations) named in a text: ``content/understanding/places.yaml``.

Names are matched like every other vocabulary (``bot.understanding.phrases.Lexicon``), in
any language and script: ``Thailand``/``thailand``/``تھائی لینڈ``/``تهائي لينڈ``.
The tokenizer and lexicon used to live here; they are re-exported for existing imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.understanding.phrases import FUZZY_MIN_LENGTH, FUZZY_QUALITY, Hit, Lexicon, Phrase
from bot.understanding.tokens import Token, TokenizedText, Tokenizer
from bot.understanding.vocabulary import (
    load_common_words,
    load_variants,
    phrases_from,
    read_yaml,
)

__all__ = [
    "FUZZY_MIN_LENGTH",
    "FUZZY_QUALITY",
    "Hit",
    "Lexicon",
    "Phrase",
    "Place",
    "PlaceFinder",
    "PlaceHit",
    "Token",
    "TokenizedText",
    "Tokenizer",
    "load_common_words",
    "load_variants",
    "phrases_from",
    "read_yaml",
]


@dataclass(frozen=True)
class Place:
    """A destination: ``risky`` for the Mekong scam hubs, ``border`` for crossing points."""

    id: str
    country: str
    risky: bool
    border: bool


@dataclass(frozen=True)
class PlaceHit:
    """A place named in a text, with the words that named it."""

    place: Place
    evidence: str
    span: tuple[int, int]


class PlaceFinder:
    """Recognises destinations (countries, cities, border towns, compounds) in any language."""

    def __init__(self, places: dict[str, Place], lexicon: Lexicon) -> None:
        self.places = places
        self._lexicon = lexicon

    @classmethod
    def load(cls, content_dir: Path, tokenizer: Tokenizer) -> PlaceFinder:
        """Read ``content/understanding/places.yaml``."""
        data = read_yaml(content_dir / "understanding" / "places.yaml")
        places: dict[str, Place] = {}
        phrases: list[Phrase] = []
        for place_id, entry in data["places"].items():
            places[place_id] = Place(
                id=place_id,
                country=str(entry.get("country", place_id)),
                risky=bool(entry.get("risky", False)),
                border=bool(entry.get("border", False)),
            )
            phrases += phrases_from(tokenizer, place_id, entry["names"])
        return cls(places, Lexicon(phrases, fuzzy=True))

    def find(
        self, text: TokenizedText, protected: frozenset[str] = frozenset()
    ) -> tuple[PlaceHit, ...]:
        """Places in order of first mention; the longest name wins where names overlap.

        ``protected`` words are never read as a misspelt place: Roman Urdu "karta" (does)
        is one letter from "katar", and an ad from Oman must not be read as one for Qatar.
        """
        found = self._lexicon.find(text, protected)
        hits = sorted(found, key=lambda h: (h.first, -(h.last - h.first)))
        out: list[PlaceHit] = []
        covered = -1
        for hit in hits:
            if hit.first <= covered:
                continue
            covered = hit.last
            out.append(
                PlaceHit(
                    self.places[hit.phrase.label],
                    text.quote(hit.first, hit.last),
                    text.span(hit.first, hit.last),
                )
            )
        return tuple(out)

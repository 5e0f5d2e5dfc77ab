"""Postal addresses in free text: "House No. 45, Block C, Gulshan-e-Iqbal", "مکان نمبر 45، گلی نمبر 3".

An address starts at an address word with what names it (a number, a short code, an unknown
name) and runs over the comma-separated parts after it that are address parts, up to a
known place (a city or country stays: places are kept). The address words live in
``content/understanding/personal_data.yaml`` (``WordPatterns``).
"""

from __future__ import annotations

import re

from bot.understanding.scrub_gate import PatternGates, WordStarts
from bot.understanding.scrub_words import WordPatterns

_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_NEXT_PART = re.compile(r"[ \t]{0,2}[,،][ \t]{0,2}(?P<part>[^,،\n.|;:]{1,40})")
_ADDRESS_PARTS = 6
_PART_END = re.compile(r"[ \t]{0,2}(?:[,،.۔\n]|$)")
_NEXT_WORD = re.compile(r"[ \t]{1,2}(?P<word>[^\s,،.|;:()]{1,30})")
_PART_WORD = re.compile(r"[^\s\-]+")
_TOKEN = re.compile(r"\S+")


class AddressFinder:
    """Finds addresses; ``not_names`` are the known words (places, vocabularies), ``gates``
    tell a text without an address word (``scrub_gate``)."""

    def __init__(self, not_names: frozenset[str], gates: PatternGates | None = None) -> None:
        self._not_names = not_names
        self._gates = gates or PatternGates({})

    def find(
        self, view: str, words: WordPatterns, starts: WordStarts | None = None
    ) -> list[tuple[int, int]]:
        """(start, end) of every address: an address word and what names it, then the parts
        after it up to a city or country. ``starts``: the word starts of ``view``, if known."""
        found: list[tuple[int, int]] = []
        starts = starts or WordStarts(view)
        admit = self._gates.admit
        if _ARABIC_LETTER.search(view) and admit(words.address_chain, starts):
            for match in words.address_chain.finditer(view):
                found.append((match.start(), self._more_parts(view, match.end(), words)))
        if not admit(words.address, starts):
            return found
        for match in words.address.finditer(view):
            designator = match.group("designator")
            if not any(c.isdigit() for c in designator) and not (
                (len(designator) <= 3 and designator.isascii()) or self._unknown(designator)
            ):
                continue
            # Arabic script has no capitals: a word names a place of the address only when
            # the part ends with it ("کلي شېخان،"), not "کور یې د …".
            if (
                not designator.isascii()
                and not any(c.isdigit() for c in designator)
                and not _PART_END.match(view, match.end())
            ):
                continue
            end = self._words_after(view, match.end(), words)
            found.append((match.start(), self._more_parts(view, end, words)))
        return found

    def _more_parts(self, view: str, end: int, words: WordPatterns) -> int:
        """Where an address ends: over the comma-separated parts after ``end`` that are
        address parts or the locality before a city."""
        for _ in range(_ADDRESS_PARTS):
            part = _NEXT_PART.match(view, end)
            if part is None or not (
                self._address_part(part.group("part"), words) or self._locality(view, part, words)
            ):
                break
            length = self._part_length(view, part, words)
            if not length:
                break
            end = part.start("part") + length
        return end

    def _part_length(self, view: str, part: re.Match[str], words: WordPatterns) -> int:
        """How much of an address part is the address: its words up to a known word that is
        no address word and has no digit ("Block 5 Lahore": the city stays, and so does
        "…and he lives in Karachi" after it), never ending inside a word cut off by the
        part's length limit."""
        text = part.group("part")
        length = 0
        for index, word in enumerate(_TOKEN.finditer(text)):
            token = word.group(0).strip(".,'-:;|()")
            cut = part.start("part") + word.end()
            if index and (cut < len(view) and view[cut].isalnum()):
                break  # the part's limit fell inside this word
            if (
                index
                and not any(c.isdigit() for c in token)
                and not words.address_word.fullmatch(token)
                and not self._unknown(token)
            ):
                break
            length = word.end()
        return length

    def _words_after(self, view: str, end: int, words: WordPatterns) -> int:
        """Where an address part ends: over the next few words of the same part that are
        numbers, letters, address words or unknown names ("Chak 45 GB", "block C satellite
        town"), up to a place or an everyday word."""
        for _ in range(_ADDRESS_PARTS):
            word = _NEXT_WORD.match(view, end)
            if word is None:
                break
            token = word.group("word")
            if not token.isascii() and not (
                any(c.isdigit() for c in token) or words.address_word.fullmatch(token)
            ):
                break  # in Arabic script only numbers and address words go on
            if not (
                any(c.isdigit() for c in token)
                or len(token) <= 2
                or words.address_word.fullmatch(token)
                or self._unknown(token)
            ):
                break
            end = word.end()
        return end

    def _locality(self, view: str, part: re.Match[str], words: WordPatterns) -> bool:
        """An Arabic-script part of unknown words right before a known place: the locality
        of an address ("…، گلشن اقبال، کراچی")."""
        text = part.group("part")
        if text.isascii() or not 0 < len(text.split()) <= 3 or not self._unknown(text):
            return False
        following = _NEXT_PART.match(view, part.start("part") + len(text.rstrip()))
        return following is not None and not self._unknown(following.group("part"))

    def _unknown(self, words: str) -> bool:
        """None of ``words`` (nor the longer pieces of a hyphenated one) is a place, a
        vocabulary word or an everyday word."""
        known = self._not_names
        for word in words.split():
            pieces = [word, *(p for p in _PART_WORD.findall(word) if len(p) >= 3)]
            if any(p.strip(".,'-:;|()").casefold() in known for p in pieces):
                return False
        return True

    def _address_part(self, part: str, words: WordPatterns) -> bool:
        """A part of an address: has a number or an address word, or is a short unknown name."""
        if any(c.isdigit() for c in part) or words.address_word.search(part):
            return True
        tokens = part.split()  # Latin script only: Arabic script has no capitals to go by
        return (
            0 < len(tokens) <= 3
            and all(word.isascii() and word[0].isupper() for word in tokens)
            and self._unknown(part)
        )

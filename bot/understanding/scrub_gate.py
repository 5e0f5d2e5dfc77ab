"""Which of the scrubber's word patterns can match a text, told by how its words begin.

Why: most patterns of ``scrub_words`` open with a listed word right at the start of a word
("my son …", "House No. …", "passport number …"). The regular expression engine cannot skip
ahead to such a word (a case-insensitive alternation has no first letters it can look for),
so it tries all two hundred listed words at every word of a message, and the name, address
and id patterns were the largest share of reading a message, although few messages hold a
single listed word. So the scrubber first collects how each word of the text begins (its
first ``GATE_LENGTH`` characters, folded), once, and runs a pattern only on a text where a
word begins as one of the pattern's listed words begins.

Why this never skips a match: a listed word matches where the pattern's lookbehind (or its
space before) puts it at the start of a word of the text, and its first characters then
match the text's character for character (a space between words matches one to three
spaces, which the text's fold writes as one). ``fold`` folds two characters alike wherever
``re.IGNORECASE`` (or a letter-form class of ``scrub_words``) lets one match the other:
lower case, the dotless and dotted i, the long s, the Kelvin sign, the Arabic-script letter
forms. That holds for ASCII and for characters without case (Arabic script, the scripts of
South Asia), checked for every character in ``tests/understanding/test_scrub_gate.py``; a
pattern whose listed words begin with any other character has no gate and always runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from operator import itemgetter

from bot.understanding.scrub_words import LETTER_FORMS

GATE_LENGTH = 4  # longer beginnings tell more words apart, but cost more to collect
_FOLD = str.maketrans(
    {"İ": "i", "ı": "i", "ſ": "s"} | {char: forms[0] for forms in LETTER_FORMS for char in forms}
)
_SPACES = re.compile(r"\s\s+|[^\S ]")  # each run of spaces as one " " (one " " stays)
# The first characters of each word (the same \w as the patterns' lookbehinds: a match
# takes the whole word, so the next begins at the next word); ``fold`` keeps every character
# a word character or not, so words begin where they did before folding.
_BEGINNING = re.compile(rf"(?=(\w.{{0,{GATE_LENGTH - 1}}}))\w+", re.DOTALL)
_SHORTER = tuple(itemgetter(slice(length)) for length in range(1, GATE_LENGTH))

Keys = frozenset[str] | None  # None: no gate, the pattern always runs


def fold(text: str) -> str:
    """``text`` with the characters that match one another under IGNORECASE made one.

    One character for one, and a word character stays one (checked for every character).
    """
    if text.isascii():  # no ASCII character is translated
        return text.lower()
    return text.translate(_FOLD).lower()


def _caseless_or_ascii(char: str) -> bool:
    """A character ``fold`` is known to fold as IGNORECASE matches it."""
    return char.isascii() or char.lower() == char == char.upper()


def gate_keys(words: Iterable[str]) -> Keys:
    """How the listed words begin (folded, spaces as one), or None when one cannot be told:
    it begins with no word character, or with a character ``fold`` does not know."""
    keys = set()
    for word in words:
        written = " ".join(word.split())  # as scrub_words.alternation writes it
        if not written:
            continue
        opening = written[:GATE_LENGTH]
        if not re.match(r"\w", written) or not all(map(_caseless_or_ascii, opening)):
            return None
        keys.add(fold(opening))
    return frozenset(keys)


class WordStarts:
    """How each word of one text begins: its first one to ``GATE_LENGTH`` characters, folded."""

    def __init__(self, text: str) -> None:
        self.folded = fold(_SPACES.sub(" ", text))
        beginnings = _BEGINNING.findall(self.folded)
        self._beginnings = set(beginnings)
        for shorter in _SHORTER:
            self._beginnings.update(map(shorter, beginnings))

    def admit(self, keys: Keys) -> bool:
        """Whether a word of the text begins as one of ``keys`` (always, for no gate)."""
        return keys is None or not keys.isdisjoint(self._beginnings)


class PatternGates:
    """The gate of each pattern that opens with listed words (``WordPatterns.openings``)."""

    def __init__(self, openings: Mapping[re.Pattern[str], Iterable[str]]) -> None:
        # By identity: a compiled pattern hashes its whole program, thousands of codes for
        # two hundred words, on every look-up. ``openings`` keeps the patterns alive.
        self._keys = {id(pattern): gate_keys(words) for pattern, words in openings.items()}
        self._openings = openings

    def admit(self, pattern: re.Pattern[str], starts: WordStarts) -> bool:
        """Whether ``pattern`` can match the text of ``starts`` (a pattern without a gate can)."""
        return starts.admit(self._keys.get(id(pattern)))

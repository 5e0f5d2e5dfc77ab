"""What every match of a regular expression needs from the text, to skip hopeless searches.

A pattern run over every message (a phone format, a licence number, a contact link) usually
cannot match most messages: it needs an ``@``, a ``/``, nine digits, one of the words
``name``/``naam``. ``Needs.of(pattern)`` reads that off the pattern once, so
``needs.met_by(text)`` can say "no match possible" cheaply; when it says True the pattern is
run as always, so results never change.

The pattern is read by ``bot.understanding.regex_reading``: anything it does not recognise
counts as needing nothing, so the shortcut can only be switched off, never wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.understanding.regex_reading import (
    MIN_WORD,
    fewest_digits,
    parse,
    rarity,
    required_sets,
    required_strings,
)

_MAX_CLASSES = 2  # required sets searched for


@dataclass(frozen=True)
class Needs:
    """``chars`` every match contains, the fewest decimal digits a match contains,
    ``words``: a search for strings one of which every match contains (same case rules), and
    ``classes``: searches for sets of characters a match contains one of."""

    chars: frozenset[str] = frozenset()
    digits: int = 0
    words: re.Pattern[str] | None = None
    classes: tuple[re.Pattern[str], ...] = ()  # each must find a character of the text
    text: bool = field(init=False)  # whether anything beyond the digit count is checked

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", bool(self.chars or self.words or self.classes))

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Needs:
        """What ``pattern`` needs (nothing, when the pattern cannot be read)."""
        if not isinstance(pattern.pattern, str):
            return cls()
        try:
            parsed = parse(pattern)
            if parsed is None:
                return cls()
            ignore_case = bool(pattern.flags & re.IGNORECASE)
            strings = required_strings(parsed, ignore_case)
            words = None
            if strings and min(len(text) for text, _ in strings) >= MIN_WORD:
                words = re.compile(
                    "|".join(
                        f"(?{'i' if caseless else '-i'}:{re.escape(text)})"
                        for text, caseless in sorted(strings)
                    ),
                    pattern.flags & re.ASCII,
                )
            clauses = required_sets(parsed, ignore_case)
            chars = frozenset(c for clause in clauses if len(clause) == 1 for c in clause)
            sets = sorted(  # rare characters only: a class almost every text meets is no help
                {
                    clause
                    for clause in clauses
                    if len(clause) > 1 and not clause & chars and not rarity(clause)[0]
                },
                key=lambda clause: (rarity(clause), sorted(clause)),
            )
            classes = tuple(
                re.compile("[" + "".join(re.escape(c) for c in sorted(clause)) + "]")
                for clause in sets[:_MAX_CLASSES]
            )
            return cls(chars, fewest_digits(parsed), words, classes)
        except Exception:  # an unexpected parse tree: read nothing
            return cls()

    def met_by(self, text: str, digits: int | None = None) -> bool:
        """Whether ``text`` (holding ``digits`` decimal digits, if counted) may match."""
        if self.digits and (count_digits(text) if digits is None else digits) < self.digits:
            return False
        if self.chars and not all(char in text for char in self.chars):
            return False
        if self.classes and not all(chars.search(text) for chars in self.classes):
            return False
        return self.words is None or self.words.search(text) is not None


def count_digits(text: str) -> int:
    """Decimal digits (what ``\\d`` matches) in ``text``."""
    return sum(map(str.isdecimal, text))

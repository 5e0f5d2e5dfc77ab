"""What every match of a regular expression needs from the text, to skip hopeless searches.

A pattern run over every message (a phone format, a licence number, a contact link) usually
cannot match most messages: it needs an ``@``, a ``/``, nine digits, one of the words
``name``/``naam``. ``Needs.of(pattern)`` reads that off the pattern once, so
``needs.met_by(text)`` can say "no match possible" cheaply; when it says True the pattern is
run as always, so results never change.

The reading uses the standard library's pattern parser (``re._parser``, private): anything it
does not recognise counts as needing nothing, so the shortcut can only be switched off, never
wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

try:
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - another Python: no shortcut
    _c = _p = None


_MIN_WORD = 2  # shorter required strings are not worth a search
_MAX_CLASS = 128  # characters in one required set
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

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Needs:
        """What ``pattern`` needs (nothing, when the pattern cannot be read)."""
        if _p is None or not isinstance(pattern.pattern, str):
            return cls()
        try:
            parsed = _p.parse(pattern.pattern, pattern.flags)
            ignore_case = bool(pattern.flags & re.IGNORECASE)
            strings = _strings(parsed, ignore_case)
            words = None
            if strings and min(len(text) for text, _ in strings) >= _MIN_WORD:
                words = re.compile(
                    "|".join(
                        f"(?{'i' if caseless else '-i'}:{re.escape(text)})"
                        for text, caseless in sorted(strings)
                    ),
                    pattern.flags & re.ASCII,
                )
            clauses = _clauses(parsed, ignore_case)
            chars = frozenset(c for clause in clauses if len(clause) == 1 for c in clause)
            sets = sorted(  # rare characters only: a class almost every text meets is no help
                {
                    clause
                    for clause in clauses
                    if len(clause) > 1 and not clause & chars and not _cost(clause)[0]
                },
                key=lambda clause: (_cost(clause), sorted(clause)),
            )
            classes = tuple(
                re.compile("[" + "".join(re.escape(c) for c in sorted(clause)) + "]")
                for clause in sets[:_MAX_CLASSES]
            )
            return cls(chars, _digits(parsed), words, classes)
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


def _caseless(char: str) -> bool:
    """A character that case-insensitive matching cannot confuse with another."""
    return char.lower() == char == char.upper() and char.casefold() == char


def _clauses(items: Any, ignore_case: bool) -> list[frozenset[str]]:
    """Sets of characters every match of the sequence ``items`` contains one of (``{"@"}``,
    ``{":", "."}``, ``[A-Z]``); ``ignore_case``: only caseless characters count."""
    found: list[frozenset[str]] = []
    for op, av in items:
        if op is _c.LITERAL:
            char = chr(av)
            if not ignore_case or _caseless(char):
                found.append(frozenset(char))
        elif op is _c.IN:
            chars = _class_chars(av)
            if chars and (not ignore_case or all(map(_caseless, chars))):
                found.append(chars)
        elif op is _c.SUBPATTERN:  # a group, perhaps with its own (?i) or (?-i)
            _group, add_flags, del_flags, sub = av
            caseless = (ignore_case or bool(add_flags & re.IGNORECASE)) and not (
                del_flags & re.IGNORECASE
            )
            found += _clauses(sub, caseless)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            if low >= 1:
                found += _clauses(sub, ignore_case)
        elif op is _c.BRANCH:
            branches = [_clauses(sub, ignore_case) for sub in av[1]]
            if branches and all(branches):
                # Characters every branch needs, and one character of some branch's set.
                singles = [{next(iter(c)) for c in b if len(c) == 1} for b in branches]
                found += [frozenset(char) for char in set.intersection(*singles)]
                found.append(frozenset().union(*(min(b, key=_cost) for b in branches)))
    return found


def _class_chars(members: Any) -> frozenset[str] | None:
    """The characters of a class of listed characters and ranges (``[A-Z]``, ``[:：]``)."""
    chars: set[str] = set()
    for op, av in members:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None
    return frozenset(chars) if len(chars) <= _MAX_CLASS else None


def _cost(chars: frozenset[str]) -> tuple[int, int]:
    """How often a text holds one of ``chars``: lower-case letters, digits and spaces are
    everywhere, upper-case letters and punctuation much rarer (a rough guess)."""
    common = sum(1 for c in chars if c.islower() or c.isdigit() or c.isspace())
    return common, len(chars)


def _is_digit_set(members: Any) -> bool:
    """A character class that only holds decimal digits (``\\d``, ``[0-9]``, ``[13]``)."""
    for op, av in members:
        if op is _c.CATEGORY:
            if av is not _c.CATEGORY_DIGIT:
                return False
        elif op is _c.RANGE:
            low, high = av
            if not all(chr(code).isdecimal() for code in range(low, high + 1)):
                return False
        elif op is _c.LITERAL:
            if not chr(av).isdecimal():
                return False
        else:
            return False
    return bool(members)


def _digits(items: Any) -> int:
    """The fewest decimal digits a match of the sequence ``items`` contains."""
    total = 0
    for op, av in items:
        if op is _c.LITERAL:
            total += chr(av).isdecimal()
        elif op is _c.IN:
            total += _is_digit_set(av)
        elif op is _c.CATEGORY:
            total += av is _c.CATEGORY_DIGIT
        elif op is _c.SUBPATTERN:
            total += _digits(av[-1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            total += low * _digits(sub)
        elif op is _c.BRANCH:
            total += min((_digits(sub) for sub in av[1]), default=0)
    return total


_Strings = frozenset[tuple[str, bool]]  # (text, matched case-insensitively)
_MAX_WORDS = 16  # more alternatives make the search about as slow as the pattern


def _strings(items: Any, ignore_case: bool) -> _Strings | None:
    """Strings one of which every match of the sequence ``items`` contains (the most telling
    such set: longest shortest string), or None when none is known."""
    best: _Strings | None = None

    def consider(option: _Strings | None) -> None:
        nonlocal best
        if (
            option
            and _rank(option)[0] >= _MIN_WORD
            and (best is None or _rank(option) > _rank(best))
        ):
            best = option

    run: set[str] = {""}  # what the literal stretch so far can be, exactly
    for op, av in items:
        exact = _exact(op, av)
        if exact is not None and len(run) * len(exact) <= _MAX_WORDS:
            run = {a + b for a in run for b in exact}
            continue
        consider(frozenset((text, ignore_case) for text in run))
        run = {""}
        if exact is not None:
            run = set(exact)
        elif op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            caseless = (ignore_case or bool(add_flags & re.IGNORECASE)) and not (
                del_flags & re.IGNORECASE
            )
            consider(_strings(sub, caseless))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            if low >= 1:
                consider(_strings(sub, ignore_case))
        elif op is _c.BRANCH:
            options = [_strings(sub, ignore_case) for sub in av[1]]
            if all(options):
                consider(frozenset().union(*options))
    consider(frozenset((text, ignore_case) for text in run))
    return best if best is not None and len(best) <= _MAX_WORDS else None


def _exact(op: Any, av: Any) -> set[str] | None:
    """The strings a node matches, when it matches only a few literal strings (same flags)."""
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:  # a class of a few listed characters, like [cs]
        if len(av) <= _MAX_WORDS and all(member is _c.LITERAL for member, _ in av):
            return {chr(code) for _, code in av}
        return None
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _exact_sequence(sub)
    if op is _c.BRANCH:
        found: set[str] = set()
        for sub in av[1]:
            strings = _exact_sequence(sub)
            if strings is None:
                return None
            found |= strings
        return found if len(found) <= _MAX_WORDS else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, sub = av
        strings = _exact_sequence(sub)
        if strings is None or high > 2:
            return None
        found = set()
        for times in range(low, high + 1):
            options = {""}
            for _ in range(times):
                options = {a + b for a in options for b in strings}
            found |= options
        return found if len(found) <= _MAX_WORDS else None
    return None


def _exact_sequence(items: Any) -> set[str] | None:
    found = {""}
    for op, av in items:
        strings = _exact(op, av)
        if strings is None or len(found) * len(strings) > _MAX_WORDS:
            return None
        found = {a + b for a in found for b in strings}
    return found


def _rank(option: _Strings) -> tuple[int, int]:
    return min(len(text) for text, _ in option), -len(option)

"""Reading a regular expression's parse tree: what every match of it must contain.

Used by ``bot.understanding.regex_needs``. The tree comes from the standard library's own
parser (``re._parser``, private), so what is read is what ``re`` will match; node kinds not
handled here count as requiring nothing, which keeps every answer a safe lower bound.
"""

from __future__ import annotations

import re
from typing import Any

try:
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - another Python: no shortcut
    _c = _p = None

MIN_WORD = 2  # shorter required strings are not worth a search
_MAX_CLASS = 128  # characters in one required set
_MAX_WORDS = 16  # more alternatives make the search about as slow as the pattern


def parse(pattern: re.Pattern[str]) -> Any:
    """The parse tree of ``pattern``, or None when this Python's parser is not available."""
    return None if _p is None else _p.parse(pattern.pattern, pattern.flags)


def _caseless(char: str) -> bool:
    """A character that case-insensitive matching cannot confuse with another."""
    return char.lower() == char == char.upper() and char.casefold() == char


def required_sets(items: Any, ignore_case: bool) -> list[frozenset[str]]:
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
            found += required_sets(sub, caseless)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            if low >= 1:
                found += required_sets(sub, ignore_case)
        elif op is _c.BRANCH:
            branches = [required_sets(sub, ignore_case) for sub in av[1]]
            if branches and all(branches):
                # Characters every branch needs, and one character of some branch's set.
                singles = [{next(iter(c)) for c in b if len(c) == 1} for b in branches]
                found += [frozenset(char) for char in set.intersection(*singles)]
                found.append(frozenset().union(*(min(b, key=rarity) for b in branches)))
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


def rarity(chars: frozenset[str]) -> tuple[int, int]:
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


def fewest_digits(items: Any) -> int:
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
            total += fewest_digits(av[-1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            total += low * fewest_digits(sub)
        elif op is _c.BRANCH:
            total += min((fewest_digits(sub) for sub in av[1]), default=0)
    return total


_Strings = frozenset[tuple[str, bool]]  # (text, matched case-insensitively)


def required_strings(items: Any, ignore_case: bool) -> _Strings | None:
    """Strings one of which every match of the sequence ``items`` contains (the most telling
    such set: longest shortest string), or None when none is known."""
    best: _Strings | None = None

    def consider(option: _Strings | None) -> None:
        nonlocal best
        if (
            option
            and _rank(option)[0] >= MIN_WORD
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
            consider(required_strings(sub, caseless))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            if low >= 1:
                consider(required_strings(sub, ignore_case))
        elif op is _c.BRANCH:
            options = [required_strings(sub, ignore_case) for sub in av[1]]
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

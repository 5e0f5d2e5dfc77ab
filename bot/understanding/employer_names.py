"""Whether an ad names its employer: a company word or legal form with a name before it.

A volunteer reads "Al Noor Contracting Co." or "گلف پیکنگ ایل ایل سی" as a name that can be
checked, and "a big company" or "Chinese company" as none (vague_employer). The words come
from redflags.yaml ``employer_names``: legal forms (any word before them is a name),
company words (a capitalised word before them that is no place and no vocabulary word),
industry words passed over on the way back ("Gulf Packing LLC"), and name prefixes ("Al").
In Arabic script, which has no capitals, the word before an industry word and a company word
is a name too ("گلف اسٹیل فیکٹری").
"""

from __future__ import annotations

from bot.understanding.cues import Reading, token_range

_NAME_LOOKBACK = 4
# Quotation marks people put around a trading name ("'Siam Tech' company", «لوٹس سٹار»).
_QUOTES = frozenset("'\"‘’“”«»")
# Capitalised words before an industry word that make a name with no company word after it
# ("Siam Digital Services", "Golden Lotus Tech"); one is a description ("Digital Services").
_NAME_RUN = 2


class EmployerNames:
    """The word lists that tell a name from a description; ``named`` is pure."""

    def __init__(
        self,
        not_names: frozenset[str],
        name_prefixes: tuple[str, ...],
        vague_words: frozenset[str],
        vocabulary: frozenset[str],
    ) -> None:
        self._not_names = not_names
        self._name_prefixes = name_prefixes
        self._vague_words = vague_words
        self._vocabulary = vocabulary

    def named(self, found: Reading) -> bool:
        """A company word or legal form with a proper name before it (see redflags.yaml)."""
        tokens = found.text.tokens
        generic = {i for h in found.of("name:generic") for i in range(h.first, h.last + 1)}
        places = {i for p in found.places for i in range(*token_range(found, p.span))}
        for kind in ("legal_forms", "suffixes"):
            for suffix in found.of(f"name:{kind}"):
                index = suffix.first - 1
                industry = False  # an industry word passed over ("... Construction Company")
                while index >= max(0, suffix.first - _NAME_LOOKBACK):
                    token = tokens[index]
                    if token.clause != tokens[suffix.first].clause:
                        break
                    if any(
                        token.text.startswith(p[:-1]) and len(token.text) > len(p) + 1
                        if p.endswith("*")
                        else token.text == p
                        for p in self._name_prefixes
                    ):
                        return True
                    if index not in generic:
                        if (
                            # Arabic script has no capitals: only a legal form ("ایل ایل سی")
                            # or an industry word ("کنسٹرکشن کمپنی") makes the word before it
                            # a name
                            token.text not in self._vague_words
                            and (
                                # before a legal form any word is a name ("Gulf Packing
                                # LLC", "گلف پیکنگ ایل ایل سی"): Arabic script has no capitals
                                (kind == "legal_forms" and token.text not in self._not_names)
                                or (
                                    (token.capitalised or (industry and _arabic(token.text)))
                                    and token.text not in self._not_names
                                    and token.text not in self._vocabulary
                                )
                            )
                            and (kind == "legal_forms" or index not in places)
                        ):
                            return True
                        break
                    industry = True
                    index -= 1
        return self._quoted(found) or self._before_industry(found, generic, places)

    def _quoted(self, found: Reading) -> bool:
        """A quoted trading name right before a company word ("'سیام ٹیک' کمپنی", "'Lotus
        Star' company"): the quotes mark it as the name, in scripts without capitals too."""
        tokens, original = found.text.tokens, found.text.original
        for kind in ("legal_forms", "suffixes"):
            for suffix in found.of(f"name:{kind}"):
                end = suffix.first
                if end == 0 or not _QUOTES & set(original[tokens[end - 1].end : tokens[end].start]):
                    continue
                for first in range(end - 1, max(-1, end - 1 - _NAME_LOOKBACK), -1):
                    before = original[tokens[first - 1].end if first else 0 : tokens[first].start]
                    if _QUOTES & set(before):
                        words = [token.text for token in tokens[first:end]]
                        if any(
                            w not in self._vague_words and w not in self._not_names for w in words
                        ):
                            return True
                        break
        return False

    def _before_industry(self, found: Reading, generic: set[int], places: set[int]) -> bool:
        """Capitalised words (or an "Al" name) before an industry word, with no company word
        after it: "Siam Digital Services", "Al Jazeera Transport", "الراشد کنسٹرکشن". Words in
        capitals throughout ("DATA ENTRY ONLINE") are shouting, not a name."""
        tokens, original = found.text.tokens, found.text.original
        for hit in found.of("name:generic"):
            run = 0
            index = hit.first - 1
            while index >= max(0, hit.first - _NAME_LOOKBACK) and (
                tokens[index].clause == tokens[hit.first].clause
            ):
                token = tokens[index]
                if self._prefixed(token.text):
                    return True
                written = original[token.start : token.end]
                if index in generic:
                    index -= 1
                    continue
                if not (
                    token.capitalised
                    and not (written.isupper() and len(written) > 3)
                    and token.text not in self._not_names
                    and token.text not in self._vocabulary
                    and token.text not in self._vague_words
                    and index not in places
                ):
                    break
                run += 1
                index -= 1
            if run >= _NAME_RUN:
                return True
        return False

    def _prefixed(self, word: str) -> bool:
        """An Arabic name prefix: "al", or a word that starts with "ال" ("الراشد")."""
        return any(
            word.startswith(p[:-1]) and len(word) > len(p) + 1 if p.endswith("*") else word == p
            for p in self._name_prefixes
        )


def _arabic(word: str) -> bool:
    """Arabic script has no capitals: a word before an industry word and a company word
    ("مرکزی کنسٹرکشن کمپنی", "نور پټرولیم کمپنۍ") is the name, unless it says what the
    company is like (the vague words, "بڑی", "چینی") or is a place."""
    return any("\u0600" <= ch <= "\u06ff" for ch in word)

"""Find the names people introduce ("my name is …", "mera naam … hai", "میرا نام … ہے").

Only introduced names are found: a free-standing "Imran" without an introduction is
indistinguishable from a word. Once a name is found, its other occurrences in the same text
are found too ("I am Imran … call Imran").
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.understanding.regex_needs import Needs

_LATIN_NAME = r"[A-Za-z][A-Za-z'-]*"
_ARABIC_NAME = r"[\u0600-\u06ff\u0750-\u077f]+"

# An explicit introduction: whatever follows is a name, capitalised or not.
_INTRODUCED = re.compile(
    r"(?:\bmy\s+(?:full\s+)?name\s+is|\b(?:his|her|their|father'?s?|brother'?s?)\s+name\s+is"
    r"|\b(?:name|naam|nam)\s*[:=-]|\b(?:mera|meraa|meri|mere|uska|uski|unka|iska|is\s+ka|us\s+ka)\s+"
    r"(?:naam|nam|name)(?:\s+(?:hai|he|hy|h))?\s*[:=-]?)"
    r"\s+(?P<name>" + _LATIN_NAME + r"(?:\s+" + _LATIN_NAME + r"){0,2})",
    re.IGNORECASE,
)
# "I am Imran", "main Imran hun", "Mr. Tariq", "Imran here": a name only when capitalised.
_SELF = re.compile(
    r"(?:\b(?:[Ii]\s+am|[Ii]'?m|[Tt]his\s+is|[Mm]ain|[Mm]ai|[Mm]ein|Mr|Mrs|Ms|Miss|Dr)\.?\s+)"
    r"(?P<name>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2})"
    r"|^\W*(?P<signed>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)\s+here\b"
)
# Urdu "میرا نام احمد علی ہے" and Pashto "زما نوم احمد خان دی": up to three words before
# the verb (or before punctuation when the name comes after a colon).
_ARABIC_INTRODUCED = re.compile(
    r"(?:نام|نوم)(?:\s+(?:می|مې|مے))?\s*[:：]?\s*"
    r"(?P<name>" + _ARABIC_NAME + r"(?:\s+" + _ARABIC_NAME + r"){0,2}?)"
    r"(?=\s*(?:ہے|ہیں|تھا|دی|دے|ده|و)(?:\s|[،,.۔!؟?]|$))"
)
# "نام: سارہ بی بی، عمر ..." : after a colon, the words up to the punctuation.
_ARABIC_LABELLED = re.compile(
    r"(?:نام|نوم)\s*[:：]\s*"
    r"(?P<name>" + _ARABIC_NAME + r"(?:\s+" + _ARABIC_NAME + r"){0,2}?)(?=\s*(?:[،,.۔!؟?\n]|$))"
)
_PATTERNS = tuple(
    (pattern, Needs.of(pattern))  # a text without what a pattern needs is not searched
    for pattern in (_INTRODUCED, _SELF, _ARABIC_INTRODUCED, _ARABIC_LABELLED)
)
_WORDS = re.compile(r"\S+")


class NameFinder:
    """Spans of introduced names; ``not_names`` are words never taken as part of a name."""

    def __init__(self, not_names: frozenset[str] = frozenset()) -> None:
        self._not_names = frozenset(w.casefold() for w in not_names)

    @classmethod
    def load(cls, content_dir: Path) -> NameFinder:
        """Read ``content_dir/understanding/not_names.txt``."""
        path = content_dir / "understanding" / "not_names.txt"
        lines = path.read_text(encoding="utf-8").splitlines()
        return cls(frozenset(w for line in lines for w in line.split("#", 1)[0].split()))

    def _leading_name(self, words: list[str]) -> list[str]:
        """The words of ``words`` up to the first that cannot be part of a name."""
        name: list[str] = []
        for word in words:
            if word.strip(".'-").casefold() in self._not_names:
                break
            name.append(word)
        return name

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, "name") for every introduced name and its repetitions in ``text``."""
        found: list[tuple[int, int, str]] = []
        names: set[str] = set()
        for pattern, needs in _PATTERNS:
            if not needs.met_by(text):
                continue
            for match in pattern.finditer(text):
                group = "name" if match.group("name") else "signed"
                parts = list(_WORDS.finditer(match.group(group)))
                words = self._leading_name([part.group(0) for part in parts])
                if not words:
                    continue
                offset = match.start(group)
                found.append((offset, offset + parts[len(words) - 1].end(), "name"))
                names.update(w.strip(".'-") for w in words if len(w.strip(".'-")) >= 3)
        for name in names:
            for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                found.append((match.start(), match.end(), "name"))
        return found

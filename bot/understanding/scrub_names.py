"""Finding people's names in free text: the user's, a relative's, an agent's.

A name has no shape, so only names that something points at are found: an introduction
("my name is …", "mera naam … hai", "میرا نام … ہے", "मेरा नाम … है"), a relation or title ("my son Hamza
Javed", "agent Haji Rafiq", "میرا بیٹا حمزہ"), a label ("contact: Ali Raza"), "Nadia here", a
signature line, or capitalised words right before a phone number. The pointing words are
content (``personal_data.yaml``, see ``bot.understanding.scrub_words``). Words that are
known not to be names — places, the bot's vocabularies, everyday words — end a name. Once a
name is found, its other occurrences in the same text are found too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from bot.understanding.scrub_gate import PatternGates, WordStarts
from bot.understanding.scrub_lexicon import NameLexicon
from bot.understanding.scrub_words import ARABIC_LETTER, LATIN_WORD, WordPatterns

_LATIN_NAME = r"[A-Za-z][A-Za-z'-]{0,30}"
_ARABIC_NAME = ARABIC_LETTER + r"{1,20}"

# An explicit introduction: whatever follows is a name, capitalised or not.
_INTRODUCED = re.compile(
    r"(?:\bmy\s{1,3}(?:full\s{1,3})?name\s{1,3}is|\b(?:his|her|their|father'?s?|brother'?s?)"
    r"\s{1,3}name\s{1,3}is|\b(?:mera|meraa|meri|mere|uska|uski|unka|iska|is\s{1,3}ka|us\s{1,3}ka)"
    r"\s{1,3}(?:naam|nam|name)(?:\s{1,3}(?:hai|he|hy|h))?\s{0,3}[:=-]?)"
    r"\s{1,3}(?P<name>" + _LATIN_NAME + r"(?:\s{1,3}" + _LATIN_NAME + r"){0,2})",
    re.IGNORECASE,
)
# "I am Imran", "main Imran hun", "Mr. Tariq": a name only when capitalised.
_SELF = re.compile(
    r"(?:\b(?:[Ii]\s{1,3}am|[Ii]'?m|[Tt]his\s{1,3}is|[Mm]ain|[Mm]ai|[Mm]ein|Mr|Mrs|Ms|Miss|Dr)"
    r"\.?\s{1,3})(?P<name>[A-Z][a-z'-]{1,30}(?:\s{1,3}[A-Z][a-z'-]{1,30}){0,2})"
)
# Urdu "میرا نام احمد علی ہے" and Pashto "زما نوم احمد خان دی": up to three words before
# the verb, also "د اجنټ نوم یې قیصر دی" ("his name"). "نام" and "نوم" as whole words: "نامی", "نامعلوم", "بدنام" hold no name.
_ARABIC_INTRODUCED = re.compile(
    r"(?<!" + ARABIC_LETTER + r")(?:نام|نوم)(?!" + ARABIC_LETTER + r")"
    r"(?:\s{1,3}(?:می|مې|مے|یې|ئې))?\s{0,3}[:：]?\s{0,3}"
    r"(?P<name>" + _ARABIC_NAME + r"(?:\s{1,3}" + _ARABIC_NAME + r"){0,2}?)"
    r"(?=\s{0,3}(?:ہے|ہیں|تھا|دی|دے|ده|و)(?:\s|[،,.۔!؟?]|$))"
)
# "نام: سارہ بی بی، عمر ...": after a colon, the words up to the punctuation.
_ARABIC_LABELLED = re.compile(
    r"(?<!" + ARABIC_LETTER + r")(?:نام|نوم)\s{0,3}[:：]\s{0,3}"
    r"(?P<name>"
    + _ARABIC_NAME
    + r"(?:\s{1,3}"
    + _ARABIC_NAME
    + r"){0,2}?)(?=\s{0,3}(?:[،,.۔!؟?\n]|$))"
)
# Hindi "मेरा नाम राकेश शर्मा है" and Nepali "मेरो नाम सीता थापा हो": up to three words
# between "नाम" and the verb (है, था, हो, छ), or after "नाम:" up to the punctuation.
_DEVANAGARI_NAME = r"[\u0900-\u0963\u0971-\u097f]{1,20}"
_DEVANAGARI_INTRODUCED = re.compile(
    r"नाम\s{0,3}[:：]?\s{0,3}"
    r"(?P<name>" + _DEVANAGARI_NAME + r"(?:\s{1,3}" + _DEVANAGARI_NAME + r"){0,2}?)"
    r"(?=\s{0,3}(?:है|हैं|था|थी|हो|छ|हुन्|थियो)(?:\s|[,.।!?]|$)|\s{0,3}(?:[,.।!?\n]|$))"
)
# A signature: a last line, or the line after "Regards,", of one to three capitalised words.
_SIGNATURE = re.compile(
    r"(?:^|\n)[ \t]{0,4}[-—–~]{0,2}[ \t]{0,2}(?P<name>"
    + LATIN_WORD
    + r"(?:[ \t]"
    + LATIN_WORD
    + r"){0,2})[ \t]{0,4}(?=\n|$)"
)
# Capitalised words just before a phone placeholder's place: "Ali Raza | 0300…".
_BEFORE_PHONE = re.compile(
    r"(?P<name>" + LATIN_WORD + r"(?:[ \t]" + LATIN_WORD + r"){0,2})[ \t]{0,2}[:|,\-–(]?[ \t]{0,2}$"
)
_WORDS = re.compile(r"\S+")
_CAPITAL = re.compile(r"[A-Z]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_BRAHMIC = re.compile(r"[\u0900-\u0dff]")
_STRIP = ".,'-:;|()"

Span = tuple[int, int, str]


@dataclass
class NameFinder:
    """Spans of names; ``not_names`` (folded) are words never taken as part of a name."""

    not_names: frozenset[str] = frozenset()
    words: WordPatterns | None = None
    lexicon: NameLexicon | None = None

    @cached_property
    def gates(self) -> PatternGates:
        """Which word patterns a text can match at all (most texts: none of them)."""
        return PatternGates(self.words.openings if self.words is not None else {})

    @cached_property
    def _brahmic_stems(self) -> tuple[str, ...]:
        """Known words in a South Asian script, four letters or more, longest first.

        Bengali, Sinhala and Tamil add case endings to the word itself (মিয়ানমারে, "in
        Myanmar"), so a word that starts with one of these is a known word too.
        """
        stems = {w for w in self.not_names if len(w) >= 4 and _BRAHMIC.search(w)}
        return tuple(sorted(stems, key=len, reverse=True))

    def _known(self, word: str) -> bool:
        """``word`` (stripped) is never part of a name."""
        folded = word.casefold()
        if folded in self.not_names:
            return True
        return bool(_BRAHMIC.search(folded)) and folded.startswith(self._brahmic_stems)

    def _leading_name(self, words: list[str]) -> list[str]:
        """The words of ``words`` up to the first that cannot be part of a name."""
        name: list[str] = []
        for word in words:
            if not word.strip(_STRIP) or self._known(word.strip(_STRIP)):
                break
            name.append(word)
        return name

    def _take(
        self,
        match: re.Match[str],
        group: str,
        found: list[Span],
        names: set[str],
        *,
        titled: bool = False,
        trailing: bool = False,
    ) -> None:
        """Take the name in ``group``: its leading words that can be part of a name (after a
        title, when ``titled``; its last such words when ``trailing``, for a name before
        "s/o")."""
        text = match.group(group)
        if not text:
            return
        parts = list(_WORDS.finditer(text))
        if trailing:
            kept: list[re.Match[str]] = []
            for part in reversed(parts):
                if part.group(0).strip(_STRIP).casefold() in self.not_names:
                    break
                kept.insert(0, part)
            if kept:
                offset = match.start(group)
                found.append((offset + kept[0].start(), offset + kept[-1].end(), "name"))
                names.update(p.group(0).strip(_STRIP) for p in kept if len(p.group(0)) >= 3)
            return
        head = parts[:1] if titled else []
        words = [p.group(0) for p in head] + self._leading_name(
            [part.group(0) for part in parts[len(head) :]]
        )
        if titled and len(words) < 2:
            return
        if not words:
            return
        offset = match.start(group)
        end = offset + parts[len(words) - 1].start() + len(words[-1].rstrip(_STRIP))
        found.append((offset, end, "name"))
        names.update(w.strip(_STRIP) for w in words if len(w.strip(_STRIP)) >= 3)

    def find(
        self,
        text: str,
        phones: Sequence[tuple[int, int]] = (),
        starts: WordStarts | None = None,
    ) -> list[Span]:
        """(start, end, "name") for every name found in ``text`` and its repetitions.

        ``phones`` are the spans of phone numbers already found: capitalised words right
        before one are a name ("Ali Raza | 0300 1234567"). ``starts`` are the word starts of
        ``text``, when the caller has them already.
        """
        found: list[Span] = []
        names: set[str] = set()
        # Each pattern is run only on a text that has what it needs: capitals, Arabic letters,
        # a word that begins as one of its listed words (``scrub_gate``).
        starts = starts or WordStarts(text)
        admit = self.gates.admit
        capitals = _CAPITAL.search(text) is not None
        arabic = _ARABIC.search(text) is not None
        # _INTRODUCED needs "name", "naam" or "nam" (IGNORECASE: folded alike, see scrub_gate)
        introduced = "nam" in starts.folded or "naa" in starts.folded
        patterns: list[re.Pattern[str]] = [_INTRODUCED] if introduced else []
        patterns += [_SELF] if capitals else []
        patterns += [_ARABIC_INTRODUCED, _ARABIC_LABELLED] if arabic else []
        patterns += [_DEVANAGARI_INTRODUCED] if _DEVANAGARI.search(text) else []
        if self.words is not None:
            w = self.words
            patterns += [w.name_labelled]
            patterns += (
                [w.name_after_latin, w.name_label_capitalised, w.name_before] if capitals else []
            )
            patterns += [w.name_after_arabic] if arabic else []
            brahmic = [w.name_label_brahmic, w.name_after_brahmic]
            patterns += brahmic if _BRAHMIC.search(text) else []
        if capitals and "\n" in text.strip():
            patterns.append(_SIGNATURE)
        for pattern in patterns:
            if not admit(pattern, starts):
                continue
            for match in pattern.finditer(text):
                self._take(match, "name", found, names)
        if self.words is not None:
            w = self.words
            titled = [w.titled_latin] if capitals else []
            titled += [w.titled_arabic] if arabic else []
            for pattern in titled:
                if not admit(pattern, starts):
                    continue
                for match in pattern.finditer(text):
                    self._take(match, "name", found, names, titled=True)
            trailing = [w.before_relation] + ([w.name_before_arabic] if arabic else [])
            for pattern in trailing:
                if not admit(pattern, starts):
                    continue
                for match in pattern.finditer(text):
                    self._take(match, "name", found, names, trailing=True)
            # A signature is the line after a sign-off: no line break, no signature.
            for pattern in (w.after_relation, w.signature) if "\n" in text else (w.after_relation,):
                if not admit(pattern, starts):
                    continue
                for match in pattern.finditer(text):
                    self._take(match, "name", found, names)
        for start, _end in phones if capitals else ():
            window_start = max(0, start - 80)
            before = _BEFORE_PHONE.search(text, window_start, start)
            if before:
                self._take(before, "name", found, names)
        if self.lexicon is not None:  # bare names nothing points at
            found.extend(self.lexicon.spans(text))
        for name in names:
            for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                found.append((match.start(), match.end(), "name"))
        return found

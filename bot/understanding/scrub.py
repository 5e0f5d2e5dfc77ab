"""Remove personal data of anyone from free text before anything stores or logs it.

``Scrubber.scrub`` replaces phone numbers, CNICs, passport, visa and other id numbers,
e-mails (also "name at gmail dot com"), IBANs, account and wallet numbers, handles, links,
dates of birth, postal addresses and names with typed placeholders (``[phone]``, ``[cnic]``,
``[passport]``, ``[id]``, ``[email]``, ``[iban]``, ``[account]``, ``[wallet]``, ``[handle]``,
``[link]``, ``[dob]``, ``[address]``, ``[name]``, and ``[number]`` for any other long
number), and keeps what agencies need (shared/DESIGN.md "Privacy by construction"): amounts,
ages, dates of events, times, flight numbers, places, OEP licence numbers, and the public
helplines of ``content/facts.yaml``.

How it works: detectors run in a fixed order over a *view* of the text in which every digit
is ASCII (Urdu ۰۳۰۰ reads as 0300, one character each, so positions line up). Each span a
detector claims, and each date, amount or helpline it protects, is blanked out of the view
so later, looser detectors cannot reach into it. Placeholders are then written into the
original text. Scrubbing is idempotent: placeholders match no detector.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from bot.understanding.normalize import remove_invisible, to_ascii_digits
from bot.understanding.scrub_addresses import AddressFinder
from bot.understanding.scrub_gate import WordStarts
from bot.understanding.scrub_lexicon import NameLexicon
from bot.understanding.scrub_names import NameFinder
from bot.understanding.scrub_shapes import (
    BIRTH_YEAR_DATE,
    DETECTORS,
    LIBRARY_CHECKS,
    LONG_NUMBER,
    PHONE_CANDIDATE,
    Need,
    library_phone,
)
from bot.understanding.scrub_sources import helplines, known_words
from bot.understanding.scrub_words import WordPatterns
from bot.understanding.vocabulary import read_yaml

PHONE_REGIONS = (
    "PK", "TH", "KH", "MM", "LA", "VN", "MY", "CN", "AE", "SA", "QA", "OM", "KW", "BH", "IN",
    "AF", "GB",
)  # fmt: skip
_BLANK = "\ue000"  # private-use character: neither digit, letter nor space
_KINDS = "phone|cnic|passport|id|email|iban|account|wallet|handle|link|dob|address|name|number"
_PLACEHOLDER = re.compile(r"\[(?:" + _KINDS + r")\]")


def _blank(view: str, start: int, end: int) -> str:
    return view[:start] + _BLANK * (end - start) + view[end:]


class Scrubber:
    """Replaces personal data in free text with typed placeholders; pure after ``load``."""

    def __init__(
        self,
        names: NameFinder | None = None,
        regions: Iterable[str] = PHONE_REGIONS,
        public_numbers: tuple[re.Pattern[str], ...] = (),
    ) -> None:
        self._names = names or NameFinder()
        self._words = self._names.words
        self._regions = tuple(regions)
        self._public = public_numbers
        self._gates = self._names.gates
        self._addresses = AddressFinder(self._names.not_names, self._gates)

    @classmethod
    def load(cls, content_dir: Path) -> Scrubber:
        """A scrubber with the words of ``personal_data.yaml`` and the helplines of facts.yaml."""
        path = content_dir / "understanding" / "personal_data.yaml"
        words = WordPatterns.build(read_yaml(path)) if path.exists() else None
        known = known_words(content_dir)
        lexicon = NameLexicon.load(content_dir / "understanding" / "names.yaml", known)
        return cls(NameFinder(known, words, lexicon), public_numbers=helplines(content_dir))

    def scrub(self, text: str) -> str:
        """The text with every piece of personal data replaced by its placeholder."""
        text = remove_invisible(text)
        view = to_ascii_digits(text)
        spans: list[tuple[int, int, str]] = []

        digits = sum(map(str.isdigit, view))
        lowered = view.lower()

        def claim(
            kind: str, pattern: re.Pattern[str], group: str | int = 0, need: Need = 0
        ) -> None:
            nonlocal view
            if need and not (digits >= need if isinstance(need, int) else need in lowered):
                return
            for match in pattern.finditer(view):
                if match.group(group) is None:
                    continue
                start, end = match.span(group)
                if kind == "link":
                    end = start + len(match.group(0).rstrip(".,;:!?)]}'\"،؟۔"))
                if kind != "protect":
                    spans.append((start, end, kind))
                view = _blank(view, start, end)

        claim("protect", _PLACEHOLDER)
        for pattern in self._public:
            claim("protect", pattern)
        words = self._words
        # Dates of birth before dates are protected (a birth is not an event); labelled only.
        if (
            words is not None
            and digits >= 4
            and self._gates.admit(words.birth_date, WordStarts(view))
        ):
            claim("dob", words.birth_date, "value", 4)
        claim("dob", BIRTH_YEAR_DATE, 0, 6)
        ids_done = words is None or digits < 5
        library_done = digits < 8
        for kind, pattern, need in DETECTORS:
            if kind == "phone" and not ids_done:  # labelled ids first: "visa no 12345678"
                view = self._labelled_ids(view, words, spans)  # type: ignore[arg-type]
                ids_done = True
            if kind == "phone" and not library_done:
                view = self._library_phones(view, spans)  # before the looser patterns below
                library_done = True
            group = "value" if "value" in pattern.groupindex else 0
            claim(kind, pattern, group, need)
        claim("number", LONG_NUMBER, 0, 9)
        starts = WordStarts(view)  # of the view addresses and names are read in
        if words is not None:
            addresses = self._addresses.find(view, words, starts)
            for start, end in addresses:
                spans.append((start, end, "address"))
                view = _blank(view, start, end)
            if addresses:  # blanks make new word starts
                starts = WordStarts(view)
        phones = [(s, e) for s, e, kind in spans if kind == "phone"]
        spans.extend(self._names.find(view, phones, starts))
        return _replace(text, spans)

    def _labelled_ids(
        self, view: str, words: WordPatterns, spans: list[tuple[int, int, str]]
    ) -> str:
        """Numbers after an id label ("passport number: AB-1234567", "visa no 12345678")."""
        if not self._gates.admit(words.ids, WordStarts(view)):
            return view
        for match in words.ids.finditer(view):
            value = match.group("value")
            count = sum(map(str.isdigit, value))
            if count >= 7 or (count >= 5 and (match.group("mark") or value[0].isalpha())):
                label = match.group("label").casefold()
                kind = "passport" if label.startswith(("pas", "pp", "پاس")) else "id"
                spans.append((*match.span("value"), kind))
                view = _blank(view, *match.span("value"))
        return view

    def _library_phones(self, view: str, spans: list[tuple[int, int, str]]) -> str:
        """Numbers libphonenumber finds valid in one of our regions (a bounded number of checks)."""
        checks = 0
        for match in PHONE_CANDIDATE.finditer(view):
            if checks >= LIBRARY_CHECKS:
                break
            candidate = match.group(0)
            if sum(map(str.isdigit, candidate)) < 8:
                continue
            checks += 1
            if library_phone(candidate, self._regions):
                spans.append((match.start(), match.end(), "phone"))
                view = _blank(view, match.start(), match.end())
        return view


def _replace(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Write placeholders over ``spans`` (merged where they overlap), right to left."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_kind = merged[-1]
            merged[-1] = (last_start, max(end, last_end), last_kind)
        else:
            merged.append((start, end, kind))
    for start, end, kind in reversed(merged):
        text = text[:start] + f"[{kind}]" + text[end:]
    return text

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
from typing import Any

from bot.understanding.normalize import remove_invisible, to_ascii_digits
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
from bot.understanding.scrub_words import WordPatterns
from bot.understanding.vocabulary import load_yaml_text, read_yaml

PHONE_REGIONS = (
    "PK", "TH", "KH", "MM", "LA", "VN", "MY", "CN", "AE", "SA", "QA", "OM", "KW", "BH", "IN",
    "AF", "GB",
)  # fmt: skip
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_BLANK = "\ue000"  # private-use character: neither digit, letter nor space
_KINDS = "phone|cnic|passport|id|email|iban|account|wallet|handle|link|dob|address|name|number"
_PLACEHOLDER = re.compile(r"\[(?:" + _KINDS + r")\]")
_NEXT_PART = re.compile(r"[ \t]{0,2}[,،][ \t]{0,2}(?P<part>[^,،\n.|;:]{1,40})")
_ADDRESS_PARTS = 6
_PART_END = re.compile(r"[ \t]{0,2}(?:[,،.۔\n]|$)")
_NEXT_WORD = re.compile(r"[ \t]{1,2}(?P<word>[^\s,،.|;:()]{1,30})")
_PART_WORD = re.compile(r"[^\s\-]+")
_VOCABULARY_FILES = ("places.yaml", "redflags.yaml", "money.yaml", "topics.yaml")
_WORD_FILES = ("not_names.txt", "english.txt", "loanwords.txt", "roman_urdu.txt")


def _blank(view: str, start: int, end: int) -> str:
    return view[:start] + _BLANK * (end - start) + view[end:]


def _strings(node: object) -> Iterable[str]:
    """Every string in a YAML tree (keys included)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def known_words(content_dir: Path) -> frozenset[str]:
    """Words that are never part of a name: places, vocabularies, everyday words."""
    folder = content_dir / "understanding"
    words: set[str] = set()
    for name in _WORD_FILES:
        path = folder / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                words.update(line.split("#", 1)[0].split())
    for name in _VOCABULARY_FILES:
        path = folder / name
        if path.exists():
            for text in _strings(load_yaml_text(path.read_text(encoding="utf-8"))):
                words.update(text.replace("*", " ").split())
    arabic = folder / "arabic_script.yaml"
    if arabic.exists():
        for text in _strings(load_yaml_text(arabic.read_text(encoding="utf-8"))):
            if " " not in text.strip() and len(text) < 20:
                words.add(text)
    return frozenset(w.strip(".,'-:;|()").casefold() for w in words if w)


def helplines(content_dir: Path) -> tuple[re.Pattern[str], ...]:
    """The public phone numbers of facts.yaml, each as a pattern forgiving separators."""
    path = content_dir / "facts.yaml"
    if not path.exists():
        return ()
    raw = load_yaml_text(path.read_text(encoding="utf-8"))
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    facts: dict[str, Any] = data.get("facts") or {}
    patterns = []
    for fact in facts.values():
        if isinstance(fact, dict) and fact.get("kind") == "phone":
            for number in str(fact.get("value", "")).split(","):
                digits = re.sub(r"\D", "", number)
                if len(digits) >= 5:
                    plus = r"\+?" if number.strip().startswith("+") else ""
                    body = r"[ \-.()]{0,2}".join(digits)
                    patterns.append(re.compile(r"(?<!\d)" + plus + body + r"(?!\d)"))
    return tuple(patterns)


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
        if words is not None:  # before dates are protected: a date of birth is not an event
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
        if words is not None:
            view = self._addresses(view, words, spans)
        phones = [(s, e) for s, e, kind in spans if kind == "phone"]
        spans.extend(self._names.find(view, phones))
        return _replace(text, spans)

    @staticmethod
    def _labelled_ids(view: str, words: WordPatterns, spans: list[tuple[int, int, str]]) -> str:
        """Numbers after an id label ("passport number: AB-1234567", "visa no 12345678")."""
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

    def _addresses(self, view: str, words: WordPatterns, spans: list[tuple[int, int, str]]) -> str:
        """An address word and what names it, then the parts after it up to a city or country."""
        found = []
        if _ARABIC_LETTER.search(view):
            for match in words.address_chain.finditer(view):
                found.append((match.start(), self._more_parts(view, match.end(), words)))
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
        for start, end in found:
            spans.append((start, end, "address"))
            view = _blank(view, start, end)
        return view

    def _more_parts(self, view: str, end: int, words: WordPatterns) -> int:
        """Where an address ends: over the comma-separated parts after ``end`` that are
        address parts or the locality before a city."""
        for _ in range(_ADDRESS_PARTS):
            part = _NEXT_PART.match(view, end)
            if part is None or not (
                self._address_part(part.group("part"), words) or self._locality(view, part, words)
            ):
                break
            end = part.start("part") + len(part.group("part").rstrip())
        return end

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
        known = self._names.not_names
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

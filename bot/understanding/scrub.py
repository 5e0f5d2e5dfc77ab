"""Remove personal data from free text before anything stores or logs it.

``Scrubber.scrub`` replaces phone numbers, CNICs, passport numbers, emails, IBANs, bank
account numbers, handles, links and the names people introduce with typed placeholders
(``[phone]``, ``[cnic]``, ``[passport]``, ``[email]``, ``[iban]``, ``[account]``,
``[handle]``, ``[link]``, ``[name]``, and ``[number]`` for any other long number), and keeps
what agencies need: amounts, ages, dates, times, flight numbers, places.

How it works: detectors run in a fixed order over a *view* of the text in which every digit
is ASCII (Urdu ۰۳۰۰ reads as 0300, one character each, so positions line up). Each span a
detector claims, and each date or amount it protects, is blanked out of the view so later,
looser detectors cannot reach into it. Placeholders are then written into the original text.
Scrubbing is idempotent: placeholders match no detector.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from phonenumbers import Leniency, PhoneNumberMatcher

from bot.understanding.normalize import remove_invisible, to_ascii_digits
from bot.understanding.phone_gate import MIN_PHONE_DIGITS, digits_in, may_hold_phone_number
from bot.understanding.regex_needs import Needs, count_digits
from bot.understanding.scrub_names import NameFinder

PHONE_REGIONS = (
    "PK",
    "TH",
    "KH",
    "MM",
    "LA",
    "VN",
    "MY",
    "CN",
    "AE",
    "SA",
    "QA",
    "OM",
    "KW",
    "BH",
    "IN",
    "AF",
    "GB",
)
_BLANK = "\ue000"  # private-use character: neither digit, letter nor space
_PLACEHOLDER = re.compile(r"\[(?:phone|cnic|passport|email|iban|account|handle|link|name|number)\]")

_SEP = r"[ \-.()\u00a0]{0,2}"
_TLDS = (
    r"com|net|org|info|biz|pk|in|me|ly|io|co|app|xyz|site|online|top|link|club|shop|"
    r"live|store|vip|cc|tk|ru|cn|th|kh|mm|la|ae|sa|qa|uk|us"
)

# (placeholder, pattern), tried in this order; later patterns are looser. "protect" spans
# (dates, times, amounts) are kept but hidden from later patterns; a None pattern stands for
# libphonenumber's matcher.
_DETECTORS: tuple[tuple[str, re.Pattern[str] | None], ...] = (
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")),
    (
        "link",
        re.compile(
            r"(?:https?://|www\.)[^\s<>\"]+"
            r"|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:" + _TLDS + r")\b(?:/[^\s<>\"]*)?",
            re.IGNORECASE,
        ),
    ),
    ("handle", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")),
    (
        "iban",
        re.compile(
            r"(?<![A-Za-z0-9])(?:[A-Za-z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?"
            r"|[A-Za-z]{2}\d{2}(?=(?:[A-Za-z]*\d){10})[A-Za-z0-9]{11,30})(?![A-Za-z0-9])"
        ),
    ),
    (
        "account",
        re.compile(
            r"(?:\b(?:account|acc|acct|a/c|khata|bank)|اکاؤنٹ|اکاونٹ|حساب|بینک)\W{0,3}"
            r"(?:no|number|num|#|نمبر|شمیره)?\W{0,3}(?P<value>\d(?:[ -]?\d){6,})",
            re.IGNORECASE,
        ),
    ),
    ("cnic", re.compile(r"(?<![\d+])\d{5}[ \-\u2010-\u2015]?\d{7}[ \-\u2010-\u2015]?\d(?!\d)")),
    (
        "protect",
        re.compile(
            r"(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))(?!\d)"
            r"|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
        ),
    ),
    (
        "protect",
        re.compile(  # amounts: at most 7 digits, with a currency or a multiplier
            r"(?:\b(?:rs|pkr|usd|aed|sar|thb|inr)\.?|[$€£฿])[ ]?\d{1,7}(?:[,.]\d{1,3})*(?!\d)"
            r"|(?<![\d+])\d{1,7}(?:[,.]\d{1,3})*(?:k\b|[ ]?(?:lakh|lac|hazar|thousand|million|"
            r"dollars?|usd|baht|thb|rs\b|rupees?|pkr|riyals?|dirhams?|aed|sar|usdt|kyat|riel|kip|"
            r"ringgit|yuan|rmb|ڈالر|روپے|ہزار|"
            r"لاکھ|ډالر|روپۍ|زره|لکه|باټ|بات|درهم|ریال))",
            re.IGNORECASE,
        ),
    ),
    ("phone", None),
    (
        "phone",
        re.compile(
            r"(?<![\w+])(?:(?:\+|00)"
            + _SEP
            + r"9"
            + _SEP
            + r"2|9"
            + _SEP
            + r"2|0)"
            + _SEP
            + r"3(?:"
            + _SEP
            + r"\d){9}(?!\d)"
        ),
    ),
    ("phone", re.compile(r"(?<![\w+])(?:\+|00)" + _SEP + r"[1-9](?:" + _SEP + r"\d){6,14}(?!\d)")),
    (
        "phone",
        re.compile(  # partly masked: +66 8x xxx xxxx, 0300-12xxxxx
            r"(?<![\w+])(?:(?:\+|00)\s?\d{1,3}|0\d{2,3})[ \-.]?(?:[\dxX*•#][ \-.]?){4,12}[\dxX*•#]"
            r"(?![\w*•#])"
        ),
    ),
    ("phone", re.compile(r"(?<![\w+])0[1-9]\d{1,3}[ -]?\d{6,8}(?!\d)")),
    (
        "passport",
        re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{2}[ ]?\d{7}|[A-Za-z]\d{7,8})(?![A-Za-z0-9])"),
    ),
    (
        "passport",
        re.compile(
            r"(?:\b(?:passport|pasport|pp)|پاسپورٹ|پاسپورټ)\W{0,3}(?:no|number|num|#|نمبر|شمیره)?\W{0,3}"
            r"(?P<value>[A-Za-z]{0,3}\d{6,9})(?![A-Za-z0-9])",
            re.IGNORECASE,
        ),
    ),
    ("number", re.compile(r"(?<![\w+])\d(?:[ \-.]?\d){8,}(?!\d)")),
)


# What each detector needs from a text (an "@", nine digits): a text without it is not
# searched. Blanking only takes characters away, so a need unmet at the start stays unmet.
_NEEDS = tuple(Needs.of(pattern) if pattern else Needs() for _, pattern in _DETECTORS)


def _blank(view: str, start: int, end: int) -> str:
    return view[:start] + _BLANK * (end - start) + view[end:]


class Scrubber:
    """Replaces personal data in free text with typed placeholders; pure after ``load``."""

    def __init__(self, names: NameFinder | None = None, regions: Iterable[str] = PHONE_REGIONS):
        self._names = names or NameFinder()
        self._regions = tuple(regions)

    @classmethod
    def load(cls, content_dir: Path) -> Scrubber:
        """A scrubber that knows the non-names listed in ``content_dir/understanding``."""
        return cls(NameFinder.load(content_dir))

    def scrub(self, text: str) -> str:
        """The text with every piece of personal data replaced by its placeholder."""
        text = remove_invisible(text)
        view = to_ascii_digits(text)
        spans: list[tuple[int, int, str]] = []
        for match in _PLACEHOLDER.finditer(view):
            view = _blank(view, match.start(), match.end())
        digits = count_digits(view)
        for (kind, pattern), needs in zip(_DETECTORS, _NEEDS, strict=True):
            if digits < needs.digits or (needs.text and not needs.met_by(view, digits)):
                continue
            if pattern is None:
                view = self._library_phones(view, spans)
                continue
            group = "value" if "value" in pattern.groupindex else 0
            for match in pattern.finditer(view):
                start, end = match.span(group)
                if kind == "link":
                    end = start + len(match.group(0).rstrip(".,;:!?)]}'\"،؟۔"))
                if kind != "protect":
                    spans.append((start, end, kind))
                view = _blank(view, start, end)
        spans.extend(self._names.find(view))
        return _replace(text, spans)

    def _library_phones(self, view: str, spans: list[tuple[int, int, str]]) -> str:
        """Numbers that libphonenumber finds valid in any of our regions."""
        if not may_hold_phone_number(view):
            return view
        for region in self._regions:
            for match in PhoneNumberMatcher(view, region, leniency=Leniency.VALID):
                if digits_in(match.raw_string) < MIN_PHONE_DIGITS:
                    continue
                spans.append((match.start, match.end, "phone"))
                view = _blank(view, match.start, match.end)
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

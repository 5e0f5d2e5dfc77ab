"""Recruiter indicators in a text: phone numbers, Telegram/WhatsApp handles, links, companies.

Pure. Every form of one indicator normalises to one value, so matching is exact after
normalisation and never fuzzy: "0300-1234567", "+92 300 1234567", "923001234567",
"wa.me/923001234567" and "۰۳۰۰۱۲۳۴۵۶۷" are all ``+923001234567`` (E.164, with the user's home
country as the region for numbers written without a country code). Company names are never
guessed from an ad; they come from a list and are found as whole words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers

KINDS = ("phone", "handle", "link", "company")
DEFAULT_REGION = "PK"
MAX_TEXT = 8000  # characters read from one message; an ad is far shorter
INDICATORS_KEPT = 2_000  # texts whose indicators are remembered (find_indicators)

# Arabic-Indic (Urdu/Arabic) and Extended Arabic-Indic (Persian/Urdu) digits to ASCII.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_HANDLE = re.compile(r"(?<![\w.@])@([A-Za-z][A-Za-z0-9_]{4,31})\b")
_CHAT_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)/(?:s/)?([A-Za-z][A-Za-z0-9_]{4,31})\b",
    re.IGNORECASE,
)
_WA_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:wa\.me|api\.whatsapp\.com/send\?phone=)/?\+?(\d{8,15})",
    re.IGNORECASE,
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|pk|xyz|online|site|top|club|co|io|me|ly|link|shop)(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_CHAT_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog", "wa.me", "api.whatsapp.com"})


@dataclass(frozen=True, order=True)
class Indicator:
    """One normalised indicator: ``kind`` in :data:`KINDS`, ``value`` its normal form."""

    kind: str
    value: str

    def key(self) -> str:
        """``kind:value``, the form hashed for follow-up watches."""
        return f"{self.kind}:{self.value}"


def plain_digits(text: str) -> str:
    """``text`` with Urdu, Persian and Arabic digits written as ASCII digits."""
    return text.translate(DIGITS)


def normal_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """E.164 form of one phone number, or None when it is not a valid number."""
    text = plain_digits(raw).strip()
    digits = re.sub(r"\D", "", text)
    candidates = [text]
    if digits and not text.startswith(("+", "00", "0")):
        candidates.append("+" + digits)  # "923001234567": a country code without its plus
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def shown_phone(e164: str) -> str:
    """A normalised number as people read it: ``+92 300 1234567``."""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normal_handle(raw: str) -> str | None:
    """A Telegram username without ``@`` or ``t.me/``, lower case; None if it is not one."""
    text = raw.strip()
    link = _CHAT_LINK.fullmatch(text)
    name = link.group(1) if link else text.removeprefix("@")
    return name.lower() if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{4,31}", name) else None


def normal_link(raw: str) -> str | None:
    """Host (no ``www.``) and path of a web address, lower case, no scheme or trailing slash."""
    text = raw.strip().rstrip(".,;:!?)»”")
    if not text:
        return None
    parts = urlsplit(text if "://" in text else "http://" + text)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if "." not in host:
        return None
    path = parts.path.rstrip("/").lower()
    return host + path


def normal_company(raw: str) -> str | None:
    """A company name case-folded with punctuation and spacing collapsed."""
    words = _NOT_WORD.sub(" ", plain_digits(raw).casefold()).split()
    return " ".join(words) if words else None


def normalise(kind: str, raw: str, region: str = DEFAULT_REGION) -> str | None:
    """The normal form of ``raw`` as an indicator of ``kind``; None when it is not one."""
    if kind == "phone":
        return normal_phone(raw, region)
    if kind == "handle":
        return normal_handle(raw)
    if kind == "link":
        return normal_link(raw)
    if kind == "company":
        return normal_company(raw)
    raise ValueError(f"unknown indicator kind {kind!r}")


@lru_cache(maxsize=INDICATORS_KEPT)
def find_indicators(text: str, region: str = DEFAULT_REGION) -> frozenset[Indicator]:
    """Every phone number, handle and link in ``text`` (companies: :func:`mentions_company`).

    Remembered for the last texts: libphonenumber's matcher is most of what a text costs
    the agency's lookups, every text passes here once or twice, and people send the same
    short texts again and again (as :meth:`bot.understanding.pipeline.Understanding.analyze`
    remembers its readings). The answer is frozen, so it can be shared.
    """
    text = plain_digits(text[:MAX_TEXT])
    found: set[Indicator] = set()
    for number in phonenumbers.PhoneNumberMatcher(text, region):
        e164 = phonenumbers.format_number(number.number, phonenumbers.PhoneNumberFormat.E164)
        found.add(Indicator("phone", e164))
    for match in _WA_LINK.finditer(text):
        phone = normal_phone("+" + match.group(1), region)
        if phone:
            found.add(Indicator("phone", phone))
    for pattern in (_HANDLE, _CHAT_LINK):
        for match in pattern.finditer(text):
            found.add(Indicator("handle", match.group(1).lower()))
    for match in _URL.finditer(text):
        if match.start() and text[match.start() - 1] in "@.":
            continue  # the domain of an e-mail address, not a link
        link = normal_link(match.group(0))
        if link and link.split("/")[0] not in _CHAT_HOSTS:
            found.add(Indicator("link", link))
    return frozenset(found)


def mentions_company(text: str, companies: Iterable[str]) -> list[str]:
    """The listed (normalised) company names that occur in ``text`` as whole words."""
    haystack = f" {normal_company(text[:MAX_TEXT]) or ''} "
    return [name for name in companies if f" {name} " in haystack]

"""Personal data recognised by its shape: phone numbers, CNICs, e-mails, links, ids.

Each detector is a regular expression written so that its work grows linearly with the text:
every repetition that could scan far is bounded (an e-mail's local part has at most 64
characters, a domain label 63), so a 4,096-character message of nothing but ``a.a.a.…`` or
``1/1/1/…`` costs the same few passes as any other (``tests/understanding/test_bounded.py``).

Phone numbers in formats our own patterns do not know (a Qatari 8-digit number, a Cambodian
landline) are checked with libphonenumber, but only on short candidates cut out by
``PHONE_CANDIDATE`` and at most ``LIBRARY_CHECKS`` of them per message: libphonenumber's own
matcher, run on a whole message, costs about a second on a text made of digits.
"""

from __future__ import annotations

import re

import phonenumbers

_SEP = r"[ \-.()\u00a0]{0,2}"
_TLDS = (
    r"com|net|org|info|biz|pk|in|me|ly|io|co|app|xyz|site|online|top|link|club|shop|"
    r"live|store|vip|cc|tk|ru|cn|th|kh|mm|la|ae|sa|qa|uk|us"
)
_DOMAIN_LABEL = r"[a-z0-9-]{1,63}"
_AT = r"(?:\s{1,2}at\s{1,2}|\s{0,2}(?:\(at\)|\[at\])\s{0,2})"
_DOT = r"(?:\s{1,2}dot\s{1,2}|\s{0,2}(?:\(dot\)|\[dot\])\s{0,2}|\.)"

# (placeholder, pattern, need), tried in this order; later patterns are looser. "protect"
# spans (dates, times, amounts) are kept but hidden from later patterns. A group named
# ``value`` is what goes; otherwise the whole match. ``need`` is what every match holds, so
# that a text without it is not searched (most messages have few digits): a string it
# contains ("@", "."), or the fewest digits a match has (written by hand next to each
# pattern; tests/understanding/test_scrub.py has samples of every kind).
Need = str | int
# A full date whose year is 1940-2009 is someone's birth, not an event of a job search
# ("01-01-1970", "۱۹۹۵/۰۴/۱۰" once digits are ASCII), with or without a "DOB" label.
BIRTH_YEAR_DATE = re.compile(
    r"(?<![\d/.\-])(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19[4-9]\d|200\d)"
    r"|(?:19[4-9]\d|200\d)[/.\-]\d{1,2}[/.\-]\d{1,2})(?![\d/.\-])"
)

DETECTORS: tuple[tuple[str, re.Pattern[str], Need], ...] = (
    ("email", re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,4}\.[A-Za-z]{2,12}"), "@"),
    (  # written out to dodge filters: "ahmed.khan at gmail dot com", "ali [at] yahoo [dot] com"
        "email",
        re.compile(
            r"(?<![\w.])[\w.+-]{1,64}(?:\s{1,2}(?:dot|underscore|dash|hyphen)\s{1,2}[\w+-]{1,64}){0,3}"
            + _AT
            + r"[\w-]{1,63}(?:"
            + _DOT
            + r"[\w-]{1,63}){0,3}"
            + _DOT
            + r"(?:"
            + _TLDS
            + r")\b",
            re.IGNORECASE,
        ),
        "at",
    ),
    (
        "link",
        re.compile(
            r"(?:https?://|www\.)[^\s<>\"]{1,2000}"
            r"|(?<![\w@.])(?:" + _DOMAIN_LABEL + r"\.){1,6}(?:" + _TLDS + r")\b"
            r"(?:/[^\s<>\"]{0,2000})?",
            re.IGNORECASE,
        ),
        ".",
    ),
    (
        "handle",
        re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{0,63}(?:\.[A-Za-z0-9_]{1,63}){0,3}"),
        "@",
    ),
    (
        "iban",
        re.compile(
            r"(?<![A-Za-z0-9])(?:[A-Za-z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?"
            r"|[A-Za-z]{2}\d{2}(?=(?:[A-Za-z]{0,30}\d){10})[A-Za-z0-9]{11,30})(?![A-Za-z0-9])"
        ),
        12,
    ),
    (  # crypto wallets: Ethereum/BSC, TRON (USDT TRC20), Bitcoin
        "wallet",
        re.compile(
            r"(?<![A-Za-z0-9])(?:0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33}"
            r"|bc1[0-9a-z]{25,59}|[13][1-9A-HJ-NP-Za-km-z]{25,34})(?![A-Za-z0-9])"
        ),
        0,
    ),
    (
        "account",
        re.compile(
            r"(?:\b(?:account|acc|acct|a/c|khata|bank)|اکاؤنٹ|اکاونٹ|حساب|بینک)\W{0,3}"
            r"(?:no|number|num|#|نمبر|شمیره)?\W{0,3}(?P<value>\d(?:[ -]?\d){6,30})",
            re.IGNORECASE,
        ),
        7,
    ),
    (
        "cnic",
        re.compile(r"(?<![\d+])\d{5}[ \-\u2010-\u2015]?\d{7}[ \-\u2010-\u2015]?\d(?!\d)"),
        13,
    ),
    (
        "protect",
        re.compile(
            r"(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))(?!\d)"
            r"|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
        ),
        3,
    ),
    (
        "protect",
        re.compile(  # amounts: at most 7 digits, with a currency or a multiplier
            r"(?:\b(?:rs|pkr|usd|aed|sar|thb|inr)\.?|[$€£฿])[ ]?\d{1,7}(?:[,.]\d{1,3}){0,3}(?!\d)"
            r"|(?<![\d+])\d{1,7}(?:[,.]\d{1,3}){0,3}(?:k\b|[ ]?(?:lakh|lac|hazar|thousand|million|"
            r"dollars?|usd|baht|thb|rs\b|rupees?|pkr|riyals?|dirhams?|aed|sar|usdt|kyat|riel|kip|"
            r"ringgit|yuan|rmb|ڈالر|روپے|ہزار|"
            r"لاکھ|ډالر|روپۍ|زره|لکه|باټ|بات|درهم|ریال))",
            re.IGNORECASE,
        ),
        1,
    ),
    (
        "phone",
        re.compile(
            r"(?<![\w+])(?:(?:\+|00)" + _SEP + r"9" + _SEP + r"2|9" + _SEP + r"2|0)"
            r"" + _SEP + r"3(?:" + _SEP + r"\d){9}(?!\d)"
        ),
        10,
    ),
    (
        "phone",
        re.compile(r"(?<![\w+])(?:\+|00)" + _SEP + r"[1-9](?:" + _SEP + r"\d){6,14}(?!\d)"),
        7,
    ),
    (
        "phone",
        re.compile(  # partly masked: +66 8x xxx xxxx, 0300-12xxxxx
            r"(?<![\w+])(?:(?:\+|00)\s?\d{1,3}|0\d{2,3})[ \-.]?(?:[\dxX*•#][ \-.]?){4,12}[\dxX*•#]"
            r"(?![\w*•#])"
        ),
        3,
    ),
    ("phone", re.compile(r"(?<![\w+])0[1-9]\d{1,3}[ -]?\d{6,8}(?!\d)"), 8),
    (
        "passport",
        re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{2}[ -]?\d{7}|[A-Za-z]\d{7,8})(?![A-Za-z0-9])"),
        7,
    ),
)

# Any other long number (nine digits or more, perhaps grouped) goes too; run last, after the
# labelled ids and the library's phone numbers.
LONG_NUMBER = re.compile(r"(?<![\w+])\d(?:[ \-.]{0,3}\d){8,40}(?!\d)")

# A stretch that may be one phone number: digits in groups of two or more, with at most one
# separator between groups, 8–15 digits in all (checked by the caller).
PHONE_CANDIDATE = re.compile(r"(?<![\w+])\+?\(?\d{2,5}\)?(?:[ \-.\u00a0]?\(?\d{2,5}\)?){1,5}(?!\d)")
LIBRARY_CHECKS = 24
MIN_PHONE_DIGITS = 8  # a 7-digit "valid" number is more often an amount
MAX_PHONE_DIGITS = 15


def library_phone(candidate: str, regions: tuple[str, ...]) -> bool:
    """Whether libphonenumber calls ``candidate`` a valid number in one of ``regions``."""
    digits = sum(map(str.isdigit, candidate))
    if not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        return False
    for region in (None,) if candidate.startswith("+") else regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False

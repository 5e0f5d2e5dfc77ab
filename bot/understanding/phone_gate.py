"""Whether a text can hold a phone number libphonenumber would find, without asking it.

The scrubber runs libphonenumber's matcher for 17 regions, which costs about a millisecond
on a text with many digits. It keeps only numbers of at least 8 digits, so a text where no
stretch of characters the matcher can use holds 8 digits needs no matcher at all.
"""

from __future__ import annotations

import hashlib
import re

from phonenumbers import phonenumbermatcher

# libphonenumber only reports a number made of characters its candidate pattern allows:
# digits, these punctuation marks and the letters of extension words ("ext", "anexo").
# Where no run of such characters holds 8 digits (the fewest a kept number has), no region
# can find a number, so the 17 regions' matchers are not run. The set was checked against
# the pattern (with its case folding) character by character; a phonenumbers release with
# another pattern turns the shortcut off.
_OUTSIDE_PHONE_NUMBER = re.compile(
    r"[^\d\t #()+,\-./:;=\[\]aeinostx~\xa0\xad\xf3\u0301\u0431\u0434\u043e\u200b\u2010-\u2015"
    r"\u2053\u2060\u2212\u223c\u3000\u30fc\uff03\uff08\uff09\uff0b\uff0d\uff0e\uff0f\uff3b"
    r"\uff3d\uff45\uff49\uff4e\uff54\uff58\uff5e]+",
    re.IGNORECASE,
)
_CHECKED_PATTERN = "ed9f9f37722654cad1abae33c2b555b20bf1be79625b3ce33181e89ff66c4022"
MIN_PHONE_DIGITS = 8  # a 7-digit "valid" number is more often an amount


def _pattern_checked() -> bool:
    """Whether phonenumbers' candidate pattern is the one ``_OUTSIDE_PHONE_NUMBER`` fits."""
    pattern = getattr(phonenumbermatcher, "_PATTERN", None)
    if not isinstance(pattern, re.Pattern):
        return False
    seen = f"{pattern.flags}:{pattern.pattern}".encode()
    return hashlib.sha256(seen).hexdigest() == _CHECKED_PATTERN


_SHORTCUT = _pattern_checked()


def digits_in(text: str) -> int:
    """Characters of ``text`` that ``str.isdigit`` counts (how the scrubber counts digits)."""
    return sum(map(str.isdigit, text))


def may_hold_phone_number(view: str) -> bool:
    """False only when no phone number of at least 8 digits can be found in ``view``."""
    if digits_in(view) < MIN_PHONE_DIGITS:
        return False
    return not _SHORTCUT or any(
        digits_in(run) >= MIN_PHONE_DIGITS for run in _OUTSIDE_PHONE_NUMBER.split(view)
    )

"""Keeping dates, numbers, phone numbers, amounts, URLs and e-mails readable in Urdu and Pashto.

In a right-to-left paragraph the Unicode bidirectional algorithm lays out the *weak* characters
of a date or a phone number (digits, ``-``, ``/``, ``.``, ``+``) by their Arabic-script
neighbours: ``2026-11-22`` after an Urdu word shows as ``22-11-2026`` and a URL falls apart at
its slashes. Wrapping each such run in a left-to-right isolate (U+2066 LRI … U+2069 PDI) makes
it one left-to-right unit that the paragraph around it cannot reorder, and an isolate is skipped
when a client picks a paragraph's direction from its first strong letter, so a line that starts
with a number stays right-to-left.

This runs once, on every reply rendered in a right-to-left language (:func:`for_reply`), never
in the texts themselves: volunteers write plain text and the content stays searchable.

Links must stay clickable and must not contain the isolates:

- A run inside ``<a>``, ``<code>`` or ``<pre>`` is never split: when such an element holds no
  right-to-left letter, the isolates go *around* the whole element, outside the tags, so the
  entity Telegram computes from the HTML (offsets in UTF-16 code units) covers the link text
  only.
- A bare URL or e-mail in the text is wrapped like a number. Telegram detects those itself
  (``url`` / ``email`` entities); TDLib's detector (``is_url_unicode_symbol`` in
  ``td/telegram/MessageEntity.cpp``, read 2026-12-02) ends a link at any General Punctuation
  character other than ZWNJ, ZWJ and dashes, so U+2066–U+2069 never become part of the link.
- Tags and attribute values (``href``) are copied untouched.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.replies import Reply

LRI = "\u2066"  # left-to-right isolate
FSI = "\u2068"  # first-strong isolate
PDI = "\u2069"  # pop directional isolate
_ISOLATES = "\u2066\u2067\u2068\u2069"

# Letters of the right-to-left scripts the content uses (Arabic script: Urdu, Pashto).
_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Elements whose text is one unit: links and code are isolated whole, from the outside.
_ATOMIC = frozenset({"a", "code", "pre"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>")
_ALREADY_ISOLATED = re.compile(r"[\u2066\u2067\u2068][^\u2069]*\u2069")

_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_URL = r"(?:https?://|www\.)[^\s<>\"\u2066-\u2069]*[^\s<>\"\u2066-\u2069.,;:!?)\]'’]"
# A bare domain with a path or a known ending: beoe.gov.pk/list-of-oeps, fia.gov.pk.
_DOMAIN = (
    r"(?<![\w@.])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:pk|com|org|net|gov|int|af|th)"
    r"(?![A-Za-z0-9-])(?:/[^\s<>\"\u2066-\u2069]*[^\s<>\"\u2066-\u2069.,;:!?)\]'’])?"
)
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
# A number with what belongs to it: +92 51 9201000, 0300-1234567, 2026-11-22, 22/11/2026,
# Rs15,000, $1,000–2,000, USD 1,000, 3.5%, 2814/LHR. Groups may be joined by single spaces
# (phone numbers); a currency word or sign may come first.
_NUMBER = (
    r"(?:(?:(?<![A-Za-z])(?:Rs\.?|PKR|USD|AED|SAR|THB)|[$€£+])[ \u00a0]?)?"
    rf"{_DIGIT}+(?:(?:[-/.,:–]|[ \u00a0](?={_DIGIT}))+{_DIGIT}+)*"
    r"(?:%|/[A-Z]{2,4}\b)?"
)
_ENTITY = r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);"  # &amp; &#39;: never split, never wrapped
_RUN = re.compile(rf"(?P<entity>{_ENTITY})|{_URL}|{_EMAIL}|{_DOMAIN}|{_NUMBER}")


def isolate(html: str) -> str:
    """``html`` with every left-to-right run (number, date, URL, e-mail) inside an isolate.

    Idempotent: a run already inside an isolate is left alone.
    """
    out: list[str] = []
    position = 0
    atomic: list[str] = []  # names of open atomic elements
    atomic_start = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1) == "/", match.group(2).lower()
        if not atomic:
            out.append(_isolate_text(html[position : match.start()]))
            if name in _ATOMIC and not closing:
                atomic.append(name)
                atomic_start = match.start()
            else:
                out.append(match.group(0))
        elif name == atomic[-1]:
            if closing:
                atomic.pop()
            else:
                atomic.append(name)
            if not atomic:
                out.append(_isolate_element(html[atomic_start : match.end()]))
        position = match.end()
    if atomic:  # unbalanced (never from checked content): copy it as it is
        out.append(html[atomic_start:])
    else:
        out.append(_isolate_text(html[position:]))
    return "".join(out)


def isolate_plain(text: str) -> str:
    """:func:`isolate` for plain text (a picture card's line): no tags to skip."""
    return _isolate_text(text)


def has_rtl_letter(text: str) -> bool:
    """Whether ``text`` holds a letter of a right-to-left script."""
    return _RTL_LETTER.search(text) is not None


def for_reply(reply: Reply) -> Reply:
    """The reply as a user of its language should see it: isolated when it is right-to-left."""
    if reply.direction != "rtl" or not reply.text:
        return reply
    return replace(reply, text=isolate(reply.text))


def foreign(text: str, direction: str) -> str:
    """A phrase in another script (an English source title) placed inside a ``direction``
    text: first-strong isolated, so its brackets and dates follow its own direction."""
    return f"{FSI}{text}{PDI}" if direction == "rtl" and text else text


def _isolate_element(element: str) -> str:
    """A whole link or code element, isolated from the outside when it reads left to right."""
    visible = _TAG.sub("", element)
    if _RTL_LETTER.search(visible) or not visible.strip():
        return element
    if element.startswith(LRI) or (visible[:1] in _ISOLATES):
        return element
    return f"{LRI}{element}{PDI}"


def _isolate_text(text: str) -> str:
    """Isolate the runs of one text node, leaving runs already isolated as they are."""
    if not text:
        return text
    out: list[str] = []
    position = 0
    for done in _ALREADY_ISOLATED.finditer(text):
        out.append(_RUN.sub(_wrap, text[position : done.start()]))
        out.append(done.group(0))
        position = done.end()
    out.append(_RUN.sub(_wrap, text[position:]))
    return "".join(out)


def _wrap(match: re.Match[str]) -> str:
    run = match.group(0)
    if match.group("entity") or run.isdecimal():  # a bare integer (1991, ۲۰) cannot reorder
        return run
    return f"{LRI}{match.group(0)}{PDI}"

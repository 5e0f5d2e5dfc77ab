"""Telegram's HTML subset: escaping volunteer text and checking that tags are allowed and balanced.

Content files are written by hand. A stray ``<`` or an unclosed ``<b>`` would make Telegram
refuse the whole message, so every text is checked at load time, long before a user sees it.
The common mistakes get a volunteer's wording here; everything else Telegram would refuse
(``<a href=https://…>`` unquoted, ``<b foo>``, ``&#xD800;``) is caught by the same strict
parser the test emulator answers with (:mod:`bot.telegram_html`), with line and column.
"""

from __future__ import annotations

import html
import re

from bot.telegram_html import html_problem

# Tags content may use; Telegram accepts more, but volunteers need no others.
CONTENT_TAGS = frozenset({"b", "i", "u", "a"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>")
_BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def escape_bare_ampersands(text: str) -> str:
    """Let volunteers write ``BE&OE``: a ``&`` that starts no entity becomes ``&amp;``."""
    return _BARE_AMP.sub("&amp;", text)


def escape_user_text(text: str) -> str:
    """Escape text that came from a user before it is placed in an HTML message."""
    return html.escape(text, quote=False)


def markup_problems(text: str, allowed: frozenset[str] = CONTENT_TAGS) -> list[str]:
    """Describe what is wrong with the tags of ``text``; an empty list means it is fine."""
    problems: list[str] = []
    stack: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        if "<" in text[position : match.start()]:
            problems.append("a '<' that is not part of a tag (write &lt;)")
        position = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name not in allowed:
            problems.append(f"tag <{name}> is not allowed (use {', '.join(sorted(allowed))})")
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack[-1] != name:
            problems.append(f"</{name}> closes a tag that is not open")
        else:
            stack.pop()
    if "<" in text[position:]:
        problems.append("a '<' that is not part of a tag (write &lt;)")
    problems.extend(f"<{name}> is never closed" for name in reversed(stack))
    if not problems:
        strict = html_problem(text)
        if strict is not None:
            problems.append(strict)
    return problems


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` in ``text``."""
    return {m.group(1) for m in _PLACEHOLDER.finditer(text)}


def visible_length(text: str) -> int:
    """Length Telegram counts for an HTML text: tags removed, entities as one character,
    in UTF-16 code units."""
    plain = html.unescape(_TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2

"""Telegram's HTML parse mode, reimplemented so the bot refuses what Telegram refuses.

One parser serves both sides: the bot checks content, hot reloads and broadcasts with it
(so a text Telegram would refuse never reaches a user), and the test emulator answers with
it (so a test fails where Telegram would).

Telegram does not use an HTML parser: it walks the UTF-8 bytes with a small hand-written
state machine (tdlib's ``parse_html``).  Its quirks matter for a bot author:

* only a fixed set of tags exists; ``<br>``, ``<div>``, ``<p>`` … are errors, not ignored;
* a bare ``<`` starts a tag, so ``"a < b"`` fails with *Unsupported start tag ""*;
* only ``&lt; &gt; &amp; &quot;`` and numeric references are decoded — any other ``&…``
  (``&nbsp;``, a bare ``&``) is kept literally, it is **not** an error;
* error offsets are byte offsets into the UTF-8 text.

The walk below follows that algorithm step by step (including treating the end of the
text as a NUL byte), so the error descriptions and offsets match Telegram's.  Lengths and
entity offsets are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

_SPECIAL = re.compile(rb"[&<]")  # where plain text ends

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)

_SIMPLE_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}

_SPACES = frozenset(b" \t\r\n\v\x00")
_NAMED_REFERENCES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; ``str(error)`` is Telegram's own wording.

    ``offset`` is the UTF-8 byte offset Telegram would name (for a tag left open, where it
    was opened); :func:`where` turns it into a line and column a person can find.
    """

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class ParsedText:
    """Visible text plus Bot API ``MessageEntity`` dicts (UTF-16 offsets)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def length(self) -> int:
        """Length as Telegram counts it: UTF-16 code units."""
        return utf16_len(self.text)


def utf16_len(text: str) -> int:
    """Telegram measures text in UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    result_pos: int
    byte_offset: int = 0
    expandable: bool = False


class _Walker:
    """One pass over the UTF-8 bytes, mirroring Telegram's parser."""

    def __init__(self, html: str) -> None:
        self.data = html.encode("utf-8")
        self.result = bytearray()
        self.utf16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []
        self.reference_at = 0  # where the character being appended was written

    def at(self, i: int) -> int:
        """Byte at ``i``; past the end Telegram sees the C string's NUL terminator."""
        return self.data[i] if i < len(self.data) else 0

    def decode_reference(self, pos: int) -> tuple[int, int] | None:
        """Decode ``&…`` at ``pos``: (code point, next position) or None to keep it literal."""
        end = pos + 1
        if self.at(pos + 1) == ord("#"):
            end += 1
            value = 0
            if self.at(pos + 2) == ord("x"):
                end += 1
                while self.at(end) and chr(self.at(end)) in "0123456789abcdefABCDEF":
                    value = value * 16 + int(chr(self.at(end)), 16)
                    end += 1
            else:
                while ord("0") <= self.at(end) <= ord("9"):
                    value = value * 10 + self.at(end) - ord("0")
                    end += 1
            if value == 0 or value >= 0x10FFFF or end - pos >= 10:
                return None
        else:
            while chr(self.at(end)).isascii() and chr(self.at(end)).isalpha():
                end += 1
            name = self.data[pos + 1 : end]
            if name not in _NAMED_REFERENCES:
                return None
            value = ord(_NAMED_REFERENCES[name])
        if self.at(end) == ord(";"):
            end += 1
        return value, end

    def append_code_point(self, code: int) -> None:
        if 0xD800 <= code <= 0xDFFF:
            raise HtmlParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units",
                self.reference_at,
            )
        self.result += chr(code).encode("utf-8")
        self.utf16 += 2 if code > 0xFFFF else 1

    def run(self) -> ParsedText:
        i = 0
        size = len(self.data)
        while i < size:
            c = self.data[i]
            if c == ord("&"):
                decoded = self.decode_reference(i)
                if decoded is not None:
                    self.reference_at = i
                    self.append_code_point(decoded[0])
                    i = decoded[1]
                    continue
            if c != ord("<"):
                # Plain text up to the next "&" or "<" (both ASCII, so never inside a UTF-8
                # sequence) is copied in one piece; its length counts UTF-16 code units.
                found = _SPECIAL.search(self.data, i + 1)
                end = size if found is None else found.start()
                run = self.data[i:end]
                self.utf16 += len(run.decode("utf-8").encode("utf-16-le")) // 2
                self.result += run
                i = end
                continue
            i = self.end_tag(i) if self.at(i + 1) == ord("/") else self.start_tag(i)
        if self.stack:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"',
                self.stack[-1].byte_offset,
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText(self.result.decode("utf-8"), self.entities)

    def start_tag(self, begin: int) -> int:
        i = begin + 1
        while self.at(i) not in _SPACES and self.at(i) != ord(">"):
            i += 1
        if self.at(i) == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin}", begin)
        name = self.data[begin + 1 : i].decode("utf-8", "replace").lower()
        if name not in SUPPORTED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {begin}', begin)
        tag = _OpenTag(name, "", self.utf16, len(self.result), begin)
        while self.at(i) != ord(">"):
            i = self.attribute(tag, begin, i)
        if name == "span" and tag.argument != "spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin}', begin
            )
        self.stack.append(tag)
        return i + 1

    def attribute(self, tag: _OpenTag, begin: int, i: int) -> int:
        """Read one attribute of ``tag`` starting near ``i``; return the position after it."""
        while self.at(i) != 0 and self.at(i) in _SPACES:
            i += 1
        if self.at(i) == ord(">"):
            return i
        name_begin = i
        while self.at(i) not in _SPACES and self.at(i) not in (ord("="), ord(">")):
            i += 1
        attr = self.data[name_begin:i].decode("utf-8", "replace")
        if not attr:
            raise HtmlParseError(
                f'Empty attribute name in the tag "{tag.name}" at byte offset {begin}', begin
            )
        while self.at(i) != 0 and self.at(i) in _SPACES:
            i += 1
        if self.at(i) == 0:
            raise HtmlParseError(f'Unclosed start tag "{tag.name}" at byte offset {begin}', begin)
        if self.at(i) != ord("="):
            if tag.name == "blockquote" and attr == "expandable":
                tag.expandable = True
                return i
            raise HtmlParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag.name}" at byte offset {begin}',
                begin,
            )
        i += 1
        while self.at(i) != 0 and self.at(i) in _SPACES:
            i += 1
        if self.at(i) == 0:
            raise HtmlParseError(f'Unclosed start tag "{tag.name}" at byte offset {begin}', begin)
        value, i = self.attribute_value(i)
        if self.at(i) == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin}", begin)
        if tag.name == "a" and attr == "href":
            tag.argument = value
        elif tag.name == "code" and attr == "class" and value.startswith("language-"):
            tag.argument = value[len("language-") :]
        elif tag.name == "span" and attr == "class" and value.startswith("tg-"):
            tag.argument = value[len("tg-") :]
        elif tag.name == "tg-emoji" and attr == "emoji-id":
            tag.argument = value
        return i

    def attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.at(i)
        if quote not in (ord("'"), ord('"')):
            token_begin = i
            while chr(self.at(i)).isascii() and (
                chr(self.at(i)).isalnum() or self.at(i) in (ord("."), ord("-"))
            ):
                i += 1
            if self.at(i) not in _SPACES and self.at(i) != ord(">"):
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {token_begin}", token_begin
                )
            return self.data[token_begin:i].decode("utf-8", "replace").lower(), i
        i += 1
        value = bytearray()
        while self.at(i) != quote and self.at(i) != 0:
            if self.at(i) == ord("&"):
                decoded = self.decode_reference(i)
                if decoded is not None:
                    value += chr(decoded[0]).encode("utf-8", "surrogatepass")
                    i = decoded[1]
                    continue
            value.append(self.at(i))
            i += 1
        if self.at(i) == quote:
            i += 1
        return value.decode("utf-8", "replace"), i

    def end_tag(self, begin: int) -> int:
        if not self.stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {begin}", begin)
        i = begin + 2
        while self.at(i) not in _SPACES and self.at(i) != ord(">"):
            i += 1
        end_name = self.data[begin + 2 : i].decode("utf-8", "replace").lower()
        while self.at(i) != 0 and self.at(i) in _SPACES:
            i += 1
        if self.at(i) != ord(">"):
            raise HtmlParseError(f"Unclosed end tag at byte offset {begin}", begin)
        tag = self.stack[-1]
        if end_name and end_name != tag.name:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag.name}>", '
                f'found "</{end_name}>"',
                begin,
            )
        if self.utf16 > tag.utf16_offset:
            self.add_entity(tag)
        self.stack.pop()
        return i + 1

    def add_entity(self, tag: _OpenTag) -> None:
        offset, length = tag.utf16_offset, self.utf16 - tag.utf16_offset
        entity: dict[str, Any] = {"offset": offset, "length": length}
        if tag.name in _SIMPLE_ENTITY_TYPES:
            entity["type"] = _SIMPLE_ENTITY_TYPES[tag.name]
        elif tag.name == "tg-emoji":
            emoji_id = tag.argument
            if not emoji_id.isdigit() or int(emoji_id) == 0 or int(emoji_id) >= 2**63:
                raise HtmlParseError("Invalid custom emoji identifier specified", tag.byte_offset)
            entity.update(type="custom_emoji", custom_emoji_id=str(int(emoji_id)))
        elif tag.name == "a":
            url = tag.argument or self.result[tag.result_pos :].decode("utf-8", "replace")
            checked = _checked_link(url)
            if checked is None:
                return  # Telegram silently drops a link it cannot use
            entity.update(type="text_link", url=checked)
        elif tag.name == "blockquote":
            entity["type"] = "expandable_blockquote" if tag.expandable else "blockquote"
        elif tag.name == "pre":
            last = self.entities[-1] if self.entities else None
            if last and last["type"] == "code" and _same_span(last, entity) and "language" in last:
                last["type"] = "pre"
                return
            entity["type"] = "pre"
        else:  # code
            last = self.entities[-1] if self.entities else None
            if last and last["type"] == "pre" and _same_span(last, entity) and tag.argument:
                last["language"] = tag.argument
                return
            entity["type"] = "code"
            if tag.argument:
                entity["language"] = tag.argument  # removed below unless <pre> claims it
        self.entities.append(entity)

    def finish(self) -> ParsedText:
        parsed = self.run()
        for entity in parsed.entities:
            if entity["type"] == "code":
                entity.pop("language", None)
        return parsed


def _same_span(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["offset"] == b["offset"] and a["length"] == b["length"])


def _checked_link(url: str) -> str | None:
    """Roughly Telegram's link check: keep usable links, drop the rest (no error)."""
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url if "://" in url or url.startswith("tg:") else f"http://{url}")
    if parts.scheme in ("http", "https", "ftp") and parts.hostname and "." in parts.hostname:
        return url if "://" in url else f"http://{url}/"
    if parts.scheme in ("tg", "ton"):
        return url
    return None


def parse_html(html: str) -> ParsedText:
    """Parse ``html`` like Telegram's ``parse_mode=HTML``; raise :class:`HtmlParseError`."""
    return _Walker(html).finish()


def where(html: str, error: HtmlParseError) -> tuple[int, int]:
    """Line and column (both from 1, columns in characters) of ``error`` in ``html``.

    An error without an offset (none in practice) points after the last character.
    """
    data = html.encode("utf-8")
    offset = len(data) if error.offset is None else min(error.offset, len(data))
    before = data[:offset].decode("utf-8", "replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


@lru_cache(maxsize=32_768)
def html_problem(html: str) -> str | None:
    """Why Telegram would refuse ``html``, with line and column, or ``None`` if it accepts it.

    Kept per text: a hot reload checks every text of every language again, and all but the
    few a volunteer edited are the same strings as last time.
    """
    try:
        parse_html(html)
    except HtmlParseError as exc:
        line, column = where(html, exc)
        return f"line {line}, column {column}: Telegram would refuse this HTML: {exc}"
    return None

"""Keeping every message inside Telegram's limits (4096 characters, HTML that parses)."""

from __future__ import annotations

from bot.content.markup import visible_length

MESSAGE_LIMIT = 4096


def split_message(html_text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split a long HTML text into messages of at most ``limit`` visible characters.

    Splits between paragraphs, then between lines, so no tag is ever cut in half (content
    tags never span lines). A single line longer than the limit (only possible for echoed
    user text, which carries no tags) is cut by characters.
    """
    if visible_length(html_text) <= limit:
        return [html_text]
    chunks: list[str] = []
    current = ""
    for piece in _pieces(html_text, limit):
        candidate = f"{current}\n{piece}" if current else piece
        if visible_length(candidate) <= limit:
            current = candidate
        else:
            if current:
                chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()]


def _pieces(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    for line in text.split("\n"):
        while visible_length(line) > limit:
            cut = limit
            while visible_length(line[:cut]) > limit:
                cut -= 64
            # Do not cut an entity such as &amp; in half.
            amp = line.rfind("&", max(0, cut - 8), cut)
            if amp != -1 and ";" not in line[amp:cut]:
                cut = amp
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
    return pieces

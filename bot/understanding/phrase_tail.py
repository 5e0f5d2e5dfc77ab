"""Matching the rest of a vocabulary phrase once its first word is found.

Pattern tokens are compiled once into (kind, text) pairs: a plain ``WORD`` (matched exactly,
as a one-typo reading, or written together with the next word), a ``PREFIX`` (``stem*``), a
``NUMBER`` (``#``) or ``ANY`` one word (``~``). ``rest_matcher`` binds one text's words and
returns the search for the tokens after the first, each within ``gap`` words of the one
before and in the same sentence; the first way found wins, as ``Lexicon.find`` expects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set

FUZZY_QUALITY = 0.8
WORD, PREFIX, NUMBER, ANY = range(4)  # kinds of pattern token
PatternToken = tuple[int, str]


def is_open(token: str) -> bool:
    """A pattern token that is not one plain word (``stem*``, ``#``, ``~``)."""
    return token in ("#", "~") or token.endswith("*")


def compile_token(token: str) -> PatternToken:
    """(kind, text) of one folded pattern token: a word, ``stem*``, ``#`` or ``~``."""
    if token == "~":
        return ANY, ""
    if token == "#":
        return NUMBER, ""
    if token.endswith("*"):
        return PREFIX, token[:-1]
    return WORD, token


def starts_with(kind: int, pattern: str, word: str) -> bool:
    """Whether an open-ended first token (prefix, ``#``, ``~``) matches ``word``."""
    if kind == PREFIX:
        return word.startswith(pattern)
    return kind == ANY or word.isdigit()


def rest_matcher(
    words: tuple[str, ...],
    fuzzy: Sequence[Set[str]],
    joined: tuple[str | None, ...],
    sentences: tuple[int, ...],
    gap: int,
) -> Callable[[tuple[PatternToken, ...], int, int, float, int], tuple[int, float] | None]:
    """``rest(tail, k, pos, quality, sentence)``: (last word, quality) of the first way the
    tokens ``tail[k:]`` follow at ``pos``, each within ``gap`` words of the one before and in
    the phrase's ``sentence``; None when they do not."""
    end = len(words) - 1

    def rest(
        tail: tuple[PatternToken, ...], k: int, pos: int, quality: float, sentence: int
    ) -> tuple[int, float] | None:
        kind, pattern = tail[k]
        final = k + 1 == len(tail)
        p = pos
        last = min(pos + gap, end)
        while p <= last:
            if sentences[p] != sentence:
                return None
            if kind == WORD:
                if words[p] == pattern:
                    found = (p, quality) if final else rest(tail, k + 1, p + 1, quality, sentence)
                    if found:
                        return found
                elif pattern in fuzzy[p]:
                    q = min(quality, FUZZY_QUALITY)
                    found = (p, q) if final else rest(tail, k + 1, p + 1, q, sentence)
                    if found:
                        return found
                if joined[p] == pattern:
                    found = (
                        (p + 1, quality) if final else rest(tail, k + 1, p + 2, quality, sentence)
                    )
                    if found:
                        return found
            elif kind == ANY or (
                words[p].startswith(pattern) if kind == PREFIX else words[p].isdigit()
            ):
                found = (p, quality) if final else rest(tail, k + 1, p + 1, quality, sentence)
                if found:
                    return found
            p += 1
        return None

    return rest

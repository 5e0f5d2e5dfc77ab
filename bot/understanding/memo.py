"""Bounded memories of pure per-character and per-word results.

Folding a word, classifying a character or reading a word against a vocabulary gives the same
answer every time, and messages repeat the same few thousand words, so the understanding code
remembers such answers. A memory is emptied when it reaches ``LIMIT`` entries: memory stays
small whatever people send, and the words in use come back at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

LIMIT = 10_000

K = TypeVar("K")
V = TypeVar("V")


def remember(memory: dict[K, V], key: K, value: V) -> V:
    """Store ``value`` under ``key`` (emptying ``memory`` first when full); return it."""
    if len(memory) >= LIMIT:
        memory.clear()
    memory[key] = value
    return value


class PerCharacter(dict):
    """A ``str.translate`` table that computes each character's entry on first sight."""

    def __init__(self, function: Callable[[str], str]) -> None:
        super().__init__()
        self._function = function

    def __missing__(self, code: int) -> str:
        return remember(self, code, self._function(chr(code)))

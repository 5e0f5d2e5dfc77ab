"""A character-trigram spelling model: does an unknown word look Roman Urdu or English?

Vocabulary lists cannot hold every word people type (``pohanchne``, ``banwayega``), but the
letter patterns of Roman Urdu (``-ega``, ``-iye``, ``kh``, ``-wana``) differ from English
ones (``-tion``, ``th-``, ``-ould``). Trained on the two word lists of
``content/understanding/``, this model gives each unknown word a log-likelihood ratio.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from bot.understanding.memo import remember


def _trigrams(word: str) -> list[str]:
    padded = f"^{word}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


class SpellingModel:
    """Log-likelihood ratio of a word under two add-one-smoothed character trigram models."""

    def __init__(self, first: Iterable[str], second: Iterable[str]) -> None:
        self._first = Counter(g for w in set(first) for g in _trigrams(w))
        self._second = Counter(g for w in set(second) for g in _trigrams(w))
        vocabulary = len(set(self._first) | set(self._second)) + 1
        self._first_total = sum(self._first.values()) + vocabulary
        self._second_total = sum(self._second.values()) + vocabulary
        self._ratios: dict[str, float] = {}  # remembered per word (bounded)

    def log_ratio(self, word: str) -> float:
        """Mean per-trigram log P(word | first) - log P(word | second); > 0 favours first."""
        ratio = self._ratios.get(word)
        return remember(self._ratios, word, self._log_ratio(word)) if ratio is None else ratio

    def _log_ratio(self, word: str) -> float:
        grams = _trigrams(word)
        if not grams:
            return 0.0
        total = 0.0
        for gram in grams:
            first = (self._first[gram] + 1) / self._first_total
            second = (self._second[gram] + 1) / self._second_total
            total += math.log(first / second)
        return total / len(grams)

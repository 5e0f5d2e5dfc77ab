"""Folding text into words while remembering where each word came from.

``Tokenizer`` folds text with ``bot.understanding.normalize`` (letter variants, diacritics,
digits, case, Roman Urdu spelling) one character at a time, keeping a map from the folded
text back to the original, so a match can quote the message's own words back to the user.
Every vocabulary (places, red-flag cues, money words, FAQ topics) is matched against these
tokens by ``bot.understanding.phrases.Lexicon``.

Folding is per character and per word, so both are remembered (bounded caches): a message
costs a ``str.translate`` and one dictionary look-up per word, not the normalisation calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from bot.understanding.memo import PerCharacter, remember
from bot.understanding.normalize import (
    WORD_PATTERN,
    SpellingVariants,
    clean,
    fold_arabic,
    fold_roman_word,
)

# The same word pattern as normalize.words(), applied to folded text so spans survive.
_WORD = re.compile(WORD_PATTERN)
_SENTENCE_GAP = re.compile(r"[!?;\n•]")
_FULL_STOP = re.compile(r"\.(?:\s|$)")
# Emoji and pictographs end a thought in phone-typed ads ("no contract 📄❌ WhatsApp 📲"):
# a "no" before them must not reach the word after them.
_CLAUSE_GAP = re.compile(r"[,:()\[\]–—\u2600-\u27bf\U0001f000-\U0001faff]|\s-\s")
# Pakistani Pashto is often typed on Urdu keyboards (ٹ for ټ, ے for ې), so on top of
# normalize's folding the Pashto letters meet their Urdu look-alikes. (A candidate for
# normalize.fold_arabic; kept here until its owner decides.)
_PASHTO_AS_URDU = str.maketrans(
    {"ټ": "ٹ", "ډ": "ڈ", "ړ": "ڑ", "ڼ": "ن", "ښ": "ش", "ږ": "ژ", "ے": "ی"}
)


def fold_char(char: str) -> str:
    """The folded form of one character (possibly empty, possibly longer)."""
    return fold_arabic(clean(char)).translate(_PASHTO_AS_URDU).casefold()


class _CharFolds(PerCharacter):
    """``str.translate`` table: code point -> ``fold_char``, filled on first sight.

    ``irregular`` holds the characters whose fold is not exactly one character (invisible
    characters, marks, ligatures); only texts containing one need a character-by-character
    position map.
    """

    def __init__(self) -> None:
        super().__init__(fold_char)
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = super().__missing__(code)
        if len(folded) != 1:
            self.irregular.add(chr(code))
        return folded


_FOLDS = _CharFolds()
_GAPS: dict[str, tuple[bool, bool, bool]] = {}  # what the characters between two words say


class Token(NamedTuple):
    """One word: its folded form, where it lies in the original and in the folded text."""

    text: str
    start: int
    end: int
    fstart: int
    fend: int
    sentence: int
    clause: int
    capitalised: bool


_new_token = partial(tuple.__new__, Token)  # Token from a tuple of its fields, without checks


@dataclass(frozen=True)
class TokenizedText:
    """A text, its character-folded form (punctuation kept) and its words."""

    original: str
    folded: str
    origin: tuple[int, ...]  # folded index -> original index (one extra entry: the end)
    tokens: tuple[Token, ...]
    # Derived from ``tokens``: each word, its sentence number, and the word written together
    # with the next one of its sentence (None for the last word of a sentence).
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)
    sentences: tuple[int, ...] = field(init=False, repr=False, compare=False)
    joined: tuple[str | None, ...] = field(init=False, repr=False, compare=False)

    def quote(self, first: int, last: int) -> str:
        """The original words from token ``first`` to token ``last`` (inclusive)."""
        return self.original[self.tokens[first].start : self.tokens[last].end]

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Original character span of tokens ``first``..``last``."""
        return self.tokens[first].start, self.tokens[last].end

    def gap_before(self, index: int) -> str:
        """The folded characters between token ``index - 1`` and token ``index``."""
        start = self.tokens[index - 1].fend if index > 0 else 0
        return self.folded[start : self.tokens[index].fstart]

    def __post_init__(self) -> None:
        columns = tuple(zip(*self.tokens, strict=True)) or ((),) * len(Token._fields)
        words: tuple[str, ...] = columns[0]
        sentences: tuple[int, ...] = columns[5]
        joined: list[str | None] = [
            a + b if s == s_next else None
            for a, b, s, s_next in zip(words, words[1:], sentences, sentences[1:], strict=False)
        ]
        if words:
            joined.append(None)
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "sentences", sentences)
        object.__setattr__(self, "joined", tuple(joined))


def _gap_kind(gap: str) -> tuple[bool, bool, bool]:
    """(full stop, other sentence end, clause break) in the characters between two words."""
    kind = _GAPS.get(gap)
    if kind is None:
        kind = (
            _FULL_STOP.search(gap) is not None,
            _SENTENCE_GAP.search(gap) is not None,
            _CLAUSE_GAP.search(gap) is not None,
        )
        remember(_GAPS, gap, kind)
    return kind


class Tokenizer:
    """Folds text like ``normalize(text, 'ur-Latn')`` (plus Pashto letters typed as Urdu ones)
    but keeps positions.

    Latin words are always folded as Roman Urdu, whatever the language: people mix English
    and Roman Urdu in one message, and the vocabulary is folded the same way, so English
    words still meet their own folded forms.
    """

    def __init__(self, variants: SpellingVariants | None = None) -> None:
        self.variants = variants or SpellingVariants()
        self._folded_words: dict[str, str] = {}

    def fold_word(self, word: str) -> str:
        """The matching form of one already character-folded word."""
        folded = self._folded_words.get(word)
        if folded is None:
            folded = self.variants.canonical(word) if word.isascii() and word.isalpha() else word
            remember(self._folded_words, word, folded)
        return folded

    @staticmethod
    def fold_chars(text: str) -> tuple[str, tuple[int, ...]]:
        """Character-level folding (no word rules) and the map back to ``text``."""
        if text.isascii():  # ASCII letters only change case
            return text.lower(), tuple(range(len(text) + 1))
        folded = text.translate(_FOLDS)
        if _FOLDS.irregular.isdisjoint(text):
            return folded, tuple(range(len(text) + 1))
        origin: list[int] = []
        for index, char in enumerate(text):
            origin.extend([index] * len(_FOLDS[ord(char)]))
        origin.append(len(text))
        return folded, tuple(origin)

    def tokenize(self, text: str) -> TokenizedText:
        """Split ``text`` into folded words with their spans and sentence/clause numbers."""
        folded, origin = self.fold_chars(text)
        rows: list[tuple[str, int, int, int, int, int, int, bool]] = []
        sentence = clause = 0
        previous_end = 0
        known = self._folded_words
        for match in _WORD.finditer(folded):
            fstart, fend = match.span()
            word = match.group()
            if rows:
                gap = folded[previous_end:fstart]
                if gap != " ":
                    stop, sentence_gap, clause_gap = _gap_kind(gap)
                    if (stop and not word[0].isdigit()) or sentence_gap:  # "Rs. 500" goes on
                        sentence += 1
                        clause += 1
                    elif clause_gap:
                        clause += 1
            start = origin[fstart]
            folded_word = known.get(word)
            if folded_word is None:
                folded_word = self.fold_word(word)
            rows.append(
                (
                    folded_word,
                    start,
                    origin[fend - 1] + 1,
                    fstart,
                    fend,
                    sentence,
                    clause,
                    text[start].isupper(),
                )
            )
            previous_end = fend
        return TokenizedText(text, folded, origin, tuple(map(_new_token, rows)))

    def words(self, text: str) -> list[str]:
        """Folded words of ``text``, as ``normalize(text, 'ur-Latn').split()`` plus the Pashto fold."""
        return [token.text for token in self.tokenize(text).tokens]

    def pattern_tokens(self, phrase: str) -> tuple[str, ...]:
        """Fold a vocabulary phrase; ``#``, ``~`` and a final ``*`` keep their meaning."""
        out: list[str] = []
        for piece in phrase.split():
            if piece in ("#", "~"):
                out.append(piece)
            elif piece.endswith("*") and len(piece) > 1:
                stem, _ = self.fold_chars(piece[:-1])
                if stem.isascii() and stem.isalpha():
                    stem = fold_roman_word(stem + "\x01")[:-1]  # no end-of-word rules
                out.append(stem + "*")
            else:
                out.extend(self.words(piece))
        return tuple(out)

"""Finding listed phrases in folded text (``bot.understanding.tokens``).

Job ads and questions arrive in four languages and two scripts, typed on cheap phones:
``Thailand``/``thailand``/``تھائی لینڈ``/``تهائي لينڈ``, ``whatsapp``/``whats app``,
``salary``/``salry``. Every vocabulary the understanding code keeps (places, red-flag cues,
money words, FAQ topics) is matched the same way, here: ``Lexicon`` finds phrases in a token
stream: exact words, ``prefix*`` words, ``#`` (any number), ``~`` (any one word), words
written together or apart, and (for longer words) one typo.

Speed: phrases are indexed by their first word, and what a lexicon learns about a word (its
possible typo readings, which open-ended phrases can start with it) is remembered, so a
message costs a few dictionary look-ups per word plus the phrases that really start there;
the rest of a phrase is matched by ``bot.understanding.phrase_tail``. Vocabulary files are
read into phrases by ``bot.understanding.vocabulary``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import partial
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from bot.understanding.memo import remember
from bot.understanding.phrase_tail import (
    FUZZY_QUALITY,
    WORD,
    PatternToken,
    compile_token,
    is_open,
    rest_matcher,
    starts_with,
)
from bot.understanding.tokens import TokenizedText

FUZZY_MIN_LENGTH = 5  # Latin letters; Arabic-script words are shorter, so they need one more
FUZZY_MAX_LENGTH = 24  # longer "words" are junk or glued text: no typo reading (and no cost)
_NO_WORDS: frozenset[str] = frozenset()
# How a phrase's first word can be there: (words used, quality), in the order they are tried.
_EXACT = ((1, 1.0),)
_TYPO = ((1, FUZZY_QUALITY),)
_JOINED = ((2, 1.0),)
_EXACT_OR_JOINED = _EXACT + _JOINED
_TYPO_OR_JOINED = _TYPO + _JOINED


@dataclass(frozen=True)
class Phrase:
    """A vocabulary entry: folded pattern tokens, what it stands for, and its weight."""

    tokens: tuple[str, ...]
    label: str
    weight: float = 1.0
    language: str | None = None
    source: str = ""


class Hit(NamedTuple):
    """A phrase found at tokens ``first``..``last``; ``quality`` < 1 when a typo was forgiven."""

    phrase: Phrase
    first: int
    last: int
    quality: float


_new_hit = partial(tuple.__new__, Hit)  # Hit from a tuple of its fields, without checks


def _fuzzy_length(word: str) -> bool:
    """Long enough that one wrong letter is more likely a typo than another word."""
    return (
        (FUZZY_MIN_LENGTH if word.isascii() else FUZZY_MIN_LENGTH + 1)
        <= len(word)
        <= FUZZY_MAX_LENGTH
    )


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


# What a deletion leads to: the one literal it comes from (most do), else a tuple of them.
_Sources = str | tuple[str, ...]


def _deletion_index(literals: Iterable[str]) -> dict[str, _Sources]:
    """Each one-letter deletion of a typo-prone literal -> the literals it comes from.

    Built once per lexicon and kept for the bot's life, so it is stored compactly (as a dict
    of sets it was the largest single table of the understanding data, about 20 MiB): nine
    keys in ten lead to one word, kept as that word itself, the others to a tuple. Keys are
    interned, so the lexicons that share words share their deletions too. Which words a key
    yields is all that is read (:func:`_sources`).
    """
    index: dict[str, list[str]] = {}
    for word in sorted(literals):  # sorted: the same tuples from run to run
        if _fuzzy_length(word) and not word.isdigit():
            for key in _deletions(word):
                index.setdefault(sys.intern(key), []).append(word)
    return {key: words[0] if len(words) == 1 else tuple(words) for key, words in index.items()}


def _sources(found: _Sources | None) -> tuple[str, ...]:
    """The literals an index entry stands for."""
    if found is None:
        return ()
    return (found,) if isinstance(found, str) else found


# A phrase ready to match: the phrase, its first token compiled, the rest compiled, and the
# words the rest needs somewhere in the text (as a word, a typo reading or two joined words).
_Entry = tuple[Phrase, PatternToken, tuple[PatternToken, ...], frozenset[str]]
_Learnt = tuple[AbstractSet[str], tuple[_Entry, ...], bool]
_TYPOS = itemgetter(0)
_ACTIVE = itemgetter(2)


class Lexicon:
    """Phrases indexed for fast search; built once per vocabulary, then pure."""

    def __init__(self, phrases: Iterable[Phrase], *, max_gap: int = 0, fuzzy: bool = True) -> None:
        self.max_gap = max_gap
        self.phrases: list[Phrase] = []
        self._by_first: dict[str, list[Phrase]] = {}
        self._open_first: list[Phrase] = []  # phrases starting with a prefix, # or ~
        self._literals: set[str] = set()
        for phrase in phrases:
            self._add(phrase)
            literal = [token for token in phrase.tokens if not is_open(token)]
            if 1 < len(phrase.tokens) <= 3 and len(literal) == len(phrase.tokens):
                self._add(
                    Phrase(
                        ("".join(phrase.tokens),),
                        phrase.label,
                        phrase.weight,
                        phrase.language,
                        phrase.source,
                    )
                )
        self._deletion_index = _deletion_index(self._literals) if fuzzy else {}
        # A phrase listed twice is found once per place (the first copy), so one copy will do.
        self._entries: dict[str, tuple[_Entry, ...]] = {
            first: tuple(_entry(p) for p in _unique(ps)) for first, ps in self._by_first.items()
        }
        self._open_entries = tuple(_entry(p) for p in _unique(self._open_first))
        self._words: dict[str, _Learnt] = {}

    def _add(self, phrase: Phrase) -> None:
        if not phrase.tokens:
            return
        self.phrases.append(phrase)
        first = phrase.tokens[0]
        if is_open(first):
            self._open_first.append(phrase)
        else:
            self._by_first.setdefault(first, []).append(phrase)
        self._literals.update(
            token for token in phrase.tokens if token not in ("#", "~") and token[-1] != "*"
        )

    def knows(self, word: str) -> bool:
        """Whether ``word`` is spelled exactly as some vocabulary word."""
        return word in self._literals

    def _learn(self, word: str) -> _Learnt:
        """What this lexicon makes of ``word``: its typo readings, the open phrases it starts,
        and whether a phrase can start with it at all (joined to the next word aside)."""
        fuzzy: set[str] = set()
        if self._deletion_index and _fuzzy_length(word) and word not in self._literals:
            for key in _deletions(word):
                fuzzy.update(_sources(self._deletion_index.get(key)))
            # People rarely mistype the first letter; "bataya" is not "pattaya".
            fuzzy = {w for w in fuzzy if w[0] == word[0]}
        opening = tuple(e for e in self._open_entries if starts_with(*e[1], word))
        active = bool(fuzzy or opening or word in self._entries)
        return remember(self._words, word, (fuzzy or _NO_WORDS, opening, active))

    def find(self, text: TokenizedText, protected: frozenset[str] = frozenset()) -> list[Hit]:
        """Every phrase occurrence (one per phrase and start), in text order.

        ``protected`` words are never read as typos of another word (``contact`` is not a
        misspelt ``contract``). Where several first words are possible at one place (a typo
        reading, two words written together), their phrases come in the order of a set of
        those words, as they always have.
        """
        words = text.words
        if not words:
            return []
        try:
            learnt = list(map(self._words.__getitem__, words))
        except KeyError:  # a word not seen before
            learnt = [self._words.get(w) or self._learn(w) for w in words]
        fuzzy = list(map(_TYPOS, learnt))
        if any(fuzzy):
            fuzzy = [_NO_WORDS if w in protected else f for w, f in zip(words, fuzzy, strict=True)]
        joined = text.joined
        entries = self._entries
        # Where a phrase may start: a word that starts one, or two words written together.
        starts = list(compress(range(len(words)), map(_ACTIVE, learnt)))
        if not entries.keys().isdisjoint(joined):
            starts = sorted({*starts, *(i for i, j in enumerate(joined) if j in entries)})
        if not starts:
            return []
        sentences = text.sentences
        rest = rest_matcher(words, fuzzy, joined, sentences, self.max_gap)
        present: set[str | None] | None = None  # every form a listed word can match
        hits: list[Hit] = []
        for i in starts:
            word = words[i]
            typos = fuzzy[i]
            together = joined[i]
            if typos or (together in entries and word in entries):
                # The word itself, then its typo readings, then the two words joined.
                firsts = dict.fromkeys([word, *sorted(typos), together])
                keys: Iterable[str] = [w for w in firsts if w in entries]
            elif word in entries:
                keys = (word,)
            elif together in entries:
                keys = (together,)
            else:
                keys = ()
            for key in keys:
                # The ways the first word is there: (words used, quality), in matching order.
                if key == word:
                    ways = _EXACT_OR_JOINED if key == together else _EXACT
                elif key in typos:
                    ways = _TYPO_OR_JOINED if key == together else _TYPO
                else:
                    ways = _JOINED
                for phrase, _, tail, needs in entries[key]:
                    if not tail:
                        used, quality = ways[0]
                        hits.append(_new_hit((phrase, i, i + used - 1, quality)))
                        continue
                    if present is None:
                        present = {*words, *joined}.union(*fuzzy)
                    if not needs <= present:
                        continue
                    for used, quality in ways:
                        found = rest(tail, 0, i + used, quality, sentences[i])
                        if found:
                            hits.append(_new_hit((phrase, i, *found)))
                            break
            for phrase, _, tail, needs in learnt[i][1]:
                if tail and present is None:
                    present = {*words, *joined}.union(*fuzzy)
                if tail and present is not None and not needs <= present:
                    continue
                found = rest(tail, 0, i + 1, 1.0, sentences[i]) if tail else (i, 1.0)
                if found:
                    hits.append(_new_hit((phrase, i, *found)))
        return hits


def _unique(phrases: list[Phrase]) -> list[Phrase]:
    """Each phrase object once, where it first comes (a copy would never be tried again)."""
    return list({id(p): p for p in phrases}.values())


def _entry(phrase: Phrase) -> _Entry:
    compiled = tuple(compile_token(token) for token in phrase.tokens)
    needs = frozenset(pattern for kind, pattern in compiled[1:] if kind == WORD)
    return phrase, compiled[0], compiled[1:], needs

"""A topic classifier learnt from the example questions volunteers keep in content.

Why a learnt model next to the vocabulary: people who never saw the vocabulary ask "what do
you store about me" or "agent ran away with my money, who do i go to"; no list of weighted
words foresees every phrasing, while a few dozen real questions per topic and language do.
Character n-grams (2–4 letters inside words) of the folded text carry typos, Roman Urdu
spellings and mixed scripts; word uni- and bigrams carry the phrasing. A multinomial
logistic regression (scikit-learn) gives a probability per topic and for ``none``, the
class of texts about no topic, so "not sure" is a measured doubt rather than a guess.

Why scikit-learn never runs inside the bot: importing it (with SciPy) costs about 90 MiB
of memory that a bot serving a country keeps for its whole life, to fit a model once per
version of the examples. So the bot reads messages with the fitted weights alone (plain
arrays: n-gram columns, idf, coefficients), ``fit_weights`` runs scikit-learn in a short-
lived child process (``python -m bot.understanding.topic_fit``), and the weights are kept
in a cache file keyed by the examples, so that the next start, a second replica or a reload
that left the examples as they were reads them back in milliseconds. Fitting is
deterministic: the same examples give the same weights, in the child or here.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

NONE = "none"  # the class of texts about none of the topics
REGULARISATION = 10.0  # logistic regression's C: higher fits the examples more closely
CHAR_NGRAMS = (2, 4)  # letters, inside words (scikit-learn's ``char_wb``)
WORD_NGRAMS = (1, 2)
CACHE_FORMAT = 1  # bump when the weights or the fitting change meaning
CACHE_KEPT = 8  # cache files kept; older ones are deleted
_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True, eq=False)
class TopicWeights:
    """A fitted model as plain data: what reading a message needs, and nothing of sklearn.

    ``char_columns`` and ``word_columns`` map each known n-gram to its column; ``idf``,
    ``coef`` (columns x classes) and ``intercept`` are the fitted numbers.
    """

    labels: tuple[str, ...]
    char_columns: dict[str, int]
    word_columns: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray


def char_ngrams(text: str) -> list[str]:
    """The 2–4 letter n-grams of each word padded with a space, as ``char_wb`` makes them."""
    low, high = CHAR_NGRAMS
    grams: list[str] = []
    for word in _SPACES.sub(" ", text).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[:n])
            while offset + n < length:
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return grams


def word_ngrams(text: str) -> list[str]:
    """Words and word pairs, as the ``word`` analyzer with ``token_pattern=r"\\S+"``."""
    words = text.split()
    low, high = WORD_NGRAMS
    grams = list(words) if low == 1 else []
    for n in range(max(low, 2), min(high, len(words)) + 1):
        grams += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
    return grams


class _Block:
    """The columns of one kind of n-gram; a word's character columns are worked out once."""

    WORDS_KEPT = 20_000

    def __init__(self, columns: dict[str, int], *, per_word: bool) -> None:
        self._columns = columns
        self._per_word = per_word
        self._words: dict[str, tuple[int, ...]] = {}

    def _of(self, grams: list[str]) -> tuple[int, ...]:
        return tuple(c for gram in grams if (c := self._columns.get(gram)) is not None)

    def _of_word(self, word: str) -> tuple[int, ...]:
        columns = self._words.get(word)
        if columns is None:
            if len(self._words) >= self.WORDS_KEPT:
                self._words.clear()
            columns = self._words[word] = self._of(char_ngrams(word))
        return columns

    def counts(self, text: str) -> Counter[int]:
        """How often each known column occurs in ``text``."""
        if not self._per_word:
            return Counter(self._of(word_ngrams(text)))
        known = self._words
        return Counter(
            chain.from_iterable(
                self._of_word(w) if (columns := known.get(w)) is None else columns
                for w in text.split()
            )
        )


@dataclass(frozen=True)
class TopicGuess:
    """The model's best class and the best topic after it, with their probabilities."""

    label: str
    probability: float
    runner_up: str | None
    runner_up_probability: float


class TopicModel:
    """Reads folded texts with fitted weights; build it with :meth:`fit`."""

    def __init__(self, weights: TopicWeights) -> None:
        self.weights = weights
        self.labels = weights.labels
        self._blocks = (
            _Block(weights.char_columns, per_word=True),
            _Block(weights.word_columns, per_word=False),
        )

    @classmethod
    def fit(
        cls, texts: Sequence[str], labels: Sequence[str], cache_dir: Path | None = None
    ) -> TopicModel:
        """The model of these folded examples (read from ``cache_dir`` when fitted before)."""
        return cls(fit_weights(texts, labels, cache_dir))

    def probabilities(self, folded: str) -> np.ndarray:
        """Probability of every class in ``self.labels`` for one folded text.

        The tf-idf row of TfidfVectorizer (sublinear tf, idf, l2 norm per vectorizer), then
        the softmax of the linear scores, as ``predict_proba`` computes them.
        """
        w = self.weights
        scores = w.intercept.copy()
        for block in self._blocks:
            counts = block.counts(folded)
            if not counts:
                continue
            columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=float, count=len(counts))
            values = (1.0 + np.log(tf)) * w.idf[columns]
            values /= math.sqrt(values @ values)  # a scalar: the same correctly rounded root
            scores += values @ w.coef[columns]
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def guess(self, folded: str) -> TopicGuess:
        """The most probable class, and the most probable topic besides it."""
        # A dozen classes: Python's stable sort orders them as a stable argsort would,
        # without the array calls.
        probabilities = self.probabilities(folded).tolist()
        order = sorted(range(len(probabilities)), key=lambda i: -probabilities[i])
        best = order[0]
        second = next((i for i in order[1:] if self.labels[i] != NONE), None)
        return TopicGuess(
            label=self.labels[best],
            probability=probabilities[best],
            runner_up=None if second is None else self.labels[second],
            runner_up_probability=0.0 if second is None else probabilities[second],
        )


def fit_library(texts: Sequence[str], labels: Sequence[str]) -> tuple[Any, Any, Any]:
    """scikit-learn's fitted vectorizers and classifier (imports scikit-learn: child only)."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        raise ValueError("a topic model needs examples of at least two classes")
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, lowercase=False
    )
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=WORD_NGRAMS,
        sublinear_tf=True,
        lowercase=False,
        token_pattern=r"\S+",
    )
    matrix = hstack([char.fit_transform(texts), word.fit_transform(texts)]).tocsr()
    classifier = LogisticRegression(
        C=REGULARISATION, solver="saga", tol=1e-3, max_iter=1000, random_state=0
    )
    classifier.fit(matrix, list(labels))
    return char, word, classifier


def weights_of(char: Any, word: Any, classifier: Any) -> TopicWeights:
    """The plain weights of a fitted ``fit_library`` triple."""
    offset = len(char.vocabulary_)
    return TopicWeights(
        labels=tuple(str(c) for c in classifier.classes_),
        char_columns={str(g): int(i) for g, i in char.vocabulary_.items()},
        word_columns={str(g): int(i) + offset for g, i in word.vocabulary_.items()},
        idf=np.concatenate([char.idf_, word.idf_]),
        coef=np.ascontiguousarray(classifier.coef_.T),
        intercept=classifier.intercept_.copy(),
    )


def fit_here(texts: Sequence[str], labels: Sequence[str]) -> TopicWeights:
    """Fit in this process (the child's work)."""
    return weights_of(*fit_library(texts, labels))


def _fit_in_child(texts: Sequence[str], labels: Sequence[str]) -> TopicWeights:
    """Fit in ``python -m bot.understanding.topic_fit``; scikit-learn's memory goes with it."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.understanding.topic_fit"],
        input=pickle.dumps((list(texts), list(labels))),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace")[-2000:])
    weights = pickle.loads(done.stdout)  # our own child's output, never user data
    if not isinstance(weights, TopicWeights):
        raise RuntimeError("the fitting process returned no weights")
    return weights


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/safe-job-abroad/topic-models`` (``~/.cache`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "safe-job-abroad" / "topic-models"


def _cache_key(texts: Sequence[str], labels: Sequence[str]) -> str:
    try:
        library = version("scikit-learn")
    except PackageNotFoundError:
        library = "none"
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{library}\0{REGULARISATION}".encode())
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"\0{label}\0{text}".encode())
    return digest.hexdigest()[:32]


def _save(path: Path, w: TopicWeights) -> None:
    char, word = list(w.char_columns), list(w.word_columns)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as out:
        np.savez(
            out,
            labels=np.array(w.labels, dtype=str),
            char=np.array(char, dtype=str),
            char_columns=np.fromiter(w.char_columns.values(), dtype=np.int64, count=len(char)),
            word=np.array(word, dtype=str),
            word_columns=np.fromiter(w.word_columns.values(), dtype=np.int64, count=len(word)),
            idf=w.idf,
            coef=w.coef,
            intercept=w.intercept,
        )
    temporary.replace(path)  # atomic: a reader never sees half a file
    kept = sorted(path.parent.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[CACHE_KEPT:]:
        old.unlink(missing_ok=True)


def _load(path: Path) -> TopicWeights:
    with np.load(path, allow_pickle=False) as data:
        return TopicWeights(
            labels=tuple(str(label) for label in data["labels"]),
            char_columns=dict(
                zip(data["char"].tolist(), data["char_columns"].tolist(), strict=True)
            ),
            word_columns=dict(
                zip(data["word"].tolist(), data["word_columns"].tolist(), strict=True)
            ),
            idf=data["idf"],
            coef=np.ascontiguousarray(data["coef"]),
            intercept=data["intercept"],
        )


def fit_weights(
    texts: Sequence[str], labels: Sequence[str], cache_dir: Path | None = None
) -> TopicWeights:
    """The weights of these examples: from the cache, else fitted in a child process.

    A cache that cannot be read or written (a read-only home in a container) only costs the
    fit; a child that cannot run (no ``sys.executable``) fits here instead, with a warning.
    """
    if len(set(labels)) < 2:
        raise ValueError("a topic model needs examples of at least two classes")
    folder = default_cache_dir() if cache_dir is None else cache_dir
    path = folder / f"{_cache_key(texts, labels)}.npz"
    try:
        return _load(path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("topic model cache %s unreadable (%s): fitting again", path.name, exc)
    try:
        weights = _fit_in_child(texts, labels)
    except (OSError, RuntimeError) as exc:
        logger.warning("fitting the topic model apart failed (%s): fitting here", exc)
        weights = fit_here(texts, labels)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _save(path, weights)
    except OSError as exc:
        logger.warning("topic model cache not written (%s): the next start fits again", exc)
    return weights

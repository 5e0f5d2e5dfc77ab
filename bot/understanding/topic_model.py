"""A topic classifier learnt from the example questions volunteers keep in content.

Why a learnt model next to the vocabulary: people who never saw the vocabulary ask "what do
you store about me" or "agent ran away with my money, who do i go to"; no list of weighted
words foresees every phrasing, while a few dozen real questions per topic and language do.
Character n-grams (2–4 letters inside words) of the folded text carry typos, Roman Urdu
spellings and mixed scripts; word uni- and bigrams carry the phrasing. A multinomial
logistic regression (scikit-learn) gives a probability per topic and for ``none``, the
class of texts about no topic, so "not sure" is a measured doubt rather than a guess.

scikit-learn fits the model once per version of the examples (well under a second for a
thousand questions); reading one message then uses the fitted vocabulary, idf weights and
coefficients directly, which keeps ``analyze`` far faster than a bare ``langdetect.detect``.
Deterministic: the same examples give the same model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

NONE = "none"  # the class of texts about none of the topics
REGULARISATION = 10.0  # logistic regression's C: higher fits the examples more closely


class _Block:
    """One fitted TF-IDF vectorizer as plain data: its analyzer, and the column (after
    ``offset``) of every n-gram it knows.

    ``per_word``: the vectorizer's n-grams never cross a word (``char_wb``), so the columns
    of each word are worked out once and kept (at most ``WORDS_KEPT`` words).
    """

    WORDS_KEPT = 20_000

    def __init__(self, vectorizer: TfidfVectorizer, offset: int, *, per_word: bool) -> None:
        self._analyze = vectorizer.build_analyzer()
        self._columns = {gram: i + offset for gram, i in vectorizer.vocabulary_.items()}
        self._per_word = per_word
        self._words: dict[str, tuple[int, ...]] = {}

    def _of(self, text: str) -> tuple[int, ...]:
        return tuple(
            c for gram in self._analyze(text) if (c := self._columns.get(gram)) is not None
        )

    def _of_word(self, word: str) -> tuple[int, ...]:
        columns = self._words.get(word)
        if columns is None:
            if len(self._words) >= self.WORDS_KEPT:
                self._words.clear()
            columns = self._words[word] = self._of(word)
        return columns

    def counts(self, text: str) -> Counter[int]:
        """How often each known column occurs in ``text``."""
        if not self._per_word:
            return Counter(self._of(text))
        return Counter(chain.from_iterable(self._of_word(w) for w in text.split()))


@dataclass(frozen=True)
class TopicGuess:
    """The model's best class and the best topic after it, with their probabilities."""

    label: str
    probability: float
    runner_up: str | None
    runner_up_probability: float


class TopicModel:
    """Fitted from folded example texts and their labels (a topic id or ``none``)."""

    def __init__(self, texts: Sequence[str], labels: Sequence[str]) -> None:
        if len(set(labels)) < 2:
            raise ValueError("a topic model needs examples of at least two classes")
        char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=False
        )
        word = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            sublinear_tf=True,
            lowercase=False,
            token_pattern=r"\S+",
        )
        matrix = hstack([char.fit_transform(texts), word.fit_transform(texts)]).tocsr()
        classifier = LogisticRegression(
            C=REGULARISATION, solver="saga", tol=1e-3, max_iter=1000, random_state=0
        )
        classifier.fit(matrix, list(labels))
        self.labels: tuple[str, ...] = tuple(str(c) for c in classifier.classes_)
        self._coef = np.ascontiguousarray(classifier.coef_.T)  # features x classes
        self._intercept = classifier.intercept_.copy()
        self._blocks = (
            _Block(char, 0, per_word=True),
            _Block(word, len(char.vocabulary_), per_word=False),
        )
        self._idf = np.concatenate([char.idf_, word.idf_])
        self._fitted = (char, word, classifier)  # kept for the test that compares fast paths

    def probabilities(self, folded: str) -> np.ndarray:
        """Probability of every class in ``self.labels`` for one folded text.

        The tf-idf row of TfidfVectorizer (sublinear tf, idf, l2 norm per vectorizer), then
        the softmax of the linear scores, as ``predict_proba`` computes them.
        """
        scores = self._intercept.copy()
        for block in self._blocks:
            counts = block.counts(folded)
            if not counts:
                continue
            columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=float, count=len(counts))
            values = (1.0 + np.log(tf)) * self._idf[columns]
            values /= np.sqrt(values @ values)
            scores += values @ self._coef[columns]
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def library_probabilities(self, folded: str) -> np.ndarray:
        """The same probabilities computed by scikit-learn itself (slow; for tests)."""
        char, word, classifier = self._fitted
        row = hstack([char.transform([folded]), word.transform([folded])]).tocsr()
        return classifier.predict_proba(row)[0]

    def guess(self, folded: str) -> TopicGuess:
        """The most probable class, and the most probable topic besides it."""
        probabilities = self.probabilities(folded)
        order = np.argsort(-probabilities, kind="stable")
        best = int(order[0])
        second = next((int(i) for i in order[1:] if self.labels[int(i)] != NONE), None)
        return TopicGuess(
            label=self.labels[best],
            probability=float(probabilities[best]),
            runner_up=None if second is None else self.labels[second],
            runner_up_probability=0.0 if second is None else float(probabilities[second]),
        )

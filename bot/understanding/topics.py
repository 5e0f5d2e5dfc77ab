"""Which FAQ topic a free-text question is about, or None when nothing fits well.

People write "agent ka licence kaise check karun", "ایجنٹ کا لائسنس کیسے چیک کروں",
"د اجنټ جواز څنګه وګورم" or "how do i chek the agnet licence". Two readers decide together:

- a model learnt from the example questions in ``content/faq_examples/<language>.yaml``
  (``topic_model.TopicModel``), which generalises to phrasings nobody listed, and knows
  texts about no topic (its ``none`` class);
- the weighted vocabulary of ``content/understanding/topics.yaml``, matched with the same
  folding, phrase gaps and one-typo tolerance as every other vocabulary
  (``phrases.Lexicon``), which also quotes the words that decided.

The model's topic wins when it is probable enough; otherwise the vocabulary's topic is
taken unless the model is fairly sure the text is about no topic. Volunteers improve both
by editing content: an unanswered question added as an example is learnt on the next load.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.content.faq_examples import read_examples
from bot.content.model import TopicExamples
from bot.understanding.normalize import SpellingVariants
from bot.understanding.phrases import Hit, Lexicon
from bot.understanding.tokens import TokenizedText, Tokenizer
from bot.understanding.topic_model import NONE, TopicModel
from bot.understanding.vocabulary import (
    load_common_words,
    load_variants,
    phrases_from,
    read_yaml,
)


@dataclass(frozen=True)
class TopicMatch:
    """The best topic, its score, the runner-up, and the words that decided it.

    ``score`` and ``runner_up_score`` are on one scale from 0 to 1 whichever reader decided:
    the learnt model's probability, or the vocabulary's weight ``w`` read as
    ``w / (w + confident_score)``, so that both say "sure" from about 0.5.
    ``confident`` is False when the score is low or the runner-up is close: the caller
    should then ask ("Is your question about ...?") rather than answer.
    """

    topic: str
    score: float
    runner_up: str | None
    runner_up_score: float
    confident: bool
    evidence: tuple[str, ...]


@lru_cache(maxsize=4)
def fitted_model(texts: tuple[str, ...], labels: tuple[str, ...]) -> TopicModel:
    """The model of these folded examples, fitted once per process.

    Fitting takes seconds for thousands of examples (in a child process, its weights cached
    on disk: ``topic_model``); a reload that left the examples as they were (an edited alert,
    a new test's bot in the same process) reuses the model in memory. Four versions are kept.
    """
    return TopicModel.fit(texts, labels)


class TopicMatcher:
    """Built once by ``load``; ``match`` is pure and safe to share between tasks."""

    def __init__(
        self,
        data: dict,
        tokenizer: Tokenizer,
        common: frozenset[str],
        examples: TopicExamples | None = None,
    ) -> None:
        self._tokenizer = tokenizer
        self.examples = examples or TopicExamples()
        learnt = data.get("examples") or {}
        self.min_probability = float(learnt.get("min_probability", 0.35))
        self.confident_probability = float(learnt.get("confident_probability", 0.5))
        self.none_vetoes = float(learnt.get("none_vetoes", 0.5))
        self._models: dict[TopicExamples, TopicModel | None] = {}
        # The examples of the last call and their model: hashing a thousand examples on
        # every message costs more than reading it, and the same object comes back each time.
        self._last: tuple[TopicExamples, TopicModel | None] | None = None
        self.topics: tuple[str, ...] = tuple(data["topics"])
        self.min_score = float(data["min_score"])
        self.confident_score = float(data["confident_score"])
        self.min_margin = float(data["min_margin"])
        phrases = []
        for topic, by_language in data["topics"].items():
            phrases += phrases_from(tokenizer, topic, by_language)
        self._lexicon = Lexicon(phrases, max_gap=int(data["max_gap"]), fuzzy=True)
        self._protected = common | frozenset(
            p.tokens[0] for p in self._lexicon.phrases if len(p.tokens) == 1
        )

    @property
    def tokenizer(self) -> Tokenizer:
        """The tokenizer ``match`` folds text with (``match_tokens`` takes its output)."""
        return self._tokenizer

    @classmethod
    def load(cls, content_dir: Path, variants: SpellingVariants | None = None) -> TopicMatcher:
        """Read ``content/understanding/topics.yaml``.

        ``variants`` is the Roman Urdu spelling table (``LanguageDetector.variants``); by
        default it is read from the file the language detector reads. The detector's word
        lists also protect everyday words from being read as typos of topic words.
        """
        tokenizer = Tokenizer(variants or load_variants(content_dir))
        data = read_yaml(content_dir / "understanding" / "topics.yaml")
        examples = read_examples(content_dir, data["topics"])
        matcher = cls(data, tokenizer, load_common_words(content_dir, tokenizer), examples)
        matcher.model()  # fitted now, at start, rather than on the first message
        return matcher

    def model(self, examples: TopicExamples | None = None) -> TopicModel | None:
        """The model learnt from ``examples`` (default: those loaded), fitted once per version.

        None when the examples hold fewer than two classes (nothing to tell apart).
        """
        examples = self.examples if examples is None else examples
        last = self._last
        if last is not None and last[0] is examples:
            return last[1]
        if examples not in self._models:
            labels = [topic or NONE for _, topic, _ in examples.items]
            model = None
            if len(set(labels)) >= 2:
                texts = tuple(self.fold(text) for _, _, text in examples.items)
                model = fitted_model(texts, tuple(labels))
            if len(self._models) >= 2:  # the examples in use and the previous version
                self._models.pop(next(iter(self._models)))
            self._models[examples] = model
        self._last = (examples, self._models[examples])
        return self._last[1]

    def has_model(self, examples: TopicExamples) -> bool:
        """Whether the model of ``examples`` is already fitted (fitting takes about a second)."""
        return (self._last is not None and self._last[0] is examples) or examples in self._models

    def fold(self, text: str) -> str:
        """``text`` as the model reads it: folded words separated by spaces."""
        return " ".join(self._tokenizer.tokenize(text).words)

    @staticmethod
    def _longest(hits: list[Hit]) -> list[Hit]:
        """Drop a hit lying inside a longer one: "data" is not said in "data entry"."""
        # Only a hit of two words or more can hold another one.
        longer = {(o.first, o.last) for o in hits if o.last > o.first}
        if not longer:
            return hits
        return [
            h
            for h in hits
            if not any(
                first <= h.first and h.last <= last and last - first > h.last - h.first
                for first, last in longer
            )
        ]

    def _best_hits(self, hits: list[Hit]) -> dict[str, list[Hit]]:
        """Per topic, the strongest hits that share no word and no phrase."""
        hits = self._longest(hits)
        chosen: dict[str, list[Hit]] = {}
        used: dict[str, tuple[set[int], set[str]]] = {}  # per topic: words and phrases taken
        ranked = sorted(hits, key=lambda h: (-h.phrase.weight * h.quality, h.first - h.last))
        for hit in ranked:
            phrase = hit.phrase
            words = set(range(hit.first, hit.last + 1))
            taken, sources = used.setdefault(phrase.label, (set(), set()))
            if phrase.source in sources or not taken.isdisjoint(words):
                continue
            taken |= words
            sources.add(phrase.source)
            chosen.setdefault(phrase.label, []).append(hit)
        return chosen

    def scores(self, text: str) -> dict[str, float]:
        """Every topic's score for ``text`` (0 for topics with no word in it)."""
        tokens = self._tokenizer.tokenize(text)
        best = self._best_hits(self._lexicon.find(tokens, self._protected))
        return {
            topic: sum(h.phrase.weight * h.quality for h in best.get(topic, ()))
            for topic in self.topics
        }

    def match(
        self, text: str, language: str | None = None, examples: TopicExamples | None = None
    ) -> TopicMatch | None:
        """The FAQ topic of ``text``, or None when it is about no topic.

        Vocabulary and examples of every language are used, because people mix them;
        ``language`` (the detected or chosen one) only breaks vocabulary ties. ``examples``
        are the content's current examples (hot reload); by default those loaded.
        """
        return self.match_tokens(self._tokenizer.tokenize(text), language, examples)

    def match_tokens(
        self,
        tokens: TokenizedText,
        language: str | None = None,
        examples: TopicExamples | None = None,
    ) -> TopicMatch | None:
        """``match`` of a text already folded by ``self.tokenizer``."""
        model = self.model(examples)
        if model is None:
            return self.vocabulary_match(tokens, language)
        guess = model.guess(" ".join(tokens.words))
        if guess.label == NONE and guess.probability >= self.none_vetoes:
            return None  # the model is sure the text is about no topic: words cannot outvote it
        vocabulary = self.vocabulary_match(tokens, language)
        if guess.label != NONE and guess.probability >= self.min_probability:
            agrees = vocabulary is not None and vocabulary.topic == guess.label
            return TopicMatch(
                topic=guess.label,
                score=round(guess.probability, 6),
                runner_up=guess.runner_up,
                runner_up_score=round(guess.runner_up_probability, 6),
                # A lone word ("visa") is never sure: the bot asks which topic is meant.
                confident=len(tokens.words) > 1
                and (
                    guess.probability >= self.confident_probability
                    or (agrees and vocabulary is not None and vocabulary.confident)
                ),
                evidence=vocabulary.evidence if agrees and vocabulary is not None else (),
            )
        return vocabulary

    def _as_probability(self, weight: float) -> float:
        """A vocabulary weight on the model's scale: ``confident_score`` reads as 0.5."""
        return round(weight / (weight + self.confident_score), 6) if weight > 0 else 0.0

    def vocabulary_match(
        self, tokens: TokenizedText, language: str | None = None
    ) -> TopicMatch | None:
        """The vocabulary's reading alone: the best topic reaching ``min_score``, or None."""
        best = self._best_hits(self._lexicon.find(tokens, self._protected))
        ranks: dict[str, tuple[float, float]] = {}
        for topic, hits in best.items():
            total = sum(h.phrase.weight * h.quality for h in hits)
            own = sum(h.phrase.weight for h in hits if h.phrase.language == language)
            ranks[topic] = (round(total, 6), own)
        nothing = (0, 0)  # a topic without hits: sum() of nothing

        ordered = sorted(self.topics, key=lambda topic: ranks.get(topic, nothing), reverse=True)
        top, second = ordered[0], ordered[1]
        score, runner_up_score = ranks.get(top, nothing)[0], ranks.get(second, nothing)[0]
        if score < self.min_score:
            return None
        return TopicMatch(
            topic=top,
            score=self._as_probability(score),
            runner_up=second if runner_up_score > 0 else None,
            runner_up_score=self._as_probability(runner_up_score),
            confident=score >= self.confident_score and score - runner_up_score >= self.min_margin,
            evidence=tuple(
                tokens.quote(h.first, h.last) for h in sorted(best[top], key=lambda h: h.first)
            ),
        )

"""The topic model learnt from content examples: same numbers as scikit-learn, learns at once."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.content.model import TopicExamples
from bot.understanding.topic_model import NONE, TopicModel, fit_library
from bot.understanding.topics import TopicMatcher

ROOT = Path(__file__).resolve().parents[2]
OWN_QUESTIONS = [
    json.loads(line)
    for line in (ROOT / "tests" / "data" / "faq_questions.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


@pytest.fixture(scope="module")
def matcher() -> TopicMatcher:
    return TopicMatcher.load(ROOT / "content")


def test_the_fast_reading_gives_scikit_learns_own_probabilities(matcher: TopicMatcher) -> None:
    """The bot reads with weights fitted in a child process and cached; scikit-learn, fitted
    here on the same examples, must give the very same probabilities."""
    from scipy.sparse import hstack

    model = matcher.model()
    assert model is not None
    items = matcher.examples.items
    char, word, classifier = fit_library(
        [matcher.fold(text) for _, _, text in items], [topic or NONE for _, topic, _ in items]
    )
    assert tuple(classifier.classes_) == model.labels
    for row in OWN_QUESTIONS:
        folded = matcher.fold(row["text"])
        library = classifier.predict_proba(
            hstack([char.transform([folded]), word.transform([folded])]).tocsr()
        )[0]
        assert np.allclose(model.probabilities(folded), library)


def test_a_cached_model_reads_as_the_freshly_fitted_one(tmp_path: Path) -> None:
    texts = ["agent fee kitni", "visa kab milega", "hello", "fee 2 lakh", "work visa", "hi"]
    labels = ["fees", "work_visa", NONE, "fees", "work_visa", NONE]
    fresh = TopicModel.fit(texts, labels, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.npz"))) == 1, "the fitted weights are kept for next time"
    cached = TopicModel.fit(texts, labels, cache_dir=tmp_path)
    for text in ("agent ne fee mangi", "visa", "zxq"):
        assert np.allclose(fresh.probabilities(text), cached.probabilities(text))
    assert cached.guess("fee kitni hai").label == "fees"


def test_a_broken_cache_file_is_fitted_again_not_an_error(tmp_path: Path) -> None:
    texts, labels = ["fee kitni", "visa kab", "hello"], ["fees", "work_visa", NONE]
    TopicModel.fit(texts, labels, cache_dir=tmp_path)
    (cached,) = tmp_path.glob("*.npz")
    cached.write_bytes(b"half a file")
    assert TopicModel.fit(texts, labels, cache_dir=tmp_path).guess("fee kitni").label == "fees"


def test_questions_never_used_as_examples_find_their_topic(matcher: TopicMatcher) -> None:
    """tests/data/faq_questions.jsonl was written apart from content/faq_examples/."""
    examples = {" ".join(text.casefold().split()) for _, _, text in matcher.examples.items}
    assert not [r["text"] for r in OWN_QUESTIONS if r["text"].casefold() in examples]
    asked = [r for r in OWN_QUESTIONS if r["topic"] is not None]
    right = 0
    for row in asked:
        match = matcher.match(row["text"], row["language"])
        right += match is not None and match.topic == row["topic"]
    assert right / len(asked) >= 0.88
    quiet = [r for r in OWN_QUESTIONS if r["topic"] is None]
    assert all(matcher.match(r["text"], r["language"]) is None for r in quiet)


def test_an_added_example_is_learnt_by_the_next_reading(matcher: TopicMatcher) -> None:
    question = "zxq flurb gronk"  # words no example and no vocabulary knows
    assert matcher.match(question) is None
    added = replace(
        matcher.examples,
        items=(
            *matcher.examples.items,
            *(("ur", "passport", f"{question} {n}") for n in ("", "na", "hai", "kya")),
        ),
    )
    match = matcher.match(question, examples=added)
    assert match is not None and match.topic == "passport"
    assert matcher.match(question) is None, "the loaded examples are unchanged"


def test_the_same_examples_give_the_same_model(matcher: TopicMatcher) -> None:
    other = TopicExamples(tuple(matcher.examples.items))
    first, second = matcher.model(), matcher.model(other)
    assert first is second, "one model per version of the examples"
    rebuilt = TopicMatcher.load(ROOT / "content").model()
    assert first is not None and rebuilt is not None
    text = matcher.fold("agent paise mang raha hai visa se pehle")
    assert np.array_equal(first.probabilities(text), rebuilt.probabilities(text))


def test_a_lone_word_is_never_answered_without_asking(matcher: TopicMatcher) -> None:
    for word in ("visa", "passport", "agent"):
        match = matcher.match(word)
        assert match is None or not match.confident, word


MESSAGES = [
    json.loads(line)
    for line in (ROOT / "tests" / "data" / "messages.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


@pytest.mark.parametrize("language", ["en", "ur", "ur-Latn", "ps"])
def test_each_language_is_read_right_nine_times_in_ten_and_stays_quiet_off_topic(
    matcher: TopicMatcher, language: str
) -> None:
    """Goals 90% top-1 and 95% unmatched kept; held slightly under, per language."""
    rows = [r for r in MESSAGES if r["language"] == language]
    asked = [r for r in rows if r["topic"] is not None]
    quiet = [r for r in rows if r["topic"] is None]

    def topic(row: dict) -> str | None:
        match = matcher.match(row["text"], language)
        return match.topic if match else None

    assert sum(topic(r) == r["topic"] for r in asked) / len(asked) >= 0.88
    assert sum(topic(r) is None for r in quiet) / len(quiet) >= 0.92

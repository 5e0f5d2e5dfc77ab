"""The pipeline remembers the readings of short texts: a remembered reading must be the one a
fresh read gives, for the examples being served and the hint the text came with."""

from __future__ import annotations

from bot.content.model import Content, TopicExamples
from bot.understanding.pipeline import REMEMBERED_LENGTH, Understanding

# A question only the learnt model (from the content's examples) places under its topic.
LEARNT_ONLY = "which agents are allowed to send people abroad"


def test_a_repeated_text_reads_the_same(understanding: Understanding, content: Content) -> None:
    examples = content.topic_examples
    first = understanding.analyze("agent ne visa ke liye 3 lakh maange hain", "en", examples)
    again = understanding.analyze("agent ne visa ke liye 3 lakh maange hain", "en", examples)
    assert again.contract() == first.contract()
    assert "upfront_fee" in again.contract()["red_flags"]


def test_new_examples_are_used_at_once(understanding: Understanding, content: Content) -> None:
    served = content.topic_examples
    assert understanding.analyze(LEARNT_ONLY, "en", served).contract()["topic"] == (
        "verify_recruiter"
    )
    # A volunteer's edit gives other examples (here: none): the old reading is not reused.
    assert understanding.analyze(LEARNT_ONLY, "en", TopicExamples()).contract()["topic"] is None
    assert understanding.analyze(LEARNT_ONLY, "en", served).contract()["topic"] == (
        "verify_recruiter"
    )


def test_the_hint_is_part_of_what_is_remembered(understanding: Understanding) -> None:
    assert understanding.analyze("ok", "ur").language != understanding.analyze("ok", "en").language


def test_long_texts_are_read_in_full(understanding: Understanding) -> None:
    ad = ("Call centre job in Bangkok, salary 1500 dollars. " * 20)[: REMEMBERED_LENGTH + 50]
    assert "risky_destination" in understanding.analyze(ad, "en").contract()["red_flags"]


def test_the_speed_benchmark_times_reading_not_remembering(understanding: Understanding) -> None:
    """The benchmark repeats its texts; timed through the memory, the pipeline looked
    17,000 times faster than langdetect. A fresh read is new work and the same reading."""
    text = "agent 5 lakh mang raha hai visa ke liye"
    remembered = understanding.analyze(text)
    assert understanding.analyze(text) is remembered
    fresh = understanding.read_afresh(text)
    assert fresh is not remembered and understanding.read_afresh(text) is not fresh
    assert fresh.contract() == remembered.contract()

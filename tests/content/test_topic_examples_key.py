"""TopicExamples as the key of a fitted model: its hash is kept, so it must stay right."""

from __future__ import annotations

import pickle
from dataclasses import replace

from bot.content.model import TopicExamples

ITEMS = (("en", "fees", "the agent asks 3 lakh"), ("en", None, "thank you"))


def test_equal_examples_find_the_same_model_and_others_do_not() -> None:
    models = {TopicExamples(ITEMS): "fitted"}
    assert models.get(TopicExamples(tuple(list(ITEMS)))) == "fitted"
    assert models.get(TopicExamples(ITEMS[:1])) is None
    assert models.get(replace(TopicExamples(), items=ITEMS)) == "fitted"


def test_a_pickled_copy_is_the_same_key() -> None:
    copy = pickle.loads(pickle.dumps(TopicExamples(ITEMS)))
    assert {TopicExamples(ITEMS): 1}.get(copy) == 1

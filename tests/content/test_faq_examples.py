"""The FAQ example questions are content: every mistake is refused with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import inspect_content
from tests.content.test_validation import line_of, problems_of, replace_in

URDU = Path("faq_examples") / "ur.yaml"


def test_the_real_examples_load_for_every_topic_and_language(
    content_copy: tuple[Path, Path],
) -> None:
    inspection = inspect_content(*content_copy)
    assert inspection.content is not None
    examples = inspection.content.topic_examples
    languages = {language for language, _, _ in examples.items}
    assert languages == {"en", "ur", "ur-Latn", "ps", "hi", "ne", "bn", "si", "ta", "id", "fil"}
    for topic in inspection.content.faq:
        for language in languages:
            count = sum(1 for lang, t, _ in examples.items if lang == language and t == topic.id)
            assert count >= 15, (topic.id, language, count)
    assert examples.of_topic(None), "texts about no topic teach the matcher to stay quiet"


def test_a_misspelt_topic_is_an_error_with_its_line_and_the_nearest_id(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / URDU
    replace_in(target, "  passport:\n", "  pasport:\n")
    line = line_of(target, "  pasport:")
    problems = problems_of(content_dir, locales_dir)
    assert any(
        p.startswith(f"content/faq_examples/ur.yaml:{line}:") and "'passport'" in p
        for p in problems
    ), problems


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "    - اپنا ڈیٹا کیسے مٹاؤں",
            "    - 12345\n    - اپنا ڈیٹا کیسے مٹاؤں",
            "    - 12345",
            "written as text",
        ),
        (
            "    - اپنا ڈیٹا کیسے مٹاؤں",
            "    - اپنا ڈیٹا کیسے مٹاؤں\n    - جعلی ایجنٹ کی شکایت کیسے کروں",
            "    - جعلی ایجنٹ کی شکایت کیسے کروں",
            "one question, one topic",
        ),
        ("language: ur\n", "language: urdu\n", "language: urdu", "is not one of the languages"),
    ],
    ids=["not_text", "under_two_topics", "unknown_language"],
)
def test_a_broken_example_is_refused_where_it_is(
    content_copy: tuple[Path, Path], old: str, new: str, needle: str, message: str
) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / URDU
    replace_in(target, old, new)
    line = line_of(target, needle) if needle != "    - جعلی ایجنٹ کی شکایت کیسے کروں" else None
    problems = problems_of(content_dir, locales_dir)
    located = [p for p in problems if p.startswith("content/faq_examples/ur.yaml:")]
    assert any(message in p for p in located), problems
    if line is not None:
        assert any(p.startswith(f"content/faq_examples/ur.yaml:{line}:") for p in located)


def test_a_topic_with_few_examples_is_a_warning_not_an_error(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / URDU
    text = target.read_text(encoding="utf-8")
    start = text.index("  alerts:\n")
    end = text.index("  none:\n")
    target.write_text(text[:start] + "  alerts:\n    - الرٹ چاہیے\n" + text[end:], encoding="utf-8")
    inspection = inspect_content(content_dir, locales_dir)
    assert inspection.content is not None
    assert any("only 1 example(s) of 'alerts' in ur" in str(p) for p in inspection.warnings)

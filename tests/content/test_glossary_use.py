"""A glossary's words are the texts' words: a text that still uses a form to avoid is warned
about at its line, while what people type may use every form."""

from __future__ import annotations

from pathlib import Path

from bot.content.loader import inspect_content


def _warnings(content_copy: tuple[Path, Path]) -> list[str]:
    return [str(p) for p in inspect_content(*content_copy).warnings]


def _append_to_faq_answer(path: Path, topic: str, words: str) -> int:
    """Add ``words`` as the first line of ``topic``'s answer; return that line's number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  {topic}:")
    at = next(i for i in range(start, len(lines)) if lines[i].lstrip().startswith("answer: |"))
    indent = " " * (len(lines[at + 1]) - len(lines[at + 1].lstrip()))
    lines.insert(at + 1, f"{indent}{words}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def test_the_project_texts_use_their_glossary_words(content_copy: tuple[Path, Path]) -> None:
    assert not [w for w in _warnings(content_copy) if "glossary's word" in w]


def test_a_pashto_text_that_writes_the_avoided_word_for_embassy_is_warned_at_its_line(
    content_copy: tuple[Path, Path],
) -> None:
    path = content_copy[0] / "faq" / "ps.yaml"
    line = _append_to_faq_answer(path, "help_abroad", "له سفارتخانه سره اړیکه ونیسئ۔")
    expected = f"faq/ps.yaml:{line}: warning: 'سفارتخانه' for 'embassy': the ps glossary's word"
    assert any(expected in w for w in _warnings(content_copy))


def test_what_people_type_may_use_any_form(content_copy: tuple[Path, Path]) -> None:
    path = content_copy[0] / "faq_examples" / "ps.yaml"
    text = path.read_text(encoding="utf-8")
    assert "سفارتخانه" in text or "اجنټ" in text  # people write the other forms
    assert not [w for w in _warnings(content_copy) if "faq_examples" in w and "glossary" in w]


def test_a_glossary_term_that_avoids_its_own_word_is_a_warning(
    content_copy: tuple[Path, Path],
) -> None:
    path = content_copy[0] / "glossary" / "ps.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("not: [اجنټ]", "not: [اجنټ, اېجنټ]"), encoding="utf-8")
    assert any("'اېجنټ' is the word to use, not one to avoid" in w for w in _warnings(content_copy))

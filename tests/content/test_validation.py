"""Broken content is refused with the file and line to fix; good content loads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content.loader import load_content
from bot.errors import ContentError


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(content_dir: Path, locales_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(content_dir, locales_dir)
    return [str(p) for p in caught.value.problems]


def test_the_real_content_loads_in_every_language(content_copy: tuple[Path, Path]) -> None:
    content, _ = load_content(*content_copy)
    assert {"en", "ur"} <= set(content.languages)


def test_yaml_syntax_error_names_file_and_line(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / "checklist.yaml"
    replace_in(target, "  - id: recruiter\n", "  - id: recruiter\n   answers: [oops\n")
    problems = problems_of(content_dir, locales_dir)
    assert any(p.startswith("content/checklist.yaml:") and "YAML syntax" in p for p in problems)


def test_answer_that_raises_an_unknown_flag_is_located(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / "checklist.yaml"
    replace_in(
        target,
        "{id: not_licensed, flags: [unlicensed_agent], signals: [no_licence]}",
        "{id: not_licensed, flags: [unlicenced_agent]}",
    )
    line = line_of(target, "unlicenced_agent")
    problems = problems_of(content_dir, locales_dir)
    assert (
        f"content/checklist.yaml:{line}: error: flag 'unlicenced_agent' is not defined under `flags`"
        in problems
    )


def test_rule_on_unknown_signal_is_refused(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / "checklist.yaml"
    replace_in(
        target, "when: [bait_job, risky_destination]", "when: [bait_jobs, risky_destination]"
    )
    line = line_of(target, "bait_jobs")
    assert any(
        p.startswith(f"content/checklist.yaml:{line}:") and "bait_jobs" in p
        for p in problems_of(content_dir, locales_dir)
    )


def test_missing_english_text_is_an_error_with_its_place(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / "texts" / "en.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    del data["checklist"]["pressure"]["question"]
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = problems_of(content_dir, locales_dir)
    assert any(
        "texts/en.yaml" in p and "missing text checklist.pressure.question" in p for p in problems
    )


def test_missing_translation_is_a_warning_and_falls_back_to_english(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / "texts" / "ur.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    del data["pages"]["checklist_intro"]
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    content, warnings = load_content(content_dir, locales_dir)
    assert any("texts/ur.yaml" in str(w) and "pages.checklist_intro" in str(w) for w in warnings)
    assert content.language("ur").text("pages", "checklist_intro") == content.language("en").text(
        "pages", "checklist_intro"
    )


def test_unknown_placeholder_in_a_text_is_refused(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / "texts" / "ur.yaml"
    text = target.read_text(encoding="utf-8")
    single = "ٹائپنگ اور IT کی نوکری کے لیے {scam_salary_range} کا وعدہ"  # a one-line text
    assert single in text
    target.write_text(
        text.replace(single, single.replace("{scam_salary_range}", "{scam_salary_rang}")),
        encoding="utf-8",
    )
    line = line_of(target, "{scam_salary_rang}")
    problems = problems_of(content_dir, locales_dir)
    assert any(
        p.startswith(f"content/texts/ur.yaml:{line}:") and "scam_salary_rang" in p for p in problems
    )


def test_unbalanced_or_foreign_html_is_refused(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / "texts" / "en.yaml"
    text = target.read_text(encoding="utf-8")
    needle = "  menu: "
    start = text.index(needle)
    target.write_text(
        text[: start + len(needle)]
        + "<b>What now? <div>x</div>\n"
        + text[text.index("\n", start) + 1 :],
        encoding="utf-8",
    )
    problems = problems_of(content_dir, locales_dir)
    menu_line = line_of(target, "<div>x</div>")
    assert any(f"en.yaml:{menu_line}:" in p and "<div> is not allowed" in p for p in problems)
    assert any(f"en.yaml:{menu_line}:" in p and "<b> is never closed" in p for p in problems)


def test_fact_without_source_is_refused(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / "facts.yaml"
    text = target.read_text(encoding="utf-8")
    start = text.index("  nccia_helpline:")
    source_line = text.index("    source:", start)
    target.write_text(
        text[:source_line] + text[text.index("\n", source_line) + 1 :], encoding="utf-8"
    )
    line = line_of(target, "  nccia_helpline:")
    problems = problems_of(content_dir, locales_dir)
    assert any(
        p.startswith(f"content/facts.yaml:{line}:") and "lacks source" in p for p in problems
    )


def test_translation_with_drifted_placeholder_is_refused_with_po_line(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    po = locales_dir / "ur" / "LC_MESSAGES" / "bot.po"
    replace_in(po, 'msgstr "سوال {current} از {total}"', 'msgstr "سوال {current} از {totl}"')
    line = line_of(po, 'msgid "Question {current} of {total}"')
    problems = problems_of(content_dir, locales_dir)
    assert any(f"bot.po:{line}:" in p and "placeholders" in p for p in problems)


def test_too_long_button_label_is_refused(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / "texts" / "en.yaml"
    text = target.read_text(encoding="utf-8")
    needle = "      kept_by_me: "
    start = text.index(needle)
    target.write_text(
        text[: start + len(needle)]
        + '"'
        + "very " * 12
        + 'long"\n'
        + text[text.index("\n", start) + 1 :],
        encoding="utf-8",
    )
    line = line_of(target, "very very")
    assert any(
        f"en.yaml:{line}:" in p and "button label" in p
        for p in problems_of(content_dir, locales_dir)
    )

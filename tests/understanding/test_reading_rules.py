"""The reading rules are content: checked with file:line, languages from a file, any script."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import inspect_content
from bot.understanding.languages import LanguageTable
from bot.understanding.normalize import normalize
from bot.understanding.tokens import Tokenizer


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line
    )


def errors_of(content_copy: tuple[Path, Path]) -> list[str]:
    return [str(p) for p in inspect_content(*content_copy).errors]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("नौकरी थाईलैंड में", ["नौकरी", "थाईलैंड", "में"]),
        ("विदेश में नौकरी। वीज़ा", ["विदेश", "में", "नौकरी", "वीज़ा"]),
        ("থাইল্যান্ডে চাকরি", ["থাইল্যান্ডে", "চাকরি"]),
    ],
)
def test_devanagari_and_bengali_words_survive_tokenising(text: str, words: list[str]) -> None:
    assert Tokenizer().words(text) == words
    assert normalize(text).split() == words


def test_the_project_reading_rules_have_no_problems(content_copy: tuple[Path, Path]) -> None:
    assert errors_of(content_copy) == []


def test_a_misspelt_key_is_an_error_at_its_line(content_copy: tuple[Path, Path]) -> None:
    path = content_copy[0] / "understanding" / "redflags.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("    fixed:", text.index("\n  no_contract:\n"))
    path.write_text(text[:at] + "    fixd:" + text[at + len("    fixed:") :], encoding="utf-8")
    line = line_of(path, "    fixd:")
    assert any(
        f"redflags.yaml:{line}: error: unknown key 'fixd'" in e for e in errors_of(content_copy)
    )


def test_a_misspelt_flag_id_is_two_errors_not_a_flag_silently_gone(
    content_copy: tuple[Path, Path],
) -> None:
    path = content_copy[0] / "understanding" / "redflags.yaml"
    edit(path, "\n  passport_retention:\n", "\n  pasport_retention:\n")
    errors = errors_of(content_copy)
    assert any("unknown red-flag id 'pasport_retention'" in e for e in errors)
    assert any("'passport_retention' has no entry" in e for e in errors)


def test_a_language_key_not_in_languages_yaml_is_an_error(content_copy: tuple[Path, Path]) -> None:
    path = content_copy[0] / "understanding" / "personal_data.yaml"
    edit(path, "    ur-Latn: [beta,", "    ur_Latn: [beta,")
    line = line_of(path, "    ur_Latn: [beta,")
    assert any(
        f"personal_data.yaml:{line}: error: unknown language 'ur_Latn'" in e
        for e in errors_of(content_copy)
    )


def test_a_pattern_that_repeats_without_bound_is_refused(content_copy: tuple[Path, Path]) -> None:
    path = content_copy[0] / "understanding" / "redflags.yaml"
    edit(path, r"'[\w.]{1,64}@[\w-]{1,63}\.\w'", r"'[\w.]+@[\w-]+\.\w'")
    line = line_of(path, r"'[\w.]+@[\w-]+\.\w'")
    assert any(
        f"redflags.yaml:{line}: error: every repetition needs an upper bound" in e
        for e in errors_of(content_copy)
    )


def test_a_salary_norm_needs_its_source(content_copy: tuple[Path, Path]) -> None:
    path = content_copy[0] / "understanding" / "redflags.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  labour:\n")
    source = text.index("    source:", start)
    path.write_text(text[:source] + text[text.index("\n", source) + 1 :], encoding="utf-8")
    assert any(
        "redflags.yaml" in e and "missing key 'source'" in e for e in errors_of(content_copy)
    )


def test_a_yes_or_no_phrase_must_be_quoted(content_copy: tuple[Path, Path]) -> None:
    path = content_copy[0] / "understanding" / "personal_data.yaml"
    edit(path, "    en: [here, speaking]", "    en: [here, speaking, no]")
    assert any("False is not a phrase" in e for e in errors_of(content_copy))


def test_the_languages_come_from_content(content_copy: tuple[Path, Path]) -> None:
    content_dir = content_copy[0]
    table = LanguageTable.load(content_dir)
    assert table.codes[:4] == ("en", "ur", "ur-Latn", "ps")
    assert table.from_hint("hi-IN") == "hi"
    assert table.from_hint("mr-IN") == "en"
    assert {"id", "fil"} <= set(table.codes)
    edit(
        content_dir / "understanding" / "languages.yaml",
        "default: en",
        "  mr:\n    name: Marathi\n    script: Deva\n    hints: [mr]\ndefault: en",
    )
    assert LanguageTable.load(content_dir).from_hint("mr-IN") == "mr"
    assert errors_of(content_copy) == []


def test_a_marker_language_not_in_languages_yaml_is_an_error_at_its_line(
    content_copy: tuple[Path, Path],
) -> None:
    path = content_copy[0] / "understanding" / "language_markers.yaml"
    edit(path, "\n  ne:\n", "\n  np:\n")
    line = line_of(path, "  np:")
    assert any(
        f"language_markers.yaml:{line}: error: unknown language 'np'" in e
        for e in errors_of(content_copy)
    )


def test_a_name_that_is_a_destination_is_an_error_at_its_line(
    content_copy: tuple[Path, Path],
) -> None:
    path = content_copy[0] / "understanding" / "names.yaml"
    edit(path, "  - Muhammad Mohammad", "  - Bangkok Muhammad Mohammad")
    line = line_of(path, "  - Bangkok Muhammad")
    assert any(
        f"names.yaml:{line}: error: 'Bangkok' is a place in places.yaml" in e
        for e in errors_of(content_copy)
    )


def test_a_phrase_listed_twice_in_one_list_is_a_warning_at_its_line(
    content_copy: tuple[Path, Path],
) -> None:
    path = content_copy[0] / "understanding" / "money.yaml"
    edit(path, "      en: [usd, dollar, dollars,", "      en: [usd, dollar, Dollars, dollars,")
    line = line_of(path, "      en: [usd, dollar, Dollars, dollars,")
    warnings = [str(p) for p in inspect_content(*content_copy).warnings]
    assert any(
        w.endswith(f"money.yaml:{line}: warning: 'dollars' is listed twice (also item 3)")
        for w in warnings
    )

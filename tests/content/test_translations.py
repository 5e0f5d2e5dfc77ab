"""Outdated translations: stamping what a translation was made from, and noticing when the
English changes after it."""

from __future__ import annotations

import io
from pathlib import Path

import yaml

from bot.content.loader import load_content
from bot.content.translations import STAMP_KEY, run_stamp, source_hash, write_stamps
from tests.content.breaking import check, findings, line_after, replace_in

QUESTION = "Do you deal with the licensed agent's own office, or with a middleman (sub-agent)?"


def stamp(content_dir: Path, code: str, *only: str) -> tuple[int, str]:
    out = io.StringIO()
    return run_stamp(content_dir, code, out, only), out.getvalue()


def coverage_row(output: str, code: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.startswith(f"  {code} "))


def test_stamping_records_the_english_and_keeps_every_comment(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    urdu = content_dir / "texts" / "ur.yaml"
    before = urdu.read_text(encoding="utf-8")

    code, said = stamp(content_dir, "ur")

    assert code == 0, said
    assert "content/texts/ur.yaml: 203 text(s) marked as translated" in said
    assert "content/faq/ur.yaml: 26 text(s) marked as translated" in said
    after = urdu.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # nothing above the stamps changed
    assert after.count("# source:") == before.count("# source:")
    data = yaml.safe_load(after)
    english = yaml.safe_load((content_dir / "texts" / "en.yaml").read_text(encoding="utf-8"))
    assert data[STAMP_KEY]["checklist.sub_agent.question"] == source_hash(
        english["checklist"]["sub_agent"]["question"]
    )
    assert data[STAMP_KEY]["levels.danger.title"] == source_hash(
        english["levels"]["danger"]["title"]
    )
    # Texts that name one country's offices are translated here too, for no country (the
    # "Other country" user reads them), and stamped like any other.
    assert data[STAMP_KEY]["next_steps.danger"] == source_hash(english["next_steps"]["danger"])
    faq_stamps = yaml.safe_load((content_dir / "faq" / "ur.yaml").read_text(encoding="utf-8"))
    assert "faq.fees.answer" in faq_stamps[STAMP_KEY]

    assert stamp(content_dir, "ur")[0] == 0
    assert urdu.read_text(encoding="utf-8") == after  # stamping twice changes nothing

    exit_code, output = check(content_dir, locales_dir)
    assert exit_code == 0
    assert not [f for f in findings(output) if "/ur.yaml" in f]
    assert coverage_row(output, "ur")[4:7] == ["0", "0", "100%"]
    content, _ = load_content(content_dir, locales_dir)
    assert STAMP_KEY not in content.language("ur").texts


def test_a_changed_english_text_makes_its_translation_outdated_until_restamped(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    for code in ("ur", "ur-Latn", "ps"):
        assert stamp(content_dir, code)[0] == 0
    replace_in(
        content_dir / "texts" / "en.yaml",
        QUESTION,
        "Do you talk to the licensed agent's own office, or to a middleman (sub-agent)?",
    )

    exit_code, output = check(content_dir, locales_dir)

    assert exit_code == 0  # outdated is a warning: the old translation is still shown
    urdu = content_dir / "texts" / "ur.yaml"
    line = line_after(urdu, "  sub_agent:", "    question:")
    assert (
        f"content/texts/ur.yaml:{line}: warning: outdated translation of "
        "checklist.sub_agent.question: the English text changed after it was translated; "
        "update this text, then run `python -m bot content stamp ur`"
    ) in findings(output)
    assert coverage_row(output, "ur")[4] == "1"
    assert coverage_row(output, "ps")[4] == "1"

    replace_in(urdu, "(سب ایجنٹ) سے؟", "(سب ایجنٹ) سے بات کر رہے ہیں؟")
    assert stamp(content_dir, "ur", "checklist.sub_agent")[0] == 0
    _, output = check(content_dir, locales_dir)
    assert coverage_row(output, "ur")[4] == "0"
    assert coverage_row(output, "ps")[4] == "1"  # Pashto still needs its translator


def test_stamping_only_some_texts_keeps_the_other_stamps(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    write_stamps(content_dir / "texts" / "ps.yaml", "ps", {})  # as if nothing was stamped yet
    assert stamp(content_dir, "ps", "pages")[0] == 0
    stamps = yaml.safe_load((content_dir / "texts" / "ps.yaml").read_text(encoding="utf-8"))[
        STAMP_KEY
    ]
    assert set(stamps) == {
        f"pages.{page}"
        for page in yaml.safe_load((content_dir / "texts" / "en.yaml").read_text(encoding="utf-8"))[
            "pages"
        ]
    }  # the welcome too: each pack gives its own, and the general one is for no country
    assert stamp(content_dir, "ps", "help.intro")[0] == 0
    stamps = yaml.safe_load((content_dir / "texts" / "ps.yaml").read_text(encoding="utf-8"))[
        STAMP_KEY
    ]
    assert "pages.help" in stamps and "help.intro" in stamps
    _, output = check(content_dir, locales_dir)
    assert "content/texts/ps.yaml:" in output and "have no `translated_from:` stamp" in output


def test_stamp_refuses_english_unknown_languages_and_broken_files(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, _ = content_copy
    code, said = stamp(content_dir, "en")
    assert code == 2 and "English is the source language" in said
    code, said = stamp(content_dir, "urdu")
    assert code == 2 and "is the language code right" in said
    urdu = content_dir / "texts" / "ur.yaml"
    replace_in(urdu, "pages:\n", "pages:\n\tbroken\n")
    before = urdu.read_text(encoding="utf-8")
    code, said = stamp(content_dir, "ur")
    assert code == 2 and "content/texts/ur.yaml:" in said and "nothing was stamped" in said
    assert urdu.read_text(encoding="utf-8") == before


def test_a_hand_broken_stamp_map_is_explained(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    urdu = content_dir / "faq" / "ur.yaml"
    urdu.write_text(urdu.read_text(encoding="utf-8") + f"{STAMP_KEY}: yes\n", encoding="utf-8")
    _, output = check(content_dir, locales_dir)
    line = line_after(urdu, f"{STAMP_KEY}: yes")
    assert any(
        f.startswith(f"content/faq/ur.yaml:{line}: warning: `{STAMP_KEY}:` must be a map")
        for f in findings(output)
    )
    assert stamp(content_dir, "ur")[0] == 0
    assert yaml.safe_load(urdu.read_text(encoding="utf-8"))[STAMP_KEY]["faq.fees.title"]

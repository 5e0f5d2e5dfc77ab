"""`content check` on the guide pages of a country pack: each mistake named at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.content.breaking import check, findings, line_after, replace_in

PK = "content/countries/PK.yaml"


@pytest.mark.parametrize(
    ("old", "new", "at", "severity", "says"),
    [
        pytest.param(
            "      confidence: M\n      read: 2026-12-02\n    # airport staff",
            "      confidence: L\n      read: 2026-12-02\n    # airport staff",
            ("  protector:", "en.dailypakistan.com.pk"),
            "error",
            "an L source is not published",
            id="a weak source behind a guide's claim",
        ),
        pytest.param(
            "        title: 'پروٹیکٹر: رجسٹریشن کیسے کریں'\n",
            "",
            ("guides:", "  protector:", "      ur:"),
            "warning",
            "missing text guides.protector.title",
            id="a guide not yet translated",
        ),
        pytest.param(
            "    faq: [returnees]",
            "    faq: [returnee]",
            ("  returnee:", "    faq: [returnee]"),
            "error",
            "'returnee' is not a faq id",
            id="a guide offered under an FAQ topic that does not exist",
        ),
        pytest.param(
            "        title: What a real work visa looks like",
            "        title: What a real work visa looks like, country by country",
            ("  work_visa:", "        title: What a real"),
            "error",
            "button label is",
            id="a guide title too long for a button",
        ),
        pytest.param(
            "    facts: [fia_tip_hotline, fia_helpline]\n    faq: [returnees]",
            "    facts: [fia_tip_hotline, fia_hotline]\n    faq: [returnees]",
            ("  returnee:", "    facts:"),
            "error",
            "'fia_hotline' is not a facts id",
            id="a guide shows a fact that does not exist",
        ),
    ],
)
def test_a_broken_guide_is_reported_at_its_line(
    content_copy: tuple[Path, Path],
    old: str,
    new: str,
    at: tuple[str, ...],
    severity: str,
    says: str,
) -> None:
    content_dir, locales_dir = content_copy
    path = content_dir.parent / PK
    replace_in(path, old, new)
    line = line_after(path, *at)
    code, output = check(content_dir, locales_dir)
    expected = f"{PK}:{line}: {severity}: "
    assert [f for f in findings(output) if f.startswith(expected) and says in f], output
    assert code == (1 if severity == "error" else 0)


def test_a_glossary_without_the_word_for_embassy_is_a_warning(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    path = content_dir / "glossary" / "ps.yaml"
    replace_in(path, "  embassy: {use: سفارت", "  embasy: {use: سفارت")
    code, output = check(content_dir, locales_dir)
    warned = [f for f in findings(output) if f.startswith("content/glossary/ps.yaml:")]
    assert any("lacks the word for 'embassy'" in f for f in warned), output
    assert any("'embasy' is not a glossary term" in f for f in warned), output
    assert code == 0, "a warning: the bot still serves the content"


def test_each_pakistan_language_has_a_complete_glossary(content_copy: tuple[Path, Path]) -> None:
    content_dir, _ = content_copy
    for lang in ("en", "ur", "ur-Latn", "ps"):
        assert (content_dir / "glossary" / f"{lang}.yaml").exists(), lang
    _, output = check(*content_copy)
    assert not [f for f in findings(output) if "content/glossary/" in f], output

"""`python -m bot content check` catches each kind of broken content, with its file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.content.breaking import check, findings, line_after, replace_in


@dataclass(frozen=True)
class Break:
    """One way to break the content, and what the checker must say about it."""

    name: str
    file: str  # relative to the folder holding content/ and locales/
    old: str
    new: str
    at: tuple[str, ...]  # needles leading to the line to fix, in the broken file
    severity: str
    says: str
    reported_in: str | None = None  # when the problem shows in another file than the one broken


BREAKS = [
    Break(
        "an alert past its review date",
        "content/alerts/visit_visas.yaml",
        "issued: 2026-11-22\nreview_by: 2027-05-22",
        "issued: 2026-05-01\nreview_by: 2026-11-01",
        ("review_by: 2026",),
        "warning",
        "alert visit_visas was due for review on 2026-11-01",
    ),
    Break(
        "an alert without its issue date",
        "content/alerts/no_cash_to_agents.yaml",
        "issued: 2026-11-22\n",
        "",
        ("review_by: 2027",),
        "error",
        "`issued:` must be a date",
    ),
    Break(
        "a country pack text the bot never shows",
        "content/countries/BD.yaml",
        "      welcome: |-",
        "      welcom: |-",
        ("texts:", "welcom:"),
        "error",
        "text pages.welcom is not one the bot shows",
    ),
    Break(
        "a country pack lacks a text that names its offices",
        "content/countries/BD.yaml",
        "        summary: >-",
        "        summery: >-",
        ("    levels:", "      danger:"),
        "error",
        "missing text levels.danger.summary",
    ),
    Break(
        "a country pack text in a language it does not list",
        "content/countries/LK.yaml",
        "languages: [en, si, ta]",
        "languages: [en, si]",
        ("texts:", "  ta:"),
        "error",
        "texts in 'ta', which `languages:` does not list",
    ),
    Break(
        "a country pack lists an unknown fact for help",
        "content/countries/NP.yaml",
        "  home: [dofe_site, feb_toll_free]",
        "  home: [dofe_site, feb_toll_fre]",
        ("  home: [dofe_site",),
        "error",
        "help lists unknown fact 'feb_toll_fre'",
    ),
    Break(
        "yaml syntax in a FAQ translation",
        "content/faq/ur.yaml",
        "  fees:\n",
        "  fees:\n\ttitle: x\n",
        ("\ttitle: x",),
        "error",
        "YAML syntax",
    ),
    Break(
        "FAQ topic lists an unknown fact",
        "content/faq.yaml",
        "facts: [thailand_hotline, cambodia_police_hotline]",
        "facts: [thailand_hotline, cambodia_police_hotln]",
        ("cambodia_police_hotln",),
        "error",
        "FAQ topic 'help_abroad' lists unknown fact 'cambodia_police_hotln'",
    ),
    Break(
        "FAQ topic points to a related topic that does not exist",
        "content/faq.yaml",
        "related: [fees, contract]",
        "related: [fees, contracts]",
        ("contracts",),
        "error",
        "related topic 'contracts' does not exist",
    ),
    Break(
        "a topic id of DESIGN.md is renamed",
        "content/faq.yaml",
        "  - id: alerts\n",
        "  - id: alert\n",
        ("topics:",),
        "error",
        "FAQ topic 'alerts' is missing",
    ),
    Break(
        "FAQ topic without sources",
        "content/faq.yaml",
        "    sources: \"DESIGN.md 'Privacy by construction' and the /forget_me contract\"\n",
        "",
        ("  - id: privacy",),
        "error",
        "FAQ topic 'privacy' has no `sources:`",
    ),
    Break(
        "English FAQ title missing",
        "content/faq/en.yaml",
        '    title: "Fees and payment"\n',
        "",
        ("  fees:",),
        "error",
        "missing text faq.fees.title",
    ),
    Break(
        "Urdu FAQ answer missing (English is shown)",
        "content/faq/ur.yaml",
        "    answer: |\n      فراڈ والی نوکریوں",
        "    answr: |\n      فراڈ والی نوکریوں",
        ("  salary:",),
        "warning",
        "missing text faq.salary.answer",
    ),
    Break(
        "a translated FAQ key that English does not have",
        "content/faq/ur.yaml",
        "    answer: |\n      فراڈ والی نوکریوں",
        "    answr: |\n      فراڈ والی نوکریوں",
        ("  salary:", "answr:"),
        "warning",
        "text faq.salary.answr is not in content/faq/en.yaml",
    ),
    Break(
        "a translation drops a fact placeholder",
        "content/texts/ur.yaml",
        "نوکری کے لیے {scam_salary_range} تنخواہ کا وعدہ",
        "نوکری کے لیے تنخواہ کا وعدہ",
        ("  salary:", "    why:"),
        "error",
        "placeholders [] of checklist.salary.why differ from the English ['scam_salary_range']",
    ),
    Break(
        "a FAQ answer inserts something that is not a fact",
        "content/faq/ur.yaml",
        "<b>{scam_salary_range}</b> تنخواہ",
        "<b>{scam_salary}</b> تنخواہ",
        ("  salary:", "    answer:"),
        "error",
        "unknown placeholder(s) ['scam_salary']",
    ),
    Break(
        "a FAQ answer inserts a fact its topic does not list",
        "content/faq.yaml",
        "    facts: [scam_salary_range]\n",
        "    facts: []\n",
        ("  salary:", "    answer:"),
        "warning",
        "inserts {scam_salary_range}, which content/faq.yaml does not list",
        reported_in="content/faq/ps.yaml",
    ),
    Break(
        "a country pack lacks the FAQ answer on fees for its country",
        "content/countries/BD.yaml",
        "      fees:\n        answer: |-\n          Our sources do not say how much a licensed agency in"
        " Bangladesh may charge.",
        "      fees:\n        title: |-\n          Our sources do not say how much a licensed agency in"
        " Bangladesh may charge.",
        ("texts:", "  en:", "    faq:", "      fees:"),
        "error",
        "missing text faq.fees.answer",
    ),
    Break(
        "a UI translation uses a tag Telegram refuses",
        "locales/ur/LC_MESSAGES/bot.po",
        'msgstr "واپس"',
        'msgstr "<div>واپس</div>"',
        ('msgid "Back"',),
        "error",
        "tag <div> is not allowed",
    ),
    Break(
        "a UI translation drifted from its msgid's placeholders",
        "locales/ps/LC_MESSAGES/bot.po",
        'msgstr "پوښتنه {current} له {total}"',
        'msgstr "پوښتنه {curent} له {total}"',
        ('msgid "Question {current} of {total}"',),
        "error",
        "placeholders ['curent', 'total'] differ from the English ['current', 'total']",
    ),
    Break(
        "a UI translation is fuzzy (its English changed)",
        "locales/ur/LC_MESSAGES/bot.po",
        'msgid "Back"',
        '#, fuzzy\nmsgid "Back"',
        ('msgid "Back"',),
        "warning",
        "translation of 'Back' is marked fuzzy",
    ),
    Break(
        "unbalanced tags in a FAQ answer",
        "content/faq/en.yaml",
        "<b>written contract</b>",
        "<b>written contract",
        ("  contract:", "    answer:"),
        "error",
        "<b> is never closed",
    ),
    Break(
        "a text too long for one message",
        "content/texts/en.yaml",
        "What do you want to do? Choose a button below.",
        "Choose. " * 450,
        ("  menu:",),
        "error",
        "characters; keep it under 3500",
    ),
    Break(
        "a fact not checked for more than a year",
        "content/facts.yaml",
        '    source: "arabnews.pk/node/2603229 (2025-06-04); dailytimes.com.pk/1311022"\n'
        "    confidence: H\n    checked: 2026-11-22",
        '    source: "arabnews.pk/node/2603229 (2025-06-04); dailytimes.com.pk/1311022"\n'
        "    confidence: H\n    checked: 2025-10-01",
        ("checked: 2025-10-01",),
        "warning",
        "fact 'nccia_helpline' was last checked on 2025-10-01, more than a year ago",
    ),
    Break(
        "a fact without a checked date",
        "content/facts.yaml",
        "    confidence: H\n    checked: 2026-11-22\n\n  nccia_email:",
        "    confidence: H\n\n  nccia_email:",
        ("  nccia_helpline:",),
        "error",
        "fact 'nccia_helpline' lacks checked",
    ),
    Break(
        "a phone number typed into a text instead of a fact",
        "content/texts/en.yaml",
        "What do you want to do? Choose a button below.",
        "Call 0300 1234567 or choose a button below.",
        ("  menu:",),
        "warning",
        "a phone number is written into the text ('0300 1234567')",
    ),
    Break(
        "an English text no id asks for",
        "content/texts/en.yaml",
        "pages:\n",
        "pages:\n  welcom: Hello\n",
        ("  welcom:",),
        "warning",
        "text pages.welcom is not used by the bot",
    ),
    Break(
        "a file says it is another language",
        "content/faq/ps.yaml",
        "language: ps\n",
        "language: pa\n",
        ("language: pa",),
        "error",
        "`language:` must be 'ps', like the file name",
    ),
]


@pytest.mark.parametrize("broken", BREAKS, ids=[b.name for b in BREAKS])
def test_the_checker_explains_each_kind_of_broken_content(
    broken: Break, content_copy: tuple[Path, Path]
) -> None:
    content_dir, locales_dir = content_copy
    replace_in(content_dir.parent / broken.file, broken.old, broken.new)
    reported = broken.reported_in or broken.file
    line = line_after(content_dir.parent / reported, *broken.at)

    code, output = check(content_dir, locales_dir)

    expected = f"{reported}:{line}: {broken.severity}: "
    matching = [f for f in findings(output) if f.startswith(expected) and broken.says in f]
    assert matching, f"no {expected!r}…{broken.says!r} in:\n{output}"
    assert code == (1 if broken.severity == "error" else 0)
    assert output.rstrip().splitlines()[-1].startswith("FAILED" if code else "OK")


def test_the_real_content_has_no_errors_and_a_coverage_row_per_language(
    content_copy: tuple[Path, Path],
) -> None:
    code, output = check(*content_copy)
    assert code == 0, output
    assert not [f for f in findings(output) if ": error: " in f]
    table = output[output.index("\nCoverage") + 1 :].splitlines()
    header = table[1].split()
    assert header[:4] == ["language", "texts", "FAQ", "UI"]
    table = table[: table.index("")] if "" in table else table
    rows = {line.split()[0]: line.split() for line in table[2:] if line.startswith("  ")}
    assert set(rows) == {"en", "ur", "ur-Latn", "ps", "hi", "ne", "bn", "si", "ta", "id", "fil"}
    assert rows["en"][1:4] == ["203/203", "26/26", "source"]
    # Texts naming one country's offices are counted in every language too (a user of no pack's
    # country reads them), as well as in each pack that replaces them (below).
    assert rows["ur"][1:3] == ["203/203", "26/26"]
    packs = output[output.index("\nCountry packs") + 1 :].splitlines()
    pack_rows = {
        tuple(line.split()[:2]): line.split()[2] for line in packs[1:] if line.startswith("  ")
    }
    assert pack_rows[("PK", "ur")] == "100%" and pack_rows[("PK", "en")] == "100%"
    faq_rows = {
        tuple(line.split()[:2]): line.split("FAQ answers ")[-1]
        for line in packs[1:]
        if line.startswith("  ")
    }
    assert len(faq_rows) == 18 and set(faq_rows.values()) == {"4/4"}, packs
    # Issue 13: each new pack is complete in English and in every language of its country
    # (Tamil twice: as written in India and in Sri Lanka).
    new_packs = {"IN": ["hi", "ta"], "ID": ["id"], "PH": ["fil"], "LK": ["si", "ta"]}
    for country, languages in new_packs.items():
        for language in ["en", *languages]:
            assert pack_rows.get((country, language)) == "100%", (country, language, packs)


def test_a_screen_longer_than_telegram_allows_is_reported_after_formatting(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    target = content_dir / "texts" / "en.yaml"
    text = target.read_text(encoding="utf-8")
    summary = "Do not go. " * 300  # 3300 characters: fine alone, too long inside the verdict
    start = text.index("  danger:\n    title:")
    summary_at = text.index("    summary:", start)
    end = text.index("\n", summary_at)
    target.write_text(
        text[:summary_at] + f"    summary: {summary.strip()}" + text[end:], encoding="utf-8"
    )
    code, output = check(content_dir, locales_dir)
    assert code == 0
    assert any(
        f.startswith(
            "content/texts/en.yaml: warning: the verdict (most red flags, danger) screen (en) is "
        )
        and "Telegram allows 4096, so it is sent in 2 or more messages" in f
        for f in findings(output)
    ), output


def test_a_new_language_is_listed_with_everything_it_still_lacks(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    (content_dir / "texts" / "sd.yaml").write_text(
        "language: sd\nname: سنڌي\ndirection: rtl\npages:\n  menu: ڇا ڪرڻ چاهيو ٿا؟\n",
        encoding="utf-8",
    )
    code, output = check(content_dir, locales_dir)
    assert code == 0, output
    lines = findings(output)
    assert "content/texts/sd.yaml:5: warning: missing text pages.help" not in lines
    assert any(
        f.startswith("content/texts/sd.yaml:4: warning: missing text pages.help") for f in lines
    )
    assert any(
        "content/texts/sd.yaml" in f and "missing text checklist.visa.why" in f for f in lines
    )
    assert any(f.startswith("content/faq/sd.yaml: warning: file is missing") for f in lines)
    assert any(f.startswith("locales/sd/LC_MESSAGES/bot.po: warning: no UI catalog") for f in lines)
    row = next(line.split() for line in output.splitlines() if line.startswith("  sd "))
    with (locales_dir / "bot.pot").open("rb") as template:
        ui_strings = len([m for m in read_po(template) if m.id])
    assert row[1:4] == ["1/203", "0/26", f"0/{ui_strings}"]


def test_hidden_editor_files_are_not_languages(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    (content_dir / "texts" / ".#en.yaml").symlink_to("/nonexistent/lock")
    (content_dir / "faq" / ".ur.yaml.swp").write_bytes(b"\x00\x01")
    code, output = check(content_dir, locales_dir)
    assert code == 0, output
    assert ".#en" not in output


def test_strict_check_fails_on_warnings_that_a_plain_check_lets_through(
    content_copy: tuple[Path, Path],
) -> None:
    """CI runs `content check --strict`: a half-translated language must not land unnoticed."""
    import os
    import subprocess
    import sys

    content_dir, locales_dir = content_copy
    (content_dir / "texts" / "sd.yaml").write_text(
        "language: sd\nname: سنڌي\ndirection: rtl\npages:\n  menu: ڇا ڪرڻ چاهيو ٿا؟\n",
        encoding="utf-8",
    )
    env = {**os.environ, "CONTENT_DIR": str(content_dir), "LOCALES_DIR": str(locales_dir)}

    def run(*flags: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "content", "check", *flags],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    plain, strict = run(), run("--strict")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "warning: missing text pages.help" in strict.stdout
    assert (
        strict.stdout.rstrip().splitlines()[-1]
        == "FAILED under --strict: warnings count as errors."
    )

"""Code and catalogs never drift apart: every UI msgid is translated, with the same placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.content.markup import placeholders

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"t": None, "translate": None, "N_": None}
LANGUAGES = ["ur", "ur_Latn", "ps"]


def code_msgids() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "bot"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_msgid_in_the_code_is_translated(language: str) -> None:
    with (ROOT / "locales" / language / "LC_MESSAGES" / "bot.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(code_msgids() - set(translated))
    assert not missing, f"run pybabel extract/update and translate: {missing}"
    for msgid, msgstr in translated.items():
        assert placeholders(msgid) == placeholders(msgstr), f"{language}: {msgid!r} -> {msgstr!r}"


def test_the_template_is_up_to_date() -> None:
    with (ROOT / "locales" / "bot.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert code_msgids() == template, (
        "run: pybabel extract -F babel.cfg -k t -k translate -k N_ --no-location --sort-output -o locales/bot.pot ."
    )


def test_no_translated_string_hides_inside_an_f_string() -> None:
    """pybabel cannot see ``f"{t('...')}"``, so such a string would never be translated."""
    import re

    pattern = re.compile(r"""\{\s*(?:t|translate|lang\.translate)\(""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "bot").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders, f"move the translated call out of the f-string: {offenders}"

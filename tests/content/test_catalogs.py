"""Code and catalogs never drift apart: every UI msgid is translated, with the same placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.content.markup import placeholders

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"t": None, "translate": None, "N_": None}
LANGUAGES = ["ur", "ur_Latn", "ps", "bn", "si", "ta"]


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


def test_every_extracted_msgid_is_text_a_translator_can_read() -> None:
    """A msgid like ``"*"`` is code that pybabel mistook for UI text: it would land in every
    catalog and stop the suite on the next Babel release that reads the code differently."""
    import re

    word = re.compile(r"[^\W\d_]{2,}")
    odd = sorted(msgid for msgid in code_msgids() if not word.search(msgid))
    assert not odd, f"pybabel extracts msgids that are not UI text: {odd}"


def _is_translator(annotation: object) -> bool:
    import ast

    return isinstance(annotation, ast.expr) and ast.unparse(annotation) == "Translator"


def test_no_code_binds_a_name_that_pybabel_reads_as_the_translator() -> None:
    """``t``, ``translate`` and ``N_`` are the extraction keywords, so a loop variable, a lambda
    argument or a parameter with one of these names makes pybabel extract its neighbours.
    Only the translator itself may carry one: ``t = lang.translate``, or a parameter
    annotated ``Translator``."""
    import ast

    keywords = set(KEYWORDS)
    offenders: list[str] = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            bound: list[tuple[str, int]] = []
            if isinstance(node, ast.comprehension | ast.For | ast.AsyncFor):
                bound = [
                    (name.id, node.target.lineno)
                    for name in ast.walk(node.target)
                    if isinstance(name, ast.Name)
                ]
            elif isinstance(node, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args
                bound = [
                    (argument.arg, argument.lineno)
                    for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
                    if not _is_translator(argument.annotation)
                ]
            offenders.extend(
                f"{path.relative_to(ROOT)}:{line} binds {name!r}"
                for name, line in bound
                if name in keywords
            )
    assert not offenders, f"rename these, pybabel reads them as the translator: {offenders}"

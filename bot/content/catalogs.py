"""UI strings from gettext catalogs (``locales/<lang>/LC_MESSAGES/bot.po``) through Babel.

Catalogs are compiled in memory when the content loads, so nobody has to remember
``pybabel compile``; a compiled ``bot.mo`` newer than its ``.po`` (the Docker image builds
them) is used as is. msgids are natural English with ``{named}`` placeholders, which is also
the fallback when a translation is missing.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.content.markup import markup_problems, placeholders
from bot.errors import Problem

DOMAIN = "bot"

# Tags UI strings may use: the same as content plus code for commands.
UI_TAGS = frozenset({"b", "i", "u", "a", "code"})


def N_(message: str) -> str:
    """Mark a msgid kept in a table for ``pybabel extract``; translate it later with a Translator."""
    return message


def locale_dir_name(code: str) -> str:
    """``ur-Latn`` (BCP 47, our ids) is ``ur_Latn`` on disk (gettext's convention)."""
    return code.replace("-", "_")


@dataclass(frozen=True)
class CatalogTranslator:
    """Translate msgids of one language; fills ``{named}`` placeholders."""

    translations: gettext.NullTranslations

    def __call__(self, message: str, /, **values: Any) -> str:
        text = self.translations.gettext(message)
        return text.format(**values) if values else text


def _catalog_problems(catalog: Catalog, file: str) -> list[Problem]:
    problems: list[Problem] = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        pairs = (
            zip(message.id, message.string, strict=False)
            if isinstance(message.id, tuple)
            else [(message.id, message.string)]
        )
        for source, translated in pairs:
            if not translated:
                continue
            if placeholders(source) != placeholders(translated):
                problems.append(
                    Problem(
                        file,
                        message.lineno,
                        f"placeholders {sorted(placeholders(translated))} differ from the "
                        f"English {sorted(placeholders(source))} in msgid {source!r}",
                    )
                )
            problems.extend(
                Problem(file, message.lineno, f"{issue} in msgid {source!r}")
                for issue in markup_problems(translated, UI_TAGS)
            )
    return problems


def load_translator(locales_dir: Path, code: str) -> tuple[CatalogTranslator, list[Problem]]:
    """The translator for ``code``: its catalog, or the English msgids when there is none."""
    folder = locales_dir / locale_dir_name(code) / "LC_MESSAGES"
    po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if not po_path.exists():
        return CatalogTranslator(gettext.NullTranslations()), []
    display = str(po_path)
    try:
        with po_path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except Exception as exc:  # Babel raises several types for a broken file
        line = getattr(exc, "lineno", None)
        return CatalogTranslator(gettext.NullTranslations()), [
            Problem(display, line, f"cannot read the catalog: {exc}")
        ]
    problems = _catalog_problems(catalog, display)
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as handle:
            return CatalogTranslator(gettext.GNUTranslations(handle)), problems
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return CatalogTranslator(gettext.GNUTranslations(buffer)), problems

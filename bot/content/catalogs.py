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
        for source_id, translated_id in pairs:
            source, translated = str(source_id), str(translated_id)
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


@dataclass(frozen=True)
class LoadedCatalog:
    """One language's UI catalog: its translator, the parsed catalog (None when absent) and
    the problems found in it."""

    translator: CatalogTranslator
    catalog: Catalog | None
    file: str
    problems: list[Problem]


def po_path(locales_dir: Path, code: str) -> Path:
    """Where the catalog of ``code`` lives."""
    return locales_dir / locale_dir_name(code) / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(locales_dir: Path, code: str) -> LoadedCatalog:
    """Read and check the catalog of ``code``; without one, the English msgids are shown."""
    path = po_path(locales_dir, code)
    mo_path = path.with_suffix(".mo")
    display = str(path.relative_to(locales_dir.parent)) if locales_dir.name else str(path)
    if not path.exists():
        return LoadedCatalog(CatalogTranslator(gettext.NullTranslations()), None, display, [])
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except Exception as exc:  # Babel raises several types for a broken file
        line = getattr(exc, "lineno", None)
        return LoadedCatalog(
            CatalogTranslator(gettext.NullTranslations()),
            None,
            display,
            [Problem(display, line, f"cannot read the catalog: {exc}")],
        )
    problems = _catalog_problems(catalog, display)
    if mo_path.exists() and mo_path.stat().st_mtime >= path.stat().st_mtime:
        with mo_path.open("rb") as handle:
            translator = CatalogTranslator(gettext.GNUTranslations(handle))
        return LoadedCatalog(translator, catalog, display, problems)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return LoadedCatalog(
        CatalogTranslator(gettext.GNUTranslations(buffer)), catalog, display, problems
    )


def load_translator(locales_dir: Path, code: str) -> tuple[CatalogTranslator, list[Problem]]:
    """The translator for ``code``: its catalog, or the English msgids when there is none."""
    loaded = load_catalog(locales_dir, code)
    return loaded.translator, loaded.problems


def read_template(locales_dir: Path) -> set[str] | None:
    """The msgids of ``locales/bot.pot`` (what the code asks for), or None without a template."""
    path = locales_dir / f"{DOMAIN}.pot"
    if not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            return {_msgid(m.id) for m in read_po(handle) if m.id}
    except Exception:  # a broken template is reported by pybabel itself; coverage is skipped
        return None


def _msgid(message_id: str | tuple[str, ...] | list[str]) -> str:
    """The singular msgid of a message (Babel gives plural ones as a tuple)."""
    return message_id if isinstance(message_id, str) else message_id[0]


@dataclass(frozen=True)
class CatalogCoverage:
    """How much of the template a catalog translates."""

    total: int
    translated: int
    fuzzy: int


def catalog_coverage(
    loaded: LoadedCatalog, template: set[str], problems: list[Problem]
) -> CatalogCoverage:
    """Count translated msgids, warning about each untranslated or fuzzy one (shown in English)."""
    entries = {_msgid(m.id): m for m in loaded.catalog or () if m.id}
    translated = fuzzy = 0
    for msgid in sorted(template):
        message = entries.get(msgid)
        strings = message.string if message is not None else None
        done = all(strings) if isinstance(strings, tuple) else bool(strings)
        if message is not None and done and message.fuzzy:
            fuzzy += 1
            problems.append(
                Problem(
                    loaded.file,
                    message.lineno,
                    f"translation of {msgid!r} is marked fuzzy (its English changed), so the "
                    "English is shown; check it and delete the `#, fuzzy` line",
                    "warning",
                )
            )
        elif message is not None and done:
            translated += 1
        elif loaded.catalog is not None:
            where = (
                "" if message is not None else " (run pybabel update first, see CONTRIBUTING.md)"
            )
            problems.append(
                Problem(
                    loaded.file,
                    message.lineno if message is not None else None,
                    f"UI string {msgid!r} is not translated, so the English is shown; "
                    f"translate it in this file{where}",
                    "warning",
                )
            )
    return CatalogCoverage(len(template), translated, fuzzy)

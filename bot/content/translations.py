"""Keeping translations in step with the English they were made from.

Every non-English file (``content/texts/<lang>.yaml``, ``content/faq/<lang>.yaml``) ends with a
``translated_from:`` map: for each text, a short hash of the English text it was translated
from. When someone changes the English, its hash no longer matches and the translation is
reported as *outdated* until a translator updates it and runs
``python -m bot content stamp <lang>``, which writes the current hashes.

The stamp block is rewritten as text at the end of the file, so the volunteers' comments
(``# source:`` lines) are never lost.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from bot.content.markup import placeholders
from bot.content.yaml_lines import LocatedYaml, PathKey, YamlSyntaxError, load_located
from bot.errors import Problem

STAMP_KEY = "translated_from"
META_KEYS = frozenset({"language", "name", "direction", STAMP_KEY})
TEXT_FOLDERS = ("texts", "faq")
HASH_LENGTH = 8

_STAMP_LINE = re.compile(rf"^{STAMP_KEY}\s*:")
_HEADER_LINES = (
    f"# {STAMP_KEY}: a short hash of the English text each text was translated from.\n",
    "# Written by `python -m bot content stamp {code}` (see CONTRIBUTING.md); do not edit by hand.\n",
)


def dotted(path: PathKey) -> str:
    """``("checklist", "visa", "why")`` as ``checklist.visa.why``, the form used in stamps."""
    return ".".join(str(part) for part in path)


def text_units(data: Any) -> dict[PathKey, Any]:
    """Every text of a language file by path: strings, and lists of strings as one unit."""
    units: dict[PathKey, Any] = {}

    def walk(value: Any, path: PathKey) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if not path and key in META_KEYS:
                    continue
                walk(item, (*path, str(key)))
        elif isinstance(value, (str, list)) and path:
            units[path] = value

    walk(data if isinstance(data, dict) else {}, ())
    return units


def _flat(value: Any) -> str:
    return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)


def source_hash(value: Any) -> str:
    """A short hash of an English text; unchanged by leading or trailing blanks."""
    normal = [str(v).strip() for v in value] if isinstance(value, list) else str(value).strip()
    digest = hashlib.sha256(json.dumps(normal, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:HASH_LENGTH]


@dataclass
class TranslationStatus:
    """How one translated file stands against its English file."""

    outdated: list[str] = field(default_factory=list)
    unstamped: int = 0
    stamped: int = 0


def check_translation(
    doc: LocatedYaml, english: LocatedYaml, code: str, problems: list[Problem]
) -> TranslationStatus:
    """Compare a translation with its English file: placeholders, unknown keys, outdated texts."""
    data = doc.data if isinstance(doc.data, dict) else {}
    english_units = text_units(english.data)
    raw_stamps = data.get(STAMP_KEY)
    stamps: dict[str, str] = {}
    if isinstance(raw_stamps, dict):
        stamps = {str(k): str(v) for k, v in raw_stamps.items()}
    elif raw_stamps is not None:
        problems.append(
            doc.problem(
                (STAMP_KEY,),
                f"`{STAMP_KEY}:` must be a map of text → hash; delete it and run "
                f"`python -m bot content stamp {code}`",
                "warning",
            )
        )
    status = TranslationStatus()
    for path, value in text_units(data).items():
        name = dotted(path)
        if path not in english_units:
            problems.append(
                doc.problem(
                    path,
                    f"text {name} is not in {english.file}, so the bot never shows it: "
                    "is its key mistyped, or was the English text removed? Fix the key or delete it",
                    "warning",
                )
            )
            continue
        source = english_units[path]
        ours, theirs = placeholders(_flat(value)), placeholders(_flat(source))
        if ours != theirs:
            problems.append(
                doc.problem(
                    path,
                    f"placeholders {sorted(ours)} of {name} differ from the English "
                    f"{sorted(theirs)}: use exactly the same {{fact_id}} placeholders as {english.file}",
                )
            )
        stamp = stamps.get(name)
        if stamp is None:
            status.unstamped += 1
        elif stamp != source_hash(source):
            status.outdated.append(name)
            problems.append(
                doc.problem(
                    path,
                    f"outdated translation of {name}: the English text changed after it was "
                    f"translated; update this text, then run `python -m bot content stamp {code}`",
                    "warning",
                )
            )
        else:
            status.stamped += 1
    if status.unstamped:
        problems.append(
            doc.problem(
                (STAMP_KEY,) if STAMP_KEY in data else (),
                f"{status.unstamped} text(s) have no `{STAMP_KEY}:` stamp, so nobody can tell "
                f"when their English changes; once they are checked, run "
                f"`python -m bot content stamp {code}`",
                "warning",
            )
        )
    return status


def _without_stamps(text: str) -> str:
    """The file's text with the stamp block (and its header comment) removed."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _STAMP_LINE.match(line)), None)
    if start is None:
        return text
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
        end += 1
    headers = (f"# {STAMP_KEY}:", "# Written by `python -m bot content stamp")
    while start > 0 and lines[start - 1].startswith(headers):
        start -= 1
    return "".join(lines[:start] + lines[end:])


def stamp_block(code: str, stamps: dict[str, str]) -> str:
    """The ``translated_from:`` block as it is written at the end of a file."""
    header = "".join(line.format(code=code) for line in _HEADER_LINES)
    if not stamps:
        return f"{header}{STAMP_KEY}: {{}}\n"
    body = "".join(f'  {key}: "{value}"\n' for key, value in sorted(stamps.items()))
    return f"{header}{STAMP_KEY}:\n{body}"


def write_stamps(path: Path, code: str, stamps: dict[str, str]) -> None:
    """Replace the stamp block of ``path``, keeping every other line as it was."""
    text = _without_stamps(path.read_text(encoding="utf-8")).rstrip("\n")
    path.write_text(f"{text}\n\n{stamp_block(code, stamps)}", encoding="utf-8")


def _selected(name: str, only: Iterable[str]) -> bool:
    return any(name == prefix or name.startswith(f"{prefix}.") for prefix in only)


@dataclass(frozen=True)
class StampedFile:
    """What ``stamp`` did to one file."""

    file: str
    stamped: int
    untranslated: int


def stamp_language(content_dir: Path, code: str, only: Iterable[str] = ()) -> list[StampedFile]:
    """Record, for every text of ``code`` (or those under the ``only`` paths), today's English.

    Raises YamlSyntaxError when a file cannot be read; returns what was written per file.
    """
    only = tuple(only)
    done: list[StampedFile] = []
    for folder in TEXT_FOLDERS:
        path, english_path = content_dir / folder / f"{code}.yaml", content_dir / folder / "en.yaml"
        if not path.exists() or not english_path.exists():
            continue
        display = f"{content_dir.name}/{folder}/{code}.yaml"
        doc = load_located(path, display)
        english = text_units(load_located(english_path).data)
        units = text_units(doc.data)
        data = doc.data if isinstance(doc.data, dict) else {}
        kept = data.get(STAMP_KEY)
        old: dict[str, object] = kept if isinstance(kept, dict) else {}
        stamps: dict[str, str] = {}
        for unit in units:
            if unit not in english:
                continue
            name = dotted(unit)
            if not only or _selected(name, only):
                stamps[name] = source_hash(english[unit])
            elif name in old:
                stamps[name] = str(old[name])
        write_stamps(path, code, stamps)
        done.append(StampedFile(display, len(stamps), len(set(english) - set(units))))
    return done


def run_stamp(content_dir: Path, code: str, out: TextIO, only: Iterable[str] = ()) -> int:
    """``python -m bot content stamp <lang> [path...]``: exit code 0, or 2 when nothing could be done."""
    if code == "en":
        print("English is the source language: there is nothing to stamp.", file=out)
        return 2
    try:
        done = stamp_language(content_dir, code, only)
    except YamlSyntaxError as exc:
        print(f"{exc.problem}\nFix this first; nothing was stamped.", file=out)
        return 2
    if not done:
        print(
            f"No {content_dir.name}/texts/{code}.yaml or {content_dir.name}/faq/{code}.yaml found: "
            "is the language code right (for example ur, ur-Latn, ps)?",
            file=out,
        )
        return 2
    for item in done:
        missing = f"; {item.untranslated} English text(s) not translated yet" * bool(
            item.untranslated
        )
        print(
            f"{item.file}: {item.stamped} text(s) marked as translated from the current English{missing}",
            file=out,
        )
    print(f"Next: python -m bot content check  (and commit the {code} files)", file=out)
    return 0


def iter_language_files(content_dir: Path, folder: str) -> Iterator[Path]:
    """The language files of ``content/<folder>/``, English first (editors' hidden lock and
    swap files, such as ``.#en.yaml``, are not languages)."""
    files = [p for p in (content_dir / folder).glob("*.yaml") if not p.name.startswith(".")]
    yield from sorted(files, key=lambda p: (p.stem != "en", p.stem))

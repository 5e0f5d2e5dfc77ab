"""Recordings of the checklist for people who cannot read well: ``content/audio/<lang>/``.

A volunteer records, in their language, each checklist question, each of its answers and
each verdict's summary, as ``<key>.ogg`` (Opus in OGG, as Telegram voice notes are): for
example ``content/audio/ur/checklist.recruiter.question.ogg``. The folder's
``recorded_from.yaml`` keeps, for each recording, a short hash of the text as the bot showed
it when it was recorded (facts filled in), like the ``translated_from`` stamps of
translations. When the text changes, or a number inside it, the recording is reported as
*outdated* and is no longer offered, until someone records it again.

A country pack may show its own text of a line (the licence question names that country's
licence): a recording is accepted when its stamp matches the general text or any country's
text in its language, outdated only when it matches none, and each view (a country's, or
the general one) offers only the recordings of the text it shows (:func:`playable`). The
recorder and ``stamp-audio --country CC`` stamp a line as a country's view shows it.

Recordings are never made up: no file is shipped until a person recorded it. Missing ones
are listed as coverage, not as problems.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

from bot.content.model import Content, Language, Recording, Recordings
from bot.content.ogg_opus import NotOggOpus, read_opus
from bot.content.translations import source_hash
from bot.content.yaml_lines import YamlSyntaxError, load_located
from bot.errors import Problem

AUDIO_FOLDER = "audio"
MANIFEST = "recorded_from.yaml"
STAMP_KEY = "recorded_from"
SUFFIX = ".ogg"
MAX_BYTES = 1_000_000  # a spoken line is a few dozen kilobytes; Telegram's voice limit is 1 MB
_HEADER = (
    f"# {STAMP_KEY}: a short hash of the text each recording speaks, as it was when recorded.\n"
    "# Written by the preview's recorder or `python -m bot content stamp-audio {code}`; "
    "do not edit by hand.\n"
)


@dataclass(frozen=True)
class AudioCoverage:
    """How much of one language is recorded: ``missing`` and ``outdated`` list text keys."""

    code: str
    total: int
    recorded: int
    missing: tuple[str, ...] = ()
    outdated: tuple[str, ...] = ()


def recordable(content: Content) -> Iterator[tuple[str, ...]]:
    """The text paths a recording can speak: questions, their answers, verdict summaries."""
    for question in content.checklist.questions:
        yield ("checklist", question.id, "question")
        for answer in question.answers:
            yield ("checklist", question.id, "answers", answer.id)
    for level in content.checklist.levels:
        yield ("levels", level, "summary")
        if level == content.checklist.doubts_cap:
            yield ("levels", level, "doubts")


def key_of(path: tuple[str, ...]) -> str:
    """``("checklist", "visa", "question")`` as ``checklist.visa.question``, the file's name."""
    return ".".join(path)


def spoken_text(lang: Language, path: tuple[str, ...]) -> str | None:
    """The text a recording of ``path`` speaks, as the bot shows it in ``lang``."""
    try:
        value = lang.text(*path)
    except KeyError:
        return None
    return value if isinstance(value, str) else None


def text_stamp(lang: Language, path: tuple[str, ...]) -> str | None:
    """The stamp of the text at ``path`` today (None: no such text)."""
    text = spoken_text(lang, path)
    return None if text is None else source_hash(text)


def path_of(key: str) -> tuple[str, ...]:
    """``checklist.visa.question`` as its path (ids never hold a dot)."""
    return tuple(key.split("."))


def playable(recordings: Recordings, languages: Mapping[str, Language]) -> Recordings:
    """The recordings that speak the text ``languages`` show today (one view's recordings)."""
    kept: dict[str, dict[str, Recording]] = {}
    for code, found in recordings.by_language.items():
        lang = languages.get(code)
        if lang is None:
            continue
        kept[code] = {
            key: recording
            for key, recording in found.items()
            if recording.stamp and recording.stamp == text_stamp(lang, path_of(key))
        }
    return Recordings(kept)


def views_of(content: Content) -> list[Content]:
    """The general content, then every country's view: the texts a recording may speak."""
    general = content.for_country(None)
    return [general, *(v for code, v in sorted(general.country_views.items()) if code)]


def file_digest(data: bytes) -> str:
    """What identifies a recording's bytes (for the cached Telegram file_id)."""
    return hashlib.sha256(data).hexdigest()[:16]


def audio_dir(content_dir: Path, code: str) -> Path:
    """``content/audio/<code>/``."""
    return content_dir / AUDIO_FOLDER / code


def read_stamps(folder: Path, display: str, problems: list[Problem]) -> dict[str, str]:
    """The ``recorded_from:`` map of one language folder (empty when there is none)."""
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        doc = load_located(path, display)
    except YamlSyntaxError as exc:
        problems.append(exc.problem)
        return {}
    data = doc.data if isinstance(doc.data, dict) else {}
    stamps = data.get(STAMP_KEY) or {}
    if not isinstance(stamps, dict):
        problems.append(doc.problem((STAMP_KEY,), f"`{STAMP_KEY}:` must be a map of key → hash"))
        return {}
    return {str(k): str(v) for k, v in stamps.items()}


def write_stamps(folder: Path, code: str, stamps: Mapping[str, str]) -> None:
    """Write ``recorded_from.yaml`` of one language folder, keys sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(
        {"language": code, STAMP_KEY: dict(sorted(stamps.items()))},
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
    )
    (folder / MANIFEST).write_text(_HEADER.format(code=code) + body, encoding="utf-8")


def _check_language(
    content_dir: Path, views: Sequence[Content], code: str, problems: list[Problem]
) -> tuple[dict[str, Recording], AudioCoverage]:
    folder = audio_dir(content_dir, code)
    shown = f"{content_dir.name}/{AUDIO_FOLDER}/{code}"
    content = views[0]
    langs = [view.languages[code] for view in views]
    paths = {key_of(p): p for p in recordable(content)}
    stamps = read_stamps(folder, f"{shown}/{MANIFEST}", problems)
    found: dict[str, Recording] = {}
    outdated: list[str] = []
    files = sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []
    for file in files:
        key, display = file.name[: -len(SUFFIX)], f"{shown}/{file.name}"
        data = file.read_bytes()
        if len(data) > MAX_BYTES:
            problems.append(Problem(display, None, "longer than 1 MB: record a shorter line"))
            continue
        try:
            info = read_opus(data)
        except NotOggOpus as exc:
            problems.append(
                Problem(display, None, f"not a voice recording Telegram can play: {exc}")
            )
            continue
        if key not in paths:
            problems.append(
                Problem(
                    display,
                    None,
                    f"no checklist text is called {key}, so this recording is never played: "
                    "is the name mistyped, or was the question removed?",
                    "warning",
                )
            )
            continue
        stamp = stamps.get(key)
        today = {text_stamp(lang, paths[key]) for lang in langs}
        if stamp is None:
            problems.append(
                Problem(
                    display,
                    None,
                    f"no `{STAMP_KEY}:` stamp, so nobody can tell which text it speaks; after "
                    f"listening to it, run `python -m bot content stamp-audio {code} {key}`",
                    "warning",
                )
            )
            continue
        if stamp not in today:
            outdated.append(key)
            problems.append(
                Problem(
                    display,
                    None,
                    f"outdated recording of {key}: its text changed after it was recorded (in "
                    "the general texts and in every country's), so it is not offered; record it "
                    "again (the preview's Record page does it)",
                    "warning",
                )
            )
            continue
        found[key] = Recording(
            code,
            key,
            f"{AUDIO_FOLDER}/{code}/{file.name}",
            file_digest(data),
            info.duration,
            stamp,
        )
    for key in sorted(set(stamps) - {f.name[: -len(SUFFIX)] for f in files}):
        problems.append(
            Problem(
                f"{shown}/{MANIFEST}",
                None,
                f"stamp for {key}, but there is no {key}{SUFFIX}: delete the line",
                "warning",
            )
        )
    missing = tuple(k for k in paths if k not in found and k not in outdated)
    coverage = AudioCoverage(code, len(paths), len(found), missing, tuple(outdated))
    return found, coverage


def check_audio(
    content_dir: Path, content: Content, problems: list[Problem]
) -> tuple[Recordings, list[AudioCoverage]]:
    """Every recording checked against the texts of every view (``content`` with its
    countries attached); the ones some view may play, and coverage for every language."""
    root = content_dir / AUDIO_FOLDER
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            if folder.name not in content.languages and not folder.name.startswith("."):
                problems.append(
                    Problem(
                        f"{content_dir.name}/{AUDIO_FOLDER}/{folder.name}",
                        None,
                        f"there is no texts/{folder.name}.yaml, so these recordings are never "
                        "played: is the folder named after the language code (ur, ur-Latn, ps)?",
                        "warning",
                    )
                )
    by_language: dict[str, dict[str, Recording]] = {}
    coverage: list[AudioCoverage] = []
    views = views_of(content)
    for code in content.languages:
        found, cover = _check_language(content_dir, views, code, problems)
        by_language[code] = found
        coverage.append(cover)
    return Recordings(by_language), coverage


def stamp_recording(
    content_dir: Path, content: Content, code: str, key: str, country: str | None = None
) -> str:
    """Record that ``key``'s recording in ``code`` speaks today's text as ``country``'s view
    shows it (the general text without one); returns the stamp. KeyError: no such text or pack.
    """
    if country and country not in content.countries:
        raise KeyError(country)
    view = content.for_country(country)
    paths = {key_of(p): p for p in recordable(view)}
    stamp = text_stamp(view.languages[code], paths[key])
    if stamp is None:
        raise KeyError(key)
    folder = audio_dir(content_dir, code)
    stamps = read_stamps(folder, MANIFEST, [])
    stamps[key] = stamp
    write_stamps(folder, code, stamps)
    return stamp


def run_stamp_audio(
    content_dir: Path,
    content: Content,
    code: str,
    keys: list[str],
    out: TextIO,
    country: str | None = None,
) -> int:
    """``python -m bot content stamp-audio <lang> [--country CC] [key...]``: 0, or 2 when
    nothing was done.

    Without keys, every recording in the folder is stamped: run it only after listening to
    each one against the text the preview shows (for ``country``: as that country sees it).
    """
    if code not in content.languages:
        print(f"No texts/{code}.yaml: is the language code right (ur, ur-Latn, ps)?", file=out)
        return 2
    if country and country not in content.countries:
        known = ", ".join(sorted(content.countries)) or "none"
        print(f"No country pack {country} (content/countries/): packs are {known}.", file=out)
        return 2
    folder = audio_dir(content_dir, code)
    present = sorted(p.name[: -len(SUFFIX)] for p in folder.glob(f"*{SUFFIX}"))
    paths = {key_of(p) for p in recordable(content)}
    wanted = keys or [k for k in present if k in paths]
    unknown = [k for k in wanted if k not in paths or k not in present]
    if unknown or not wanted:
        what = ", ".join(unknown) if unknown else "no recording"
        print(f"Nothing stamped: {what} (recordings live in {folder}).", file=out)
        return 2
    for key in wanted:
        stamp_recording(content_dir, content, code, key, country)
    whose = f"{country}'s" if country else "the general"
    print(
        f"{len(wanted)} recording(s) in {code} marked as speaking today's text ({whose} text).",
        file=out,
    )
    print(
        f"Next: python -m bot content check  (and commit content/{AUDIO_FOLDER}/{code})", file=out
    )
    return 0


def manifest_data(folder: Path) -> dict[str, Any]:
    """The raw manifest of a folder, for tests and the preview."""
    path = folder / MANIFEST
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}

"""The shape of every file under ``content/understanding/``, checked by ``content check``.

Each file's keys are listed here once, with what each value must be (``bot.understanding
.schema``); what the keys mean is documented in the file itself, for volunteers.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from bot.content.yaml_lines import PathKey
from bot.errors import Problem
from bot.understanding.schema import (
    Check,
    Reader,
    boolean,
    each,
    number,
    ocr_model,
    ocr_models,
    one_of,
    patterns,
    phrase_list,
    phrases,
    read,
    shape,
    text,
    words_list,
)
from bot.understanding.vocabulary import read_yaml

_PAIR = shape(
    {"window": number, "first": phrases, "second": phrases, "negatable": boolean},
    required=("window", "first", "second"),
)


def _pairs(reader: Reader, node: object, path: tuple[str | int, ...]) -> None:
    """One pair of phrase lists, or a list of them."""
    for i, item in enumerate(node if isinstance(node, list) else [node]):
        _PAIR(reader, item, (*path, i))


_FLAG = one_of(lambda r: r.flags, "red-flag id")
_TOPIC = one_of(lambda r: r.topics, "FAQ topic")
_CUES = {
    "cues": phrases,
    "fixed": phrases,
    "if_hub": phrases,
    "cancel": phrases,
    "cancel_window": number,
    "exclude": phrases,
    "regex": patterns,
    "pairs": _pairs,
}
_FLAG_SPEC = shape(
    {
        **_CUES,
        "faq": _TOPIC,
        "money": one_of(lambda r: ("fee", "salary"), "money purpose"),
        "unless_signal": text,
        "absent_unless_signal": text,
        "when_ad_names_none": boolean,
        "when_mentioned": phrases,
        "absent_unless_flag": _FLAG,
    }
)
_SIGNAL_SPEC = shape({**_CUES, "unless_flag": _FLAG})
_JOB = shape(
    {
        "bait": boolean,
        "ceiling": number,
        "by_destination": each(number),
        "source": text,
        "words": phrases,
    },
    required=("ceiling", "source", "words"),
)
_AD = shape(
    {
        "threshold": number,
        "short_text": number,
        "contact_regex": patterns,
        **{
            part: phrases
            for part in ("job", "contact", "travel", "question", "question_start", "first_person")
        },
    },
    required=("threshold", "short_text"),
)
REDFLAGS = shape(
    {
        "negation": shape(
            {
                "before": number,
                "after": number,
                "words": phrases,
                "before_only": phrases,
                "clause": phrases,
                "not_negations": phrases,
            },
            required=("before", "after", "words"),
        ),
        "flags": each(_FLAG_SPEC),
        "signals": each(_SIGNAL_SPEC),
        "employer_names": shape(
            {
                "legal_forms": phrases,
                "suffixes": phrases,
                "generic": phrases,
                "not_names": words_list,
                "name_prefixes": words_list,
            },
            required=("legal_forms", "suffixes", "generic", "not_names", "name_prefixes"),
        ),
        "jobs": each(_JOB),
        "unknown_job_ceiling": number,
        "ad": _AD,
    },
    required=(
        "negation",
        "flags",
        "signals",
        "employer_names",
        "jobs",
        "unknown_job_ceiling",
        "ad",
    ),
)
MONEY = shape(
    {
        "rates": each(number),
        "currencies": each(shape({"symbols": words_list, "words": phrases}, required=("words",))),
        "multipliers": each(phrases),
        "default_currency": each(text),
        "bare_minimum": number,
        "numbers": each(phrases),
        "halves": shape(
            {"before": phrase_list, "after": phrase_list}, required=("before", "after")
        ),
        "range_words": phrase_list,
        "periods": each(phrases),
        "months_per": each(number),
        "same_name": each(each(text)),  # currency -> {destination country: currency there}
        "purposes": shape(
            {"salary": phrases, "fee": phrases, "fee_before": phrases, "fee_after": phrases},
            required=("salary", "fee"),
        ),
    },
    required=(
        "rates",
        "currencies",
        "multipliers",
        "default_currency",
        "bare_minimum",
        "numbers",
        "halves",
        "range_words",
        "periods",
        "months_per",
        "purposes",
    ),
)
PLACES = shape(
    {
        "places": each(
            shape(
                {"country": text, "risky": boolean, "border": boolean, "names": phrases},
                required=("names",),
            )
        )
    },
    required=("places",),
)
PERSONAL_DATA = shape(
    {
        "names": shape(
            {
                "before": phrases,
                "labels": phrases,
                "after": phrases,
                "titles": phrases,
                "relations": phrases,
                "sign_offs": phrases,
            }
        ),
        "addresses": shape({"starts": phrases, "parts": phrases}, required=("starts",)),
        "ids": shape({"labels": phrases}, required=("labels",)),
        "birth_dates": shape({"labels": phrases}, required=("labels",)),
    },
    required=("names", "addresses", "ids", "birth_dates"),
)
LANGUAGES_FILE = shape(
    {
        "languages": each(
            shape(
                {"name": text, "script": text, "hints": words_list, "ocr": ocr_model},
                required=("script",),
            )
        ),
        "default": text,
        "ocr_also": ocr_models,
    },
    required=("languages", "default"),
)
ARABIC_SCRIPT = shape(
    {
        "pashto": shape({"letters": text, "words": words_list}, required=("letters", "words")),
        "urdu": shape({"letters": text, "words": words_list}, required=("letters", "words")),
    },
    required=("pashto", "urdu"),
)


def _by_language(check: Check) -> Check:
    """A mapping keyed by language codes of ``languages.yaml``, each value passing ``check``."""

    def run(reader: Reader, node: Any, path: PathKey) -> None:
        if not isinstance(node, dict):
            reader.error(path, "expected a mapping of language codes")
            return
        for language, value in node.items():
            if language not in reader.languages:
                known = ", ".join(sorted(reader.languages))
                reader.error(
                    (*path, language), f"unknown language {language!r}; expected one of: {known}"
                )
            else:
                check(reader, value, (*path, language))

    return run


_MARKERS = _by_language(shape({"words": words_list, "endings": words_list}, required=("words",)))
LANGUAGE_MARKERS = shape({"Deva": _MARKERS, "Latn": _MARKERS})
NAMES = shape(
    {
        "latin": words_list,
        "capitalised_only": words_list,
        "arabic": words_list,
        "joiners": words_list,
        "places": words_list,
        "place_words": words_list,
    },
    required=("latin", "arabic"),
)
FILES = {
    "redflags.yaml": REDFLAGS,
    "money.yaml": MONEY,
    "places.yaml": PLACES,
    "personal_data.yaml": PERSONAL_DATA,
    "arabic_script.yaml": ARABIC_SCRIPT,
    "language_markers.yaml": LANGUAGE_MARKERS,
    "names.yaml": NAMES,
}


def check_understanding(
    content_dir: Path, flags: Collection[str], topics: Collection[str]
) -> list[Problem]:
    """Every problem in the reading rules; ``flags`` are the checklist's red-flag ids."""
    folder = content_dir / "understanding"
    problems: list[Problem] = []
    doc = read(folder / "languages.yaml", content_dir, problems)
    languages: list[str] = []
    if doc is not None:
        LANGUAGES_FILE(Reader(doc, (), flags, topics, problems), doc.data, ())
        languages = list((doc.data or {}).get("languages") or {})
        if isinstance(doc.data, dict) and doc.data.get("default") not in languages:
            problems.append(
                doc.problem(("default",), "the default language must be one of languages")
            )
    for name, check in FILES.items():
        doc = read(folder / name, content_dir, problems)
        if doc is None:
            continue
        reader = Reader(doc, languages, flags, topics, problems)
        check(reader, doc.data, ())
        if name == "redflags.yaml" and isinstance(doc.data, dict):
            _check_flag_ids(reader, doc.data)
        if name == "names.yaml" and isinstance(doc.data, dict):
            _check_names_are_not_places(reader, doc.data, folder / "places.yaml")
    return problems


def _check_names_are_not_places(reader: Reader, data: dict, places_file: Path) -> None:
    """A name that is also a destination would be scrubbed out of every question about it."""
    if not places_file.exists():
        return
    places = read_yaml(places_file) or {}
    spelled: set[str] = set()
    for place in (places.get("places") or {}).values():
        names = (place or {}).get("names") if isinstance(place, dict) else None
        for items in names.values() if isinstance(names, dict) else [names or []]:
            spelled.update(str(item).casefold() for item in items or [])
    for key in ("latin", "capitalised_only", "arabic"):
        for index, line in enumerate(data.get(key) or []):
            for word in str(line).split():
                if word.casefold() in spelled:
                    reader.error((key, index), f"{word!r} is a place in places.yaml, not a name")


def _check_flag_ids(reader: Reader, data: dict) -> None:
    """The flags of redflags.yaml are exactly the checklist's; signals named exist."""
    flags_node = data.get("flags")
    listed: dict = flags_node if isinstance(flags_node, dict) else {}
    for flag in listed:
        if flag not in reader.flags:
            known = ", ".join(sorted(reader.flags))
            reader.error(("flags", flag), f"unknown red-flag id {flag!r}; expected one of: {known}")
    for flag in reader.flags:
        if flag not in listed:
            reader.error(("flags",), f"red flag {flag!r} has no entry, so no text can raise it")
    signals_node = data.get("signals")
    signals: dict = signals_node if isinstance(signals_node, dict) else {}
    for flag, spec in listed.items():
        for key in ("unless_signal", "absent_unless_signal"):
            wanted = spec.get(key) if isinstance(spec, dict) else None
            if wanted is not None and wanted not in signals:
                reader.error(("flags", flag, key), f"unknown signal {wanted!r}")

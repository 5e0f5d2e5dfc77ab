"""Guide pages of a country pack (``guides:`` at the end of ``content/countries/<CC>.yaml``).

A guide is a short page a worker or a family acts on (the Protector process, a passport taken
abroad, ransom calls): which facts it shows, where each of its claims comes from, and where
the bot offers it (FAQ answers, verdict flags, *I need help now*). Its words are kept beside it
per language, as an alert's are, so that a guide can be added without touching the pack's
other texts; the reader moves them to ``guides.<id>`` of each language's texts, where they are
checked like every other pack text (markup, placeholders, missing translations).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from bot.content.model import Guide, GuideSource
from bot.content.yaml_lines import LocatedYaml, PathKey
from bot.errors import Problem

GUIDE_TEXTS = ("title", "body")


def _ids(raw: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in raw) if isinstance(raw, list) else ()


def parse_guides(
    doc: LocatedYaml,
    problems: list[Problem],
    *,
    facts: Collection[str],
    topics: Collection[str],
    flags: Collection[str],
) -> tuple[Guide, ...]:
    """The pack's guides, in file order; each unknown id or unsourced claim is a problem."""
    data = doc.data if isinstance(doc.data, dict) else {}
    raw_guides = data.get("guides") or {}
    if not isinstance(raw_guides, dict):
        problems.append(doc.problem(("guides",), "guides: must be a mapping of guide ids"))
        return ()
    guides = []
    for gid, raw in raw_guides.items():
        path: PathKey = ("guides", str(gid))
        if not isinstance(raw, dict):
            problems.append(doc.problem(path, f"guide {gid!r} must be a mapping"))
            continue
        named = {"facts": facts, "faq": topics, "flags": flags}
        for key, known in named.items():
            for item in _ids(raw.get(key)):
                if item not in known:
                    problems.append(
                        doc.problem((*path, key), f"guide {gid!r}: {item!r} is not a {key} id")
                    )
        sources = _sources(doc, path, raw.get("sources"), problems)
        if not sources and not _ids(raw.get("facts")):
            problems.append(
                doc.problem(path, f"guide {gid!r} names no source: add sources: or facts:")
            )
        guides.append(
            Guide(
                str(gid),
                facts=_ids(raw.get("facts")),
                sources=sources,
                faq=_ids(raw.get("faq")),
                flags=_ids(raw.get("flags")),
                help=raw.get("help") is True,
            )
        )
    return tuple(guides)


def _sources(
    doc: LocatedYaml, path: PathKey, raw: Any, problems: list[Problem]
) -> tuple[GuideSource, ...]:
    found = []
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        where = (*path, "sources", index)
        if not isinstance(item, dict) or not item.get("source") or not item.get("confidence"):
            problems.append(doc.problem(where, "a guide source needs source: and confidence:"))
            continue
        read = item.get("read")
        if not isinstance(read, date):
            problems.append(doc.problem(where, "read: must be the date the source was read"))
            continue
        confidence = str(item["confidence"])
        if confidence == "L":
            problems.append(
                doc.problem(where, "an L source is not published: say less, or find a better one")
            )
            continue
        found.append(GuideSource(str(item["source"]), confidence, read))
    return tuple(found)


def guide_paths(guides: tuple[Guide, ...]) -> list[PathKey]:
    """The texts each guide needs in every language of the pack."""
    return [("guides", guide.id, part) for guide in guides for part in GUIDE_TEXTS]


def with_guide_texts(doc: LocatedYaml, sub: LocatedYaml, lang: str) -> LocatedYaml:
    """``sub`` (a language's texts) with that language's guide texts under ``guides.<id>``."""
    raw = doc.data.get("guides") if isinstance(doc.data, dict) else None
    if not isinstance(raw, dict):
        return sub
    texts: dict[str, Any] = {}
    lines = dict(sub.lines)
    for gid, entry in raw.items():
        words = entry.get("texts", {}).get(lang) if isinstance(entry, dict) else None
        if isinstance(words, Mapping):
            texts[str(gid)] = dict(words)
    prefix_len = 4  # ("guides", id, "texts", lang)
    for path, line in doc.lines.items():
        if len(path) >= prefix_len and path[0] == "guides" and path[2:4] == ("texts", lang):
            lines[("guides", path[1], *path[prefix_len:])] = line
    data = dict(sub.data) if isinstance(sub.data, dict) else {}
    if texts:
        data["guides"] = texts
    return LocatedYaml(sub.file, data, lines)


def stray_languages(doc: LocatedYaml, own: Collection[str], problems: list[Problem]) -> None:
    """Guide texts in a language the pack does not list are a mistake (nobody would see them)."""
    raw = doc.data.get("guides") if isinstance(doc.data, dict) else None
    for gid, entry in (raw or {}).items() if isinstance(raw, dict) else ():
        texts = entry.get("texts") if isinstance(entry, dict) else None
        for code in texts or {}:
            if code not in own:
                problems.append(
                    doc.problem(
                        ("guides", gid, "texts", code),
                        f"guide {gid!r} has texts in {code!r}, which `languages:` does not list",
                    )
                )

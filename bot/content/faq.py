"""The FAQ: its structure in ``content/faq.yaml``, its words in ``content/faq/<lang>.yaml``.

Like the checklist, the structure (topic ids, order, the facts each answer inserts, related
topics, sources) is defined once; each language supplies only ``title`` (the button label)
and ``answer`` per topic, with numbers inserted as ``{fact_id}``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bot.content.checklist_schema import ID
from bot.content.markup import placeholders
from bot.content.model import Fact, FaqTopic
from bot.content.yaml_lines import LocatedYaml, PathKey
from bot.errors import Problem

# DESIGN.md: "These may not be renamed"; more may be added.
REQUIRED_TOPICS = (
    "verify_recruiter",
    "work_visa",
    "fees",
    "contract",
    "scam_compounds",
    "salary",
    "online_jobs",
    "passport",
    "report",
    "help_abroad",
    "returnees",
    "privacy",
    "alerts",
)
MAX_RELATED = 2
TEXT_KEYS = ("title", "answer")


def _ids(items: Any) -> tuple[str, ...]:
    return tuple(str(i) for i in items) if isinstance(items, list) else ()


def parse_faq(
    doc: LocatedYaml, facts: Mapping[str, Fact], problems: list[Problem]
) -> tuple[FaqTopic, ...]:
    """The FAQ topics in order, with a located Problem for every mistake."""
    data = doc.data if isinstance(doc.data, dict) else {}
    raw_topics = data.get("topics")
    if not isinstance(raw_topics, list) or not raw_topics:
        problems.append(doc.problem(("topics",), "`topics:` must list the FAQ topics"))
        return ()
    topics: list[FaqTopic] = []
    for index, raw in enumerate(raw_topics):
        path: PathKey = ("topics", index)
        tid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        if not isinstance(raw, dict) or not ID.match(tid):
            problems.append(
                doc.problem(path, f"FAQ topic id {tid!r} must be a short lowercase id like fees")
            )
            continue
        if any(seen.id == tid for seen in topics):
            problems.append(doc.problem((*path, "id"), f"FAQ topic id {tid!r} is used twice"))
            continue
        topic = FaqTopic(
            tid, _ids(raw.get("facts")), _ids(raw.get("related")), str(raw.get("sources") or "")
        )
        for fid in topic.facts:
            if fid not in facts:
                problems.append(
                    doc.problem(
                        (*path, "facts"),
                        f"FAQ topic {tid!r} lists unknown fact {fid!r}: add it to facts.yaml "
                        "(with its source) or fix the id",
                    )
                )
        if len(topic.related) > MAX_RELATED:
            problems.append(
                doc.problem(
                    (*path, "related"),
                    f"FAQ topic {tid!r} has {len(topic.related)} related topics; "
                    f"at most {MAX_RELATED} fit under an answer",
                    "warning",
                )
            )
        if not topic.sources.strip():
            problems.append(
                doc.problem(
                    path,
                    f"FAQ topic {tid!r} has no `sources:`: name where its answer's claims come "
                    "from (see CONTRIBUTING.md, citing a source)",
                )
            )
        topics.append(topic)
    known = {known_topic.id for known_topic in topics}
    for index, topic in enumerate(topics):
        for other in topic.related:
            if other not in known:
                problems.append(
                    doc.problem(
                        ("topics", index, "related"),
                        f"FAQ topic {topic.id!r}: related topic {other!r} does not exist",
                    )
                )
    for required in REQUIRED_TOPICS:
        if required not in known:
            problems.append(
                doc.problem(
                    ("topics",),
                    f"FAQ topic {required!r} is missing: the topic ids of DESIGN.md may not be "
                    "renamed or removed",
                )
            )
    return tuple(topics)


def faq_required_paths(topics: tuple[FaqTopic, ...]) -> Iterator[PathKey]:
    """Every text path a complete FAQ file must have."""
    for topic in topics:
        for key in TEXT_KEYS:
            yield ("faq", topic.id, key)


def faq_fact_problems(
    doc: LocatedYaml, topics: tuple[FaqTopic, ...], problems: list[Problem], *, is_default: bool
) -> None:
    """Answers insert only the facts their topic lists (so reviewers can find every number)."""
    texts = doc.data.get("faq") if isinstance(doc.data, dict) else None
    if not isinstance(texts, dict):
        problems.append(doc.problem((), "the file needs a `faq:` map of topic id → title, answer"))
        return
    for topic in topics:
        entry = texts.get(topic.id)
        if not isinstance(entry, dict):
            continue
        used: set[str] = set()
        for key in TEXT_KEYS:
            used |= placeholders(str(entry.get(key) or ""))
        for fid in sorted(used - set(topic.facts)):
            problems.append(
                doc.problem(
                    ("faq", topic.id, "answer"),
                    f"FAQ answer {topic.id!r} inserts {{{fid}}}, which content/faq.yaml does not "
                    f"list under this topic's `facts:`; add it there",
                    "warning",
                )
            )
        if is_default:
            for fid in sorted(set(topic.facts) - used):
                problems.append(
                    doc.problem(
                        ("faq", topic.id, "answer"),
                        f"FAQ topic {topic.id!r} lists fact {fid!r} in content/faq.yaml, but its "
                        "answer never inserts it; insert it or remove it from the list",
                        "warning",
                    )
                )

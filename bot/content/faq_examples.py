"""Reading and checking ``content/faq_examples/<language>.yaml``: example questions per topic.

Volunteers add the questions people really ask (from ``python -m bot content unanswered``)
under the topic whose answer helps; the topic matcher learns from them when content loads.
Every mistake is reported with its file and line: an unknown topic id (with the nearest
known one), an example that is not text, the same example under two topics.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from bot.content.model import TopicExamples
from bot.content.yaml_lines import LocatedYaml, YamlSyntaxError, load_located
from bot.errors import ContentError, Problem

FOLDER = "faq_examples"
NO_TOPIC = "none"  # the key for texts about none of the topics
FEW = 10  # fewer examples than this for a topic in a language: a warning


def example_files(content_dir: Path) -> list[Path]:
    """The example files, one per language, in a stable order."""
    folder = content_dir / FOLDER
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def parse_examples(
    docs: Iterable[LocatedYaml],
    topic_ids: Iterable[str],
    language_codes: Iterable[str],
    problems: list[Problem],
) -> TopicExamples:
    """Check every example file and return the examples of all languages together."""
    topics = set(topic_ids)
    codes = set(language_codes)
    items: list[tuple[str, str | None, str]] = []
    seen: dict[str, tuple[str | None, str]] = {}  # normalised text -> (topic, where)
    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else None
        if data is None:
            problems.append(doc.problem((), "an example file must be a mapping with `examples:`"))
            continue
        language = str(data.get("language", ""))
        if language not in codes:
            problems.append(
                doc.problem(
                    ("language",),
                    f"`language: {language}` is not one of the languages ({', '.join(sorted(codes))})",
                )
            )
            continue
        examples = data.get("examples")
        if not isinstance(examples, dict):
            problems.append(doc.problem(("examples",), "`examples:` must map topic ids to lists"))
            continue
        for key, texts in examples.items():
            path = ("examples", key)
            if key != NO_TOPIC and key not in topics:
                near = difflib.get_close_matches(str(key), [*topics, NO_TOPIC], n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                problems.append(
                    doc.problem(
                        path,
                        f"{key!r} is not a FAQ topic id (content/faq.yaml) nor `{NO_TOPIC}`{hint}",
                    )
                )
                continue
            if not isinstance(texts, list):
                problems.append(doc.problem(path, f"`{key}:` must be a list of questions"))
                continue
            topic = None if key == NO_TOPIC else str(key)
            for index, text in enumerate(texts):
                where = (*path, index)
                if not isinstance(text, str) or not text.strip():
                    problems.append(
                        doc.problem(where, "an example must be a question written as text")
                    )
                    continue
                normal = _normal(text)
                if normal in seen and seen[normal][0] != topic:
                    other, place = seen[normal]
                    problems.append(
                        doc.problem(
                            where,
                            f"{text!r} is also an example of {other or NO_TOPIC!r} ({place}): "
                            "one question, one topic",
                        )
                    )
                    continue
                if normal in seen and seen[normal][1].startswith(f"{doc.file}:"):
                    problems.append(doc.problem(where, f"{text!r} is listed twice", "warning"))
                    continue
                line = doc.line(where)
                seen[normal] = (topic, f"{doc.file}:{line}" if line else doc.file)
                items.append((language, topic, text.strip()))
            if topic is not None and len(texts) < FEW:
                problems.append(
                    doc.problem(
                        path,
                        f"only {len(texts)} example(s) of {key!r} in {language}: add more "
                        "questions written the way people ask",
                        "warning",
                    )
                )
    return TopicExamples(tuple(items))


def read_examples(content_dir: Path, topic_ids: Iterable[str]) -> TopicExamples:
    """The examples under ``content_dir`` for tools without the whole content (``analyze``).

    Raises ContentError with every error found.
    """
    problems: list[Problem] = []
    docs = []
    for path in example_files(content_dir):
        try:
            docs.append(load_located(path, str(path.relative_to(content_dir.parent))))
        except YamlSyntaxError as exc:
            problems.append(exc.problem)
    codes = [str(doc.data.get("language")) for doc in docs if isinstance(doc.data, dict)]
    examples = parse_examples(docs, topic_ids, codes, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    return examples

"""Per-language texts (``content/texts/<lang>.yaml``): required keys, markup, placeholders.

The keys a language must supply are derived from the structure (checklist, facts), so adding
a question makes every language that lacks its text fail loudly instead of showing a blank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from bot.content.markup import escape_bare_ampersands, markup_problems, placeholders, visible_length
from bot.content.model import Checklist, Fact
from bot.content.yaml_lines import LocatedYaml, PathKey
from bot.errors import Problem

PAGES = ("welcome", "menu", "help", "privacy", "forget_confirm", "forgotten", "checklist_intro")
BUTTON_LIMIT = 40  # characters; longer labels are cut off on small phones
MESSAGE_BUDGET = 3500  # leaves room for headers the bot adds around a text


def required_paths(
    checklist: Checklist, facts: Mapping[str, Fact], places: Mapping[str, Any]
) -> Iterator[PathKey]:
    """Every text path a complete language file must have."""
    for page in PAGES:
        yield ("pages", page)
    for question in checklist.questions:
        yield ("checklist", question.id, "question")
        yield ("checklist", question.id, "why")
        for answer in question.answers:
            yield ("checklist", question.id, "answers", answer.id)
    for flag in checklist.flag_weights:
        yield ("flags", flag, "found")
        yield ("flags", flag, "unsure")
    for level in checklist.levels:
        yield ("levels", level, "title")
        yield ("levels", level, "summary")
        yield ("next_steps", level)
    for rule in checklist.rules:
        yield ("rules", rule.id)
    for note in checklist.notes:
        yield ("notes", note.id)
    for fact in facts:
        yield ("facts", fact, "label")
        yield ("facts", fact, "use")
    yield ("help", "intro")
    for place in places:
        yield ("help", "places", place)
        yield ("help", place)


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def is_button_path(path: PathKey) -> bool:
    """Answer labels and place names become buttons, which must stay short."""
    return (len(path) == 4 and path[0] == "checklist" and path[2] == "answers") or path[:2] == (
        "help",
        "places",
    )


def prepare_texts(
    doc: LocatedYaml,
    required: list[PathKey],
    fact_values: Mapping[str, str],
    problems: list[Problem],
    *,
    is_default: bool,
) -> dict[str, Any]:
    """Check one language file and return its texts with ``&`` escaped and facts filled in.

    A missing text is an error in the default language and a warning elsewhere (the default
    language's text is shown instead, so the user still gets an answer).
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    for path in required:
        value = _get(data, path)
        if value is None or value == "" or value == []:
            severity = "error" if is_default else "warning"
            problems.append(doc.problem(path, f"missing text {'.'.join(map(str, path))}", severity))

    def fix(value: str, path: PathKey) -> str:
        unknown = placeholders(value) - set(fact_values)
        if unknown:
            problems.append(
                doc.problem(
                    path,
                    f"unknown placeholder(s) {sorted(unknown)}: only fact ids from facts.yaml may be used",
                )
            )
            return value
        problems.extend(doc.problem(path, issue) for issue in markup_problems(value))
        text = escape_bare_ampersands(value.strip())
        text = text.format_map(fact_values)
        if is_button_path(path) and len(text) > BUTTON_LIMIT:
            problems.append(
                doc.problem(
                    path, f"button label is {len(text)} characters; keep it under {BUTTON_LIMIT}"
                )
            )
        elif visible_length(text) > MESSAGE_BUDGET:
            problems.append(
                doc.problem(
                    path,
                    f"text is {visible_length(text)} characters; keep it under {MESSAGE_BUDGET}",
                )
            )
        return text

    return _map(data, (), fix)


def _map(value: Any, path: PathKey, fix: Callable[[str, PathKey], str]) -> Any:
    if isinstance(value, dict):
        return {str(k): _map(v, (*path, str(k)), fix) for k, v in value.items()}
    if isinstance(value, list):
        return [_map(v, (*path, i), fix) for i, v in enumerate(value)]
    if isinstance(value, str) and path and path[0] not in {"language", "name", "direction"}:
        return fix(value, path)
    return value


def merge_fallback(texts: dict[str, Any], fallback: Mapping[str, Any]) -> dict[str, Any]:
    """Fill what a language lacks from the default language, key by key."""
    merged = dict(fallback)
    for key, value in texts.items():
        if isinstance(value, dict) and isinstance(fallback.get(key), dict):
            merged[key] = merge_fallback(value, fallback[key])
        elif value not in (None, "", []):
            merged[key] = value
    return merged

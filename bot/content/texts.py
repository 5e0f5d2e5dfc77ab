"""Per-language texts (``content/texts/<lang>.yaml``): required keys, markup, placeholders.

The keys a language must supply are derived from the structure (checklist, facts), so adding
a question makes every language that lacks its text fail loudly instead of showing a blank.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from bot.content.markup import escape_bare_ampersands, markup_problems, placeholders, visible_length
from bot.content.model import Checklist, Fact
from bot.content.translations import META_KEYS, STAMP_KEY, dotted, text_units
from bot.content.yaml_lines import LocatedYaml, PathKey
from bot.errors import Problem

PAGES = ("welcome", "menu", "help", "privacy", "forget_confirm", "forgotten", "checklist_intro")
HELPDESK_TEXTS = ("consent", "hours", "closed_now")  # *Talk to a person* (bot.core.helpdesk_flow)
BUTTON_LIMIT = 40  # characters; longer labels are cut off on small phones
MESSAGE_BUDGET = 3500  # leaves room for headers the bot adds around a text

# A number, address or fee typed straight into a text instead of a {fact_id} from facts.yaml.
_WRITTEN_FACTS = (
    ("a phone number", re.compile(r"(?<![\w{])\+?\d[\d \-]{4,}\d(?![\w}])")),
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
    ("a web address", re.compile(r"(?:https?://|www\.)\S+")),
    ("an amount of money", re.compile(r"(?:Rs\.?|PKR|USD|\$|€|£)\s?\d|\d\s?(?:روپے|rupees)")),
)


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
    if checklist.doubts_cap is not None:  # the summary of a level reached through doubts alone
        yield ("levels", checklist.doubts_cap, "doubts")
    for rule in checklist.rules:
        yield ("rules", rule.id)
    for note in checklist.notes:
        yield ("notes", note.id)
    for fact in facts:
        yield ("facts", fact, "label")
        yield ("facts", fact, "use")
    yield ("agency", "name")  # bot/agency: who reviews reports and keeps the scam list
    yield ("agency", "not_listed")  # how to check an agent who is not on the OEP list
    yield ("help", "intro")
    for part in HELPDESK_TEXTS:
        yield ("helpdesk", part)
    for place in places:
        yield ("help", "places", place)
        yield ("help", place)


def text_at(data: Any, path: PathKey) -> Any:
    """The value at ``path`` of a language file's data, or None."""
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def is_present(value: Any) -> bool:
    """A text counts as written when it is not empty."""
    return value not in (None, "", [])


def is_button_path(path: PathKey) -> bool:
    """Answer labels, place names and FAQ titles become buttons, which must stay short."""
    return (
        (len(path) == 4 and path[0] == "checklist" and path[2] == "answers")
        or path[:2] == ("help", "places")
        or (len(path) == 3 and path[0] in {"faq", "guides"} and path[2] == "title")
    )


def written_fact_problems(value: str) -> list[str]:
    """Numbers, addresses and fees typed into a text, which belong in facts.yaml."""
    return [
        f"{what} is written into the text ({match.group().strip()!r}): numbers, addresses and "
        "fees belong in facts.yaml with their source; insert them as {fact_id}"
        for what, pattern in _WRITTEN_FACTS
        for match in pattern.finditer(re.sub(r"\{[^{}]*\}", "", value))
        if what != "a phone number" or sum(c.isdigit() for c in match.group()) >= 6
    ]


def unused_text_problems(
    doc: LocatedYaml, required: list[PathKey], problems: list[Problem]
) -> None:
    """Texts of the default language that no id of the structure asks for (typos, leftovers)."""
    wanted = set(required)
    for path in text_units(doc.data):
        if not any(path[:n] in wanted for n in range(1, len(path) + 1)):
            problems.append(
                doc.problem(
                    path,
                    f"text {dotted(path)} is not used by the bot: no question, answer, flag, "
                    "level, fact or topic has that id; fix the key or delete the text",
                    "warning",
                )
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
        value = text_at(data, path)
        if not is_present(value):
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
        problems.extend(
            doc.problem(path, issue, "warning") for issue in written_fact_problems(value)
        )
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

    return _map({k: v for k, v in data.items() if k != STAMP_KEY}, (), fix)


def _map(value: Any, path: PathKey, fix: Callable[[str, PathKey], str]) -> Any:
    if isinstance(value, dict):
        return {str(k): _map(v, (*path, str(k)), fix) for k, v in value.items()}
    if isinstance(value, list):
        return [_map(v, (*path, i), fix) for i, v in enumerate(value)]
    if isinstance(value, str) and path and path[0] not in META_KEYS:
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

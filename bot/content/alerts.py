"""Alert templates (``content/alerts/<id>.yaml``): warnings volunteers prepare for agencies.

An agency sends one in a few taps, so every template is checked like all content before the
bot serves it: a title and a text for every language (missing in the default language is an
error, elsewhere a warning: those subscribers get the default language), numbers only as
``{fact_id}`` from facts.yaml, Telegram's tags balanced, lengths that fit one message, and a
``# source:`` comment naming where the claims come from::

    texts:
      en:
        title: Visit visas are not work visas
        # source: reference §5 (Nepal MoFA 2024-12; POEA/DMW): never a visit visa for work
        text: |-
          A visit visa does not let you work ...
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from bot.content.checklist_schema import ID
from bot.content.markup import escape_bare_ampersands, markup_problems, placeholders, visible_length
from bot.content.model import Alert, Fact, Language
from bot.content.texts import BUTTON_LIMIT, MESSAGE_BUDGET, written_fact_problems
from bot.content.yaml_lines import LocatedYaml, PathKey, YamlSyntaxError, load_located
from bot.errors import Problem

FOLDER = "alerts"
TEXT_KEYS = ("title", "text")
_SOURCE_COMMENT = re.compile(r"^\s*#\s*source:", re.IGNORECASE)


def alert_files(content_dir: Path) -> list[Path]:
    """The template files, in name order (the order agencies see them in)."""
    folder = content_dir / FOLDER
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_alerts(
    content_dir: Path,
    facts: Mapping[str, Fact],
    languages: Mapping[str, Language],
    default_language: str,
    problems: list[Problem],
    today: date | None = None,
) -> tuple[Alert, ...]:
    """Every valid template; a located Problem for each mistake (invalid ones are left out).

    Each alert says when it was ``issued`` and by when it must be reviewed (``review_by``): a
    warning about a scam goes stale, and the checker warns once its review date has passed.
    """
    alerts = []
    for path in alert_files(content_dir):
        name = str(path.relative_to(content_dir.parent))
        try:
            doc = load_located(path, name)
        except YamlSyntaxError as exc:
            problems.append(exc.problem)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(name, None, f"cannot read: {exc}"))
            continue
        found: list[Problem] = []
        issued, review_by = _check_dates(doc, path.stem, today or date.today(), found)
        alert = _read(doc, path, facts, languages, default_language, found)
        problems.extend(found)
        if alert is not None and not any(p.severity == "error" for p in found):
            alerts.append(replace(alert, issued=issued, review_by=review_by))
    return tuple(alerts)


def _check_dates(
    doc: LocatedYaml, alert_id: str, today: date, problems: list[Problem]
) -> tuple[date | None, date | None]:
    """``issued:`` and ``review_by:`` are dates, in that order; a past review date warns."""
    data = doc.data if isinstance(doc.data, dict) else {}
    dates: dict[str, date] = {}
    for key in ("issued", "review_by"):
        value = data.get(key)
        if not isinstance(value, date):
            problems.append(
                doc.problem(
                    (key,) if key in data else (),
                    f"`{key}:` must be a date like 2026-12-02 (when the alert was written, "
                    "and by when someone must check it is still true)",
                )
            )
        else:
            dates[key] = value
    issued, review_by = dates.get("issued"), dates.get("review_by")
    if issued is None or review_by is None:
        return issued, review_by
    if review_by < issued:
        problems.append(doc.problem(("review_by",), "`review_by:` is before `issued:`"))
    elif review_by < today:
        problems.append(
            doc.problem(
                ("review_by",),
                f"alert {alert_id} was due for review on {review_by.isoformat()}: check that "
                "it is still true, then set a new `review_by:` (or delete the alert)",
                "warning",
            )
        )
    return issued, review_by


def _fact_values(facts: Mapping[str, Fact], lang: Language) -> dict[str, str]:
    values = {}
    for fid, fact in facts.items():
        value = html.escape(fact.value, quote=False)
        values[fid] = (
            value if fact.confirmed else lang.translate("{value} (not confirmed)", value=value)
        )
    return values


def _read(
    doc: LocatedYaml,
    path: Path,
    facts: Mapping[str, Fact],
    languages: Mapping[str, Language],
    default_language: str,
    problems: list[Problem],
) -> Alert | None:
    alert_id = path.stem
    if not ID.match(alert_id):
        problems.append(
            doc.problem(
                (), f"file name {path.name!r} must be a short lowercase id like visit_visa.yaml"
            )
        )
        return None
    data = doc.data if isinstance(doc.data, dict) else {}
    texts = data.get("texts")
    if not isinstance(texts, dict):
        problems.append(
            doc.problem(("texts",), "`texts:` must give a title and a text per language")
        )
        return None
    for code in texts:
        if code not in languages:
            problems.append(
                doc.problem(
                    ("texts", code),
                    f"language {code!r} has no content/texts/{code}.yaml, so nobody reads this text",
                )
            )
    titles: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for code, lang in languages.items():
        entry = texts.get(code)
        severity = "error" if code == default_language else "warning"
        if not isinstance(entry, dict):
            problems.append(
                doc.problem(
                    ("texts",),
                    f"no {code} text for alert {alert_id!r}"
                    + (
                        ""
                        if severity == "error"
                        else f": {lang.name} subscribers get the default language"
                    ),
                    severity,
                )
            )
            continue
        values = _fact_values(facts, lang)
        for key, target in (("title", titles), ("text", bodies)):
            value = entry.get(key)
            where: PathKey = ("texts", code, key)
            if not isinstance(value, str) or not value.strip():
                problems.append(
                    doc.problem(where, f"missing {code} {key} of alert {alert_id!r}", severity)
                )
                continue
            checked = _check(doc, where, value, key, values, problems)
            if checked is not None:
                target[code] = checked
    if default_language in texts and not _has_source(doc, path, default_language):
        problems.append(
            doc.problem(
                ("texts", default_language),
                f"alert {alert_id!r}: add a `# source:` comment beside the {default_language} text "
                "naming where each claim comes from (shared/reference/pakistan-and-region.md)",
            )
        )
    if default_language not in titles or default_language not in bodies:
        return None
    return Alert(alert_id, titles, bodies)


def _check(
    doc: LocatedYaml,
    where: PathKey,
    value: str,
    key: str,
    values: Mapping[str, str],
    problems: list[Problem],
) -> str | None:
    unknown = placeholders(value) - set(values)
    if unknown:
        problems.append(
            doc.problem(
                where,
                f"unknown placeholder(s) {sorted(unknown)}: only fact ids from facts.yaml may be used",
            )
        )
        return None
    issues = markup_problems(value) if key == "text" else _title_markup(value)
    problems.extend(doc.problem(where, issue) for issue in issues)
    problems.extend(doc.problem(where, issue, "warning") for issue in written_fact_problems(value))
    text = escape_bare_ampersands(value.strip()).format_map(values)
    limit = BUTTON_LIMIT if key == "title" else MESSAGE_BUDGET
    if visible_length(text) > limit:
        problems.append(
            doc.problem(where, f"{key} is {visible_length(text)} characters; keep it under {limit}")
        )
    return None if issues else text


def _title_markup(value: str) -> list[str]:
    """Titles become buttons and headings: no tags at all."""
    return (
        ["a title takes no tags (it becomes a button)"]
        if markup_problems(value, frozenset())
        else []
    )


def _has_source(doc: LocatedYaml, path: Path, code: str) -> bool:
    """Whether a ``# source:`` comment sits in the lines of ``texts.<code>``."""
    start = doc.lines.get(("texts", code))
    if start is None:
        return False
    following = sorted(
        line
        for (first, *rest), line in _keyed(doc)
        if first == "texts" and len(rest) == 1 and line > start
    )
    end = following[0] if following else None
    lines = path.read_text(encoding="utf-8").splitlines()
    block = lines[start - 1 : (end - 1) if end else None]
    return any(_SOURCE_COMMENT.match(line) for line in block)


def _keyed(doc: LocatedYaml) -> list[tuple[PathKey, int]]:
    return [(p, line) for p, line in doc.lines.items() if p]

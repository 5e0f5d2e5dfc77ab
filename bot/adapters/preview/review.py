"""The reviewers' page: every checklist question, answer and verdict text, and every FAQ
answer, in every language side by side, with missing and outdated translations marked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.content.loader import LanguageCoverage
from bot.content.model import Content
from bot.content.translations import dotted
from bot.content.yaml_lines import PathKey

Row = tuple[str, PathKey]


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(f"{i}. {item}" for i, item in enumerate(value, 1))
    return str(value)


def _sections(content: Content) -> Iterator[tuple[str, list[Row]]]:
    checklist = content.checklist
    for number, question in enumerate(checklist.questions, 1):
        rows: list[Row] = [
            ("question", ("checklist", question.id, "question")),
            ("why it matters", ("checklist", question.id, "why")),
        ]
        for answer in question.answers:
            effects = [f"red flag {f}" for f in answer.flags]
            effects += [f"doubt {f}" for f in answer.unsure]
            effects += [f"signal {s}" for s in answer.signals]
            label = f"answer {answer.id}" + (f" ({', '.join(effects)})" if effects else "")
            rows.append((label, ("checklist", question.id, "answers", answer.id)))
        yield f"Question {number}: {question.id}", rows
    for level in checklist.levels:
        yield (
            f"Verdict: {level}",
            [
                ("title", ("levels", level, "title")),
                ("summary", ("levels", level, "summary")),
                ("what to do now", ("next_steps", level)),
            ],
        )
    yield (
        "Red flags in a verdict",
        [
            (f"{flag} ({kind})", ("flags", flag, kind))
            for flag in checklist.flag_weights
            for kind in ("found", "unsure")
        ],
    )
    yield "Decisive rules", [(rule.id, ("rules", rule.id)) for rule in checklist.rules]
    yield "Notes", [(note.id, ("notes", note.id)) for note in checklist.notes]
    for topic in content.faq:
        yield (
            f"FAQ: {topic.id}",
            [("title", ("faq", topic.id, "title")), ("answer", ("faq", topic.id, "answer"))],
        )


def review_data(content: Content, coverage: list[LanguageCoverage]) -> dict[str, Any]:
    """JSON for the review page; cell texts are Telegram HTML (facts filled in)."""
    missing = {c.code: set(c.missing) for c in coverage}
    outdated = {c.code: set(c.outdated) for c in coverage}
    languages = list(content.languages.values())
    sections = []
    for title, rows in _sections(content):
        table = []
        for label, path in rows:
            name = dotted(path)
            cells = {}
            for lang in languages:
                try:
                    text = _flat(lang.text(*path))
                except (KeyError, TypeError):
                    text = ""
                status = "ok"
                if name in missing.get(lang.code, ()):
                    status = "missing"
                elif name in outdated.get(lang.code, ()):
                    status = "outdated"
                cells[lang.code] = {"html": text, "status": status}
            table.append({"label": label, "path": name, "cells": cells})
        sections.append({"title": title, "rows": table})
    return {
        "languages": [
            {"code": lang.code, "name": lang.name, "direction": lang.direction}
            for lang in languages
        ],
        "sections": sections,
    }

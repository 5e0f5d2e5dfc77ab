"""Reading and checking ``content/checklist.yaml`` and ``content/facts.yaml`` (structure)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.content.model import Answer, Checklist, Fact, Note, Question, Rule
from bot.content.yaml_lines import LocatedYaml
from bot.errors import Problem

ID = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
CONFIDENCE = {"H", "M", "L", "M-H", "L-M"}
FACT_KINDS = {"phone", "email", "url", "amount", "text"}
STALE_AFTER_DAYS = 365


def _ids(items: Any) -> tuple[str, ...]:
    return tuple(str(i) for i in items) if isinstance(items, list) else ()


def _skip_conditions(
    doc: LocatedYaml,
    qi: int,
    raw: Any,
    earlier: list[Question],
    problems: list[Problem],
) -> tuple[dict[str, frozenset[str]], ...]:
    """``skip_if`` of question ``qi``: each condition names earlier questions and answers."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(c, dict) and c for c in raw):
        problems.append(
            doc.problem(
                ("questions", qi, "skip_if"),
                "`skip_if` must be a list of conditions like {destination: [gulf, elsewhere]}",
            )
        )
        return ()
    before = {q.id: q for q in earlier}
    conditions = []
    for ci, condition in enumerate(raw):
        parsed: dict[str, frozenset[str]] = {}
        for qid, answer_ids in condition.items():
            path = ("questions", qi, "skip_if", ci, qid)
            question = before.get(str(qid))
            if question is None:
                problems.append(
                    doc.problem(path, f"skip_if names {qid!r}, which is not an earlier question")
                )
                continue
            ids = frozenset(_ids(answer_ids))
            known = {a.id for a in question.answers}
            for unknown in sorted(ids - known):
                problems.append(doc.problem(path, f"question {qid!r} has no answer {unknown!r}"))
            parsed[str(qid)] = ids & known
        if parsed:
            conditions.append(parsed)
    return tuple(conditions)


def parse_checklist(doc: LocatedYaml, problems: list[Problem]) -> Checklist | None:
    """Build the Checklist, adding a located Problem for every mistake found."""
    data = doc.data if isinstance(doc.data, dict) else {}
    if not data:
        problems.append(doc.problem((), "the checklist file is empty or not a mapping"))
        return None
    levels = _ids(data.get("levels"))
    if len(levels) < 2:
        problems.append(doc.problem(("levels",), "`levels` must list at least two levels"))
    thresholds = data.get("thresholds") or {}
    for level in thresholds:
        if level not in levels:
            problems.append(doc.problem(("thresholds", level), f"unknown level {level!r}"))
    weights = data.get("flags") or {}
    for flag, weight in weights.items():
        if not isinstance(weight, (int, float)) or weight < 0:
            problems.append(
                doc.problem(("flags", flag), f"weight of {flag!r} must be a number ≥ 0")
            )

    questions: list[Question] = []
    signals: set[str] = set()
    seen: set[str] = set()
    for qi, raw in enumerate(data.get("questions") or []):
        qid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        if not ID.match(qid):
            problems.append(
                doc.problem(("questions", qi), f"question id {qid!r} must be a short lowercase id")
            )
            continue
        if qid in seen:
            problems.append(
                doc.problem(("questions", qi, "id"), f"question id {qid!r} is used twice")
            )
        seen.add(qid)
        answers: list[Answer] = []
        answer_ids: set[str] = set()
        for ai, rawa in enumerate(raw.get("answers") or []):
            path = ("questions", qi, "answers", ai)
            aid = str(rawa.get("id", "")) if isinstance(rawa, dict) else ""
            if not ID.match(aid) or aid in answer_ids:
                problems.append(
                    doc.problem(path, f"answer id {aid!r} is missing, malformed or repeated")
                )
                continue
            answer_ids.add(aid)
            answer = Answer(
                aid, _ids(rawa.get("flags")), _ids(rawa.get("unsure")), _ids(rawa.get("signals"))
            )
            for flag in (*answer.flags, *answer.unsure):
                if flag not in weights:
                    problems.append(
                        doc.problem(path, f"flag {flag!r} is not defined under `flags`")
                    )
            signals.update(answer.signals)
            answers.append(answer)
        if len(answers) < 2:
            problems.append(
                doc.problem(("questions", qi), f"question {qid!r} needs at least two answers")
            )
        skip_if = _skip_conditions(doc, qi, raw.get("skip_if"), questions, problems)
        questions.append(Question(qid, tuple(answers), skip_if))

    rules: list[Rule] = []
    for ri, raw in enumerate(data.get("rules") or []):
        rule = Rule(
            str(raw.get("id")),
            frozenset(_ids(raw.get("when"))),
            str(raw.get("level")),
            frozenset(_ids(raw.get("any_of"))),
        )
        for key, items in (("when", rule.when), ("any_of", rule.any_of)):
            for item in sorted(items - set(weights) - signals):
                problems.append(
                    doc.problem(
                        ("rules", ri, key),
                        f"rule {rule.id!r}: {item!r} is neither a flag nor a signal",
                    )
                )
        if rule.level not in levels:
            problems.append(
                doc.problem(("rules", ri), f"rule {rule.id!r}: unknown level {rule.level!r}")
            )
        rules.append(rule)
    notes: list[Note] = []
    for ni, raw in enumerate(data.get("notes") or []):
        note = Note(str(raw.get("id")), raw.get("when"), raw.get("level"))
        if note.when is not None and note.when not in signals | set(weights):
            problems.append(
                doc.problem(("notes", ni), f"note {note.id!r}: unknown signal {note.when!r}")
            )
        if note.level is not None and note.level not in levels:
            problems.append(
                doc.problem(("notes", ni), f"note {note.id!r}: unknown level {note.level!r}")
            )
        notes.append(note)
    doubts_cap = data.get("doubts_cap")
    if doubts_cap is not None and str(doubts_cap) not in levels:
        problems.append(doc.problem(("doubts_cap",), f"unknown level {doubts_cap!r}"))
        doubts_cap = None
    return Checklist(
        doubts_cap=None if doubts_cap is None else str(doubts_cap),
        levels=levels,
        thresholds={str(k): float(v) for k, v in thresholds.items()},
        flag_weights={str(k): float(v) for k, v in weights.items() if isinstance(v, (int, float))},
        questions=tuple(questions),
        rules=tuple(rules),
        notes=tuple(notes),
        icons={str(k): str(v) for k, v in (data.get("icons") or {}).items()},
    )


def parse_facts(
    doc: LocatedYaml,
    problems: list[Problem],
    today: date | None = None,
    known: dict[str, Fact] | None = None,
) -> tuple[dict[str, Fact], dict[str, tuple[str, ...]]]:
    """Facts with their sources, and the fact ids listed for each place of "I need help now".

    A fact whose ``checked:`` date is more than a year before ``today`` gets a warning: phone
    numbers and fees change, and people act on them. Country packs write ``read:`` (the
    date the source was read) for ``checked:`` and say apart whether a person ``confirmed``
    it first-hand; ``known`` are facts defined elsewhere that ``help:`` may also list.
    """
    today = today or date.today()
    data = doc.data if isinstance(doc.data, dict) else {}
    facts: dict[str, Fact] = {}
    for fid, raw in (data.get("facts") or {}).items():
        path = ("facts", fid)
        if not isinstance(raw, dict):
            problems.append(doc.problem(path, f"fact {fid!r} must be a mapping"))
            continue
        if "read" in raw and "checked" not in raw:
            raw = {**raw, "checked": raw["read"]}
        confirmed = raw.get("confirmed", False)
        if not isinstance(confirmed, bool):
            problems.append(doc.problem((*path, "confirmed"), "confirmed: must be true or false"))
            confirmed = False
        missing = [k for k in ("value", "source", "confidence", "checked") if not raw.get(k)]
        if missing:
            problems.append(
                doc.problem(
                    path,
                    f"fact {fid!r} lacks {', '.join(missing)}: every fact needs its source and a checked: date",
                )
            )
            continue
        checked = raw["checked"]
        if not isinstance(checked, date):
            problems.append(
                doc.problem((*path, "checked"), "checked: must be a date like 2026-11-22")
            )
            continue
        age = (today - checked).days
        if age > STALE_AFTER_DAYS:
            problems.append(
                doc.problem(
                    (*path, "checked"),
                    f"fact {fid!r} was last checked on {checked.isoformat()}, more than a year "
                    "ago: compare it with its source again, then update `checked:`",
                    "warning",
                )
            )
        elif age < 0:
            problems.append(
                doc.problem(
                    (*path, "checked"),
                    f"fact {fid!r} says it was checked on {checked.isoformat()}, which is in the "
                    "future: write the date you compared it with its source",
                    "warning",
                )
            )
        confidence = str(raw["confidence"]).replace("–", "-")
        if confidence not in CONFIDENCE:
            problems.append(
                doc.problem(
                    (*path, "confidence"), f"confidence must be one of {sorted(CONFIDENCE)}"
                )
            )
        kind = str(raw.get("kind", "text"))
        if kind not in FACT_KINDS:
            problems.append(
                doc.problem((*path, "kind"), f"kind must be one of {sorted(FACT_KINDS)}")
            )
        facts[fid] = Fact(
            fid, str(raw["value"]), kind, str(raw["source"]), confidence, checked, confirmed
        )
    places: dict[str, tuple[str, ...]] = {}
    for place, ids in (data.get("help") or {}).items():
        places[place] = _ids(ids)
        for fid in places[place]:
            if fid not in facts and fid not in (known or {}):
                problems.append(doc.problem(("help", place), f"help lists unknown fact {fid!r}"))
    return facts, places

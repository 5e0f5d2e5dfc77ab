"""Which checklist questions a run asks: an earlier answer can make a later question moot.

A Gulf job makes "in which Thai city?" moot, a visit visa makes "were you told to say
tourist at the airport?" moot. The rules are content (``skip_if`` in checklist.yaml); this
module only reads them. Pure: the conversation and the scoring both call it, so an answer
to a question that became moot (the user went back and changed the destination) is
neither shown nor counted.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.content.model import Checklist, Question


def is_skipped(question: Question, answers: Mapping[str, str]) -> bool:
    """Whether some ``skip_if`` condition of ``question`` holds for ``answers``."""
    return any(
        all(answers.get(qid) in ids for qid, ids in condition.items())
        for condition in question.skip_if
    )


def asked(checklist: Checklist, answers: Mapping[str, str]) -> tuple[Question, ...]:
    """The questions this run asks, in order (those not yet answered count as asked)."""
    return tuple(q for q in checklist.questions if not is_skipped(q, answers))


def next_position(checklist: Checklist, answers: Mapping[str, str], position: int) -> int | None:
    """Index of the first question after ``position`` that is asked, or None at the end."""
    for index in range(position + 1, len(checklist.questions)):
        if not is_skipped(checklist.questions[index], answers):
            return index
    return None


def previous_position(checklist: Checklist, answers: Mapping[str, str], position: int) -> int:
    """Index of the asked question before ``position`` (the first question stays first)."""
    for index in range(position - 1, -1, -1):
        if not is_skipped(checklist.questions[index], answers):
            return index
    return 0


def relevant_answers(checklist: Checklist, answers: Mapping[str, str]) -> dict[str, str]:
    """``answers`` without those to questions that the other answers make moot."""
    kept = {q.id for q in asked(checklist, answers)}
    return {qid: answer for qid, answer in answers.items() if qid in kept}


def progress(checklist: Checklist, answers: Mapping[str, str], position: int) -> tuple[int, int]:
    """(number of the question at ``position``, questions this run asks as far as known)."""
    questions = asked(checklist, answers)
    ids = [q.id for q in questions]
    current = checklist.questions[position].id
    number = ids.index(current) + 1 if current in ids else position + 1
    return number, len(questions)

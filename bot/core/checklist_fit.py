"""Fitting a checklist run saved under older content to the checklist as it is now.

Volunteers may remove, rename or reorder questions while people are in the middle of the
checklist (hot reload, or a restart with new content). A saved run then names question ids
that no longer exist and a position that may point past the end. Before the run is used,
answers to questions (or answer ids) that no longer exist are dropped, and the position is
moved to the first question still to answer: the next existing question, never a crash.
Questions an answer makes moot (``skip_if``) are not "still to answer".
"""

from __future__ import annotations

from dataclasses import replace

from bot.content.model import Checklist
from bot.core.checklist_path import is_skipped
from bot.core.state import ChecklistRun, UserState


def fit_run(run: ChecklistRun, checklist: Checklist) -> ChecklistRun:
    """``run`` with only answers the checklist still knows, positioned on a real question."""
    questions = checklist.questions
    answers = {
        qid: aid
        for qid, aid in run.answers.items()
        if (index := checklist.index_of(qid)) is not None
        and questions[index].answer(aid) is not None
    }
    last = len(questions) - 1
    unanswered = [
        i for i, q in enumerate(questions) if q.id not in answers and not is_skipped(q, answers)
    ]
    if run.finished and not unanswered:
        position = min(run.position, last)
        return replace(run, answers=answers, position=position)
    position = unanswered[0] if unanswered else last
    if answers == run.answers and 0 <= run.position <= last and run.position in unanswered:
        position = run.position  # nothing changed under this run: keep it as it was
    finished = run.finished and not unanswered
    return replace(run, answers=answers, position=position, finished=finished)


def fit_state(state: UserState, checklist: Checklist) -> UserState:
    """``state`` with its checklist run fitted (see :func:`fit_run`); unchanged otherwise."""
    if state.checklist is None:
        return state
    fitted = fit_run(state.checklist, checklist)
    if fitted == state.checklist:
        return state
    screen = "checklist" if state.screen == "verdict" and not fitted.finished else state.screen
    return replace(state, checklist=fitted, screen=screen)

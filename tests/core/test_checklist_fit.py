"""A run saved under older content, fitted to the checklist as it is now."""

from __future__ import annotations

from dataclasses import replace

from bot.content.model import Content
from bot.core.checklist_fit import fit_run
from bot.core.state import ChecklistRun


def test_a_renamed_current_question_is_asked_under_its_new_id(content: Content) -> None:
    checklist = content.checklist
    q = checklist.questions
    run = ChecklistRun(
        run=1, position=2, answers={q[0].id: q[0].answers[0].id, q[1].id: q[1].answers[0].id}
    )
    renamed = replace(checklist, questions=(q[0], replace(q[1], id="channel_v2"), *q[2:]))
    fitted = fit_run(run, renamed)
    assert fitted.answers == {q[0].id: q[0].answers[0].id}, "the old id's answer is dropped"
    assert fitted.position == 1, "the renamed question is asked again"


def test_an_unchanged_checklist_leaves_the_run_alone(content: Content) -> None:
    q = content.checklist.questions
    run = ChecklistRun(run=3, position=1, answers={q[0].id: q[0].answers[1].id})
    assert fit_run(run, content.checklist) == run


def test_an_answer_id_that_no_longer_exists_is_dropped(content: Content) -> None:
    q = content.checklist.questions
    run = ChecklistRun(run=1, position=2, answers={q[0].id: "gone", q[1].id: q[1].answers[0].id})
    fitted = fit_run(run, content.checklist)
    assert fitted.answers == {q[1].id: q[1].answers[0].id} and fitted.position == 0

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


def test_a_finished_run_that_skipped_moot_questions_stays_finished(content: Content) -> None:
    """Skipped questions (``skip_if``) have no answer; they are not "still to answer"."""
    from bot.core.checklist_path import is_skipped

    checklist = content.checklist
    answers: dict[str, str] = {}
    for question in checklist.questions:
        if is_skipped(question, answers):
            continue
        # the answer that makes the most later questions moot, to be sure some are skipped
        answers[question.id] = max(
            (a.id for a in question.answers),
            key=lambda aid: sum(
                is_skipped(later, {**answers, question.id: aid}) for later in checklist.questions
            ),
        )
    skipped = [q.id for q in checklist.questions if q.id not in answers]
    assert skipped, "this checklist skips nothing: the test needs a moot question"
    run = ChecklistRun(run=2, position=len(checklist.questions) - 1, answers=answers, finished=True)
    assert fit_run(run, checklist) == run

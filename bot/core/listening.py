"""*🔊 Listen*: the checklist read aloud, for people who cannot read well.

A question or a verdict gets the button only when a volunteer's up-to-date recording exists
in the user's language (:class:`bot.content.model.Recordings`); pressing it answers with
voice notes: the question, then each answer in the order of the buttons, each captioned
with the words it speaks, so a relative reading along sees the same thing. The core only
names the recordings; the service uploads them once and then reuses Telegram's ``file_id``.
"""

from __future__ import annotations

from dataclasses import replace

from bot.content.model import Content, Language, Recording
from bot.core import callbacks
from bot.core.replies import Button, Outcome, Reply
from bot.core.scoring import Assessment
from bot.core.state import UserState

PRESSES = frozenset({"hear", "hear_v"})
SUMMARY, DOUBTS = "summary", "doubts"


def _recording(content: Content, lang: Language, *path: str) -> Recording | None:
    return content.recordings.get(lang.code, ".".join(path))


def listen_button(lang: Language, data: str) -> Button:
    """The *🔊 Listen* button."""
    return Button(lang.translate("🔊 Listen"), data)


def has_questions(content: Content, lang: Language) -> bool:
    """Whether any checklist question can be listened to in ``lang``."""
    return any(
        _recording(content, lang, "checklist", q.id, "question") is not None
        for q in content.checklist.questions
    )


def question_row(content: Content, lang: Language, question_id: str) -> tuple[Button, ...]:
    """*🔊 Listen* under a question, or nothing when it is not recorded in ``lang``."""
    if _recording(content, lang, "checklist", question_id, "question") is None:
        return ()
    return (listen_button(lang, callbacks.encode("hear", question_id)),)


def summary_variant(content: Content, assessment: Assessment) -> str:
    """Which summary the verdict shows: "find these out" when doubts decided it (as screens)."""
    by_doubts = assessment.by_doubts and assessment.level == content.checklist.doubts_cap
    return DOUBTS if by_doubts else SUMMARY


def verdict_row(content: Content, lang: Language, assessment: Assessment) -> tuple[Button, ...]:
    """*🔊 Listen* under a verdict whose summary is recorded in ``lang``."""
    variant = summary_variant(content, assessment)
    if _recording(content, lang, "levels", assessment.level, variant) is None:
        return ()
    return (listen_button(lang, callbacks.encode("hear_v", assessment.level, variant)),)


def _voice(lang: Language, recording: Recording, caption: str) -> Reply:
    return Reply(caption, (), direction=lang.direction, voice=recording)


def press(
    state: UserState, action: callbacks.Action, lang: Language, content: Content
) -> Outcome | None:
    """The recordings a *Listen* press asks for; None when they are gone (a stale button)."""
    from bot.core import screens  # screens puts the button under each question

    if action.kind == "hear":
        return _question(state, action.args[0], lang, content)
    level, variant = action.args
    if level not in content.checklist.levels or variant not in {SUMMARY, DOUBTS}:
        return None
    recording = _recording(content, lang, "levels", level, variant)
    if recording is None:
        return None
    caption = screens.heading(lang.text("levels", level, "title"))
    heard = replace(_voice(lang, recording, caption), buttons=(screens.menu_row(lang),))
    return Outcome(replies=(heard,), state=state)


def _question(
    state: UserState, question_id: str, lang: Language, content: Content
) -> Outcome | None:
    from bot.core import screens

    question = content.checklist.question(question_id)
    if question is None:
        return None
    spoken = _recording(content, lang, "checklist", question_id, "question")
    if spoken is None:
        return None
    caption = screens.heading(lang.text("checklist", question_id, "question"))
    replies = [_voice(lang, spoken, caption)]
    for answer in question.answers:
        recording = _recording(content, lang, "checklist", question_id, "answers", answer.id)
        if recording is not None:
            label = lang.text("checklist", question_id, "answers", answer.id)
            replies.append(_voice(lang, recording, label))
    run = state.checklist
    current = content.checklist.index_of(question_id)
    if run is not None and not run.finished and run.position == current:
        # The question again below the voices, so its buttons are where the user looks.
        replies.append(screens.question(content, lang, run, replace=False))
    return Outcome(replies=tuple(replies), state=state)

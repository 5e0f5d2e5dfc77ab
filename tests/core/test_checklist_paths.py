"""Many walks through the checklist, in every language, each checked like Telegram would.

Every single-answer variation (one answer changed from the safest path) plus seeded random
paths with Back presses: each must end in the verdict that scoring gives for the final
answers, in a message Telegram would accept.
"""

from __future__ import annotations

import random

import pytest

from bot.content.model import Content
from bot.core import callbacks
from bot.core.conversation import advance
from bot.core.events import Command, Incoming, Press
from bot.core.home_country import guess_country
from bot.core.replies import Reply
from bot.core.scoring import assess_answers
from bot.core.state import UserState
from tests.telegram_emulator.telegram_html import parse_html, utf16_len

RANDOM_PATHS = 300


def assert_telegram_accepts(reply: Reply) -> None:
    parsed = parse_html(reply.text)
    assert 1 <= utf16_len(parsed.text) <= 4096
    for row in reply.buttons:
        for button in row:
            assert 1 <= len(button.data.encode()) <= 64 and button.label


def walk(
    content: Content, language: str, choose: dict[str, str], rng: random.Random | None = None
) -> tuple[Reply, dict[str, str]]:
    """Answer the checklist; with ``rng``, press Back now and then and answer again."""
    state = advance(None, Incoming(Command("check"), language), content).state
    assert state is not None
    answers: dict[str, str] = {}
    questions = content.checklist.questions
    for _step in range(200):
        run = state.checklist
        assert run is not None
        if run.finished:
            break
        question = questions[run.position]
        if rng is not None and run.position > 0 and rng.random() < 0.15:
            event = Press(callbacks.encode("back", run.run))
        else:
            answer = choose.get(question.id) or (
                rng.choice(question.answers).id if rng else question.answers[0].id
            )
            answers[question.id] = answer
            event = Press(callbacks.encode("a", run.run, question.id, answer))
        outcome = advance(state, Incoming(event, language), content)
        for reply in outcome.replies:
            assert_telegram_accepts(reply)
        assert outcome.state is not None
        state = outcome.state
    assert state.screen == "verdict"
    return outcome.replies[-1], answers


def single_variations(content: Content) -> list[dict[str, str]]:
    paths = []
    for question in content.checklist.questions:
        for answer in question.answers:
            paths.append({question.id: answer.id})
    return paths


@pytest.mark.parametrize("language", ["en", "ur", "ur-Latn", "ps", "bn", "si", "ta"])
def test_every_single_answer_variation_ends_in_the_scored_verdict(
    content: Content, language: str
) -> None:
    lang = content.language(language)
    for change in single_variations(content):
        verdict, answers = walk(content, language, change)
        level = assess_answers(content.checklist, answers).level
        assert lang.text("levels", level, "title") in verdict.text


@pytest.mark.parametrize("language", ["en", "ur", "ur-Latn", "ps", "bn", "si", "ta"])
def test_random_paths_with_back_presses_end_in_the_verdict_of_the_final_answers(
    content: Content, language: str
) -> None:
    rng = random.Random(f"paths-{language}")
    # The writer's home country is guessed from the language: its pack's texts are shown.
    lang = content.for_country(guess_country(content, language)).language(language)
    for _ in range(RANDOM_PATHS // 4):
        verdict, answers = walk(content, language, {}, rng)
        assessment = assess_answers(content.checklist, answers)
        assert lang.text("levels", assessment.level, "title") in verdict.text
        for flag in assessment.flags:
            assert lang.text("flags", flag, "found") in verdict.text


def test_state_of_a_walk_round_trips_through_json(content: Content) -> None:
    state = advance(None, Incoming(Command("check"), "ur"), content).state
    assert state is not None
    assert UserState.from_json(state.to_json()) == state


def test_random_paths_never_show_a_question_their_answers_make_moot(content: Content) -> None:
    from bot.core.checklist_path import is_skipped

    rng = random.Random("moot")
    questions = content.checklist.questions
    lengths = set()
    for _ in range(RANDOM_PATHS // 2):
        state = advance(None, Incoming(Command("check"), "en"), content).state
        assert state is not None
        shown = 0
        while state.checklist is not None and not state.checklist.finished:
            run = state.checklist
            question = questions[run.position]
            assert not is_skipped(question, run.answers), question.id
            shown += 1
            answer = rng.choice(question.answers).id
            event = Press(callbacks.encode("a", run.run, question.id, answer))
            outcome = advance(state, Incoming(event, "en"), content)
            assert outcome.state is not None
            state = outcome.state
        lengths.add(shown)
    assert max(lengths) <= len(questions)
    assert min(lengths) < len(questions), "some answers make later questions moot"

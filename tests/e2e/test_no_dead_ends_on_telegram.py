"""No dead ends on Telegram: a cry for help in the middle of the checklist, and back to it."""

from __future__ import annotations

from bot.content.model import Content
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator


async def test_a_cry_for_help_mid_checklist_is_answered_and_the_checklist_resumes(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    en = content.language("en")
    user = tg.user(5301, language_code="en")
    await user.send("/check")
    await user.expect_message()  # the introduction
    await user.expect_message()  # question 1
    first = content.checklist.questions[0]
    await user.press(en.text("checklist", first.id, "answers", first.answers[0].id))
    second = await user.expect_edit()
    assert "Question 2 of " in second.text
    assert ["Main menu"] in second.buttons

    await user.send("help me my brother is trapped in KK Park")
    answer = await user.expect_message()
    assert en.text("faq", "help_abroad", "title") in answer.text
    assert en.text("help", "myanmar") in answer.text  # "your country's embassy in Yangon"
    assert content.facts["pak_embassy_yangon_crisis"].value not in answer.text, "no country known"
    assert ["I need help now"] in answer.buttons
    assert ["Back to question 2"] in answer.buttons
    assert ["Talk to a person"] not in answer.buttons, "no helpdesk is configured here"

    await user.press("Back to question 2")
    back = await user.expect_edit()
    assert "Question 2 of " in back.text
    second_q = content.checklist.questions[1]
    await user.press(en.text("checklist", second_q.id, "answers", second_q.answers[0].id))
    assert "Question 3 of " in (await user.expect_edit()).text


async def test_switch_to_english_answers_the_same_question_again(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(5302, language_code="ur")
    await user.send("/language")
    await user.expect_message()
    await user.press("اردو")
    await user.expect_edit()
    await user.send("how do i check that my agent is licensed?")
    answer = await user.expect_message()
    assert content.language("ur").text("faq", "verify_recruiter", "title") in answer.text
    await user.press(content.language("en").translate("Switch to {language}", language="English"))
    again = await user.expect_edit()
    assert content.language("en").text("faq", "verify_recruiter", "title") in again.text
    assert ["Main menu"] in again.buttons

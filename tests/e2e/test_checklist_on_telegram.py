"""A job seeker on Telegram: first contact, the whole checklist, a restart in the middle."""

from __future__ import annotations

from bot.content.model import Content
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator

CASE = {  # a visit visa to Bangkok for a call-centre job found on WhatsApp, fee paid in cash
    "channel": "chat_app",
    "destination": "thailand",
    "job": "call_centre_typing",
    "visa": "visit_visa",
    "payment": "cash_no_receipt",
}


def label(content: Content, lang: str, question: str, answer: str) -> str:
    return content.language(lang).text("checklist", question, "answers", answer)


async def test_new_english_user_walks_the_checklist_to_a_danger_verdict(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(5001, first_name="Bilal", language_code="en")
    await user.send("/start")
    welcome = await user.expect_message()
    assert ["English"] in welcome.buttons and ["اردو"] in welcome.buttons
    await user.press("English")
    menu = await user.expect_edit()
    assert ["Check a job offer"] in menu.buttons
    await user.press("Check a job offer")
    await user.expect_edit()  # the menu message becomes the checklist's introduction
    question = await user.expect_message()
    assert "Question 1 of 14" in question.text
    for q in content.checklist.questions:
        answer = CASE.get(q.id, q.answers[0].id)
        await user.press(label(content, "en", q.id, answer))
        shown = await user.expect_edit()
    en = content.language("en")
    assert shown.text.startswith("🔴")
    assert en.text("rules", "visit_visa_scam_route") in shown.html
    for flag in ("visit_visa", "risky_destination", "chat_app_recruitment", "upfront_fee"):
        assert en.text("flags", flag, "found") in shown.html
    assert "111-247-786" in shown.text
    assert ["Check another offer"] in shown.buttons


async def test_urdu_user_gets_urdu_from_start_to_verdict(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(5002, first_name="Ayesha", language_code="ur")
    await user.send("/start")
    await user.expect_message()
    await user.press("اردو")
    await user.expect_edit()
    await user.press("نوکری کی پیشکش جانچیں")
    await user.expect_edit()
    question = await user.expect_message()
    assert "سوال 1 از 14" in question.text
    for q in content.checklist.questions:
        await user.press(label(content, "ur", q.id, CASE.get(q.id, q.answers[0].id)))
        shown = await user.expect_edit()
    ur = content.language("ur")
    assert ur.text("levels", "danger", "title") in shown.html
    assert "اب کیا کریں" in shown.text
    assert ["ایک اور پیشکش جانچیں"] in shown.buttons


async def test_checklist_progress_survives_a_restart_of_the_bot(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(5003, language_code="en")
    await user.send("/check")
    await user.expect_message()
    await user.expect_message()
    for q in content.checklist.questions[:5]:
        await user.press(label(content, "en", q.id, q.answers[0].id))
        await user.expect_edit()
    await running_bot.restart()
    await user.send("/check")
    prompt = await user.expect_message()
    assert "5 of 14 answered" in prompt.text
    await user.press("Continue where I was")
    shown = await user.expect_edit()
    assert "Question 6 of 14" in shown.text


async def test_commands_are_registered_per_language(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    default = dict(tg.commands())
    urdu = dict(tg.commands(language_code="ur"))
    assert set(default) == {
        "start",
        "check",
        "language",
        "subscribe",
        "unsubscribe",
        "help",
        "privacy",
        "forget_me",
    }
    assert default["check"] == "Check a job offer"
    assert urdu["check"] == "نوکری کی پیشکش جانچیں"
    assert "broadcast" not in default


async def test_forget_me_deletes_the_state_after_confirmation(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = tg.user(5004, language_code="en")
    await user.send("/start")
    await user.expect_message()
    await user.press("English")
    await user.expect_edit()
    await user.send("/forget_me")
    await user.expect_message()
    await user.press("Yes, delete everything")
    await user.expect_edit()
    await user.send("/start")
    again = await user.expect_message()
    assert ["English"] in again.buttons, "after /forget_me the bot greets a new user again"

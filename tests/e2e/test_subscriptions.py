"""Subscribing to warnings: /subscribe, after a verdict, /unsubscribe, blocking, /forget_me."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.content.model import Content
from bot.core.checklist_path import asked
from tests.e2e.agency import (
    ADMIN,
    agency_bot,  # noqa: F401
    sent_so_far,
    store_of,
    subscription_status,
    wait_delivered,
)
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator
from tests.telegram_emulator.users import EmulatedUser


async def send_alert_to_everyone(
    tg: TelegramEmulator, title: str = "Visit visas are not work visas"
) -> str:
    """The admin sends a prepared alert to everyone; returns the confirmation text."""
    admin = tg.user(ADMIN, language_code="en")
    await admin.send("/broadcast")
    await admin.expect_message()
    await admin.press(title)
    who = await admin.expect_edit()
    everyone = next(label for [label] in who.buttons if label.startswith("Everyone"))
    await admin.press(everyone)
    await admin.expect_edit()
    summary = None
    while summary is None or "Recipients" not in summary.text:
        summary = await admin.expect_message()
    send = next(label for row in summary.buttons for label in row if label.startswith("Send"))
    await admin.press(send)
    return (await admin.expect_edit()).text


async def subscribe(user: EmulatedUser) -> None:
    await user.send("/subscribe")
    await user.expect_message()


async def test_subscribe_keeps_the_language_and_an_optional_country(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    user = tg.user(3001, language_code="ur")
    await user.send("/subscribe")
    done = await user.expect_message()
    assert "اردو" in done.text and "/unsubscribe" in done.text
    await user.press("تھائی لینڈ")
    thanks = await user.expect_edit()
    assert "تھائی لینڈ" in thanks.text
    store, _keys = store_of(agency_bot)
    [count] = await store.subscriber_counts()
    assert (count.language, count.country, count.status) == ("ur", "thailand", "active")

    before = sent_so_far(tg)
    confirmation = await send_alert_to_everyone(tg)
    assert "1 subscribers" in confirmation
    await wait_delivered(tg, [3001], since=before)
    warning = user.messages[-1]
    assert "وزٹ ویزا" in warning.text and "/unsubscribe" in warning.text


async def test_the_verdict_offers_warnings_in_one_tap(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
    content: Content,
) -> None:
    user = tg.user(3002, language_code="en")
    await user.send("/check")
    await user.expect_message()
    await user.expect_message()
    first_answers = {q.id: q.answers[0].id for q in content.checklist.questions}
    for question in asked(content.checklist, first_answers):  # moot questions are not shown
        await user.press(
            content.language("en").text("checklist", question.id, "answers", question.answers[0].id)
        )
        verdict = await user.expect_edit()
    assert ["Get warnings about new scams"] in verdict.buttons
    await user.press("Get warnings about new scams")
    done = await user.expect_message()
    assert "you will get warnings about new scams in English" in done.text
    await user.press("I'd rather not say")
    await user.expect_edit()
    assert await subscription_status(agency_bot, 3002) == "active"
    assert user.messages[-2].text == verdict.text, "the verdict stays readable above"


async def test_unsubscribed_users_get_no_more_warnings(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    stays, leaves = tg.user(3003, language_code="en"), tg.user(3004, language_code="en")
    await subscribe(stays)
    await subscribe(leaves)
    await leaves.send("/unsubscribe")
    bye = await leaves.expect_message()
    assert "no more warnings" in bye.text
    assert await subscription_status(agency_bot, 3004) is None
    before = sent_so_far(tg)
    await send_alert_to_everyone(tg)
    await wait_delivered(tg, [3003], since=before)
    await tg.wait_idle()
    assert len(leaves.messages) == 2, "nothing arrived after /unsubscribe"


async def test_a_user_who_blocks_the_bot_is_skipped_until_they_subscribe_again(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    user, other = tg.user(3005, language_code="en"), tg.user(3006, language_code="en")
    await subscribe(user)
    await subscribe(other)
    user.block()
    await tg.wait_idle()
    assert await subscription_status(agency_bot, 3005) == "blocked"
    user.unblock()
    await user.send("/start")
    await user.expect_message()
    assert await subscription_status(agency_bot, 3005) == "blocked", "/start does not resubscribe"
    before = sent_so_far(tg)
    await send_alert_to_everyone(tg)
    await wait_delivered(tg, [3006], since=before)
    await tg.wait_idle()
    attempts = [s for s in tg.stats.sends if s.chat_id == 3005]
    assert len(attempts) == 2, "only the two replies; no warning was even tried"
    await subscribe(user)
    assert await subscription_status(agency_bot, 3005) == "active"


async def test_a_403_during_a_broadcast_marks_the_subscriber(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    blocked, gone, fine = (tg.user(i, language_code="en") for i in (3007, 3008, 3009))
    for user in (blocked, gone, fine):
        await subscribe(user)
    tg.fail_chat(3007, "blocked")  # blocked without Telegram telling the bot yet
    tg.fail_chat(3008, "not_found")
    before = sent_so_far(tg)
    await send_alert_to_everyone(tg, "Never pay an agent in cash")
    await wait_delivered(tg, [3009], since=before)
    admin = tg.user(ADMIN)
    report = None
    while report is None or "finished" not in report.text:
        report = await admin.expect_message(timeout=15)
    assert "Blocked the bot: 1" in report.text and "Chat no longer exists: 1" in report.text
    assert await subscription_status(agency_bot, 3007) == "blocked"
    assert await subscription_status(agency_bot, 3008) == "gone"


async def test_forget_me_removes_the_subscription(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    user = tg.user(3010, language_code="en")
    await subscribe(user)
    await user.send("/forget_me")
    await user.expect_message()
    await user.press("Yes, delete everything")
    await user.expect_edit()
    assert await subscription_status(agency_bot, 3010) is None


async def test_the_subscription_follows_a_change_of_language(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    user = tg.user(3011, language_code="en")
    await subscribe(user)
    await user.send("/language")
    await user.expect_message()
    await user.press("پښتو")
    await user.expect_edit()
    before = sent_so_far(tg)
    await send_alert_to_everyone(tg)
    await wait_delivered(tg, [3011], since=before)
    assert "وزټ ویزه" in user.messages[-1].text


async def test_the_database_names_no_subscriber(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
    tmp_path: Path,
) -> None:
    user = tg.user(734_551_209, language_code="en")
    await subscribe(user)
    await agency_bot.stop()
    data = await asyncio.to_thread(
        lambda: b"".join(p.read_bytes() for p in tmp_path.glob("bot.db*"))
    )
    assert b"734551209" not in data
    await agency_bot.start()

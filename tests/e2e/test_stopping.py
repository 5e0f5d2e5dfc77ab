"""Stopping the bot with a backlog: every update fetched is answered once, none twice."""

from __future__ import annotations

from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator

USERS = 300  # more than the updates handled at once (256), so some wait for a slot at the stop


async def test_a_stop_in_the_middle_of_a_burst_loses_and_repeats_nothing(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    users = [tg.user(9300 + n, language_code="en") for n in range(USERS)]
    tg.inject_many(user.message_update("/privacy") for user in users)
    await tg.wait_sent(1)
    await running_bot.stop()
    answered_before_restart = tg.stats.sends_accepted

    await running_bot.start()
    await tg.wait_sent(USERS, timeout=30)
    await tg.wait_idle()

    assert [len(user.messages) for user in users] == [1] * USERS
    assert answered_before_restart > 0

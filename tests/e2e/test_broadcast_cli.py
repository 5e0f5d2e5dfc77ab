"""`python -m bot broadcast` as an officer's script runs it: plain text, no bot running,
twice in a row, list and cancel — the real command against a real store (and the real bot)."""

from __future__ import annotations

import time
from pathlib import Path

from tests.e2e.agency import (
    add_subscribers,
    agency_bot,  # noqa: F401
    wait_delivered,
)
from tests.e2e.conftest import RunningBot
from tests.e2e.test_admin_cli import cli, write
from tests.telegram_emulator import TelegramEmulator

PLAIN = "Beware: 5 < 6 & <b>more</b> is what they promise"


async def test_a_plain_text_file_arrives_exactly_as_written_and_a_repeat_is_refused(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
    tmp_path: Path,
) -> None:
    await add_subscribers(agency_bot, tg, {911: "en", 912: "en"})
    text = await write(tmp_path / "warning.txt", PLAIN + "\n")
    database = tmp_path / "bot.db"
    code, out, err = await cli("broadcast", "--text-file", str(text), "--wait", database=database)
    assert code == 0, err
    assert "broadcast #1 queued for 2 subscribers" in out and "2 sent" in out
    assert "no running bot" not in err
    await wait_delivered(tg, [911, 912])
    assert tg.user(911).messages[-1].text.startswith(PLAIN)

    code, out, err = await cli("broadcast", "--text-file", str(text), database=database)
    assert code == 2 and "#1 less than an hour ago" in err and "--again" in err
    assert "queued" not in out
    code, out, err = await cli("broadcast", "--text-file", str(text), "--again", database=database)
    assert code == 0 and "broadcast #2 queued" in out, err


async def test_with_no_bot_running_the_command_says_so_and_wait_does_not_hang(
    tmp_path: Path,
) -> None:
    database = tmp_path / "bot.db"
    text = await write(tmp_path / "warning.txt", "Fake visas to Thailand")
    started = time.monotonic()
    code, out, err = await cli("broadcast", "--text-file", str(text), "--wait", database=database)
    assert code == 1
    assert "broadcast #1 queued for 0 subscribers" in out
    assert "no running bot has been seen recently" in err and "queued but not delivered" in err
    assert time.monotonic() - started < 60  # the command returned on its own

    code, out, err = await cli("broadcast", "list", database=database)
    assert code == 0 and out.startswith("#1 queued") and "no running bot" in out
    code, out, err = await cli("broadcast", "cancel", "1", database=database)
    assert code == 0 and "broadcast #1 cancelled" in out
    code, out, err = await cli("broadcast", "cancel", "1", database=database)
    assert code == 2 and "already cancelled" in err
    code, out, err = await cli("broadcast", "list", database=database)
    assert out.startswith("#1 cancelled")


async def test_cancel_stops_the_copies_not_yet_sent(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
    tmp_path: Path,
) -> None:
    await add_subscribers(agency_bot, tg, {921: "en", 922: "ur"}, country="thailand")
    text = await write(tmp_path / "warning.txt", "Do not travel on a visit visa")
    database = tmp_path / "bot.db"
    code, out, err = await cli(
        "broadcast", "--text-file", str(text), "--country", "MY", database=database
    )
    assert code == 0 and "queued for 0 subscribers" in out, err
    code, out, err = await cli(
        "broadcast", "--text-file", str(text), "--country", "XX", database=database
    )
    assert code == 2 and "--country 'XX'" in err
    code, out, err = await cli("broadcast", "list", database=database)
    assert "#1 done" in out or "#1 queued" in out or "#1 sending" in out
    assert "country=malaysia" in out


async def test_a_broadcast_to_one_home_country_reaches_only_its_subscribers(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
    tmp_path: Path,
) -> None:
    """Subscribers say their home country in the conversation; `--country NP` is for Nepal."""
    homes = {941: "Nepal", 942: "Bangladesh", 943: None, 944: "Nepal"}
    for chat_id, home in homes.items():
        user = tg.user(chat_id, language_code="en")
        if home is not None:
            await user.send("/country")
            picker = await user.expect_message()
            await user.press(home, message=picker)
            await user.expect_edit()
        await user.send("/subscribe")
        await user.expect_message()
    await user.send("/country")  # 944 moves back to Bangladesh after subscribing
    picker = await user.expect_message()
    await user.press("Bangladesh", message=picker)
    await user.expect_edit()

    text = await write(tmp_path / "warning.txt", "Nepal only: fake DoFE letters are going round")
    database = tmp_path / "bot.db"
    code, out, err = await cli(
        "broadcast", "--text-file", str(text), "--country", "NP", "--wait", database=database
    )
    assert code == 0, err
    assert "queued for 1 subscribers" in out and "1 sent" in out, out
    await wait_delivered(tg, [941])
    assert tg.user(941).messages[-1].text.startswith("Nepal only")
    for other in (942, 943, 944):
        assert not any(m.text.startswith("Nepal only") for m in tg.user(other).messages)
    code, out, err = await cli("broadcast", "list", database=database)
    assert "home_country=NP" in out

"""Questions the bot could not answer become a volunteer's list, scrubbed, most asked first."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import RunningBot
from tests.e2e.test_admin_cli import cli
from tests.telegram_emulator import TelegramEmulator

UNKNOWN = "mera number 0300-1234567 hai, zxq flurb gronk kya hota hai"


async def test_unanswered_questions_are_listed_scrubbed_for_volunteers(
    running_bot: RunningBot, tg: TelegramEmulator, tmp_path: Path
) -> None:
    asker, again = tg.user(7301, language_code="ur"), tg.user(7302, language_code="ur")
    for user in (asker, again):
        await user.send(UNKNOWN)
        await user.expect_message()
    await asker.send("agent kitni fees le sakta hai")  # answered: not on the list
    await asker.expect_message()
    code, out, err = await cli(
        "content", "unanswered", "--since", "30d", database=tmp_path / "bot.db"
    )
    assert code == 0, err
    lines = [line for line in out.splitlines() if "zxq flurb gronk" in line]
    assert len(lines) == 1 and "2×" in lines[0], out
    assert "1234567" not in out, "the list holds the scrubbed text only"
    assert "kitni fees" not in out
    assert "content/faq_examples/<language>.yaml" in out
    code, _out, err = await cli(
        "content", "unanswered", "--since", "soon", database=tmp_path / "bot.db"
    )
    assert code == 2 and "30d" in err

"""`python -m bot broadcast` and `python -m bot report`, as an agency's script runs them."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.store.base import LogEntry, hour_of
from tests.conftest import ROOT
from tests.e2e.agency import (
    add_subscribers,
    agency_bot,  # noqa: F401
    store_of,
    wait_delivered,
)
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator


async def cli(*args: str, database: Path) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATA_KEY", "ADMIN_IDS"}}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def write(path: Path, text: str) -> Path:
    await asyncio.to_thread(path.write_text, text, encoding="utf-8")
    return path


async def test_a_script_queues_a_warning_and_waits_for_the_summary(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
    tmp_path: Path,
) -> None:
    await add_subscribers(agency_bot, tg, {901: "ur", 902: "ur", 903: "en"})
    text = await write(
        tmp_path / "warning.html", "<b>خبردار</b>: Thailand call-centre jobs & visas"
    )
    code, out, err = await cli(
        "broadcast",
        "--text-file",
        str(text),
        "--html",
        "--language",
        "ur",
        "--wait",
        database=tmp_path / "bot.db",
    )
    assert code == 0, err
    assert "broadcast #1 queued for 2 subscribers" in out
    assert "broadcast #1 finished: 2 recipients, 2 sent, 0 blocked the bot" in out
    await wait_delivered(tg, [901, 902])
    got = tg.user(901).messages[-1]
    assert got.html is not None and got.html.startswith(
        "<b>خبردار</b>: Thailand call-centre jobs &amp; visas"
    )
    assert tg.stats.delivered_to(903) == 0
    store, _keys = store_of(agency_bot)
    [entry] = await store.read_audit()
    assert (entry.actor, entry.action) == ("cli", "broadcast_queued")


async def test_a_text_telegram_would_refuse_is_not_queued(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    for html, reason in [
        ("<b>Unclosed warning", "line 1, column 1: Telegram would refuse"),
        ("Warning\n<a href=https://example.org>site</a>", "line 2, column 9:"),
        ("<b foo>Warning</b>", "line 1, column 1: Telegram would refuse this HTML: Expected equal"),
        ("&#xD800; warning", "line 1, column 1: Telegram would refuse this HTML: Text contains"),
    ]:
        text = await write(tmp_path / "bad.html", html)
        code, out, err = await cli(
            "broadcast", "--text-file", str(text), "--html", database=database
        )
        assert code == 2 and f"bad.html: {reason}" in err and "nothing was queued" in err
        assert "queued for" not in out
    code, out, _err = await cli("broadcast", "list", database=database)
    assert code == 0 and "no broadcasts yet" in out
    code, _out, err = await cli(
        "broadcast", "--text-file", str(text), "--language", "xx", database=database
    )
    assert code == 2 and "--language 'xx'" in err


async def test_the_report_for_an_analyst_hides_small_groups(
    agency_bot: RunningBot,  # noqa: F811
    tmp_path: Path,
) -> None:
    store, _keys = store_of(agency_bot)
    hour = hour_of(datetime.now(UTC))
    for _ in range(6):
        await store.log(LogEntry(hour, "ur", "question", "fees"))
    for _ in range(2):
        await store.log(LogEntry(hour, "ps", "question", "passport"))
    code, out, err = await cli(
        "report", "--since", "30d", "--format", "csv", database=tmp_path / "bot.db"
    )
    assert code == 0, err
    assert "topic,,fees,6" in out and "passport" not in out and ",ps," not in out
    page = tmp_path / "report.html"
    code, _out, err = await cli(
        "report",
        "--since",
        "7d",
        "--format",
        "html",
        "--output",
        str(page),
        database=tmp_path / "bot.db",
    )
    assert code == 0, err
    html = await asyncio.to_thread(page.read_text, encoding="utf-8")
    assert "data:image/png;base64," in html and "passport" not in html
    code, _out, err = await cli("report", "--since", "month", database=tmp_path / "bot.db")
    assert code == 2 and "30d" in err

"""`python -m bot chat` keeps its own throwaway store, and `report --output` never
overwrites a file it was not told to (the database never) — the real commands."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import sys
from pathlib import Path

from bot.core.bidi import LRI, PDI
from tests.conftest import ROOT
from tests.e2e.test_admin_cli import cli
from tests.e2e.test_process import bot_env


async def test_chat_never_writes_into_the_production_database(tmp_path: Path) -> None:
    production = tmp_path / "bot.db"
    env = bot_env(tmp_path, DATA_KEY="production-data-key-0123456789abcdef")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "chat",
        "--lang",
        "en",
        env=env,
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    typed = "How do I check if my agent in Lahore is licensed?\n"
    out, err = await asyncio.wait_for(process.communicate(typed.encode()), 60)
    assert process.returncode == 0, err.decode()[-2000:]
    assert out.decode().strip(), "the chat answered"
    assert not production.exists(), "chat must not create or touch DATABASE_URL"


async def _chat(tmp_path: Path, language: str, typed: str) -> str:
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot", "chat", "--lang", language),
        env=bot_env(tmp_path, DATA_KEY="terminal-chat-data-key-0123456789abcdef"),
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(typed.encode()), 60)
    assert process.returncode == 0, err.decode()[-2000:]
    return out.decode()


def _outside_isolates(text: str, pattern: str) -> list[str]:
    """The matches of ``pattern`` not inside any isolate (LRI, RLI or FSI … PDI)."""
    found = []
    for match in re.finditer(pattern, text):
        before = text[: match.start()]
        opened = sum(before.count(c) for c in "\u2066\u2067\u2068") - before.count(PDI)
        if opened <= 0:
            found.append(match.group())
    return found


async def test_the_terminal_chat_keeps_urdu_dates_and_phone_numbers_in_order(
    tmp_path: Path,
) -> None:
    # /help, then *I need help now*, then *In Pakistan*: the helplines with their dates.
    urdu = await _chat(tmp_path / "ur", "ur", "/help\n5\n1\n")
    assert re.search(f"{LRI}[0-9][0-9-]+[0-9]{PDI}", urdu), "a helpline number is isolated"
    dated = r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]+(?:-[0-9]+)+"
    assert not _outside_isolates(urdu, dated), "no date or number is left to reorder"
    english = await _chat(tmp_path / "en", "en", "/help\n5\n1\n")
    assert re.search(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", english) and LRI not in english


async def test_report_refuses_an_existing_file_and_never_overwrites_the_database(
    tmp_path: Path,
) -> None:
    database = tmp_path / "bot.db"
    code, _out, err = await cli("broadcast", "list", database=database)  # creates the store
    assert code == 0, err
    before = database.read_bytes()
    code, _out, err = await cli("report", "--output", str(database), "--force", database=database)
    assert code == 2 and "is the bot's database" in err
    assert database.read_bytes() == before
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] > 0

    existing = tmp_path / "report.csv"
    existing.write_text("an analyst's notes\n", encoding="utf-8")
    code, _out, err = await cli("report", "--output", str(existing), database=database)
    assert code == 2 and "already exists" in err and "--force" in err
    assert existing.read_text(encoding="utf-8") == "an analyst's notes\n"
    code, _out, err = await cli("report", "--output", str(existing), "--force", database=database)
    assert code == 0, err
    assert existing.read_text(encoding="utf-8") != "an analyst's notes\n"

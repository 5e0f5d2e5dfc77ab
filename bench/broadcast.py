"""Benchmark: a broadcast to many subscribers against the Bot API emulator at Telegram's limits.

    python bench/broadcast.py [--subscribers 10000] [--rate 30] [--framework aiogram|ptb]
                              [--kill-at 0.4] [--phase rate|crash|both]

The real bot runs as ``python -m bot run`` (a separate process), long-polling an emulator in
this process that enforces ``Limits.telegram()`` (30 messages/s overall, 1/s per chat) and
counts every send. Two measurements:

rate   One broadcast to every subscriber, queued with ``python -m bot broadcast --wait``.
       Reports the sustained rate (sends accepted / time from first to last), the share of
       the configured rate, the slowest 10-second window, 429s received and *early retries*
       (sends made while a ``retry_after`` was still running; the target is 0).

crash  The same broadcast, with the bot killed by SIGKILL once ``--kill-at`` of it was sent,
       then started again. Counted chat by chat in the emulator: missed (target 0) and
       duplicates, against the messages in flight at the kill (outbox rows left ``sending``
       whose message the emulator had accepted; the target is duplicates <= in flight).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiosqlite  # noqa: E402

from bot.privacy import IdentityKeys  # noqa: E402
from bot.store import open_store  # noqa: E402
from tests.telegram_emulator import TelegramEmulator  # noqa: E402
from tests.telegram_emulator.limits import Limits  # noqa: E402

DATA_KEY = "benchmark-data-key-0123456789abcdef"
FIRST_CHAT = 1_000_000
TEXT = "<b>Warning</b>: new fake call-centre job ads for Thailand. Check every offer: /check"


def bot_env(emu: TelegramEmulator, database: Path, rate: float, framework: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"ADMIN_IDS", "BROADCAST_PAID"}}
    env.update(
        BOT_TOKEN=emu.token,
        TELEGRAM_API_BASE=emu.base_url,
        DATABASE_URL=f"sqlite:///{database}",
        DATA_KEY=DATA_KEY,
        BROADCAST_RATE=str(rate),
        BOT_FRAMEWORK=framework,
        PTB_TIMEDELTA="true",
        PYTHONUNBUFFERED="1",
    )
    return env


async def start_bot(
    emu: TelegramEmulator, env: dict[str, str], log: Path
) -> asyncio.subprocess.Process:
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stdout=output, stderr=output
        )
    await emu.wait_polling(timeout=60)
    return process


async def stop_bot(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 60)


async def seed(emu: TelegramEmulator, database: Path, count: int) -> list[int]:
    """``count`` users who wrote to the bot once and subscribed (written straight to the store)."""
    keys = IdentityKeys(DATA_KEY)
    chats = list(range(FIRST_CHAT, FIRST_CHAT + count))
    store = await open_store(f"sqlite:///{database}")
    try:
        for chat in chats:
            emu.user(chat, language_code="ur", started=True)
            await store.subscribe(keys.chat_key(chat), keys.seal_chat(chat), "ur")
    finally:
        await store.close()
    return chats


async def queue(env: dict[str, str], text_file: Path, *, wait: bool) -> asyncio.subprocess.Process:
    """``python -m bot broadcast --text-file F [--wait]``, as an agency's script would."""
    args = ["broadcast", "--text-file", str(text_file)] + (["--wait"] if wait else [])
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


def send_times(emu: TelegramEmulator, chats: set[int]) -> list[float]:
    return [s.time for s in emu.stats.sends if s.status == 200 and s.chat_id in chats]


def slowest_window(times: list[float], window: float = 10.0) -> float:
    """The lowest rate over any ``window`` seconds between the first and the last send."""
    if not times or times[-1] - times[0] < window:
        return float("nan")
    counts = Counter(int((t - times[0]) // window) for t in times)
    full = int((times[-1] - times[0]) // window)
    return min(counts.get(i, 0) for i in range(full)) / window


async def wait_all(emu: TelegramEmulator, chats: list[int], within: float) -> None:
    stats = emu.stats
    if not await emu.state.signal.wait_for(
        lambda: all(stats.delivered_to(c) for c in chats), within
    ):
        raise SystemExit(f"not everyone was reached within {within:.0f} s")


async def rate_phase(args: argparse.Namespace, work: Path) -> dict[str, object]:
    emu = await TelegramEmulator(limits=Limits.telegram()).start()
    try:
        database = work / "rate.db"
        chats = await seed(emu, database, args.subscribers)
        env = bot_env(emu, database, args.rate, args.framework)
        bot = await start_bot(emu, env, work / "rate.log")
        text_file = work / "warning.html"
        text_file.write_text(TEXT, encoding="utf-8")
        started = time.monotonic()
        script = await queue(env, text_file, wait=True)
        out, _ = await asyncio.wait_for(
            script.communicate(), args.subscribers / args.rate * 3 + 120
        )
        elapsed = time.monotonic() - started
        await stop_bot(bot)
        times = send_times(emu, set(chats))
        sustained = (len(times) - 1) / (times[-1] - times[0])
        per_chat = Counter(s.chat_id for s in emu.stats.sends if s.status == 200)
        return {
            "phase": "rate",
            "subscribers": len(chats),
            "delivered_once": sum(1 for c in chats if per_chat[c] == 1),
            "configured_rate": args.rate,
            "sustained_rate": round(sustained, 2),
            "share_of_configured": round(sustained / args.rate, 4),
            "slowest_10s_window": round(slowest_window(times), 2),
            "busiest_1s_window": emu.stats.max_sends_in_window(1.0),
            "seconds_first_to_last_send": round(times[-1] - times[0], 1),
            "seconds_queue_to_summary": round(elapsed, 1),
            "rate_limited_429": emu.stats.rate_limited,
            "early_retries": emu.stats.early_retries,
            "cli_summary": out.decode().strip().splitlines()[-1],
        }
    finally:
        await emu.stop()


async def in_flight_at_kill(database: Path, emu: TelegramEmulator) -> tuple[int, int]:
    """Rows the killed process left ``sending``, and how many of them Telegram had accepted."""
    keys = IdentityKeys(DATA_KEY)
    async with aiosqlite.connect(database) as connection:
        rows = await connection.execute_fetchall(
            "SELECT sealed_chat FROM outbox WHERE state = 'sending'"
        )
    chats = [keys.open_chat(str(row[0])) for row in rows]
    return len(chats), sum(1 for c in chats if emu.stats.delivered_to(c))


async def crash_phase(args: argparse.Namespace, work: Path) -> dict[str, object]:
    emu = await TelegramEmulator(limits=Limits.telegram()).start()
    try:
        database = work / "crash.db"
        chats = await seed(emu, database, args.subscribers)
        env = bot_env(emu, database, args.rate, args.framework)
        log = work / "crash.log"
        bot = await start_bot(emu, env, log)
        text_file = work / "warning.html"
        text_file.write_text(TEXT, encoding="utf-8")
        script = await queue(env, text_file, wait=False)
        await script.communicate()
        kill_after = int(args.subscribers * args.kill_at)
        await emu.wait_sent(kill_after, timeout=args.subscribers / args.rate * 3 + 60)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        killed_at = time.monotonic()
        await asyncio.sleep(0.2)  # requests the emulator had already received are answered
        sent_before = emu.stats.sends_accepted
        claimed, in_flight = await in_flight_at_kill(database, emu)

        bot = await start_bot(emu, env, log)
        restarted = time.monotonic()
        await wait_all(emu, chats, args.subscribers / args.rate * 3 + 120)
        await stop_bot(bot)
        counts = Counter(s.chat_id for s in emu.stats.sends if s.status == 200)
        missed = sum(1 for c in chats if counts[c] == 0)
        duplicates = sum(counts[c] - 1 for c in chats if counts[c] > 1)
        after = [s.time for s in emu.stats.sends if s.status == 200 and s.time > killed_at]
        return {
            "phase": "crash",
            "subscribers": len(chats),
            "sent_before_kill": sent_before,
            "claimed_rows_at_kill": claimed,
            "in_flight_at_kill": in_flight,
            "missed": missed,
            "duplicates": duplicates,
            "duplicates_within_in_flight": duplicates <= in_flight,
            "restart_seconds": round(restarted - killed_at, 1),
            "first_send_after_restart_seconds": round(after[0] - restarted, 1) if after else None,
            "early_retries": emu.stats.early_retries,
        }
    finally:
        await emu.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--framework", choices=["aiogram", "ptb"], default="aiogram")
    parser.add_argument("--kill-at", type=float, default=0.4)
    parser.add_argument("--phase", choices=["rate", "crash", "both"], default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as folder:
        work = Path(folder)
        phases = ["rate", "crash"] if args.phase == "both" else [args.phase]
        for phase in phases:
            result = await (rate_phase if phase == "rate" else crash_phase)(args, work)
            result["framework"] = args.framework
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main())

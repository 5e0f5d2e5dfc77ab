"""Throughput of the bot on aiogram and on python-telegram-bot, next to bare echo bots.

Run from the repository root::

    python -m bench.throughput [--users 200] [--messages 10] [--repeats 3]

The Bot API emulator (tests/telegram_emulator) runs in this process; each bot under test is
a separate process pointed at it with ``TELEGRAM_API_BASE``: the real bot as
``python -m bot run`` (a fresh SQLite file, a DATA_KEY, a flood guard too high to interfere)
and a bare echo bot of each framework (bench/echo_*.py). Every runtime gets the same load:
``users`` x ``messages`` text updates queued at once; the clock runs from queueing until
every reply was accepted. One warm-up round (which also counts the replies per update), then
``repeats`` measured rounds; the table shows the median rate and the median CPU time the
process spent per update (steadier than the rate when other work shares the machine).
Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/throughput.py` as well as `python -m bench...`
    sys.path.insert(0, str(ROOT))

from tests.telegram_emulator import TelegramEmulator  # noqa: E402

BENCH = Path(__file__).resolve().parent
TEXTS = (  # what job seekers write; every text goes through the bot's understanding
    "Is this job offer in Dubai real?",
    "agent ne visa ke liye 3 lakh maange hain",
    "call centre job in Bangkok, salary 1500 dollars",
    "how do I check that my agent is licensed?",
    "hello",
)


@dataclass(frozen=True)
class Runtime:
    """One bot process to measure, and the echo bot its figure is compared with."""

    name: str
    framework: str
    command: tuple[str, ...]
    baseline: str


RUNTIMES = (
    Runtime("aiogram echo", "aiogram", (str(BENCH / "echo_aiogram.py"),), "aiogram echo"),
    Runtime("bot on aiogram", "aiogram", ("-m", "bot", "run"), "aiogram echo"),
    Runtime("ptb echo", "ptb", (str(BENCH / "echo_ptb.py"),), "ptb echo"),
    Runtime("bot on ptb", "ptb", ("-m", "bot", "run"), "ptb echo"),
)


@dataclass
class Result:
    """Updates per second of each measured round, replies per update, peak RSS (MiB), and
    the bot process's CPU time per update in each round (ms)."""

    rounds: list[float]
    replies_per_update: float
    peak_rss_mib: float = 0.0
    cpu_ms: list[float] | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.rounds)

    @property
    def median_cpu_ms(self) -> float:
        return statistics.median(self.cpu_ms) if self.cpu_ms else 0.0


def bot_env(emu: TelegramEmulator, runtime: Runtime, data_dir: Path) -> dict[str, str]:
    """The environment of `python -m bot run` against the emulator."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    env.update(
        BOT_TOKEN=emu.token,
        TELEGRAM_API_BASE=emu.base_url,
        BOT_FRAMEWORK=runtime.framework,
        DATABASE_URL=f"sqlite:///{data_dir / 'bot.db'}",
        DATA_KEY="bench-data-key-0123456789-0123456789-0123456789",
        FLOOD_BURST="1000000",
        PYTHONUNBUFFERED="1",
    )
    return env


@dataclass(frozen=True)
class Load:
    """``messages`` text updates from each of ``users`` new users, interleaved by user.

    By default the five texts repeat, as the same short questions do after a warning goes
    out (and the bot remembers readings of short texts); ``distinct``: every text is new to
    the bot, the worst case for it.
    """

    users: int
    messages: int
    distinct: bool = False

    def updates(self, emu: TelegramEmulator, first_id: int) -> list[dict[str, Any]]:
        people = [emu.user(first_id + n, language_code="en") for n in range(self.users)]
        return [
            person.message_update(self._text(index, number, first_id))
            for index in range(self.messages)
            for number, person in enumerate(people)
        ]

    def _text(self, index: int, number: int, first_id: int) -> str:
        text = TEXTS[(index + number) % len(TEXTS)]
        return f"{text} ({first_id + number}.{index})" if self.distinct else text


async def warm_up(emu: TelegramEmulator, load: Load) -> float:
    """One unmeasured round; returns replies per update (the bot may send more than one)."""
    before = emu.stats.sends_accepted
    updates = load.updates(emu, 1_000_000)
    emu.inject_many(updates)
    await emu.wait_sent(before + len(updates), timeout=600)
    await emu.wait_idle(quiet=1.0, timeout=600)
    return (emu.stats.sends_accepted - before) / len(updates)


async def one_round(
    emu: TelegramEmulator, first_id: int, load: Load, per_update: float, pid: int
) -> tuple[float, float]:
    """Queue the load at once; updates per second until every reply was accepted, and the
    bot's CPU milliseconds per update (which a busy machine disturbs less than the rate)."""
    updates = load.updates(emu, first_id)
    expected = emu.stats.sends_accepted + round(per_update * len(updates))
    cpu = cpu_seconds(pid)
    started = time.perf_counter()
    emu.inject_many(updates)
    await emu.wait_sent(expected, timeout=600)
    rate = len(updates) / (time.perf_counter() - started)
    return rate, (cpu_seconds(pid) - cpu) * 1000 / len(updates)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of ``pid`` so far (Linux ``/proc``); 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(runtime: Runtime, load: Load, repeats: int) -> Result:
    """Start the runtime's process against a fresh emulator, warm it up, time the rounds."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        data_dir = Path(tmp)
        async with TelegramEmulator() as emu:
            log_path = data_dir / "bot.log"
            with log_path.open("wb") as log_file:
                process = await asyncio.create_subprocess_exec(
                    sys.executable,
                    *runtime.command,
                    cwd=ROOT,
                    env=bot_env(emu, runtime, data_dir),
                    stdout=log_file,
                    stderr=log_file,
                )
                try:
                    await emu.wait_polling(timeout=60)
                    per_update = await warm_up(emu, load)
                    measured = [
                        await one_round(emu, (n + 1) * 100_000, load, per_update, process.pid)
                        for n in range(repeats)
                    ]
                    peak = peak_rss_mib(process.pid)
                finally:
                    process.send_signal(signal.SIGTERM)
                    try:
                        await asyncio.wait_for(process.wait(), 60)
                    except TimeoutError:
                        process.kill()
                        await process.wait()
            errors = [
                line
                for line in log_path.read_text(errors="replace").splitlines()
                if " ERROR " in line or "Traceback" in line
            ]
            if process.returncode not in (0, -signal.SIGTERM) or errors:
                tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-20:])
                raise RuntimeError(f"{runtime.name} failed (exit {process.returncode}):\n{tail}")
    return Result([r for r, _ in measured], per_update, peak, [c for _, c in measured])


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory so far (Linux ``VmHWM``), in MiB; 0 elsewhere."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def table(results: dict[str, Result]) -> str:
    """The figures as a plain-text table."""
    lines = [
        f"{'runtime':<16} {'updates/s':>10} {'min-max':>14} {'replies/update':>15} {'vs echo':>8}"
        f" {'peak RSS MiB':>13} {'vs echo':>8} {'CPU ms/update':>14} {'echo/bot':>9}",
    ]
    for runtime in RUNTIMES:
        result = results.get(runtime.name)
        if result is None:
            continue
        baseline = results.get(runtime.baseline)
        ratio = f"{result.median / baseline.median:.2f}" if baseline else "-"
        memory = (
            f"{result.peak_rss_mib / baseline.peak_rss_mib:.2f}"
            if baseline and baseline.peak_rss_mib
            else "-"
        )
        cpu = (
            f"{baseline.median_cpu_ms / result.median_cpu_ms:.2f}"
            if baseline and result.median_cpu_ms
            else "-"
        )
        spread = f"{min(result.rounds):.0f}-{max(result.rounds):.0f}"
        lines.append(
            f"{runtime.name:<16} {result.median:>10.0f} {spread:>14} "
            f"{result.replies_per_update:>15.2f} {ratio:>8} {result.peak_rss_mib:>13.0f} {memory:>8}"
            f" {result.median_cpu_ms:>14.2f} {cpu:>9}"
        )
    return "\n".join(lines)


async def main(argv: list[str] | None = None) -> None:
    """Measure every runtime chosen on the command line and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10, help="messages per user")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--only", nargs="*", choices=[r.name for r in RUNTIMES], help="runtimes to measure"
    )
    parser.add_argument(
        "--distinct", action="store_true", help="every update's text differs (no repeats)"
    )
    args = parser.parse_args(argv)
    load = Load(args.users, args.messages, args.distinct)
    chosen = [r for r in RUNTIMES if not args.only or r.name in args.only]
    results: dict[str, Result] = {}
    for runtime in chosen:
        print(f"measuring {runtime.name} ...", file=sys.stderr, flush=True)
        results[runtime.name] = await measure(runtime, load, args.repeats)
    total = args.users * args.messages
    print(
        f"{args.users} users x {args.messages} messages = {total} updates at once; "
        f"1 warm-up, median of {args.repeats} rounds; CPUs: {os.cpu_count()}"
    )
    print(table(results))


if __name__ == "__main__":
    asyncio.run(main())

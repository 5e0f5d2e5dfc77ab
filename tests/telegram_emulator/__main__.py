"""Run the emulator standalone for manual testing.

    python -m tests.telegram_emulator --port 8081 --token 123:ABC

Then point a bot at http://127.0.0.1:8081 and talk to it by typing lines at the prompt:
``1001: /start`` sends "/start" as user 1001; ``1001! English`` presses the button
labelled "English" on that user's newest bot message.  What the bot sends is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from .emulator import TelegramEmulator
from .limits import Limits
from .records import BotEvent


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.telegram_emulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-emulator-token")
    parser.add_argument("--username", default="testbot")
    parser.add_argument("--limits", action="store_true", help="enforce Telegram's flood limits")
    return parser.parse_args(argv)


def _show(event: BotEvent) -> None:
    what = event.message.describe() if event.message else f"#{event.message_id}"
    print(f"[bot -> {event.chat_id}] {event.kind}: {what}", flush=True)


async def _console(emu: TelegramEmulator) -> None:
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            print("stdin closed; serving until interrupted (Ctrl+C)", flush=True)
            await asyncio.Event().wait()
        head, sep, rest = line.strip().partition(" ")
        if not sep or not head[:-1].lstrip("-").isdigit():
            print("usage: '<user_id>: text' or '<user_id>! button label'", flush=True)
            continue
        user = emu.user(int(head[:-1]), first_name=f"User{head[:-1]}")
        try:
            if head.endswith("!"):
                await user.press(rest)
            else:
                await user.send(rest)
        except AssertionError as exc:
            print(exc, flush=True)


async def _watch(emu: TelegramEmulator) -> None:
    shown = [0]
    while True:
        await emu.state.signal.wait_for(lambda: len(emu.state.events) > shown[0], None)
        for event in emu.state.events[shown[0] :]:
            if event.kind != "action":
                _show(event)
        shown[0] = len(emu.state.events)


async def main(argv: list[str]) -> None:
    args = _parse_args(argv)
    emu = TelegramEmulator(
        args.token,
        bot_username=args.username,
        limits=Limits.telegram() if args.limits else None,
        host=args.host,
        port=args.port,
    )
    await emu.start()
    print(f"Telegram emulator on {emu.base_url} (token {emu.token})", flush=True)
    watcher = asyncio.create_task(_watch(emu))
    try:
        await _console(emu)
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
        await emu.stop()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(sys.argv[1:]))

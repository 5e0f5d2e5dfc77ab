"""The same conversation in a terminal: buttons are numbered, type a number to press one."""

from __future__ import annotations

import asyncio
import html
import re
import sys
from collections.abc import Callable

from bot.adapters.message_kinds import event_from_text_or_kind
from bot.chat_service import ChatService
from bot.core import bidi
from bot.core.events import Event, Incoming, Press
from bot.core.replies import Button, Outcome

CONSOLE_USER_ID = 1
_TAG = re.compile(r"<[^>]+>")


def render_plain(text: str) -> str:
    """Telegram HTML to terminal text: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


class ConsoleChat:
    """A terminal session of one local user; the state lives in the store like on Telegram."""

    def __init__(
        self, chat: ChatService, language_hint: str | None, write: Callable[[str], None]
    ) -> None:
        self._chat = chat
        self._hint = language_hint
        self._write = write
        self._buttons: list[Button] = []

    def show(self, outcome: Outcome) -> None:
        """Print the replies and number the buttons of the last one."""
        if outcome.toast:
            self._write(f"({outcome.toast})")
        for reply in outcome.replies:
            # As on Telegram (deliver): Urdu and Pashto get their dates and numbers isolated.
            self._write(render_plain(bidi.for_reply(reply).text))
            if reply.buttons:
                self._buttons = [button for row in reply.buttons for button in row]
                for number, button in enumerate(self._buttons, 1):
                    self._write(f"  [{number}] {button.label}")
            self._write("")

    async def say(self, line: str) -> None:
        """Handle one typed line: a number presses a button, anything else is sent as text."""
        line = line.strip()
        event: Event
        if line.isdigit() and 1 <= int(line) <= len(self._buttons):
            event = Press(self._buttons[int(line) - 1].data)
        else:
            parsed = event_from_text_or_kind(line, "other", forwarded=False)
            if parsed is None:
                return
            event = parsed
        self.show(await self._chat.handle(CONSOLE_USER_ID, Incoming(event, self._hint)))


async def run_console(chat: ChatService, language_hint: str | None) -> None:
    """Read lines until end of input or Ctrl-C."""
    session = ConsoleChat(chat, language_hint, print)
    await session.say("/start")
    loop = asyncio.get_running_loop()
    while True:
        try:
            line = await loop.run_in_executor(None, sys.stdin.readline)
        except (KeyboardInterrupt, asyncio.CancelledError):
            break
        if not line:
            break
        await session.say(line)

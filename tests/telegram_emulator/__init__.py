"""A local, strict emulator of Telegram's Bot API for end-to-end tests of the bot.

The real bot (aiogram or python-telegram-bot, unmodified) talks HTTP to
:attr:`TelegramEmulator.base_url`; tests drive users with a small DSL and assert on what
the bot sent.  See ``users.py`` for the DSL and ``server.py`` for the HTTP side.
"""

from .emulator import TelegramEmulator
from .errors import ApiError
from .limits import Limits, Stats
from .media import make_png
from .records import ApiCall, CallbackRecord, SentMessage
from .telegram_html import HtmlParseError, parse_html
from .users import EmulatedChannel, EmulatedGroup, EmulatedUser

__all__ = [
    "ApiCall",
    "ApiError",
    "CallbackRecord",
    "EmulatedChannel",
    "EmulatedGroup",
    "EmulatedUser",
    "HtmlParseError",
    "Limits",
    "SentMessage",
    "Stats",
    "TelegramEmulator",
    "make_png",
    "parse_html",
]

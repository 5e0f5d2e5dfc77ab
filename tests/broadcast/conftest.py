"""The broadcast tests that talk to Telegram use the Bot API emulator fixture."""

from tests.telegram_emulator.fixtures import telegram  # noqa: F401

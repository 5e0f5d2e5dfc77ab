"""The replica tests use the Bot API emulator fixture of the end-to-end tests."""

from tests.telegram_emulator.fixtures import telegram  # noqa: F401

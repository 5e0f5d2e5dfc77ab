"""The emulator parses HTML with the bot's own strict parser: one definition of what Telegram
accepts (:mod:`bot.telegram_html`), so the check and the emulator can never drift apart."""

from bot.telegram_html import (
    SUPPORTED_TAGS,
    HtmlParseError,
    ParsedText,
    parse_html,
    utf16_len,
)

__all__ = ["SUPPORTED_TAGS", "HtmlParseError", "ParsedText", "parse_html", "utf16_len"]

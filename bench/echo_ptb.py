"""A bare python-telegram-bot echo bot: the baseline the real bot on PTB is compared with.

Configured like the real bot: ``BOT_TOKEN``, ``TELEGRAM_API_BASE``, the same number of
concurrent updates and INFO logging; SIGINT/SIGTERM stop it (``run_polling``).
"""

from __future__ import annotations

import logging
import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back."""
    if update.message is not None:
        await update.message.reply_text(update.message.text or "?")


def main() -> None:
    """Echo every text message until stopped."""
    base = os.environ["TELEGRAM_API_BASE"]
    app = (
        Application.builder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .concurrent_updates(256)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(allowed_updates=["message"])


if __name__ == "__main__":
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # as the bot does: no URL per request
    main()

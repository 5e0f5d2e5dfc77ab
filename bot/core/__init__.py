"""The conversation core: pure functions from (state, event, content) to (replies, state).

Nothing in this package performs I/O or imports a Telegram framework; every adapter
(aiogram, python-telegram-bot, terminal, web preview) translates to and from these types.
"""

"""Delivering recordings through the real aiogram adapter to the Bot API emulator."""

from __future__ import annotations

from pathlib import Path

from bot.adapters.aiogram_runtime import AiogramChatApi
from bot.adapters.delivery import deliver
from bot.content.audio import file_digest
from bot.content.model import Recording
from bot.core.replies import Outcome, Reply
from bot.store import open_store
from bot.voice_notes import VoiceNotes
from tests.audio.sound import opus
from tests.telegram_emulator import TelegramEmulator
from tests.telegram_emulator.fixtures import telegram  # noqa: F401
from tests.test_emulator import aiogram_bot_for

NAME = "audio/ur/levels.danger.summary.ogg"


async def test_a_recording_removed_since_the_content_loaded_is_sent_as_its_words(
    telegram: TelegramEmulator,  # noqa: F811
    tmp_path: Path,
) -> None:
    user = telegram.user(4401, "Ali", started=True)
    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    bot = aiogram_bot_for(telegram)
    try:
        sound = opus()
        recording = Recording("ur", "levels.danger.summary", NAME, file_digest(sound), 2)
        notes = VoiceNotes(store, tmp_path)  # no audio/ folder: the file is gone
        reply = Reply("<b>Danger</b>", voice=recording)
        await deliver(AiogramChatApi(bot), user.id, Outcome((reply,), None), voices=notes)
        shown = await user.expect_message()
        assert shown.text == "Danger" and not shown.raw.get("voice")

        (tmp_path / NAME).parent.mkdir(parents=True)
        (tmp_path / NAME).write_bytes(sound)
        await deliver(AiogramChatApi(bot), user.id, Outcome((reply,), None), voices=notes)
        voiced = await user.expect_message()
        assert voiced.voice == sound and voiced.caption == "Danger"
        assert await store.voice_file_id(NAME, recording.digest) == voiced.raw["voice"]["file_id"]
    finally:
        await bot.session.close()
        await store.close()


async def test_a_user_who_accepts_no_voice_messages_gets_the_words(
    telegram: TelegramEmulator,  # noqa: F811
    tmp_path: Path,
) -> None:
    user = telegram.user(4402, "Sara", started=True)
    telegram.state.chats[user.id].voices_forbidden = True
    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    bot = aiogram_bot_for(telegram)
    try:
        sound = opus()
        (tmp_path / NAME).parent.mkdir(parents=True)
        (tmp_path / NAME).write_bytes(sound)
        recording = Recording("ur", "levels.danger.summary", NAME, file_digest(sound), 2)
        reply = Reply("<b>Danger</b>", voice=recording)
        notes = VoiceNotes(store, tmp_path)
        await deliver(AiogramChatApi(bot), user.id, Outcome((reply,), None), voices=notes)
        shown = await user.expect_message()
        assert shown.text == "Danger" and not shown.raw.get("voice")
        assert [c.status for c in telegram.calls_to("sendVoice")] == [400]
    finally:
        await bot.session.close()
        await store.close()

"""*🔊 Listen* on Telegram: a volunteer's recordings reach the user as voice notes, on both
frameworks; the first send uploads the file, later sends reuse Telegram's file_id."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot.content.audio import audio_dir, key_of, recordable, stamp_recording
from bot.content.loader import load_content
from bot.content.model import Content
from tests.audio.sound import opus
from tests.conftest import CONTENT_DIR, LOCALES_DIR
from tests.e2e.conftest import RunningBot, bot_settings
from tests.e2e.test_checklist_on_telegram import CASE, answer_shown
from tests.telegram_emulator import EmulatedUser, TelegramEmulator

LANGUAGE = "ur"
LISTEN = "🔊 سنیں"


def recorded_content(root: Path, *, only_first_question: bool = False) -> tuple[Path, Content]:
    """A copy of content/ where Urdu has recordings (tones), stamped as a volunteer would who
    read the lines as the test's Urdu reader sees them (home country guessed: Pakistan)."""
    content_dir = root / "content"
    shutil.copytree(CONTENT_DIR, content_dir)
    content, _ = load_content(content_dir, LOCALES_DIR)
    first = content.checklist.questions[0].id
    folder = audio_dir(content_dir, LANGUAGE)
    folder.mkdir(parents=True)
    for number, path in enumerate(recordable(content)):
        if only_first_question and path[:2] != ("checklist", first):
            continue
        (folder / f"{key_of(path)}.ogg").write_bytes(opus(frequency=300 + 10 * number))
        stamp_recording(content_dir, content, LANGUAGE, key_of(path), "PK")
    loaded, _ = load_content(content_dir, LOCALES_DIR)
    return content_dir, loaded


@pytest_asyncio.fixture
async def listening_bot(
    telegram: TelegramEmulator, tmp_path: Path, framework: str
) -> AsyncIterator[tuple[RunningBot, Path, Content]]:
    content_dir, content = recorded_content(tmp_path)
    bot = RunningBot(
        bot_settings(
            telegram,
            tmp_path,
            BOT_FRAMEWORK=framework,
            CONTENT_DIR=content_dir,
            LOCALES_DIR=LOCALES_DIR,
        )
    )
    await bot.start()
    try:
        yield bot, content_dir, content
    finally:
        await bot.stop()
    assert not telegram.unanswered_callbacks()


async def urdu_user(tg: TelegramEmulator, user_id: int) -> EmulatedUser:
    user = tg.user(user_id, language_code="en")
    await user.send("/language")
    await user.expect_message()
    await user.press("اردو")
    await user.expect_edit()
    return user


async def test_a_user_listens_to_a_question_and_its_answers_in_urdu(
    listening_bot: tuple[RunningBot, Path, Content], telegram: TelegramEmulator
) -> None:
    _bot, content_dir, content = listening_bot
    ur = content.for_country("PK").language(LANGUAGE)  # an Urdu reader's guessed home: PK
    question = content.checklist.questions[0]
    user = await urdu_user(telegram, 9101)
    await user.send("/check")
    await user.expect_message()  # the introduction
    shown = await user.expect_message()
    assert [LISTEN] in shown.buttons
    await user.press(LISTEN)
    folder = audio_dir(content_dir, LANGUAGE)
    spoken = [f"checklist.{question.id}.question"] + [
        f"checklist.{question.id}.answers.{a.id}" for a in question.answers
    ]
    for key in spoken:
        note = await user.expect_message()
        assert note.raw.get("voice"), f"{key} arrives as a voice note, not a document"
        assert note.voice == (folder / f"{key}.ogg").read_bytes()
        assert note.raw["voice"]["duration"] == 2
    captions = [m.caption for m in telegram.messages(user.id) if m.raw.get("voice")]
    assert captions[0] == ur.text("checklist", question.id, "question")
    assert captions[1:] == [
        ur.text("checklist", question.id, "answers", a.id) for a in question.answers
    ]
    again = await user.expect_message()  # the question once more, below what was heard
    assert again.buttons == shown.buttons

    uploads = telegram.calls_to("sendVoice")
    assert len(uploads) == len(spoken)
    file_ids = [m.raw["voice"]["file_id"] for m in telegram.messages(user.id) if m.raw.get("voice")]
    assert len(set(file_ids)) == len(spoken)
    assert not {c.params["voice"] for c in uploads} & set(file_ids), "first time: uploaded"

    await user.press(LISTEN)
    for _ in spoken:
        await user.expect_message()
    await user.expect_message()
    reused = telegram.calls_to("sendVoice")[len(spoken) :]
    assert [c.params["voice"] for c in reused] == file_ids, "later: Telegram's file_id, no upload"


async def test_the_verdict_is_read_aloud_too(
    listening_bot: tuple[RunningBot, Path, Content], telegram: TelegramEmulator
) -> None:
    _bot, content_dir, content = listening_bot
    user = await urdu_user(telegram, 9102)
    await user.send("/check")
    await user.expect_message()
    verdict, _asked = await answer_shown(user, content, LANGUAGE, await user.expect_message(), CASE)
    assert verdict.buttons[0] == [LISTEN], "first under the verdict, for whoever cannot read"
    await user.press(LISTEN)
    note = await user.expect_message()
    level = next(
        lv
        for lv in content.checklist.levels
        if content.language(LANGUAGE).text("levels", lv, "title") in (verdict.text or "")
    )
    assert (
        note.voice
        == (audio_dir(content_dir, LANGUAGE) / f"levels.{level}.summary.ogg").read_bytes()
    )
    assert note.caption == content.language(LANGUAGE).text("levels", level, "title")


async def test_no_listen_button_where_nothing_is_recorded(
    listening_bot: tuple[RunningBot, Path, Content], telegram: TelegramEmulator
) -> None:
    user = telegram.user(9103, language_code="en")  # English has no recordings here
    await user.send("/check")
    await user.expect_message()
    shown = await user.expect_message()
    assert not any("🔊" in label for row in shown.buttons for label in row)


async def test_a_file_id_telegram_forgot_is_uploaded_again(
    listening_bot: tuple[RunningBot, Path, Content], telegram: TelegramEmulator
) -> None:
    _bot, _dir, content = listening_bot
    user = await urdu_user(telegram, 9104)
    await user.send("/check")
    await user.expect_message()
    await user.expect_message()
    answers = len(content.checklist.questions[0].answers)
    await user.press(LISTEN)
    for _ in range(answers + 2):
        await user.expect_message()
    telegram.state.files.clear()  # as if the bot's token had changed: old file_ids are unknown
    await user.press(LISTEN)
    for _ in range(answers + 2):
        await user.expect_message()
    calls = telegram.calls_to("sendVoice")[answers + 1 :]
    refused = [c for c in calls if c.status != 200]
    assert refused and all("wrong file identifier" in (c.description or "") for c in refused)
    resent = [m for m in telegram.messages(user.id) if m.raw.get("voice")][-(answers + 1) :]
    assert all(m.voice for m in resent), "each recording reached the user after all"


async def test_a_voice_note_in_the_middle_of_the_checklist_keeps_the_place(
    listening_bot: tuple[RunningBot, Path, Content], telegram: TelegramEmulator
) -> None:
    _bot, _dir, content = listening_bot
    ur = content.for_country("PK").language(LANGUAGE)  # an Urdu reader's guessed home: PK
    user = await urdu_user(telegram, 9105)
    await user.send("/check")
    await user.expect_message()
    shown = await user.expect_message()
    await user.send_voice(opus())
    notice = await user.expect_message()
    assert notice.text and not notice.buttons
    again = await user.expect_message()
    first = content.checklist.questions[0].id
    assert ur.text("checklist", first, "question") in (again.text or "")
    assert again.buttons == shown.buttons and [LISTEN] in again.buttons
    await user.press(
        ur.text("checklist", first, "answers", content.checklist.questions[0].answers[0].id)
    )
    moved = await user.expect_edit()
    assert ur.text("checklist", first, "question") not in (moved.text or ""), (
        "the checklist goes on"
    )


async def test_a_voice_note_outside_the_checklist_points_to_what_can_be_heard(
    listening_bot: tuple[RunningBot, Path, Content], telegram: TelegramEmulator
) -> None:
    user = await urdu_user(telegram, 9106)
    await user.send_voice(opus())
    answer = await user.expect_message()
    assert "«نوکری کی پیشکش جانچیں»" in (answer.text or "") and LISTEN in (answer.text or "")
    assert ["نوکری کی پیشکش جانچیں"] in answer.buttons, "the menu, with buttons"

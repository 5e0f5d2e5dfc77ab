"""Volunteers' edits reach the running bot without a restart; broken edits never do."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot.content.model import Content
from tests.e2e.conftest import RunningBot, bot_settings
from tests.telegram_emulator import TelegramEmulator

# A reload reads and checks every content file and rebuilds the reading rules: seconds on
# an idle machine, several times that on CI's two busy cores. The wait ends as soon as the
# notice arrives.
RELOAD_WAIT = 30.0

EDITOR = 9100
MENU_TEXT = "What do you want to do? Choose a button below."


@pytest_asyncio.fixture
async def editable_bot(
    telegram: TelegramEmulator, tmp_path: Path, content_copy: tuple[Path, Path], framework: str
) -> AsyncIterator[tuple[RunningBot, Path]]:
    content_dir, locales_dir = content_copy
    settings = bot_settings(
        telegram,
        tmp_path,
        CONTENT_DIR=content_dir,
        LOCALES_DIR=locales_dir,
        EDITOR_IDS=str(EDITOR),
        BOT_FRAMEWORK=framework,
    )
    bot = RunningBot(settings)
    await bot.start()
    try:
        yield bot, content_dir
    finally:
        await bot.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_a_saved_text_is_served_at_once_and_the_editor_is_told(
    editable_bot: tuple[RunningBot, Path], telegram: TelegramEmulator
) -> None:
    _bot, content_dir = editable_bot
    editor = telegram.user(EDITOR, language_code="en", started=True)
    user = telegram.user(9101, language_code="en")
    await user.send("/start")
    await user.expect_message()
    await user.press("English")
    assert MENU_TEXT in (await user.expect_edit()).text
    edit(content_dir / "texts" / "en.yaml", MENU_TEXT, "What would you like to do? Pick a button.")
    notice = await editor.expect_message(timeout=RELOAD_WAIT)
    assert notice.text.startswith("Content reloaded")
    assert "outdated translation" in notice.text, "translators learn their text changed"
    await user.send("/start")
    assert "What would you like to do? Pick a button." in (await user.expect_message()).text


async def test_a_broken_save_is_refused_whole_and_the_bot_keeps_the_last_good_content(
    editable_bot: tuple[RunningBot, Path], telegram: TelegramEmulator
) -> None:
    _bot, content_dir = editable_bot
    editor = telegram.user(EDITOR, language_code="en", started=True)
    user = telegram.user(9102, language_code="en")
    edit(
        content_dir / "checklist.yaml",
        "{id: not_licensed, flags: [unlicensed_agent], signals: [no_licence]}",
        "{id: not_licensed, flags: [unlicenced_agent]}",
    )
    notice = await editor.expect_message(timeout=RELOAD_WAIT)
    assert "checklist.yaml" in notice.text and "unlicenced_agent" in notice.text
    await user.send("/check")
    await user.expect_message()
    question = await user.expect_message()
    assert "Question 1 of 20" in question.text, "the last good content still answers"


async def test_reload_command_answers_editors_and_is_unknown_to_others(
    editable_bot: tuple[RunningBot, Path], telegram: TelegramEmulator
) -> None:
    editor = telegram.user(EDITOR, language_code="en")
    await editor.send("/reload")
    answer = await editor.expect_message(timeout=RELOAD_WAIT)
    assert answer.text.strip()
    stranger = telegram.user(9103, language_code="en")
    await stranger.send("/reload")
    assert "I don't know that command" in (await stranger.expect_message()).text


async def test_a_pashto_phrase_added_to_the_reading_rules_is_used_after_a_save(
    editable_bot: tuple[RunningBot, Path], telegram: TelegramEmulator
) -> None:
    """A volunteer teaches the bot a Pashto way of saying "keep it secret" by editing
    content/understanding/redflags.yaml; the running bot warns of it from the next message."""
    _bot, content_dir = editable_bot
    editor = telegram.user(EDITOR, language_code="en", started=True)
    user = telegram.user(9103, language_code="ps")
    secret = "دا وړاندیز د کلي مشرانو ته مه ښیئ"  # "don't show this offer to the village elders"
    await user.send(secret)
    before = await user.expect_message()
    assert "مشرانو ته مه ښیئ" not in before.text, "not a known phrase yet: nothing quoted"
    await user.expect_no_reply()
    # The Pashto list of secrecy phrases (the one holding "keep it secret"), one more at its end.
    rules = content_dir / "understanding" / "redflags.yaml"
    (secrecy,) = [
        line for line in rules.read_text(encoding="utf-8").splitlines() if "پټه وساتئ" in line
    ]
    edit(rules, secrecy, secrecy.removesuffix("]") + ", مشرانو ته مه ښیئ]")
    notice = await editor.expect_message(timeout=RELOAD_WAIT)
    assert notice.text.startswith("Content reloaded"), notice.text
    await user.send(secret)
    await user.expect_message()  # the answer to the question
    warning = await user.expect_message()
    assert "مشرانو ته مه ښیئ" in warning.text, "the new phrase is quoted back"


async def test_a_misspelt_key_in_the_reading_rules_is_refused_with_its_line(
    editable_bot: tuple[RunningBot, Path], telegram: TelegramEmulator
) -> None:
    _bot, content_dir = editable_bot
    editor = telegram.user(EDITOR, language_code="en", started=True)
    path = content_dir / "understanding" / "redflags.yaml"
    line = path.read_text(encoding="utf-8").splitlines().index("  passport_retention:") + 3
    edit(path, "    pairs:\n      - window: 6", "    pairz:\n      - window: 6")
    notice = await editor.expect_message(timeout=RELOAD_WAIT)
    assert notice.text.startswith("Content change refused"), notice.text
    assert f"redflags.yaml:{line}" in notice.text and "pairz" in notice.text


PASSPORT_EXAMPLE = "ایجنٹ میرا سبز کتابچہ اپنے گودام میں رکھتا ہے"
LIKE_IT = "ایجنٹ میرا سبز کتابچہ گودام میں رکھتا ہے"


async def test_an_urdu_example_question_saved_by_a_volunteer_is_learnt_at_once(
    editable_bot: tuple[RunningBot, Path], telegram: TelegramEmulator, content: Content
) -> None:
    _bot, content_dir = editable_bot
    editor = telegram.user(EDITOR, language_code="en", started=True)
    user = telegram.user(9102, language_code="ur")
    ur = content.language("ur")
    passport_title = ur.text("faq", "passport", "title")
    await user.send(LIKE_IT)
    before = await user.expect_message()
    assert passport_title not in before.text, "nobody taught the bot this phrasing yet"
    edit(
        content_dir / "faq_examples" / "ur.yaml",
        "  passport:\n",
        f"  passport:\n    - {PASSPORT_EXAMPLE}\n",
    )
    notice = await editor.expect_message(timeout=RELOAD_WAIT)
    assert notice.text.startswith("Content reloaded")
    await user.send(LIKE_IT)
    after = await user.expect_message()
    assert passport_title in after.text


async def test_a_text_telegram_would_refuse_is_refused_on_reload_and_start_keeps_working(
    editable_bot: tuple[RunningBot, Path], telegram: TelegramEmulator
) -> None:
    _bot, content_dir = editable_bot
    editor = telegram.user(EDITOR, language_code="en", started=True)
    user = telegram.user(9103, language_code="en")
    edit(content_dir / "texts" / "en.yaml", MENU_TEXT, "What do you want to do? <b foo>Choose</b>.")
    notice = await editor.expect_message(timeout=RELOAD_WAIT)
    assert "en.yaml" in notice.text and "Telegram would refuse" in notice.text
    assert "column" in notice.text
    await user.send("/start")
    await user.expect_message()
    await user.press("English")
    assert MENU_TEXT in (await user.expect_edit()).text, "the last good content still answers"


def remove_question(checklist: Path, question_id: str) -> None:
    """Delete a question's block (its comment line, id and answers) from checklist.yaml."""
    lines = checklist.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  - id: {question_id}")
    end = start + 1
    while lines[end].startswith("      ") or lines[end].strip() == "answers:":
        end += 1
    if lines[start - 1].lstrip().startswith("#"):
        start -= 1
    checklist.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")


async def test_removing_questions_moves_a_user_in_the_middle_to_the_next_existing_one(
    editable_bot: tuple[RunningBot, Path], telegram: TelegramEmulator, content: Content
) -> None:
    _bot, content_dir = editable_bot
    editor = telegram.user(EDITOR, language_code="en", started=True)
    user = telegram.user(9104, language_code="en")
    en = content.language("en")
    await user.send("/check")
    await user.expect_message()

    def shown(text: str) -> str:
        """The id of the checklist question on screen."""
        ids = [
            q.id
            for q in content.checklist.questions
            if en.text("checklist", q.id, "question") in text
        ]
        assert ids, text
        return ids[0]

    screen = await user.expect_message()
    answered = 0
    while (current := shown(screen.text)) != "pressure":  # the last question is on screen
        question = content.checklist.questions[content.checklist.index_of(current) or 0]
        await user.press(en.text("checklist", current, "answers", question.answers[0].id))
        answered += 1
        screen = await user.expect_edit()
    remove_question(content_dir / "checklist.yaml", "passport")
    remove_question(content_dir / "checklist.yaml", "free_travel")  # no pack words it
    notice = await editor.expect_message(timeout=RELOAD_WAIT)
    assert notice.text.startswith("Content reloaded"), notice.text
    await user.send("/check")
    prompt = await user.expect_message()
    assert f"{answered - 2} of " in prompt.text, "the two removed answers no longer count"
    await user.press("Continue where I was")
    again = await user.expect_edit()
    assert shown(again.text) == "pressure", "the user is back on the question they were at"
    await user.press(en.text("checklist", "pressure", "answers", "hurry"))
    verdict = await user.expect_edit()
    assert ["Check another offer"] in verdict.buttons

"""The Telegram emulator behaves like Telegram for real aiogram and python-telegram-bot clients.

Every test here drives the emulator over real HTTP with an unmodified library client,
so what passes here is what the bot under test will see.

The ``telegram`` fixture is imported here as well as in ``tests/conftest.py`` so this
module runs on its own; test parameters named ``telegram`` shadow that import on
purpose, hence the file-wide F811 exemption.
"""
# ruff: noqa: F811

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from aiogram import Bot as AiogramBot
from aiogram import Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonCommands,
    Message,
    ReplyParameters,
)
from telegram import Bot as PtbBot
from telegram import InlineKeyboardButton as PtbButton
from telegram import InlineKeyboardMarkup as PtbMarkup
from telegram import Update as PtbUpdate
from telegram.error import BadRequest as PtbBadRequest
from telegram.error import Forbidden as PtbForbidden
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from tests.telegram_emulator import Limits, TelegramEmulator, make_png, parse_html
from tests.telegram_emulator.fixtures import telegram  # noqa: F401
from tests.telegram_emulator.telegram_html import HtmlParseError


def aiogram_bot_for(emu: TelegramEmulator) -> AiogramBot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    return AiogramBot(emu.token, session=session)


def ptb_bot_for(emu: TelegramEmulator) -> PtbBot:
    return PtbBot(
        emu.token, base_url=f"{emu.base_url}/bot", base_file_url=f"{emu.base_url}/file/bot"
    )


@pytest_asyncio.fixture
async def bot(telegram: TelegramEmulator) -> AsyncIterator[AiogramBot]:
    aiogram_bot = aiogram_bot_for(telegram)
    try:
        yield aiogram_bot
    finally:
        await aiogram_bot.session.close()


@pytest_asyncio.fixture
async def ptb(telegram: TelegramEmulator) -> AsyncIterator[PtbBot]:
    async with ptb_bot_for(telegram) as ptb_bot:
        yield ptb_bot


def keyboard(*labels_and_data: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data)]
            for label, data in labels_and_data
        ]
    )


# -- round trips ---------------------------------------------------------------------


async def test_aiogram_message_round_trip(telegram: TelegramEmulator, bot: AiogramBot) -> None:
    user = telegram.user(1001, "Ali", language_code="ur")
    await user.send("/start")

    sent = await bot.send_message(
        1001,
        "<b>Welcome</b>, choose a language",
        parse_mode="HTML",
        reply_markup=keyboard(("English", "lang:en"), ("اردو", "lang:ur")),
    )

    msg = await user.expect_message(timeout=2)
    assert msg.message_id == sent.message_id
    assert msg.text == "Welcome, choose a language"
    assert msg.html == "<b>Welcome</b>, choose a language"
    assert msg.buttons == [["English"], ["اردو"]]
    assert msg.button_data == [["lang:en"], ["lang:ur"]]
    assert sent.from_user is not None and sent.from_user.is_bot
    assert sent.entities is not None and sent.entities[0].type == "bold"
    assert user.messages == [msg]


async def test_ptb_message_round_trip(telegram: TelegramEmulator, ptb: PtbBot) -> None:
    user = telegram.user(1002, "Sara")
    await user.send("hi")
    markup = PtbMarkup([[PtbButton("Yes", callback_data="yes")]])

    sent = await ptb.send_message(
        1002, "Is the <i>offer</i> real?", parse_mode="HTML", reply_markup=markup
    )

    msg = await user.expect_message(timeout=2)
    assert msg.message_id == sent.message_id
    assert msg.text == "Is the offer real?"
    assert msg.buttons == [["Yes"]]
    assert sent.chat.first_name == "Sara"
    assert (await ptb.get_me()).username == telegram.bot_username


async def test_user_messages_of_every_kind_parse_in_both_libraries(
    telegram: TelegramEmulator, bot: AiogramBot, ptb: PtbBot
) -> None:
    user = telegram.user(1003, "Ali", language_code="ur", username="ali")
    first = await user.send("/start payload")
    await user.send_photo(caption="see")
    await user.send_document()
    await user.send_voice()
    await user.send_video()
    await user.send_animation()
    await user.send_sticker()
    await user.send_location()
    await user.send_contact(own=True)
    await user.forward("Job in Dubai, 3000 USD", from_chat_title="Jobs Channel")
    await user.edit(first, "/start other")
    user.block()
    user.unblock()
    group = telegram.group(-100123, "Jobs")
    await group.send(user, "/start@testbot")
    await telegram.channel_post(-100999, "channel text")

    aiogram_updates = await bot.get_updates()
    ptb_updates = await ptb.get_updates()

    kinds = [u.event_type for u in aiogram_updates]
    assert kinds == ["message"] * 10 + ["edited_message", "my_chat_member", "my_chat_member"] + [
        "message",
        "channel_post",
    ]
    assert [u.update_id for u in ptb_updates] == [u.update_id for u in aiogram_updates]
    start = aiogram_updates[0].message
    assert start is not None and start.from_user is not None
    assert start.from_user.language_code == "ur"
    assert start.entities is not None and start.entities[0].type == "bot_command"
    forwarded = ptb_updates[9].message
    assert forwarded is not None and forwarded.forward_origin is not None
    assert forwarded.forward_origin.chat.title == "Jobs Channel"  # type: ignore[attr-defined]
    assert ptb_updates[11].my_chat_member is not None
    assert ptb_updates[11].my_chat_member.new_chat_member.status == "kicked"


# -- long polling --------------------------------------------------------------------


async def test_long_polling_wakes_as_soon_as_an_update_arrives_aiogram(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    user = telegram.user(1010, "Ali")
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await telegram.wait_polling(timeout=2)
    loop = asyncio.get_running_loop()
    started = loop.time()

    await user.send("ping")
    updates = await asyncio.wait_for(poll, 2)

    assert loop.time() - started < 1.0
    assert [u.message.text for u in updates if u.message] == ["ping"]


async def test_long_polling_wakes_as_soon_as_an_update_arrives_ptb(
    telegram: TelegramEmulator, ptb: PtbBot
) -> None:
    user = telegram.user(1011, "Ali")
    poll = asyncio.create_task(ptb.get_updates(timeout=30))
    await telegram.wait_polling(timeout=2)

    await user.send("ping")
    updates = await asyncio.wait_for(poll, 2)

    assert [u.message.text for u in updates if u.message] == ["ping"]


async def test_offset_confirms_and_forgets_earlier_updates(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    user = telegram.user(1012, "Ali")
    for text in ("one", "two", "three"):
        await user.send(text)

    first = await bot.get_updates(limit=2)
    again = await bot.get_updates()
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    after = await bot.get_updates(offset=rest[-1].update_id + 1)

    assert [u.message.text for u in first if u.message] == ["one", "two"]
    assert len(again) == 3  # nothing confirmed yet
    assert [u.message.text for u in rest if u.message] == ["three"]
    assert after == []
    assert first[0].update_id < first[1].update_id < rest[0].update_id


async def test_second_get_updates_terminates_the_waiting_one_with_409(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    user = telegram.user(1013, "Ali")
    first = asyncio.create_task(bot.get_updates(timeout=30))
    await telegram.wait_polling(timeout=2)

    second = asyncio.create_task(bot.get_updates(timeout=30))
    with pytest.raises(TelegramConflictError) as conflict:
        await asyncio.wait_for(first, 2)
    await user.send("for the survivor")
    updates = await asyncio.wait_for(second, 2)

    assert conflict.value.message == (
        "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running"
    )
    assert len(updates) == 1


async def test_webhook_and_polling_conflict_like_telegram(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await telegram.wait_polling(timeout=2)

    await bot.set_webhook("https://bot.example.com/hook")
    with pytest.raises(TelegramConflictError) as ended:
        await asyncio.wait_for(poll, 2)
    with pytest.raises(TelegramConflictError) as refused:
        await bot.get_updates()
    await bot.delete_webhook()

    assert ended.value.message == "Conflict: terminated by setWebhook request"
    assert "can't use getUpdates method while webhook is active" in refused.value.message
    assert await bot.get_updates() == []


async def test_allowed_updates_are_respected(telegram: TelegramEmulator, bot: AiogramBot) -> None:
    user = telegram.user(1014, "Ali")
    await user.send("text")
    user.block()

    updates = await bot.get_updates(allowed_updates=["my_chat_member"])

    assert [u.event_type for u in updates] == ["my_chat_member"]
    assert "dropped because of allowed_updates: ['message']" in user.transcript()
    assert telegram.pending_updates == 1


# -- strictness: content -------------------------------------------------------------


async def test_html_with_unknown_tag_is_rejected_like_telegram(
    telegram: TelegramEmulator, bot: AiogramBot, ptb: PtbBot
) -> None:
    user = telegram.user(1020, "Ali")
    await user.send("/start")

    with pytest.raises(TelegramBadRequest) as aiogram_error:
        await bot.send_message(1020, "Hello<div>x</div>", parse_mode="HTML")
    with pytest.raises(PtbBadRequest) as ptb_error:
        await ptb.send_message(1020, "Line<br>break", parse_mode="HTML")

    assert aiogram_error.value.message == (
        'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 5'
    )
    assert ptb_error.value.message == (
        'Can\'t parse entities: unsupported start tag "br" at byte offset 4'
    )
    assert user.messages == []


async def test_bare_less_than_and_unbalanced_tags_are_rejected(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    telegram.user(1021, "Ali", started=True)

    for text, reason in [
        ("salary < 500", 'Unsupported start tag "" at byte offset 7'),
        (
            "<b>bold <i>both</b></i>",
            'Unmatched end tag at byte offset 15, expected "</i>", found "</b>"',
        ),
        ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
    ]:
        with pytest.raises(TelegramBadRequest) as error:
            await bot.send_message(1021, text, parse_mode="HTML")
        assert error.value.message == f"Bad Request: can't parse entities: {reason}"

    ok = await bot.send_message(1021, "Tom &amp; Jerry &nbsp; 5 &lt; 6 &#x41;", parse_mode="HTML")
    assert ok.text == "Tom & Jerry &nbsp; 5 < 6 A"


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("привет <br>", 'Unsupported start tag "br" at byte offset 13'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<a href="x"', "Unclosed start tag at byte offset 0"),
        ('<tg-emoji emoji-id="x">y</tg-emoji>', "Invalid custom emoji identifier specified"),
    ],
)
def test_html_parser_errors_use_telegram_wording(html: str, error: str) -> None:
    with pytest.raises(HtmlParseError) as raised:
        parse_html(html)
    assert str(raised.value) == error


def test_html_parser_produces_telegram_entities() -> None:
    parsed = parse_html(
        '<b>a<i>b</i></b> <a href="https://example.com">site</a> '
        '<pre><code class="language-python">x</code></pre> <blockquote expandable>q</blockquote> 😀'
    )
    assert parsed.text == "ab site x q 😀"
    assert parsed.entities == [
        {"offset": 0, "length": 2, "type": "bold"},
        {"offset": 1, "length": 1, "type": "italic"},
        {"offset": 3, "length": 4, "type": "text_link", "url": "https://example.com"},
        {"offset": 8, "length": 1, "type": "pre", "language": "python"},
        {"offset": 10, "length": 1, "type": "expandable_blockquote"},
    ]
    assert parsed.length == 14  # the emoji is two UTF-16 code units


async def test_text_length_is_counted_after_parsing_in_utf16_units(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    telegram.user(1022, "Ali", started=True)

    await bot.send_message(1022, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(1022, "a" * 4097)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(1022, "😀" * 2049)  # 4098 UTF-16 code units
    with pytest.raises(TelegramBadRequest, match="Bad Request: message text is empty"):
        await bot.send_message(1022, "<b> </b>", parse_mode="HTML")


async def test_caption_over_1024_is_rejected(telegram: TelegramEmulator, bot: AiogramBot) -> None:
    telegram.user(1023, "Ali", started=True)
    photo = BufferedInputFile(make_png(), filename="card.png")

    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_photo(1023, photo, caption="c" * 1025)

    assert error.value.message == "Bad Request: message caption is too long"


async def test_65_byte_callback_data_is_rejected(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    telegram.user(1024, "Ali", started=True)
    too_long = "д" * 33  # 33 characters but 66 bytes of UTF-8

    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(1024, "pick", reply_markup=keyboard(("Go", too_long)))
    await bot.send_message(1024, "pick", reply_markup=keyboard(("Go", "д" * 32)))

    assert error.value.message == "Bad Request: BUTTON_DATA_INVALID"


async def test_button_without_action_is_rejected(telegram: TelegramEmulator) -> None:
    telegram.user(1025, "Ali", started=True)
    markup = json.dumps({"inline_keyboard": [[{"text": "Go"}]]})
    url = f"{telegram.base_url}/bot{telegram.token}/sendMessage"

    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data={"chat_id": "1025", "text": "x", "reply_markup": markup}) as r,
    ):
        body = await r.json()

    assert r.status == 400
    assert body == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: can't parse inline keyboard button: "
        "Text buttons are unallowed in the inline keyboard",
    }


# -- strictness: chats ---------------------------------------------------------------


async def test_unknown_chat_is_rejected(bot: AiogramBot, ptb: PtbBot) -> None:
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(424242, "hello")
    with pytest.raises(PtbBadRequest, match="Chat not found"):
        await ptb.send_message(424242, "hello")

    assert error.value.message == "Bad Request: chat not found"


async def test_blocked_user_gets_403_and_bot_hears_about_it(
    telegram: TelegramEmulator, bot: AiogramBot, ptb: PtbBot
) -> None:
    user = telegram.user(1030, "Ali")
    await user.send("/start")
    await bot.send_message(1030, "welcome")

    user.block()
    with pytest.raises(TelegramForbiddenError) as error:
        await bot.send_message(1030, "are you there?")
    with pytest.raises(PtbForbidden):
        await ptb.send_message(1030, "are you there?")
    updates = await bot.get_updates()

    assert error.value.message == "Forbidden: bot was blocked by the user"
    member = updates[-1].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"
    user.unblock()
    await bot.send_message(1030, "welcome back")
    assert [m.text for m in user.messages] == ["welcome", "welcome back"]


async def test_bot_cannot_start_a_conversation(telegram: TelegramEmulator, bot: AiogramBot) -> None:
    telegram.user(1031, "Ali")

    with pytest.raises(TelegramForbiddenError) as error:
        await bot.send_message(1031, "hello stranger")

    assert error.value.message == "Forbidden: bot can't initiate conversation with a user"


async def test_forced_chat_failures_for_delivery_code(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    telegram.user(1032, "Ali", started=True)
    telegram.fail_chat(1032, "deactivated")
    telegram.fail_chat(5555, "blocked")

    with pytest.raises(TelegramForbiddenError, match="user is deactivated"):
        await bot.send_message(1032, "x")
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await bot.send_message(5555, "x")
    telegram.fail_chat(1032, None)
    await bot.send_message(1032, "x")


# -- flood control -------------------------------------------------------------------


async def test_per_chat_limit_answers_429_with_retry_after(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    telegram.set_limits(Limits(per_chat_per_second=1, per_chat_burst=1))
    telegram.user(1040, "Ali", started=True)
    telegram.user(1041, "Sara", started=True)

    await bot.send_message(1040, "one")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(1040, "two")
    await bot.send_message(1041, "other chats are not affected")

    assert error.value.retry_after == 1
    assert error.value.message.endswith("Original description: Too Many Requests: retry after 1")
    assert telegram.stats.rate_limited == 1
    assert telegram.stats.sends_accepted == 2
    assert telegram.stats.per_chat[1040] == 1


async def test_early_retries_are_counted_as_violations(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    telegram.set_limits(Limits(global_per_second=2))
    for chat_id in (1042, 1043, 1044):
        telegram.user(chat_id, "U", started=True)

    await bot.send_message(1042, "a")
    await bot.send_message(1043, "b")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(1044, "c")  # the global limit applies to every chat
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(1042, "too early")  # inside retry_after: a violation

    assert telegram.stats.early_retries == 1
    await asyncio.sleep(error.value.retry_after)  # a well-behaved sender waits this long
    await bot.send_message(1044, "c")
    assert telegram.stats.early_retries == 1
    assert [s.status for s in telegram.stats.sends] == [200, 200, 429, 429, 200]


async def test_group_limit_is_20_per_minute(telegram: TelegramEmulator, bot: AiogramBot) -> None:
    telegram.set_limits(Limits(group_per_minute=20))
    telegram.group(-100500, "Jobs")

    for n in range(20):
        await bot.send_message(-100500, f"post {n}")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(-100500, "one too many")

    assert error.value.retry_after == 3  # one slot frees after 60 / 20 seconds
    assert telegram.stats.max_sends_in_window(60, chat_id=-100500) == 20


# -- callbacks -----------------------------------------------------------------------


async def test_callback_queries_answered_and_unanswered(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    user = telegram.user(1050, "Ali", language_code="ur")
    await user.send("/start")
    menu = await bot.send_message(
        1050, "Language?", reply_markup=keyboard(("English", "lang:en"), ("Urdu", "lang:ur"))
    )

    answered = await user.press("English")
    ignored = await user.press("Urdu", message=menu.message_id)
    garbage = await user.press(data="\x00garbage")
    updates = await bot.get_updates()
    queries = [u.callback_query for u in updates if u.callback_query]
    await bot.answer_callback_query(queries[0].id, text="English it is")
    with pytest.raises(TelegramBadRequest) as twice:
        await bot.answer_callback_query(queries[0].id)
    await bot.answer_callback_query(queries[2].id)

    first = queries[0]
    assert first.data == "lang:en" and first.chat_instance
    assert first.from_user.language_code == "ur"
    assert isinstance(first.message, Message) and first.message.message_id == menu.message_id
    assert first.message.reply_markup is not None  # the message as currently displayed
    assert twice.value.message == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )
    assert answered.answered and answered.answer_text == "English it is"
    assert answered.delivered_at is not None and answered.answered_at is not None
    assert garbage.answered
    assert telegram.unanswered_callbacks() == [ignored]


async def test_callback_answered_too_late_is_rejected(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    user = telegram.user(1051, "Ali")
    await user.send("/start")
    await bot.send_message(1051, "Go?", reply_markup=keyboard(("Go", "go")))
    record = await user.press("Go")
    record.created_at -= telegram.state.callback_timeout + 1  # as if 16 seconds passed

    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(record.id)
    assert telegram.unanswered_callbacks() == [record]


# -- edits and deletions -------------------------------------------------------------


async def test_edit_with_same_content_is_not_modified(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    user = telegram.user(1060, "Ali")
    await user.send("/start")
    markup = keyboard(("Next", "next"))
    sent = await bot.send_message(1060, "<b>Step 1</b>", parse_mode="HTML", reply_markup=markup)
    await user.expect_message()

    with pytest.raises(TelegramBadRequest) as error:
        await bot.edit_message_text(
            "<b>Step 1</b>",
            chat_id=1060,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=markup,
        )
    await bot.edit_message_text("Step 2", chat_id=1060, message_id=sent.message_id)
    edited = await user.expect_edit()
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=1060, message_id=999)

    assert error.value.message == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    assert edited.message_id == sent.message_id and edited.text == "Step 2"
    assert edited.buttons == []  # an edit without reply_markup removes the keyboard, as on Telegram
    assert user.messages[0].text == "Step 2"


async def test_expect_reply_returns_whichever_comes_first(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    user = telegram.user(1061, "Ali", started=True)
    first = await bot.send_message(1061, "draft")
    await bot.edit_message_text("final", chat_id=1061, message_id=first.message_id)
    await bot.delete_message(1061, first.message_id)

    assert (await user.expect_reply()).text == "draft"
    assert (await user.expect_reply()).text == "final"
    assert await user.expect_deletion() == first.message_id
    assert user.messages == []
    with pytest.raises(AssertionError, match="Expected a message or an edit"):
        await user.expect_reply(timeout=0.05)


# -- commands and files --------------------------------------------------------------


async def test_set_my_commands_per_language_and_scope(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    telegram.user(1070, "Ali")
    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    await bot.set_my_commands(
        [
            BotCommand(command="start", description="شروع کریں"),
            BotCommand(command="help", description="مدد"),
        ],
        language_code="ur",
    )
    await bot.set_my_commands(
        [BotCommand(command="admin", description="Admin")], scope=BotCommandScopeChat(chat_id=1070)
    )

    assert telegram.commands() == [("start", "Start")]
    assert telegram.commands(language_code="ur") == [("start", "شروع کریں"), ("help", "مدد")]
    assert telegram.commands(scope={"type": "chat", "chat_id": 1070}) == [("admin", "Admin")]
    assert [c.command for c in await bot.get_my_commands(language_code="ur")] == ["start", "help"]
    for bad, reason in [
        ("Start", "Bad Request: BOT_COMMAND_INVALID"),
        ("x" * 33, "Bad Request: BOT_COMMAND_INVALID"),
    ]:
        with pytest.raises(TelegramBadRequest) as error:
            await bot.set_my_commands([BotCommand(command=bad, description="d")])
        assert error.value.message == reason
    with pytest.raises(TelegramBadRequest, match="BOT_COMMANDS_TOO_MUCH"):
        await bot.set_my_commands(
            [BotCommand(command=f"c{n}", description="d") for n in range(101)]
        )
    await bot.delete_my_commands(language_code="ur")
    assert telegram.commands(language_code="ur") == []


async def test_photo_upload_is_kept_and_downloadable(
    telegram: TelegramEmulator, bot: AiogramBot, ptb: PtbBot
) -> None:
    user = telegram.user(1080, "Ali")
    await user.send("/start")
    png = make_png(40, 20)

    sent = await bot.send_photo(
        1080, BufferedInputFile(png, "card.png"), caption="<b>Safety card</b>", parse_mode="HTML"
    )
    via_ptb = await ptb.send_photo(1080, photo=png, caption="again")
    msg = await user.expect_message()
    ptb_file = await ptb.get_file(via_ptb.photo[-1].file_id)
    downloaded = await ptb_file.download_as_bytearray()

    assert msg.photo == png and msg.caption == "Safety card" and msg.text is None
    assert sent.photo is not None and (sent.photo[-1].width, sent.photo[-1].height) == (40, 20)
    assert (await user.expect_message()).photo == png
    assert bytes(downloaded) == png
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(1080, BufferedInputFile(b"not an image", "x.png"))


async def test_bot_can_download_what_the_user_sent(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    user = telegram.user(1081, "Ali")
    await user.send_document(b"%PDF-1.4 contract", file_name="contract.pdf")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.document is not None

    file = await bot.get_file(update.message.document.file_id)
    assert file.file_path is not None
    data = await bot.download_file(file.file_path)

    assert data is not None and data.read() == b"%PDF-1.4 contract"


# -- transport faults ----------------------------------------------------------------


async def test_injected_server_errors_and_resets_reach_the_client(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    user = telegram.user(1090, "Ali", started=True)
    telegram.inject_faults(1, "500", methods=["sendMessage"])
    telegram.inject_faults(1, "reset", methods=["sendMessage"])
    telegram.inject_faults(1, "reset", methods=["sendMessage"], after=True)

    with pytest.raises(TelegramServerError):
        await bot.send_message(1090, "lost 1")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(1090, "lost 2")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(1090, "delivered, but the bot never heard")
    await bot.send_message(1090, "fine")

    assert [m.text for m in user.messages] == ["delivered, but the bot never heard", "fine"]


# -- quiescence and benchmarks helpers -----------------------------------------------


async def test_wait_idle_lets_tests_assert_silence(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    user = telegram.user(1100, "Ali")
    dp = Dispatcher()

    @dp.message()
    async def ignore_everything(message: Message) -> None:
        return None

    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    try:
        await telegram.wait_polling()
        await user.send("anyone?")
        await user.expect_no_reply(quiet=0.2)
        assert telegram.pending_updates <= 1
    finally:
        await dp.stop_polling()
        await polling


async def test_inject_many_and_wait_sent(telegram: TelegramEmulator, bot: AiogramBot) -> None:
    users = [telegram.user(2000 + n, f"U{n}") for n in range(50)]
    telegram.inject_many(u.message_update("/start") for u in users)

    updates = await bot.get_updates()
    for update in updates:
        assert update.message is not None
        await bot.send_message(update.message.chat.id, "hello")
    await telegram.wait_sent(50, timeout=2)

    assert len(updates) == 50
    assert telegram.stats.sends_accepted == 50
    assert all(len(u.messages) == 1 for u in users)


async def test_wrong_token_and_unknown_method_answer_like_telegram(
    telegram: TelegramEmulator,
) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{telegram.base_url}/bot1:WRONG/getMe") as r1:
            unauthorized = (r1.status, await r1.json())
        async with session.get(f"{telegram.base_url}/bot{telegram.token}/sendTelepathy") as r2:
            not_found = (r2.status, await r2.json())
        async with session.get(
            f"{telegram.base_url}/bot{telegram.token}/getme"  # names are case-insensitive
        ) as r3:
            me = await r3.json()

    assert unauthorized == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    assert not_found == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    assert me["ok"] and me["result"]["is_bot"] and me["result"]["username"] == "testbot"


async def test_raw_http_encodings_are_all_accepted(telegram: TelegramEmulator) -> None:
    user = telegram.user(1120, "Ali", started=True)
    url = f"{telegram.base_url}/bot{telegram.token}/sendMessage"
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    form = aiohttp.FormData()
    form.add_field("chat_id", "1120")
    form.add_field("text", "multipart")
    form.add_field("reply_markup", json.dumps(markup))

    async with aiohttp.ClientSession() as session:
        for request in (
            session.get(url, params={"chat_id": "1120", "text": "query string"}),
            session.post(url, json={"chat_id": 1120, "text": "json", "reply_markup": markup}),
            session.post(url, data={"chat_id": "1120", "text": "123"}),
            session.post(url, data=form),
        ):
            async with request as response:
                assert response.status == 200, await response.text()

    assert [m.text for m in user.messages] == ["query string", "json", "123", "multipart"]
    assert user.messages[1].buttons == user.messages[3].buttons == [["Go"]]


async def test_groups_respect_privacy_mode(telegram: TelegramEmulator, bot: AiogramBot) -> None:
    user = telegram.user(1130, "Ali")
    group = telegram.group(-100130, "Jobs")
    await group.send(user, "just chatting")
    await group.send(user, "/start@otherbot")
    await group.send(user, "/start@testbot")
    await group.send(user, "/help")
    posted = await bot.send_message(-100130, "Rules: ...")
    await group.send(user, "thanks", reply_to=posted.message_id)

    updates = await bot.get_updates()

    texts = [u.message.text for u in updates if u.message]
    assert texts == ["/start@testbot", "/help", "thanks"]
    assert updates[0].message is not None and updates[0].message.chat.type == "supergroup"
    assert (await group.expect_message()).text == "Rules: ..."
    assert (await bot.get_me()).can_read_all_group_messages is False


async def test_replies_and_housekeeping_methods_parse_in_both_libraries(
    telegram: TelegramEmulator, bot: AiogramBot, ptb: PtbBot
) -> None:
    user = telegram.user(1140, "Ali", username="ali")
    asked = await user.send("Is this job real?")

    reply = await bot.send_message(
        1140, "Let me check", reply_parameters=ReplyParameters(message_id=asked)
    )
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(1140, "x", reply_parameters=ReplyParameters(message_id=999))
    assert await bot.send_chat_action(1140, "typing")
    assert await ptb.send_chat_action(1140, "typing")
    chat = await bot.get_chat(1140)
    ptb_chat = await ptb.get_chat(1140)
    assert await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    menu = await ptb.get_chat_menu_button()
    assert await bot.set_my_description("Checks job offers", language_code="en")
    description = await ptb.get_my_description(language_code="en")
    assert await bot.delete_webhook(drop_pending_updates=False)
    webhook = await ptb.get_webhook_info()

    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "Is this job real?"
    assert chat.username == ptb_chat.username == "ali"
    assert menu.type == "commands"
    assert description.description == "Checks job offers"
    assert webhook.url == "" and webhook.pending_update_count == 1
    assert [c.method for c in telegram.errors] == ["sendMessage"]


# -- end to end with the libraries' own polling loops --------------------------------


async def test_aiogram_echo_bot_long_polls_end_to_end(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(f"<i>{message.text}</i>", parse_mode="HTML")

    user = telegram.user(1110, "Ali")
    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    try:
        await telegram.wait_polling()
        await user.send("hello")
        first = await user.expect_message(timeout=5)
        await user.send("again")
        second = await user.expect_message(timeout=5)
    finally:
        await dp.stop_polling()
        await polling

    assert (first.text, first.html) == ("hello", "<i>hello</i>")
    assert second.text == "again"
    assert telegram.calls_to("getUpdates")[-1].params.get("allowed_updates") == '["message"]'


async def test_ptb_application_long_polls_end_to_end(telegram: TelegramEmulator) -> None:
    async def echo(update: PtbUpdate, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "")

    app = (
        Application.builder()
        .token(telegram.token)
        .base_url(f"{telegram.base_url}/bot")
        .base_file_url(f"{telegram.base_url}/file/bot")
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    user = telegram.user(1111, "Sara")
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=10)
        try:
            await user.send("salam")
            reply = await user.expect_message(timeout=5)
        finally:
            await app.updater.stop()
            await app.stop()

    assert reply.text == "salam"


# -- voice notes -----------------------------------------------------------------------


async def test_send_voice_uploads_once_and_refuses_a_file_of_another_kind(
    telegram: TelegramEmulator, bot: AiogramBot
) -> None:
    from tests.audio.sound import opus

    telegram.user(1031, "Ali", started=True)
    sent = await bot.send_voice(1031, BufferedInputFile(opus(), filename="v.ogg"), duration=2)
    assert sent.voice is not None and sent.voice.duration == 2
    again = await bot.send_voice(1031, sent.voice.file_id)
    assert again.voice is not None and again.voice.file_id == sent.voice.file_id
    wav = await bot.send_voice(1031, BufferedInputFile(b"RIFF\0\0\0\0WAVEfmt ", filename="v.wav"))
    assert wav.voice is None and wav.document is not None, "not Opus, MP3 or M4A: a document"
    photo = await bot.send_photo(1031, BufferedInputFile(make_png(), filename="p.png"))
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_voice(1031, photo.photo[-1].file_id)
    assert error.value.message == "Bad Request: can't use file of type Photo as Voice"

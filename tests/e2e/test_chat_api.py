"""Each framework's ChatApi maps its library's errors into bot.errors the same way."""

from __future__ import annotations

import json
import warnings
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from telegram import Bot as PtbBotApi
from telegram.error import RetryAfter

from bot.adapters.aiogram_runtime import AiogramChatApi
from bot.adapters.delivery import deliver
from bot.adapters.ptb_runtime import PtbChatApi, retry_after_seconds
from bot.core.replies import Button, Outcome, Reply
from bot.errors import EditFailed, RecipientBlocked, RecipientGone, RetryLater, TransientFailure
from bot.ports import ChatApi
from tests.telegram_emulator import Limits, TelegramEmulator

BUTTONS = ((Button("Go", "menu"),),)


@pytest_asyncio.fixture
async def api(tg: TelegramEmulator, framework: str) -> AsyncIterator[ChatApi]:
    """The ChatApi of ``framework``, talking to the emulator."""
    if framework == "ptb":
        async with PtbBotApi(
            tg.token, base_url=f"{tg.base_url}/bot", base_file_url=f"{tg.base_url}/file/bot"
        ) as ptb:
            yield PtbChatApi(ptb)
        return
    bot = Bot(tg.token, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url)))
    try:
        yield AiogramChatApi(bot)
    finally:
        await bot.session.close()


async def test_sends_are_html_without_previews(tg: TelegramEmulator, api: ChatApi) -> None:
    user = tg.user(9101, started=True)
    message_id = await api.send(9101, "<b>Careful</b> https://example.com", BUTTONS)
    shown = await user.expect_message()
    assert shown.message_id == message_id and shown.html.startswith("<b>Careful</b>")
    params = tg.calls_to("sendMessage")[-1].params
    preview = params["link_preview_options"]
    assert params["parse_mode"] == "HTML"
    assert (json.loads(preview) if isinstance(preview, str) else preview)["is_disabled"]


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        ("blocked", RecipientBlocked),
        ("deactivated", RecipientBlocked),
        ("not_found", RecipientGone),
    ],
)
async def test_unreachable_chats(
    tg: TelegramEmulator, api: ChatApi, failure: str, error: type[Exception]
) -> None:
    tg.user(9102, started=True)
    tg.fail_chat(9102, failure)
    with pytest.raises(error):
        await api.send(9102, "hello", ())


async def test_edits_that_change_nothing_or_find_nothing(
    tg: TelegramEmulator, api: ChatApi
) -> None:
    tg.user(9103, started=True)
    message_id = await api.send(9103, "<b>Step 1</b>", BUTTONS)
    with pytest.raises(EditFailed) as same:
        await api.edit(9103, message_id, "<b>Step 1</b>", BUTTONS)
    with pytest.raises(EditFailed) as gone:
        await api.edit(9103, 999, "Step 2", ())
    assert same.value.unchanged and not gone.value.unchanged


@pytest.mark.parametrize("fault", ["500", "502", "reset"])
async def test_server_and_network_faults_are_transient(
    tg: TelegramEmulator, api: ChatApi, fault: str
) -> None:
    tg.user(9104, started=True)
    tg.inject_faults(1, fault, methods=["sendMessage"])
    with pytest.raises(TransientFailure):
        await api.send(9104, "hello", ())


async def test_a_429_carries_retry_after_and_delivery_waits_it_out(
    tg: TelegramEmulator, api: ChatApi
) -> None:
    user = tg.user(9105, started=True)
    tg.set_limits(Limits(per_chat_per_second=4, per_chat_burst=1))
    await api.send(9105, "one", ())
    await deliver(api, 9105, Outcome(replies=(Reply("two"), Reply("three")), state=None))
    assert [m.text for m in user.messages] == ["one", "two", "three"]
    assert tg.stats.rate_limited >= 1 and tg.stats.early_retries == 0
    with pytest.raises(RetryLater) as error:
        await api.send(9105, "four", ())
    assert error.value.retry_after > 0


async def test_retry_after_is_read_without_warnings_in_both_ptb_modes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    with warnings.catch_warnings():  # PTB 22 itself warns while building the error
        warnings.simplefilter("ignore")
        as_int = RetryAfter(3)
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    assert retry_after_seconds(as_int) == 3.0
    monkeypatch.delenv("PTB_TIMEDELTA")
    assert retry_after_seconds(as_int) == 3.0

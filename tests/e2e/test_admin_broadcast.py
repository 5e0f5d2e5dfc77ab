"""An agency warns subscribers from Telegram: /broadcast, preview, confirm, progress, report."""

from __future__ import annotations

from bot.content.model import Content
from bot.core.bidi import isolate
from bot.core.broadcast_text import alert_bodies, compose_texts
from tests.e2e.agency import (
    ADMIN,
    add_subscribers,
    agency_bot,  # noqa: F401
    store_of,
    wait_delivered,
)
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator

SUBSCRIBERS = {701: "en", 702: "ur", 703: "ur", 704: "ps", 705: "ur-Latn"}


async def admin_user(tg: TelegramEmulator):  # type: ignore[no-untyped-def]
    return tg.user(ADMIN, first_name="Agency", language_code="en")


async def test_admin_sends_a_prepared_alert_to_everyone_in_their_language(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
    content: Content,
) -> None:
    users = await add_subscribers(agency_bot, tg, SUBSCRIBERS)
    admin = await admin_user(tg)
    alert = content.alert("visit_visas")
    assert alert is not None

    await admin.send("/broadcast")
    pick = await admin.expect_message()
    assert "5 active" in pick.text
    await admin.press("Visit visas are not work visas")
    who = await admin.expect_edit()
    assert ["Everyone (5)"] in who.buttons
    await admin.press("Everyone (5)")
    await admin.expect_edit()  # the audience question becomes the preview's heading
    readers = set(SUBSCRIBERS.values())  # one preview per language the audience reads
    previews = [await admin.expect_message() for _ in readers]
    summary = await admin.expect_message()
    assert "Recipients: 5" in summary.text
    expected = {
        # As a reader sees it: numbers and links isolated in right-to-left languages.
        code: isolate(html) if content.language(code).direction == "rtl" else html
        for code, html in compose_texts(content, alert_bodies(content, alert)).items()
    }
    wanted = {expected[code] for code in readers}
    assert {p.html for p in previews} == wanted, "one exact preview per language"

    await admin.press("Send to 5 subscribers")
    queued = await admin.expect_edit()
    assert "Broadcast #1 is on its way to 5 subscribers" in queued.text
    await wait_delivered(tg, SUBSCRIBERS)
    for user in users:
        language = SUBSCRIBERS[user.id]
        [got] = user.messages
        assert got.html == expected[language], f"{language} reader got the previewed text"
    final = await admin.expect_message(timeout=15)  # the progress message
    report = await admin.expect_message(timeout=15)
    assert "Broadcast #1 is finished" in report.text and "Sent: 5 of 5" in report.text
    progress = next(m for m in admin.messages if m.message_id == final.message_id)
    assert progress.text == report.text, "the progress message ends as the final report"

    store, _keys = store_of(agency_bot)
    actions = [entry.action for entry in await store.read_audit()]
    assert {"/broadcast", "press", "broadcast_queued"} <= set(actions)


async def test_admin_writes_a_text_for_one_language_and_sees_it_escaped(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    await add_subscribers(agency_bot, tg, SUBSCRIBERS)
    admin = await admin_user(tg)
    await admin.send("/broadcast")
    await admin.expect_message()
    await admin.press("Write a new text")
    await admin.expect_edit()
    await admin.press("اردو")
    prompt = await admin.expect_edit()
    assert "in اردو" in prompt.text
    await admin.send("ہوشیار! <Company X> والے جعلی ویزے بیچ رہے ہیں & پیسے مانگ رہے ہیں")
    saved = await admin.expect_message()
    await admin.press("Continue", message=saved)
    await admin.expect_edit()
    await admin.press("Only one language")
    languages = await admin.expect_edit()
    assert ["اردو (2)"] in languages.buttons
    await admin.press("اردو (2)")
    await admin.expect_edit()
    [preview] = [await admin.expect_message()]
    assert preview.text.startswith("ہوشیار! <Company X> والے") and "&amp;" in (preview.html or "")
    summary = await admin.expect_message()
    assert "Recipients: 2" in summary.text
    await admin.press("Send to 2 subscribers")
    await admin.expect_edit()
    await wait_delivered(tg, [702, 703])
    assert tg.user(702).messages[0].html == preview.html
    await tg.wait_idle()
    assert tg.stats.delivered_to(701) == 0 and tg.stats.delivered_to(704) == 0


async def test_admin_warns_only_the_people_from_bangladesh(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    """Issue 13: the audience is a home country; a Pakistani in the same list gets nothing."""
    homes = {801: ("bn", "BD"), 802: ("ur", "PK"), 803: ("en", None)}
    await add_subscribers(agency_bot, tg, {chat: lang for chat, (lang, _) in homes.items()})
    store, keys = store_of(agency_bot)
    for chat, (_lang, home) in homes.items():
        await store.set_subscription_home_country(keys.chat_key(chat), home)
    admin = await admin_user(tg)
    await admin.send("/broadcast")
    await admin.expect_message()
    await admin.press("Visit visas are not work visas")
    who = await admin.expect_edit()
    assert ["Only people from one country"] in who.buttons
    await admin.press("Only people from one country")
    countries = await admin.expect_edit()
    assert ["Bangladesh (1)"] in countries.buttons and ["Pakistan (1)"] in countries.buttons
    assert ["Nepal (0)"] in countries.buttons
    await admin.press("Bangladesh (1)")
    await admin.expect_edit()
    preview = await admin.expect_message()  # only Bengali: nobody else is from Bangladesh
    summary = await admin.expect_message()
    assert "Recipients: 1" in summary.text
    assert "Audience: subscribers from Bangladesh" in summary.text
    await admin.press("Send to 1 subscribers")
    queued = await admin.expect_edit()
    assert "Broadcast #1 is on its way to 1 subscribers" in queued.text
    await wait_delivered(tg, [801])
    assert tg.user(801).messages[-1].html == preview.html, "the previewed Bengali text"
    await tg.wait_idle()
    assert tg.stats.delivered_to(802) == 0, "the subscriber from Pakistan gets nothing"
    assert tg.stats.delivered_to(803) == 0, "nor one who never said where they are from"
    [queued_entry] = [e for e in await store.read_audit() if e.action == "broadcast_queued"]
    assert queued_entry.detail["audience"] == {"home_country": "BD"}


async def test_a_scheduled_broadcast_can_be_cancelled_before_anyone_gets_it(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    await add_subscribers(agency_bot, tg, SUBSCRIBERS)
    admin = await admin_user(tg)
    await admin.send("/broadcast")
    await admin.expect_message()
    await admin.press("Never pay an agent in cash")
    await admin.expect_edit()
    await admin.press("Everyone (5)")
    await admin.expect_edit()
    for _ in range(4):
        await admin.expect_message()
    summary = await admin.expect_message()
    assert "Start: now" in summary.text
    await admin.press("Change start")
    later = await admin.expect_edit()
    assert "Pakistan time" in later.text
    await admin.press("Quiet at night on or off")
    quiet = await admin.expect_edit()
    assert "where the subscriber is): on" in quiet.text
    await admin.press("Send to 5 subscribers")
    queued = await admin.expect_edit()
    assert "will start at" in queued.text
    scheduled = await admin.expect_message(timeout=10)
    assert "starts at" in scheduled.text

    await admin.send("/broadcast_cancel")
    listing = await admin.expect_message()
    assert "#1: 0 of 5 done" in listing.text
    await admin.press("Stop #1")
    stopped = await admin.expect_edit()
    assert "0 messages were sent, 5 will not be sent" in stopped.text
    report = await admin.expect_message(timeout=15)
    assert "was stopped" in report.text
    await tg.wait_idle()
    assert all(tg.stats.delivered_to(chat) == 0 for chat in SUBSCRIBERS)


async def test_nobody_else_can_use_the_admin_commands(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    await add_subscribers(agency_bot, tg, SUBSCRIBERS)
    stranger = tg.user(4242, language_code="en")
    for command in ("/broadcast", "/broadcast_cancel 1", "/stats"):
        await stranger.send(command)
        answer = await stranger.expect_message()
        assert answer.text.startswith("I don't know that command"), command
        assert answer.photo is None
    await stranger.send("/nonsense")
    unknown = await stranger.expect_message()
    assert unknown.text == answer.text, "exactly like an unknown command"
    press = await stranger.press(data="adm:send", message=unknown)
    await stranger.expect_callback_answer(press)
    await stranger.expect_message()
    store, _keys = store_of(agency_bot)
    assert await store.broadcasts(["queued", "sending", "done"]) == []
    assert await store.read_audit() == [], "nothing a non-admin does is an admin action"


async def test_admin_commands_are_only_in_the_admins_own_menu(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    public = dict(tg.commands())
    assert {"subscribe", "unsubscribe"} <= set(public)
    assert not {"broadcast", "broadcast_cancel", "stats"} & set(public)
    mine = dict(tg.commands(scope={"type": "chat", "chat_id": ADMIN}))
    assert {"broadcast", "broadcast_cancel", "stats", "check"} <= set(mine)


async def test_stats_is_a_picture_with_the_key_numbers(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
) -> None:
    await add_subscribers(agency_bot, tg, {800 + i: "ur" for i in range(6)})
    admin = await admin_user(tg)
    await admin.send("/stats")
    picture = await admin.expect_message(timeout=20)
    assert picture.photo is not None and picture.photo.startswith(b"\x89PNG\r\n\x1a\n")
    assert "Subscribers now: 6" in (picture.caption or "")
    assert "Questions: fewer than 5" in (picture.caption or "")

"""On Telegram (both frameworks), an Urdu verdict keeps its dates, numbers and links in order."""

from __future__ import annotations

from bot.content.model import Content
from bot.core.bidi import LRI, PDI
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator
from tests.telegram_emulator.messages import detect_entities
from tests.telegram_emulator.telegram_html import utf16_len

AD = (
    "URGENT call centre job in Bangkok, salary $1500 per month, visit visa, free ticket, "
    "contact on WhatsApp only"
)


async def test_an_urdu_verdict_and_its_sources_keep_numbers_dates_and_links_in_order(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    ur = content.language("ur")
    user = tg.user(9701, language_code="ur")
    await user.send("/language")
    await user.expect_message()
    await user.press(ur.name)
    await user.expect_edit()
    await user.send(AD)
    verdict = await user.expect_message()
    text = verdict.content
    hotline = content.facts["fia_tip_hotline"].value
    assert f"{LRI}{hotline}{PDI}" in text, "a phone number is one left-to-right unit"
    oep_list = content.facts["beoe_oep_list"].value
    assert f"{LRI}{oep_list}{PDI}" in text
    (link,) = [e for e in detect_entities(text) if e["type"] == "url"]
    start = utf16_len(text[: text.index(oep_list)])
    assert (link["offset"], link["length"]) == (start, utf16_len(oep_list)), (
        "the link Telegram detects is the URL alone, without the isolates"
    )
    assert content.facts["fia_tip_hotline"].source not in text, "sources wait behind a button"

    await user.press(ur.translate("Sources"))
    sources = await user.expect_message()
    assert ur.translate("Where these facts come from") in sources.content
    pk = content.for_country("PK")  # an Urdu reader's guessed home country
    for fid in pk.help_places["home"]:
        date = pk.facts[fid].checked.isoformat()
        assert f"{LRI}{date}{PDI}" in sources.content, f"{fid}: its date reads year-month-day"
    assert sources.content.count(LRI) + sources.content.count("\u2068") == sources.content.count(
        PDI
    ), "every isolate is closed"


async def test_an_english_verdict_gets_no_isolates(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = tg.user(9702, language_code="en")
    await user.send(AD)
    verdict = await user.expect_message()
    assert not any(c in verdict.content for c in "\u2066\u2067\u2068\u2069")

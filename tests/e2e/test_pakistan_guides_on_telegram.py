"""A Pashto reader from Pakistan on Telegram finds the guide pages and comes back to the menu.

From the home-country page to *My passport was taken abroad*, with its sources; from *I need
help now* to the page for families getting ransom calls; from the FAQ answer about returning
to the returnee page; each ends with the way back to the menu.
"""

from __future__ import annotations

from bot.content.model import Content
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator


async def test_a_pashto_reader_opens_the_guides_from_the_country_page_help_and_faq(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    view = content.for_country("PK")
    lang = view.language("ps")
    t = lang.translate
    user = tg.user(5101, language_code="ps")
    await user.send("/start")
    await user.expect_message()
    await user.press(lang.name)
    await user.expect_edit()
    await user.press(t("Yes, {country}", country=view.countries["PK"].name("ps")))
    page = await user.expect_edit()
    titles = {g.id: lang.text("guides", g.id, "title") for g in view.guides}
    assert len(titles) == 5 and all([title] in page.buttons for title in titles.values())

    await user.press(titles["passport_taken"])
    guide = await user.expect_edit()
    assert guide.text.startswith(titles["passport_taken"])
    assert "051-9207887" in guide.text and "1155" in guide.text, "the facts, filled in"
    assert "malaymail.com (2025-02-13)" in guide.text, "each claim with its source"
    assert "2026-12-02" in guide.text, "and the date the source was read"

    await user.press(t("I need help now"))
    places = await user.expect_edit()
    assert [lang.text("help", "places", "thailand")] in places.buttons
    await user.press(titles["family_ransom"])
    ransom = await user.expect_edit()
    assert "111-247-786" in ransom.text and "FIR" in ransom.text

    await user.press(t("Main menu"))
    menu = await user.expect_edit()
    await user.press(t("Ask a question"), message=menu)
    await user.expect_edit()
    await user.press(lang.text("faq", "returnees", "title"))
    answer = await user.expect_edit()
    assert [titles["returnee"]] in answer.buttons
    await user.press(titles["returnee"])
    returnee = await user.expect_edit()
    assert "ECL" in returnee.text and [t("Main menu")] in returnee.buttons

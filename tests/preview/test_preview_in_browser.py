"""The preview page in a real headless Chromium: a volunteer's clicks, what they see."""

from __future__ import annotations

from pathlib import Path

from bot.adapters.console import render_plain
from bot.adapters.preview import RunningPreview
from bot.content.model import Content
from tests.preview.browser import Page
from tests.preview.conftest import ARTIFACTS

# Answers of someone recruited on WhatsApp for a call-centre job in Thailand on a visit visa.
DANGER = {
    "recruiter": "not_licensed",
    "channel": "chat_app",
    "destination": "thailand",
    "route": "not_told",
    "job": "call_centre_typing",
    "visa": "visit_visa",
    "payment": "cash_no_receipt",
    "passport": "asked_for_it",
}
# The questions that path asks, and the total shown with each: no licence makes the
# sub-agent question moot, Thailand the Bangkok transit, a visit visa the airport story.
DANGER_PATH = [
    ("recruiter", 20),
    ("channel", 19),
    ("destination", 19),
    ("city", 18),
    ("route", 18),
    ("job", 18),
    ("hiring_test", 18),
    ("employer", 18),
    ("salary", 18),
    ("visa", 18),
    ("protector", 17),
    ("payment", 17),
    ("free_travel", 17),
    ("contract", 17),
    ("exit_penalty", 17),
    ("passport", 17),
    ("pressure", 17),
]
LAST_BOT = "#messages .message.bot:last-of-type"


def shown(content: Content, code: str, *path: str) -> str:
    """A text as a reader sees it on screen: tags gone, entities decoded."""
    return render_plain(content.language(code).text(*path))


async def direction_of(page: Page, selector: str) -> str:
    return await page.evaluate(
        f"getComputedStyle(document.querySelector({selector!r} + ' .text')).direction"
    )


async def test_walk_the_checklist_in_urdu_to_a_verdict(
    page: Page, preview: RunningPreview, content: Content
) -> None:
    await page.goto(preview.url)
    await page.wait_for_text(render_plain(content.language("en").text("pages", "welcome")))
    await page.click("اردو")
    await page.wait_for_text(shown(content, "ur", "pages", "menu"), LAST_BOT)
    pk = content.for_country("PK")  # Urdu: Pakistan is the guessed home country
    urdu = pk.language("ur")
    await page.click(urdu.translate("Check a job offer"))

    for number, (question_id, total) in enumerate(DANGER_PATH, 1):
        question = content.checklist.question(question_id)
        assert question is not None
        await page.wait_for_text(shown(pk, "ur", "checklist", question.id, "question"), LAST_BOT)
        progress = urdu.translate("Question {current} of {total}", current=number, total=total)
        await page.wait_for_text(progress, LAST_BOT)
        assert await direction_of(page, LAST_BOT) == "rtl"
        answer = DANGER.get(question.id, question.answers[0].id)
        await page.click(shown(pk, "ur", "checklist", question.id, "answers", answer), LAST_BOT)

    await page.wait_for_text(shown(pk, "ur", "levels", "danger", "title"), LAST_BOT)
    await page.wait_for_text(shown(pk, "ur", "rules", "visit_visa_scam_route"), LAST_BOT)
    await page.wait_for_text(pk.facts["fia_tip_hotline"].value, LAST_BOT)
    await page.wait_for_text(urdu.translate("Check another offer"), LAST_BOT)
    assert await direction_of(page, LAST_BOT) == "rtl"
    await page.scroll_into_view(LAST_BOT)
    await page.screenshot(ARTIFACTS / "preview-urdu-verdict.png")


async def test_typed_text_and_commands_reach_the_bot(
    page: Page, preview: RunningPreview, content: Content
) -> None:
    await page.goto(preview.url)
    await page.click("English")
    await page.wait_for_text(shown(content, "en", "pages", "menu"), LAST_BOT)
    bot_messages = "document.querySelectorAll('#messages .message.bot').length"
    before = await page.evaluate(bot_messages)
    await page.type_text("#text", "is this job real?")
    await page.click("Send")
    await page.wait_for_text("is this job real?", "#messages .message.user")
    await page.wait_for(f"{bot_messages} > {before}", "the bot's answer to typed text")
    await page.idle()
    await page.click("/privacy")
    await page.wait_for_text(shown(content, "en", "pages", "privacy"), LAST_BOT)
    assert await direction_of(page, LAST_BOT) == "ltr"


async def test_a_saved_file_shows_up_and_a_broken_one_is_refused(
    page: Page, preview: RunningPreview, content_copy: tuple[Path, Path]
) -> None:
    content_dir, _ = content_copy
    english = content_dir / "texts" / "en.yaml"
    await page.goto(preview.url)
    await page.click("English")
    await page.idle()

    original = english.read_text(encoding="utf-8")
    edited = original.replace(
        "What do you want to do? Choose a button below.", "What now? Pick one of these."
    )
    english.write_text(edited, encoding="utf-8")
    # A reload checks every content file: allow CI's busy cores their time.
    await page.wait_for_text("Content reloaded", "#banner", seconds=30)
    await page.click("/start")
    await page.wait_for_text("What now? Pick one of these.", LAST_BOT)

    english.write_text(
        edited.replace("language: en\n", "language: en\nbroken: [\n", 1), encoding="utf-8"
    )
    await page.wait_for_text("was refused", "#banner")
    await page.wait_for_text("content/texts/en.yaml:", "#banner")
    await page.wait_for_text("YAML syntax", "#banner")
    await page.wait_for_text("errors", "#summary")
    await page.click("/start")
    await page.idle()
    await page.wait_for_text("What now? Pick one of these.", LAST_BOT)
    await page.screenshot(ARTIFACTS / "preview-refused-change.png")


async def test_checker_panel_and_side_by_side_review(
    page: Page, preview: RunningPreview, content: Content
) -> None:
    await page.goto(preview.url)
    await page.wait_for_text("No errors", "#summary")
    for code, language in content.languages.items():
        await page.wait_for_text(f"{code} ", "#coverage")
        await page.wait_for_text(language.name, "#coverage")

    await page.goto(preview.url + "review")
    first = content.checklist.questions[0]
    for code in content.languages:
        await page.wait_for_text(shown(content, code, "checklist", first.id, "question"), "td")
    await page.wait_for_text(shown(content, "ps", "levels", "danger", "title"), "td")
    await page.wait_for_text(shown(content, "ur", "faq", "fees", "title"), "td")
    rtl_cells = await page.evaluate(
        "[...document.querySelectorAll('td[lang=ur]')].every(td => getComputedStyle(td).direction === 'rtl')"
    )
    assert rtl_cells
    await page.screenshot(ARTIFACTS / "preview-review.png")

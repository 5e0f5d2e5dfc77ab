"""A job seeker on Telegram: first contact, the whole checklist, a restart in the middle."""

from __future__ import annotations

import pytest

from bot.content.model import Content, Question
from bot.core.home_country import guess_country
from bot.core.screens import source_line
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import EmulatedUser, SentMessage, TelegramEmulator

CASE = {  # a visit visa to Bangkok for a call-centre job found on WhatsApp, fee paid in cash
    "channel": "chat_app",
    "destination": "thailand",
    "job": "call_centre_typing",
    "visa": "visit_visa",
    "payment": "cash_no_receipt",
}


def seen_by(content: Content, lang: str) -> Content:
    """The content as a writer of ``lang`` sees it: the view of the home country it suggests."""
    if content.home_country is not None:
        return content
    return content.for_country(guess_country(content, lang))


def label(content: Content, lang: str, question: str, answer: str) -> str:
    return seen_by(content, lang).language(lang).text("checklist", question, "answers", answer)


def on_screen(content: Content, lang: str, html: str) -> Question | None:
    """The checklist question the message shows, or None (the verdict).

    ``content`` is the view of the user's home country (``content.for_country(code)``).
    """
    language = seen_by(content, lang).language(lang)
    return next(
        (
            q
            for q in content.checklist.questions
            if language.text("checklist", q.id, "question") in html
        ),
        None,
    )


async def answer_shown(
    user: EmulatedUser, content: Content, lang: str, first: SentMessage, case: dict[str, str]
) -> tuple[SentMessage, list[str]]:
    """Answer each question as it appears (moot ones never do) until the verdict shows."""
    shown, asked = first, []
    while (question := on_screen(content, lang, shown.html)) is not None:
        asked.append(question.id)
        await user.press(
            label(content, lang, question.id, case.get(question.id, question.answers[0].id))
        )
        shown = await user.expect_edit()
    return shown, asked


async def test_new_english_user_walks_the_checklist_to_a_danger_verdict(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(5001, first_name="Bilal", language_code="en")
    await user.send("/start")
    welcome = await user.expect_message()
    assert ["English"] in welcome.buttons and ["اردو"] in welcome.buttons
    await user.press("English")
    menu = await user.expect_edit()
    assert ["Check a job offer"] in menu.buttons
    assert menu.buttons[0] == ["Choose your home country"], "English says nothing of it: ask"
    await user.press("Choose your home country")
    picker = await user.expect_edit()
    assert ["Pakistan"] in picker.buttons and ["Other country"] in picker.buttons
    await user.press("Pakistan")
    page = await user.expect_edit()
    assert "Protector of Emigrants" in page.text
    await user.press("Check a job offer")
    await user.expect_edit()  # the country page becomes the checklist's introduction
    question = await user.expect_message()
    assert "Question 1 of 20" in question.text
    content = content.for_country("PK")
    shown, asked = await answer_shown(user, content, "en", question, CASE)
    assert "airport_story" not in asked and "transit" not in asked
    en = content.language("en")
    assert shown.text.startswith("🔴")
    assert en.text("rules", "visit_visa_scam_route") in shown.html
    for flag in ("visit_visa", "risky_destination", "chat_app_recruitment", "upfront_fee"):
        assert en.text("flags", flag, "found") in shown.html
    assert "111-247-786" in shown.text
    assert ["Check another offer"] in shown.buttons


async def test_urdu_user_gets_urdu_from_start_to_verdict(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(5002, first_name="Ayesha", language_code="ur")
    await user.send("/start")
    await user.expect_message()
    await user.press("اردو")
    menu = await user.expect_edit()
    assert menu.buttons[0][0] == "ہاں، پاکستان", "Urdu: Pakistan is the guess, to be confirmed"
    content = content.for_country("PK")
    await user.press("نوکری کی پیشکش جانچیں")
    await user.expect_edit()
    question = await user.expect_message()
    assert "سوال 1 از 20" in question.text
    shown, _ = await answer_shown(user, content, "ur", question, CASE)
    ur = content.language("ur")
    assert ur.text("levels", "danger", "title") in shown.html
    assert "اب کیا کریں" in shown.text
    assert ["ایک اور پیشکش جانچیں"] in shown.buttons


async def test_checklist_progress_survives_a_restart_of_the_bot(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(5003, language_code="en")
    await user.send("/check")
    await user.expect_message()
    shown = await user.expect_message()
    for _ in range(5):
        q = on_screen(content, "en", shown.html)
        assert q is not None
        await user.press(label(content, "en", q.id, q.answers[0].id))
        shown = await user.expect_edit()
    await running_bot.restart()
    await user.send("/check")
    prompt = await user.expect_message()
    assert "5 of 19 answered" in prompt.text, "a job in Thailand skips the Bangkok transit"
    await user.press("Continue where I was")
    shown = await user.expect_edit()
    assert "Question 6 of 19" in shown.text


FIA_PATTERN = {  # FIA's warning: a call-centre job in Thailand on a work visa, found on
    # Facebook, everything free, a very high salary
    "channel": "social_media",
    "destination": "thailand",
    "job": "call_centre_typing",
    "visa": "work_visa",
    "free_travel": "all_free",
    "salary": "too_good",
}


async def test_call_centre_job_in_thailand_on_work_visa_found_on_facebook_is_danger_on_telegram(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(5005, language_code="ur")
    await user.send("/check")
    await user.expect_message()
    question = await user.expect_message()
    shown, asked = await answer_shown(user, content, "ur", question, FIA_PATTERN)
    assert "transit" not in asked, "the Bangkok-transit question is moot for a job in Thailand"
    assert {"city", "hiring_test", "airport_story"} <= set(asked)
    assert len(asked) == 19
    ur = seen_by(content, "ur").language("ur")  # an Urdu writer is taken to be Pakistani
    assert shown.text.startswith("🔴")
    assert ur.text("rules", "bait_job_in_hub_plus_sign") in shown.html
    assert ur.text("notes", "work_visa_not_proof") in shown.html


async def test_not_sure_to_everything_is_caution_on_telegram(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    unsure = {q.id: "not_sure" for q in content.checklist.questions if q.answer("not_sure")}
    unsure |= {  # the "don't know" answers of questions without a "Not sure" button
        "channel": "friend_or_relative",
        "destination": "elsewhere",
        "route": "not_told",
        "job": "other_job",
        "employer": "name_only",
        "contract": "written_not_registered",
    }
    user = tg.user(5006, language_code="en")
    await user.send("/check")
    await user.expect_message()
    question = await user.expect_message()
    shown, _ = await answer_shown(user, content, "en", question, unsure)
    assert shown.text.startswith("🟡")
    assert content.language("en").text("levels", "caution", "doubts") in shown.html


async def test_commands_are_registered_per_language(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    default = dict(tg.commands())
    urdu = dict(tg.commands(language_code="ur"))
    assert set(default) == {
        "start",
        "check",
        "language",
        "country",
        "subscribe",
        "unsubscribe",
        "help",
        "privacy",
        "forget_me",
    }
    assert urdu["country"] == "اپنا ملک چنیں"
    assert default["check"] == "Check a job offer"
    assert urdu["check"] == "نوکری کی پیشکش جانچیں"
    assert "broadcast" not in default


async def test_forget_me_deletes_the_state_after_confirmation(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = tg.user(5004, language_code="en")
    await user.send("/start")
    await user.expect_message()
    await user.press("English")
    await user.expect_edit()
    await user.send("/forget_me")
    await user.expect_message()
    await user.press("Yes, delete everything")
    await user.expect_edit()
    await user.send("/start")
    again = await user.expect_message()
    assert ["English"] in again.buttons, "after /forget_me the bot greets a new user again"


BD_CASE = {"destination": "thailand", "visa": "visit_visa", "job": "call_centre_typing"}


async def test_a_bangladeshi_user_gets_bangladeshs_contacts_and_can_change_country(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(5010, first_name="Rahim", language_code="en")
    await user.send("/start")
    await user.expect_message()
    await user.press("English")
    await user.expect_edit()
    await user.press("Choose your home country")
    picker = await user.expect_edit()
    assert ["Bangladesh"] in picker.buttons
    await user.press("Bangladesh")
    page = await user.expect_edit()
    assert "BMET" in page.text and "RL" in page.text and "16135" in page.text
    await user.press("Check a job offer")
    await user.expect_edit()
    question = await user.expect_message()
    bd = content.for_country("BD")
    assert bd.language("en").text("checklist", "recruiter", "question") in question.html
    shown, _ = await answer_shown(user, bd, "en", question, BD_CASE)
    assert shown.text.startswith("🔴")
    steps = shown.text[shown.text.index("What to do now") :]
    assert "Probash Bandhu call centre on 16135" in steps
    assert "Who can help" in steps and "+880 9610102030" in steps
    assert "111-247-786" not in shown.text and "Protector" not in shown.text
    await user.press("Sources", message=shown)
    sources = await user.expect_message()
    assert "16135" in sources.text
    assert "source read on 2026-12-02" in sources.text, "unconfirmed facts say when it was read"

    await user.send("/country")
    again = await user.expect_message()
    await user.press("Pakistan", message=again)
    page = await user.expect_edit()
    assert "Protector of Emigrants" in page.text
    await user.send("/check")  # the last run is finished: a new one starts
    await user.expect_message()
    question = await user.expect_message()
    pk = content.for_country("PK")
    assert pk.language("en").text("checklist", "recruiter", "question") in question.html


# Issue 13: a job seeker from each new pack's country, in one of its languages, goes from
# /start to a verdict whose next steps and contacts are that country's, with sources.
# (country, language, what the country page names, the contact the verdict lists, user id)
NEW_PACKS = [
    ("IN", "hi", "emigrate.gov.in", "www.madad.gov.in", 5020),
    ("ID", "id", "SIP3MI", "0800-1000", 5021),
    ("PH", "fil", "dmw.gov.ph/licensed-recruitment-agencies", "(02) 8721-0619", 5022),
    ("LK", "si", "SLBFE", "1989", 5023),
    ("LK", "ta", "SLBFE", "1989", 5024),  # Tamil guesses no country: the reader picks it
]


@pytest.mark.parametrize(("country", "language", "authority", "contact", "user_id"), NEW_PACKS)
async def test_a_job_seeker_from_a_new_pack_country_gets_its_contacts_and_sources(
    running_bot: RunningBot,
    tg: TelegramEmulator,
    content: Content,
    country: str,
    language: str,
    authority: str,
    contact: str,
    user_id: int,
) -> None:
    view = content.for_country(country)
    lang = view.language(language)
    t = lang.translate
    user = tg.user(user_id, language_code=language)
    await user.send("/start")
    await user.expect_message()
    await user.press(lang.name)
    menu = await user.expect_edit()
    name = view.countries[country].name(language, "en")
    if guess_country(content, language) == country:
        assert menu.buttons[0][0] == t("Yes, {country}", country=name), "guessed: confirm it"
        await user.press(t("Yes, {country}", country=name))
    else:
        await user.press(t("Choose your home country"))
        picker = await user.expect_edit()
        assert [name] in picker.buttons
        await user.press(name)
    page = await user.expect_edit()
    assert authority in page.text
    await user.press(t("Check a job offer"))
    await user.expect_edit()
    question = await user.expect_message()
    assert lang.text("checklist", "recruiter", "question") in question.html
    shown, _ = await answer_shown(user, view, language, question, BD_CASE)
    assert shown.text.startswith("🔴")
    for step in lang.text("next_steps", "danger"):
        assert step in shown.html, "the next steps are the country's, in its language"
    assert contact in shown.text, "Who can help lists the country's own contact"
    assert "111-247-786" not in shown.text and "16135" not in shown.text
    await user.press(t("Sources"), message=shown)
    sources = await user.expect_message()
    for fid in view.help_places["home"]:
        fact = view.facts[fid]
        assert not fact.person_confirmed
        assert fact.value in sources.text
        assert source_line(lang, fact) in sources.html, "source read on <date>, not 'checked'"
    assert "2026-12-02" in sources.text

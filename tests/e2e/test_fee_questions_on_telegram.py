"""A question that tells of a fee demand gets the fees answer and a warning, on Telegram.

"agent is asking 300000 PKR for the visa" used to get "Fewer warning signs" as an ad and "not
sure I understood" as a question; "agent 5 lakh mang raha hai" was read as a high salary.
Typed as a question in any of the four languages it now gets the FAQ answer on fees (with the
legal cap from content/facts.yaml) and, in a second message, the verdict line and the fee
flag quoted with the words that raised it. Runs on aiogram and on python-telegram-bot.
"""

from __future__ import annotations

import pytest

from bot.content.model import Content
from bot.core.home_country import guess_country
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator

FEE_QUESTIONS = [
    ("en", "agent is asking 300000 PKR for the visa", "300000 PKR"),
    ("ur-Latn", "agent 5 lakh mang raha hai", "5 lakh"),
    ("ur", "ایجنٹ ویزے کے لیے 3 لاکھ روپے مانگ رہا ہے", "3 لاکھ روپے"),
    ("ps", "ایجنټ د ویزې لپاره ۳ لکه روپۍ غواړي", "۳ لکه روپۍ"),
]


@pytest.mark.parametrize(("language", "question", "amount"), FEE_QUESTIONS)
async def test_a_fee_demand_typed_as_a_question_gets_the_answer_and_the_warning(
    running_bot: RunningBot,
    tg: TelegramEmulator,
    content: Content,
    language: str,
    question: str,
    amount: str,
) -> None:
    user = tg.user(8600 + [q for _, q, _ in FEE_QUESTIONS].index(question), language_code=None)
    await user.send(question)
    answer = await user.expect_message()
    lang = content.language(language)
    assert lang.text("faq", "fees", "title") in answer.html
    assert content.facts["oep_service_charge_cap"].value in answer.text  # Rs15,000
    warning = await user.expect_message()
    assert lang.translate("Warning signs in what you wrote") in warning.text
    assert lang.text("flags", "upfront_fee", "found") in warning.html
    assert amount in warning.text, "the flag is quoted with the user's own words"
    level = lang.text("levels", "low", "title")
    assert level not in warning.text, "a fee demand is never 'fewer warning signs'"
    assert [lang.translate("Run the full checklist")] in warning.buttons


async def test_a_question_that_only_names_fees_gets_no_warning(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(8650, language_code="en")
    await user.send("how much fee can a licensed agent legally take?")
    answer = await user.expect_message()
    assert content.language("en").translate("Warning signs in what you wrote") not in answer.text
    await user.expect_no_reply()


# Typed in Bengali, Sinhala and Tamil by a user whose Telegram is set to that language:
# the fees answer and the fee warning come in the same language.
HINTED_FEE_QUESTIONS = [
    ("bn", "এজেন্ট ৩ লাখ টাকা চাইছে ভিসার জন্য", "৩ লাখ টাকা"),
    ("si", "agent visa එකට රුපියල් ලක්ෂ 5ක් ඉල්ලනවා", "ඉල්ලනවා"),
    ("ta", "agent visa-க்கு 5 லட்சம் ரூபாய் கேட்கிறார்", "5 லட்சம் ரூபாய்"),
]


@pytest.mark.parametrize(("language", "question", "quoted"), HINTED_FEE_QUESTIONS)
async def test_a_fee_demand_in_bengali_sinhala_or_tamil_gets_the_answer_and_the_warning(
    running_bot: RunningBot,
    tg: TelegramEmulator,
    content: Content,
    language: str,
    question: str,
    quoted: str,
) -> None:
    index = [q for _, q, _ in HINTED_FEE_QUESTIONS].index(question)
    user = tg.user(8660 + index, language_code=language)
    await user.send(question)
    answer = await user.expect_message()
    # The home country guessed from the language (bn: Bangladesh, si: Sri Lanka; Tamil
    # guesses none) brings its pack's texts.
    home = guess_country(content, language)
    lang = content.for_country(home).language(language)
    assert lang.text("faq", "fees", "title") in answer.html
    warning = await user.expect_message()
    assert lang.translate("Warning signs in what you wrote") in warning.text
    assert lang.text("flags", "upfront_fee", "found") in warning.html
    assert quoted in warning.text, "the flag is quoted with the user's own words"
    assert lang.text("levels", "low", "title") not in warning.text

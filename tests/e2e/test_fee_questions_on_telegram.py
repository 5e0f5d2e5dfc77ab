"""A question that tells of a fee demand gets the fees answer and a warning, on Telegram.

"agent is asking 300000 PKR for the visa" used to get "Fewer warning signs" as an ad and "not
sure I understood" as a question; "agent 5 lakh mang raha hai" was read as a high salary.
Typed as a question in any of the four languages it now gets the FAQ answer on fees and, in a
second message, the verdict line and the fee flag quoted with the words that raised it. The
answer is the home country's (issue 13): Pakistan's legal cap for a user written in Urdu or
Pashto, Bangladesh's and India's own office and cap for a Bengali or Hindi user, and no
Pakistani cap for a user whose home country is not known yet. Runs on aiogram and on
python-telegram-bot.
"""

from __future__ import annotations

import pytest

from bot.content.model import Content
from bot.core.bidi import isolate
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
    # The home country is guessed from the language written (none from English), and its
    # pack's texts answer: the fees answer and the fee flag.
    lang = content.for_country(guess_country(content, language)).language(language)
    assert lang.text("faq", "fees", "title") in answer.html
    pakistani_cap = content.facts["oep_service_charge_cap"].value  # Rs15,000
    if language == "en":  # no home country guessed from English: the answer for no country
        assert pakistani_cap not in answer.text and "BE&OE" not in answer.text
    else:  # Urdu, Roman Urdu and Pashto: Pakistan's pack
        assert guess_country(content, language) == "PK"
        assert pakistani_cap in answer.text
    warning = await user.expect_message()
    assert lang.translate("Warning signs in what you wrote") in warning.text
    flag = lang.text("flags", "upfront_fee", "found")  # Pakistan's names the Rs15,000 cap
    assert (isolate(flag) if lang.direction == "rtl" else flag) in warning.html
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


# Issue 13: a Bangladeshi or Indian user asking about fees reads their own country's office and
# fee rule from its pack, never Pakistan's Rs15,000 cap or BE&OE.
PACK_FEE_QUESTIONS = [
    ("bn", "এজেন্ট ৩ লাখ টাকা চাইছে ভিসার জন্য", "BD", "probash_bandhu_call_centre", "BMET"),
    ("hi", "एजेंट वीज़ा के लिए 2 लाख रुपये मांग रहा है", "IN", "ra_service_charge_cap", "GST"),
]


@pytest.mark.parametrize(("language", "question", "country", "fact", "word"), PACK_FEE_QUESTIONS)
async def test_a_fee_question_gets_the_home_countrys_fee_rule_not_pakistans(
    running_bot: RunningBot,
    tg: TelegramEmulator,
    content: Content,
    language: str,
    question: str,
    country: str,
    fact: str,
    word: str,
) -> None:
    index = [q for _, q, *_ in PACK_FEE_QUESTIONS].index(question)
    user = tg.user(8670 + index, language_code=language)
    await user.send(question)
    answer = await user.expect_message()
    view = content.for_country(country)
    lang = view.language(language)
    assert guess_country(content, language) == country
    assert lang.text("faq", "fees", "title") in answer.html
    assert lang.text("faq", "fees", "answer") in answer.html
    assert view.facts[fact].value in answer.text and word in answer.text
    assert content.facts["oep_service_charge_cap"].value not in answer.text
    assert "15,000" not in answer.text and "BE&OE" not in answer.text
    warning = await user.expect_message()
    assert lang.text("flags", "upfront_fee", "found") in warning.html

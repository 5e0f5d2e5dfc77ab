"""Issue 13: the FAQ answers that name offices, fee limits and helplines are the home country's.

A Bangladeshi asking about fees used to read Pakistan's Rs15,000 cap and BE&OE. Now each
country pack answers fees, verify_recruiter, report and help_abroad for its country; the user
with no pack (or none known yet) reads an answer written for no country.
"""

from __future__ import annotations

import pytest

from bot.content.country_packs import FAQ_COUNTRY_TOPICS
from bot.content.model import Content
from bot.understanding.pipeline import Understanding
from tests.core.test_answers import Reader

PAKISTANI = ("15,000", "BE&OE", "FIA", "NCCIA", "OEP", "Pakistan")


def test_every_pack_answers_the_country_topics_with_its_own_offices(content: Content) -> None:
    assert content.countries, "the packs are loaded"
    for code, pack in content.countries.items():
        view = content.for_country(code)
        for language in pack.languages:
            for topic in FAQ_COUNTRY_TOPICS:
                answer = view.language(language).text("faq", topic, "answer")
                assert answer, (code, language, topic)
                if code != "PK":
                    found = [word for word in PAKISTANI if word in answer]
                    assert not found, (code, language, topic, found)


def test_pakistan_keeps_its_fee_cap_in_each_of_its_languages(content: Content) -> None:
    pk = content.for_country("PK")
    cap = content.facts["oep_service_charge_cap"].value
    for language in content.countries["PK"].languages:
        assert cap in pk.language(language).text("faq", "fees", "answer"), language


def test_the_answer_for_no_country_names_no_pakistani_office(content: Content) -> None:
    general = content.for_country(None)
    for language in general.languages:
        for topic in FAQ_COUNTRY_TOPICS:
            answer = general.language(language).text("faq", topic, "answer")
            assert not [word for word in PAKISTANI if word in answer], (language, topic)


@pytest.mark.parametrize(
    ("hint", "question", "country", "fact"),
    [
        (None, "ایجنٹ ویزے کے لیے 3 لاکھ روپے مانگ رہا ہے", "PK", "oep_service_charge_cap"),
        ("bn", "এজেন্ট ৩ লাখ টাকা চাইছে ভিসার জন্য", "BD", "probash_bandhu_call_centre"),
        ("hi", "एजेंट वीज़ा के लिए 2 लाख रुपये मांग रहा है", "IN", "ra_service_charge_cap"),
    ],
)
def test_a_typed_fee_question_gets_the_home_countrys_answer(
    content: Content,
    understanding: Understanding,
    hint: str | None,
    question: str,
    country: str,
    fact: str,
) -> None:
    user = Reader(content, understanding, hint=hint)
    user.write(question)
    assert user.state is not None and user.state.country == country
    view = content.for_country(country)
    assert view.language(user.state.language).text("faq", "fees", "answer") in user.text
    assert view.facts[fact].value in user.text
    if country != "PK":
        assert "15,000" not in user.text and "BE&OE" not in user.text


def test_an_english_fee_question_with_no_home_country_gets_no_pakistani_cap(
    content: Content, understanding: Understanding
) -> None:
    user = Reader(content, understanding, hint=None)
    user.write("agent is asking 300000 for the visa, how much fee is legal?")
    assert user.state is not None and user.state.country is None
    assert content.language("en").text("faq", "fees", "answer") in user.text
    assert "15,000" not in user.text and "BE&OE" not in user.text

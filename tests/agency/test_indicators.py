"""Every written form of one contact is the same indicator; nothing else is."""

from __future__ import annotations

import pytest

from bot.agency.indicators import Indicator, find_indicators, mentions_company, normalise

SAME_NUMBER = [
    "0300-1234567",
    "+92 300 1234567",
    "923001234567",
    "0092 300 1234567",
    "(0300) 123 4567",
    "wa.me/923001234567",
    "https://wa.me/+923001234567",
    "۰۳۰۰۱۲۳۴۵۶۷",
    "+٩٢ ٣٠٠ ١٢٣٤٥٦٧",
]


@pytest.mark.parametrize("written", SAME_NUMBER)
def test_every_form_of_a_pakistani_number_is_one_phone(written: str) -> None:
    found = find_indicators(f"Rabta karein {written} abhi")
    assert Indicator("phone", "+923001234567") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("contact @FastJobs_BKK on telegram", Indicator("handle", "fastjobs_bkk")),
        ("join t.me/FastJobs_BKK now", Indicator("handle", "fastjobs_bkk")),
        ("https://telegram.me/fastjobs_bkk", Indicator("handle", "fastjobs_bkk")),
        ("apply: https://www.Fast-Visa.com/Apply/", Indicator("link", "fast-visa.com/apply")),
        ("apply at fast-visa.com/apply", Indicator("link", "fast-visa.com/apply")),
    ],
)
def test_handles_and_links_are_normalised(text: str, expected: Indicator) -> None:
    assert expected in find_indicators(text)


@pytest.mark.parametrize(
    "text",
    [
        "salary 1500 dollars, 2 lakh advance, 30 seats",
        "write to ali.khan@gmail.com",  # an e-mail is neither a handle nor a link
        "flight PK 785 on 12/12/2026",
        "licence 2814/LHR",
    ],
)
def test_amounts_mails_flights_and_licences_are_not_contacts(text: str) -> None:
    assert find_indicators(text) == frozenset()


def test_a_number_one_digit_off_is_another_number() -> None:
    assert Indicator("phone", "+923001234567") not in find_indicators("0300-1234568")


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        ("phone", "0300 1234567", "+923001234567"),
        ("phone", "not a number", None),
        ("handle", "@Some_Agent", "some_agent"),
        ("handle", "@ab", None),
        ("link", "HTTP://www.Example.com/x/", "example.com/x"),
        ("company", "  Golden-Star Manpower (Pvt.) ", "golden star manpower pvt"),
    ],
)
def test_an_imported_value_is_normalised_like_a_pasted_one(
    kind: str, raw: str, value: str | None
) -> None:
    assert normalise(kind, raw) == value


def test_a_company_is_found_only_as_whole_words() -> None:
    names = ["golden star manpower"]
    assert mentions_company("Apply to GOLDEN STAR Manpower today", names) == names
    assert mentions_company("Golden Starmanpower jobs", names) == []

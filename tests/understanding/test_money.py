"""Reading salaries and fees in job ads: forms, currencies, periods, purposes, conversion."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.understanding.money import Money, MoneyReader
from bot.understanding.places import Tokenizer, load_variants, read_yaml

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer(load_variants(CONTENT))


@pytest.fixture(scope="module")
def reader(tokenizer: Tokenizer) -> MoneyReader:
    return MoneyReader.load(CONTENT, tokenizer)


def read(reader: MoneyReader, tokenizer: Tokenizer, text: str) -> tuple[Money, ...]:
    return reader.read(tokenizer.tokenize(text))


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Salary $1,200 per month", 1200, "USD"),
        ("salary 1500$ + bonus", 1500, "USD"),
        ("USD 900 monthly", 900, "USD"),
        ("1300 dollars", 1300, "USD"),
        ("tankhwah 1200 dolar", 1200, "USD"),
        ("tankhwah 2 lakh mahana", 200_000, "PKR"),
        ("tankhwa 2.5 lakh", 250_000, "PKR"),
        ("tankhwa 1 lakh 80 hazar", 180_000, "PKR"),
        ("Rs15,000 service charge", 15_000, "PKR"),
        ("PKR 2,00,000 salary", 200_000, "PKR"),
        ("35 hazar baht salary", 35_000, "THB"),
        ("38k baht + tips", 38_000, "THB"),
        ("THB 40,000/month", 40_000, "THB"),
        ("SAR 1,500 salary", 1_500, "SAR"),
        ("350 عمانی ریال تنخواہ", 350, "OMR"),
        ("تنخواہ دو لاکھ پچاس ہزار روپے", 250_000, "PKR"),
        ("تنخواہ ڈیڑھ ہزار ڈالر", 1_500, "USD"),
        ("ساڑھے تین لاکھ میں ویزا", 350_000, "PKR"),
        ("تنخواه ۱۲۰۰ ڈالر", 1_200, "USD"),
        ("معاش یو زر ډالر", 1_000, "USD"),
        ("معاش دوه نیم لکه", 250_000, "PKR"),
        ("د راجسټریشن فیس 50 زره", 50_000, "PKR"),
    ],
)
def test_amounts_are_read_in_every_form(
    reader: MoneyReader, tokenizer: Tokenizer, text: str, amount: float, currency: str
) -> None:
    (money,) = read(reader, tokenizer, text)
    assert (money.amount, money.currency) == (amount, currency)


@pytest.mark.parametrize(
    ("text", "low", "high", "currency"),
    [
        ("Salary 1000-1500 USD", 1000, 1500, "USD"),
        ("$1000-2000", 1000, 2000, "USD"),
        ("SAR 6,000-8,000", 6000, 8000, "SAR"),
        ("tankhwah 2 lakh se 3 lakh", 200_000, 300_000, "PKR"),
        ("تنخواہ 25 ہزار سے 35 ہزار ریال", 25_000, 35_000, "SAR"),
        ("معاش له دوه لکه تر درې لکه", 200_000, 300_000, "PKR"),
    ],
)
def test_a_range_keeps_both_ends_and_the_top_is_the_amount(
    reader: MoneyReader, tokenizer: Tokenizer, text: str, low: float, high: float, currency: str
) -> None:
    (money,) = read(reader, tokenizer, text)
    assert (money.low, money.amount, money.currency) == (low, high, currency)


@pytest.mark.parametrize(
    "text",
    [
        "Age 20-35, height 5'8",
        "Contact +92 321 7654321 or 0300-1234567",
        "OEP licence no. 1234/RWP",
        "2-year contract, 8 hours a day, only 10 seats",
        "Salary 1200",  # no currency, too small to be rupees: not judged
    ],
)
def test_numbers_that_are_not_money_are_ignored(
    reader: MoneyReader, tokenizer: Tokenizer, text: str
) -> None:
    assert read(reader, tokenizer, text) == ()


@pytest.mark.parametrize(
    ("text", "purposes"),
    [
        ("Salary $1200 + commission. Registration fee 50,000 advance.", ["salary", "fee"]),
        ("tankhwah 4 lakh rupay. 1 lakh pehle dena hoga", ["salary", "fee"]),
        ("Cambodia work visa 3.5 lakh mein, 900$ tankhwah", ["fee", "salary"]),
        ("رجسٹریشن فیس 40 ہزار پیشگی", ["fee"]),
        ("ماہانہ 3 لاکھ روپے", ["salary"]),
        ("1600 رنگٹ، ورک پرمٹ پہلے", [None]),  # "pehle" belongs to the next clause
    ],
)
def test_words_around_an_amount_tell_salary_from_fee(
    reader: MoneyReader, tokenizer: Tokenizer, text: str, purposes: list[str | None]
) -> None:
    assert [m.purpose for m in read(reader, tokenizer, text)] == purposes


@pytest.mark.parametrize(
    ("text", "usd"),
    [
        ("salary 1500 USD per month", 1500),
        ("Earn $50 daily", 50 * 26),
        ("tankhwah 2 lakh mahana", 200_000 / 280),
        ("salary 34,000 baht", 1000),
        ("SAR 3,750 salary", 1000),
    ],
)
def test_salaries_convert_to_dollars_a_month_with_the_documented_rates(
    reader: MoneyReader, tokenizer: Tokenizer, text: str, usd: float
) -> None:
    salary = reader.salary(read(reader, tokenizer, text))
    assert salary is not None
    assert reader.usd_per_month(salary) == pytest.approx(usd, rel=0.01)


def test_the_salary_is_the_paid_amount_not_the_fee(
    reader: MoneyReader, tokenizer: Tokenizer
) -> None:
    amounts = read(reader, tokenizer, "Visa fee 2 lakh. Call centre job, $1000.")
    salary = reader.salary(amounts)
    assert salary is not None and (salary.amount, salary.currency) == (1000, "USD")


def test_evidence_is_the_ads_own_words(reader: MoneyReader, tokenizer: Tokenizer) -> None:
    text = "Salary: 1500 USD/month + bonus"
    (money,) = read(reader, tokenizer, text)
    assert money.text == "1500 USD/month"
    assert text[money.span[0] : money.span[1]] == money.text


def test_rates_are_documented_as_approximate_and_cover_every_currency() -> None:
    path = CONTENT / "understanding" / "money.yaml"
    data = read_yaml(path)
    assert "APPROXIMATE" in path.read_text(encoding="utf-8")
    assert set(data["currencies"]) <= set(data["rates"])
    assert all(rate > 0 for rate in data["rates"].values())

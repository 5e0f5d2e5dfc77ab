"""Personal data never reaches a log; what agencies need to count stays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.understanding import Scrubber
from bot.understanding.evaluation import surviving

ROOT = Path(__file__).resolve().parents[2]
ROWS = [
    json.loads(line)
    for line in (ROOT / "tests" / "data" / "pii.jsonl").read_text(encoding="utf-8").splitlines()
]
KINDS = ("phone", "cnic", "passport", "email", "iban", "account", "handle", "link", "name")


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber.load(ROOT / "content")


# --- the labelled set


def test_pii_set_is_large_and_covers_every_kind() -> None:
    assert len(ROWS) >= 150
    for row in ROWS:
        assert all(piece in row["text"] for piece in row["pii"] + row["keep"]), row


def test_no_personal_data_survives_on_pii_set(scrubber: Scrubber) -> None:
    leaks = {
        row["text"]: found
        for row in ROWS
        for piece in row["pii"]
        if (found := surviving(piece, scrubber.scrub(row["text"])))
    }
    assert leaks == {}


def test_what_agencies_need_is_kept_on_pii_set(scrubber: Scrubber) -> None:
    keep = [(piece, row["text"]) for row in ROWS for piece in row["keep"]]
    lost = [(piece, text) for piece, text in keep if piece not in scrubber.scrub(text)]
    assert len(keep) >= 100
    assert 1 - len(lost) / len(keep) >= 0.94, lost


def test_every_placeholder_kind_is_exercised(scrubber: Scrubber) -> None:
    produced = "".join(scrubber.scrub(row["text"]) for row in ROWS)
    assert all(f"[{kind}]" in produced for kind in KINDS)


def test_scrubbing_is_idempotent(scrubber: Scrubber) -> None:
    for row in ROWS:
        once = scrubber.scrub(row["text"])
        assert scrubber.scrub(once) == once, row["text"]


# --- rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call 0300-1234567", "call [phone]"),
        ("call 03001234567", "call [phone]"),
        ("call +92 300 1234567", "call [phone]"),
        ("call 0092 300 1234567", "call [phone]"),
        ("call 923001234567", "call [phone]"),
        ("call (0300) 123-4567", "call [phone]"),
        ("call 042-35761234", "call [phone]"),
        ("call +66 81 234 5678", "call [phone]"),
        ("call 081 234 5678", "call [phone]"),
        ("call +855 12 345 678", "call [phone]"),
        ("call +971 50 123 4567", "call [phone]"),
        ("call 0551234567", "call [phone]"),
        ("call +66 8x xxx xxxx", "call [phone]"),
        ("call 0300-12xxxxx", "call [phone]"),
    ],
)
def test_phone_number_formats_are_removed(scrubber: Scrubber, text: str, expected: str) -> None:
    assert scrubber.scrub(text) == expected


def test_spaced_urdu_digit_phone_number_is_removed(scrubber: Scrubber) -> None:
    assert scrubber.scrub("میرا نمبر ۰ ۳ ۰ ۰ ۱ ۲ ۳ ۴ ۵ ۶ ۷ ہے") == "میرا نمبر [phone] ہے"


def test_phone_hidden_by_zero_width_characters_is_removed(scrubber: Scrubber) -> None:
    assert scrubber.scrub("0300\u200b1234\u200c567") == "[phone]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cnic 35202-1234567-1", "cnic [cnic]"),
        ("cnic 3520212345671", "cnic [cnic]"),
        ("شناختی کارڈ ۳۵۲۰۲-۱۲۳۴۵۶۷-۱", "شناختی کارڈ [cnic]"),
        ("passport AB1234567", "passport [passport]"),
        ("passport no ab 1234567", "passport no [passport]"),
        ("pasport number 7654321", "pasport number [passport]"),
        ("mail ali.khan@gmail.com", "mail [email]"),
        ("iban PK36SCBL0000001123456702", "iban [iban]"),
        ("iban PK36 SCBL 0000 0011 2345 6702", "iban [iban]"),
        ("account no 0123 4567 8901", "account no [account]"),
        ("msg @thai_jobs_hr", "msg [handle]"),
        ("join t.me/thai_jobs", "join [link]"),
        ("see https://example.com/apply?id=5.", "see [link]."),
        ("chat wa.me/923001234567", "chat [link]"),
        ("ref 123456789012", "ref [number]"),
    ],
)
def test_identifiers_are_replaced_by_typed_placeholders(
    scrubber: Scrubber, text: str, expected: str
) -> None:
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My name is Imran Khalid and I live in Lahore", "My name is [name] and I live in Lahore"),
        ("my name is imran khalid", "my name is [name]"),
        ("I am Bilal from Karachi", "I am [name] from Karachi"),
        ("Hi, I'm Usman. Is this real?", "Hi, I'm [name]. Is this real?"),
        ("mera naam Zeeshan Ali hai", "mera naam [name] hai"),
        ("main Hamza hun", "main [name] hun"),
        ("میرا نام احمد علی ہے", "میرا نام [name] ہے"),
        ("زما نوم احمد خان دی", "زما نوم [name] دی"),
        ("I am Imran, tell Imran's family", "I am [name], tell [name]'s family"),
        ("contact Mr. Tariq Mehmood", "contact [name]"),  # a title is part of the name
    ],
)
def test_introduced_names_are_removed(scrubber: Scrubber, text: str, expected: str) -> None:
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I am Pakistani",
        "I am in Bangkok",
        "I am stuck in Myawaddy",
        "main pareshan hun",
        "Main Thailand mein hun",
        "آپ کا نام کیا ہے",
        "i am scared",
    ],
)
def test_phrases_that_only_look_like_introductions_survive(scrubber: Scrubber, text: str) -> None:
    assert scrubber.scrub(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Salary $1200 + commission",
        "salary 1500 dollar",
        "tankhwah 2 lakh mahana",
        "fee Rs 50,000",
        "40,000 baht per month",
        "age 20-35",
        "leaves on 14 March",
        "on 2025-03-14 at 10:30",
        "on 14/03/2025",
        "salary 5000000 kyat",
        "visa fee 85000 and ticket 120000",
        "۱۵۰۰ ڈالر تنخواہ",
        "from Bangkok to Mae Sot, then Myawaddy",
    ],
)
def test_amounts_ages_dates_and_places_survive_scrubbing(scrubber: Scrubber, text: str) -> None:
    assert scrubber.scrub(text) == text


@pytest.mark.parametrize("flight", ["TG 350", "PK 785", "EK 612", "FD 3524", "PK785"])
def test_flight_number_survives_scrubbing(scrubber: Scrubber, flight: str) -> None:
    assert flight in scrubber.scrub(f"flight {flight} leaves at 23:45 on 14 March")


def test_date_next_to_phone_number_keeps_the_date(scrubber: Scrubber) -> None:
    assert scrubber.scrub("2025-03-14 03001234567") == "2025-03-14 [phone]"


def test_salary_next_to_phone_number_keeps_the_salary(scrubber: Scrubber) -> None:
    assert scrubber.scrub("salary 50000 contact 03001234567") == "salary 50000 contact [phone]"


def test_phone_followed_by_roman_urdu_k_is_still_removed(scrubber: Scrubber) -> None:
    assert scrubber.scrub("03001234567 k number pe call karo") == "[phone] k number pe call karo"


def test_scrubbing_without_content_still_removes_numbers() -> None:
    assert Scrubber().scrub("mera number 0300-1234567") == "mera number [phone]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("visa no 1234567 and 123 456 789 012", "visa no [id] and [number]"),
        ("visa no 12345678", "visa no [id]"),
        ("passport number: AB-1234567", "passport number: [passport]"),
        ("email ahmed.khan at gmail dot com", "email [email]"),
        ("DOB 12/03/1995, left on 05/01/2025", "DOB [dob], left on 05/01/2025"),
        ("House No. 45, Block C, Gulshan-e-Iqbal, Karachi", "[address], Karachi"),
        ("مکان نمبر 45، گلی نمبر 3، لاہور", "[address]، لاہور"),
        ("my son Hamza Javed is in Myawaddy", "my son [name] is in Myawaddy"),
        (
            "agent Haji Rafiq took 3 lakh, licence 2814/LHR",
            "agent [name] took 3 lakh, licence 2814/LHR",
        ),
        ("call FIA 111-247-786", "call FIA 111-247-786"),
    ],
)
def test_personal_data_of_anyone_goes_and_public_numbers_stay(
    scrubber: Scrubber, text: str, expected: str
) -> None:
    assert scrubber.scrub(text) == expected


# --- names nothing points at, Arabic-script address chains, dates of birth without a label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tariq Mehmood took my money", "[name] took my money"),
        ("kal zubair ne kaha visa free hai", "kal [name] ne kaha visa free hai"),
        ("طارق محمود نے پیسے لیے", "[name] نے پیسے لیے"),
        ("حبیب الله دوبۍ ته تللی", "[name] دوبۍ ته تللی"),
        ("Tell Imran's family", "Tell [name]'s family"),
    ],
)
def test_bare_known_names_are_removed(scrubber: Scrubber, text: str, expected: str) -> None:
    assert scrubber.scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "meri umar 25 saal hai, zara batao",
        "میری عمر ۳۰ سال ہے",
        "office in Rahim Yar Khan",
        "job in Shah Alam, Malaysia",
        "میں فیصل آباد میں رہتا ہوں",
        "تحصیل گوجر خان",
    ],
)
def test_names_inside_places_and_everyday_words_stay(scrubber: Scrubber, text: str) -> None:
    assert scrubber.scrub(text) == text


def test_urdu_and_pashto_address_chains_are_removed(scrubber: Scrubber) -> None:
    urdu = scrubber.scrub("پتہ: گاؤں ڈھوک نواب، ڈاکخانہ چونترہ، تحصیل گوجر خان، راولپنڈی")
    pashto = scrubber.scrub("کلي شاه ډنډ، ډاکخانه ټوپي، تحصیل رزړ، صوابي")
    assert urdu == "پتہ: [address]، راولپنڈی"
    assert pashto == "[address]، صوابي"


@pytest.mark.parametrize("date", ["01-01-1970", "۱۹۹۵/۰۴/۱۰", "۰۵/۱۱/۱۹۹۷"])
def test_a_full_date_of_a_birth_year_is_removed(scrubber: Scrubber, date: str) -> None:
    assert scrubber.scrub(f"he was born {date}, flew on 10/03/2024") == (
        "he was born [dob], flew on 10/03/2024"
    )


def test_an_email_spelled_with_underscore_is_removed(scrubber: Scrubber) -> None:
    assert scrubber.scrub("write sana underscore khan at hotmail dot com") == "write [email]"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("मेरा नाम राकेश शर्मा है, मेरा नंबर 9876543210 है", "राकेश"),
        ("मेरो नाम सीता थापा हो, फोन 9841234567", "सीता"),
        ("एजेंट का नाम रमेश है", "रमेश"),
        ("नाम: सुनीता देवी, गाँव रामपुर", "सुनीता"),
    ],
)
def test_a_name_introduced_in_hindi_or_nepali_is_scrubbed(
    scrubber: Scrubber, text: str, name: str
) -> None:
    scrubbed = scrubber.scrub(text)
    assert name not in scrubbed
    assert "[name]" in scrubbed


def test_a_question_about_a_company_name_in_hindi_keeps_its_words(scrubber: Scrubber) -> None:
    assert scrubber.scrub("उस कंपनी का नाम क्या है?") == "उस कंपनी का नाम क्या है?"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("کل فرزانه له مور سره بازار ته لاړه", "فرزانه"),  # Pashto ه, listed as فرزانہ
        ("نصرت بي بي د اجنټ شمېره لري", "نصرت"),
        ("رضوانه راته وویل چې ویزه تیاره ده", "رضوانه"),
    ],
)
def test_a_listed_name_is_removed_whichever_letter_forms_it_is_typed_in(
    scrubber: Scrubber, text: str, name: str
) -> None:
    assert name not in scrubber.scrub(text)


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("ایک اسلم نامی ایجنٹ نے ملتان میں تین لاکھ لیے", "اسلم", ["ملتان", "تین لاکھ"]),
        ("په کوهاټ کې یو شېرزاد نومی سړی ویزې خرڅوي", "شېرزاد", ["کوهاټ"]),
        ("د دفتر مشر تاج ولي نومېږي، دوه لکه یې واخیستل", "تاج ولي", ["دوه لکه"]),
    ],
)
def test_a_name_before_the_word_named_is_removed(
    scrubber: Scrubber, text: str, name: str, kept: list[str]
) -> None:
    scrubbed = scrubber.scrub(text)
    assert name not in scrubbed
    assert all(piece in scrubbed for piece in kept)


@pytest.mark.parametrize(
    "text",
    [
        "کس نامی کمپنی نے ویزا دیا ہے",
        "نامعلوم نمبر سے نوکری کا میسج آیا",
        "یہ ایک نامی گرامی ادارہ ہے",
    ],
)
def test_words_that_only_start_with_name_hold_no_name(scrubber: Scrubber, text: str) -> None:
    assert scrubber.scrub(text) == text


@pytest.mark.parametrize(
    ("text", "address", "city"),
    [
        ("the agent sits at Flat 12, Block 5 Lahore on the first floor", "Flat 12", "Lahore"),
        ("i live at House 9, Street 3, Sector F-8/2 Islamabad with my uncle", "F-8/2", "Islamabad"),
        ("ghar number 12, gali 5, Gulshan Town Karachi me rehta hun", "Gulshan", "Karachi"),
    ],
)
def test_the_city_at_the_end_of_an_address_part_stays(
    scrubber: Scrubber, text: str, address: str, city: str
) -> None:
    scrubbed = scrubber.scrub(text)
    assert address not in scrubbed and city in scrubbed
    assert "[address]" in scrubbed


def test_an_address_never_ends_inside_a_word(scrubber: Scrubber) -> None:
    text = "House 9, Street 3, Sector F-8/2 Islamabad and he lives in Karachi now"
    assert scrubber.scrub(text).endswith(" Islamabad and he lives in Karachi now")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("السلام علیکم، میں نبیلہ بول رہی ہوں، شوہر جدہ میں ہیں", "نبیلہ"),
        ("جی میں ناصر حسین بات کر رہا ہوں، ایجنٹ نے ویزا نہیں دیا", "ناصر حسین"),
        ("د کمپنۍ د سړي نوم یې سردار ولي دی", "سردار ولي"),
    ],
)
def test_a_speaker_introducing_himself_or_his_name_told_in_pashto_is_removed(
    scrubber: Scrubber, text: str, name: str
) -> None:
    assert name not in scrubber.scrub(text)


@pytest.mark.parametrize(
    "text",
    ["ایجنٹ جھوٹ بول رہا ہے", "میں سچ بول رہا ہوں", "میں کوئٹہ سے بات کر رہی ہوں"],
)
def test_telling_the_truth_or_where_one_speaks_from_is_not_a_name(
    scrubber: Scrubber, text: str
) -> None:
    assert scrubber.scrub(text) == text


@pytest.mark.parametrize("text", ["شکریہ بھائی جان، ویزا کب آئے گا", "زما ورور جان، دا کار سم دی؟"])
def test_dear_after_brother_is_not_a_name(scrubber: Scrubber, text: str) -> None:
    assert scrubber.scrub(text) == text

"""Reading Bengali, Sinhala and Tamil: fee demands, other red flags and personal data.

The phrases here are written for these tests, not copied from content/understanding/: each
is a sentence a job seeker might type, and the assertion is what the bot makes of it.
"""

from __future__ import annotations

import pytest

from bot.understanding.pipeline import Understanding

FEE_DEMANDS = [
    ("bn", "এজেন্ট ৩ লাখ টাকা চাইছে ভিসার জন্য"),
    ("bn", "ভিসার জন্য ৳ 50000 আগে দিতে হবে"),
    ("si", "agent visa එකට රුපියල් ලක්ෂ 5ක් ඉල්ලනවා"),
    ("si", "ඒජන්සිය කලින් සල්ලි ගෙවන්න කියනවා"),
    ("ta", "agent visa-க்கு 5 லட்சம் ரூபாய் கேட்கிறார்"),
    ("ta", "ஏஜென்சி முன்பணம் கட்ட சொல்றாங்க"),
]


@pytest.mark.parametrize(("hint", "text"), FEE_DEMANDS)
def test_a_fee_demand_raises_upfront_fee(
    understanding: Understanding, hint: str, text: str
) -> None:
    analysis = understanding.analyze(text, hint=hint)
    assert "upfront_fee" in analysis.scan.flag_ids
    assert analysis.language == hint
    assert analysis.topic is not None and analysis.topic.topic == "fees"


LAWFUL_FEES = [
    ("bn", "কোনো ফি নেই, রসিদসহ ব্যাংকে টাকা দিন"),
    ("si", "බැංකුවෙන් ගෙවලා රිසිට් එකක් ගන්න"),
    ("ta", "வங்கி மூலம் கட்டி ரசீது வாங்குங்கள்"),
]


@pytest.mark.parametrize(("hint", "text"), LAWFUL_FEES)
def test_no_fee_or_a_fee_paid_by_bank_with_receipt_is_no_flag_and_no_place(
    understanding: Understanding, hint: str, text: str
) -> None:
    flags = understanding.analyze(text, hint=hint).scan.flag_ids
    assert "upfront_fee" not in flags
    assert "risky_destination" not in flags, "the word for bank is not Bangkok"


AD_FLAGS = [
    (
        "bn",
        "থাইল্যান্ডে কল সেন্টারে চাকরি, টুরিস্ট ভিসায় যাবেন, হোয়াটসঅ্যাপে যোগাযোগ করুন",
        {"risky_destination", "visit_visa", "chat_app_recruitment"},
    ),
    (
        "bn",
        "পাসপোর্ট কোম্পানির কাছে জমা থাকবে, চুক্তি ওখানে গিয়ে দেবে",
        {"passport_retention", "no_contract"},
    ),
    ("bn", "কাউকে বলবেন না, কালকে ফ্লাইট, টিকিট ফ্রি", {"urgency_secrecy", "free_travel"}),
    ("bn", "দালাল বলছে প্রটেক্টর লাগবে না", {"unlicensed_agent"}),
    ("bn", "নামার পর গাড়িতে করে বর্ডার পার করে মিয়ানমারে নিয়ে যাবে", {"overland_transfer"}),
    (
        "si",
        "තායිලන්තයේ call centre රැකියා, visit visa එකෙන් යන්න, වට්ස්ඇප් කරන්න",
        {"risky_destination", "visit_visa", "chat_app_recruitment"},
    ),
    (
        "si",
        "passport එක company එක ළඟ තියෙනවා, ගිවිසුම එහෙදී දෙනවා",
        {"passport_retention", "no_contract"},
    ),
    ("si", "කාටවත් කියන්න එපා, හෙට flight, ticket නොමිලේ", {"urgency_secrecy", "free_travel"}),
    ("si", "agent කියනවා protector ඕනේ නැහැ, office එකක් නැහැ", {"unlicensed_agent"}),
    ("si", "බැංකොක් වලට ගියාම පාරෙන් border එක හරහා අරන් යනවා", {"overland_transfer"}),
    (
        "ta",
        "தாய்லாந்தில் call centre வேலை, visit visa-ல போங்க, வாட்ஸ்அப் பண்ணுங்க",
        {"risky_destination", "visit_visa", "chat_app_recruitment"},
    ),
    (
        "ta",
        "passport-ஐ company கிட்ட ஒப்படைக்கணும், ஒப்பந்தம் அங்கே போனதும் தருவாங்க",
        {"passport_retention", "no_contract"},
    ),
    ("ta", "யார்கிட்டயும் சொல்லாதீங்க, நாளைக்கு flight, ticket இலவசம்", {"urgency_secrecy", "free_travel"}),
    ("ta", "agent சொல்றார் protector தேவையில்லை, office இல்லை", {"unlicensed_agent"}),
    ("ta", "பாங்காக் போனதும் காரில் எல்லை தாண்டி கொண்டு போவாங்க", {"overland_transfer"}),
    ("ta", "அண்ணன் மியான்மாரில் சிக்கியிருக்கிறார்", {"risky_destination"}),
]


@pytest.mark.parametrize(("hint", "text", "expected"), AD_FLAGS)
def test_red_flags_in_the_words_people_write(
    understanding: Understanding, hint: str, text: str, expected: set[str]
) -> None:
    flags = set(understanding.analyze(text, hint=hint).scan.flag_ids)
    assert expected <= flags, f"missing {expected - flags}"


PERSONAL_DATA = [
    ("bn", "আমার নাম রহিম উদ্দিন, ভাই মালয়েশিয়ায় আছে", ["রহিম", "উদ্দিন"], ["মালয়েশিয়ায়"]),
    ("bn", "নাম: করিম শেখ, গ্রাম: চরপাড়া, থাইল্যান্ডে যাব", ["করিম", "চরপাড়া"], ["থাইল্যান্ডে"]),
    ("si", "මගේ නම නිමල් පෙරේරා, ගම: කොට්ටාව, අයියා මියන්මාරයේ", ["නිමල්", "කොට්ටාව"], ["මියන්මාරයේ"]),
    ("ta", "என் பெயர் குமார் செல்வம், கிராமம்: நல்லூர், மலேசியா போறேன்", ["குமார்", "நல்லூர்"], ["மலேசியா"]),
]


PERSONAL_DATA += [
    ("bn", "আমার ভাই করিম মিয়ানমারে আটকে আছে", ["করিম"], ["মিয়ানমারে", "আটকে"]),
    ("si", "මගේ අයියා නිමල් මියන්මාරයේ හිර වෙලා", ["නිමල්"], ["මියන්මාරයේ", "හිර"]),
    ("ta", "என் அண்ணன் குமார் மியான்மாரில் சிக்கியிருக்கிறார்", ["குமார்"], ["மியான்மாரில்"]),
]

# After "my brother" / "my friend" a place or an everyday word is not taken for a name.
NOT_NAMES = [
    ("bn", "আমার ভাই মিয়ানমারে আটকে আছে"),
    ("bn", "আমার বন্ধু বলছে এজেন্ট ভালো"),
    ("si", "යාළුවා කිව්වා agent හොඳයි"),
    ("ta", "என் அண்ணன் மியான்மாரில் சிக்கியிருக்கிறார்"),
    ("ta", "நண்பர் சொல்றார் agent நல்லவர்"),
]


@pytest.mark.parametrize(("hint", "text"), NOT_NAMES)
def test_places_and_everyday_words_after_a_relative_stay(
    understanding: Understanding, hint: str, text: str
) -> None:
    assert understanding.analyze(text, hint=hint).scrubbed == text


@pytest.mark.parametrize(("hint", "text", "gone", "kept"), PERSONAL_DATA)
def test_names_and_addresses_are_scrubbed_and_places_stay(
    understanding: Understanding, hint: str, text: str, gone: list[str], kept: list[str]
) -> None:
    scrubbed = understanding.analyze(text, hint=hint).scrubbed
    for word in gone:
        assert word not in scrubbed
    for word in kept:
        assert word in scrubbed

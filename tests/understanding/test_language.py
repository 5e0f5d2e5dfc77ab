"""Language detection, the choice of reply language, and text normalisation."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.understanding import (
    Detection,
    LanguageDetector,
    choose_language,
    language_from_hint,
    normalize,
)
from bot.understanding.languages import LanguageTable
from bot.understanding.normalize import (
    fold_arabic,
    fold_roman_word,
    remove_invisible,
    strip_diacritics,
    to_ascii_digits,
)

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = LanguageTable.load(ROOT / "content")
MESSAGES = [
    json.loads(line)
    for line in (ROOT / "tests" / "data" / "messages.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]
TOPICS = {
    "verify_recruiter",
    "work_visa",
    "fees",
    "contract",
    "scam_compounds",
    "salary",
    "online_jobs",
    "passport",
    "report",
    "help_abroad",
    "returnees",
    "privacy",
    "alerts",
}


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector.load(ROOT / "content")


def answer_language(detector: LanguageDetector, row: dict) -> str:
    return choose_language(
        detector.detect(row["text"]), hint=row["language_code"], languages=detector.languages
    )


# --- the labelled set itself


# The labelled set was written for the first four languages; the seven added with issue 13
# are measured on the independently written set (bench/independent.py).
FIRST_FOUR = {"en", "ur", "ur-Latn", "ps"}
LABELLED = sorted({row["language"] for row in MESSAGES})


def test_message_set_covers_every_language_and_topic() -> None:
    by_language = Counter(row["language"] for row in MESSAGES)
    assert FIRST_FOUR <= set(by_language) <= set(LANGUAGES.codes)
    assert all(count >= 120 for count in by_language.values()), by_language
    for language in by_language:
        topics = {row["topic"] for row in MESSAGES if row["language"] == language}
        assert topics - {None} == TOPICS, language
    assert {row["topic"] for row in MESSAGES} <= TOPICS | {None}
    chit_chat = sum(row["topic"] is None for row in MESSAGES) / len(MESSAGES)
    assert 0.15 <= chit_chat <= 0.25
    assert len({row["text"] for row in MESSAGES}) == len(MESSAGES)


# --- accuracy on the labelled set


def test_reply_language_accuracy_on_message_set(detector: LanguageDetector) -> None:
    right = Counter(
        row["language"] for row in MESSAGES if answer_language(detector, row) == row["language"]
    )
    total = Counter(row["language"] for row in MESSAGES)
    assert sum(right.values()) / len(MESSAGES) >= 0.96
    assert right["ur-Latn"] / total["ur-Latn"] >= 0.94
    for language in LABELLED:
        assert right[language] / total[language] >= 0.94, language


def test_detection_alone_is_right_without_any_hint(detector: LanguageDetector) -> None:
    # Hints are often wrong; a confident detection must be right on its own.
    confident = [row for row in MESSAGES if detector.detect(row["text"]).confident]
    wrong = [r["text"] for r in confident if detector.detect(r["text"]).language != r["language"]]
    assert len(confident) >= 0.85 * len(MESSAGES)
    assert len(wrong) <= 0.02 * len(confident), wrong


def test_detection_is_deterministic(detector: LanguageDetector) -> None:
    texts = [row["text"] for row in MESSAGES[:60]]
    again = LanguageDetector.load(ROOT / "content")
    assert [detector.detect(t) for t in texts] == [again.detect(t) for t in texts]


# --- rules


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("bhai thailand mein job ka offer aya hai kya ye sahi hai", "ur-Latn"),
        ("agent kehta he visit visa pe jao", "ur-Latn"),
        ("mujhy nai pata kesay check karun", "ur-Latn"),
        ("how do I know if this recruiter is genuine", "en"),
        ("my cousin is stuck in Cambodia, what should we do", "en"),
        ("کیا یہ نوکری اصلی ہے", "ur"),
        ("ميرا بهائی تهائی لينڈ ميں ہے", "ur"),
        ("زما ورور په کمبوډیا کې بند دی", "ps"),
        ("زما ورور په بنکاک کښے دے", "ps"),
    ],
)
def test_detects_language(detector: LanguageDetector, text: str, language: str) -> None:
    detection = detector.detect(text)
    assert (detection.language, detection.confident) == (language, True)


@pytest.mark.parametrize(
    "text", ["ok", "hi", "?", "123", "👍👍", "0300 1234567", "...", "", "ok thanks"]
)
def test_short_or_letterless_text_is_unknown(detector: LanguageDetector, text: str) -> None:
    detection = detector.detect(text)
    assert detection.language is None
    assert detection.confidence < 0.6


def test_pashto_letters_beat_urdu_hint(detector: LanguageDetector) -> None:
    detection = detector.detect("زه څنګه وګورم چې اجنټ ریښتینی دی")
    assert choose_language(detection, hint="ur", languages=detector.languages) == "ps"


def test_urdu_words_beat_english_hint(detector: LanguageDetector) -> None:
    detection = detector.detect("ایجنٹ پیسے مانگ رہا ہے")
    assert choose_language(detection, hint="en", languages=detector.languages) == "ur"


def test_roman_urdu_beats_english_hint(detector: LanguageDetector) -> None:
    detection = detector.detect("bhai mujhe samajh nahi aa raha kya karun")
    assert choose_language(detection, hint="en-US", languages=detector.languages) == "ur-Latn"


def test_english_phrase_inside_roman_urdu_stays_roman_urdu(detector: LanguageDetector) -> None:
    detection = detector.detect("sir plz tell me is this real, agent ne kaha hai salary milegi")
    assert detection.language == "ur-Latn"


def test_arabic_script_mixed_with_english_words_is_urdu(detector: LanguageDetector) -> None:
    assert detector.detect("بھائی مجھے thailand میں call center job ملی ہے").language == "ur"


def test_other_scripts_are_unknown(detector: LanguageDetector) -> None:
    detection = detector.detect("รับสมัครพนักงานด่วน เงินเดือนดี")
    assert (detection.language, detection.script) == (None, "other")


def test_a_nepali_sentence_with_chha_is_nepali_not_hindi(detector: LanguageDetector) -> None:
    detection = detector.detect("मेरो भाइ मलेसियामा छ, एजेन्टले पासपोर्ट राख्यो")
    assert (detection.language, detection.confident) == ("ne", True)


def test_a_hindi_sentence_with_hai_is_hindi_not_nepali(detector: LanguageDetector) -> None:
    detection = detector.detect("मेरा भाई मलेशिया में है, एजेंट ने पासपोर्ट रख लिया")
    assert (detection.language, detection.confident) == ("hi", True)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("मलाई विदेशमा काम चाहिन्छ, के यो कम्पनी ठिक छ?", "ne"),
        ("तपाईंलाई थाहा छैन?", "ne"),
        ("मुझे विदेश में नौकरी चाहिए, क्या यह कंपनी ठीक है?", "hi"),
        ("आप बताइए क्या करूं", "hi"),
        ("नहीं मिलेगा", "hi"),
    ],
)
def test_devanagari_markers_tell_nepali_from_hindi(
    detector: LanguageDetector, text: str, language: str
) -> None:
    assert detector.detect(text).language == language


def test_devanagari_without_markers_follows_a_nepali_hint(detector: LanguageDetector) -> None:
    # "Namaste, passport" is both Hindi and Nepali: the weak guess yields to the hint.
    detection = detector.detect("नमस्ते पासपोर्ट")
    assert not detection.confident
    assert choose_language(detection, hint="ne", languages=detector.languages) == "ne"
    assert choose_language(detection, hint="hi", languages=detector.languages) == "hi"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("আমার ভাই থাইল্যান্ডে আটকে আছে", "bn"),
        ("দালাল passport রেখে দিয়েছে", "bn"),
        ("මගේ සහෝදරයා තායිලන්තයේ", "si"),
        ("என் தம்பி தாய்லாந்தில் இருக்கிறான்", "ta"),
    ],
)
def test_bengali_sinhala_and_tamil_are_told_by_their_script(
    detector: LanguageDetector, text: str, language: str
) -> None:
    detection = detector.detect(text)
    assert (detection.language, detection.confident) == (language, True)
    assert choose_language(detection, hint="en", languages=detector.languages) == language


@pytest.mark.parametrize(
    "text",
    [
        "apakah agen ini resmi?",
        "saya diminta bayar 20 juta dulu",
        "kak ini penipuan bukan",
        "adik saya di kamboja gak bisa pulang",
    ],
)
def test_indonesian_is_indonesian_not_roman_urdu_or_english(
    detector: LanguageDetector, text: str
) -> None:
    detection = detector.detect(text)
    assert (detection.language, detection.confident) == ("id", True)


@pytest.mark.parametrize(
    "text",
    [
        "legit po ba yung agency na nag-offer sa akin?",
        "magkano ba talaga ang placement fee",
        "kinuha ng ahente yung passport ko",
        "hi po ask ko lang if legit yung job offer sa fb",
    ],
)
def test_tagalog_and_taglish_are_filipino(detector: LanguageDetector, text: str) -> None:
    detection = detector.detect(text)
    assert (detection.language, detection.confident) == ("fil", True)


def test_an_indonesian_nya_ending_tips_a_word_shared_with_roman_urdu(
    detector: LanguageDetector,
) -> None:
    # "asli" is Roman Urdu and Indonesian; "visanya" (its visa) is only Indonesian.
    assert detector.detect("visanya asli gak ya").language == "id"
    assert detector.detect("dunya mein kya ho raha hai").language == "ur-Latn"


def test_romanised_nepali_is_answered_in_nepali(detector: LanguageDetector) -> None:
    detection = detector.detect("malai yo job ko barema bhannus")
    assert detection.language == "ne"
    assert choose_language(detection, hint="ne", languages=detector.languages) == "ne"


def test_romanised_hindi_is_read_as_roman_hindustani(detector: LanguageDetector) -> None:
    # Roman Hindi shares Roman Urdu's words; a Hindi hint does not turn Latin typing into a
    # Devanagari reply (the hint counts only for the script it names).
    detection = detector.detect("mujhe dubai mein naukri chahiye, agent paise maang raha hai")
    assert (detection.language, detection.confident) == ("ur-Latn", True)
    assert choose_language(detection, hint="hi", languages=detector.languages) == "ur-Latn"


def test_langdetect_can_be_left_out(detector: LanguageDetector) -> None:
    offline = LanguageDetector.load(ROOT / "content", use_langdetect=False)
    assert offline.detect("kya ye job asli hai").language == "ur-Latn"


@pytest.mark.parametrize(
    ("detection", "chosen", "hint", "expected"),
    [
        (Detection("ps", 0.9, "Arab"), "en", "ur", "en"),  # explicit choice first
        (Detection("ps", 0.9, "Arab"), None, "ur", "ps"),  # then a confident detection
        (Detection(None, 0.0, "Latn"), None, "ur", "ur"),  # then the hint
        (Detection(None, 0.0, "none"), None, "ps", "ps"),
        (Detection(None, 0.0, "Latn"), None, "en-GB", "en"),
        (Detection(None, 0.0, "Latn"), None, "de", "en"),  # unknown hints mean English
        (Detection(None, 0.0, "none"), None, None, "en"),
        (Detection("ur", 0.3, "Arab"), None, "ps", "ps"),  # weak guess: hint of the same script
        (Detection("ur", 0.3, "Arab"), None, "en", "ur"),  # hint of another script loses
        (Detection("ur-Latn", 0.5, "Latn"), None, "ur", "ur-Latn"),
        (Detection("en", 0.5, "Latn"), None, "en", "en"),
    ],
)
def test_choose_language_order(
    detection: Detection, chosen: str | None, hint: str | None, expected: str
) -> None:
    assert choose_language(detection, chosen=chosen, hint=hint, languages=LANGUAGES) == expected


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("ur", "ur"),
        ("ur-PK", "ur"),
        ("ps", "ps"),
        ("ps_AF", "ps"),
        ("en", "en"),
        ("en-US", "en"),
        ("hi", "hi"),
        ("ne", "ne"),
        ("bn-BD", "bn"),
        ("id", "id"),
        ("tl", "fil"),
        ("fil", "fil"),
        ("si", "si"),
        ("ta", "ta"),
        ("fa", "en"),
        ("ar", "en"),
        ("", None),
        (None, None),
    ],
)
def test_language_from_hint(hint: str | None, expected: str | None) -> None:
    assert language_from_hint(hint, LANGUAGES) == expected


# --- normalisation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("كيا يه ٹھيك ہے", "کیا یہ ٹہیک ہے"),  # Arabic keyboard letters and do-chashmi heh
        ("آپ أور إدھر", "اپ اور ادہر"),
        ("مُحَمَّد", "محمد"),  # zer, zabar, pesh, tashdeed
        ("نمبر ۰۳۰۰ ٠٣٠٠", "نمبر 0300 0300"),
        ("کیا\u200c یہ\u200f ٹھیک؟", "کیا یہ ٹہیک"),
        ("زما ورور په کمبوډیا کې", "زما ورور پہ کمبوډیا کی"),
    ],
)
def test_normalize_arabic_script(text: str, expected: str) -> None:
    assert normalize(text, "ur") == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("aap", "ap"),
        ("nahin", "nahi"),
        ("kesay", "kese"),
        ("hoon", "hun"),
        ("yeh", "ye"),
        ("theek", "thik"),
        ("vapis", "wapis"),
        ("chahiye", "chahie"),
        ("bohattt", "bohat"),
    ],
)
def test_roman_urdu_spelling_folds_together(a: str, b: str) -> None:
    assert fold_roman_word(a) == fold_roman_word(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("mein", "main"),
        ("kya", "kia"),
        ("hai", "hy"),
        ("naukri", "nokri"),
        ("tankhwah", "tankha"),
        ("kaise", "kesay"),
        ("nahi", "nai"),
    ],
)
def test_roman_urdu_variants_share_a_canonical_form(
    detector: LanguageDetector, a: str, b: str
) -> None:
    assert normalize(a, "ur-Latn", variants=detector.variants) == normalize(
        b, "ur-Latn", variants=detector.variants
    )


def test_normalize_leaves_english_spelling_alone() -> None:
    assert normalize("Is this job GOOD?", "en") == "is this job good"


def test_digit_conversion_keeps_positions() -> None:
    text = "نمبر ۰۳۰۰-١٢٣ ๑๒"
    assert len(to_ascii_digits(text)) == len(text)
    assert to_ascii_digits(text) == "نمبر 0300-123 12"


def test_helpers_are_individually_usable() -> None:
    assert remove_invisible("a\u200bb\u202ec\ufeff") == "abc"
    assert strip_diacritics("café") == "cafe"
    assert fold_arabic("ك ي ة") == "ک ی ہ"

"""FAQ topic matching: accuracy on the labelled messages, and how real writing is coped with."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.understanding.places import read_yaml
from bot.understanding.topics import TopicMatcher

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
MESSAGES = [
    json.loads(line)
    for line in (ROOT / "tests" / "data" / "messages.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


@pytest.fixture(scope="module")
def matcher() -> TopicMatcher:
    return TopicMatcher.load(CONTENT)


def predicted(matcher: TopicMatcher, text: str, language: str | None = None) -> str | None:
    match = matcher.match(text, language)
    return match.topic if match else None


def test_topics_are_the_faq_topics(matcher: TopicMatcher) -> None:
    faq = read_yaml(CONTENT / "faq.yaml")
    assert set(matcher.topics) == {topic["id"] for topic in faq["topics"]}


def test_top_1_accuracy_is_at_least_88_percent_with_off_topic_as_none(
    matcher: TopicMatcher,
) -> None:
    right, total = Counter(), Counter()
    for row in MESSAGES:
        for key in (row["language"], "all"):
            total[key] += 1
            right[key] += predicted(matcher, row["text"], row["language"]) == row["topic"]
    report = {key: round(right[key] / total[key], 3) for key in total}
    assert report["all"] >= 0.88, report
    assert all(report[lang] >= 0.8 for lang in ("en", "ur-Latn", "ur", "ps")), report


def test_greetings_and_thanks_in_the_set_never_get_a_topic(matcher: TopicMatcher) -> None:
    off_topic = [row["text"] for row in MESSAGES if row["topic"] is None]
    wrongly = [text for text in off_topic if predicted(matcher, text) is not None]
    assert len(wrongly) / len(off_topic) <= 0.05, wrongly


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "salam",
        "thank you so much",
        "ok",
        "who won the cricket match",
        "السلام علیکم",
        "شکریہ بھائی",
        "مننه",
        "ښه یم",
        "jazakallah",
    ],
)
def test_greetings_thanks_and_off_topic_get_none(matcher: TopicMatcher, text: str) -> None:
    assert matcher.match(text) is None


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("how do i chek the agnet licnese", "verify_recruiter"),
        ("is my pasport safe with the agent", "passport"),
        ("what is the maximim fee an agent can charge", "fees"),
        ("please resuce my brother from cambodia", "help_abroad"),
        ("how do i unsubscibe from alerts", "alerts"),
    ],
)
def test_english_typos_are_forgiven(matcher: TopicMatcher, text: str, topic: str) -> None:
    assert predicted(matcher, text, "en") == topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("kya mein visit visa pe kaam kar sakta hun", "work_visa"),
        ("kia main visit visa par kam kar sakta hoon", "work_visa"),
        ("meri naukri ka contract kahan register hota hai", "contract"),
        ("meri nokri ka contract kahan register hota he", "contract"),
        ("agent ka licence kaise check karun", "verify_recruiter"),
        ("agent ka lisence kese check karoon", "verify_recruiter"),
    ],
)
def test_roman_urdu_spellings_meet(matcher: TopicMatcher, text: str, topic: str) -> None:
    assert predicted(matcher, text, "ur-Latn") == topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("میرا بھائی کمبوڈیا میں پھنس گیا ہے", "help_abroad"),
        ("ميرا بهائي كمبوڈيا ميں پهنس گيا هے", "help_abroad"),  # Arabic-keyboard letters
        ("مِیرا بھائی کمبوڈیا میں پھَنس گیا ہے", "help_abroad"),  # diacritics
        ("ایجنٹ کو کتنی فیس دینی چاہیے", "fees"),
        ("د پاسپورټ په اړه پوښتنه لرم", "passport"),
        ("د پاسپورٹ په اړه پوښتنه لرم", "passport"),  # Pashto typed on an Urdu keyboard
    ],
)
def test_urdu_letter_variants_and_diacritics_meet(
    matcher: TopicMatcher, text: str, topic: str
) -> None:
    assert predicted(matcher, text) == topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("agent ne passport rakh liya hai", "passport"),
        ("mujhe alerts subscribe karne hain", "alerts"),
        ("FIA ko shikayat kaise karun", "report"),
        ("تنخواہ 1500 dollar keh rahe hain sirf typing hai", "salary"),
    ],
)
def test_mixed_urdu_and_english(matcher: TopicMatcher, text: str, topic: str) -> None:
    assert predicted(matcher, text) == topic


def test_a_match_carries_its_score_runner_up_and_evidence(matcher: TopicMatcher) -> None:
    match = matcher.match("delete my data please")
    assert match is not None and match.topic == "privacy" and match.confident
    assert match.score >= matcher.confident_probability  # the learnt model's probability
    assert "delete" in match.evidence, "the vocabulary agrees and quotes its words"


def test_a_weak_or_split_match_is_not_confident(matcher: TopicMatcher) -> None:
    match = matcher.match("visa")
    assert match is None or not match.confident
    split = matcher.match("licensed agent fees")
    assert split is not None and split.runner_up is not None


def test_a_score_reads_on_one_scale_whichever_reader_decided(matcher: TopicMatcher) -> None:
    tokens = matcher.tokenizer.tokenize("agent ka licence kaise check karun")
    by_words = matcher.vocabulary_match(tokens, "ur-Latn")
    by_model = matcher.match("agent ka licence kaise check karun", "ur-Latn")
    assert by_words is not None and by_model is not None
    for match in (by_words, by_model):
        assert 0 < match.score <= 1 and 0 <= match.runner_up_score <= match.score
    # the vocabulary says "sure" at confident_score, which reads as the model's 0.5
    assert by_words.topic == "verify_recruiter" and (
        not by_words.confident or by_words.score >= 0.5
    )


@pytest.mark.parametrize(
    "text",
    [
        "landed in phnom penh yesterday, today they told me to get in a van to another city and took my phone, please help",
        "kal se hotel me band hun, agent ke log kehte hain kal subah border cross karenge, mujhe nahi jana",
        "میں اس وقت یانگون میں ہوں، کمپنی والے کہتے ہیں آگے جنگل کے راستے جانا ہے، مجھے بچائیں",
        "زه اوس په پنوم پن کې یم، نن یې تلیفون راڅخه واخیست او وايي بل ښار ته ځو، مرسته وکړئ",
    ],
)
def test_someone_already_abroad_and_being_moved_on_is_help_abroad(
    matcher: TopicMatcher, text: str
) -> None:
    assert predicted(matcher, text) == "help_abroad"


def test_asking_about_a_border_crossing_before_leaving_stays_scam_compounds(
    matcher: TopicMatcher,
) -> None:
    text = "before i go, why do these thailand jobs take people across the river to myanmar"
    assert predicted(matcher, text) == "scam_compounds"


@pytest.mark.parametrize(
    "text",
    [
        "cleaner job in dubai and they promise 3000 dollars a month, does a cleaner really get that",
        "chowkidar ki naukri ke 3 lakh mahana, itna koi deta he kya",
        "مالی کے کام کے تین لاکھ روپے مہینہ کہہ رہے ہیں، کیا مالی کو اتنے ملتے ہیں",
        "د باغوان کار ته په میاشت کې درې لکه، باغوان ته دومره څوک ورکوي",
    ],
)
def test_pay_too_good_for_the_job_is_salary_not_fees(matcher: TopicMatcher, text: str) -> None:
    assert predicted(matcher, text) == "salary"


@pytest.mark.parametrize(
    "text",
    [
        "yahan jo likha wo kisi sarkari banday ko dikhate ho",
        "کیا میری لکھی ہوئی باتیں کسی افسر تک پہنچتی ہیں",
        "زما خبرې بل چا ته ښکاري که نه",
    ],
)
def test_asking_who_sees_what_is_written_here_is_privacy(matcher: TopicMatcher, text: str) -> None:
    assert predicted(matcher, text) == "privacy"


@pytest.mark.parametrize(
    "text", ["mera phone garam ho jata he", "ستاسو نوم څه شی دی", "میرے فون کی سکرین ٹوٹ گئی ہے"]
)
def test_phone_trouble_and_asking_the_bot_its_name_get_none(
    matcher: TopicMatcher, text: str
) -> None:
    assert predicted(matcher, text) is None

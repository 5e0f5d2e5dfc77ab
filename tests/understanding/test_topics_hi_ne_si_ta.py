"""FAQ topics in Hindi, Nepali, Sinhala and Tamil as people type them on phones.

The sentences are written for this test and appear in no example file: the topics that the
learnt model used to give up on (someone trapped, coming home, privacy, alerts) must be
recognised in new wording, and everyday replies must stay without a topic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.understanding.topics import TopicMatcher

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def matcher() -> TopicMatcher:
    return TopicMatcher.load(CONTENT)


@pytest.mark.parametrize(
    ("text", "language", "topic"),
    [
        ("मेरे चाचा को दुबई में कंपनी ने बंद कर रखा है कैसे छुड़ाएं", "hi", "help_abroad"),
        ("कंबोडिया से लौटकर आया हूं अब आगे क्या करना है", "hi", "returnees"),
        ("ye baat kisi ko pata to nahi chalegi na", "hi", "privacy"),
        ("नई धोखाधड़ी की चेतावनी मेरे को भी भेजना", "hi", "alerts"),
        ("दाइलाई कतारमा कम्पनीले थुनेर राखेको छ कसरी छुटाउने", "ne", "help_abroad"),
        ("म्यानमारबाट फर्केर आएँ अब मैले के गर्नुपर्छ", "ne", "returnees"),
        ("मैले सोधेको कुरा कसैलाई थाहा हुँदैन होला नि", "ne", "privacy"),
        ("नयाँ ठगीको चेतावनी मलाई पनि पठाउनुस् है", "ne", "alerts"),
        ("අයියව කටාර් එකේ කම්පැනිය හිර කරලා ඉන්නේ කොහොමද නිදහස් කරගන්නේ", "si", "help_abroad"),
        ("කාම්බෝජයේ ඉඳන් ආපහු ආවා දැන් මම මොකද කරන්න ඕන", "si", "returnees"),
        ("mama ahapu ewa kawuruwath danagannawada", "si", "privacy"),
        ("අලුත් වංචා ගැන අනතුරු ඇඟවීම් මටත් එවන්න", "si", "alerts"),
        ("அண்ணனை கத்தார்ல company அடைச்சு வச்சிருக்கு எப்படி விடுவிக்கிறது", "ta", "help_abroad"),
        ("கம்போடியாலேருந்து திரும்பி வந்துட்டேன் இனி என்ன பண்ணணும்", "ta", "returnees"),
        ("naan ketta vishayam yaarukkavadhu theriyuma", "ta", "privacy"),
        ("புது மோசடி பத்தின எச்சரிக்கை எனக்கும் அனுப்புங்க", "ta", "alerts"),
    ],
)
def test_new_wording_of_the_weak_topics_is_recognised(
    matcher: TopicMatcher, text: str, language: str, topic: str
) -> None:
    match = matcher.match(text, language)
    assert match is not None and match.topic == topic, match


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ठीक है भाई धन्यवाद", "hi"),
        ("आज बहुत गर्मी है", "hi"),
        ("हुन्छ दाइ धन्यवाद", "ne"),
        ("आज पानी पर्छ होला", "ne"),
        ("හරි අයියේ ස්තූතියි", "si"),
        ("අද වැස්ස වගේ", "si"),
        ("சரிங்க அண்ணா நன்றி", "ta"),
        ("இன்னைக்கு மழை வருமா", "ta"),
    ],
)
def test_everyday_replies_get_no_topic(matcher: TopicMatcher, text: str, language: str) -> None:
    assert matcher.match(text, language) is None

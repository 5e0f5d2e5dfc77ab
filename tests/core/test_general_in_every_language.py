"""Issue 13: a user whose home country has no pack reads the general guidance in their language.

*Other country* (a Pashto speaker from Afghanistan, an Urdu speaker in the Gulf) gets the
general view. Its welcome page, its verdict's next steps and the FAQ answers that name offices
were written only in English, so that user read those screens in English. Every language now
writes them, and ``content check`` counts a missing one like any other text.
"""

from __future__ import annotations

import re

import pytest

from bot.content.country_packs import FAQ_COUNTRY_TOPICS
from bot.content.model import Content
from bot.core import callbacks
from bot.core.events import Press
from bot.core.home_country import OTHER
from bot.core.state import UserState
from tests.core.test_conversation import CoreUser, answer_all

# Each language and the script it is written in (None: Latin letters, as English).
SCRIPTS: dict[str, str | None] = {
    "ur": "[\u0600-\u06ff]",
    "ps": "[\u0600-\u06ff]",
    "ur-Latn": None,
    "hi": "[\u0900-\u097f]",
    "ne": "[\u0900-\u097f]",
    "bn": "[\u0980-\u09ff]",
    "si": "[\u0d80-\u0dff]",
    "ta": "[\u0b80-\u0bff]",
    "id": None,
    "fil": None,
}
DANGER = {"destination": "thailand", "visa": "visit_visa", "job": "call_centre_typing"}


def other_country_user(content: Content, language: str) -> CoreUser:
    """A user who reads ``language`` and has chosen *Other country*, before their first /start."""
    user = CoreUser(content, hint=language)
    user.saved = UserState(language=language, country=OTHER).to_json()
    return user


def in_language(text: str, english: str, language: str) -> None:
    assert text.strip(), language
    assert text != english, f"{language}: shown in English"
    script = SCRIPTS[language]
    if script is not None:
        assert re.search(script, text), f"{language}: not in its script: {text[:80]}"


def test_every_language_of_the_bot_is_checked_here(content: Content) -> None:
    assert set(SCRIPTS) == set(content.languages) - {content.default_language}


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_other_country_welcome_page_is_in_the_users_language(
    content: Content, language: str
) -> None:
    user = other_country_user(content, language)
    user.send("/start")
    general = content.for_country(OTHER)
    welcome = general.language(language).text("pages", "welcome")
    english = general.language("en").text("pages", "welcome")
    in_language(welcome, english, language)
    assert welcome in user.text and english not in user.text


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_other_country_danger_verdict_gives_next_steps_in_the_users_language(
    content: Content, language: str
) -> None:
    user = other_country_user(content, language)
    user.send("/check")
    answer_all(user, content, DANGER, lang=language)
    general = content.for_country(OTHER)
    ours = general.language(language)
    assert ours.text("levels", "danger", "title") in user.text, "a danger verdict"
    in_language(
        ours.text("levels", "danger", "summary"),
        general.language("en").text("levels", "danger", "summary"),
        language,
    )
    steps = ours.texts["next_steps"]["danger"]
    english_steps = general.language("en").texts["next_steps"]["danger"]
    for step, english in zip(steps, english_steps, strict=True):
        in_language(step, english, language)
        assert step in user.text and english not in user.text


@pytest.mark.parametrize("language", sorted(SCRIPTS))
@pytest.mark.parametrize("topic", FAQ_COUNTRY_TOPICS)
def test_other_country_faq_answers_naming_offices_are_in_the_users_language(
    content: Content, language: str, topic: str
) -> None:
    user = other_country_user(content, language)
    user.send("/start")
    user._do(Press(callbacks.encode("faq", topic)))  # the topic's button, as the FAQ list shows it
    general = content.for_country(OTHER)
    answer = general.language(language).text("faq", topic, "answer")
    english = general.language("en").text("faq", topic, "answer")
    in_language(answer, english, language)
    assert answer in user.text and english not in user.text

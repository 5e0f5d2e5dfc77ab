"""A Bengali, Sinhala, Tamil or Nepali reader gets the bot in their language, as a user acts.

Through the pure core with the real content: the language is chosen on the first /start,
then the menu and a checklist question (with its answer buttons and the "why" text) come in
that language, and a pressed answer moves on to the next question, still in that language.
"""

from __future__ import annotations

import pytest

from bot.content.model import Content
from tests.core.test_conversation import CoreUser

# (language id, its name on the language button, Telegram's language_code)
READERS = [
    ("bn", "বাংলা", "bn"),
    ("si", "සිංහල", "si"),
    ("ta", "தமிழ்", "ta"),
    ("ne", "नेपाली", "ne"),  # Nepal's pack: the DoFE licence question in Nepali
    ("hi", "हिन्दी", "hi"),  # India's pack: the eMigrate RC question in Hindi
    ("id", "Bahasa Indonesia", "id"),  # Indonesia's pack: the SIP3MI question
    ("fil", "Filipino", "fil"),  # the Philippines' pack: the DMW licence question
]


@pytest.mark.parametrize(("language", "name", "hint"), READERS)
def test_a_reader_gets_the_menu_and_the_checklist_in_their_language(
    content: Content, language: str, name: str, hint: str
) -> None:
    lang = content.language(language)
    english = content.language("en")
    user = CoreUser(content, hint=hint)
    user.send("/start")
    assert name in user.labels(), "the language is offered on the first /start"
    user.press(name)
    check = lang.translate("Check a job offer")
    assert check != english.translate("Check a job offer"), "the menu button is translated"
    assert check in user.labels()
    assert lang.text("pages", "menu") in user.text

    user.press(check)
    # The home country guessed from the language (bn: Bangladesh) brings its pack's texts,
    # so the question must be read through that country's view, in both languages.
    view = content.for_country(user.saved.get("country"))
    lang, english = view.language(language), view.language("en")
    first = content.checklist.questions[user.saved["checklist"]["position"]]
    question = lang.text("checklist", first.id, "question")
    assert question != english.text("checklist", first.id, "question")
    assert question in user.text
    answers = [lang.text("checklist", first.id, "answers", a.id) for a in first.answers]
    assert set(answers) <= set(user.labels()), "the answer buttons are in the language too"

    user.press(answers[0])
    second = content.checklist.questions[user.saved["checklist"]["position"]]
    assert second.id != first.id
    assert lang.text("checklist", second.id, "question") in user.text


@pytest.mark.parametrize(("language", "name", "hint"), READERS)
def test_a_returning_reader_goes_straight_to_their_menu(
    content: Content, language: str, name: str, hint: str
) -> None:
    user = CoreUser(content, hint=hint)
    user.send("/start")
    user.press(name)
    user.send("/start")
    assert content.language(language).translate("Check a job offer") in user.labels()

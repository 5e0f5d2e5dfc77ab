"""*🔊 Listen* in the pure core: offered only where a recording exists, gone when it is gone."""

from __future__ import annotations

from dataclasses import replace

from bot.content.audio import path_of, text_stamp
from bot.content.country_packs import with_countries
from bot.content.model import Content, Recording, Recordings
from bot.core.conversation import advance
from bot.core.events import Command, Incoming, Press
from bot.core.state import UserState
from tests.core.test_conversation import CoreUser

QUESTION = "recruiter"


def recorded(content: Content, *keys: str, language: str = "en") -> Content:
    """Recordings of the general text of ``keys``, stamped as the recorder stamps them."""
    lang = content.for_country(None).language(language)
    found = {
        k: Recording(
            language, k, f"audio/{language}/{k}.ogg", "d1g3st", 3, text_stamp(lang, path_of(k))
        )
        for k in keys
    }
    packs = content.countries.values()  # each country's view is rebuilt with the recordings
    return with_countries(replace(content, recordings=Recordings({language: found})), packs)


def listen_labels(user: CoreUser) -> list[str]:
    assert user.screen is not None
    return [b.label for row in user.screen.buttons for b in row if "🔊" in b.label]


def test_no_button_without_a_recording(content: Content) -> None:
    user = CoreUser(content)
    user.send("/check")
    assert listen_labels(user) == []


def test_the_question_and_its_recorded_answers_are_sent_as_voices(content: Content) -> None:
    question = content.checklist.question(QUESTION)
    assert question is not None
    first, second = (f"checklist.{QUESTION}.answers.{a.id}" for a in question.answers[:2])
    user = CoreUser(recorded(content, f"checklist.{QUESTION}.question", second, first))
    user.send("/check")
    assert listen_labels(user) == ["🔊 Listen"]
    outcome = user.press("🔊 Listen")
    voices = [r.voice.key for r in outcome.replies if r.voice is not None]
    assert voices == [f"checklist.{QUESTION}.question", first, second], "in the buttons' order"
    assert outcome.replies[-1].buttons and outcome.replies[-1].voice is None  # the question again
    en = content.language("en")
    assert outcome.replies[1].text == en.text(
        "checklist", QUESTION, "answers", question.answers[0].id
    )


def test_a_listen_button_whose_recording_is_gone_is_stale(content: Content) -> None:
    with_audio = recorded(content, f"checklist.{QUESTION}.question")
    outcome = advance(None, Incoming(Command("check"), "en"), with_audio)
    state = outcome.state
    assert isinstance(state, UserState)
    pressed = advance(state, Incoming(Press(f"hear:{QUESTION}"), "en"), content)
    assert all(r.voice is None for r in pressed.replies)
    assert pressed.toast  # "That button is no longer active."
    forged = advance(state, Incoming(Press("hear_v:nonsense:summary"), "en"), with_audio)
    assert all(r.voice is None for r in forged.replies) and forged.toast

"""*Talk to a person*: consent, the relayed conversation, and its end. Pure, like the core.

The core decides what the user sees and asks the helpdesk service (:mod:`bot.helpdesk`) for
the I/O through effects:

* ``("helpdesk_open",)`` — open a case (a forum topic) and say who answers, and when;
* ``("helpdesk_relay", <text>)`` — pass the text to the counsellor (never logged);
* ``("helpdesk_close",)`` — close the user's case;
* ``("helpdesk_share",)`` — the user chose to show the counsellor their Telegram name.

Nothing here writes a question-log row: what someone tells a counsellor is not a question
for the statistics.
"""

from __future__ import annotations

from dataclasses import replace as copy

from bot.content.model import Content, Language
from bot.core import callbacks, screens
from bot.core.events import Command, Event, Picture, Text
from bot.core.replies import Button, Outcome, Reply
from bot.core.state import UserState

PRESSES = frozenset({"talk", "talk_yes", "talk_end", "talk_share"})
SCREEN = "helpdesk"


def talk_row(lang: Language) -> tuple[Button, ...]:
    """The *Talk to a person* button (removed by the core when no helpdesk is configured)."""
    return (Button(lang.translate("Talk to a person"), callbacks.encode("talk")),)


def end_row(lang: Language) -> tuple[Button, ...]:
    return (Button(lang.translate("End the conversation"), callbacks.encode("talk_end")),)


def press(state: UserState, kind: str, lang: Language, content: Content) -> Outcome:
    """A press of one of :data:`PRESSES`."""
    t = lang.translate
    if kind == "talk":
        text = f"{lang.text('helpdesk', 'consent')}\n\n<i>{lang.text('helpdesk', 'hours')}</i>"
        buttons = (
            (Button(t("Yes, connect me"), callbacks.encode("talk_yes")),),
            (Button(t("No, go back"), callbacks.encode("help")),),
            screens.menu_row(lang),
        )
        return Outcome(
            replies=(screens.reply(lang, text, buttons, replace=True),),
            state=copy(state, screen="talk_consent"),
        )
    if kind == "talk_yes":
        if state.screen == SCREEN:
            return Outcome(replies=(), state=state, toast=t("You are already connected."))
        return Outcome(replies=(), state=copy(state, screen=SCREEN), effects=(("helpdesk_open",),))
    if kind == "talk_share":
        if state.screen != SCREEN:
            return Outcome(replies=(), state=state, toast=t("That button is no longer active."))
        return Outcome(
            replies=(),
            state=state,
            toast=t("The counsellor can now see your Telegram name."),
            effects=(("helpdesk_share",),),
        )
    return end(state, lang)


def connected(lang: Language, case_no: int, *, open_now: bool) -> Reply:
    """After the case was opened: the case number, and the automatic answer outside hours."""
    t = lang.translate
    parts = [
        t(
            "You are connected. Your case number is {case}. Write your message here: a counsellor will answer in this chat. Send /end when you are done.",
            case=case_no,
        )
    ]
    if not open_now:
        parts.append(lang.text("helpdesk", "closed_now"))
    parts.append(f"<i>{lang.text('helpdesk', 'hours')}</i>")
    share = (Button(t("Show my Telegram name to the counsellor"), callbacks.encode("talk_share")),)
    return screens.reply(lang, "\n\n".join(parts), (share, end_row(lang), screens.menu_row(lang)))


def end(state: UserState, lang: Language) -> Outcome:
    """Close the case (``/end``, the button, or leaving for another flow)."""
    text = lang.translate("The conversation with the counsellor has ended.")
    return Outcome(
        replies=(screens.menu(lang, prefix=text),),
        state=copy(state, screen="menu"),
        effects=(("helpdesk_close",),),
    )


def in_conversation(state: UserState, event: Event, lang: Language) -> Outcome | None:
    """While connected: text goes to the counsellor, /end ends; None for anything else."""
    if state.screen != SCREEN:
        return None
    if isinstance(event, Command) and event.name == "end":
        return end(state, lang)
    if isinstance(event, Text):
        return Outcome(replies=(), state=state, effects=(("helpdesk_relay", event.text),))
    if isinstance(event, Picture):
        text = lang.translate(
            "Only written messages can be passed on to the counsellor. Please type what you want to say."
        )
        return Outcome(replies=(screens.reply(lang, text, (end_row(lang),)),), state=state)
    return None


def leaving(state: UserState, event: Event, outcome: Outcome) -> Outcome:
    """Someone connected who opens another flow (a command, a menu button) ends the case."""
    if state.screen != SCREEN or outcome.state is None or outcome.state.screen == SCREEN:
        return outcome
    if isinstance(event, Text | Picture):
        return outcome
    return copy(outcome, effects=(("helpdesk_close",), *outcome.effects))

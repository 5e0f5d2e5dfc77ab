"""Subscribing to agency warnings: ``/subscribe``, ``/unsubscribe``, and the offer after a verdict.

Pure like the rest of the core: the replies are decided here, and the store is changed by
the conversation service, which performs the returned effects:

* ``("subscribe", <language>, <home country or "">)`` — keep this chat as a subscriber in that
  language, of that home country;
* ``("subscribe_country", <country id>)`` — remember where the subscriber is;
* ``("unsubscribe",)`` — remove the subscription.

The core never learns whether a chat is subscribed: no state links a conversation to a
subscription, so every answer here is true whether or not the chat was subscribed before.
"""

from __future__ import annotations

from dataclasses import replace as copy

from bot.content.model import Content, Language
from bot.core import callbacks, screens
from bot.core.countries import COUNTRIES, country
from bot.core.replies import Button, Outcome, Reply
from bot.core.state import UserState

COMMANDS = frozenset({"subscribe", "unsubscribe"})
PRESSES = frozenset({"alerts", "sub", "subc", "unsub"})


def command(state: UserState, name: str, lang: Language, content: Content) -> Outcome:
    """``/subscribe`` or ``/unsubscribe``."""
    if name == "subscribe":
        return _subscribe(state, lang)
    return _unsubscribe(state, lang, replace=False)


def press(state: UserState, action: callbacks.Action, lang: Language, content: Content) -> Outcome:
    """A press of one of :data:`PRESSES`."""
    if action.kind == "alerts":
        return _explain(state, lang)
    if action.kind == "sub":
        return _subscribe(state, lang)
    if action.kind == "unsub":
        return _unsubscribe(state, lang, replace=True)
    chosen = country(action.args[0]) if action.args[0] != "none" else None
    if chosen is None and action.args[0] != "none":
        return _outcome(
            state,
            screens.menu(lang, prefix=lang.translate("That button is from an older message.")),
        )
    t = lang.translate
    text = (
        t("Thank you. I will keep in mind that you are in {country}.", country=t(chosen.name))
        if chosen is not None
        else t("All right, no country.")
    )
    effects = (("subscribe_country", chosen.id),) if chosen is not None else ()
    return Outcome(
        replies=(screens.menu(lang, replace=True, prefix=text),),
        state=copy(state, screen="menu"),
        effects=effects,
    )


def _outcome(state: UserState, *replies: Reply) -> Outcome:
    return Outcome(replies=tuple(replies), state=state)


def _explain(state: UserState, lang: Language) -> Outcome:
    """From the menu: what the warnings are, and the choice."""
    t = lang.translate
    text = t(
        "Agencies that fight human trafficking send warnings about new fake job offers through me. "
        "They come in your language, a few times a month at most."
    )
    buttons = (
        (Button(t("Yes, send me warnings"), callbacks.encode("sub")),),
        (Button(t("Stop the warnings"), callbacks.encode("unsub")),),
        screens.menu_row(lang),
    )
    return _outcome(copy(state, screen="alerts"), screens.reply(lang, text, buttons, replace=True))


def _home(state: UserState) -> str:
    """The home country a subscription records: a pack's code, or "" (none, or *other*)."""
    return state.country if state.country and state.country != "other" else ""


def _subscribe(state: UserState, lang: Language) -> Outcome:
    """Subscribe, in a new message (a verdict the button was under stays readable)."""
    t = lang.translate
    text = (
        t(
            "Done: you will get warnings about new scams in {language}. "
            "To stop them, send /unsubscribe.",
            language=lang.name,
        )
        + "\n\n"
        + t(
            "If you like, tell me which country you are in now: warnings then arrive in "
            "the daytime there, and some warnings are only for one country."
        )
    )
    names = [Button(t(c.name), callbacks.encode("subc", c.id)) for c in COUNTRIES]
    rows = [tuple(names[i : i + 2]) for i in range(0, len(names), 2)]
    rows.append((Button(t("I'd rather not say"), callbacks.encode("subc", "none")),))
    return Outcome(
        replies=(screens.reply(lang, text, tuple(rows)),),
        state=copy(state, screen="subscribed"),
        # The home country too (or "" when none was chosen): broadcasts can target it.
        effects=(("subscribe", lang.code, _home(state)),),
    )


def _unsubscribe(state: UserState, lang: Language, *, replace: bool) -> Outcome:
    text = lang.translate("You will get no more warnings. To get them again, send /subscribe.")
    return Outcome(
        replies=(screens.menu(lang, replace=replace, prefix=text),),
        state=copy(state, screen="menu"),
        effects=(("unsubscribe",),),
    )

"""The home country: a choice of its own, apart from the language (DESIGN "Identifiers").

A Roman Hindustani writer may be in Lahore or in Lucknow, so the language only gives a first
guess; the user confirms it with a button on the first visit and changes it with /country.
The home country picks the country pack whose offices, facts and texts the user sees.
"""

from __future__ import annotations

from dataclasses import replace as copy

from bot.content.model import Content, Language
from bot.core import callbacks, screens
from bot.core.replies import Button, Outcome, Reply
from bot.core.state import UserState

OTHER = "other"  # a home country without a pack: the general guidance


def guess_country(content: Content, *hints: str | None) -> str | None:
    """A first guess from a language (chosen, or Telegram's hint); None when it says nothing.

    The guess is the one pack that is written in that language: Bengali means Bangladesh's
    pack. A language several packs are written in (English; Tamil, in India's and Sri Lanka's)
    says nothing, and the user is asked.
    """
    for hint in hints:
        if not hint:
            continue
        base = hint.replace("_", "-").split("-")[0].lower()
        language = hint if hint in content.languages else content.language_hints.get(base, base)
        packs = [code for code, pack in content.countries.items() if language in pack.languages]
        if len(packs) == 1:
            return packs[0]
    return None


def country_name(content: Content, lang: Language, code: str | None) -> str:
    """The country's name in ``lang`` (the pack's English when it has none in ``lang``)."""
    pack = content.countries.get(code or "")
    if pack is None:
        return lang.translate("Other country")
    return pack.name(lang.code, content.default_language)


def picker(content: Content, lang: Language, *, replace: bool) -> Reply:
    """One button per country pack, and *Other country* for the general guidance."""
    rows = tuple(
        (Button(country_name(content, lang, code), callbacks.encode("ctry", code)),)
        for code in content.countries
    )
    rows += ((Button(lang.translate("Other country"), callbacks.encode("ctry", OTHER)),),)
    text = lang.translate("Which is your home country, the one you would leave from?")
    return screens.reply(lang, text, (*rows, screens.menu_row(lang)), replace=replace)


def confirm_menu(content: Content, state: UserState, lang: Language) -> Reply:
    """The menu after the first language choice, with one row to confirm the home country.

    With a guess: *Yes, Pakistan* / *Another country*; without one: *Choose your home
    country*. One message, so a cheap phone's chat does not fill up on the first visit.
    """
    t = lang.translate
    guess = state.country
    if guess is not None and guess in content.countries:
        name = country_name(content, lang, guess)
        question = t("Is {country} your home country?", country=name)
        row: tuple[Button, ...] = (
            Button(t("Yes, {country}", country=name), callbacks.encode("ctry", guess)),
            Button(t("Another country"), callbacks.encode("country")),
        )
    else:
        question = t("Which is your home country, the one you would leave from?")
        row = (Button(t("Choose your home country"), callbacks.encode("country")),)
    shown = screens.menu(lang, replace=True, prefix=question)
    return copy(shown, buttons=(row, *shown.buttons))


def page(view: Content, lang: Language) -> str:
    """What the pack says about the home country: authority, checks, fees, clearance."""
    t = lang.translate
    steps = lang.text("country", "check_recruiter")
    numbered = "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))
    parts = [
        screens.heading(country_name(view, lang, view.home_country)),
        lang.text("country", "authority"),
        screens.heading(t("How to check a recruiter")) + "\n" + numbered,
        screens.heading(t("Fees")) + "\n" + lang.text("country", "fees"),
        screens.heading(t("Before you leave")) + "\n" + lang.text("country", "clearance"),
        screens.heading(t("Complaints")) + "\n" + lang.text("country", "complaint"),
    ]
    return "\n\n".join(parts)


def no_pack_notice(lang: Language) -> str:
    """Said when the home country has no pack: the bot gives the general guidance."""
    return lang.translate(
        "There is no guide for your country yet. I will show you the general guidance: ask your country's labour or emigration office which licence, fees and clearance apply to you."
    )


def choose(state: UserState, code: str, content: Content) -> Outcome:
    """Remember the chosen home country and show what its pack says (or that there is none)."""
    if code != OTHER and code not in content.countries:
        return Outcome(replies=(), state=state)
    chosen = copy(state, country=code, country_chosen=True, screen="menu")
    view = content.for_country(code)
    lang = view.language(state.language)
    text = no_pack_notice(lang) if code == OTHER else page(view, lang)
    guides = screens.guide_rows(lang, view.guides)  # the pack's guide pages, before the menu
    reply = screens.reply(lang, text, (*guides, *screens.menu_buttons(lang)), replace=True)
    return Outcome(
        replies=(reply,),
        state=chosen,
        toast=country_name(content, lang, code),
        effects=(("country", code),),  # a subscription follows the home country
    )

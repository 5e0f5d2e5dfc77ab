"""Screens of the admin flow (:mod:`bot.core.admin_flow`): content and counts in, Replies out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from bot.content.model import Content, Language
from bot.core import screens
from bot.core.admin_draft import AdminView, Draft, pakistan_time, start_time
from bot.core.broadcast_text import compose_texts
from bot.core.countries import COUNTRIES, country
from bot.core.home_country import country_name
from bot.core.replies import Button, Reply

PREFIX = "adm"
Rows = tuple[tuple[Button, ...], ...]


def _data(*parts: str | int) -> str:
    return ":".join((PREFIX, *map(str, parts)))


def _cancel_row(lang: Language) -> tuple[Button, ...]:
    return (Button(lang.translate("Cancel"), _data("quit")),)


def pick(lang: Language, content: Content, view: AdminView) -> Reply:
    """``/broadcast``: a prepared alert, or a new text."""
    t = lang.translate
    text = t(
        "New warning for subscribers ({count} active now). Choose a prepared alert, "
        "or write a new text:",
        count=view.total,
    )
    rows: list[tuple[Button, ...]] = [
        (Button(alert.title(lang.code, content.default_language), _data("tpl", alert.id)),)
        for alert in content.alerts
    ]
    rows.append((Button(t("Write a new text"), _data("write")),))
    rows.append(_cancel_row(lang))
    return screens.reply(lang, text, tuple(rows))


def write_language(lang: Language, content: Content) -> Reply:
    """Which language the admin is about to write in."""
    rows: list[tuple[Button, ...]] = [
        (Button(other.name, _data("wl", code)),) for code, other in content.languages.items()
    ]
    rows.append(_cancel_row(lang))
    text = lang.translate("In which language will you write the warning?")
    return screens.reply(lang, text, tuple(rows), replace=True)


def write_prompt(lang: Language, content: Content, code: str) -> Reply:
    """Waiting for the admin's text."""
    text = lang.translate(
        "Send me the warning in {language} as one message. It is sent exactly as you write it.",
        language=content.languages[code].name,
    )
    return screens.reply(lang, text, (_cancel_row(lang),), replace=True)


def text_refused(lang: Language, problems: Sequence[str]) -> Reply:
    """The typed text cannot be sent; say why (the admin stays in writing mode)."""
    reasons = "\n".join(f"• {escape(p)}" for p in problems)
    text = lang.translate("I cannot send this text. Please send it again:") + "\n" + reasons
    return screens.reply(lang, text, (_cancel_row(lang),))


def written(lang: Language, content: Content, code: str) -> Reply:
    """A text was saved; more languages, or on to the audience."""
    t = lang.translate
    text = t(
        "Saved the text in {language}. Subscribers who read another language get it too, "
        "unless you add a text in their language.",
        language=content.languages[code].name,
    )
    rows = (
        (Button(t("Add another language"), _data("write")),),
        (Button(t("Continue"), _data("next")),),
        _cancel_row(lang),
    )
    return screens.reply(lang, text, rows)


def audience(lang: Language, view: AdminView) -> Reply:
    """Who gets it: everyone, one language, one country they are in, one home country."""
    t = lang.translate
    rows = (
        (Button(t("Everyone ({count})", count=view.total), _data("aud", "all")),),
        (Button(t("Only one language"), _data("aud", "lang")),),
        (Button(t("Only one country"), _data("aud", "cty")),),
        (Button(t("Only people from one country"), _data("aud", "home")),),
        _cancel_row(lang),
    )
    return screens.reply(lang, t("Who should get this warning?"), rows, replace=True)


def _counted(label: str, count: int) -> str:
    return f"{label} ({count})"


def pick_language(lang: Language, content: Content, view: AdminView) -> Reply:
    """Audience: one language, each with its number of subscribers."""
    rows: list[tuple[Button, ...]] = [
        (Button(f"{other.name} ({view.count({'language': code})})", _data("al", code)),)
        for code, other in content.languages.items()
    ]
    rows.append(_cancel_row(lang))
    return screens.reply(lang, lang.translate("Which language?"), tuple(rows), replace=True)


def pick_country(lang: Language, content: Content, view: AdminView) -> Reply:
    """Audience: one country (as subscribers told it), with counts."""
    t = lang.translate
    names = [
        Button(_counted(t(c.name), view.count({"country": c.id})), _data("ac", c.id))
        for c in COUNTRIES
    ]
    rows = [tuple(names[i : i + 2]) for i in range(0, len(names), 2)]
    rows.append(_cancel_row(lang))
    text = t("Which country? Only subscribers who told me they are there get it.")
    return screens.reply(lang, text, tuple(rows), replace=True)


def pick_home(lang: Language, content: Content, view: AdminView) -> Reply:
    """Audience: one home country (a country pack, named as /country names it), with counts."""
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                _counted(country_name(content, lang, code), view.count({"home_country": code})),
                _data("ah", code),
            ),
        )
        for code in content.countries
    ]
    rows.append(_cancel_row(lang))
    text = lang.translate(
        "Which home country? Only subscribers who told me they are from there get it."
    )
    return screens.reply(lang, text, tuple(rows), replace=True)


def preview_intro(lang: Language, anyone: bool) -> Reply:
    """Replaces the audience buttons, above the exact messages."""
    t = lang.translate
    text = (
        t("Preview: below is the warning exactly as subscribers will see it.")
        if anyone
        else t("Preview")
    )
    return screens.reply(lang, text, replace=True)


def exact_messages(
    content: Content, draft: Draft, recipients: Mapping[str, int]
) -> tuple[Reply, ...]:
    """One message per language that has recipients: exactly the text they will get."""
    texts = compose_texts(content, draft.bodies)
    return tuple(
        screens.reply(content.language(code), texts[code])
        for code in content.languages
        if recipients.get(code)
    )


def describe_audience(lang: Language, content: Content, chosen: Mapping[str, str]) -> str:
    """``everyone``, ``readers of Urdu``, ``subscribers in Thailand``, ``… from Bangladesh``."""
    t = lang.translate
    if chosen.get("language"):
        return t("readers of {language}", language=content.language(chosen["language"]).name)
    if chosen.get("home_country") in content.countries:
        name = country_name(content, lang, chosen["home_country"])
        return t("subscribers from {country}", country=name)
    found = country(chosen.get("country"))
    if found is not None:
        return t("subscribers in {country}", country=t(found.name))
    return t("everyone")


def _start_label(lang: Language, draft: Draft, now: float) -> str:
    t = lang.translate
    if draft.start == "now":
        return t("now")
    return t("{time} Pakistan time", time=pakistan_time(start_time(draft.start, now)))


def _spread_label(lang: Language, hours: int) -> str:
    t = lang.translate
    return t("no, as fast as allowed") if not hours else t("over {hours} hours", hours=hours)


def summary(lang: Language, content: Content, draft: Draft, view: AdminView) -> Reply:
    """Who gets it, when, how fast; the options; the button that sends it."""
    t = lang.translate
    chosen = draft.audience or {}
    counts = view.by_language(chosen)
    total = sum(counts.values())
    per_language = ", ".join(
        f"{content.language(code).name} {counts[code]}"
        for code in content.languages
        if code in counts
    )
    quiet = t("on") if draft.quiet else t("off")
    lines = [
        "<b>" + t("Ready to send") + "</b>",
        t("Recipients: {count}", count=total) + (f" ({per_language})" if per_language else ""),
        t("Audience: {audience}", audience=describe_audience(lang, content, chosen)),
        t("Start: {start}", start=_start_label(lang, draft, view.now)),
        t("Spread over time: {spread}", spread=_spread_label(lang, draft.spread)),
        t("Quiet at night (22:00–08:00 where the subscriber is): {quiet}", quiet=quiet),
    ]
    rows: list[tuple[Button, ...]] = []
    if total:
        rows.append((Button(t("Send to {count} subscribers", count=total), _data("send")),))
    else:
        lines.append(t("Nobody would get this: no active subscriber matches."))
    rows += [
        (
            Button(t("Change start"), _data("when")),
            Button(t("Change spread"), _data("spread")),
        ),
        (Button(t("Quiet at night on or off"), _data("quiet")),),
        (Button(t("Change who gets it"), _data("next")),),
        _cancel_row(lang),
    ]
    return screens.reply(lang, "\n".join(lines), tuple(rows), replace=True)


def queued(lang: Language, broadcast_id: int, total: int, start_at: float, now: float) -> Reply:
    """After confirming: the broadcast's number and when it starts."""
    t = lang.translate
    if start_at <= now + 1:
        text = t(
            "Broadcast #{number} is on its way to {count} subscribers. I will keep one message "
            "below up to date with its progress. To stop it, send /broadcast_cancel.",
            number=broadcast_id,
            count=total,
        )
    else:
        text = t(
            "Broadcast #{number} to {count} subscribers will start at {time} Pakistan time. "
            "To stop it, send /broadcast_cancel.",
            number=broadcast_id,
            count=total,
            time=pakistan_time(start_at),
        )
    return screens.reply(lang, text, replace=True)


def running(lang: Language, view: AdminView) -> Reply:
    """``/broadcast_cancel``: the broadcasts that can still be stopped."""
    t = lang.translate
    if not view.active:
        return screens.reply(lang, t("No broadcast is being sent or waiting to start."))
    lines = [t("Which broadcast should I stop?")]
    rows = []
    for item in view.active:
        lines.append(
            t(
                "#{number}: {done} of {total} done, started {time} Pakistan time",
                number=item.id,
                done=item.processed,
                total=item.total,
                time=pakistan_time(item.start_at),
            )
        )
        rows.append((Button(t("Stop #{number}", number=item.id), _data("stop", item.id)),))
    return screens.reply(lang, "\n".join(lines), tuple(rows))


def cancelled(lang: Language, broadcast_id: int, sent: int, stopped: int, found: bool) -> Reply:
    """After ``/broadcast_cancel``."""
    t = lang.translate
    if not found:
        text = t("There is no running broadcast #{number}.", number=broadcast_id)
    else:
        text = t(
            "Broadcast #{number} is stopped: {sent} messages were sent, {stopped} will not be sent.",
            number=broadcast_id,
            sent=sent,
            stopped=stopped,
        )
    return screens.reply(lang, text, replace=True)


def no_draft(lang: Language) -> Reply:
    """A button of a draft that was sent, cancelled or replaced."""
    text = lang.translate("This draft is closed. Send /broadcast to start a new one.")
    return screens.reply(lang, text)


def dropped(lang: Language) -> Reply:
    """The admin cancelled the draft."""
    return screens.reply(lang, lang.translate("Cancelled. Nothing was sent."), replace=True)

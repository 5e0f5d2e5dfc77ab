"""*Share this warning*: cards a user can send into another chat (Telegram inline mode).

Typing the bot's @name in any chat (or pressing *Share this warning*) offers the current
alerts and the user's last verdict as cards. A card says what the warning says and how to
reach the bot; it holds nothing about the person who shares it: no answer they gave, no
words of their ad, no name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.content.model import Content, Language
from bot.core import broadcast_text, callbacks, screens
from bot.core.replies import Button, Reply
from bot.core.scoring import Assessment
from bot.core.state import UserState
from bot.telegram_html import parse_html

LAST_VERDICT = "last_verdict"  # key in UserState.extra
BROADCAST_QUERY = "b"  # inline query "b12": broadcast #12 first
MAX_FLAGS = 5


@dataclass(frozen=True)
class Card:
    """One inline result: ``html`` is the message that lands in the other chat."""

    id: str
    title: str
    description: str
    html: str


@dataclass(frozen=True)
class CardPicture:
    """What a picture card says: a title, lines of text, a footer; ``level`` picks the colour."""

    title: str
    lines: tuple[str, ...]
    footer: str
    direction: str  # "ltr" or "rtl"
    level: str | None = None


def share_row(lang: Language) -> tuple[Button, ...]:
    """*Share this warning* (Telegram's chat picker with the inline cards) and the picture card."""
    t = lang.translate
    return (
        Button(t("Share this warning"), callbacks.encode("share"), switch_inline=""),
        Button(t("Share as a picture"), callbacks.encode("share_picture")),
    )


def alert_row(lang: Language, broadcast_id: int) -> tuple[Button, ...]:
    """*Share this warning* under a broadcast alert: the chat picker opens with that alert's
    card first (the inline query ``b<number>``, see :func:`broadcast_card`); and that alert
    as a picture card (:func:`broadcast_picture`)."""
    return (
        Button(
            lang.translate("Share this warning"),
            callbacks.encode("share"),
            switch_inline=f"{BROADCAST_QUERY}{broadcast_id}",
        ),
        Button(lang.translate("Share as a picture"), callbacks.encode("bpic", broadcast_id)),
    )


def pictured_broadcast(data: str) -> int | None:
    """The broadcast a *Share as a picture* press under a copy names, or None."""
    action = callbacks.parse(data)
    return callbacks.small_number(action.args[0]) if action.kind == "bpic" else None


def broadcast_number(query: str) -> int | None:
    """The broadcast an inline query names (``b12``), or None for any other query."""
    query = query.strip()
    if not query.startswith(BROADCAST_QUERY):
        return None
    return callbacks.small_number(query[len(BROADCAST_QUERY) :])


def broadcast_card(broadcast_id: int, html: str, lang: Language, bot: str | None) -> Card:
    """A broadcast alert as a card: the agency's words as they were sent, and the footer."""
    html = broadcast_text.shared_body(html, lang)
    plain = _plain(html)
    title = lang.translate("Warning about a new scam")
    return Card(
        f"broadcast-{broadcast_id}",
        title,
        plain[:200],
        f"⚠️ <b>{title}</b>\n\n{html}\n\n{footer(lang, bot)}",
    )


def remember(assessment: Assessment) -> dict[str, Any]:
    """What a verdict card needs: the level and the flags, never the answers or the ad."""
    return {"level": assessment.level, "flags": list(assessment.flags)}


def _plain(html: str) -> str:
    return html.replace("<b>", "").replace("</b>", "").replace("<i>", "").replace("</i>", "")


def verdict_card(content: Content, lang: Language, memo: dict[str, Any], bot: str | None) -> Card:
    """The last verdict as a warning for the family."""
    t = lang.translate
    level = str(memo.get("level"))
    icon = content.checklist.icons.get(level, "")
    title = lang.text("levels", level, "title")
    flags = [str(f) for f in memo.get("flags", ()) if f in content.checklist.flag_weights]
    checked = t("A job offer was checked: {level}", level=title)
    parts = [
        f"{icon} <b>{checked}</b>".strip(),
        lang.text("levels", level, "summary"),
    ]
    if flags:
        parts.append("\n".join(f"• {lang.text('flags', f, 'found')}" for f in flags[:MAX_FLAGS]))
    parts.append(footer(lang, bot))
    return Card(
        f"verdict-{level}",
        _plain(title),
        _plain(lang.text("levels", level, "summary"))[:200],
        "\n\n".join(parts),
    )


def footer(lang: Language, bot: str | None) -> str:
    """How the family can check an offer themselves (the bot's @name where it has one)."""
    if not bot:
        return lang.translate("Check a job offer abroad before you pay or travel.")
    return lang.translate("Check a job offer abroad before you pay or travel: @{bot}", bot=bot)


def cards(
    state: UserState | None, content: Content, lang: Language, bot: str | None
) -> tuple[Card, ...]:
    """The user's last verdict (if any), then every alert, in ``lang``."""
    found: list[Card] = []
    memo = state.extra.get(LAST_VERDICT) if state is not None else None
    if isinstance(memo, dict) and memo.get("level") in content.checklist.levels:
        found.append(verdict_card(content, lang, memo, bot))
    default = content.default_language
    for alert in content.alerts:
        title = alert.title(lang.code, default)
        text = alert.text(lang.code, default)
        html = f"⚠️ <b>{title}</b>\n\n{text}\n\n{footer(lang, bot)}"
        found.append(Card(f"alert-{alert.id}", _plain(title), _plain(text)[:200], html))
    return tuple(found)


def shared_here(state: UserState, content: Content, lang: Language) -> Reply:
    """Where inline mode does not exist (terminal, preview): the card itself, to forward."""
    t = lang.translate
    found = cards(state, content, lang, None)
    if not found:
        return screens.menu(lang, prefix=t("There is no warning to share yet."))
    intro = t("Forward this message to your family:")
    return screens.reply(lang, f"<i>{intro}</i>\n\n{found[0].html}", (screens.menu_row(lang),))


def picture(state: UserState, content: Content, lang: Language, bot: str | None) -> Reply:
    """The last verdict as a picture card (or the newest alert when there is no verdict).

    The reply carries the card's words; the conversation service draws the PNG.
    """
    t = lang.translate
    memo = state.extra.get(LAST_VERDICT)
    caption = t("Forward this picture to your family:")
    if isinstance(memo, dict) and memo.get("level") in content.checklist.levels:
        level = str(memo["level"])
        flags = [str(f) for f in memo.get("flags", ()) if f in content.checklist.flag_weights]
        card = CardPicture(
            title=_plain(
                t("A job offer was checked: {level}", level=lang.text("levels", level, "title"))
            ),
            lines=(
                _plain(lang.text("levels", level, "summary")),
                *(_plain(lang.text("flags", f, "found")) for f in flags[:MAX_FLAGS]),
            ),
            footer=_plain(footer(lang, bot)),
            direction=lang.direction,
            level=level,
        )
    elif content.alerts:
        alert = content.alerts[0]
        default = content.default_language
        card = CardPicture(
            title=_plain(alert.title(lang.code, default)),
            lines=tuple(_plain(alert.text(lang.code, default)).splitlines()),
            footer=_plain(footer(lang, bot)),
            direction=lang.direction,
        )
    else:
        return screens.menu(lang, prefix=t("There is no warning to share yet."))
    return Reply(caption, (screens.menu_row(lang),), direction=lang.direction, card=card)


def broadcast_picture(
    state: UserState,
    texts: Mapping[str, str] | None,
    content: Content,
    lang: Language,
    bot: str | None,
) -> Reply:
    """A broadcast alert as a picture card, in the reader's language where it was written
    in it: the agency's words, the bot's link, nothing about the person who shares it.

    ``texts`` is None when the broadcast is gone or was cancelled: then the usual picture.
    """
    if not texts:
        return picture(state, content, lang, bot)
    body = broadcast_text.pick_body(texts, lang.code, content.default_language)
    words = parse_html(broadcast_text.shared_body(body, lang)).text
    card = CardPicture(
        title=lang.translate("Warning about a new scam"),
        lines=tuple(line for line in map(_one_line, words.splitlines()) if line),
        footer=_plain(footer(lang, bot)),
        direction=lang.direction,
    )
    caption = lang.translate("Forward this picture to your family:")
    return Reply(caption, (screens.menu_row(lang),), direction=lang.direction, card=card)


def _one_line(line: str) -> str:
    """A line with its runs of spaces made one (emoji stay: the card draws them in colour)."""
    return " ".join(line.split())

"""The command menu Telegram shows, per language (``setMyCommands`` with ``language_code``)."""

from __future__ import annotations

from bot.content.catalogs import N_
from bot.content.model import Content, Language

# (command, description msgid); descriptions are translated through each language's catalog.
USER_MENU = (
    ("start", N_("Start and main menu")),
    ("check", N_("Check a job offer")),
    ("language", N_("Change language")),
    ("country", N_("Choose your home country")),
    ("subscribe", N_("Get warnings about new scams")),
    ("unsubscribe", N_("Stop the warnings")),
    ("help", N_("What I can do")),
    ("privacy", N_("What I keep about you")),
    ("forget_me", N_("Delete everything I hold about you")),
)


# Shown only in admins' own chats (a chat scope), never in the public menu.
ADMIN_MENU = (
    ("broadcast", N_("Send a warning to subscribers")),
    ("broadcast_cancel", N_("Stop a broadcast")),
    ("stats", N_("Statistics picture")),
    ("reports", N_("Review reported ads")),
    ("audit", N_("Latest agency actions")),
)

# Shown only in reviewers' own chats: they review reported ads but do not broadcast.
REVIEWER_MENU = (("reports", N_("Review reported ads")),)


def admin_menu(content: Content, *, reviewer: bool = False) -> list[tuple[str, str]]:
    """An admin's (or a reviewer's) menu: everyone's commands, then theirs (default language)."""
    lang = content.language(content.default_language)
    extra = REVIEWER_MENU if reviewer else ADMIN_MENU
    return menu_for(lang) + [(name, lang.translate(text)) for name, text in extra]


def staff_menus(
    content: Content, admin_ids: list[int], reviewer_ids: list[int]
) -> list[tuple[int, list[tuple[str, str]]]]:
    """Each admin's and each reviewer's chat with its menu (an admin's covers reviewing)."""
    menus = [(admin, admin_menu(content)) for admin in admin_ids]
    menus += [
        (reviewer, admin_menu(content, reviewer=True))
        for reviewer in reviewer_ids
        if reviewer not in admin_ids
    ]
    return menus


def menu_for(lang: Language) -> list[tuple[str, str]]:
    """The user command menu in ``lang``."""
    return [(name, lang.translate(description)) for name, description in USER_MENU]


def command_menus(content: Content) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """A default menu (``None``: no language_code) and one per two-letter language code.

    Telegram's ``language_code`` is ISO 639-1, so ``ur-Latn`` gets no menu of its own: Roman
    Urdu writers' Telegram apps report ``ur`` or ``en``.
    """
    menus: list[tuple[str | None, list[tuple[str, str]]]] = [
        (None, menu_for(content.language(content.default_language)))
    ]
    for code, lang in content.languages.items():
        if len(code) == 2:
            menus.append((code, menu_for(lang)))
    return menus

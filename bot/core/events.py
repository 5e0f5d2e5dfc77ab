"""What a user did, independent of the chat platform that carried it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.agency.lookup import Lookups
from bot.understanding.pipeline import Analysis


@dataclass(frozen=True)
class Command:
    """A slash command such as ``/check``; ``name`` has no slash and no ``@botname``."""

    name: str
    args: str = ""


@dataclass(frozen=True)
class Text:
    """Free text the user typed, pasted or forwarded.

    ``analysis`` is filled in by the conversation service before the core sees the event
    (reading is pure but needs the vocabularies loaded at start). ``lookups`` likewise: what
    the agency lists (known scam indicators, OEP licences) say about the text. ``destinations``:
    the countries the text names (KK Park is in Myanmar), for the contacts of someone in danger.
    """

    text: str
    forwarded: bool = False
    analysis: Analysis | None = None
    lookups: Lookups | None = None
    destinations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Picture:
    """The words read from a picture the user sent (a poster, a screenshot of an ad).

    ``text`` is empty when they could not be read with confidence; the picture itself never
    reaches the core. ``analysis``, ``lookups`` and ``destinations`` are filled in as for
    :class:`Text`.
    """

    text: str
    analysis: Analysis | None = None
    lookups: Lookups | None = None
    destinations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Press:
    """A press of an inline button; ``data`` is the button's callback data.

    ``shared``: for *Share as a picture* under a broadcast copy, that broadcast's messages
    per language, read from the store by the service (None: gone, cancelled, or another press).
    """

    data: str
    shared: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Unsupported:
    """Something the bot cannot read: a sticker, photo, voice note, location, ...

    ``kind`` names it (``sticker``, ``photo``, ``voice``, ``document``, ``location``,
    ``contact``, ``video``, ``audio``, ``animation``, ``other``) so the reply can say what
    was received and what the bot can do instead.
    """

    kind: str


Event = Command | Text | Picture | Press | Unsupported


@dataclass(frozen=True)
class Incoming:
    """An event with what the core needs to know about who sent it.

    ``language_hint`` is the platform's guess (Telegram's ``language_code``); ``roles`` holds
    ``"admin"``, ``"reviewer"`` and/or ``"editor"``. No id or name of the user ever reaches the core.
    """

    event: Event
    language_hint: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    helpdesk: bool = False  # a helpdesk group is configured: *Talk to a person* is offered
    bot_username: str | None = None  # the bot's own public @name, for shared cards

"""Callback data of inline buttons: short, versioned by checklist run, safe to parse.

Telegram limits callback data to 64 bytes and hands back whatever an old message carried,
so every press is parsed defensively: anything unknown becomes :data:`STALE`.
"""

from __future__ import annotations

from dataclasses import dataclass

SEPARATOR = ":"
MAX_DATA_BYTES = 64  # Telegram's limit; anything longer did not come from our buttons
_MAX_NUMBER_DIGITS = 12


@dataclass(frozen=True)
class Action:
    """A parsed button press: ``kind`` plus its arguments (``run`` when it belongs to a run)."""

    kind: str
    args: tuple[str, ...] = ()
    run: int | None = None


STALE = Action("stale")

# kind -> (number of arguments, whether the first argument is a run number)
_SHAPES: dict[str, tuple[int, bool]] = {
    "menu": (0, False),
    "check": (0, False),
    "restart": (0, False),
    "resume": (0, False),
    "help": (0, False),
    "privacy": (0, False),
    "language": (0, False),
    "forget": (0, False),
    "forget_yes": (0, False),
    "forget_no": (0, False),
    "lang": (1, False),
    "ctry": (1, False),
    "country": (0, False),
    "relang": (1, False),
    "talk": (0, False),
    "talk_yes": (0, False),
    "talk_end": (0, False),
    "talk_share": (0, False),
    "share": (0, False),
    "share_picture": (0, False),
    "bpic": (1, False),  # Share as a picture under a broadcast copy: the broadcast's number
    "place": (1, False),
    "sources": (1, False),
    "guide": (1, False),  # a guide page of the home country's pack: its id
    "a": (3, True),
    "why": (2, True),
    "back": (1, True),
    "ask": (0, False),
    "ad": (0, False),
    "topics": (0, False),
    "faq": (1, False),
    "helpful": (2, False),
    "report_ad": (0, False),
    "follow": (0, False),
    "alerts": (0, False),
    "sub": (0, False),
    "unsub": (0, False),
    "subc": (1, False),
    "hear": (1, False),  # 🔊 Listen to a question: its id
    "hear_v": (2, False),  # 🔊 Listen to a verdict: level, summary or doubts
}


def encode(kind: str, *args: str | int) -> str:
    """Build callback data; raises if the shape is unknown (a programming error)."""
    count, _ = _SHAPES[kind]
    if len(args) != count:
        raise ValueError(f"{kind} takes {count} arguments")
    return SEPARATOR.join((kind, *map(str, args)))


def small_number(text: str) -> int | None:
    """A run or broadcast number from button data or a command: ASCII digits only, short.

    ``str.isdigit`` alone accepts ``²`` and other digits ``int`` refuses, and an endless
    run of digits is no number of ours either; both give ``None``, never an exception.
    """
    if 0 < len(text) <= _MAX_NUMBER_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return None


def parse(data: object) -> Action:
    """Parse callback data from Telegram; garbage or old formats give :data:`STALE`.

    Anything at all may arrive (an old message, a modified client): data that is not a
    short string, an unknown kind, the wrong number of parts, a run number that is not a
    plain small number, or control characters all end as :data:`STALE`, never an error.
    """
    if not isinstance(data, str) or len(data.encode("utf-8", "replace")) > MAX_DATA_BYTES:
        return STALE
    if not data.isprintable():
        return STALE
    kind, *args = data.split(SEPARATOR)
    shape = _SHAPES.get(kind)
    if shape is None or len(args) != shape[0] or any(not a for a in args):
        return STALE
    if shape[1]:
        run = small_number(args[0])
        if run is None:
            return STALE
        return Action(kind, tuple(args[1:]), run)
    return Action(kind, tuple(args))

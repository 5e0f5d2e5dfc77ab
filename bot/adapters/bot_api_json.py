"""The JSON that the hot path's Bot API calls carry, written once for both doors.

A reply's keyboard goes to Telegram as a JSON string (``reply_markup``). Both frameworks can
build it from their own keyboard objects, but they do so on every call: aiogram dumps its
pydantic models field by field (a dozen empty fields per button) and python-telegram-bot
walks its objects. Most replies carry one of a few menus, so the string is built here once
per keyboard and reused; profiling ``bench/throughput.py`` showed the per-call building as
a fifth of the cost of a reply.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from bot.ports import Rows

NO_PREVIEW_JSON = '{"is_disabled":true}'
"""``link_preview_options`` of every reply: links in warnings must not unfurl."""


def _button(label: str, data: str, switch_inline: str | None) -> dict[str, Any]:
    if switch_inline is not None:
        return {"text": label, "switch_inline_query": switch_inline}
    return {"text": label, "callback_data": data}


@lru_cache(maxsize=4096)
def keyboard_json(buttons: Rows) -> str | None:
    """``reply_markup`` for ``buttons`` as Telegram reads it; None for no keyboard."""
    if not buttons:
        return None
    rows = [[_button(b.label, b.data, b.switch_inline) for b in row] for row in buttons]
    return json.dumps({"inline_keyboard": rows}, ensure_ascii=False, separators=(",", ":"))

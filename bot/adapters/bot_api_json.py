"""The JSON that the hot path's Bot API calls carry, built from the core's buttons.

A reply's keyboard goes to Telegram as a JSON string (``reply_markup``). aiogram builds it
from its pydantic keyboard models on every call, dumping a dozen empty fields per button;
most replies carry one of a few menus, so the string is built here once per keyboard and
reused by the aiogram door's lean methods (:mod:`bot.adapters.aiogram_methods`). Profiling
``bench/throughput.py`` showed the per-call building as a fifth of the cost of a reply. It
knows no framework; python-telegram-bot's ``send_message`` wants its own objects, and there
the building was not what cost.
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

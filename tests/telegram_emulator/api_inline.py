"""Inline mode: ``inline_query`` updates and ``answerInlineQuery``, validated like Telegram.

A user types the bot's @name in any chat; the bot answers within 10 seconds with at most 50
results. Each result here is checked as Telegram checks it: a known type, a unique id of
1-64 bytes, a title, and message content whose text would itself be a valid message.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from .errors import bad_request
from .params import Params
from .state import EmulatorState
from .validation import formatted_text

MAX_RESULTS = 50
ANSWER_DEADLINE = 10.0  # seconds from the query, as for callback queries
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_ids = itertools.count(1)


@dataclass
class InlineQueryRecord:
    """An inline query a user typed, and the results the bot answered with."""

    id: str
    user_id: int
    query: str
    created_at: float
    results: list[dict[str, Any]] | None = None
    options: dict[str, Any] = field(default_factory=dict)


def queries(state: EmulatorState) -> dict[str, InlineQueryRecord]:
    """The emulator's inline queries, by id."""
    return state.inline_queries


def push_inline_query(state: EmulatorState, user: dict[str, Any], query: str) -> InlineQueryRecord:
    """``user`` typed ``@bot query`` somewhere: queue the ``inline_query`` update."""
    record = InlineQueryRecord(f"{state.bot_id}{next(_ids):07d}", user["id"], query, state.now())
    queries(state)[record.id] = record
    state.push_update(
        "inline_query",
        {"id": record.id, "from": user, "query": query, "offset": "", "chat_type": "sender"},
    )
    return record


def _result(result: Any, seen: set[str]) -> dict[str, Any]:
    if not isinstance(result, dict):
        raise bad_request("Bad Request: RESULT_TYPE_INVALID")
    if result.get("type") != "article":
        raise bad_request("Bad Request: RESULT_TYPE_INVALID")
    result_id = result.get("id")
    if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= 64:
        raise bad_request("Bad Request: RESULT_ID_INVALID")
    if result_id in seen:
        raise bad_request("Bad Request: RESULT_ID_DUPLICATE")
    seen.add(result_id)
    if not str(result.get("title") or "").strip():
        raise bad_request("Bad Request: RESULT_TITLE_EMPTY")
    content = result.get("input_message_content")
    if not isinstance(content, dict) or "message_text" not in content:
        raise bad_request("Bad Request: MESSAGE_EMPTY")
    parsed = formatted_text(
        content.get("message_text"),
        content.get("parse_mode"),
        content.get("entities"),
        limit=4096,
        too_long="Bad Request: MESSAGE_TOO_LONG",
        required=True,
    )
    return dict(result, visible_text=parsed.text)


async def answer_inline_query(state: EmulatorState, p: Params) -> bool:
    record = queries(state).get(p.get_str("inline_query_id") or "")
    if record is None or record.results is not None:
        raise bad_request(QUERY_TOO_OLD)
    if state.now() - record.created_at > ANSWER_DEADLINE:
        raise bad_request(QUERY_TOO_OLD)
    results = p.get_json("results", "Bad Request: can't parse inline query results JSON object")
    if not isinstance(results, list):
        raise bad_request("Bad Request: can't parse inline query results JSON object")
    if len(results) > MAX_RESULTS:
        raise bad_request("Bad Request: RESULTS_TOO_MUCH")
    seen: set[str] = set()
    record.results = [_result(r, seen) for r in results]
    record.options = {
        "cache_time": p.get_int("cache_time"),
        "is_personal": p.get_bool("is_personal"),
    }
    state.changed()
    return True


INLINE_METHODS: dict[str, Any] = {"answerInlineQuery": answer_inline_query}

"""Forum topics (Bot API ``createForumTopic``, ``closeForumTopic``, ``message_thread_id``).

A forum is a supergroup with ``is_forum``; a topic is identified by the id of its
``forum_topic_created`` service message, which is what ``message_thread_id`` carries. Only an
administrator with ``can_manage_topics`` may create topics, as on Telegram.
"""

from __future__ import annotations

from typing import Any

from .errors import bad_request
from .messages import base_message
from .params import Params
from .state import ChatState, EmulatorState, StoredMessage

TOPIC_NAME_MAX = 128
ICON_COLORS = frozenset({7322096, 16766590, 13338331, 9367192, 16749490, 16478047})
NOT_A_FORUM = "Bad Request: the chat is not a forum"
NO_RIGHTS = "Bad Request: not enough rights to create a topic"
THREAD_NOT_FOUND = "Bad Request: message thread not found"
TOPIC_CLOSED = "Bad Request: TOPIC_CLOSED"


def forum_chat(state: EmulatorState, p: Params) -> ChatState:
    chat = state.resolve_chat(p.chat_id())
    state.check_writable(chat)
    if chat.type != "supergroup" or not chat.is_forum:
        raise bad_request(NOT_A_FORUM)
    return chat


def thread_of(chat: ChatState, p: Params) -> int | None:
    """The topic a send goes to; 400 for a topic that does not exist or is closed."""
    thread = p.get_int("message_thread_id")
    if thread is None:
        return None
    if not chat.is_forum or thread not in chat.topics:
        raise bad_request(THREAD_NOT_FOUND)
    if chat.topics[thread]["closed"]:
        raise bad_request(TOPIC_CLOSED)
    return thread


async def create_forum_topic(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = forum_chat(state, p)
    if not chat.bot_admin:
        raise bad_request(NO_RIGHTS)
    name = (p.get_str("name") or "").strip()
    if not name:
        raise bad_request("Bad Request: TOPIC_NAME_EMPTY")
    if len(name) > TOPIC_NAME_MAX:
        raise bad_request("Bad Request: TOPIC_NAME_INVALID")
    color = p.get_int("icon_color") or 7322096
    if color not in ICON_COLORS:
        raise bad_request("Bad Request: TOPIC_ICON_COLOR_INVALID")
    data = base_message(chat, chat.allocate_message_id())
    data["from"] = state.bot_user()
    data["forum_topic_created"] = {"name": name, "icon_color": color}
    data["message_thread_id"] = data["message_id"]
    data["is_topic_message"] = True
    chat.messages[data["message_id"]] = StoredMessage(
        chat.id, data["message_id"], from_bot=True, data=data
    )
    chat.topics[data["message_id"]] = {"name": name, "closed": False}
    return {"message_thread_id": data["message_id"], "name": name, "icon_color": color}


async def close_forum_topic(state: EmulatorState, p: Params) -> bool:
    chat = forum_chat(state, p)
    thread = p.get_int("message_thread_id")
    if thread is None or thread not in chat.topics:
        raise bad_request(THREAD_NOT_FOUND)
    if not chat.bot_admin:
        raise bad_request("Bad Request: CHAT_ADMIN_REQUIRED")
    chat.topics[thread]["closed"] = True
    return True


FORUM_METHODS: dict[str, Any] = {
    "createForumTopic": create_forum_topic,
    "closeForumTopic": close_forum_topic,
}

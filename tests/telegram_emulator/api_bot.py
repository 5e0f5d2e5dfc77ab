"""Bot API methods about the bot itself: identity, receiving updates, commands, menus.

``getUpdates`` is the delicate one: it is a long poll that must wake the moment an
update arrives (tests would be slow otherwise), confirm and forget updates below
``offset``, filter by ``allowed_updates``, and — like Telegram's server — answer a poll
that is still waiting with 409 Conflict when another long poll starts (or a webhook is
set), which is how a second running instance of a bot shows up.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from . import errors
from .errors import ApiError, bad_request
from .params import Params
from .state import DEFAULT_UPDATE_TYPES, EmulatorState

_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_SCOPES = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}


async def get_me(state: EmulatorState, p: Params) -> dict[str, Any]:
    me = state.bot_user()
    me.update(
        can_join_groups=True,
        can_read_all_group_messages=not state.privacy_mode,
        supports_inline_queries=False,
        can_connect_to_business=False,
        has_main_web_app=False,
    )
    return me


def _confirm(state: EmulatorState, offset: int | None) -> None:
    """Forget updates the bot confirmed (``offset``), or all but the last ``-offset``."""
    if offset is None or offset == 0:
        return
    if offset > 0:
        state.updates = [u for u in state.updates if u.update_id >= offset]
    else:
        state.updates = state.updates[offset:]


def _eligible(state: EmulatorState) -> bool:
    """Drop updates of types the bot did not ask for; True if any remain to deliver."""
    kept = []
    for update in state.updates:
        if update.kind in state.allowed_updates:
            kept.append(update)
        else:
            state.dropped_updates.append(update)
    state.updates = kept
    return bool(kept)


async def get_updates(state: EmulatorState, p: Params) -> list[dict[str, Any]]:
    if state.webhook_url:
        raise ApiError(409, errors.WEBHOOK_CONFLICT)
    offset = p.get_int("offset")
    limit = min(100, max(1, p.get_int("limit") or 100))
    timeout = max(0, p.get_int("timeout") or 0)
    allowed = p.get_json("allowed_updates", "Bad Request: can't parse allowed updates")
    if isinstance(allowed, list):
        state.allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
    _confirm(state, offset)
    if timeout and not _eligible(state):
        # Telegram ends a poll that is still waiting only when this one is about to wait too.
        state.abort_long_poll(errors.GET_UPDATES_CONFLICT)
        generation = state.poll_generation

        def ready() -> bool:
            return state.closing or state.poll_generation != generation or _eligible(state)

        state.waiting_polls += 1
        try:
            await state.signal.wait_for(ready, timeout)
        finally:
            state.waiting_polls -= 1
        if state.poll_generation != generation:
            raise ApiError(409, state.poll_abort_reason)
    _eligible(state)
    batch = state.updates[:limit]
    now = state.now()
    for update in batch:
        if update.delivered_at is None:
            update.delivered_at = now
            query = update.payload.get("callback_query")
            if query is not None and query["id"] in state.callbacks:
                state.callbacks[query["id"]].delivered_at = now
    if batch:
        state.last_activity = now  # the bot starts handling these now
        state.changed()
    return [u.payload for u in batch]


LOCAL_WEBHOOK = ("http://127.0.0.1:", "http://localhost:")


async def set_webhook(state: EmulatorState, p: Params) -> bool:
    """Like Telegram, but http on 127.0.0.1 is accepted, as a local Bot API server does."""
    url = p.get_str("url") or ""
    if url and not url.startswith(("https://", *LOCAL_WEBHOOK)):
        raise bad_request("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    secret = p.get_str("secret_token")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise bad_request("Bad Request: secret token contains unallowed characters")
    max_connections = p.get_int("max_connections")
    if max_connections is not None:
        if not 1 <= max_connections <= 100:
            raise bad_request("Bad Request: bad webhook: max_connections must be 1-100")
        state.webhook_max_connections = max_connections
    allowed = p.get_json("allowed_updates", "Bad Request: can't parse allowed updates")
    if isinstance(allowed, list):
        state.allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
    state.webhook_url = url
    state.webhook_secret = secret
    if p.get_bool("drop_pending_updates"):
        state.updates.clear()
    if url:
        state.abort_long_poll(errors.SET_WEBHOOK_CONFLICT)
    return True


async def delete_webhook(state: EmulatorState, p: Params) -> bool:
    state.webhook_url = ""
    state.webhook_secret = None
    if p.get_bool("drop_pending_updates"):
        state.updates.clear()
        state.changed()
    return True


async def get_webhook_info(state: EmulatorState, p: Params) -> dict[str, Any]:
    info: dict[str, Any] = {
        "url": state.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
        "max_connections": state.webhook_max_connections,
    }
    failures = [post for post in state.webhook_posts if post.status != 200]
    if failures and state.webhook_url:
        info["last_error_date"] = int(time.time())
        last = failures[-1]
        info["last_error_message"] = (
            "Connection failed"
            if last.status is None
            else f"Wrong response from the webhook: {last.status}"
        )
    if state.allowed_updates != DEFAULT_UPDATE_TYPES:
        info["allowed_updates"] = sorted(state.allowed_updates)
    return info


async def log_out(state: EmulatorState, p: Params) -> bool:
    return True


def scope_key(scope: Any) -> str:
    """A stable key for a BotCommandScope, validated like Telegram does."""
    if scope is None:
        return "default"
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request(errors.SCOPE_PARSE.format('Can\'t find field "type"'))
    kind = scope["type"]
    if kind not in _SCOPES:
        raise bad_request(errors.SCOPE_PARSE.format("Unsupported type specified"))
    for name in _SCOPES[kind]:
        if name not in scope:
            raise bad_request(errors.SCOPE_PARSE.format(f'Can\'t find field "{name}"'))
    if not _SCOPES[kind]:
        return str(kind)
    return json.dumps({k: scope[k] for k in ("type", *_SCOPES[kind])}, sort_keys=True)


def _scope_key(p: Params) -> str:
    return scope_key(p.get_json("scope", errors.SCOPE_PARSE.format("can't parse JSON object")))


def _language(p: Params) -> str:
    code = p.get_str("language_code") or ""
    if code and not re.fullmatch(r"[a-z]{2}", code):
        raise bad_request("Bad Request: invalid language code specified")
    return code


def _commands(p: Params) -> list[dict[str, str]]:
    commands = p.get_json("commands", "Bad Request: can't parse commands JSON object")
    if not isinstance(commands, list):
        raise bad_request("Bad Request: can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request(errors.COMMANDS_TOO_MUCH)
    result = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("Bad Request: can't parse BotCommand: BotCommand must be an Object")
        command = str(item.get("command") or "")
        description = str(item.get("description") or "")
        if not command:
            raise bad_request(errors.COMMAND_EMPTY)
        if not _COMMAND_NAME.fullmatch(command):
            raise bad_request(errors.COMMAND_INVALID)
        if not description.strip():
            raise bad_request(errors.COMMAND_DESCRIPTION_EMPTY)
        if len(description) > 256:
            raise bad_request(errors.COMMAND_DESCRIPTION_INVALID)
        result.append({"command": command, "description": description})
    return result


async def set_my_commands(state: EmulatorState, p: Params) -> bool:
    commands = _commands(p)
    key = (_scope_key(p), _language(p))
    if commands:
        state.commands[key] = commands
    else:
        state.commands.pop(key, None)
    return True


async def get_my_commands(state: EmulatorState, p: Params) -> list[dict[str, str]]:
    return list(state.commands.get((_scope_key(p), _language(p)), []))


async def delete_my_commands(state: EmulatorState, p: Params) -> bool:
    state.commands.pop((_scope_key(p), _language(p)), None)
    return True


def _bot_text(field: str, limit: int) -> tuple[Any, Any]:
    """setMy<Field>/getMy<Field> handlers storing one text per language."""

    async def setter(state: EmulatorState, p: Params) -> bool:
        value = p.get_str(field) or ""
        if len(value) > limit:
            raise bad_request(f"Bad Request: bot {field.replace('_', ' ')} is too long")
        state.bot_texts[(field, _language(p))] = value
        return True

    async def getter(state: EmulatorState, p: Params) -> dict[str, str]:
        lang = _language(p)
        value = state.bot_texts.get((field, lang))
        if value is None and field == "name":
            value = state.bot_name
        return {field: value or ""}

    return setter, getter


async def set_chat_menu_button(state: EmulatorState, p: Params) -> bool:
    chat_id = p.get_int("chat_id")
    if chat_id is not None:
        state.resolve_chat(chat_id)
    button = p.get_json("menu_button", "Bad Request: can't parse menu button JSON object")
    if button is not None and (not isinstance(button, dict) or "type" not in button):
        raise bad_request("Bad Request: can't parse menu button JSON object")
    state.menu_buttons[chat_id] = button or {"type": "default"}
    return True


async def get_chat_menu_button(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat_id = p.get_int("chat_id")
    return dict(
        state.menu_buttons.get(chat_id) or state.menu_buttons.get(None) or {"type": "default"}
    )


_set_description, _get_description = _bot_text("description", 512)
_set_short, _get_short = _bot_text("short_description", 120)
_set_name, _get_name = _bot_text("name", 64)

BOT_METHODS: dict[str, Any] = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "logOut": log_out,
    "close": log_out,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setMyDescription": _set_description,
    "getMyDescription": _get_description,
    "setMyShortDescription": _set_short,
    "getMyShortDescription": _get_short,
    "setMyName": _set_name,
    "getMyName": _get_name,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
}

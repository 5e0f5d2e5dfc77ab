"""Checks Telegram makes on message content and keyboards before accepting a send.

A bot that works against a lenient fake and then fails in production with
"can't parse entities" or "BUTTON_DATA_INVALID" is the failure this module exists to
catch early, so each check mirrors Telegram's limit and wording.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from . import errors
from .errors import ApiError, bad_request
from .params import Params
from .telegram_html import HtmlParseError, ParsedText, parse_html

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_BUTTONS = 100
MAX_CALLBACK_DATA_BYTES = 64

INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
ONE_ACTION_ONLY = (
    "Bad Request: can't parse inline keyboard button: "
    "exactly one of the optional fields must be used (emulator check)"
)


def formatted_text(
    source: str | None,
    parse_mode: str | None,
    entities: Any,
    *,
    limit: int,
    too_long: str,
    required: bool,
) -> ParsedText:
    """Parse text or caption per ``parse_mode`` and enforce Telegram's length rules.

    The limit applies to the *visible* text in UTF-16 units, so markup is free but an
    emoji costs two.  Without ``parse_mode`` the text is counted as sent.
    """
    if not source:
        if required:
            raise bad_request(errors.TEXT_EMPTY)
        return ParsedText("")
    mode = (parse_mode or "").strip().lower()
    if mode == "html":
        try:
            parsed = parse_html(source)
        except HtmlParseError as exc:
            raise bad_request(errors.CANT_PARSE_ENTITIES.format(exc)) from None
    elif mode in ("", "markdown", "markdownv2"):
        given = entities if isinstance(entities, list) and not mode else []
        parsed = ParsedText(source, [e for e in given if isinstance(e, dict)])
    else:
        raise bad_request(errors.UNSUPPORTED_PARSE_MODE)
    if required and not parsed.text.strip():
        raise bad_request(errors.TEXT_EMPTY)
    if parsed.length > limit:
        raise bad_request(too_long)
    return parsed


def text_param(p: Params, name: str, required: bool) -> ParsedText:
    """The ``text`` (or ``caption``) of a request, parsed and length-checked."""
    is_text = name == "text"
    prefix = "" if is_text else "caption_"
    return formatted_text(
        p.get_str(name),
        p.get_str("parse_mode"),
        p.get_json(f"{prefix}entities", "Bad Request: can't parse entities JSON object"),
        limit=MAX_TEXT if is_text else MAX_CAPTION,
        too_long=errors.TEXT_TOO_LONG if is_text else errors.CAPTION_TOO_LONG,
        required=required,
    )


def _valid_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname) and "." in (parts.hostname or "")
    return parts.scheme in ("tg", "ton") and len(url) > len(parts.scheme) + 3


def _button_error(detail: str) -> ApiError:
    return bad_request(errors.BUTTON_PARSE.format(detail))


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    if "text" not in button:
        raise _button_error('Can\'t find field "text"')
    if not isinstance(button["text"], str):
        raise _button_error('Field "text" must be of type String')
    if not button["text"].strip():
        raise bad_request(errors.BUTTON_TEXT_INVALID)
    actions = [name for name in INLINE_ACTIONS if button.get(name) is not None]
    if not actions:
        raise _button_error(errors.TEXT_BUTTONS_UNALLOWED)
    if len(actions) > 1:
        raise bad_request(ONE_ACTION_ONLY)
    if "callback_data" in actions:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request(errors.BUTTON_DATA_INVALID)
    if "url" in actions and (not isinstance(button["url"], str) or not _valid_url(button["url"])):
        raise bad_request(errors.BUTTON_URL_INVALID)
    return {k: v for k, v in button.items() if v is not None}


def _rows(value: Any) -> list[list[Any]]:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise bad_request(errors.INLINE_KEYBOARD_SHAPE)
    if sum(len(row) for row in value) > MAX_BUTTONS:
        raise bad_request(errors.MARKUP_TOO_LONG)
    return value


def inline_keyboard(markup: dict[str, Any]) -> dict[str, Any]:
    rows = _rows(markup["inline_keyboard"])
    return {"inline_keyboard": [[_inline_button(b) for b in row] for row in rows if row]}


def _reply_button(button: Any) -> dict[str, Any]:
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            'Bad Request: can\'t parse keyboard button: Field "text" must be of type String'
        )
    if not button["text"].strip():
        raise bad_request(errors.BUTTON_TEXT_INVALID)
    return {k: v for k, v in button.items() if v is not None}


def reply_markup(p: Params) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Validate ``reply_markup``: (inline markup for Message.reply_markup, other keyboard)."""
    markup = p.get_json("reply_markup", errors.MARKUP_JSON)
    if markup is None:
        return None, None
    if not isinstance(markup, dict):
        raise bad_request(errors.MARKUP_JSON)
    if "inline_keyboard" in markup:
        inline = inline_keyboard(markup)
        return (inline if inline["inline_keyboard"] else None), None
    if "keyboard" in markup:
        rows = _rows(markup["keyboard"])
        keyboard = dict(markup, keyboard=[[_reply_button(b) for b in row] for row in rows])
        return None, keyboard
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return None, markup
    raise bad_request(errors.MARKUP_JSON)

"""Telegram-shaped API errors.

Bots branch on ``error_code`` and match ``description`` text (aiogram and
python-telegram-bot map descriptions to exception classes), so every refusal the
emulator makes uses Telegram's exact wording.  The constants below are the strings
Telegram returns; keeping them in one place makes a typo visible in review.
"""

from __future__ import annotations

import math
from typing import Any

UNAUTHORIZED = "Unauthorized"
NOT_FOUND = "Not Found"
CHAT_NOT_FOUND = "Bad Request: chat not found"
CHAT_ID_EMPTY = "Bad Request: chat_id is empty"
TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
CANT_PARSE_ENTITIES = "Bad Request: can't parse entities: {}"
UNSUPPORTED_PARSE_MODE = "Bad Request: unsupported parse_mode"
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
KICKED_GROUP = "Forbidden: bot was kicked from the group chat"
KICKED_SUPERGROUP = "Forbidden: bot was kicked from the supergroup chat"
USER_DEACTIVATED = "Forbidden: user is deactivated"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
CANT_BE_EDITED = "Bad Request: message can't be edited"
NO_TEXT_TO_EDIT = "Bad Request: there is no text in the message to edit"
NO_CAPTION_TO_EDIT = "Bad Request: there is no caption in the message to edit"
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
ANSWER_TOO_LONG = "Bad Request: MESSAGE_TOO_LONG"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
BUTTON_URL_INVALID = "Bad Request: BUTTON_URL_INVALID"
BUTTON_TEXT_INVALID = "Bad Request: BUTTON_TEXT_INVALID"
MARKUP_TOO_LONG = "Bad Request: reply markup is too long"
MARKUP_JSON = "Bad Request: can't parse reply keyboard markup JSON object"
INLINE_KEYBOARD_SHAPE = (
    'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
)
BUTTON_PARSE = "Bad Request: can't parse inline keyboard button: {}"
TEXT_BUTTONS_UNALLOWED = "Text buttons are unallowed in the inline keyboard"
COMMANDS_TOO_MUCH = "Bad Request: BOT_COMMANDS_TOO_MUCH"
COMMAND_INVALID = "Bad Request: BOT_COMMAND_INVALID"
COMMAND_EMPTY = "Bad Request: command must be non-empty"
COMMAND_DESCRIPTION_EMPTY = "Bad Request: command description must be non-empty"
COMMAND_DESCRIPTION_INVALID = "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
SCOPE_PARSE = "Bad Request: can't parse BotCommandScope: {}"
PHOTO_MISSING = "Bad Request: there is no photo in the request"
DOCUMENT_MISSING = "Bad Request: there is no document in the request"
VOICE_MISSING = "Bad Request: there is no voice in the request"
VOICE_MESSAGES_FORBIDDEN = "Bad Request: VOICE_MESSAGES_FORBIDDEN"
WRONG_FILE = "Bad Request: wrong file identifier/HTTP URL specified"
IMAGE_PROCESS_FAILED = "Bad Request: IMAGE_PROCESS_FAILED"
PHOTO_INVALID_DIMENSIONS = "Bad Request: PHOTO_INVALID_DIMENSIONS"
INVALID_FILE_ID = "Bad Request: invalid file_id"
WRONG_ACTION = "Bad Request: wrong parameter action in request"
GET_UPDATES_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
SET_WEBHOOK_CONFLICT = "Conflict: terminated by setWebhook request"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
TOO_MANY_REQUESTS = "Too Many Requests: retry after {}"
INTERNAL = "Internal Server Error"


class ApiError(Exception):
    """A refusal to send back as ``{"ok": false, ...}`` with this HTTP status."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body

    def __repr__(self) -> str:
        return f"ApiError({self.error_code}, {self.description!r})"


def bad_request(description: str) -> ApiError:
    """400 with ``description`` (already prefixed with ``Bad Request:``)."""
    return ApiError(400, description)


def too_many_requests(seconds: float) -> ApiError:
    """429 as Telegram sends it: whole seconds, at least one."""
    retry_after = max(1, math.ceil(seconds))
    return ApiError(429, TOO_MANY_REQUESTS.format(retry_after), {"retry_after": retry_after})


CHAT_FAILURES: dict[str, ApiError] = {
    "blocked": ApiError(403, BLOCKED),
    "not_found": ApiError(400, CHAT_NOT_FOUND),
    "deactivated": ApiError(403, USER_DEACTIVATED),
    "kicked": ApiError(403, KICKED_GROUP),
    "cant_initiate": ApiError(403, CANT_INITIATE),
}
"""Named failures for :meth:`TelegramEmulator.fail_chat`."""

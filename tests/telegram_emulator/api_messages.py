"""Bot API methods that send, change or remove messages, and answer callback queries.

Order of checks follows Telegram: the chat must exist and be writable, then content is
validated, and only a valid send is subject to flood control and counted as delivered.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from . import errors
from .api_forum import thread_of
from .errors import bad_request
from .media import image_size, photo_dimensions_ok
from .messages import new_bot_message, put_text
from .params import Params, Upload
from .state import ChatState, EmulatorState, StoredFile, StoredMessage
from .validation import inline_keyboard, reply_markup, text_param

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def writable_chat(state: EmulatorState, p: Params) -> ChatState:
    chat = state.resolve_chat(p.chat_id())
    state.check_writable(chat)
    return chat


def replied_message(chat: ChatState, p: Params) -> StoredMessage | None:
    """The message a send replies to (``reply_parameters`` or legacy ``reply_to_message_id``)."""
    params = p.get_json("reply_parameters", "Bad Request: can't parse reply parameters JSON object")
    if isinstance(params, dict):
        message_id, lenient = params.get("message_id"), params.get("allow_sending_without_reply")
    else:
        message_id = p.get_int("reply_to_message_id")
        lenient = p.get_bool("allow_sending_without_reply")
    if message_id is None:
        return None
    target = chat.messages.get(int(message_id))
    if target is None or target.deleted:
        if lenient:
            return None
        raise bad_request(errors.REPLY_NOT_FOUND)
    return target


def deliver(
    state: EmulatorState, chat: ChatState, data: dict[str, Any], **media: Any
) -> dict[str, Any]:
    """Flood-check, then store a bot message and tell waiters; returns the result dict."""
    state.flood.admit(chat.id, chat.is_group, state.now())
    message = StoredMessage(chat.id, data["message_id"], from_bot=True, data=data, **media)
    state.store_bot_message(chat, message)
    return copy.deepcopy(data)


async def send_message(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = writable_chat(state, p)
    text = text_param(p, "text", required=True)
    inline, keyboard = reply_markup(p)
    reply_to = replied_message(chat, p)
    thread = thread_of(chat, p)
    topic = {"message_thread_id": thread, "is_topic_message": True} if thread else None
    data = new_bot_message(state, chat, text=text, markup=inline, reply_to=reply_to, extra=topic)
    return deliver(
        state,
        chat,
        data,
        source=p.get_str("text"),
        parse_mode=p.get_str("parse_mode"),
        reply_keyboard=keyboard,
    )


def _stored_upload(
    state: EmulatorState, value: Upload | str, folder: str, missing: str
) -> tuple[StoredFile | None, str | None]:
    """(stored file, URL) for an upload, a known file_id, or an HTTP URL to fetch."""
    if isinstance(value, Upload):
        ext = value.filename.rsplit(".", 1)[-1] if "." in value.filename else "bin"
        return state.store_file(value.data, folder, ext, value.content_type), None
    if value in state.files:
        return state.files[value], None
    if value.startswith(("http://", "https://")):
        return None, value
    raise bad_request(errors.WRONG_FILE if value else missing)


async def send_photo(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = writable_chat(state, p)
    value = p.get_file("photo")
    if value is None:
        raise bad_request(errors.PHOTO_MISSING)
    stored, _url = _stored_upload(state, value, "photos", errors.PHOTO_MISSING)
    width, height = 800, 600
    if stored is not None and stored.data is not None:
        size = image_size(stored.data)
        if size is None:
            raise bad_request(errors.IMAGE_PROCESS_FAILED)
        width, height = size
        if not photo_dimensions_ok(width, height):
            raise bad_request(errors.PHOTO_INVALID_DIMENSIONS)
    caption = text_param(p, "caption", required=False)
    inline, keyboard = reply_markup(p)
    reply_to = replied_message(chat, p)
    if stored is None:
        stored = state.store_file(None, "photos", "jpg", "image/jpeg")
    size_info = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": width,
        "height": height,
        "file_size": len(stored.data or b""),
    }
    data = new_bot_message(
        state, chat, caption=caption, markup=inline, reply_to=reply_to, extra={"photo": [size_info]}
    )
    return deliver(
        state,
        chat,
        data,
        source=p.get_str("caption"),
        parse_mode=p.get_str("parse_mode"),
        photo=stored.data,
        reply_keyboard=keyboard,
    )


async def send_document(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = writable_chat(state, p)
    value = p.get_file("document")
    if value is None:
        raise bad_request(errors.DOCUMENT_MISSING)
    stored, _url = _stored_upload(state, value, "documents", errors.DOCUMENT_MISSING)
    name = value.filename if isinstance(value, Upload) else None
    caption = text_param(p, "caption", required=False)
    inline, keyboard = reply_markup(p)
    reply_to = replied_message(chat, p)
    if stored is None:
        stored = state.store_file(None, "documents", "bin", None)
    document: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if name:
        document["file_name"] = name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    document["file_size"] = len(stored.data or b"")
    data = new_bot_message(
        state, chat, caption=caption, markup=inline, reply_to=reply_to, extra={"document": document}
    )
    return deliver(
        state,
        chat,
        data,
        source=p.get_str("caption"),
        parse_mode=p.get_str("parse_mode"),
        document=stored.data,
        document_name=name,
        reply_keyboard=keyboard,
    )


def _kind_of(stored: StoredFile) -> str:
    """What Telegram would call a stored file in "can't use file of type X as Y"."""
    folder = stored.path.split("/", 1)[0]
    return {"photos": "Photo", "documents": "Document", "voice": "Voice"}.get(folder, "Document")


def _is_voice(data: bytes) -> bool:
    """Telegram keeps a voice upload as a voice note only when it is Opus in OGG, MP3 or M4A;
    anything else (Vorbis, WAV, WebM, ...) arrives as a document."""
    ogg_opus = data.startswith(b"OggS") and b"OpusHead" in data[:80]
    mp3 = data.startswith(b"ID3") or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")
    return ogg_opus or mp3 or data[4:8] == b"ftyp"


async def send_voice(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = writable_chat(state, p)
    value = p.get_file("voice")
    if value is None:
        raise bad_request(errors.VOICE_MISSING)
    if chat.voices_forbidden:
        raise bad_request(errors.VOICE_MESSAGES_FORBIDDEN)
    uploaded = isinstance(value, Upload)
    if uploaded:
        assert isinstance(value, Upload)
        as_voice = _is_voice(value.data)
        folder, ext, mime = (
            ("voice", "oga", "audio/ogg") if as_voice else ("documents", "bin", None)
        )
        stored: StoredFile | None = state.store_file(value.data, folder, ext, mime)
    else:
        stored, _url = _stored_upload(state, value, "voice", errors.VOICE_MISSING)
        if stored is not None and _kind_of(stored) != "Voice":
            raise bad_request(f"Bad Request: can't use file of type {_kind_of(stored)} as Voice")
    caption = text_param(p, "caption", required=False)
    inline, keyboard = reply_markup(p)
    reply_to = replied_message(chat, p)
    if stored is None:  # an URL: Telegram fetches it; the emulator only pretends
        stored = state.store_file(None, "voice", "oga", "audio/ogg")
    described: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data or b""),
    }
    if _kind_of(stored) == "Voice":
        described.update(duration=p.get_int("duration") or 1, mime_type="audio/ogg")
        extra = {"voice": described}
    else:
        extra = {"document": {**described, "file_name": "voice.ogg"}}
    data = new_bot_message(
        state, chat, caption=caption, markup=inline, reply_to=reply_to, extra=extra
    )
    return deliver(
        state,
        chat,
        data,
        source=p.get_str("caption"),
        parse_mode=p.get_str("parse_mode"),
        voice=stored.data if "voice" in extra else None,
        document=None if "voice" in extra else stored.data,
        reply_keyboard=keyboard,
    )


def _message_to_edit(state: EmulatorState, p: Params) -> tuple[ChatState, StoredMessage]:
    if "inline_message_id" in p:
        raise bad_request(errors.EDIT_NOT_FOUND)
    chat = writable_chat(state, p)
    message_id = p.get_int("message_id", errors.EDIT_NOT_FOUND)
    message = chat.messages.get(message_id) if message_id is not None else None
    if message is None or message.deleted:
        raise bad_request(errors.EDIT_NOT_FOUND)
    if not message.from_bot:
        raise bad_request(errors.CANT_BE_EDITED)
    return chat, message


def _inline_only(p: Params) -> dict[str, Any] | None:
    markup = p.get_json("reply_markup", errors.MARKUP_JSON)
    if markup is None:
        return None
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        raise bad_request(errors.MARKUP_JSON)
    keyboard = inline_keyboard(markup)
    return keyboard if keyboard["inline_keyboard"] else None


def _apply_edit(
    state: EmulatorState,
    chat: ChatState,
    message: StoredMessage,
    new: dict[str, Any],
    source: tuple[str | None, str | None] | None = None,
) -> dict[str, Any]:
    """Replace the message content, refusing an edit that changes nothing (as Telegram).

    ``source`` is the new (html, parse_mode) as sent; it is stored before the edit event is
    recorded, so the event's snapshot shows the new HTML, not the previous version's.
    """
    keys = ("text", "entities", "caption", "caption_entities", "reply_markup")
    if all(new.get(k) == message.data.get(k) for k in keys):
        raise bad_request(errors.NOT_MODIFIED)
    if source is not None:
        message.source, message.parse_mode = source
    for key in keys:
        message.data.pop(key, None)
        if new.get(key) is not None:
            message.data[key] = new[key]
    message.data["edit_date"] = max(int(time.time()), message.data["date"])
    message.edits += 1
    state.record_event("edit", chat, message, message.message_id)
    return copy.deepcopy(message.data)


async def edit_message_text(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat, message = _message_to_edit(state, p)
    if "text" not in message.data:
        raise bad_request(errors.NO_TEXT_TO_EDIT)
    text = text_param(p, "text", required=True)
    new = copy.deepcopy(message.data)
    put_text(new, text)
    new.pop("reply_markup", None)
    markup = _inline_only(p)
    if markup is not None:
        new["reply_markup"] = markup
    return _apply_edit(state, chat, message, new, (p.get_str("text"), p.get_str("parse_mode")))


async def edit_message_caption(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat, message = _message_to_edit(state, p)
    if not any(k in message.data for k in ("photo", "document", "video", "animation", "audio")):
        raise bad_request(errors.NO_CAPTION_TO_EDIT)
    caption = text_param(p, "caption", required=False)
    new = copy.deepcopy(message.data)
    put_text(new, caption, caption=True)
    new.pop("reply_markup", None)
    markup = _inline_only(p)
    if markup is not None:
        new["reply_markup"] = markup
    return _apply_edit(state, chat, message, new, (p.get_str("caption"), p.get_str("parse_mode")))


async def edit_message_reply_markup(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat, message = _message_to_edit(state, p)
    new = copy.deepcopy(message.data)
    new.pop("reply_markup", None)
    markup = _inline_only(p)
    if markup is not None:
        new["reply_markup"] = markup
    return _apply_edit(state, chat, message, new)


def _delete(state: EmulatorState, chat: ChatState, message_id: int | None) -> bool:
    message = chat.messages.get(message_id) if message_id is not None else None
    if message is None or message.deleted:
        return False
    message.deleted = True
    if message.from_bot:
        state.record_event("delete", chat, None, message.message_id)
    return True


async def delete_message(state: EmulatorState, p: Params) -> bool:
    chat = state.resolve_chat(p.chat_id())
    if not _delete(state, chat, p.get_int("message_id", errors.DELETE_NOT_FOUND)):
        raise bad_request(errors.DELETE_NOT_FOUND)
    return True


async def delete_messages(state: EmulatorState, p: Params) -> bool:
    chat = state.resolve_chat(p.chat_id())
    ids = p.get_json("message_ids", "Bad Request: can't parse message identifiers")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("Bad Request: message identifiers are not specified")
    deleted = [_delete(state, chat, int(i)) for i in ids]
    if not any(deleted):
        raise bad_request(errors.DELETE_NOT_FOUND)
    return True


async def send_chat_action(state: EmulatorState, p: Params) -> bool:
    chat = writable_chat(state, p)
    if p.get_str("action") not in CHAT_ACTIONS:
        raise bad_request(errors.WRONG_ACTION)
    state.record_event("action", chat, None, None)
    return True


async def answer_callback_query(state: EmulatorState, p: Params) -> bool:
    record = state.callbacks.get(p.get_str("callback_query_id") or "")
    now = state.now()
    if record is None or record.answered or now - record.created_at > state.callback_timeout:
        raise bad_request(errors.QUERY_TOO_OLD)
    text = p.get_str("text") or ""
    if len(text) > 200:
        raise bad_request(errors.ANSWER_TOO_LONG)
    record.answered_at = now
    record.answer = {
        "text": p.get_str("text"),
        "show_alert": p.get_bool("show_alert"),
        "url": p.get_str("url"),
        "cache_time": p.get_int("cache_time") or 0,
    }
    return True


async def get_chat(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = state.resolve_chat(p.chat_id())
    info = chat.chat_json()
    info.update(
        accent_color_id=0,
        max_reaction_count=11,
        accepted_gift_types={
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    )
    return info


async def get_file(state: EmulatorState, p: Params) -> dict[str, Any]:
    stored = state.files.get(p.get_str("file_id") or "")
    if stored is None:
        raise bad_request(errors.INVALID_FILE_ID)
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data or b""),
        "file_path": stored.path,
    }


MESSAGE_METHODS: dict[str, Any] = {
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendVoice": send_voice,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
    "sendChatAction": send_chat_action,
    "answerCallbackQuery": answer_callback_query,
    "getChat": get_chat,
    "getFile": get_file,
}
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendVoice"})

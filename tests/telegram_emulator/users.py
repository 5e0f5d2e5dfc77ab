"""The test-side DSL: emulated users, groups and channels that talk to the bot.

Tests read like a conversation::

    await user.send("/start")
    menu = await user.expect_message()
    await user.press("English")
    reply = await user.expect_reply()

Reading what the bot did (``expect_*``, ``messages``) is shared and lives in ``views.py``;
this module is about *acting*: sending messages of every kind, pressing buttons,
editing, forwarding, blocking the bot.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from .api_inline import InlineQueryRecord, push_inline_query
from .media import make_png
from .messages import detect_entities, new_user_message
from .records import CallbackRecord, SentMessage
from .state import StoredMessage
from .views import ChatView


class EmulatedUser(ChatView):
    """A Telegram user in a private chat with the bot (chat id == user id)."""

    @property
    def id(self) -> int:
        return self._chat.id

    @property
    def first_name(self) -> str:
        return self._chat.first_name or "User"

    @property
    def language_code(self) -> str | None:
        return self._chat.language_code

    def user_json(self) -> dict[str, Any]:
        return self._chat.user_json()

    def build_message(self, body: dict[str, Any]) -> StoredMessage:
        """Store a message from this user without queueing an update (for inject_many)."""
        self._chat.started = True
        return new_user_message(self._chat, self.user_json(), body)

    def message_update(self, text: str) -> dict[str, Any]:
        """``{"message": {...}}`` for :meth:`TelegramEmulator.inject_many` (benchmarks)."""
        return {"message": copy.deepcopy(self.build_message({"text": text}).data)}

    def _post(self, body: dict[str, Any], reply_to: SentMessage | int | None = None) -> int:
        if self._chat.blocked:
            self.unblock()  # writing to a blocked bot means pressing "Restart" first
        if reply_to is not None:
            target_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
            target = self._chat.messages.get(target_id)
            if target is None:
                raise AssertionError(f"no message #{target_id} in chat {self.chat_id} to reply to")
            body = dict(body, reply_to_message=copy.deepcopy(target.data))
            body["reply_to_message"].pop("reply_to_message", None)
        stored = self.build_message(body)
        self._state.push_update("message", copy.deepcopy(stored.data))
        return stored.message_id

    async def inline_query(self, query: str = "", timeout: float = 5.0) -> InlineQueryRecord:  # noqa: ASYNC109
        """Type ``@bot query`` in some chat; return once the bot answered (or fail)."""
        record = push_inline_query(self._state, self.user_json(), query)
        answered = await self._state.signal.wait_for(lambda: record.results is not None, timeout)
        if not answered:
            raise AssertionError(f"the bot did not answer the inline query {query!r} in {timeout}s")
        return record

    async def send(self, text: str, *, reply_to: SentMessage | int | None = None) -> int:
        """Send a text message (``/commands`` get their ``bot_command`` entity)."""
        return self._post({"text": text}, reply_to)

    def _file(self, data: bytes, folder: str, ext: str, mime: str) -> dict[str, Any]:
        stored = self._state.store_file(data, folder, ext, mime)
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(data),
        }

    def _caption(self, caption: str | None) -> dict[str, Any]:
        if not caption:
            return {}
        body: dict[str, Any] = {"caption": caption}
        entities = detect_entities(caption)
        if entities:
            body["caption_entities"] = entities
        return body

    async def send_photo(
        self,
        data: bytes | None = None,
        caption: str | None = None,
        width: int = 64,
        height: int = 64,
    ) -> int:
        data = data if data is not None else make_png(width, height)
        size = dict(self._file(data, "photos", "png", "image/png"), width=width, height=height)
        return self._post({"photo": [size], **self._caption(caption)})

    async def send_document(
        self,
        data: bytes = b"%PDF-1.4\n%emulated\n",
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
    ) -> int:
        ext = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        document = dict(self._file(data, "documents", ext, mime_type))
        document.update(file_name=file_name, mime_type=mime_type)
        return self._post({"document": document, **self._caption(caption)})

    async def send_voice(self, data: bytes = b"OggS\x00emulated", duration: int = 2) -> int:
        voice = dict(self._file(data, "voice", "oga", "audio/ogg"), duration=duration)
        voice["mime_type"] = "audio/ogg"
        return self._post({"voice": voice})

    async def send_video(
        self,
        data: bytes = b"\x00\x00\x00\x18ftypmp42",
        duration: int = 3,
        caption: str | None = None,
    ) -> int:
        video = dict(self._file(data, "videos", "mp4", "video/mp4"))
        video.update(width=640, height=360, duration=duration, mime_type="video/mp4")
        return self._post({"video": video, **self._caption(caption)})

    async def send_animation(self, data: bytes = b"GIF89a\x01\x00\x01\x00") -> int:
        animation = dict(self._file(data, "animations", "mp4", "video/mp4"))
        animation.update(width=1, height=1, duration=1, file_name="animation.gif.mp4")
        document = {
            k: animation[k] for k in ("file_id", "file_unique_id", "file_size", "file_name")
        }
        return self._post({"animation": animation, "document": document})

    async def send_sticker(self, emoji: str = "👍") -> int:
        sticker = dict(self._file(b"RIFF\x00\x00\x00\x00WEBP", "stickers", "webp", "image/webp"))
        sticker.update(type="regular", width=512, height=512, is_animated=False, is_video=False)
        sticker["emoji"] = emoji
        return self._post({"sticker": sticker})

    async def send_location(self, latitude: float = 24.8607, longitude: float = 67.0011) -> int:
        return self._post({"location": {"latitude": latitude, "longitude": longitude}})

    async def send_contact(
        self, phone_number: str = "+15555550123", first_name: str = "Contact", own: bool = False
    ) -> int:
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": first_name}
        if own:
            contact.update(first_name=self.first_name, user_id=self.id)
        return self._post({"contact": contact})

    async def forward(
        self,
        text: str,
        *,
        from_chat_title: str | None = None,
        from_chat_id: int = -1001234567890,
        from_user: EmulatedUser | dict[str, Any] | None = None,
        hidden_name: str | None = None,
    ) -> int:
        """Forward ``text`` as if from a channel, a user, or a user hiding their account."""
        date = int(time.time()) - 3600
        origin: dict[str, Any]
        if from_chat_title is not None:
            chat = {"id": from_chat_id, "type": "channel", "title": from_chat_title}
            origin = {"type": "channel", "date": date, "chat": chat, "message_id": 42}
        elif from_user is not None:
            sender = from_user.user_json() if isinstance(from_user, EmulatedUser) else from_user
            origin = {"type": "user", "date": date, "sender_user": sender}
        else:
            origin = {
                "type": "hidden_user",
                "date": date,
                "sender_user_name": hidden_name or "Anonymous",
            }
        return self._post({"text": text, "forward_origin": origin})

    async def edit(self, message_id: int, text: str) -> None:
        """Edit one of this user's own messages (the bot gets ``edited_message``)."""
        stored = self._chat.messages.get(message_id)
        if stored is None or stored.from_bot:
            raise AssertionError(f"user {self.id} has no message #{message_id} to edit")
        stored.data["text"] = text
        stored.data.pop("entities", None)
        entities = detect_entities(text)
        if entities:
            stored.data["entities"] = entities
        stored.data["edit_date"] = int(time.time())
        self._state.push_update("edited_message", copy.deepcopy(stored.data))

    async def press(
        self,
        label: str | None = None,
        *,
        message: SentMessage | int | None = None,
        data: str | None = None,
    ) -> CallbackRecord:
        """Press an inline button: by label on the newest bot message having it (or on
        ``message``), or send raw ``data`` as callback_data (e.g. stale or garbage data)."""
        return self._callback(self.user_json(), label, message, data)

    def _member_update(self, old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            body: dict[str, Any] = {"status": status, "user": self._state.bot_user()}
            if status == "kicked":
                body["until_date"] = 0
            return body

        self._state.push_update(
            "my_chat_member",
            {
                "chat": self._chat.chat_json(),
                "from": self.user_json(),
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    def block(self) -> None:
        """Block the bot: later sends get 403, and the bot gets a ``my_chat_member``."""
        self._chat.blocked = True
        self._member_update("member", "kicked")

    def unblock(self) -> None:
        self._chat.blocked = False
        self._member_update("kicked", "member")


class EmulatedGroup(ChatView):
    """A group or supergroup the bot is a member of (privacy mode applies)."""

    def topics(self) -> dict[int, str]:
        """Forum topics the bot created here: ``{message_thread_id: name}``."""
        return {thread: str(t["name"]) for thread, t in self._chat.topics.items()}

    def topic_closed(self, thread: int) -> bool:
        return bool(self._chat.topics[thread]["closed"])

    @property
    def title(self) -> str:
        return self._chat.title or "Group"

    def _delivered(self, text: str | None, reply_to: StoredMessage | None) -> bool:
        """Privacy mode: a bot sees commands meant for it and replies to its messages.

        An administrator bot sees everything, privacy mode or not (as on Telegram).
        """
        if not self._state.privacy_mode or self._chat.bot_admin:
            return True
        if reply_to is not None and reply_to.from_bot:
            return True
        if text and text.startswith("/"):
            command = text.split()[0]
            addressee = command.partition("@")[2]
            return not addressee or addressee.lower() == self._state.bot_username.lower()
        return False

    async def send(
        self,
        user: EmulatedUser,
        text: str,
        *,
        reply_to: SentMessage | int | None = None,
        topic: int | None = None,
    ) -> int:
        """``user`` writes ``text`` here (in forum ``topic``); the bot gets it if privacy mode lets it."""
        target = None
        body: dict[str, Any] = {"text": text}
        if topic is not None:
            if topic not in self._chat.topics:
                raise AssertionError(f"no topic {topic} in group {self.chat_id}")
            body.update(message_thread_id=topic, is_topic_message=True)
        if reply_to is not None:
            target_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
            target = self._chat.messages.get(target_id)
            if target is None:
                raise AssertionError(f"no message #{target_id} in group {self.chat_id}")
            body["reply_to_message"] = {
                k: v for k, v in target.data.items() if k != "reply_to_message"
            }
        stored = new_user_message(self._chat, user.user_json(), body)
        if self._delivered(text, target):
            self._state.push_update("message", copy.deepcopy(stored.data))
        return stored.message_id

    async def press(
        self,
        user: EmulatedUser,
        label: str | None = None,
        *,
        message: SentMessage | int | None = None,
        data: str | None = None,
    ) -> CallbackRecord:
        return self._callback(user.user_json(), label, message, data)

    def remove_bot(self, by: EmulatedUser) -> None:
        """Kick the bot: later sends get 403 and the bot gets ``my_chat_member`` (left)."""
        self._chat.bot_removed = True
        self._push_membership(by, "member", "left")

    def add_bot(self, by: EmulatedUser) -> None:
        self._chat.bot_removed = False
        self._push_membership(by, "left", "member")

    def _push_membership(self, by: EmulatedUser, old: str, new: str) -> None:
        bot = self._state.bot_user()
        self._state.push_update(
            "my_chat_member",
            {
                "chat": self._chat.chat_json(),
                "from": by.user_json(),
                "date": int(time.time()),
                "old_chat_member": {"status": old, "user": bot},
                "new_chat_member": {"status": new, "user": bot},
            },
        )


class EmulatedChannel(ChatView):
    """A channel where the bot is an administrator: it receives every post."""

    async def post(self, text: str) -> int:
        stored = new_user_message(self._chat, None, {"text": text})
        self._state.push_update("channel_post", copy.deepcopy(stored.data))
        return stored.message_id

    async def edit_post(self, message_id: int, text: str) -> None:
        stored = self._chat.messages.get(message_id)
        if stored is None or stored.from_bot:
            raise AssertionError(f"channel {self.chat_id} has no post #{message_id}")
        stored.data["text"] = text
        stored.data["edit_date"] = int(time.time())
        self._state.push_update("edited_channel_post", copy.deepcopy(stored.data))

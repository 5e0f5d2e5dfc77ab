"""What every emulated chat offers tests: the bot's actions there, in order, and waiting.

Each ``expect_*`` takes the oldest bot action of its kind that no ``expect_*`` has
returned yet (a queue, so two quick replies are both seen, in order), and waits for one
if there is none.  Waiting is event-driven; on timeout the AssertionError shows what the
bot *did* do in the chat, including requests Telegram refused — usually the real cause.
"""

from __future__ import annotations

import copy
from typing import Any

from .records import BotEvent, CallbackRecord, SentMessage
from .state import ChatState, EmulatorState, StoredMessage

DEFAULT_TIMEOUT = 5.0


def describe_chat(state: EmulatorState, chat: ChatState, consumed: set[int] | None = None) -> str:
    """Human-readable account of a chat, for assertion messages."""
    lines = [f"Chat {chat.id} ({chat.type}, {chat.title or chat.first_name}):"]
    lines.append("  Conversation (current versions):")
    for message in sorted(chat.messages.values(), key=lambda m: m.message_id):
        who = "bot " if message.from_bot else "user"
        gone = " [deleted]" if message.deleted else ""
        lines.append(f"    {who}: {message.snapshot().describe()}{gone}")
    if chat.events:
        lines.append("  Bot actions in order (* = already returned by expect_*):")
        for event in chat.events[-30:]:
            mark = "*" if consumed and event.seq in consumed else " "
            what = event.message.describe() if event.message else f"#{event.message_id}"
            lines.append(f"   {mark} {event.kind}: {what}")
    calls = [c for c in state.calls if c.chat_id == chat.id]
    if calls:
        lines.append("  Bot API requests about this chat (last 10):")
        lines.extend(f"    {c.describe()}" for c in calls[-10:])
    others = [c for c in state.calls if c.chat_id != chat.id and c.status != 200]
    if others:
        lines.append("  Other refused requests (last 5):")
        lines.extend(f"    {c.describe()}" for c in others[-5:])
    waiting = [u for u in state.updates if u.delivered_at is None]
    if waiting:
        lines.append(f"  Updates not yet fetched by the bot: {len(waiting)} (is it polling?)")
    if state.dropped_updates:
        kinds = sorted({u.kind for u in state.dropped_updates})
        lines.append(f"  Updates dropped because of allowed_updates: {kinds}")
    if state.unsupported:
        lines.append(f"  Methods the emulator does not implement: {sorted(set(state.unsupported))}")
    return "\n".join(lines)


class ChatView:
    """What every emulated chat offers: reading what the bot did there, in order."""

    def __init__(self, state: EmulatorState, chat: ChatState) -> None:
        self._state = state
        self._chat = chat
        self._consumed: set[int] = set()

    @property
    def chat_id(self) -> int:
        return self._chat.id

    @property
    def chat(self) -> ChatState:
        return self._chat

    @property
    def messages(self) -> list[SentMessage]:
        """All bot messages in this chat that still exist, current versions, oldest first."""
        bot = sorted(self._chat.bot_messages(), key=lambda m: m.message_id)
        return [m.snapshot() for m in bot]

    @property
    def last_message(self) -> SentMessage | None:
        messages = self.messages
        return messages[-1] if messages else None

    def transcript(self) -> str:
        return describe_chat(self._state, self._chat, self._consumed)

    def _next(self, kinds: tuple[str, ...]) -> BotEvent | None:
        for event in self._chat.events:
            if event.kind in kinds and event.seq not in self._consumed:
                return event
        return None

    async def _expect(self, kinds: tuple[str, ...], what: str, seconds: float) -> BotEvent:
        found = await self._state.signal.wait_for(lambda: self._next(kinds) is not None, seconds)
        event = self._next(kinds)
        if not found or event is None:
            raise AssertionError(
                f"Expected {what} from the bot in chat {self.chat_id} within {seconds}s; "
                f"none came.\n{self.transcript()}"
            )
        self._consumed.add(event.seq)
        return event

    async def expect_message(self, timeout: float = DEFAULT_TIMEOUT) -> SentMessage:  # noqa: ASYNC109
        """The next new message the bot sent here (not yet returned by an ``expect_*``)."""
        event = await self._expect(("message",), "a new message", timeout)
        assert event.message is not None
        return event.message

    async def expect_edit(self, timeout: float = DEFAULT_TIMEOUT) -> SentMessage:  # noqa: ASYNC109
        """The next edit the bot made to a message here (the edited version)."""
        event = await self._expect(("edit",), "an edit of a message", timeout)
        assert event.message is not None
        return event.message

    async def expect_reply(self, timeout: float = DEFAULT_TIMEOUT) -> SentMessage:  # noqa: ASYNC109
        """The next new message *or* edit, whichever the bot did first."""
        event = await self._expect(("message", "edit"), "a message or an edit", timeout)
        assert event.message is not None
        return event.message

    async def expect_deletion(self, timeout: float = DEFAULT_TIMEOUT) -> int:  # noqa: ASYNC109
        """The id of the next message the bot deleted here."""
        event = await self._expect(("delete",), "a message deletion", timeout)
        assert event.message_id is not None
        return event.message_id

    async def expect_no_reply(self, quiet: float = 0.3, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Assert the bot does nothing more here: waits for quiescence, then checks."""
        await wait_idle(self._state, quiet=quiet, seconds=timeout)
        pending = [
            e
            for e in self._chat.events
            if e.kind in ("message", "edit") and e.seq not in self._consumed
        ]
        if pending:
            self._consumed.update(e.seq for e in pending)
            raise AssertionError(
                f"Expected the bot to stay silent in chat {self.chat_id}, but it did:\n"
                + "\n".join(
                    f"  {e.kind}: {e.message.describe() if e.message else ''}" for e in pending
                )
            )

    def _target_message(
        self, message: SentMessage | int | None, label: str | None
    ) -> StoredMessage:
        if message is not None:
            message_id = message if isinstance(message, int) else message.message_id
            stored = self._chat.messages.get(message_id)
            if stored is None or stored.deleted or not stored.from_bot:
                raise AssertionError(f"no bot message #{message_id} to press a button on")
            return stored
        candidates = sorted(self._chat.bot_messages(), key=lambda m: -m.message_id)
        if label is None:
            if not candidates:
                raise AssertionError(f"the bot has sent no message in chat {self.chat_id}")
            return candidates[0]
        for stored in candidates:
            keyboard = (stored.data.get("reply_markup") or {}).get("inline_keyboard", [])
            if any(b.get("text") == label for row in keyboard for b in row):
                return stored
        raise AssertionError(
            f"No bot message in chat {self.chat_id} has a button labelled {label!r}.\n"
            f"{self.transcript()}"
        )

    def _callback(
        self,
        sender: dict[str, Any],
        label: str | None,
        message: SentMessage | int | None,
        data: str | None,
    ) -> CallbackRecord:
        stored = self._target_message(message, label)
        if data is None:
            if label is None:
                raise AssertionError("press() needs a button label or data=")
            button = stored.snapshot().button(label)
            if "callback_data" not in button:
                kinds = [k for k in button if k != "text"]
                raise AssertionError(f"button {label!r} is not a callback button ({kinds})")
            data = button["callback_data"]
        query_id = self._state.new_callback_id()
        record = CallbackRecord(
            id=query_id,
            chat_id=self.chat_id,
            message_id=stored.message_id,
            user_id=sender["id"],
            data=data,
            created_at=self._state.now(),
        )
        self._state.callbacks[query_id] = record
        query = {
            "id": query_id,
            "from": sender,
            "message": copy.deepcopy(stored.data),
            "chat_instance": self._chat.chat_instance(),
            "data": data,
        }
        self._state.push_update("callback_query", query)
        return record

    async def expect_callback_answer(
        self,
        record: CallbackRecord,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - the DSL's per-call timeout
    ) -> CallbackRecord:
        """Wait until the bot answers the callback query ``record``."""
        if not await self._state.signal.wait_for(lambda: record.answered, timeout):
            raise AssertionError(
                f"The bot did not answer callback query {record.id} (data={record.data!r}) "
                f"within {timeout}s.\n{self.transcript()}"
            )
        return record


async def wait_idle(state: EmulatorState, quiet: float = 0.3, seconds: float = 10.0) -> None:
    """Return once every update was fetched and the bot made no request for ``quiet`` s.

    This is a quiescence window, not a sleep: it returns as soon as the bot has been
    quiet for ``quiet`` seconds and restarts the window whenever the bot makes a request.
    It cannot see work the bot does without calling the API, so a handler that thinks
    for longer than ``quiet`` before replying can be mistaken for silence.
    """
    loop_deadline = state.now() + seconds
    while True:
        now = state.now()
        busy = not state.all_fetched() or state.inflight > 0
        quiet_for = now - state.last_activity
        if not busy and quiet_for >= quiet:
            return
        remaining = loop_deadline - now
        if remaining <= 0:
            reason = (
                "updates are still waiting to be fetched (is the bot polling?)"
                if not state.all_fetched()
                else "the bot kept making requests"
            )
            raise AssertionError(f"wait_idle: not idle after {seconds}s: {reason}")
        wait = remaining if busy else min(remaining, quiet - quiet_for)
        await state.signal.wait(wait)

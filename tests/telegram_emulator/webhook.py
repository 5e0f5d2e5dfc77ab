"""Webhook delivery as Telegram's server does it: POST each update to the bot's URL.

While a webhook is set (``setWebhook``), queued updates are posted to its URL with the
``X-Telegram-Bot-Api-Secret-Token`` header, at most ``max_connections`` at once and, like
Telegram's Bot API server, one chat's updates one after another (the next only once the
previous POST was answered). An update is forgotten when its POST got a 2xx answer; a
failed, refused or timed-out POST is tried again after a short, growing delay.
``state.webhook_reposts`` holds update ids to post once more after their answer (Telegram
does so when the answer was lost in a timeout even though the bot had handled the update).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aiohttp

from .state import EmulatorState, QueuedUpdate, WebhookPost

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_DELAYS = (0.1, 0.2, 0.5, 1.0, 2.0)
MAX_CONNECTIONS = 100  # the most setWebhook's max_connections allows


def chat_of(update: QueuedUpdate) -> int | None:
    """The chat whose updates are posted in order (for a button press: the presser's)."""
    body = update.payload.get(update.kind)
    if not isinstance(body, dict):
        return None
    who = body.get("chat") or body.get("from") or {}
    return who.get("id") if isinstance(who, dict) else None


class WebhookPoster:
    """Posts ``state.updates`` to ``state.webhook_url`` while one is set."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self._task: asyncio.Task[None] | None = None
        self._posts: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="emulator-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for post in list(self._posts):
            post.cancel()
        await asyncio.gather(*self._posts, return_exceptions=True)

    def idle(self) -> bool:
        """No update waiting for the webhook and no POST running."""
        return not self._posts and not (self.state.webhook_url and self.state.updates)

    async def _run(self) -> None:
        state = self.state
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=MAX_CONNECTIONS)
        ) as session:
            while not state.closing:
                # Scan only when a connection is free: the scan walks the whole queue, and
                # every API call of the bot fires the signal.
                if state.webhook_url and len(self._posts) < state.webhook_max_connections:
                    self._start_due(session)
                await state.signal.wait(0.05)
                await asyncio.sleep(0.001)  # let a burst of signals collapse into one scan

    def _start_due(self, session: aiohttp.ClientSession) -> None:
        """Start a POST for every update whose chat has no earlier update still unanswered."""
        state, now = self.state, self.state.now()
        waiting_chats: set[int] = set()
        for update in list(state.updates):
            if update.kind not in state.allowed_updates:
                continue
            chat = chat_of(update)
            blocked = chat is not None and chat in waiting_chats
            if chat is not None:
                waiting_chats.add(chat)  # this chat's later updates wait behind this one
            if blocked or update.posting or update.not_before > now:
                continue
            if len(self._posts) >= state.webhook_max_connections:
                return
            update.posting = True
            task = asyncio.create_task(self._post(session, update))
            self._posts.add(task)
            task.add_done_callback(self._posts.discard)

    async def _post(self, session: aiohttp.ClientSession, update: QueuedUpdate) -> None:
        state = self.state
        headers = {SECRET_HEADER: state.webhook_secret} if state.webhook_secret else {}
        started = state.now()
        if update.delivered_at is None:
            update.delivered_at = started
        status: int | None = None
        try:
            async with session.post(
                state.webhook_url,
                json=update.payload,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=state.webhook_post_timeout),
            ) as response:
                await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError, OSError):
            status = None
        finally:
            update.posting = False
        state.webhook_posts.append(WebhookPost(update.update_id, started, state.now(), status))
        if status is not None and 200 <= status < 300:
            if update in state.updates:
                state.updates.remove(update)
            if update.update_id in state.webhook_reposts:
                state.webhook_reposts.discard(update.update_id)
                state.updates.insert(0, _again(update))
        else:
            update.attempts += 1
            delay = RETRY_DELAYS[min(update.attempts, len(RETRY_DELAYS)) - 1]
            update.not_before = state.now() + delay
        state.last_activity = state.now()
        state.changed()


def _again(update: QueuedUpdate) -> QueuedUpdate:
    payload: dict[str, Any] = update.payload
    return QueuedUpdate(update.update_id, update.kind, payload, delivered_at=update.delivered_at)

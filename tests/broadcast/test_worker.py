"""The delivery worker with a Sender made from a function, on a real SQLite store."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.broadcast.enqueue import enqueue_broadcast
from bot.broadcast.pacing import Pacer
from bot.broadcast.worker import DeliveryWorker
from bot.content.model import Content
from bot.errors import RecipientBlocked, RecipientGone, RetryLater, TransientFailure
from bot.privacy import IdentityKeys
from bot.store import Store, open_store
from bot.store.broadcasts import Audience

KEYS = IdentityKeys("worker-test-key-0123456789abcdef")
ADMIN_CHAT = 1


class FunctionSender:
    """A Sender whose answer is decided by ``handler(chat_id, attempt)``; records each call."""

    def __init__(
        self, handler: Callable[[int, int], None], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._handler = handler
        self._clock = clock
        self.calls: list[tuple[float, int, str, bool]] = []
        self._changed = asyncio.Event()

    async def send_text(
        self, chat_id: int, html: str, *, paid_broadcast: bool = False, buttons: object = ()
    ) -> None:
        self.calls.append((self._clock(), chat_id, html, paid_broadcast))
        self._changed.set()
        attempt = sum(1 for c in self.calls if c[1] == chat_id)
        self._handler(chat_id, attempt)

    async def wait_calls(self, count: int) -> None:
        while len(self.calls) < count:
            self._changed.clear()
            await asyncio.wait_for(self._changed.wait(), 10)


class RecordingApi:
    """The admin's chat: progress messages sent and edited."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.edits: list[str] = []

    async def send(self, chat_id: int, text: str, buttons: object) -> int:
        self.sent.append(text)
        return len(self.sent)

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: object) -> None:
        self.edits.append(text)

    async def answer_press(self, press_id: str, toast: str | None) -> None:
        return None

    async def send_photo(self, chat_id: int, photo: bytes, caption: str, buttons: object) -> int:
        return 0


def ok(chat_id: int, attempt: int) -> None:
    return None


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        yield opened
    finally:
        await opened.close()


async def subscribers(store: Store, chats: list[int], language: str = "en") -> None:
    for chat in chats:
        await store.subscribe(KEYS.chat_key(chat), KEYS.seal_chat(chat), language)


async def queue(store: Store, content: Content, **fields: object) -> int:
    info = await enqueue_broadcast(
        store,
        content,
        {"en": "<b>Warning</b>"},
        audience=Audience(),
        actor="cli",
        start_at=time.time(),
        report_chat=KEYS.seal_chat(ADMIN_CHAT),
        **fields,  # type: ignore[arg-type]
    )
    return info.id


def worker(
    store: Store,
    content: Content,
    sender: FunctionSender,
    api: RecordingApi | None = None,
    **kw: object,
) -> DeliveryWorker:
    rate = float(kw.pop("rate", 1000.0))  # type: ignore[arg-type]
    return DeliveryWorker(
        store,
        KEYS,
        lambda: content,
        sender,
        api or RecordingApi(),
        Pacer(rate),
        backoff=float(kw.pop("backoff", 0.01)),  # type: ignore[arg-type]
        progress_every=0.05,
        idle_poll=0.05,
        **kw,  # type: ignore[arg-type]
    )


async def finished(store: Store, broadcast_id: int, running: DeliveryWorker) -> None:
    """Wait until the broadcast is done (the worker's own follow loop marks it)."""
    while True:
        info = await store.broadcast(broadcast_id)
        assert info is not None
        if info.status == "done" and info.reported:
            return
        running.wake()
        await asyncio.sleep(0.01)


async def test_everyone_gets_the_text_of_their_language_once(
    store: Store, content: Content
) -> None:
    await subscribers(store, [10, 11], "en")
    await subscribers(store, [12], "ur")
    broadcast_id = await queue(store, content)
    sender, api = FunctionSender(ok), RecordingApi()
    running = worker(store, content, sender, api, paid=True)
    await running.start()
    await asyncio.wait_for(finished(store, broadcast_id, running), 10)
    await running.stop()
    assert sorted(c[1] for c in sender.calls) == [10, 11, 12]
    by_chat = {c[1]: c[2] for c in sender.calls}
    assert by_chat[10].startswith("<b>Warning</b>") and "/unsubscribe" in by_chat[12]
    assert by_chat[10] != by_chat[12], "the how-to-stop line is in each reader's language"
    assert all(c[3] for c in sender.calls), "allow_paid_broadcast when paid is on"
    assert "is finished" in api.sent[-1] and "Sent: 3 of 3" in api.sent[-1]


async def test_network_errors_are_retried_with_backoff_until_the_deadline(
    store: Store, content: Content
) -> None:
    def flaky(chat_id: int, attempt: int) -> None:
        if chat_id == 20 and attempt <= 2:
            raise TransientFailure("connection reset")
        if chat_id == 21:
            raise TransientFailure("502 Bad Gateway")

    await subscribers(store, [20, 21, 22])
    broadcast_id = await queue(store, content)
    # Timed on the worker's own clock (the wall clock, which replicas share): a freshly booted
    # machine slews its wall clock against the monotonic one, by 4 ms in 1.2 s on one CI run.
    sender, api = FunctionSender(flaky, clock=time.time), RecordingApi()
    running = worker(store, content, sender, api, give_up_after=3.0, backoff=1.2)
    await running.start()
    await asyncio.wait_for(finished(store, broadcast_id, running), 10)
    await running.stop()
    info = await store.broadcast(broadcast_id)
    assert info is not None
    assert (info.count("sent"), info.count("failed")) == (2, 1)
    assert info.failures == {"unreachable": 1}
    tries = [c[0] for c in sender.calls if c[1] == 21]
    assert len(tries) == 3, "given up once Telegram was unreachable for give_up_after"
    first_wait, second_wait = tries[1] - tries[0], tries[2] - tries[1]
    assert first_wait >= 1.2 and second_wait >= 2.4, "waiting longer each time"
    assert "Telegram could not be reached for hours: 1" in api.sent[-1], "the report says why"


async def test_an_outage_in_the_middle_delays_copies_and_drops_none(
    store: Store, content: Content
) -> None:
    outage = {"on": False}

    def telegram(chat_id: int, attempt: int) -> None:
        if outage["on"]:
            raise TransientFailure("connection refused")

    chats = list(range(200, 210))
    await subscribers(store, chats)
    broadcast_id = await queue(store, content)
    sender = FunctionSender(telegram)
    running = worker(store, content, sender, rate=20.0, backoff=0.05)
    outage["on"] = True  # Telegram is down when the broadcast starts ...
    await running.start()
    await sender.wait_calls(15)  # ... every copy fails, some more than once ...
    outage["on"] = False  # ... and it comes back
    await asyncio.wait_for(finished(store, broadcast_id, running), 10)
    await running.stop()
    info = await store.broadcast(broadcast_id)
    assert info is not None and (info.count("sent"), info.count("failed")) == (10, 0)


async def test_quiet_hours_are_checked_when_each_copy_is_sent(
    store: Store, content: Content
) -> None:
    # Queued at 21:59:59 in Pakistan (UTC+5): planned for now, reached only after 22:00.
    evening = datetime(2026, 3, 2, 16, 59, 59, tzinfo=UTC).timestamp()
    now = {"t": evening}
    await subscribers(store, [70])
    await enqueue_broadcast(
        store,
        content,
        {"en": "<b>Warning</b>"},
        audience=Audience(),
        actor="cli",
        start_at=evening,
        quiet_hours=True,
    )
    now["t"] = evening + 120  # the worker gets to the copy at 22:01:59 PKT
    sender = FunctionSender(ok)
    running = worker(store, content, sender, clock=lambda: now["t"])

    async def put_off() -> float | None:
        """Wait until the row is due later than the lease of a claim (or was sent)."""
        while True:
            running.wake()
            due = await store.next_due()
            if sender.calls or (due is not None and due > now["t"] + 60):
                return due
            await asyncio.sleep(0.01)

    await running.start()
    due = await asyncio.wait_for(put_off(), 10)
    await running.stop()
    assert sender.calls == [], "not at 22:01 in Pakistan"
    morning = datetime(2026, 3, 3, 3, 0, tzinfo=UTC).timestamp()  # 08:00 PKT
    assert due == morning


async def test_a_429_is_honoured_and_does_not_count_as_a_try(
    store: Store, content: Content
) -> None:
    def limited(chat_id: int, attempt: int) -> None:
        if chat_id == 30 and attempt == 1:
            raise RetryLater(0.3)

    await subscribers(store, [30, 31])
    broadcast_id = await queue(store, content)
    sender = FunctionSender(limited)
    running = worker(store, content, sender, give_up_after=0.0)
    await running.start()
    await asyncio.wait_for(finished(store, broadcast_id, running), 10)
    await running.stop()
    first_429 = next(c[0] for c in sender.calls if c[1] == 30)
    after = [c[0] for c in sender.calls if c[0] > first_429]
    assert after and min(after) - first_429 >= 0.3, "nothing at all was sent during the pause"
    info = await store.broadcast(broadcast_id)
    assert info is not None and info.count("sent") == 2


async def test_blocked_and_gone_are_final_and_marked(store: Store, content: Content) -> None:
    def unreachable(chat_id: int, attempt: int) -> None:
        if chat_id == 40:
            raise RecipientBlocked("Forbidden: bot was blocked by the user")
        if chat_id == 41:
            raise RecipientGone("Bad Request: chat not found")

    await subscribers(store, [40, 41, 42])
    broadcast_id = await queue(store, content)
    sender = FunctionSender(unreachable)
    running = worker(store, content, sender)
    await running.start()
    await asyncio.wait_for(finished(store, broadcast_id, running), 10)
    await running.stop()
    assert len(sender.calls) == 3, "never retried"
    assert await store.subscription_status(KEYS.chat_key(40)) == "blocked"
    assert await store.subscription_status(KEYS.chat_key(41)) == "gone"


async def test_a_refused_message_fails_without_stopping_the_others(
    store: Store, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    def refuses(chat_id: int, attempt: int) -> None:
        if chat_id == 50:
            raise ValueError("Bad Request: can't parse entities")

    await subscribers(store, [50, 51])
    broadcast_id = await queue(store, content)
    running = worker(store, content, FunctionSender(refuses))
    await running.start()
    await asyncio.wait_for(finished(store, broadcast_id, running), 10)
    await running.stop()
    info = await store.broadcast(broadcast_id)
    assert info is not None and (info.count("sent"), info.count("failed")) == (1, 1)
    assert "a message was refused" in caplog.text


async def test_one_chat_in_two_broadcasts_gets_them_a_second_apart(
    store: Store, content: Content
) -> None:
    await subscribers(store, [60])
    first = await queue(store, content)
    second = await queue(store, content)
    sender = FunctionSender(ok)
    running = worker(store, content, sender)
    await running.start()
    await asyncio.wait_for(finished(store, first, running), 10)
    await asyncio.wait_for(finished(store, second, running), 10)
    await running.stop()
    [one, two] = [c[0] for c in sender.calls]
    assert two - one >= 1.0


async def test_stopping_puts_unsent_claims_back(
    store: Store, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    chats = list(range(100, 160))
    await subscribers(store, chats)
    broadcast_id = await queue(store, content)
    sender = FunctionSender(ok)
    running = worker(store, content, sender, rate=20.0)
    await running.start()
    await sender.wait_calls(5)
    await running.stop()
    info = await store.broadcast(broadcast_id)
    assert info is not None
    assert info.count("sending") == 0, "nothing is left claimed after a clean stop"
    assert info.count("sent") == len(sender.calls)
    assert info.count("pending") == len(chats) - len(sender.calls)


class LosesACancellation(Pacer):
    """A budget whose wait drops the first cancellation it gets, as a timeout racing it can
    inside the Redis client or ``asyncio.wait_for`` on Python 3.11 (a CI run hung on it)."""

    def __init__(self) -> None:
        super().__init__(1000.0)
        self.waiting = asyncio.Event()
        self.lost = 0

    async def wait_unpaused(self) -> None:
        self.waiting.set()
        try:
            await asyncio.sleep(3600 if not self.lost else 0)
        except asyncio.CancelledError:
            self.lost += 1  # and carry on, as if nothing happened


async def test_a_worker_stops_even_when_its_budget_loses_the_cancellation(
    store: Store, content: Content
) -> None:
    pacer = LosesACancellation()
    running = DeliveryWorker(
        store, KEYS, lambda: content, FunctionSender(ok), RecordingApi(), pacer, idle_poll=0.05
    )
    await running.start()
    await asyncio.wait_for(pacer.waiting.wait(), 10)
    stopping = asyncio.create_task(running.stop())
    # Not wait_for: cancelling stop() would cancel the runner a second time and hide the hang.
    await asyncio.wait({stopping}, timeout=10)
    stopped = stopping.done()
    stopping.cancel()
    assert stopped, "stop() waited for ever on a runner that lost its cancellation"
    assert pacer.lost == 1, "the cancellation really was lost"
    still_running = [
        task.get_name()
        for task in asyncio.all_tasks()
        if task.get_name().startswith("broadcast") and not task.done()
    ]
    assert still_running == [], "a stopped worker must not go on claiming and sending"

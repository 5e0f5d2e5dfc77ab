"""The pacer: a global rate, a global pause after a 429, and room for replies."""

from __future__ import annotations

import pytest

from bot.broadcast.pacing import PacedChatApi, Pacer
from bot.errors import RetryLater


class FakeTime:
    """A clock that advances only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def pacer(rate: float, burst: float | None = None) -> tuple[Pacer, FakeTime]:
    fake = FakeTime()
    return Pacer(rate, burst=burst, clock=fake.clock, sleep=fake.sleep), fake


async def test_sends_are_spread_at_the_rate() -> None:
    paced, fake = pacer(30)
    start = fake.now
    for _ in range(90):
        await paced.acquire()
    # One at once, then one every 1/30 s.
    assert fake.now - start == pytest.approx(89 / 30)


async def test_a_pause_holds_every_send_until_it_ends() -> None:
    paced, fake = pacer(30)
    await paced.pause(5)
    assert paced.paused_for == 5
    await paced.acquire()
    assert fake.now >= 1005
    await paced.pause(2)
    await paced.pause(1)  # a shorter pause never shortens a running one
    await paced.wait_unpaused()
    assert fake.now >= 1007


async def test_no_burst_right_after_a_pause() -> None:
    paced, fake = pacer(10, burst=5)
    await paced.pause(3)
    await paced.acquire()
    resumed = fake.now
    await paced.acquire()
    assert fake.now - resumed == pytest.approx(0.1, abs=1e-6)


async def test_replies_use_up_the_budget_of_broadcasts() -> None:
    paced, fake = pacer(10, burst=1)
    await paced.acquire()
    for _ in range(5):
        await paced.note_send()
    start = fake.now
    await paced.acquire()
    assert fake.now - start == pytest.approx(0.6)


async def test_a_429_on_a_reply_pauses_everything() -> None:
    paced, _fake = pacer(30)

    class Refusing:
        async def send(self, chat_id: int, text: str, buttons: object) -> int:
            raise RetryLater(7)

    api = PacedChatApi(Refusing(), paced)  # type: ignore[arg-type]
    with pytest.raises(RetryLater):
        await api.send(1, "hi", ())
    assert paced.paused_for == 7


def test_the_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Pacer(0)


class LateTime(FakeTime):
    """A clock whose every sleep oversleeps, as an event loop on a busy machine does."""

    def __init__(self, late: float) -> None:
        super().__init__()
        self.late = late

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds + self.late)


def busiest_window(times: list[float], window: float = 1.0) -> int:
    """Most of ``times`` inside any half-open span of ``window`` seconds."""
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


@pytest.mark.parametrize("late", [0.0, 0.002, 0.01])
async def test_oversleeping_keeps_the_rate_and_never_exceeds_it_in_a_second(late: float) -> None:
    fake = LateTime(late)
    paced = Pacer(30, clock=fake.clock, sleep=fake.sleep)
    times = []
    for _ in range(300):
        await paced.acquire()
        times.append(fake.now)
    # The schedule catches up what each late wake-up cost: 300 sends in 10 s, as if on time
    # (the old bucket lost every oversleep: 300 * (1/30 + 0.01) = 13 s at the worst).
    assert times[-1] - times[0] <= 299 / 30 + 30 * late + 1e-6
    assert busiest_window(times) <= 30


async def test_a_burst_after_quiet_stays_inside_one_second_of_the_rate() -> None:
    paced, fake = pacer(30, burst=20)
    fake.now += 60  # quiet for a minute: the burst may go at once
    times = []
    for _ in range(120):
        await paced.acquire()
        times.append(fake.now)
    assert times[19] == times[0], "the burst went at once"
    assert busiest_window(times) <= 30


async def test_replies_count_in_the_window_of_broadcasts() -> None:
    paced, fake = pacer(30, burst=30)
    for _ in range(30):
        await paced.note_send()  # thirty replies at once
    start = fake.now
    await paced.acquire()
    assert fake.now - start == pytest.approx(1.0)

"""Two replicas in webhook mode on one PostgreSQL and one Redis, as docker-compose.yml runs
them, with real processes: each invariant of DESIGN.md "Several replicas", seen by users.

Telegram (the emulator) posts every update to the load balancer, which hands it to either
replica; some updates are posted again after their answer (as Telegram does when an answer
is lost), and one replica is killed with SIGKILL in the middle.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.broadcast.enqueue import enqueue_broadcast
from bot.content.model import Content
from bot.privacy import IdentityKeys
from bot.store import open_store
from bot.store.broadcasts import Audience
from tests.replicas.topology import (
    DATA_KEY,
    LoadBalancer,
    free_port,
    replica_env,
    shared_services,
    start_replica,
)
from tests.telegram_emulator import TelegramEmulator
from tests.telegram_emulator.limits import Limits

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

USERS = 30
ROUNDS = 6  # each user alternates /privacy and /help
PRIVACY, HELP = "What I keep about you", "I help you check a job offer"
ADMIN = 777


def which(text: str) -> str:
    return "privacy" if PRIVACY in text else "help" if HELP in text else f"other: {text[:40]}"


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_two_replicas_answer_each_update_once_in_order_and_a_kill_loses_nothing(
    telegram: TelegramEmulator, tmp_path: Path, framework: str
) -> None:
    async with shared_services(telegram.token) as shared:
        ports = {"a": free_port(), "b": free_port()}
        balancer = LoadBalancer(ports)
        await balancer.start()
        replicas = {
            name: await start_replica(
                name,
                port,
                replica_env(telegram, shared, balancer, port, BOT_FRAMEWORK=framework),
                tmp_path,
            )
            for name, port in ports.items()
        }
        try:
            await telegram.wait_webhook()
            users = [telegram.user(8000 + n, language_code="en") for n in range(USERS)]
            sent: dict[int, list[str]] = {u.id: [] for u in users}
            reposted: list[int] = []
            owner: dict[int, int] = {}
            killed_in_flight: set[int] = set()
            for round_ in range(ROUNDS):
                command = "/privacy" if round_ % 2 == 0 else "/help"
                ids = telegram.inject_many(u.message_update(command) for u in users)
                owner.update(zip(ids, (u.id for u in users), strict=True))
                for user in users:
                    sent[user.id].append(which(PRIVACY if command == "/privacy" else HELP))
                reposted += ids[::4]
                telegram.repost_after_answer(*ids[::4])  # a lost answer: posted again
                if round_ == ROUNDS // 2:
                    await telegram.wait_sent(USERS * round_ + USERS // 2, timeout=60)
                    killed_in_flight = set(balancer.in_flight["a"])
                    replicas["a"].kill()  # in the middle of a round, updates in flight
            await telegram.wait_sent(USERS * ROUNDS, timeout=120)
            await telegram.wait_idle(quiet=1.0, timeout=60)
        finally:
            for replica in replicas.values():
                await replica.stop()
            await balancer.stop()

    answered = {u.id: [which(m.text) for m in u.messages] for u in users}
    twice = {uid: got for uid, got in answered.items() if got != sent[uid]}
    # A kill -9 between sending a reply and recording the update as handled can answer that
    # one update again; nothing else may differ (order, a missing or a doubled answer).
    interrupted = {owner[update_id] for update_id in killed_in_flight}
    doubled_ok = {
        uid
        for uid, got in twice.items()
        if uid in interrupted and len(got) == len(sent[uid]) + 1 and _one_extra(got, sent[uid])
    }
    assert not (twice.keys() - doubled_ok), f"answers differ: {twice}"
    assert len(doubled_ok) <= len(killed_in_flight)
    reposts = [p.update_id for p in telegram.webhook_posts if p.status == 200]
    assert all(reposts.count(u) >= 2 for u in reposted), "the re-posts did happen"
    handled_by_both = {u for u, names in balancer.handled_by.items() if set(names) == {"a", "b"}}
    assert handled_by_both, "updates were handed to both replicas"
    assert replicas["b"].errors() == []


def _one_extra(got: list[str], wanted: list[str]) -> bool:
    """``got`` is ``wanted`` with one answer repeated right after itself."""
    return any(
        got[:i] + got[i + 1 :] == wanted and got[i] == got[i - 1] for i in range(1, len(got))
    )


async def test_two_replicas_share_one_budget_deliver_each_copy_once_and_report_once(
    telegram: TelegramEmulator, tmp_path: Path, content: Content
) -> None:
    rate = 20  # below Telegram's 30/s: two replicas without one shared budget would send 40/s
    telegram.set_limits(Limits.telegram())
    chats = list(range(30_000, 30_300))
    admin = telegram.user(ADMIN, language_code="en", started=True)
    keys = IdentityKeys(DATA_KEY)
    async with shared_services(telegram.token) as shared:
        ports = {"a": free_port(), "b": free_port()}
        balancer = LoadBalancer(ports)
        await balancer.start()
        env = {"BROADCAST_RATE": str(rate), "ADMIN_IDS": str(ADMIN)}
        replicas = {
            name: await start_replica(
                name, port, replica_env(telegram, shared, balancer, port, **env), tmp_path
            )
            for name, port in ports.items()
        }
        store = await open_store(shared.database_url)
        try:
            for chat in chats:
                telegram.user(chat, language_code="en", started=True)
                await store.subscribe(keys.chat_key(chat), keys.seal_chat(chat), "en")
            info = await enqueue_broadcast(
                store,
                content,
                {"en": "<b>Warning</b>: fake call-centre jobs in Thailand."},
                audience=Audience(),
                actor="test",
                start_at=time.time(),
                report_chat=keys.seal_chat(ADMIN),
            )
            await telegram.wait_sent(len(chats) // 3, timeout=60)
            replicas["a"].kill()
            in_flight_at_kill = (await store.broadcast(info.id)).count("sending")  # type: ignore[union-attr]

            async def reported() -> None:
                while True:
                    done = await store.broadcast(info.id)
                    if done is not None and done.reported:
                        return
                    await asyncio.sleep(0.2)  # polling the store for the end, not a race

            await asyncio.wait_for(reported(), 120)
            await telegram.wait_idle(quiet=1.0, timeout=30)
            final = await store.broadcast(info.id)
        finally:
            await store.close()
            for replica in replicas.values():
                await replica.stop()
            await balancer.stop()

    counts = {chat: telegram.stats.delivered_to(chat) for chat in chats}
    assert [c for c, n in counts.items() if n == 0] == [], "killing a replica lost nobody"
    doubled = [c for c, n in counts.items() if n > 1]
    assert len(doubled) <= in_flight_at_kill, "only copies in flight at the kill may repeat"
    stats = telegram.stats
    assert (stats.rate_limited, stats.early_retries) == (0, 0)
    # The shared budget lets at most ``rate`` leave in any second (tests/broadcast/
    # test_pacing.py); a loaded machine bunches a few on the way. Without it: 2 x rate.
    assert stats.max_sends_in_window(1.0) <= rate * 1.2
    reports = [m for m in admin.messages if "is finished" in m.text]
    assert len(reports) == 2, "the progress message edited into the report, and one report"
    assert len({m.message_id for m in reports}) == 2
    assert final is not None and final.count("sent") == len(chats)

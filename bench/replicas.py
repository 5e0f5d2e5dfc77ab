"""Replicas in webhook mode on PostgreSQL and Redis: one against two, for updates and broadcasts.

    python -m bench.replicas [--phase updates|broadcast|both] [--framework aiogram|ptb]
                             [--users 200] [--messages 5] [--subscribers 1500]

The topology of docker-compose.yml as real processes (tests/replicas/topology.py): the Bot API
emulator in this process posts every update to a round-robin load balancer in front of one or
two ``python -m bot run`` replicas, sharing a fresh PostgreSQL schema and a Redis namespace.

updates    ``users`` x ``messages`` text updates queued at once (after one warm-up round);
           updates per second until every reply was accepted; the table compares two
           replicas with one.
broadcast  One broadcast to ``subscribers`` with the emulator enforcing Telegram's limits
           (``Limits.telegram()``) and ``BROADCAST_RATE=30``: sustained rate (accepted sends,
           first to last), share of 30/s, the busiest second, 429s and early retries (sends
           while a ``retry_after`` ran; the target is 0).

Not a test: nothing is asserted. Needs the local PostgreSQL and Redis.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.broadcast.enqueue import enqueue_broadcast  # noqa: E402
from bot.content.loader import load_content  # noqa: E402
from bot.privacy import IdentityKeys  # noqa: E402
from bot.store import open_store  # noqa: E402
from bot.store.broadcasts import Audience  # noqa: E402
from tests.replicas.topology import (  # noqa: E402
    DATA_KEY,
    LoadBalancer,
    Replica,
    Shared,
    free_port,
    replica_env,
    shared_services,
    start_replica,
)
from tests.telegram_emulator import TelegramEmulator  # noqa: E402
from tests.telegram_emulator.limits import Limits  # noqa: E402

TEXTS = (
    "Is this job offer in Dubai real?",
    "agent ne visa ke liye 3 lakh maange hain",
    "call centre job in Bangkok, salary 1500 dollars",
    "how do I check that my agent is licensed?",
)


async def _topology(
    emu: TelegramEmulator, shared: Shared, count: int, log_dir: Path, **env: str
) -> tuple[LoadBalancer, list[Replica]]:
    ports = {f"r{n}": free_port() for n in range(count)}
    balancer = LoadBalancer(ports)
    await balancer.start()
    replicas = [
        await start_replica(name, port, replica_env(emu, shared, balancer, port, **env), log_dir)
        for name, port in ports.items()
    ]
    await emu.wait_webhook()
    return balancer, replicas


async def _stop(balancer: LoadBalancer, replicas: list[Replica]) -> None:
    for replica in replicas:
        await replica.stop()
    await balancer.stop()


async def updates(count: int, framework: str, users: int, messages: int) -> float:
    """Updates per second through ``count`` replicas (one warm-up round, one measured)."""
    with tempfile.TemporaryDirectory(prefix="bench-replicas-") as tmp:
        async with TelegramEmulator() as emu, shared_services(emu.token) as shared:
            balancer, replicas = await _topology(
                emu, shared, count, Path(tmp), BOT_FRAMEWORK=framework
            )
            try:
                rates = []
                for first in (1_000_000, 2_000_000):
                    people = [emu.user(first + n, language_code="en") for n in range(users)]
                    load = [
                        p.message_update(TEXTS[(i + n) % len(TEXTS)])
                        for i in range(messages)
                        for n, p in enumerate(people)
                    ]
                    expected = emu.stats.sends_accepted + len(load)
                    started = time.perf_counter()
                    emu.inject_many(load)
                    await emu.wait_sent(expected, timeout=600)
                    rates.append(len(load) / (time.perf_counter() - started))
            finally:
                await _stop(balancer, replicas)
    return rates[-1]


async def broadcast(count: int, framework: str, subscribers: int) -> dict[str, float]:
    """One broadcast to ``subscribers`` through ``count`` replicas at Telegram's limits."""
    content, _ = load_content(ROOT / "content", ROOT / "locales")
    keys = IdentityKeys(DATA_KEY)
    chats = list(range(3_000_000, 3_000_000 + subscribers))
    with tempfile.TemporaryDirectory(prefix="bench-replicas-") as tmp:
        async with (
            TelegramEmulator(limits=Limits.telegram()) as emu,
            shared_services(emu.token) as shared,
        ):
            balancer, replicas = await _topology(
                emu, shared, count, Path(tmp), BOT_FRAMEWORK=framework, BROADCAST_RATE="30"
            )
            store = await open_store(shared.database_url)
            try:
                for chat in chats:
                    emu.user(chat, language_code="en", started=True)
                    await store.subscribe(keys.chat_key(chat), keys.seal_chat(chat), "en")
                await enqueue_broadcast(
                    store,
                    content,
                    {"en": "<b>Warning</b>: fake call-centre jobs in Thailand."},
                    audience=Audience(),
                    actor="bench",
                    start_at=time.time(),
                )
                await emu.wait_sent(len(chats), timeout=subscribers / 10 + 60)
            finally:
                await store.close()
                await _stop(balancer, replicas)
    stats = emu.stats
    times = sorted(s.time for s in stats.sends if s.status == 200 and s.chat_id in set(chats))
    rate = (len(times) - 1) / (times[-1] - times[0])
    return {
        "rate": rate,
        "share": rate / 30,
        "busiest_second": stats.max_sends_in_window(1.0),
        "rate_limited": stats.rate_limited,
        "early_retries": stats.early_retries,
    }


async def main(argv: list[str] | None = None) -> None:
    """Run the chosen phases with one and with two replicas; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=["updates", "broadcast", "both"], default="both")
    parser.add_argument("--framework", choices=["aiogram", "ptb"], default="aiogram")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--subscribers", type=int, default=1500)
    args = parser.parse_args(argv)
    if args.phase in ("updates", "both"):
        one = await updates(1, args.framework, args.users, args.messages)
        two = await updates(2, args.framework, args.users, args.messages)
        total = args.users * args.messages
        print(f"updates: {total} at once, {args.framework}, webhook, PostgreSQL + Redis")
        print(f"  one replica   {one:8.0f} updates/s")
        print(f"  two replicas  {two:8.0f} updates/s   ({two / one:.2f}x one)")
    if args.phase in ("broadcast", "both"):
        print(f"broadcast: {args.subscribers} subscribers, BROADCAST_RATE=30, Telegram's limits")
        for count in (1, 2):
            f = await broadcast(count, args.framework, args.subscribers)
            print(
                f"  {count} replica(s): {f['rate']:.2f}/s = {f['share']:.1%} of 30/s; "
                f"busiest second {f['busiest_second']:.0f}; 429s {f['rate_limited']:.0f}; "
                f"early retries {f['early_retries']:.0f}"
            )


if __name__ == "__main__":
    asyncio.run(main())

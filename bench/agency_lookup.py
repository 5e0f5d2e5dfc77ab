"""What the agency lookups add to every typed message, on a realistic list size.

Run from the repository root::

    python -m bench.agency_lookup [--indicators 10000] [--licences 3000] [--messages 500]

A fresh SQLite file gets ``indicators`` listed phone numbers (and a tenth as many companies)
and ``licences`` OEP entries (fictitious); then :meth:`AgencyDesk.lookups` runs on
``messages`` ads and questions, and the median and 95th percentile per message are printed,
with a rapidfuzz name search over the whole list. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bot.agency.desk import AgencyDesk
from bot.agency.licences import Licence, closest_names
from bot.agency.records import KnownIndicator
from bot.privacy import IdentityKeys
from bot.store import open_store

TEXTS = [
    "Call centre job in Bangkok, salary $1500, WhatsApp 0300-{n:07d}, licence 2814/LHR",
    "mera agent OEP {n} RWP hai, kya ye theek hai? number 0321 {n:07d}",
    "Apply to Sample Company {n} for Dubai, free visa, t.me/jobs_desk_{n}",
]


async def measure(indicators: int, licences: int, messages: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = await open_store(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            desk = AgencyDesk(store, IdentityKeys("bench-key-0123456789abcdef"))
            entries = [
                KnownIndicator("phone", f"+92300{n:07d}", "", "bench", "2026-11-30")
                for n in range(indicators)
            ] + [
                KnownIndicator("company", f"sample company {n}", "", "bench", "2026-11-30")
                for n in range(indicators // 10)
            ]
            await desk.shelf.list_indicators(entries)
            oeps = [
                Licence(f"{n}/LHR", f"Fictitious Overseas {n} Promoters") for n in range(licences)
            ]
            await desk.oeps.replace_licences(oeps, "bench", date(2026, 11, 30))
            timings = []
            for i in range(messages):
                text = TEXTS[i % len(TEXTS)].format(n=i * 7 % max(1, indicators))
                start = time.perf_counter()
                await desk.lookups(text)
                timings.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            closest_names("fictitious overseas 1234", await desk.oeps.all_licences())
            fuzzy = (time.perf_counter() - start) * 1000
        finally:
            await store.close()
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{indicators} indicators (+{indicators // 10} companies), {licences} licences, {messages} messages"
    )
    print(f"lookups per message: median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms")
    print(f"name search over the whole list (read + rapidfuzz): {fuzzy:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=10_000)
    parser.add_argument("--licences", type=int, default=3_000)
    parser.add_argument("--messages", type=int, default=500)
    args = parser.parse_args()
    asyncio.run(measure(args.indicators, args.licences, args.messages))


if __name__ == "__main__":
    main()

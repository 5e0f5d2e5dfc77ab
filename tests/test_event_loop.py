"""``python -m bot run`` serves on uvloop (bench/throughput.py: a quarter less CPU per update)."""

from __future__ import annotations

import asyncio

from bot.__main__ import serve


def test_the_serving_bot_runs_on_uvloop() -> None:
    async def loop_module() -> str:
        return type(asyncio.get_running_loop()).__module__

    async def answer() -> int:
        return 0 if (await loop_module()).startswith("uvloop") else 1

    assert serve(answer()) == 0

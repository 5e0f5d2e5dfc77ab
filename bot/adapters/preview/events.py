"""Live reload on the page: each reload result is pushed to every open page as a server-sent
event, so a volunteer sees "reloaded" or "refused" the moment a file is saved."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.content.reload import ReloadResult

KEEPALIVE_SECONDS = 15.0
SHOWN_PROBLEMS = 20


class ReloadEvents:
    """Fan-out of reload results to every open page (server-sent events)."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[dict[str, Any] | None]] = set()

    def subscribe(self) -> asyncio.Queue[dict[str, Any] | None]:
        """A queue that receives every following event; ``None`` means the server stops."""
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        """Stop sending to ``queue``."""
        self._queues.discard(queue)

    def publish(self, event: dict[str, Any] | None) -> None:
        """Send ``event`` to every page."""
        for queue in self._queues:
            queue.put_nowait(event)


def reload_event(result: ReloadResult) -> dict[str, Any]:
    """A reload result as the page shows it."""
    return {
        "ok": result.ok,
        "version": result.version,
        "changed": list(result.changed),
        "problems": [str(p) for p in result.problems[:SHOWN_PROBLEMS]],
        "more": max(0, len(result.problems) - SHOWN_PROBLEMS),
        "warnings": len(result.warnings),
        "at": time.strftime("%H:%M:%S"),
    }


async def reload_stream(
    request: web.Request, source: Callable[[web.Request], tuple[ReloadEvents, int]]
) -> web.StreamResponse:
    """Server-sent events: one ``reload`` event each time saved files were (or were not) loaded."""
    events, version = source(request)
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    queue = events.subscribe()
    try:
        hello = {"version": version}
        await response.write(f"retry: 1000\nevent: hello\ndata: {json.dumps(hello)}\n\n".encode())
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                await response.write(b": keep-alive\n\n")
                continue
            if event is None:
                break
            payload = json.dumps(event, ensure_ascii=False)
            await response.write(f"event: reload\ndata: {payload}\n\n".encode())
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    finally:
        events.unsubscribe(queue)
    return response

"""The webhook door, written once for both frameworks: Telegram POSTs updates, we answer after.

One aiohttp server on ``WEBHOOK_LISTEN`` serves two routes:

* ``POST <path of WEBHOOK_URL>``: an update. Without the ``X-Telegram-Bot-Api-Secret-Token``
  header matching ``WEBHOOK_SECRET`` it gets 401 and nothing happens. Otherwise the update
  goes through the :class:`~bot.replicas.gate.UpdateGate` (handled once, one chat at a time)
  to the framework's dispatcher, and the POST is answered only when the handling is over:
  a replica killed in the middle never answered, so Telegram posts the update again.
  A failure while handling answers 500, so Telegram tries again later.
* ``GET /healthz``: 200 when the store (and Redis, when configured) answer, 503 otherwise.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.adapters.senders import ChatOf, Health
from bot.replicas.gate import UpdateGate

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Asked of Telegram in setWebhook (its default is 40, its maximum 100): updates of different
# users are handled in parallel, so more connections keep a replica busy during a rush.
WEBHOOK_CONNECTIONS = 100
Feed = Callable[[dict[str, Any]], Awaitable[None]]


class WebhookServer:
    """The HTTP server of one replica in webhook mode; see the module docstring."""

    def __init__(
        self,
        *,
        path: str,
        secret: str | None,
        listen: tuple[str, int],
        feed: Feed,
        gate: UpdateGate,
        chat_of: ChatOf,
        health: Health,
    ) -> None:
        self._secret = secret.encode() if secret else None
        self._listen = listen
        self._feed = feed
        self._gate = gate
        self._chat_of = chat_of
        self._health = health
        self._runner: web.AppRunner | None = None
        self.app = web.Application()
        self.app.router.add_post(path, self._update)
        self.app.router.add_get("/healthz", self._healthz)

    async def start(self) -> None:
        """Bind ``WEBHOOK_LISTEN`` and serve."""
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=20.0)
        await self._runner.setup()
        host, port = self._listen
        await web.TCPSite(self._runner, host, port).start()
        log.info("webhook server listening on %s:%d", host, port)

    async def stop(self) -> None:
        """Stop accepting updates and wait (bounded) for those being handled."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _update(self, request: web.Request) -> web.Response:
        if self._secret is not None:
            given = request.headers.get(SECRET_HEADER, "").encode()
            if not hmac.compare_digest(given, self._secret):
                return web.Response(status=401, text="wrong or missing secret token")
        try:
            update = json.loads(await request.read())
            update_id = update["update_id"]
            if not isinstance(update_id, int):
                raise TypeError("update_id")
        except (ValueError, KeyError, TypeError):
            return web.Response(status=400, text="not a Telegram update")
        try:
            await self._gate.run(update_id, self._chat_of(update), lambda: self._feed(update))
        except Exception as exc:  # Telegram posts it again later; the text stays out of logs
            log.error("update %d not handled: %s", update_id, type(exc).__name__)
            return web.Response(status=500, text="not handled, try again")
        return web.json_response({})

    async def _healthz(self, request: web.Request) -> web.Response:
        try:
            healthy = await self._health()
        except Exception as exc:
            log.warning("health check failed: %s", type(exc).__name__)
            healthy = False
        return web.Response(status=200 if healthy else 503, text="ok" if healthy else "unhealthy")

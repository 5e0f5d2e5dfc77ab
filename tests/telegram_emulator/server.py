"""The HTTP face of the emulator: ``/bot<token>/<method>`` and ``/file/bot<token>/<path>``.

It lives in the test's own event loop (an aiohttp ``AppRunner`` on 127.0.0.1 with a
free port), so the bot under test makes real HTTP requests while tests can inspect and
drive the same state directly.  This module only routes and wraps: token check, method
lookup (case-insensitive, like Telegram), fault injection, bookkeeping for ``wait_idle``
and send statistics, and Telegram-shaped JSON responses.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from . import errors
from .api_bot import BOT_METHODS
from .api_forum import FORUM_METHODS
from .api_inline import INLINE_METHODS
from .api_messages import MESSAGE_METHODS, SEND_METHODS
from .errors import ApiError
from .params import Params, read_params
from .records import ApiCall
from .state import EmulatorState, Fault
from .webhook import WebhookPoster

Handler = Callable[[EmulatorState, Params], Awaitable[Any]]

METHODS: dict[str, tuple[str, Handler]] = {
    name.lower(): (name, handler)
    for name, handler in {
        **BOT_METHODS,
        **MESSAGE_METHODS,
        **FORUM_METHODS,
        **INLINE_METHODS,
    }.items()
}
MAX_UPLOAD = 50 * 1024 * 1024

log = logging.getLogger(__name__)


def _json(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )


def _params_summary(p: Params) -> dict[str, Any]:
    """Request parameters for the call log, with upload bytes replaced by their size."""
    summary: dict[str, Any] = dict(p.values)
    for name, upload in p.files.items():
        summary[name] = f"<{len(upload.data)} bytes {upload.filename}>"
    return summary


def _chat_of(state: EmulatorState, p: Params) -> int | None:
    """The chat a request is about (for answerCallbackQuery: the pressed message's chat)."""
    query = state.callbacks.get(p.get_str("callback_query_id") or "")
    if query is not None:
        return query.chat_id
    try:
        chat_id = p.chat_id()
    except ApiError:
        return None
    return chat_id if isinstance(chat_id, int) else None


class EmulatorServer:
    """aiohttp app serving one :class:`EmulatorState`."""

    def __init__(self, state: EmulatorState, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = state
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self.webhook = WebhookPoster(state)
        self.app = web.Application(client_max_size=MAX_UPLOAD)
        self.app.router.add_route("*", "/bot{token}/{method}", self.handle_api)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self.handle_file)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        # handler_cancellation: a long poll whose client went away must stop waiting.
        self._runner = web.AppRunner(
            self.app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1]
        self.webhook.start()

    async def stop(self) -> None:
        self.state.closing = True
        self.state.changed()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _take_fault(self, method: str) -> Fault | None:
        for fault in self.state.faults:
            if fault.remaining > 0 and (fault.methods is None or method.lower() in fault.methods):
                fault.remaining -= 1
                return fault
        return None

    def _fault_response(self, request: web.Request, fault: Fault) -> web.StreamResponse:
        if fault.kind == "reset":
            # Drop the TCP connection without answering; aiohttp then skips the response.
            transport = request.transport
            if transport is not None:
                transport.abort()
            return web.Response(status=500)
        if fault.kind == "502":
            body = "<html><head><title>502 Bad Gateway</title></head></html>"
            return web.Response(text=body, status=502, content_type="text/html")
        return _json(ApiError(500, errors.INTERNAL).payload(), status=500)

    async def handle_api(self, request: web.Request) -> web.StreamResponse:
        state = self.state
        if request.match_info["token"] != state.token:
            return _json(ApiError(401, errors.UNAUTHORIZED).payload(), status=401)
        found = METHODS.get(request.match_info["method"].lower())
        if found is None:
            state.unsupported.append(request.match_info["method"])
            return _json(ApiError(404, errors.NOT_FOUND).payload(), status=404)
        name, handler = found
        is_poll = name == "getUpdates"
        if not is_poll:
            state.inflight += 1
            state.last_activity = state.now()
        try:
            return await self._call(request, name, handler)
        finally:
            if not is_poll:
                state.inflight -= 1
                state.last_activity = state.now()
            state.changed()

    async def _call(self, request: web.Request, name: str, handler: Handler) -> web.StreamResponse:
        state = self.state
        fault = self._take_fault(name)
        if fault is not None and not fault.after:
            state.log_call(ApiCall(state.now(), name, 0, None, f"injected {fault.kind}"))
            return self._fault_response(request, fault)
        error: ApiError | None = None
        result: Any = None
        try:
            params = await read_params(request)
        except ApiError as exc:
            params, error = Params({}, {}), exc
        if error is None:
            try:
                result = await handler(state, params)
            except ApiError as exc:
                error = exc
            except Exception as exc:  # an emulator bug must not look like a Telegram answer
                log.exception("emulator failed on %s", name)
                state.internal_errors.append(f"{name}: {exc!r}")
                error = ApiError(500, f"{errors.INTERNAL}: emulator bug: {exc!r}")
        chat_id = _chat_of(state, params)
        now = state.now()
        status = 200 if error is None else error.error_code
        description = None if error is None else error.description
        state.log_call(ApiCall(now, name, status, chat_id, description, _params_summary(params)))
        if name in SEND_METHODS and chat_id is not None:
            message_id = result.get("message_id") if isinstance(result, dict) else None
            state.flood.record(now, chat_id, name, error, message_id)
        if fault is not None:
            return self._fault_response(request, fault)
        if error is not None:
            return _json(error.payload(), status=error.error_code)
        return _json({"ok": True, "result": result})

    async def handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.state.token:
            return _json(ApiError(401, errors.UNAUTHORIZED).payload(), status=401)
        stored = self.state.file_by_path(request.match_info["path"])
        if stored is None or stored.data is None:
            return _json(ApiError(404, errors.NOT_FOUND).payload(), status=404)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

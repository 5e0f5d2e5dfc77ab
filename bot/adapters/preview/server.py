"""The preview's web server (aiohttp): the chat API, the checker's report, live reload events.

Everything the page shows comes from the real conversation core through
:class:`~bot.chat_service.ChatService`; the page itself is plain HTML, JS and CSS in
``static/``, served as they are (no build step).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.adapters.delivery import deliver
from bot.adapters.message_kinds import event_from_text_or_kind
from bot.adapters.preview.events import ReloadEvents, reload_event, reload_stream
from bot.adapters.preview.recording import Recorder, add_routes
from bot.adapters.preview.review import review_data
from bot.adapters.preview.sessions import (
    PreviewApi,
    PreviewSession,
    PreviewSessions,
    PreviewVoices,
)
from bot.chat_service import ChatService
from bot.content.check_report import build_report, report_json
from bot.content.reload import ContentReloader, ReloadResult
from bot.core import callbacks
from bot.core.events import Event, Incoming, Press
from bot.core.replies import Outcome
from bot.errors import ContentError
from bot.reports.unanswered import gather_unanswered
from bot.store.base import Store

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).with_name("static")
COOKIE = "preview_session"
MAX_TEXT = 4096


@dataclass
class Preview:
    """What the handlers share: the chat, the reloader, the sessions and the event fan-out."""

    chat: ChatService
    reloader: ContentReloader
    watch: bool = True
    sessions: PreviewSessions = field(default_factory=PreviewSessions)
    store: Store | None = None
    events: ReloadEvents = field(default_factory=ReloadEvents)

    async def on_reload(self, result: ReloadResult) -> None:
        """Tell every open page what the last save did."""
        self.events.publish(reload_event(result))


PREVIEW = web.AppKey("preview", Preview)
SESSION_TOKEN = web.RequestKey("session_token", str)


def _language_hint(request: web.Request) -> str | None:
    """The browser's first language, as Telegram's ``language_code`` would carry it."""
    header = request.headers.get("Accept-Language", "")
    first = header.split(",")[0].split(";")[0].strip()
    return first or None


@web.middleware
async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
    """Serve only pages opened on this computer, and give each browser its session."""
    host = request.host.rsplit(":", 1)[0].strip("[]")
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise web.HTTPForbidden(text="the preview only answers on 127.0.0.1")
    origin = request.headers.get("Origin")
    if request.method == "POST" and origin and origin.split("://", 1)[-1] != request.host:
        raise web.HTTPForbidden(text="requests from other sites are refused")
    token = request.cookies.get(COOKIE) or PreviewSessions.new_token()
    request[SESSION_TOKEN] = token
    response = await handler(request)
    if request.cookies.get(COOKIE) != request[SESSION_TOKEN] and not response.prepared:
        response.set_cookie(COOKIE, request[SESSION_TOKEN], httponly=True, samesite="Strict")
    return response


def _session(request: web.Request) -> PreviewSession:
    return request.app[PREVIEW].sessions.get(request[SESSION_TOKEN], _language_hint(request))


def _problems_response(exc: ContentError) -> web.Response:
    return web.json_response(
        {
            "error": "The content has errors, so the bot cannot answer. Fix them and save: "
            "the preview reloads by itself.",
            "problems": [str(p) for p in exc.problems[:20]],
        },
        status=503,
    )


async def _converse(
    request: web.Request,
    session: PreviewSession,
    event: Event,
    *,
    typed: str | None = None,
    pressed: int | None = None,
) -> web.Response:
    """Run one update through the chat service and deliver the outcome into the transcript."""
    preview = request.app[PREVIEW]
    api = PreviewApi(session)
    if typed is not None:  # shown as the user's own bubble, as plain text
        user_message = session.add("user", html.escape(typed, quote=False))
        api.ops.append({"op": "send", "message": user_message.to_json()})
    try:
        outcome = await preview.chat.handle(session.user_id, Incoming(event, session.language_hint))
    except ContentError as exc:
        return _problems_response(exc)
    api.toast = outcome.toast
    for index, reply in enumerate(outcome.replies):
        api.direction = reply.direction
        single = Outcome(replies=(reply,), state=None)
        await deliver(
            api,
            session.user_id,
            single,
            pressed_message_id=pressed if index == 0 else None,
            voices=PreviewVoices(),
        )
    return web.json_response(
        {"ops": api.ops, "toast": api.toast, "version": preview.reloader.holder.version}
    )


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text="expected a JSON body") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="expected a JSON object")
    return body


async def send_text(request: web.Request) -> web.Response:
    """The user typed a message (or a /command)."""
    body = await _json_body(request)
    text = str(body.get("text", ""))[:MAX_TEXT]
    event = event_from_text_or_kind(text, "other", forwarded=False)
    if event is None:
        raise web.HTTPBadRequest(text="empty message")
    return await _converse(request, _session(request), event, typed=text.strip())


async def press_button(request: web.Request) -> web.Response:
    """The user pressed an inline button of message ``message_id`` (absent: a language switch)."""
    body = await _json_body(request)
    data = str(body.get("data", ""))
    if not 1 <= len(data.encode("utf-8")) <= 64:
        raise web.HTTPBadRequest(text="callback data must be 1-64 bytes")
    message_id = body.get("message_id")
    pressed = message_id if isinstance(message_id, int) else None
    return await _converse(request, _session(request), Press(data), pressed=pressed)


async def history(request: web.Request) -> web.Response:
    """What this browser was shown so far, and the languages to switch to."""
    preview = request.app[PREVIEW]
    session = _session(request)
    holder = preview.reloader.holder
    languages = []
    if holder.loaded:
        languages = [
            {"code": code, "name": lang.name, "data": callbacks.encode("lang", code)}
            for code, lang in holder.current().languages.items()
        ]
    last = preview.reloader.last
    return web.json_response(
        {
            "messages": [m.to_json() for m in session.messages.values()],
            "languages": languages,
            "version": holder.version,
            "last_reload": reload_event(last) if last else None,
        }
    )


async def new_user(request: web.Request) -> web.Response:
    """Forget this browser's session: the next message comes from a brand-new user."""
    request.app[PREVIEW].sessions.drop(request[SESSION_TOKEN])
    request[SESSION_TOKEN] = PreviewSessions.new_token()
    return web.json_response({"ok": True})


async def report(request: web.Request) -> web.Response:
    """The checker's findings and the coverage table for the files as they are now."""
    reloader = request.app[PREVIEW].reloader
    found = await asyncio.to_thread(build_report, reloader.content_dir, reloader.locales_dir)
    return web.json_response(report_json(found))


async def review(request: web.Request) -> web.Response:
    """Every question and verdict text in every language, for reviewers."""
    reloader = request.app[PREVIEW].reloader
    found = await asyncio.to_thread(build_report, reloader.content_dir, reloader.locales_dir)
    try:
        content = reloader.holder.current()
    except ContentError as exc:
        return _problems_response(exc)
    data = review_data(content, found.inspection.coverage)
    data["stale"] = found.inspection.content is None
    return web.json_response(data)


UNANSWERED_DAYS = 30


async def unanswered(request: web.Request) -> web.Response:
    """The scrubbed questions of the last 30 days that got no answer, for volunteers."""
    preview = request.app[PREVIEW]
    if preview.store is None:
        return web.json_response({"questions": []})
    understanding = preview.chat.understanding
    examples = preview.reloader.holder.current().topic_examples

    def guess(text: str, language: str) -> str | None:
        match = understanding.topics.match(text, language, examples)
        return match.topic if match is not None and match.confident else None

    rows = await gather_unanswered(preview.store, UNANSWERED_DAYS, guess=guess)
    return web.json_response({"questions": [asdict(row) for row in rows]})


async def _events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: one ``reload`` event each time saved files were (or were not) loaded."""
    preview = request.app[PREVIEW]
    return await reload_stream(request, lambda _: (preview.events, preview.reloader.holder.version))


def _page(name: str) -> Any:
    async def handler(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC_DIR / name, headers={"Cache-Control": "no-cache"})

    return handler


async def _watching(app: web.Application) -> AsyncIterator[None]:
    preview = app[PREVIEW]
    stop = asyncio.Event()
    task = None
    if preview.watch:
        task = asyncio.create_task(preview.reloader.watch(stop, preview.on_reload))
    yield
    stop.set()
    if task is not None:
        try:
            await asyncio.wait_for(task, 5)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _close_streams(app: web.Application) -> None:
    app[PREVIEW].events.publish(None)


def build_preview_app(
    chat: ChatService,
    reloader: ContentReloader,
    *,
    watch: bool = True,
    store: Store | None = None,
) -> web.Application:
    """The preview as an aiohttp application; ``watch`` starts hot reload with the app.

    ``store`` is the one the chat writes its question log to (the unanswered page reads it).
    """
    app = web.Application(middlewares=[guard])
    app[PREVIEW] = Preview(chat, reloader, watch, store=store)
    app.router.add_get("/", _page("index.html"))
    app.router.add_get("/review", _page("review.html"))
    app.router.add_get("/unanswered", _page("unanswered.html"))
    app.router.add_get("/record", _page("record.html"))
    app.router.add_static("/static/", STATIC_DIR, append_version=False)
    app.router.add_get("/api/history", history)
    app.router.add_post("/api/send", send_text)
    app.router.add_post("/api/press", press_button)
    app.router.add_post("/api/new-user", new_user)
    app.router.add_get("/api/report", report)
    app.router.add_get("/api/review", review)
    app.router.add_get("/api/unanswered", unanswered)
    app.router.add_get("/api/events", _events)
    add_routes(app, Recorder(reloader))
    app.cleanup_ctx.append(_watching)
    app.on_shutdown.append(_close_streams)
    return app

"""Starting and stopping the preview: its own throwaway store, hot reload, 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.adapters.preview.server import build_preview_app
from bot.chat_service import ChatService
from bot.config import Settings
from bot.content.holder import ContentHolder
from bot.content.reload import ContentReloader
from bot.errors import ConfigError
from bot.flood import FloodGuard
from bot.services import identity_keys
from bot.store import open_store
from bot.store.base import Store

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_PORT = 8080


@dataclass
class RunningPreview:
    """A started preview; :meth:`close` stops the server, the watcher and the store."""

    url: str
    runner: web.AppRunner
    store: Store
    reloader: ContentReloader
    scratch: tempfile.TemporaryDirectory[str] | None

    async def close(self) -> None:
        """Stop serving and delete the throwaway store."""
        await self.runner.cleanup()
        await self.store.close()
        if self.scratch is not None:
            self.scratch.cleanup()


async def start_preview(
    settings: Settings,
    port: int = DEFAULT_PORT,
    *,
    database_url: str | None = None,
    watch: bool = True,
    debounce_ms: int = 400,
) -> RunningPreview:
    """Load the content (a broken start is shown on the page, not fatal), open a store and serve.

    The conversations go to a fresh SQLite file in a temporary folder unless ``database_url``
    is given, so trying things out never touches the bot's real data. ``port`` 0 picks a free one.
    """
    holder = ContentHolder()
    reloader = ContentReloader(
        holder, settings.CONTENT_DIR, settings.LOCALES_DIR, debounce_ms=debounce_ms
    )
    first = reloader.reload()
    if not first.ok:
        log.warning("the content has errors; the page shows them and reloads once they are fixed")
    scratch = None
    if database_url is None:
        scratch = tempfile.TemporaryDirectory(prefix="bot-preview-")
        database_url = f"sqlite:///{Path(scratch.name) / 'preview.db'}"
    store = await open_store(database_url)
    keys = identity_keys(settings, local_only=True)
    # One person clicking fast is no flood; keep the guard, with room for quick testing.
    chat = ChatService(store, holder.current, keys, FloodGuard(burst=60, rate=10.0))
    runner = web.AppRunner(build_preview_app(chat, reloader, watch=watch), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, HOST, port)
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        await store.close()
        if scratch is not None:
            scratch.cleanup()
        raise ConfigError(f"cannot listen on {HOST}:{port} ({exc.strerror}); try --port") from None
    bound = runner.addresses[0][1]
    return RunningPreview(f"http://{HOST}:{bound}/", runner, store, reloader, scratch)


async def run_preview(settings: Settings, port: int = DEFAULT_PORT) -> None:
    """Serve the preview until Ctrl-C."""
    preview = await start_preview(settings, port)
    print(
        f"Preview of {settings.CONTENT_DIR}/ and {settings.LOCALES_DIR}/: {preview.url}\n"
        f"Side by side for reviewers: {preview.url}review\n"
        "Saved files are reloaded by themselves. Ctrl-C stops the preview.",
        file=sys.stderr,
    )
    try:
        await asyncio.Event().wait()
    finally:
        await preview.close()

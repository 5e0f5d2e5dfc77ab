"""Starting and stopping the preview: its own throwaway store, hot reload, 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.adapters.preview.server import build_preview_app
from bot.config import Settings
from bot.content.reload import ContentReloader
from bot.errors import ConfigError
from bot.services import Services, build_services

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_PORT = 8080


@dataclass
class RunningPreview:
    """A started preview; :meth:`close` stops the server, the watcher and the store."""

    url: str
    runner: web.AppRunner
    services: Services
    reloader: ContentReloader
    scratch: tempfile.TemporaryDirectory[str] | None

    async def close(self) -> None:
        """Stop serving and delete the throwaway store."""
        await self.runner.cleanup()
        await self.services.close()
        if self.scratch is not None:
            self.scratch.cleanup()


def preview_settings(settings: Settings, database_url: str) -> Settings:
    """The bot's settings with the preview's own store, and room for one person clicking fast."""
    changes: dict[str, object] = {"DATABASE_URL": database_url}
    fields = type(settings).model_fields
    if "FLOOD_BURST" in fields and "FLOOD_RATE" in fields:
        changes |= {"FLOOD_BURST": 60, "FLOOD_RATE": 10.0}
    return settings.model_copy(update=changes)


async def start_preview(
    settings: Settings,
    port: int = DEFAULT_PORT,
    *,
    database_url: str | None = None,
    watch: bool = True,
    debounce_ms: int = 400,
) -> RunningPreview:
    """Build the bot's services exactly as ``run`` and ``chat`` do, and serve them on a page.

    The conversations go to a fresh SQLite file in a temporary folder unless ``database_url``
    is given, so trying things out never touches the bot's real data. ``port`` 0 picks a free
    one. Content with errors stops the start with a ContentError listing them (once running,
    a broken save is refused and shown on the page instead).
    """
    scratch = None
    if database_url is None:
        scratch = tempfile.TemporaryDirectory(prefix="bot-preview-")
        database_url = f"sqlite:///{Path(scratch.name) / 'preview.db'}"
    try:
        services = await build_services(preview_settings(settings, database_url), local_only=True)
    except BaseException:
        if scratch is not None:
            scratch.cleanup()
        raise
    reloader = ContentReloader(
        services.content, settings.CONTENT_DIR, settings.LOCALES_DIR, debounce_ms=debounce_ms
    )
    runner = web.AppRunner(
        build_preview_app(services.chat, reloader, watch=watch, store=services.store),
        access_log=None,
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, HOST, port)
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        await services.close()
        if scratch is not None:
            scratch.cleanup()
        raise ConfigError(f"cannot listen on {HOST}:{port} ({exc.strerror}); try --port") from None
    bound = runner.addresses[0][1]
    return RunningPreview(f"http://{HOST}:{bound}/", runner, services, reloader, scratch)


async def run_preview(
    settings: Settings, port: int = DEFAULT_PORT, *, handle_signals: bool = True
) -> None:
    """Serve the preview until Ctrl-C or SIGTERM (or until cancelled), then clean up."""
    preview = await start_preview(settings, port)
    print(
        f"Preview of {settings.CONTENT_DIR}/ and {settings.LOCALES_DIR}/: {preview.url}\n"
        f"Side by side for reviewers: {preview.url}review\n"
        "Saved files are reloaded by themselves. Ctrl-C stops the preview.",
        file=sys.stderr,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM) if handle_signals else ()
    for number in signals:
        loop.add_signal_handler(number, stop.set)
    try:
        await stop.wait()
    finally:
        for number in signals:
            loop.remove_signal_handler(number)
        await preview.close()

"""Hot reload: the running bot picks up edits to ``content/`` and ``locales/`` without a restart.

A change is all or nothing. :meth:`ContentReloader.reload` loads and checks every file; when
anything is wrong the whole change is refused, the bot keeps serving the last good content, and
the result says what to fix (the bot sends it to the editors). :meth:`ContentReloader.watch`
does this by itself whenever a file is saved, using ``watchfiles``.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from watchfiles import Change, DefaultFilter, awatch

from bot.content.holder import ContentHolder
from bot.content.loader import inspect_content
from bot.errors import Problem

if TYPE_CHECKING:
    from bot.understanding.pipeline import Understanding

log = logging.getLogger(__name__)

WATCHED_SUFFIXES = (".yaml", ".yml", ".po", ".mo", ".txt", ".ogg")  # .ogg: content/audio/
EDITOR_MESSAGE_ITEMS = 12
EDITOR_ITEM_CHARS = 300


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: ``ok`` when new content is served; otherwise ``problems`` (errors)
    say why it was refused. ``warnings`` never stop a reload."""

    ok: bool
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    changed: tuple[str, ...] = ()
    version: int = 0

    def summary(self) -> str:
        """One line for logs."""
        if self.ok:
            return f"content reloaded (version {self.version}, {len(self.warnings)} warning(s))"
        return (
            f"content change refused, still serving version {self.version}: "
            f"{len(self.problems)} problem(s), first: {self.problems[0] if self.problems else '?'}"
        )


def editor_message(result: ReloadResult) -> str:
    """The message for editors on Telegram, in Telegram HTML (everything from files escaped)."""

    def item(problem: Problem) -> str:
        text = str(problem)
        if len(text) > EDITOR_ITEM_CHARS:
            text = text[: EDITOR_ITEM_CHARS - 1] + "…"
        return f"• {html.escape(text, quote=False)}"

    if result.ok:
        lines = [f"<b>Content reloaded</b> (version {result.version})."]
        if result.warnings:
            lines.append(f"{len(result.warnings)} warning(s); the first ones:")
            lines += [item(p) for p in result.warnings[:3]]
            lines.append("Run <code>python -m bot content check</code> for all of them.")
        return "\n".join(lines)
    lines = [
        "<b>Content change refused.</b> The bot keeps serving the previous content "
        f"(version {result.version}) until this is fixed:"
    ]
    lines += [item(p) for p in result.problems[:EDITOR_MESSAGE_ITEMS]]
    more = len(result.problems) - EDITOR_MESSAGE_ITEMS
    if more > 0:
        lines.append(f"…and {more} more: run <code>python -m bot content check</code>.")
    return "\n".join(lines)


class ContentFilter(DefaultFilter):
    """Only files the content is made of; editors' swap and backup files are ignored."""

    def __call__(self, change: Change, path: str) -> bool:
        """True for a change worth a reload."""
        return path.endswith(WATCHED_SUFFIXES) and super().__call__(change, path)


Notify = Callable[[ReloadResult], Awaitable[None]]


def _stamps(paths: Iterable[str]) -> tuple[tuple[int, int] | None, ...]:
    """Size and modification time of each file (None when gone), to see a save under a read."""
    stamps: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            status = Path(path).stat()
        except OSError:
            stamps.append(None)
        else:
            stamps.append((status.st_size, status.st_mtime_ns))
    return tuple(stamps)


class ContentReloader:
    """Reloads content into a :class:`ContentHolder`, refusing any change that has errors."""

    def __init__(
        self,
        holder: ContentHolder,
        content_dir: Path,
        locales_dir: Path,
        *,
        debounce_ms: int = 800,
        step_ms: int = 200,
        read_understanding: Callable[[Path], Understanding] | None = None,
    ) -> None:
        """``read_understanding`` builds the reading pipeline from a content folder (by
        default ``Understanding.load``); it is rebuilt on every accepted change."""
        if read_understanding is None:
            from bot.understanding.pipeline import Understanding

            read_understanding = Understanding.load
        self.read_understanding = read_understanding
        self.holder = holder
        self.content_dir = content_dir
        self.locales_dir = locales_dir
        self.debounce_ms = debounce_ms
        self.step_ms = step_ms
        self.last: ReloadResult | None = None

    def reload(self, changed: Iterable[str] = ()) -> ReloadResult:
        """Load and check every file now; serve the result only when it has no error."""
        changed = tuple(changed)
        try:
            inspection = inspect_content(self.content_dir, self.locales_dir)
        except Exception as exc:  # a loader bug must never take the running bot down
            log.exception("reloading content failed")
            problem = Problem(str(self.content_dir), None, f"the loader failed: {exc!r}")
            result = ReloadResult(False, (problem,), (), changed, self.holder.version)
        else:
            if inspection.content is None:
                self.holder.refuse(inspection.errors)
                result = ReloadResult(
                    False,
                    tuple(inspection.errors or inspection.problems),
                    tuple(inspection.warnings),
                    changed,
                    self.holder.version,
                )
            else:
                try:
                    understanding = self.read_understanding(self.content_dir)
                except Exception as exc:  # checked files that still cannot be read
                    log.exception("reading content/understanding failed")
                    problem = Problem(
                        str(self.content_dir / "understanding"),
                        None,
                        f"the reading rules could not be loaded: {exc!r}",
                    )
                    self.holder.refuse([problem])
                    result = ReloadResult(
                        False, (problem,), tuple(inspection.warnings), changed, self.holder.version
                    )
                else:
                    self.holder.replace(inspection.content, understanding)
                    result = ReloadResult(
                        True, (), tuple(inspection.warnings), changed, self.holder.version
                    )
        self.last = result
        (log.info if result.ok else log.warning)("%s", result.summary())
        return result

    async def watch(self, stop_event: asyncio.Event, notify: Notify | None = None) -> None:
        """Reload after every burst of saved files until ``stop_event`` is set.

        ``notify`` receives each result (the Telegram runtime messages the editors; the preview
        updates its page); an exception in it is logged and never stops the watching.
        """
        folders = [d for d in (self.content_dir, self.locales_dir) if d.is_dir()]
        if not folders:
            log.warning("nothing to watch: %s does not exist", self.content_dir)
            return
        async for changes in awatch(
            *folders,
            watch_filter=ContentFilter(),
            debounce=self.debounce_ms,
            step=self.step_ms,
            stop_event=stop_event,
        ):
            paths = sorted({path for _change, path in changes})
            changed = sorted({self._display(path) for path in paths})
            log.info("content files changed: %s", ", ".join(changed))
            before = _stamps(paths)
            result = await asyncio.to_thread(self.reload, changed)
            if not result.ok and _stamps(paths) != before:
                # The file was still being written while it was read (an editor that truncates
                # and then writes): the refusal describes half a file. The end of the write is
                # one more change, so the next burst reloads the whole file and reports that.
                log.info("a content file changed while it was read; waiting for the save")
                continue
            if notify is not None:
                try:
                    await notify(result)
                except Exception:
                    log.exception("could not tell anyone about a content reload")

    def _display(self, path: str) -> str:
        try:
            return str(Path(path).resolve().relative_to(self.content_dir.resolve().parent))
        except ValueError:
            return path

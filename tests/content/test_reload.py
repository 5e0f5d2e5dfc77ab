"""Hot reload: a good change is served at once; a broken one is refused whole, with its place."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterable
from pathlib import Path

import pytest

from bot.content.holder import ContentHolder
from bot.content.loader import load_content
from bot.content.reload import ContentReloader, ReloadResult, editor_message
from bot.errors import ContentError

MENU = "What do you want to do? Choose a button below."


def menu_of(holder: ContentHolder) -> str:
    return holder.current().language("en").text("pages", "menu")


@pytest.fixture
def reloader(content_copy: tuple[Path, Path]) -> ContentReloader:
    content, _ = load_content(*content_copy)
    return ContentReloader(ContentHolder(content), *content_copy, debounce_ms=50, step_ms=30)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_good_change_is_served_from_the_next_update(reloader: ContentReloader) -> None:
    edit(reloader.content_dir / "texts" / "en.yaml", MENU, "Choose what to do.")
    old = reloader.holder.current()
    result = reloader.reload()
    assert result.ok and result.version == 2
    assert reloader.holder.current() is not old
    assert menu_of(reloader.holder) == "Choose what to do."
    assert "Content reloaded" in editor_message(result)


def test_a_broken_change_is_refused_whole_and_the_old_content_stays(
    reloader: ContentReloader,
) -> None:
    served = reloader.holder.current()
    # Two edits in one save: a good one and a broken one. Neither may be served.
    edit(reloader.content_dir / "texts" / "en.yaml", MENU, "Choose what to do.")
    edit(
        reloader.content_dir / "checklist.yaml",
        "{id: not_licensed, flags: [unlicensed_agent], signals: [no_licence]}",
        "{id: not_licensed, flags: [unlicenced_agent]}",
    )
    result = reloader.reload()
    assert not result.ok
    assert reloader.holder.current() is served
    assert menu_of(reloader.holder) == MENU
    assert reloader.holder.version == result.version == 1
    assert any(
        p.file == "content/checklist.yaml" and p.line and "unlicenced_agent" in p.message
        for p in result.problems
    )
    message = editor_message(result)
    assert "refused" in message and "content/checklist.yaml:" in message


def test_editor_message_is_telegram_html_safe_and_bounded(reloader: ContentReloader) -> None:
    edit(reloader.content_dir / "texts" / "en.yaml", "  menu: |-\n", "  menu: |-\n    <div>\n")
    result = reloader.reload()
    message = editor_message(result)
    assert "<div>" not in message and "&lt;div&gt;" in message
    assert len(message) < 4096


def test_an_empty_holder_fills_once_the_files_are_fixed(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    (content_dir / "facts.yaml").rename(content_dir / "facts.yaml.bak")
    holder = ContentHolder()
    reloader = ContentReloader(holder, content_dir, locales_dir)
    assert not reloader.reload().ok
    with pytest.raises(ContentError) as caught:
        holder.current()
    assert any("facts.yaml" in str(p) for p in caught.value.problems)
    (content_dir / "facts.yaml.bak").rename(content_dir / "facts.yaml")
    assert reloader.reload().ok and holder.loaded


async def next_result(
    results: asyncio.Queue[ReloadResult],
    path: Path,
    text: str,
    seconds: float = 20.0,
    also: tuple[Path, ...] = (),
) -> ReloadResult:
    """Save ``text`` to ``path`` until the watcher reports (it may start after the first save);
    the files ``also`` are saved each time too, as an editor saves its swap files."""
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        for other in also:
            await asyncio.to_thread(other.write_text, "backup: [", encoding="utf-8")
        await asyncio.to_thread(path.write_text, text, encoding="utf-8")
        try:
            return await asyncio.wait_for(results.get(), 1.0)
        except TimeoutError:
            continue
    raise AssertionError(f"no reload within {seconds}s of saving {path}")


async def test_watching_reloads_saved_files_and_refuses_broken_ones(
    reloader: ContentReloader,
) -> None:
    results: asyncio.Queue[ReloadResult] = asyncio.Queue()
    stop = asyncio.Event()

    async def notify(result: ReloadResult) -> None:
        await results.put(result)

    watching = asyncio.create_task(reloader.watch(stop, notify))
    try:
        english = reloader.content_dir / "texts" / "en.yaml"
        good = english.read_text(encoding="utf-8").replace(MENU, "Saved while running.")
        result = await next_result(results, english, good)
        assert result.ok and "content/texts/en.yaml" in result.changed
        assert menu_of(reloader.holder) == "Saved while running."

        while not results.empty():  # the repeated saves of a slow start
            results.get_nowait()
        broken = good.replace("language: en\n", "language: en\nbroken: [\n", 1)
        result = await next_result(results, english, broken)
        assert not result.ok
        assert any(
            p.file == "content/texts/en.yaml" and "YAML syntax" in p.message
            for p in result.problems
        )
        assert menu_of(reloader.holder) == "Saved while running."

        po = reloader.locales_dir / "ur" / "LC_MESSAGES" / "bot.po"
        fixed_and_translated = po.read_text(encoding="utf-8").replace(
            'msgstr "واپس"', 'msgstr "پیچھے"', 1
        )
        english.write_text(good, encoding="utf-8")
        result = await next_result(results, po, fixed_and_translated)
        while not result.ok:
            result = await asyncio.wait_for(results.get(), 20)
        assert reloader.holder.current().language("ur").translate("Back") == "پیچھے"
    finally:
        stop.set()
        await asyncio.wait_for(watching, 10)


async def test_swap_and_backup_files_of_editors_are_ignored(reloader: ContentReloader) -> None:
    results: asyncio.Queue[ReloadResult] = asyncio.Queue()
    stop = asyncio.Event()

    async def notify(result: ReloadResult) -> None:
        await results.put(result)

    watching = asyncio.create_task(reloader.watch(stop, notify))
    try:
        texts = reloader.content_dir / "texts"
        english = texts / "en.yaml"
        changed = english.read_text(encoding="utf-8").replace(MENU, "Edited in vim.")
        swaps = (texts / ".en.yaml.swp", texts / "en.yaml~", texts / "#en.yaml#")
        result = await next_result(results, english, changed, also=swaps)
        assert result.ok
        assert set(result.changed) == {"content/texts/en.yaml"}
    finally:
        stop.set()
        await asyncio.wait_for(watching, 10)


async def test_a_file_read_while_it_is_still_being_written_is_not_reported_as_broken(
    reloader: ContentReloader,
) -> None:
    """An editor that truncates and then writes: the watcher may read half a file. That half
    must not reach the editors as "refused"; the finished save is what they hear about."""
    results: asyncio.Queue[ReloadResult] = asyncio.Queue()
    stop = asyncio.Event()
    english = reloader.content_dir / "texts" / "en.yaml"
    whole = english.read_text(encoding="utf-8").replace(MENU, "Written in two steps.")
    half = whole[: len(whole) // 3]
    real_reload = reloader.reload
    finished = False
    saving = threading.Lock()  # the test's half-saves never land after the finished save

    def reload_while_the_save_finishes(changed: Iterable[str] = ()) -> ReloadResult:
        nonlocal finished
        result = real_reload(changed)
        with saving:
            if not finished:  # the rest of the save lands just after the half was read
                finished = True
                english.write_text(whole, encoding="utf-8")
        return result

    def save_the_half_until_it_is_read() -> None:
        with saving:
            if not finished:
                english.write_text(half, encoding="utf-8")

    reloader.reload = reload_while_the_save_finishes  # type: ignore[method-assign]

    async def notify(result: ReloadResult) -> None:
        await results.put(result)

    watching = asyncio.create_task(reloader.watch(stop, notify))
    try:
        # Saved again each second until read, since the watcher may start after a save; but
        # never after the reader finished the save, which a slow reload would otherwise see.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        result: ReloadResult | None = None
        while result is None and loop.time() < deadline:
            await asyncio.to_thread(save_the_half_until_it_is_read)
            with contextlib.suppress(TimeoutError):
                result = await asyncio.wait_for(results.get(), 1.0)
        assert result is not None, "no reload reported within 30 s"
        assert finished, "the watcher never read the half-written file"
        assert result.ok, [str(p) for p in result.problems[:3]]
        assert menu_of(reloader.holder) == "Written in two steps."
    finally:
        stop.set()
        await asyncio.wait_for(watching, 10)

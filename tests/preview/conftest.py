"""Fixtures of the preview tests: a preview of a copy of the content, and a real browser."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.adapters.preview import RunningPreview, start_preview
from bot.config import load_settings
from tests.preview.browser import Chromium, Page, find_chromium

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


async def preview_of(content_dir: Path, locales_dir: Path, data_dir: Path) -> RunningPreview:
    """The preview exactly as `python -m bot preview` starts it, on a free port."""
    settings = load_settings(CONTENT_DIR=content_dir, LOCALES_DIR=locales_dir)
    return await start_preview(
        settings, 0, database_url=f"sqlite:///{data_dir / 'preview.db'}", debounce_ms=100
    )


@pytest_asyncio.fixture
async def preview(content_copy: tuple[Path, Path], tmp_path: Path) -> AsyncIterator[RunningPreview]:
    """A running preview of a writable copy of content/ and locales/."""
    running = await preview_of(*content_copy, tmp_path)
    try:
        yield running
    finally:
        await running.close()


@pytest.fixture
def chromium() -> str:
    """Debian's chromium; skipped when missing, except on CI, where it must be installed."""
    found = find_chromium()
    if found is None:
        reason = "chromium is not installed (apt-get install -y chromium) - browser tests need it"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest_asyncio.fixture
async def page(chromium: str, tmp_path: Path) -> AsyncIterator[Page]:
    """A tab of a fresh headless Chromium; the test fails on any JavaScript error."""
    browser = await Chromium.launch(chromium, tmp_path / "chromium-profile", (1280, 900))
    try:
        tab = await browser.new_page()
        await tab.set_viewport(1280, 1000)
        yield tab
        assert not tab.errors, f"JavaScript errors on the page: {tab.errors}"
    finally:
        await browser.close()

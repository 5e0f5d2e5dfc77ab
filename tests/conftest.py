"""Fixtures shared by the whole suite: the real content, and copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content.loader import load_content
from bot.content.model import Content
from bot.understanding.pipeline import Understanding

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
LOCALES_DIR = ROOT / "locales"


@pytest.fixture(scope="session")
def content() -> Content:
    """The project's real content, loaded and validated once."""
    loaded, _warnings = load_content(CONTENT_DIR, LOCALES_DIR)
    return loaded


@pytest.fixture
def content_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of content/ and locales/ for tests that break them on purpose."""
    content_dir, locales_dir = tmp_path / "content", tmp_path / "locales"
    shutil.copytree(CONTENT_DIR, content_dir)
    shutil.copytree(LOCALES_DIR, locales_dir)
    return content_dir, locales_dir


@pytest.fixture(scope="session")
def understanding() -> Understanding:
    """The real reading pipeline (vocabularies from content/understanding/), loaded once."""
    return Understanding.load(CONTENT_DIR)

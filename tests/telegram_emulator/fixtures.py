"""pytest fixture: a started :class:`TelegramEmulator`, stopped after the test.

Import it in ``tests/conftest.py``::

    from tests.telegram_emulator.fixtures import telegram  # noqa: F401
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .emulator import TelegramEmulator


@pytest_asyncio.fixture
async def telegram() -> AsyncIterator[TelegramEmulator]:
    """A fresh emulator per test (flood limits off; use ``set_limits`` to switch on).

    Teardown fails the test if the emulator itself crashed on a request, so an emulator
    bug is never mistaken for the bot's behaviour.
    """
    emulator = TelegramEmulator()
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()
    assert not emulator.internal_errors, f"emulator bugs: {emulator.internal_errors}"

"""A polling bot without REDIS_URL loads only what it uses (issue 11: memory near a bare bot).

The redis client and aiohttp's web server are each several MiB that a bot keeps for its
whole life; the usual deployment (one process, long polling, python-telegram-bot or aiogram)
needs neither, so they are imported only by the code paths that use them. Checked in a fresh
interpreter, since this test process has imported everything already.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import sys
import bot.services, bot.adapters.{runtime}
print(" ".join(sorted({{m.split(".")[0] for m in sys.modules}} & {{{unwanted}}})))
"""


@pytest.mark.parametrize(
    ("runtime", "unwanted"),
    [
        ("ptb_runtime", ("redis", "aiohttp", "sklearn", "scipy")),
        ("aiogram_runtime", ("redis", "sklearn", "scipy")),  # aiogram's own session is aiohttp
    ],
)
def test_the_polling_bot_does_not_import_what_it_does_not_use(
    runtime: str, unwanted: tuple[str, ...]
) -> None:
    probe = PROBE.format(runtime=runtime, unwanted=", ".join(map(repr, unwanted)))
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == []

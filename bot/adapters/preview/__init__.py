"""``python -m bot preview``: the real conversation on a local web page, no token needed.

:func:`run_preview` serves it on 127.0.0.1; :func:`build_preview_app` is the aiohttp
application (for tests); :func:`start_preview` starts everything and returns a handle.
"""

from bot.adapters.preview.run import RunningPreview, run_preview, start_preview
from bot.adapters.preview.server import build_preview_app

__all__ = ["RunningPreview", "build_preview_app", "run_preview", "start_preview"]

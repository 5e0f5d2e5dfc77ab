"""``python -m bot report --since 30d --format csv|html [--output FILE]``."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

from bot.config import Settings
from bot.errors import ConfigError
from bot.reports import gather_report
from bot.reports.chart import render_png
from bot.reports.export import to_csv, to_html
from bot.store import open_store

_PERIOD = re.compile(r"^(\d{1,4})d$")


def parse_period(text: str) -> int:
    """``30d`` -> 30; a ValueError naming the accepted form otherwise."""
    match = _PERIOD.match(text.strip())
    if match is None or int(match.group(1)) < 1:
        raise ValueError(f"--since {text!r}: write a number of days such as 30d")
    return int(match.group(1))


async def run_report(settings: Settings, since: str, form: str, output: str) -> int:
    """Write the report; 0 on success, 2 on a wrong argument."""
    try:
        days = parse_period(since)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        store = await open_store(settings.DATABASE_URL)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    try:
        report = await gather_report(store, days)
    finally:
        await store.close()
    if form == "csv":
        text = to_csv(report)
    else:
        text = to_html(report, await asyncio.to_thread(render_png, report))
    if output == "-":
        sys.stdout.write(text)
    else:
        await asyncio.to_thread(Path(output).write_text, text, encoding="utf-8")
        print(f"report written to {output}", file=sys.stderr)
    return 0

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
from bot.store import open_store, parse_database_url

_PERIOD = re.compile(r"^(\d{1,4})d$")


def parse_period(text: str) -> int:
    """``30d`` -> 30; a ValueError naming the accepted form otherwise."""
    match = _PERIOD.match(text.strip())
    if match is None or int(match.group(1)) < 1:
        raise ValueError(f"--since {text!r}: write a number of days such as 30d")
    return int(match.group(1))


def output_problem(settings: Settings, output: str, *, force: bool) -> str | None:
    """Why the report may not be written to ``output``: it exists (without ``--force``), or
    it is the database itself (never, not even with ``--force``)."""
    if output == "-":
        return None
    path = Path(output)
    target = parse_database_url(settings.DATABASE_URL)
    if target.backend == "sqlite" and path.exists():
        database = Path(target.location)
        if any(
            candidate.exists() and path.resolve() == candidate.resolve()
            for candidate in (database, Path(f"{database}-wal"), Path(f"{database}-shm"))
        ):
            return f"--output {output} is the bot's database: choose another file"
    if path.exists() and not force:
        return f"--output {output} already exists: choose another name, or add --force"
    if path.is_dir():
        return f"--output {output} is a folder: name a file"
    return None


async def run_report(
    settings: Settings, since: str, form: str, output: str, *, force: bool = False
) -> int:
    """Write the report; 0 on success, 2 on a wrong argument (nothing written)."""
    try:
        days = parse_period(since)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        refused = output_problem(settings, output, force=force)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if refused is not None:
        print(f"error: {refused}", file=sys.stderr)
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

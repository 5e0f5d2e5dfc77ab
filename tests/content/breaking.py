"""Helpers to break a copy of the content on purpose and find the line a volunteer must fix."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from bot.content.check_report import run_check

TODAY = date(2026, 11, 22)


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path``; fail loudly when the content changed under us."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_after(path: Path, *needles: str) -> int:
    """Line number of the last needle, each needle searched after the previous one's line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    for needle in needles:
        found = next((i for i in range(start, len(lines)) if needle in lines[i]), None)
        assert found is not None, f"{needle!r} not in {path} after line {start + 1}"
        start = found + 1
    return start


def check(content_dir: Path, locales_dir: Path) -> tuple[int, str]:
    """Run the checker as `python -m bot content check` does; exit code and output."""
    out = io.StringIO()
    code = run_check(content_dir, locales_dir, out, today=TODAY)
    return code, out.getvalue()


def findings(output: str) -> list[str]:
    """The problem lines of a report."""
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]

"""``python -m bot analyze``: JSON lines in, one JSON line out per input (DESIGN.md contract).

Input lines: ``{"text": ..., "language_code": ... or null}``. Output lines:
``{"language", "topic", "red_flags", "scrubbed"}``. A line that is not such an object gets
``{"error": "..."}`` in its place, so outputs always line up with inputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from bot.understanding.pipeline import Understanding


def analyze_line(understanding: Understanding, line: str) -> dict[str, object]:
    """The contract output for one input line, or an error object."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"error": f"not JSON: {exc.msg}"}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return {"error": 'expected an object with a "text" string'}
    hint = item.get("language_code")
    return understanding.analyze(item["text"], hint if isinstance(hint, str) else None).contract()


def run_analyze(understanding: Understanding, lines: Iterable[str], out: TextIO) -> int:
    """Analyze every non-blank line; exit code 1 if any line was malformed, else 0."""
    failed = False
    for line in lines:
        if not line.strip():
            continue
        result = analyze_line(understanding, line)
        failed = failed or "error" in result
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failed else 0

"""How long one message takes to read, for adversarial 4,096-character messages.

Run ``python -m bench.understanding``: for each shape of tests/understanding/test_bounded.py,
the CPU time of ``Understanding.analyze`` (best of 5), and the slowest. The test asserts that
the work grows linearly; this prints the absolute numbers for the report.
"""

from __future__ import annotations

import time
from pathlib import Path

from bot.understanding.pipeline import Understanding
from tests.understanding.test_bounded import LARGE, SHAPES


def main() -> None:
    """Print milliseconds per message for each shape."""
    understanding = Understanding.load(Path("content"))
    worst = ("", 0.0)
    for name, make in SHAPES.items():
        text = make(LARGE)
        understanding.analyze(text)
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            understanding.analyze(text)
            best = min(best, time.process_time() - start)
        print(f"{name:26} {best * 1000:7.1f} ms")
        worst = max(worst, (name, best), key=lambda item: item[1])
    print(f"slowest: {worst[0]}, {worst[1] * 1000:.1f} ms for {LARGE} characters")


if __name__ == "__main__":
    main()

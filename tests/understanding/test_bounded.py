"""One message cannot stall the bot: reading it costs work in proportion to its length.

The bot reads every message on the event loop, so a 4,096-character message built to make
a pattern or a loop go quadratic ("1/1/1/…" cost about a second, "A1A1…" twenty) would stall
every other user. For each adversarial shape, the work done on 4,096 characters is compared
with the work on 1,024: counted as Python calls (deterministic), and as CPU time with a
generous factor (the regular expressions run in C, where calls are not seen). Linear work
grows 4 times; quadratic work 16 times. Absolute times are in bench/understanding.py.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import pytest

from bot.understanding.pipeline import Understanding

SHAPES: dict[str, Callable[[int], str]] = {
    "digits and slashes": lambda n: ("1/" * n)[:n],
    "digits and spaces": lambda n: ("1 " * n)[:n],
    "digits and dots": lambda n: ("1." * n)[:n],
    "digits and commas": lambda n: ("1," * n)[:n],
    "digits and colons": lambda n: ("1:" * n)[:n],
    "letters glued to digits": lambda n: ("A1" * n)[:n],
    "one long word": lambda n: "a" * n,
    "one long number": lambda n: "7" * n,
    "dotted words": lambda n: ("ab." * n)[:n],
    "hyphenated words": lambda n: ("a-" * n)[:n],
    "at signs": lambda n: ("a@" * n)[:n],
    "plus signs": lambda n: ("+9 " * n)[:n],
    "spaces": lambda n: "x" + " " * (n - 2) + "x",
    "urdu word": lambda n: ("پاسپورٹ " * n)[:n],
    "capitalised names": lambda n: ("Ali Raza " * n)[:n],
    "address words": lambda n: ("house no 1, " * n)[:n],
    "fee phrases": lambda n: ("agent 5 lakh mang raha hai " * n)[:n],
    "spelled e-mails": lambda n: ("a at b dot " * n)[:n],
}
SMALL, LARGE = 1024, 4096
CALL_FACTOR = 2.0  # the calls may grow at most 2 x 4 = 8 times for 4 times the text
TIME_FACTOR = 3.0  # CPU time at most 3 x 4 = 12 times (quadratic would be 16)


def calls(understanding: Understanding, text: str) -> int:
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        understanding.analyze(text)
    finally:
        sys.setprofile(None)
    return count


def cpu(understanding: Understanding, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        understanding.analyze(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("shape", SHAPES)
def test_work_grows_linearly_with_the_message(understanding: Understanding, shape: str) -> None:
    small, large = SHAPES[shape](SMALL), SHAPES[shape](LARGE)
    assert len(large) == LARGE
    understanding.analyze(small), understanding.analyze(large)  # warm the word memories
    assert calls(understanding, large) <= CALL_FACTOR * (LARGE / SMALL) * calls(
        understanding, small
    )
    small_time = max(cpu(understanding, small), 1e-3)  # below a millisecond is noise
    assert cpu(understanding, large) <= TIME_FACTOR * (LARGE / SMALL) * small_time

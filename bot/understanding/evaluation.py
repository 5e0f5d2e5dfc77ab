"""Measuring the reading pipeline on the labelled sets in ``tests/data/``, per language.

Run ``python -m bot.understanding.evaluation`` for the table (add ``--speed`` to compare the
pipeline's speed with a bare ``langdetect.detect``); ``tests/understanding/test_evaluation.py``
runs the same numbers with thresholds slightly under the targets, so a regression fails CI.
Everything goes through :meth:`Understanding.analyze`, the pipeline the bot and
``python -m bot analyze`` use.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.content.loader import load_content
from bot.content.model import Checklist
from bot.core.scoring import assess_flags
from bot.understanding.normalize import remove_invisible, to_ascii_digits
from bot.understanding.pipeline import Understanding

ALL = "all"
HIGH_LEVELS = ("high", "danger")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """One JSON object per line."""
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def surviving(original: str, scrubbed: str) -> list[str]:
    """Pieces of a piece of personal data still readable after scrubbing.

    Stricter than a substring test: five consecutive digits of a number, or a whole word of a
    name, count as a leak.
    """
    found = []
    if remove_invisible(original) in scrubbed or original in scrubbed:
        found.append(original)
    digits = re.sub(r"\D", "", to_ascii_digits(original))
    if len(digits) >= 5:
        runs = [
            re.sub(r"\D", "", r) for r in re.findall(r"\d(?:\W{0,2}\d)*", to_ascii_digits(scrubbed))
        ]
        found += [
            digits[i : i + 5]
            for i in range(len(digits) - 4)
            if any(digits[i : i + 5] in r for r in runs)
        ]
    elif not re.search(r"[@./]", original):
        found += [
            w for w in re.findall(r"\w{3,}", original) if re.search(rf"(?<!\w){w}(?!\w)", scrubbed)
        ]
    return found


@dataclass
class Ratio:
    """A count of hits out of a total."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0


@dataclass
class FlagCounts:
    """True positives, false positives and false negatives of red flags."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


@dataclass
class Report:
    """Every figure of the issue's targets, per language and for ``all``."""

    language: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    topic: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    flags: dict[str, FlagCounts] = field(default_factory=lambda: defaultdict(FlagCounts))
    per_flag: dict[str, FlagCounts] = field(default_factory=lambda: defaultdict(FlagCounts))
    legit_two_flags: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    legit_high: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    scam_flagged: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    pii_leaks: list[str] = field(default_factory=list)
    kept: Ratio = field(default_factory=Ratio)


def _both(table: dict[str, Any], language: str) -> Iterable[Any]:
    return (table[language], table[ALL])


def _lang(row: dict[str, Any]) -> str:
    """The language of a labelled row (``lang`` in our set, ``language`` in others)."""
    return str(row.get("lang") or row.get("language"))


def _legit(row: dict[str, Any]) -> bool:
    """Whether a labelled ad is a genuine offer (``kind: legit`` or ``legit: true``)."""
    return row.get("kind") == "legit" or row.get("legit") is True


def _count_flags(report: Report, row: dict[str, Any], found: set[str]) -> None:
    """Add one labelled text's flags to the micro counts and to each flag's own counts."""
    expected = set(row["flags"])
    for counts in _both(report.flags, _lang(row)):
        counts.tp += len(found & expected)
        counts.fp += len(found - expected)
        counts.fn += len(expected - found)
    for flag in found | expected:
        counts = report.per_flag[flag]
        counts.tp += flag in found and flag in expected
        counts.fp += flag in found and flag not in expected
        counts.fn += flag in expected and flag not in found


def evaluate(understanding: Understanding, checklist: Checklist, data_dir: Path) -> Report:
    """Run the pipeline over messages, ads and personal-data samples and count."""
    report = Report()
    for row in read_jsonl(data_dir / "messages.jsonl"):
        result = understanding.analyze(row["text"], row.get("language_code")).contract()
        for ratio in _both(report.language, row["language"]):
            ratio.add(result["language"] == row["language"])
        for ratio in _both(report.topic, row["language"]):
            ratio.add(result["topic"] == row["topic"])
    for row in read_jsonl(data_dir / "ads.jsonl"):
        analysis = understanding.analyze(row["text"], None)
        found = set(analysis.scan.flag_ids)
        _count_flags(report, row, found)
        level = assess_flags(checklist, analysis.scan.flag_ids, signals=analysis.scan.signals).level
        if _legit(row):
            for ratio in _both(report.legit_high, _lang(row)):
                ratio.add(level in HIGH_LEVELS)
            for ratio in _both(report.legit_two_flags, _lang(row)):
                ratio.add(len(found) >= 2)
        else:
            for ratio in _both(report.scam_flagged, _lang(row)):
                ratio.add(level != checklist.levels[0])
    phrases = data_dir / "flags.jsonl"  # short texts, each with exactly the flags it shows
    for row in read_jsonl(phrases) if phrases.exists() else ():
        _count_flags(report, row, set(understanding.analyze(row["text"], None).scan.flag_ids))
    for row in read_jsonl(data_dir / "pii.jsonl"):
        scrubbed = understanding.analyze(row["text"]).scrubbed
        report.pii_leaks += [leak for item in row["pii"] for leak in surviving(item, scrubbed)]
        for keep in row["keep"]:
            report.kept.add(keep in scrubbed)
    return report


def speed(understanding: Understanding, texts: list[str], rounds: int = 5) -> tuple[float, float]:
    """Median seconds per message: the whole pipeline, and a bare ``langdetect.detect``."""
    import langdetect

    def per_message(call: Any) -> float:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            for text in texts:
                call(text)
            times.append((time.perf_counter() - start) / len(texts))
        return statistics.median(times)

    def bare(text: str) -> None:
        with contextlib.suppress(langdetect.LangDetectException):
            langdetect.detect(text)

    # read_afresh, not analyze: the rounds repeat the texts, and analyze would answer them
    # from its memory of recent readings (0 µs a message), which a new text never meets.
    per_message(understanding.read_afresh)  # warm-up: first calls load profiles and caches
    return per_message(understanding.read_afresh), per_message(bare)


def format_report(report: Report) -> str:
    """The per-language table."""
    languages = sorted(set(report.language) | set(report.flags), key=lambda x: (x == ALL, x))
    lines = [f"{'':24}" + "".join(f"{lang:>10}" for lang in languages)]

    def row(name: str, values: list[str]) -> None:
        lines.append(f"{name:24}" + "".join(f"{v:>10}" for v in values))

    row("language correct", [f"{report.language[x].value:.1%}" for x in languages])
    row("topic top-1", [f"{report.topic[x].value:.1%}" for x in languages])
    row("red flags micro-F1", [f"{report.flags[x].f1:.3f}" for x in languages])
    row("legit ads high risk", [f"{report.legit_high[x].value:.1%}" for x in languages])
    row("legit ads >= 2 flags", [f"{report.legit_two_flags[x].value:.1%}" for x in languages])
    row("scam ads flagged", [f"{report.scam_flagged[x].value:.1%}" for x in languages])
    lines.append(
        "recall per flag: "
        + ", ".join(
            f"{flag} {c.recall:.2f} ({c.tp}/{c.tp + c.fn})"
            for flag, c in sorted(report.per_flag.items())
        )
    )
    lines.append(
        f"personal data surviving: {len(report.pii_leaks)}; kept: {report.kept.hits}/{report.kept.total} ({report.kept.value:.1%})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the evaluation table (and the speed ratio with ``--speed``)."""
    parser = argparse.ArgumentParser(prog="python -m bot.understanding.evaluation")
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--locales", type=Path, default=Path("locales"))
    parser.add_argument("--data", type=Path, default=Path("tests/data"))
    parser.add_argument(
        "--speed", action="store_true", help="also time the pipeline against langdetect.detect"
    )
    args = parser.parse_args(argv)
    understanding = Understanding.load(args.content)
    content, _ = load_content(args.content, args.locales)
    print(format_report(evaluate(understanding, content.checklist, args.data)))
    if args.speed:
        texts = [row["text"] for row in read_jsonl(args.data / "messages.jsonl")]
        texts += [row["text"] for row in read_jsonl(args.data / "ads.jsonl")]
        pipeline, bare = speed(understanding, texts)
        print(
            f"speed on {len(texts)} texts: pipeline {pipeline * 1e6:.0f} µs/message, "
            f"langdetect.detect {bare * 1e6:.0f} µs/message, ratio {bare / pipeline:.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

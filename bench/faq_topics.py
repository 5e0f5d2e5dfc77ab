"""FAQ topic figures on a labelled messages file, per language: top-1 and unmatched kept.

    python bench/faq_topics.py tests/data/messages.jsonl tests/data/faq_questions.jsonl

top-1: of the texts labelled with a topic, the share given exactly that topic (the
``analyze`` contract's ``topic``); unmatched kept: of the texts labelled null, the share given
no topic. Also the share of topical texts answered without asking back ("sure"). Reported,
not asserted: tests/understanding/ hold thresholds under the goals.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from bot.understanding.pipeline import Understanding


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--content", type=Path, default=Path("content"))
    args = parser.parse_args()
    understanding = Understanding.load(args.content)
    for path in args.files:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for row in rows:
            match = understanding.analyze(row["text"], row.get("language_code")).topic
            topic = match.topic if match else None
            for key in (row["language"], "all"):
                c = counts[key]
                if row["topic"] is None:
                    c[3] += 1
                    c[4] += topic is None
                else:
                    c[0] += 1
                    c[1] += topic == row["topic"]
                    c[2] += topic == row["topic"] and match is not None and match.confident
        print(f"{path}")
        print(f"  {'language':9} {'top-1':>14} {'sure':>8} {'unmatched kept':>16}")
        for key in sorted(counts, key=lambda k: (k == "all", k)):
            t, right, sure, n, kept = counts[key]
            print(
                f"  {key:9} {right:>4}/{t:<4} {right / max(t, 1):5.1%} {sure / max(t, 1):7.1%}"
                f" {kept:>5}/{n:<4} {kept / max(n, 1):5.1%}"
            )


if __name__ == "__main__":
    main()

"""The goals of issue 10, held slightly under, on the independently written dev set.

``tests/data/independent/dev/`` was written from DESIGN.md alone by someone who never saw
``content/``; engineers read it only to find kinds of weakness. Its figures are measured
here through the ``analyze`` contract, as ``bench/independent.py`` does (the test set is
for that bench only, never for a test). Goals: FAQ top-1 >= 90% per language, unmatched
kept >= 95%, red-flag micro-F1 >= 0.95, recall >= 0.85 per flag, legit ads with two or more
flags <= 5%, no personal data surviving; the thresholds below sit a little under them, since
the set is small (one text moves a figure by 4 points).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from bench.independent import leaks
from bot.understanding.pipeline import Understanding

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "data" / "independent" / "dev"


def rows(name: str) -> list[dict[str, Any]]:
    lines = (DEV / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def contract(understanding: Understanding, row: dict[str, Any]) -> dict[str, Any]:
    return understanding.analyze(row["text"], row.get("language_code")).contract()


def test_faq_topics_are_right_in_every_language_and_chat_stays_unmatched(
    understanding: Understanding,
) -> None:
    right: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    unmatched = kept = 0
    for row in rows("messages.jsonl"):
        topic = contract(understanding, row)["topic"]
        if row["topic"] is None:
            unmatched += 1
            kept += topic is None
        else:
            asked[row["language"]] += 1
            right[row["language"]] += topic == row["topic"]
    top1 = {language: right[language] / asked[language] for language in asked}
    assert set(top1) == {"en", "ur", "ur-Latn", "ps"}
    assert all(value >= 0.88 for value in top1.values()), top1
    assert kept / unmatched >= 0.9, (kept, unmatched)


def test_red_flags_reach_the_goals_and_legit_ads_stay_quiet(
    understanding: Understanding,
) -> None:
    tp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    fp = legit = legit_flagged = 0
    for row in rows("ads.jsonl"):
        gold, found = set(row["flags"]), set(contract(understanding, row)["red_flags"])
        tp.update(gold & found)
        fn.update(gold - found)
        fp += len(found - gold)
        if row.get("legit"):
            legit += 1
            legit_flagged += len(found) >= 2
    hits, misses = sum(tp.values()), sum(fn.values())
    micro_f1 = 2 * hits / (2 * hits + fp + misses)
    recall = {flag: tp[flag] / (tp[flag] + fn[flag]) for flag in tp | fn}
    assert micro_f1 >= 0.93, micro_f1
    assert all(value >= 0.8 for value in recall.values()), recall
    assert legit >= 10 and legit_flagged / legit <= 0.05, (legit_flagged, legit)


def test_no_personal_data_survives_and_what_must_stay_stays(
    understanding: Understanding,
) -> None:
    surviving: list[str] = []
    kept = keep = 0
    for row in rows("pii.jsonl"):
        scrubbed = contract(understanding, row)["scrubbed"]
        surviving += [piece for piece in row["pii"] if leaks(piece, scrubbed)]
        keep += len(row["keep"])
        kept += sum(item in scrubbed for item in row["keep"])
    assert surviving == []
    assert kept / keep >= 0.93, (kept, keep)

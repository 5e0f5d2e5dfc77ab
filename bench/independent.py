"""Measure `python -m bot analyze` (the DESIGN contract) on an independently written set.

usage: python bench/independent.py DATA_DIR [N]

DATA_DIR holds messages.jsonl, ads.jsonl and pii.jsonl (and, when present,
messages_more.jsonl and languages.jsonl) in the format of
tests/data/independent/README.md; N prints the first N pieces of personal data that
survived. Everything goes through the command line tools outside the project use, so the
figures hold for any version of the code.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# Words of an address or a title that may stay even when the name beside them goes.
NOT_A_LEAK = {
    "house", "street", "flat", "block", "sector", "plot", "village", "post", "office",
    "tehsil", "gali", "mohalla", "road", "colony", "town", "number", "no", "gmail", "com",
    "dot", "at", "the", "and", "agent", "haji", "mr", "mrs", "bhai", "sahib", "chaudhry",
}  # fmt: skip


def rows(data: Path, name: str) -> list[dict[str, Any]]:
    """One JSON object per non-empty line."""
    lines = (data / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def analyze(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run every text through ``python -m bot analyze`` at once."""
    feed = "".join(
        json.dumps({"text": r["text"], "language_code": r.get("language_code")}, ensure_ascii=False)
        + "\n"
        for r in items
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot", "analyze"],
        input=feed,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    results = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert len(results) == len(items), "analyze must answer every line"
    return results


def leaks(piece: str, scrubbed: str) -> bool:
    """Whether ``piece`` is still readable: as is, five digits of it, or a word of a name."""
    if piece in scrubbed:
        return True
    digits = re.sub(r"\D", "", piece.translate(DIGITS))
    if len(digits) >= 5:
        runs = [
            re.sub(r"\D", "", run)
            for run in re.findall(r"\d(?:\W{0,2}\d)*", scrubbed.translate(DIGITS))
        ]
        windows = {digits[i : i + 5] for i in range(len(digits) - 4)}
        return any(window in run for window in windows for run in runs)
    if re.search(r"\d", piece):
        return False
    lowered = scrubbed.lower()
    words = [w.lower() for w in re.findall(r"\w+", piece) if len(w) > 2]
    return any(
        re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered)
        for word in words
        if word not in NOT_A_LEAK
    )


def percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / max(1, whole):.1f}%)"


def messages(data: Path, name: str = "messages.jsonl") -> None:
    if not (data / name).exists():
        return
    items = rows(data, name)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row, got in zip(items, analyze(items), strict=True):
        for group in (row["language"], "all"):
            c = counts[group]
            c["n"] += 1
            c["language"] += got["language"] == row["language"]
            kind = "null" if row["topic"] is None else "topic"
            c[kind] += 1
            c[f"{kind}_ok"] += got["topic"] == row["topic"]
    print(f"{name}:")
    for group, c in sorted(counts.items()):
        print(
            f"  {group:8} language {percent(c['language'], c['n'])}  "
            f"topic top-1 {percent(c['topic_ok'], c['topic'])}  "
            f"unmatched kept {percent(c['null_ok'], c['null'])}"
        )


def languages(data: Path) -> None:
    """Language detection on short phone messages, per language and overall."""
    if not (data / "languages.jsonl").exists():
        return
    items = rows(data, "languages.jsonl")
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    confused: Counter[tuple[str, str]] = Counter()
    for row, got in zip(items, analyze(items), strict=True):
        for group in (row["language"], "all"):
            seen[group] += 1
            right[group] += got["language"] == row["language"]
        if got["language"] != row["language"]:
            confused[(row["language"], got["language"])] += 1
    print("languages.jsonl (language detection):")
    for group in sorted(seen):
        print(f"  {group:8} {percent(right[group], seen[group])}")
    for (gold, found), n in confused.most_common(8):
        print(f"   {gold} read as {found}: {n}")


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def ads(data: Path) -> None:
    items = rows(data, "ads.jsonl")
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    per_language: dict[str, Counter[str]] = defaultdict(Counter)
    legit = legit_flagged = 0
    for row, got in zip(items, analyze(items), strict=True):
        gold, found = set(row["flags"]), set(got["red_flags"])
        c = per_language[row["language"]]
        for flag in gold & found:
            tp[flag] += 1
            c["tp"] += 1
        for flag in found - gold:
            fp[flag] += 1
            c["fp"] += 1
        for flag in gold - found:
            fn[flag] += 1
            c["fn"] += 1
        if row.get("legit"):
            legit += 1
            legit_flagged += len(found) >= 2
    total = f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"ads: micro-F1 {total:.3f}; legit ads with >=2 flags {legit_flagged}/{legit}")
    for language, c in sorted(per_language.items()):
        print(f"  {language:8} F1 {f1(c['tp'], c['fp'], c['fn']):.3f}")
    for flag in sorted(set(tp) | set(fn) | set(fp)):
        print(f"  {flag:22} recall {percent(tp[flag], tp[flag] + fn[flag])}  false+ {fp[flag]}")


def personal_data(data: Path, show: int) -> None:
    if not (data / "pii.jsonl").exists():
        return
    items = rows(data, "pii.jsonl")
    surviving: list[tuple[str, str]] = []
    pieces = kept = keep = 0
    for row, got in zip(items, analyze(items), strict=True):
        scrubbed = got["scrubbed"]
        pieces += len(row["pii"])
        surviving += [(row["language"], p) for p in row["pii"] if leaks(p, scrubbed)]
        keep += len(row["keep"])
        kept += sum(k in scrubbed for k in row["keep"])
    print(f"personal data: surviving {len(surviving)}/{pieces}; kept {percent(kept, keep)}")
    for language, piece in surviving[:show]:
        print(f"   survived ({language}): {piece}")


def main() -> None:
    data = Path(sys.argv[1])
    show = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    messages(data)
    messages(data, "messages_more.jsonl")
    languages(data)
    ads(data)
    personal_data(data, show)


if __name__ == "__main__":
    main()

"""``python -m bot content check``: every problem with its file, line and what to do, then a
coverage table per language. Errors make the exit code non-zero; warnings alone do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any, TextIO

from bot.content.audio import AudioCoverage
from bot.content.country_packs import coverage_rows as pack_coverage_rows
from bot.content.loader import Inspection, LanguageCoverage, inspect_content
from bot.content.rendered import rendered_problems
from bot.errors import Problem

COVERAGE_NOTE = (
    "texts = checklist, pages and help; FAQ = FAQ titles and answers; UI = buttons and "
    "notices (locales/); outdated = the English changed since the translation; "
    "not stamped = no translated_from: record"
)


@dataclass
class CheckReport:
    """The inspection plus the checks of the rendered screens, ready to print or serve."""

    content_dir: Path
    locales_dir: Path
    inspection: Inspection
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        """Problems that make the bot refuse the content."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems to fix soon; the bot still runs."""
        return [p for p in self.problems if p.severity != "error"]


def build_report(content_dir: Path, locales_dir: Path, *, today: date | None = None) -> CheckReport:
    """Inspect the files and, when they load, every screen the bot would send."""
    inspection = inspect_content(content_dir, locales_dir, today=today)
    problems = list(inspection.problems)
    if inspection.content is not None:
        problems += rendered_problems(inspection.content, f"{content_dir.name}/texts")
        for code, view in inspection.content.country_views.items():
            problems += rendered_problems(view, f"{content_dir.name}/countries/{code}")
    return CheckReport(content_dir, locales_dir, inspection, problems)


def _order(problem: Problem) -> tuple[str, int, int]:
    return problem.file, problem.line or 0, problem.severity != "error"


def _fraction(done: int, total: int) -> str:
    return f"{done}/{total}"


def coverage_rows(coverage: list[LanguageCoverage]) -> list[list[str]]:
    """The coverage table as rows of cells, header first."""
    rows = [["language", "texts", "FAQ", "UI", "outdated", "not stamped", "complete", "name"]]
    for item in coverage:
        is_source = item.ui is None and not item.outdated and item.code == "en"
        ui = "source" if is_source else "-"
        if item.ui is not None:
            ui = _fraction(item.ui.translated, item.ui.total)
        rows.append(
            [
                item.code,
                _fraction(item.texts_done, item.texts),
                _fraction(item.faq_done, item.faq),
                ui,
                "-" if is_source else str(len(item.outdated)),
                "-" if is_source else str(item.unstamped),
                f"{item.percent}%",
                item.name,
            ]
        )
    return rows


AUDIO_NOTE = (
    "content/audio/<lang>/<key>.ogg, recorded by volunteers; outdated = the text changed "
    "since it was recorded, so it is not offered"
)


def audio_lines(audio: list[AudioCoverage]) -> list[str]:
    """One line per language: how much is recorded, and which recordings are missing.

    Missing recordings are coverage, not warnings: nobody can be made to record, and
    ``--strict`` must stay green while no volunteer has.
    """
    lines = []
    for item in audio:
        line = f"{item.code}: {item.recorded}/{item.total} recorded"
        if item.outdated:
            line += f", {len(item.outdated)} outdated ({', '.join(item.outdated)})"
        if not item.recorded and not item.outdated:
            line += " (none yet)"
        elif item.missing:
            line += f"; missing: {', '.join(item.missing)}"
        lines.append(line)
    return lines


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]


def write_report(report: CheckReport, out: TextIO) -> None:
    """Print problems grouped by file, the coverage table, and a one-line verdict."""
    print(f"Checking {report.content_dir} and {report.locales_dir}", file=out)
    for _file, items in groupby(sorted(report.problems, key=_order), key=lambda p: p.file):
        print(file=out)
        for problem in items:
            print(problem, file=out)
    if report.inspection.audio:
        print(f"\nRecordings ({AUDIO_NOTE})", file=out)
        for line in audio_lines(report.inspection.audio):
            print(f"  {line}", file=out)
    if report.inspection.coverage:
        print(f"\nCoverage ({COVERAGE_NOTE})", file=out)
        for line in _table(coverage_rows(report.inspection.coverage)):
            print(f"  {line}", file=out)
    if report.inspection.countries:
        print("\nCountry packs (texts written in each language the pack lists)", file=out)
        for line in pack_coverage_rows(report.inspection.countries):
            print(line, file=out)
    errors, warnings = len(report.errors), len(report.warnings)
    if errors:
        verdict = (
            f"FAILED: {errors} error(s), {warnings} warning(s). The bot refuses this content "
            "(and keeps serving the last good version) until the errors are fixed."
        )
    else:
        verdict = f"OK: no errors, {warnings} warning(s). The content is usable."
    print(f"\n{verdict}", file=out)


def run_check(
    content_dir: Path,
    locales_dir: Path,
    out: TextIO,
    *,
    today: date | None = None,
    strict: bool = False,
) -> int:
    """Check ``content_dir`` and ``locales_dir``, print the report; 1 on errors, else 0.

    ``strict`` (CI) also fails on warnings: an outdated translation or a fact past its review
    date is usable today, but must not land unnoticed.
    """
    report = build_report(content_dir, locales_dir, today=today)
    write_report(report, out)
    if report.errors or (strict and report.warnings):
        if strict and report.warnings and not report.errors:
            print("FAILED under --strict: warnings count as errors.", file=out)
        return 1
    return 0


def report_json(report: CheckReport) -> dict[str, Any]:
    """The report as JSON for the preview page."""
    return {
        "ok": not report.errors,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "severity": p.severity,
                "message": p.message,
                "text": str(p),
            }
            for p in sorted(report.problems, key=_order)
        ],
        "coverage": coverage_rows(report.inspection.coverage),
        "coverage_note": COVERAGE_NOTE,
        "audio": [
            {
                "language": a.code,
                "total": a.total,
                "recorded": a.recorded,
                "missing": list(a.missing),
                "outdated": list(a.outdated),
            }
            for a in report.inspection.audio
        ],
    }

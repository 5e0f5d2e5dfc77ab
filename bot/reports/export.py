"""The report for analysts (``python -m bot report``) and the caption of ``/stats``.

CSV is one long table (``section, day, key, count``) that a spreadsheet pivots easily;
HTML is one self-contained page: the numbers, the picture, the tables. Hidden groups are
left out of both, never shown as a number.
"""

from __future__ import annotations

import base64
import csv
import io
from html import escape

from bot.content.model import Language
from bot.reports.aggregate import MIN_GROUP, Report

TOTAL_LABELS = {
    "questions": "Questions asked",
    "unanswered": "Questions without a matching answer",
    "scans": "Job ads scanned",
    "reports": "Ads reported",
    "helpful_yes": "Answers rated helpful",
    "helpful_no": "Answers rated not helpful",
    "subscribers": "Subscribers now",
    "unreachable": "Subscribers who blocked the bot or left",
}


def rows(report: Report) -> list[tuple[str, str, str, int]]:
    """Every shown number as (section, day, key, count)."""
    found: list[tuple[str, str, str, int]] = []
    for key, value in report.totals.items():
        if value is not None:
            found.append(("total", "", key, value))
    for language, values in sorted(report.questions_by_language.items()):
        for day, value in zip(report.days, values, strict=True):
            if value is not None:
                found.append(("questions_per_day", day.isoformat(), language, value))
    found += [("topic", "", topic, count) for topic, count in report.top_topics]
    found += [("red_flag", "", flag, count) for flag, count in report.top_flags]
    for day, value in zip(report.days, report.subscribers, strict=True):
        if value is not None:
            found.append(("subscribers", day.isoformat(), "active", value))
    return found


def to_csv(report: Report) -> str:
    """The report as CSV text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "day", "key", "count"))
    writer.writerows(rows(report))
    return buffer.getvalue()


def to_html(report: Report, png: bytes) -> str:
    """The report as one HTML page with the picture embedded."""
    picture = base64.b64encode(png).decode("ascii")
    totals = "".join(
        f"<tr><th>{escape(TOTAL_LABELS.get(key, key))}</th><td>{_cell(value)}</td></tr>"
        for key, value in report.totals.items()
    )
    tables = []
    for section in ("questions_per_day", "topic", "red_flag", "subscribers"):
        body = "".join(
            f"<tr><td>{escape(day)}</td><td>{escape(key)}</td><td>{count}</td></tr>"
            for name, day, key, count in rows(report)
            if name == section
        )
        tables.append(
            f"<h2>{escape(section.replace('_', ' '))}</h2>"
            f"<table><tr><th>day</th><th>key</th><th>count</th></tr>{body}</table>"
        )
    period = f"{report.since.isoformat()} to {report.until.isoformat()}"
    return (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        f"<title>Safe job abroad bot: report {escape(period)}</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:auto}"
        "td,th{padding:.2rem .6rem;text-align:left}img{max-width:100%}</style>"
        f"<h1>Report {escape(period)}</h1>"
        f"<p>Groups smaller than {MIN_GROUP} are hidden ({report.hidden_groups} hidden).</p>"
        f"<table>{totals}</table>"
        f'<img alt="charts" src="data:image/png;base64,{picture}">' + "".join(tables) + "</html>\n"
    )


def _cell(value: int | None) -> str:
    return str(value) if value is not None else f"fewer than {MIN_GROUP}"


def caption(lang: Language, report: Report) -> str:
    """The key numbers under the ``/stats`` picture, in the admin's language (HTML)."""
    t = lang.translate

    def number(key: str) -> str:
        value = report.totals.get(key)
        return str(value) if value is not None else t("fewer than {count}", count=MIN_GROUP)

    lines = [
        t(
            "<b>Last {days} days</b> ({since} to {until})",
            days=len(report.days),
            since=report.since.isoformat(),
            until=report.until.isoformat(),
        ),
        t("Questions: {count}", count=number("questions")),
        t("Without a matching answer: {count}", count=number("unanswered")),
        t("Job ads scanned: {count}", count=number("scans")),
        t("Ads reported: {count}", count=number("reports")),
        t("Subscribers now: {count}", count=number("subscribers")),
    ]
    if report.top_flags:
        lines.append(t("Most common red flag: {flag}", flag=escape(report.top_flags[0][0])))
    lines.append(t("Groups smaller than {count} are hidden.", count=MIN_GROUP))
    return "\n".join(lines)

"""The statistics picture: four panels in one PNG (matplotlib, Agg backend, no pyplot).

Built from a :class:`~bot.reports.aggregate.Report`, in which small groups are already
hidden. ``Figure`` plus ``FigureCanvasAgg`` keep no global state, so a picture can be drawn
in a worker thread while the bot goes on answering. Labels are ids and language codes
(ASCII): matplotlib cannot shape Urdu or Pashto script, so the words around the picture
(its caption) carry the translation.
"""

from __future__ import annotations

import io

from bot.reports.aggregate import Report

COLOURS = ("#1b6ca8", "#d1495b", "#edae49", "#66a182", "#8d6a9f", "#2e4057", "#00798c")
EMPTY = "Not enough data\n(groups under 5 are hidden)"


def render_png(report: Report, title: str = "Safe job abroad bot") -> bytes:
    """The report as a PNG image (about 1200 x 900 pixels)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(12, 9), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(f"{title}: {report.since.isoformat()} to {report.until.isoformat()}")
    (daily, subscribers), (topics, flags) = figure.subplots(2, 2)
    _questions(daily, report)
    _subscribers(subscribers, report)
    _ranking(topics, report.top_topics, "Top topics asked")
    _ranking(flags, report.top_flags, "Top red flags in scanned ads")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _empty(axes, title: str) -> None:  # type: ignore[no-untyped-def]
    axes.set_title(title)
    axes.text(0.5, 0.5, EMPTY, ha="center", va="center", transform=axes.transAxes)
    axes.set_xticks([])
    axes.set_yticks([])


def _questions(axes, report: Report) -> None:  # type: ignore[no-untyped-def]
    title = "Questions per day, by language"
    if not report.questions_by_language:
        _empty(axes, title)
        return
    positions = range(len(report.days))
    bottom = [0] * len(report.days)
    for index, (language, values) in enumerate(sorted(report.questions_by_language.items())):
        heights = [v or 0 for v in values]
        axes.bar(
            positions,
            heights,
            bottom=bottom,
            label=language,
            color=COLOURS[index % len(COLOURS)],
        )
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    step = max(1, len(report.days) // 8)
    axes.set_xticks(list(positions)[::step])
    axes.set_xticklabels([d.strftime("%m-%d") for d in report.days][::step])
    axes.set_title(title)
    axes.legend(loc="upper left")


def _subscribers(axes, report: Report) -> None:  # type: ignore[no-untyped-def]
    title = "Subscribers to warnings"
    points = [(d, v) for d, v in zip(report.days, report.subscribers, strict=True) if v is not None]
    if not points:
        _empty(axes, title)
        return
    from matplotlib.dates import DateFormatter

    axes.plot([d for d, _ in points], [v for _, v in points], color=COLOURS[0], marker=".")
    axes.set_ylim(bottom=0)
    axes.xaxis.set_major_formatter(DateFormatter("%m-%d"))
    axes.set_title(title)


def _ranking(axes, items: tuple[tuple[str, int], ...], title: str) -> None:  # type: ignore[no-untyped-def]
    if not items:
        _empty(axes, title)
        return
    names = [name for name, _ in reversed(items)]
    values = [count for _, count in reversed(items)]
    axes.barh(names, values, color=COLOURS[1])
    axes.set_title(title)

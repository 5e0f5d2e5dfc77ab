"""The admin's view of a running broadcast: one message edited in place, and a final report.

Pure: a :class:`~bot.store.broadcasts.BroadcastInfo` and the time in, HTML out, in the
admin's language.
"""

from __future__ import annotations

from bot.content.model import Language
from bot.core.admin_draft import pakistan_time
from bot.store.broadcasts import BroadcastInfo

BAR_WIDTH = 10


def duration(lang: Language, seconds: float) -> str:
    """``45 s``, ``3 min 20 s``, ``2 h 5 min`` in ``lang``."""
    t = lang.translate
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return t("{hours} h {minutes} min", hours=hours, minutes=minutes)
    if minutes:
        return t("{minutes} min {seconds} s", minutes=minutes, seconds=secs)
    return t("{seconds} s", seconds=secs)


def time_left(info: BroadcastInfo, now: float, rate: float) -> float:
    """Seconds until the last message is sent: the rate limit, or the spread plan if later."""
    at_rate = info.remaining / rate if rate > 0 else 0.0
    planned = (info.last_due - now) if info.last_due is not None else 0.0
    return max(at_rate, planned, 0.0)


def _bar(done: int, total: int) -> str:
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def progress_text(lang: Language, info: BroadcastInfo, now: float, rate: float) -> str:
    """The progress message: sent of total, percent, blocked, failed, time left."""
    t = lang.translate
    if info.status == "queued" and info.start_at > now + 1:
        return t(
            "📣 <b>Broadcast #{number}</b> to {count} subscribers starts at {time} Pakistan time.",
            number=info.id,
            count=info.total,
            time=pakistan_time(info.start_at),
        )
    done = info.processed
    percent = 100 * done // info.total if info.total else 100
    lines = [
        t("📣 <b>Broadcast #{number}</b>: sending", number=info.id),
        f"{_bar(done, info.total)} {percent}%",
        t("Sent: {sent} of {total}", sent=info.count("sent"), total=info.total),
        t(
            "Blocked the bot: {blocked} · chat gone: {gone} · failed: {failed}",
            blocked=info.count("blocked"),
            gone=info.count("gone"),
            failed=info.count("failed"),
        ),
        t("Time left: about {time}", time=duration(lang, time_left(info, now, rate))),
    ]
    return "\n".join(lines)


def final_text(lang: Language, info: BroadcastInfo) -> str:
    """The report when a broadcast has finished or was stopped."""
    t = lang.translate
    took = (info.finished_at or 0) - (info.started_at or info.finished_at or 0)
    head = (
        t(
            "⏹ <b>Broadcast #{number} was stopped</b> after {time}.",
            number=info.id,
            time=duration(lang, took),
        )
        if info.status == "cancelled"
        else t(
            "✅ <b>Broadcast #{number} is finished</b> after {time}.",
            number=info.id,
            time=duration(lang, took),
        )
    )
    lines = [
        head,
        t("Sent: {sent} of {total}", sent=info.count("sent"), total=info.total),
        t("Blocked the bot: {count}", count=info.count("blocked")),
        t("Chat no longer exists: {count}", count=info.count("gone")),
        t("Failed after several tries: {count}", count=info.count("failed")),
    ]
    # Why copies failed, so an agency can tell an outage from a refused text.
    if unreachable := info.failures.get("unreachable", 0):
        lines.append(
            t("Of these, Telegram could not be reached for hours: {count}", count=unreachable)
        )
    if refused := info.failures.get("refused", 0):
        lines.append(t("Of these, Telegram refused the message: {count}", count=refused))
    if info.count("cancelled"):
        lines.append(
            t("Not sent (stopped or unsubscribed): {count}", count=info.count("cancelled"))
        )
    return "\n".join(lines)

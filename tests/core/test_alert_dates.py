"""A scam warning ages: subscribers see when it was issued, and volunteers when to review it."""

from __future__ import annotations

from datetime import date

from bot.content.model import Content
from bot.core.broadcast_text import alert_bodies, compose_texts


def test_every_shipped_alert_carries_its_issue_and_review_dates(content: Content) -> None:
    for alert in content.alerts:
        assert isinstance(alert.issued, date) and isinstance(alert.review_by, date), alert.id
        assert alert.issued <= alert.review_by, alert.id


def test_subscribers_read_the_issue_date_in_their_language(content: Content) -> None:
    alert = content.alert("visit_visas")
    assert alert is not None and alert.issued == date(2026, 11, 22)
    texts = compose_texts(content, alert_bodies(content, alert))
    assert "<i>Issued: 2026-11-22</i>" in texts["en"]
    assert "جاری کردہ: 2026-11-22" in texts["ur"]
    assert "Jari kiya gaya: 2026-11-22" in texts["ur-Latn"]
    assert "خپور شوی: 2026-11-22" in texts["ps"]
    # The date sits between the title and the warning itself.
    title, dated, body = texts["en"].split("\n", 2)
    assert "Visit visas are not work visas" in title and "2026-11-22" in dated
    assert body.lstrip().startswith("A visit or tourist visa does not allow you to work.")

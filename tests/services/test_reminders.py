"""Reminders fire once each, with an injected clock, and can be turned off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop_app.services.reminders import due_reminders, mark_shown
from desktop_app.services.settings import Settings
from tests.conftest import NOW, order_fields

AUTO = timedelta(hours=72)
PLACED = datetime(2026, 11, 15, tzinfo=UTC)


def test_each_reminder_once(book, clock):
    book.create_order(order_fields("FO-L", ordered_at="2026-11-15T00:00:00Z",
                                   due_at="2026-11-20T10:00:00Z"), at=NOW - timedelta(days=4))
    book.record_requirements("FO-L", at=PLACED)  # sent at once: the due date stays
    book.create_order(order_fields("FO-R", ordered_at="2026-11-15T00:00:00Z",
                                   due_at="2026-11-30T10:00:00Z"), at=NOW - timedelta(days=4))
    book.record_requirements("FO-R", at=NOW - timedelta(days=4))
    clock.now = NOW - timedelta(hours=44)
    book.open_request("FO-R", {"kind": "extension", "days": 2, "reason": "fonts"})
    book.create_order(order_fields("FO-D", ordered_at="2026-11-15T00:00:00Z",
                                   due_at="2026-11-30T10:00:00Z"), at=NOW - timedelta(days=4))
    book.record_requirements("FO-D", at=NOW - timedelta(days=4))
    book.deliver("FO-D", "done", at=NOW - timedelta(hours=65))
    clock.now = NOW

    found = due_reminders(book.db, NOW, AUTO)
    assert sorted(r.key.split(":")[0] + ":" + r.ref for r in found) == [
        "auto:FO-D", "deadline:FO-R", "late:FO-L"]
    assert "answer due in 4 h" in next(r.title for r in found if r.ref == "FO-R")
    mark_shown(book.db, found)
    assert due_reminders(book.db, NOW + timedelta(minutes=5), AUTO) == []


def test_reminders_can_be_turned_off(book):
    book.create_order(order_fields("FO-L", ordered_at="2026-11-15T00:00:00Z",
                                   due_at="2026-11-20T10:00:00Z"), at=NOW - timedelta(days=4))
    book.record_requirements("FO-L", at=PLACED)  # sent at once: the due date stays
    assert due_reminders(book.db, NOW, AUTO)
    Settings(book.db).set("reminders", False)
    assert due_reminders(book.db, NOW, AUTO) == []


def test_auto_completion_follows_each_orders_marketplace(book, clock):
    """Upwork releases after 14 days, Freelancer.com publishes no auto-completion."""
    for ref, marketplace in (("FO-F", "fiverr"), ("FO-U", "upwork"), ("FO-X", "freelancer")):
        book.create_order(order_fields(ref, ordered_at="2026-11-01T00:00:00Z",
                                       due_at="2026-11-30T10:00:00Z", marketplace=marketplace),
                          at=NOW - timedelta(days=19))
        book.record_requirements(ref, at=NOW - timedelta(days=19))
        book.deliver(ref, "done", at=NOW - timedelta(hours=65))
    book.create_order(order_fields("FO-U2", ordered_at="2026-11-01T00:00:00Z",
                                   due_at="2026-11-30T10:00:00Z", marketplace="upwork"),
                      at=NOW - timedelta(days=19))
    book.record_requirements("FO-U2", at=NOW - timedelta(days=19))
    book.deliver("FO-U2", "done", at=NOW - timedelta(days=13, hours=17))

    found = due_reminders(book.db, NOW)
    assert sorted(r.ref for r in found if r.key.startswith("auto:")) == ["FO-F", "FO-U2"]

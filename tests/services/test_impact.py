"""Impact before recording equals the metrics once the action is really applied."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.resolution import checklist, draft_message, recommend
from desktop_app.domain.tone import check as tone_check
from desktop_app.services.impact import what_if
from desktop_app.services.stats import compute_stats
from tests.conftest import NOW, order_fields


def seeded(book):
    """Four completed orders and one counted cancellation in the window, plus FO-X active."""
    start = NOW - timedelta(days=10)
    for n in range(4):
        book.create_order(order_fields(f"FO-C{n}", ordered_at="2026-11-01T00:00:00Z",
                                       due_at="2026-11-05T00:00:00Z"), at=start)
        book.record_requirements(f"FO-C{n}", at=start)
        book.deliver(f"FO-C{n}", "done", at=start + timedelta(days=1))
        book.complete(f"FO-C{n}", at=start + timedelta(days=2))
    book.create_order(order_fields("FO-K", ordered_at="2026-11-01T00:00:00Z"), at=start)
    book.record_requirements("FO-K", at=start)
    book.cancel("FO-K", "seller", "sick", at=start + timedelta(days=1))
    book.create_order(order_fields("FO-X", ordered_at="2026-11-10T00:00:00Z",
                                   due_at="2026-11-25T00:00:00Z"), at=start)
    book.record_requirements("FO-X", at=start)
    return book


@pytest.mark.parametrize("request_", [
    {"kind": "cancellation", "reason": "cannot finish", "by": "seller"},
    {"kind": "extension", "days": 3, "reason": "fonts"},
    {"kind": "partial_refund", "amount": "20.00", "reason": "late"},
    {"kind": "extra", "amount": "45.00", "days": 2, "items": ["Business card"]},
])
def test_after_equals_metrics_once_really_applied(book, request_):
    seeded(book)
    impact = what_if(book, "FO-X", request_, at=NOW)
    assert impact.rate_before == 0.8
    book.open_request("FO-X", request_, at=NOW)
    order = book.answer_request("FO-X", "accepted", at=NOW)
    assert compute_stats(book.db, NOW)["completion_rate"] == impact.rate_after
    assert impact.due_after == (None if order.status.is_final else order.due_at)


def test_cancellation_warns_below_the_90_percent_level(book):
    seeded(book)
    impact = what_if(book, "FO-X", {"kind": "cancellation", "reason": "x"}, at=NOW)
    assert impact.rate_after == round(4 / 6, 6) and impact.below_threshold
    assert impact.earnings_after.minor == 0 and impact.earnings_before.minor == 120_00


def test_refused_option_raises_before_anything_is_written(book):
    seeded(book)
    with pytest.raises(LifecycleError, match="at most 60%"):
        what_if(book, "FO-X", {"kind": "partial_refund", "amount": "90.00", "reason": "x"})
    assert book.get("FO-X").requests == []


def test_checklist_reads_the_order(book):
    book.create_order(order_fields("FO1"), at=NOW - timedelta(days=9))
    book.record_requirements("FO1", at=NOW - timedelta(days=9))
    book.deliver("FO1", "First version", at=NOW - timedelta(days=8))
    done = {c.key: c.done for c in checklist(book.get("FO1"))}
    assert done == {"understood": False, "scope": False, "redelivered": False,
                    "no_pressure": True}
    book.record_revision("FO1", "add a business card", [
        {"text": "add a business card", "verdict": "out_of_scope", "matched_item": None,
         "reason": "a new deliverable: business card"}], at=NOW - timedelta(days=7))
    book.deliver("FO1", "Revised. Please leave 5 stars!", at=NOW - timedelta(days=6))
    done = {c.key: c.done for c in checklist(book.get("FO1"))}
    assert done == {"understood": True, "scope": False, "redelivered": True,
                    "no_pressure": False}


def test_recommendations_prefer_the_least_damaging_option(book):
    order = book.create_order(order_fields("FO1"), at=NOW)
    assert recommend(order, "more_time")[0] == "extension"
    assert recommend(order, "out_of_scope")[0] == "extra"
    assert recommend(order, "no_answer")[0] == "cancellation"  # no requirements: not counted


def test_drafted_messages_pass_the_tone_check(book):
    order = book.create_order(order_fields("FO1"), at=NOW)
    for option in ("extension", "extra", "partial_refund", "cancellation", "details", "support"):
        text = draft_message(option, order, days=2, reason="waiting for fonts",
                             amount="$45.00", items="A business card")
        assert tone_check(text) == [], (option, text)

"""Metrics: completion-rate exemptions, the 60-day window's edges, on-time and revision rates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop_app.domain.metrics import OrderFacts, compute, exemption
from desktop_app.domain.order import Status

AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def facts(ref="FO1", status=Status.COMPLETED, *, ordered=AT - 30 * DAY, due=AT - 27 * DAY,
          requirements=AT - 30 * DAY, first=AT - 28 * DAY, completed=None, cancelled=None,
          by=None, exempt=None, reorder=None, revisions=0):
    if status is Status.COMPLETED and completed is None:
        completed = AT - 25 * DAY
    return OrderFacts(ref, status, ordered, due, requirements, first, completed, cancelled, by,
                      exempt, reorder, revisions)


def cancelled(ref="FC1", by="seller", when=AT - 10 * DAY, **kw):
    return facts(ref, Status.CANCELLED, cancelled=when, by=by, first=None, **kw)


def test_completion_rate_counts_completed_over_completed_plus_counted_cancellations():
    stats = compute([facts("A"), facts("B"), facts("C"), cancelled("X")], AT)
    assert stats["completion_rate"] == 0.75
    assert (stats["completed"], stats["cancelled_counted"]) == (3, 1)


def test_nothing_counted_gives_null():
    assert compute([], AT)["completion_rate"] is None
    assert compute([facts("A", Status.IN_PROGRESS, first=None)], AT)["completion_rate"] is None


def test_buyer_cancelling_before_requirements_is_exempt():
    order = cancelled(by="buyer", requirements=None)
    assert exemption(order, {}) == "buyer cancelled before sending requirements"
    assert exemption(cancelled(by="buyer"), {}) is None  # requirements were sent: it counts


def test_mutual_cancellation_with_reorder_within_14_days_is_exempt():
    when = AT - 20 * DAY
    within = cancelled(by="mutual", when=when, reorder="FR1")
    assert exemption(within, {"FR1": when + 14 * DAY}) is not None
    assert exemption(within, {"FR1": when + 14 * DAY + timedelta(seconds=1)}) is None
    assert exemption(cancelled(by="mutual", when=when), {}) is None  # no reorder: counts
    assert exemption(cancelled(by="seller", when=when, reorder="FR1"),
                     {"FR1": when + DAY}) is None  # only a mutual cancellation


def test_explicit_exempt_flag_wins():
    assert exemption(cancelled(exempt=True), {}) == "exempted by support"
    assert exemption(cancelled(by="buyer", requirements=None, exempt=False), {}) is None


def test_window_edges_are_60_days_back_exclusive_and_at_inclusive():
    edge = AT - 60 * DAY
    inside = facts("IN", completed=edge + timedelta(seconds=1))
    outside = facts("OUT", completed=edge)
    now = facts("NOW", completed=AT)
    future = facts("FUT", completed=AT + timedelta(seconds=1))
    stats = compute([inside, outside, now, future], AT)
    assert stats["completed"] == 2


def test_exempt_cancellations_are_reported_and_not_counted():
    stats = compute([facts("A"), cancelled("X", by="buyer", requirements=None),
                     cancelled("Y", exempt=True)], AT)
    assert stats["completion_rate"] == 1.0
    assert stats["cancelled_exempt"] == 2 and stats["cancelled_counted"] == 0


def test_on_time_and_revision_rates_over_first_deliveries_in_window():
    on_time = facts("A", first=AT - 5 * DAY, due=AT - 4 * DAY)
    exactly = facts("B", first=AT - 4 * DAY, due=AT - 4 * DAY, revisions=1)
    late = facts("C", first=AT - 3 * DAY, due=AT - 4 * DAY)
    old = facts("D", first=AT - 90 * DAY, due=AT - 95 * DAY)
    stats = compute([on_time, exactly, late, old], AT)
    assert stats["on_time_rate"] == round(2 / 3, 6)
    assert stats["revision_rate"] == round(1 / 3, 6)


def test_active_late_and_very_late():
    due = AT - timedelta(hours=2)
    orders = [
        facts("A", Status.IN_PROGRESS, due=due, first=None),
        facts("B", Status.REVISION_REQUESTED, due=AT - DAY, first=None),
        facts("C", Status.DELIVERED, due=AT - 5 * DAY),  # delivered: not late
        facts("D", Status.AWAITING_REQUIREMENTS, due=AT + DAY, first=None, requirements=None),
    ]
    stats = compute(orders, AT)
    assert (stats["active"], stats["late"], stats["very_late"]) == (4, 2, 1)


def test_completion_series_matches_compute_at_each_day():
    from desktop_app.domain.metrics import completion_series

    orders = [facts(f"C{n}", completed=AT - n * 3 * DAY) for n in range(40)]
    orders += [cancelled(f"X{n}", when=AT - n * 7 * DAY) for n in range(15)]
    orders += [cancelled("E", by="buyer", requirements=None, when=AT - 2 * DAY)]
    series = completion_series(orders, AT, days=180)
    assert len(series) == 180 and series[-1][0] == AT
    for at, rate in series[::17]:
        assert rate == compute(orders, at)["completion_rate"]

"""The delivery clock: where the marketplace starts it at the requirements, the due date
counts from them; elsewhere from the order. Lateness follows the moved due date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain import events as ev
from desktop_app.domain import lifecycle
from desktop_app.domain.codec import FieldError, order_from_dict, order_to_dict
from desktop_app.domain.derived import (
    auto_complete_at,
    due_text,
    due_words,
    is_late,
    is_very_late,
)
from desktop_app.domain.events import Event
from desktop_app.domain.order import Status, days_between
from desktop_app.domain.profile import MARKETPLACES, PROFILES
from tests.conftest import order_fields

PLACED = datetime(2026, 12, 1, 23, 20, tzinfo=UTC)
REQUIREMENTS = datetime(2026, 12, 2, 6, 18, tzinfo=UTC)


def placed(marketplace: str = "fiverr", days: int = 2, **overrides):
    data = order_fields(ordered_at="2026-12-01T23:20:00Z", due_at="2026-12-03T23:20:00Z",
                        marketplace=marketplace, delivery_days=days, **overrides)
    return lifecycle.apply(None, Event("o1", ev.ORDER_CREATED, PLACED, {"order": data}))


def event(order, kind, at, data=None):
    return lifecycle.apply(order, Event(order.id, kind, at, data or {}))


def test_a_fiverr_order_is_due_two_days_after_the_requirements_not_the_order():
    order = event(placed(), ev.REQUIREMENTS_RECEIVED, REQUIREMENTS)
    assert order.status is Status.IN_PROGRESS
    assert order.due_at == datetime(2026, 12, 4, 6, 18, tzinfo=UTC)  # not 3 Dec 23:20


@pytest.mark.parametrize("key", [k for k in MARKETPLACES
                                 if PROFILES[k].clock_starts == "requirements"])
def test_every_requirements_clock_marketplace_moves_the_due_date(key):
    order = event(placed(key), ev.REQUIREMENTS_RECEIVED, REQUIREMENTS)
    assert order.due_at == REQUIREMENTS + timedelta(days=2)


@pytest.mark.parametrize("key", [k for k in MARKETPLACES if PROFILES[k].clock_starts == "order"])
def test_an_order_clock_marketplace_keeps_the_due_date_from_the_order(key):
    order = event(placed(key), ev.REQUIREMENTS_RECEIVED, REQUIREMENTS)
    assert order.due_at == PLACED + timedelta(days=2)


def test_late_and_very_late_follow_the_moved_due_date():
    order = event(placed(), ev.REQUIREMENTS_RECEIVED, REQUIREMENTS)
    old_due = PLACED + timedelta(days=2)
    assert not is_late(order, old_due + timedelta(hours=1))  # late by the old date only
    assert not is_late(order, order.due_at)
    assert is_late(order, order.due_at + timedelta(minutes=1))
    assert not is_very_late(order, order.due_at + timedelta(hours=23, minutes=59))
    assert is_very_late(order, order.due_at + timedelta(hours=24))


def test_nothing_is_late_before_the_requirements_and_the_due_text_says_why():
    order = placed()
    later = PLACED + timedelta(days=10)
    assert not is_late(order, later) and not is_very_late(order, later)
    assert due_text(order, later) == "starts when the buyer sends the requirements"


def test_an_extension_after_the_requirements_still_moves_the_due_date():
    order = event(placed(), ev.REQUIREMENTS_RECEIVED, REQUIREMENTS)
    asked = event(order, ev.REQUEST_OPENED, REQUIREMENTS + timedelta(hours=1),
                  {"request": {"kind": "extension", "days": 3, "reason": "fonts"}})
    answered = event(asked, ev.REQUEST_ANSWERED, REQUIREMENTS + timedelta(hours=2),
                     {"status": "accepted"})
    assert answered.due_at == REQUIREMENTS + timedelta(days=5)


def test_an_extension_accepted_before_the_requirements_is_kept_when_the_clock_starts():
    asked = event(placed(), ev.REQUEST_OPENED, PLACED + timedelta(hours=1),
                  {"request": {"kind": "extension", "days": 1, "reason": "holiday"}})
    answered = event(asked, ev.REQUEST_ANSWERED, PLACED + timedelta(hours=2),
                     {"status": "accepted"})
    order = event(answered, ev.REQUIREMENTS_RECEIVED, REQUIREMENTS)
    assert order.due_at == REQUIREMENTS + timedelta(days=3)


def test_a_marketplace_without_a_very_late_rule_never_flags_very_late():
    order = event(placed("upwork"), ev.REQUIREMENTS_RECEIVED, REQUIREMENTS)
    assert PROFILES["upwork"].very_late_after is None
    assert is_late(order, order.due_at + timedelta(days=30))
    assert not is_very_late(order, order.due_at + timedelta(days=30))


def test_no_auto_completion_where_the_marketplace_publishes_none():
    order = event(placed("freelancer"), ev.REQUIREMENTS_RECEIVED, REQUIREMENTS)
    delivered = event(order, ev.DELIVERED, REQUIREMENTS + timedelta(hours=5),
                      {"message": "done"})
    assert auto_complete_at(delivered) is None
    fiverr = event(event(placed(), ev.REQUIREMENTS_RECEIVED, REQUIREMENTS), ev.DELIVERED,
                   REQUIREMENTS + timedelta(hours=5), {"message": "done"})
    assert auto_complete_at(fiverr) == REQUIREMENTS + timedelta(hours=5, days=3)


def test_upwork_auto_completes_after_its_own_fourteen_days():
    order = event(placed("upwork"), ev.REQUIREMENTS_RECEIVED, REQUIREMENTS)
    delivered = event(order, ev.DELIVERED, REQUIREMENTS + timedelta(hours=5), {"message": "ok"})
    assert auto_complete_at(delivered) == REQUIREMENTS + timedelta(hours=5, days=14)


# -- the interchange fields ---------------------------------------------------------------

def test_marketplace_defaults_to_fiverr_and_must_be_known():
    assert order_from_dict(order_fields()).marketplace == "fiverr"
    assert order_from_dict(order_fields(marketplace="legiit")).marketplace == "legiit"
    with pytest.raises(FieldError) as err:
        order_from_dict(order_fields(marketplace="etsy"))
    assert err.value.field == "marketplace" and "fiverr" in err.value.message


@pytest.mark.parametrize(("ordered", "due", "days"), [
    ("2026-11-01T09:30:00Z", "2026-11-04T09:30:00Z", 3),
    ("2026-11-01T09:30:00Z", "2026-11-04T09:31:00Z", 4),  # rounded up
    ("2026-11-01T09:30:00Z", "2026-11-01T09:30:00Z", 1),  # at least one
    ("2026-11-01T09:30:00Z", "2026-11-01T15:00:00Z", 1),
])
def test_delivery_days_when_absent_come_from_the_due_date(ordered, due, days):
    order = order_from_dict(order_fields(ordered_at=ordered, due_at=due))
    assert order.delivery_days == days == days_between(order.ordered_at, order.due_at)


@pytest.mark.parametrize("bad", [0, -1, 366, "3", 2.5, True])
def test_delivery_days_must_be_a_whole_number_of_days(bad):
    with pytest.raises(FieldError) as err:
        order_from_dict(order_fields(delivery_days=bad))
    assert err.value.field == "delivery_days"


def test_an_imported_due_date_is_kept_as_given():
    fields = order_fields(status="in_progress", requirements_at="2026-11-02T10:00:00Z",
                          delivery_days=1, due_at="2026-11-09T09:30:00Z")
    order = order_from_dict(fields)
    assert order.due_at == datetime(2026, 11, 9, 9, 30, tzinfo=UTC)
    out = order_to_dict(order)
    assert (out["marketplace"], out["delivery_days"], out["due_at"]) == \
        ("fiverr", 1, "2026-11-09T09:30:00Z")


def test_where_the_clock_starts_at_the_order_the_due_text_counts_down_at_once():
    order = placed("peopleperhour")
    assert due_text(order, PLACED + timedelta(hours=1)) == "in 1 d 23 h"
    assert due_words(Status.AWAITING_REQUIREMENTS, order.due_at, PLACED, short=True) == \
        "after requirements"


def test_a_marketplace_without_a_published_delivery_limit_refuses_no_size():
    from desktop_app.domain.delivery_checks import too_large_problem

    assert too_large_problem(6 * 1024**3, PROFILES["upwork"]) is None
    assert "Fiverr accepts at most" in too_large_problem(6 * 1024**3, PROFILES["fiverr"])

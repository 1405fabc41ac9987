"""Tips and ratings as events: where they are allowed, and bad data refused by name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain import events as ev
from desktop_app.domain import lifecycle
from desktop_app.domain.codec import order_from_dict
from desktop_app.domain.codec_events import event_from_dict
from desktop_app.domain.errors import FieldError, LifecycleError
from desktop_app.domain.events import Event
from tests.conftest import order_fields

AT = datetime(2026, 11, 6, tzinfo=UTC)


def order(status="completed"):
    extra = {"completed": dict(delivered_at="2026-11-03T10:00:00Z",
                               completed_at="2026-11-05T10:00:00Z"),
             "delivered": dict(delivered_at="2026-11-03T10:00:00Z"),
             "cancelled": dict(cancelled_at="2026-11-03T10:00:00Z"),
             "in_progress": {}}[status]
    data = order_fields(status=status, requirements_at="2026-11-01T10:00:00Z", **extra)
    made = order_from_dict(data)
    made.id = "o1"
    return made


def apply(o, kind, data, at=AT):
    return lifecycle.apply(o, Event("o1", kind, at, data))


def test_tips_add_up_on_delivered_and_completed_orders():
    o = apply(order("delivered"), ev.TIP_RECEIVED, {"amount": "5.00"})
    o = apply(o, ev.TIP_RECEIVED, {"amount": "2.50"}, AT + timedelta(hours=1))
    assert o.tips_minor == 750 and o.last_activity_at == AT + timedelta(hours=1)
    assert apply(order(), ev.TIP_RECEIVED, {"amount": "1.00"}).tips_minor == 100


@pytest.mark.parametrize("status", ["in_progress", "cancelled"])
def test_no_tip_before_delivery_or_after_cancellation(status):
    with pytest.raises(LifecycleError, match="receive a tip"):
        apply(order(status), ev.TIP_RECEIVED, {"amount": "5.00"})


def test_a_rating_only_on_completed_orders_and_a_second_replaces_it():
    with pytest.raises(LifecycleError, match="be rated"):
        apply(order("delivered"), ev.RATED, {"stars": 5, "text": ""})
    o = apply(order(), ev.RATED, {"stars": 3, "text": "ok"})
    o = apply(o, ev.RATED, {"stars": 5, "text": "great"}, AT + timedelta(days=1))
    assert (o.rating.stars, o.rating.text, o.rating.at) == (5, "great", AT + timedelta(days=1))


@pytest.mark.parametrize(("kind", "data", "field"), [
    (ev.RATED, {"stars": 0}, "stars"), (ev.RATED, {"stars": 6}, "stars"),
    (ev.RATED, {"stars": "five"}, "stars"), (ev.RATED, {"stars": 4, "text": 7}, "text"),
    (ev.RATED, {"stars": 4, "colour": "red"}, "colour"),
    (ev.TIP_RECEIVED, {"amount": "-1.00"}, "amount"), (ev.TIP_RECEIVED, {"amount": 5}, "amount"),
    (ev.TIP_RECEIVED, {"amount": "0.00"}, "amount"), (ev.TIP_RECEIVED, {}, "amount"),
])
def test_bad_data_is_refused_naming_the_field(kind, data, field):
    with pytest.raises(LifecycleError, match=field):
        apply(order(), kind, data)
    raw = {"id": "e1", "kind": kind, "at": "2026-11-06T00:00:00Z", "data": data,
           "device_id": "d1", "device_seq": 1}
    with pytest.raises(FieldError) as err:
        event_from_dict(raw, "history[3]", "o1", "USD")
    assert err.value.field == f"history[3].data.{field}"

"""The lifecycle state machine: every legal transition, every illegal one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain import events as ev
from desktop_app.domain import lifecycle
from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.events import Event
from desktop_app.domain.order import Status
from desktop_app.domain.requests import due_timeout
from tests.conftest import order_fields

T0 = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
S = Status


def created(**overrides):
    data = order_fields(status="awaiting_requirements", **overrides)
    return lifecycle.apply(None, Event("o1", ev.ORDER_CREATED, T0, {"order": data}))


def step(order, kind, data=None, hours=1):
    return lifecycle.apply(order, Event(order.id, kind, order.ordered_at + timedelta(hours=hours),
                                        data or {}))


def in_status(status):
    order = created()
    path = {
        S.AWAITING_REQUIREMENTS: [],
        S.IN_PROGRESS: [ev.REQUIREMENTS_RECEIVED],
        S.DELIVERED: [ev.REQUIREMENTS_RECEIVED, ev.DELIVERED],
        S.REVISION_REQUESTED: [ev.REQUIREMENTS_RECEIVED, ev.DELIVERED, ev.REVISION_REQUESTED],
        S.COMPLETED: [ev.REQUIREMENTS_RECEIVED, ev.DELIVERED, ev.COMPLETED],
        S.CANCELLED: [ev.CANCELLED],
    }[status]
    for i, kind in enumerate(path):
        order = step(order, kind, DATA.get(kind), hours=i + 1)
    assert order.status is status
    return order


DATA = {ev.DELIVERED: {"message": "Here it is", "files": []},
        ev.REVISION_REQUESTED: {"text": "darker blue", "points": []},
        ev.CANCELLED: {"by": "seller", "reason": "no time"}}
TARGET = {ev.REQUIREMENTS_RECEIVED: S.IN_PROGRESS, ev.DELIVERED: S.DELIVERED,
          ev.REVISION_REQUESTED: S.REVISION_REQUESTED, ev.COMPLETED: S.COMPLETED,
          ev.CANCELLED: S.CANCELLED}
LEGAL = {
    (S.AWAITING_REQUIREMENTS, ev.REQUIREMENTS_RECEIVED), (S.AWAITING_REQUIREMENTS, ev.CANCELLED),
    (S.IN_PROGRESS, ev.DELIVERED), (S.IN_PROGRESS, ev.CANCELLED),
    (S.DELIVERED, ev.REVISION_REQUESTED), (S.DELIVERED, ev.COMPLETED),
    (S.DELIVERED, ev.CANCELLED),
    (S.REVISION_REQUESTED, ev.DELIVERED), (S.REVISION_REQUESTED, ev.CANCELLED),
}
MATRIX = [(s, k) for s in Status for k in TARGET]


@pytest.mark.parametrize(("status", "kind"), MATRIX, ids=[f"{s.value}-{k}" for s, k in MATRIX])
def test_transition_matrix(status, kind):
    order = in_status(status)
    if (status, kind) in LEGAL:
        after = step(order, kind, DATA.get(kind), hours=10)
        assert after.status is TARGET[kind]
        assert order.status is status  # apply never changes its input
    else:
        with pytest.raises(LifecycleError) as info:
            step(order, kind, DATA.get(kind), hours=10)
        assert order.ref in str(info.value)


def test_refusal_words_a_seller_understands():
    done = in_status(S.COMPLETED)
    with pytest.raises(LifecycleError, match="Order FO5F2A91C3 is completed: it can no longer "
                                             "be redelivered"):
        step(done, ev.DELIVERED, DATA[ev.DELIVERED], hours=20)
    waiting = created()
    with pytest.raises(LifecycleError, match="has not sent the requirements"):
        step(waiting, ev.DELIVERED, DATA[ev.DELIVERED])


def test_redelivery_appends_a_numbered_delivery_and_counts_revisions():
    order = in_status(S.REVISION_REQUESTED)
    order = step(order, ev.DELIVERED, {"message": "v2", "files": [
        {"path": "logo.svg", "size": 10, "sha256": "ab" * 32}]}, hours=9)
    assert [d.number for d in order.deliveries] == [1, 2]
    assert order.deliveries[1].files[0].path == "logo.svg"
    assert order.revisions_used == 1


def test_event_before_the_order_date_is_refused():
    with pytest.raises(LifecycleError, match="before the order was placed"):
        lifecycle.apply(created(), Event("o1", ev.REQUIREMENTS_RECEIVED, T0 - timedelta(days=1)))


def test_notes_can_be_edited_in_any_status():
    for status in Status:
        assert step(in_status(status), ev.NOTE_EDITED, {"notes": "call Fri"}, 30).notes == \
            "call Fri"


def test_allowed_actions_follow_the_status():
    assert ev.DELIVERED not in lifecycle.allowed_actions(created())
    assert ev.COMPLETED in lifecycle.allowed_actions(in_status(S.DELIVERED))
    # A completed order still takes what the buyer gives after the work.
    assert lifecycle.allowed_actions(in_status(S.COMPLETED)) == [ev.TIP_RECEIVED, ev.RATED]
    assert lifecycle.allowed_actions(in_status(S.CANCELLED)) == []


def _request(order, **request):
    return step(order, ev.REQUEST_OPENED, {"request": request}, hours=5)


def test_extension_accepted_moves_due_date_from_current_due_date():
    order = _request(in_status(S.IN_PROGRESS), kind="extension", days=2, reason="font licence")
    assert order.open_request.expires_at == order.open_request.sent_at + timedelta(hours=48)
    answered = step(order, ev.REQUEST_ANSWERED, {"status": "accepted"}, hours=6)
    assert answered.due_at == order.due_at + timedelta(days=2)


def test_silence_accepts_extension_after_48_hours():
    order = _request(in_status(S.IN_PROGRESS), kind="extension", days=1, reason="sick")
    sent = order.open_request.sent_at
    assert due_timeout(order, sent + timedelta(hours=47, minutes=59)) is None
    when, data = due_timeout(order, sent + timedelta(hours=48))
    assert when == sent + timedelta(hours=48) and data["by_timeout"] is True


def test_cancellation_request_accepted_cancels_with_initiator():
    order = _request(in_status(S.IN_PROGRESS), kind="cancellation", reason="buyer vanished",
                     by="mutual")
    done = step(order, ev.REQUEST_ANSWERED, {"status": "accepted"}, hours=7)
    assert done.status is S.CANCELLED and done.cancellation.by == "mutual"


def test_extra_accepted_changes_price_scope_and_due_date():
    order = _request(in_status(S.DELIVERED), kind="extra", amount="40.00", days=2,
                     items=["Business card"])
    done = step(order, ev.REQUEST_ANSWERED, {"status": "accepted"}, hours=7)
    assert done.total_price.minor == 160_00 and done.price.minor == 120_00
    assert "Business card" in done.scope
    assert done.due_at == order.due_at + timedelta(days=2)


@pytest.mark.parametrize(("price", "amount", "words"), [
    ("120.00", "72.01", "at most 60%"),
    ("120.00", "4.99", r"at least \$5\.00"),
    ("40.00", "10.00", r"over \$50\.00"),
    ("50.00", "10.00", r"over \$50\.00"),
])
def test_partial_refund_limits(price, amount, words):
    order = in_status(S.IN_PROGRESS)
    order.price = order.price.parse(price, "USD")
    with pytest.raises(LifecycleError, match=words):
        _request(order, kind="partial_refund", amount=amount, reason="late")


def test_partial_refund_at_the_limit_is_recorded():
    order = _request(in_status(S.IN_PROGRESS), kind="partial_refund", amount="72.00",
                     reason="one concept missing")
    done = step(order, ev.REQUEST_ANSWERED, {"status": "accepted"}, hours=6)
    assert done.refunded_minor == 72_00 and done.status is S.IN_PROGRESS


def test_only_one_open_request_and_answers_need_one():
    order = _request(in_status(S.IN_PROGRESS), kind="extension", days=1, reason="x")
    with pytest.raises(LifecycleError, match="already has an open extension request"):
        _request(order, kind="extension", days=1, reason="y")
    with pytest.raises(LifecycleError, match="no open request"):
        step(in_status(S.IN_PROGRESS), ev.REQUEST_ANSWERED, {"status": "accepted"})

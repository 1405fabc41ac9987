"""The open-request strip: answers and their effects, the countdown, the 48 h rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop_app.domain import events as ev
from desktop_app.gui.resolution.request_banner import TICK_MS, RequestBanner
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import Database
from tests.conftest import NOW
from tests.gui.test_wizard import REF, active_order, record

HOURS_48 = timedelta(hours=48)


def banner_for(qtbot, book, clock, ref=REF) -> RequestBanner:
    banner = RequestBanner(book, clock=clock)
    qtbot.addWidget(banner)
    banner.show_order(ref)
    return banner


def press(qtbot, banner, status) -> None:
    name = {"accepted": "requestAcceptedButton", "declined": "requestDeclinedButton",
            "withdrawn": "requestWithdrawnButton"}[status]
    qtbot.mouseClick(banner.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def label(banner, name) -> str:
    return banner.findChild(QLabel, name).text()


def check_effect(option, status, before, after) -> None:
    request = after.requests[-1]
    assert request.status == status and not request.by_timeout
    accepted = status == "accepted"
    if option == "extension":
        assert after.due_at == before.due_at + timedelta(days=3 if accepted else 0)
    elif option == "extra":
        assert after.total_price.minor == before.total_price.minor + (4500 if accepted else 0)
        assert ("Business card" in after.scope) is accepted
        assert after.due_at == before.due_at + timedelta(days=2 if accepted else 0)
    elif option == "partial_refund":
        assert after.refunded_minor == (2000 if accepted else 0)
        assert after.status is before.status
    else:
        assert (after.status.value == "cancelled") is accepted
        if accepted:
            assert after.cancellation.by == "mutual"
            assert after.cancellation.reason == "Plans changed"


@pytest.mark.parametrize("status", ["accepted", "declined", "withdrawn"])
@pytest.mark.parametrize("option", ["extension", "extra", "partial_refund", "cancellation"])
def test_each_answer_applies_its_effect(qtbot, book, clock, option, status):
    before = active_order(book)
    record(qtbot, book, clock, option)
    banner = banner_for(qtbot, book, clock)
    assert not banner.isHidden()
    assert label(banner, "requestTitle").startswith("<b>")
    clock.now = NOW + timedelta(hours=1)
    with qtbot.waitSignal(banner.answered) as signal:
        press(qtbot, banner, status)
    assert signal.args == [REF, status]
    after = book.get(REF)
    check_effect(option, status, before, after)
    assert after.open_request is None
    assert banner.findChild(QPushButton, "requestAcceptedButton").isHidden()
    outcome = label(banner, "requestOutcome")
    assert status in outcome.lower() or (status == "accepted" and "cancelled" in outcome)
    history = book.history(REF)
    assert history[-1].kind == ev.REQUEST_ANSWERED and history[-1].data["status"] == status


def test_countdown_ticks_and_silence_accepts_an_extension(qtbot, book, clock):
    before = active_order(book)
    book.open_request(REF, {"kind": "extension", "days": 3, "reason": "Fonts"})
    clock.now = NOW + timedelta(hours=16, minutes=48)
    banner = banner_for(qtbot, book, clock)
    assert label(banner, "requestCountdown") == \
        "answer due in 31 h 12 min — silence = accepted"
    assert banner.timer.isActive() and banner.timer.interval() == TICK_MS
    clock.now = NOW + timedelta(hours=47, minutes=59)
    banner.tick()
    assert label(banner, "requestCountdown") == "answer due in 1 min — silence = accepted"
    assert book.get(REF).open_request is not None
    clock.now = NOW + HOURS_48 + timedelta(minutes=1)
    with qtbot.waitSignal(banner.answered) as signal:
        banner.tick()
    assert signal.args == [REF, "accepted"]
    order = book.get(REF)
    request = order.requests[-1]
    assert (request.status, request.by_timeout, request.answered_at) == \
        ("accepted", True, NOW + HOURS_48)
    assert order.due_at == before.due_at + timedelta(days=3)
    assert "No answer within 48 hours" in label(banner, "requestOutcome")
    assert not banner.timer.isActive()


def test_silence_cancels_on_a_cancellation_request(qtbot, book, clock):
    active_order(book)
    book.open_request(REF, {"kind": "cancellation", "reason": "Plans changed", "by": "seller"})
    banner = banner_for(qtbot, book, clock)
    assert label(banner, "requestCountdown").endswith("silence = order cancelled")
    clock.now = NOW + HOURS_48
    with qtbot.waitSignal(banner.answered):  # answered on the writer thread
        banner.tick()
    order = book.get(REF)
    assert order.status.value == "cancelled" and order.requests[-1].by_timeout
    assert order.cancelled_at == NOW + HOURS_48


def test_extra_and_refund_have_no_deadline(qtbot, book, clock):
    active_order(book)
    book.open_request(REF, {"kind": "extra", "amount": "45.00", "items": ["Card"]})
    banner = banner_for(qtbot, book, clock)
    assert "no deadline" in label(banner, "requestCountdown")
    assert not banner.timer.isActive()
    clock.now = NOW + timedelta(days=30)
    banner.tick()
    assert book.get(REF).open_request is not None


def test_app_closed_across_the_deadline(qtbot, tmp_path, clock):
    data_dir = tmp_path / "closed"
    first = Database(data_dir)
    book = OrderBook(first, clock=clock)
    active_order(book)
    book.open_request(REF, {"kind": "extension", "days": 2, "reason": "Fonts"})
    first.dispose()  # the app is closed; two days go by

    later = type(clock)(NOW + timedelta(days=3))
    reopened = Database(data_dir)
    try:
        book = OrderBook(reopened, clock=later)
        assert book.get(REF).open_request is not None  # nothing changed while closed
        changed = book.apply_timeouts(later())
        request = changed[REF].requests[-1]
        assert (request.status, request.by_timeout, request.answered_at) == \
            ("accepted", True, NOW + HOURS_48)
        last = book.history(REF)[-1]
        assert last.kind == ev.REQUEST_ANSWERED and last.data["by_timeout"] is True
        assert last.at == NOW + HOURS_48
    finally:
        reopened.dispose()


def test_banner_settles_a_deadline_missed_while_closed(qtbot, tmp_path, clock):
    first = Database(tmp_path / "d")
    book = OrderBook(first, clock=clock)
    active_order(book)
    book.open_request(REF, {"kind": "cancellation", "reason": "Plans changed", "by": "mutual"})
    first.dispose()
    reopened = Database(tmp_path / "d")
    try:
        later = type(clock)(NOW + timedelta(days=4))
        book = OrderBook(reopened, clock=later)
        banner = banner_for(qtbot, book, later)
        qtbot.waitUntil(lambda: "No answer" in label(banner, "requestOutcome"))
        order = book.get(REF)
        assert order.status.value == "cancelled" and order.requests[-1].by_timeout
        assert "No answer within 48 hours" in label(banner, "requestOutcome")
    finally:
        reopened.dispose()


def test_no_open_request_hides_the_strip(qtbot, book, clock):
    active_order(book)
    banner = banner_for(qtbot, book, clock)
    assert banner.isHidden()
    banner.show_order(None)
    assert banner.isHidden()

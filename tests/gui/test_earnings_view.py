"""The Earnings view, its menu command, and tips and ratings from the order detail."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QThread
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QMenu, QPushButton, QWidget

from desktop_app.gui.earnings import earnings_view
from desktop_app.gui.earnings.earnings_chart import EarningsChart, axis_label, last_months
from desktop_app.gui.earnings.earnings_view import EarningsView
from desktop_app.gui.shell import messages
from desktop_app.services.feedback import record_rating, record_tip
from desktop_app.services.settings import Settings
from tests.conftest import NOW, order_fields
from tests.gui.conftest import open_window

D = timedelta(days=1)


def completed(book, ref, days_ago, **fields):
    done = NOW - days_ago * D
    placed = done - 5 * D
    book.create_order(order_fields(ref, ordered_at=placed.isoformat(),
                                   due_at=(placed + 3 * D).isoformat(), **fields), at=placed)
    book.record_requirements(ref, placed)
    book.deliver(ref, "done", at=done - D)
    book.complete(ref, done)


def dataset(book):
    """At NOW (Nov 20): A completed 3 days ago with a $10 tip (pending: Fiverr's 14 days),
    B 30 days ago (October, available), C in EUR 2 days ago."""
    completed(book, "FOA", 3)
    record_tip(book, "FOA", "10.00", at=NOW - 2 * D)
    completed(book, "FOB", 30)
    completed(book, "FOC", 2, currency="EUR", price="50.00")


def view_for(qtbot, book, clock) -> EarningsView:
    view = EarningsView(book, clock=clock)
    qtbot.addWidget(view, before_close_func=EarningsView.shutdown)
    view.resize(900, 620)
    view.show()
    return view


def refreshed(qtbot, view) -> None:
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        view.refresh()


def cell(view, code, attr) -> str:
    return view.findChild(QLabel, f"earnings_{code}_{attr}").text()


def test_figures_per_currency(qtbot, book, clock):
    dataset(book)
    view = view_for(qtbot, book, clock)
    refreshed(qtbot, view)
    assert cell(view, "USD", "pending_minor") == "$104.00"  # (120 + 10) less 20%
    assert cell(view, "USD", "available_minor") == "$96.00"
    assert cell(view, "USD", "month_net_minor") == "$104.00"
    assert cell(view, "EUR", "pending_minor") == "€40.00"
    assert view.heading.text() == "Earnings — November 2026"
    combo = view.findChild(QComboBox, "earningsCurrencyCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == ["EUR", "USD"]
    assert combo.currentText() == "USD"  # the currency most orders are in
    chart = view.findChild(EarningsChart, "earningsChart")
    assert chart.months[-1] == "2026-11" and chart.values[-2:] == [9600, 10400]
    combo.setCurrentText("EUR")
    assert chart.currency == "EUR" and chart.values[-1] == 4000


def test_counted_off_the_gui_thread(qtbot, book, clock, monkeypatch):
    dataset(book)
    threads = []
    real = earnings_view.compute_earnings
    monkeypatch.setattr(earnings_view, "compute_earnings", lambda *a: threads.append(
        QThread.currentThread()) or real(*a))
    view = view_for(qtbot, book, clock)
    refreshed(qtbot, view)
    assert threads and threads[0] is not view.thread()


def test_the_fast_clearance_setting_is_remembered_and_counted(qtbot, book, clock):
    completed(book, "FOA", 10)
    view = view_for(qtbot, book, clock)
    refreshed(qtbot, view)
    assert cell(view, "USD", "pending_minor") == "$96.00"
    check = view.findChild(QCheckBox, "fastClearanceCheck")
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        check.setChecked(True)  # 7 days for Top Rated sellers: cleared by now
    assert Settings(book.db).get("fast_clearance") is True
    assert cell(view, "USD", "available_minor") == "$96.00"
    assert cell(view, "USD", "pending_minor") == "$0.00"


def test_an_empty_book_says_nothing_was_earned(qtbot, book, clock):
    view = view_for(qtbot, book, clock)
    refreshed(qtbot, view)
    texts = [label.text() for label in view.findChildren(QLabel)]
    assert "No completed orders yet: nothing earned." in texts
    view.chart.grab()  # paints without data


def test_chart_labels():
    assert last_months("2026-02", 3) == ["2025-12", "2026-01", "2026-02"]
    assert axis_label(200000, "USD") == "$2,000"
    assert axis_label(12345, "USD") == "$123.45"
    assert axis_label(3000, "JPY") == "¥3,000"


def test_view_menu_opens_earnings_with_a_shortcut_of_its_own(qtbot, book):
    window = open_window(qtbot, book)
    try:
        action = window.earnings.earnings_action
        assert action.shortcut() == QKeySequence("Ctrl+Shift+M")
        view_menu = next(m for m in window.menuBar().findChildren(QMenu)
                         if m.title() == "&View")
        assert action in view_menu.actions()
        keys = [a.shortcut().toString() for a in window.findChildren(QAction)
                if not a.shortcut().isEmpty()]
        for mine in ("Ctrl+Shift+M", "Ctrl+Shift+T", "Ctrl+Shift+G"):  # earnings, tip, rating
            assert keys.count(mine) == 1, sorted(keys)
        action.trigger()
        qtbot.waitUntil(lambda: window.earnings.view.summary is not None, timeout=5000)
        assert window.earnings.view.isVisible()
    finally:
        window.shutdown()


def test_rating_and_tip_from_the_detail_panel(qtbot, book):
    completed(book, "FOA", 3)
    window = open_window(qtbot, book)
    try:
        window.workspace.show_order(book.get("FOA").id)
        detail = window.findChild(QWidget, "orderDetail")
        rate = detail.findChild(QPushButton, "action_rated")
        tip = detail.findChild(QPushButton, "action_tip_received")
        assert rate.isVisibleTo(detail) and tip.isVisibleTo(detail)
        messages.queue_answers("4", "Good work")
        rate.click()
        qtbot.waitUntil(lambda: book.get("FOA").rating is not None)
        assert book.get("FOA").rating.stars == 4
        messages.queue_answers("-3")  # refused, naming the field, nothing written
        tip.click()
        qtbot.waitUntil(lambda: any("amount" in text for _k, _t, text in messages.shown))
        assert book.get("FOA").tips_minor == 0
        messages.queue_answers("7.50")
        tip.click()
        qtbot.waitUntil(lambda: book.get("FOA").tips_minor == 750)
        qtbot.waitUntil(lambda: "rated 4/5" in detail.title.text())
    finally:
        window.shutdown()


def test_rating_a_second_time_replaces_it(book):
    completed(book, "FOA", 3)
    record_rating(book, "FOA", 2, "meh")
    record_rating(book, "FOA", "5", "changed my mind")
    assert (book.get("FOA").rating.stars, book.get("FOA").rating.text) == (5, "changed my mind")

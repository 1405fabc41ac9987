"""The metrics view on a hand-made dataset: every figure equals the hand-computed value."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QLabel

from desktop_app.gui.resolution import metrics_view
from desktop_app.gui.resolution.metrics_view import MetricsView
from tests.conftest import NOW, order_fields

D = timedelta(days=1)


def at(day: int, hour: int = 12):
    """A moment in 2026, by day of November (negative: days before Nov 1)."""
    return NOW.replace(day=1, hour=hour) + (day - 1) * D


def dataset(book):
    """Hand-made at NOW = Nov 20 12:00; the 60-day window starts Sep 21 12:00.

    A  completed Oct 6, first delivered on time       -> completed, on time
    B  completed Oct 19, first delivered late, revised -> completed, late, revised
    C  cancelled by the buyer before requirements      -> exempt
    D  cancelled by the seller in progress             -> counted
    E  due Nov 18, in progress                         -> late and very late
    F  due Nov 20 06:00, in progress                   -> late
    G  due Nov 25, in progress                         -> active, on time
    H  completed in July                               -> outside the window
    """
    def new(ref, ordered, due):
        book.create_order(order_fields(ref, ordered_at=ordered.isoformat(),
                                       due_at=due.isoformat()), at=ordered)

    new("A", at(-30), at(-27))
    book.record_requirements("A", at(-30))
    book.deliver("A", "done", at=at(-28))
    book.complete("A", at(-25))
    new("B", at(-21), at(-18))
    book.record_requirements("B", at(-21))
    book.deliver("B", "done", at=at(-17))
    book.record_revision("B", "Bigger logo please", [], at=at(-16))
    book.deliver("B", "bigger", at=at(-15))
    book.complete("B", at(-12))
    new("C", at(1), at(4))
    book.cancel("C", "buyer", "changed mind", at=at(2))
    new("D", at(5), at(8))
    book.record_requirements("D", at(5))
    book.cancel("D", "seller", "sick", at=at(8))
    for ref, due in (("E", at(18)), ("F", at(20, 6)), ("G", at(25))):
        new(ref, at(10), due)
        book.record_requirements(ref, at(10))
    new("H", at(-120), at(-117))
    book.record_requirements("H", at(-120))
    book.deliver("H", "done", at=at(-118))
    book.complete("H", at(-115))


def view_for(qtbot, book, clock) -> MetricsView:
    view = MetricsView(book, clock=clock)
    qtbot.addWidget(view, before_close_func=MetricsView.shutdown)
    view.resize(820, 560)
    view.show()
    view.refresh = lambda: refreshed(qtbot, view)
    return view


def refreshed(qtbot, view: MetricsView) -> None:
    """Count (on the CPU runner) and wait for the figures and the what-if line."""
    with qtbot.waitSignals([view.refreshed, view.what_if_shown], timeout=5000):
        MetricsView.refresh(view)


def text(view, name) -> str:
    return view.findChild(QLabel, name).text()


EXPECTED = {"completionRateValue": "66.7%", "onTimeRateValue": "50.0%",
            "revisionRateValue": "50.0%", "lateValue": "2", "veryLateValue": "1",
            "cancelledCountedValue": "1", "cancelledExemptValue": "1"}


def test_figures_equal_hand_computed_values(qtbot, book, clock):
    dataset(book)
    view = view_for(qtbot, book, clock)
    view.refresh()
    assert {name: text(view, name) for name in EXPECTED} == EXPECTED
    assert text(view, "exemptByReason") == \
        "Exempt: buyer cancelled before sending requirements (1)"
    assert "color" in view.findChild(QLabel, "completionRateValue").styleSheet()  # below 90%


def test_counted_off_the_gui_thread(qtbot, book, clock, monkeypatch):
    dataset(book)
    threads = []
    real = metrics_view.order_facts
    monkeypatch.setattr(metrics_view, "order_facts",
                        lambda db: threads.append(QThread.currentThread()) or real(db))
    view = view_for(qtbot, book, clock)
    view.refresh()
    assert text(view, "completionRateValue") == "66.7%"
    assert threads and threads[0] is not view.thread()


def test_chart_series_ends_at_the_current_rate(qtbot, book, clock):
    dataset(book)
    view = view_for(qtbot, book, clock)
    view.refresh()
    series = view.chart.series
    assert len(series) == 180 and series[-1] == (NOW, 0.666667)
    assert series[0][1] is None  # May: nothing had ended yet in its window
    assert view.chart.threshold == 0.9


@pytest.mark.parametrize("dark", [False, True])
def test_chart_paints_in_light_and_dark_palettes(qtbot, book, clock, dark):
    dataset(book)
    view = view_for(qtbot, book, clock)
    palette = view.chart.palette()
    base, ink = ("#1E1E1E", "#EEEEEE") if dark else ("#FFFFFF", "#111111")
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(ink))
    view.chart.setPalette(palette)
    view.refresh()
    image = view.chart.grab().toImage()
    corner = image.pixelColor(2, image.height() - 2)
    assert corner == QColor(base)  # the background follows the palette
    inked = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
             for y in range(0, image.height(), 3)}
    assert len(inked) > 10  # axes, labels, the line and the threshold were drawn


def test_what_if_cancelled(qtbot, book, clock):
    dataset(book)
    view = view_for(qtbot, book, clock)
    view.refresh()
    combo = view.findChild(QComboBox, "whatIfOrderCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == ["E", "F", "G"]
    with qtbot.waitSignal(view.what_if_shown, timeout=5000):  # on the CPU runner
        combo.setCurrentText("G")
    assert text(view, "whatIfResult") == "completion rate 66.7% → 50.0% \u26a0 below 90%"

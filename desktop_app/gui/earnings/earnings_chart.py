"""Net earnings per month for one currency, as bars drawn with QPainter (as rate_chart).

Amounts are integers in minor units; the axis labels are written with Money, so a
currency without minor units (JPY) reads right. The chosen month's bar is drawn in
the highlight colour, the others in a softer shade of it; colours follow the palette.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.domain.money import Money, decimals_of
from desktop_app.gui.shell.chart_canvas import ChartCanvas

MARGINS = (84, 30, 16, 40)  # left, top, right, bottom: room for the labels
MONTHS = 12
_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def last_months(end: str, count: int = MONTHS) -> list[str]:
    """The `count` months up to `end` (YYYY-MM), oldest first."""
    year, month = int(end[:4]), int(end[5:7])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def axis_label(minor: int, currency: str) -> str:
    """An axis amount without its zero cents ($2,000 rather than $2,000.00)."""
    text = Money(minor, currency).display()
    places = decimals_of(currency)
    if places and minor % 10**places == 0:
        text = text.replace("." + "0" * places, "", 1)
    return text


def nice_step(top: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) for about four grid lines."""
    raw = max(1, top // 4)
    power = 1
    while power * 10 <= raw:
        power *= 10
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


class EarningsChart(ChartCanvas):
    margins = MARGINS

    def __init__(self, parent: QWidget | None = None):
        super().__init__("earningsChart", "Net earnings per month", parent)
        self.currency = "USD"
        self.months: list[str] = []
        self.values: list[int] = []
        self.current = ""

    def set_data(self, currency: str, by_month: dict[str, int], current: str) -> None:
        self.currency, self.current = currency, current
        self.months = last_months(current)
        self.values = [by_month.get(m, 0) for m in self.months]
        total = Money(sum(self.values), currency).display()
        self.setAccessibleDescription(f"{currency}, {len(self.months)} months to {current}; "
                                      f"{total} in all")
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(640, 280)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, 180)

    def title_text(self) -> str:
        return f"Net earnings per month ({self.currency}), by month of completion"

    def paint_plot(self, painter: QPainter, area: QRectF, palette: QPalette,
                   text: QColor) -> None:
        top = max(self.values, default=0)
        step = nice_step(top) if top > 0 else 10 ** decimals_of(self.currency) * 100
        ceiling = max(step, -(-top // step) * step)
        self._draw_grid(painter, area, ceiling, step, text)
        if not any(self.values):
            painter.setPen(text)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter,
                             "No completed orders in these months")
        self._draw_bars(painter, area, ceiling, palette.color(QPalette.ColorRole.Highlight),
                        text)
        painter.end()

    def _y(self, area: QRectF, ceiling: int, value: int) -> float:
        return area.bottom() - value / ceiling * area.height()

    def _draw_grid(self, painter: QPainter, area: QRectF, ceiling: int, step: int,
                   text: QColor) -> None:
        grid = QColor(text)
        grid.setAlpha(40)
        for value in range(0, ceiling + 1, step):
            y = self._y(area, ceiling, value)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(int(area.left()), int(y), int(area.right()), int(y))
            painter.setPen(text)
            label = axis_label(value, self.currency)
            painter.drawText(QRectF(0, y - 9, MARGINS[0] - 8, 18),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        painter.setPen(QPen(text, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())

    def _draw_bars(self, painter: QPainter, area: QRectF, ceiling: int, colour: QColor,
                   text: QColor) -> None:
        if not self.months:
            return
        slot = area.width() / len(self.months)
        metrics = painter.fontMetrics()
        # Whole units on every bar when one exact amount does not fit (the table is exact).
        short = any(metrics.horizontalAdvance(Money(v, self.currency).display()) > slot - 4
                    for v in self.values)
        unit = 10 ** decimals_of(self.currency)
        soft = QColor(colour)
        soft.setAlpha(130)
        for index, (month, value) in enumerate(zip(self.months, self.values, strict=True)):
            x = area.left() + index * slot
            if value > 0:
                y = self._y(area, ceiling, value)
                bar = QRectF(x + slot * 0.18, y, slot * 0.64, area.bottom() - y)
                painter.fillRect(bar, colour if month == self.current else soft)
                amount = axis_label(value - value % unit, self.currency) if short else \
                    Money(value, self.currency).display()
                painter.setPen(text)
                painter.drawText(QRectF(x - 6, y - 18, slot + 12, 16),
                                 Qt.AlignmentFlag.AlignCenter, amount)
            painter.setPen(text)
            name = _NAMES[int(month[5:7]) - 1]
            label = f"{name}\n{month[:4]}" if month.endswith("-01") or index == 0 else name
            painter.drawText(QRectF(x, area.bottom() + 4, slot, 34),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)

"""The completion rate over time, drawn with QPainter (no plotting library in the bundle).

Axes with percentage labels, a dashed line at the level threshold, month
labels under the x axis, gaps where no order counted. Colours come from the
palette, so the chart reads in light and dark themes alike.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.gui.shell.chart_canvas import ChartCanvas
from desktop_app.gui.shell.theme import is_dark, late_color

MARGINS = (52, 28, 16, 34)  # left, top, right, bottom: room for the labels


def y_floor(values: list[float], threshold: float) -> float:
    """The lowest percentage shown: a round step under both the data and the threshold."""
    lowest = min([threshold, *values])
    return max(0.0, (int(lowest * 10) - 1) / 10) if lowest < 1 else 0.8


class RateChart(ChartCanvas):
    margins = MARGINS

    def __init__(self, parent: QWidget | None = None):
        super().__init__("completionChart", "Completion rate over the last 180 days", parent)
        self.series: list[tuple[datetime, float | None]] = []
        self.threshold = 0.9
        self.title = "Completion rate, last 180 days"

    def set_series(self, series: list[tuple[datetime, float | None]], threshold: float) -> None:
        self.series = series
        self.threshold = threshold
        known = [v for _, v in series if v is not None]
        last = f"{known[-1] * 100:.1f}%" if known else "no data"
        self.setAccessibleDescription(f"{len(series)} days; now {last}; "
                                      f"threshold {threshold * 100:.0f}%")
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(560, 240)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(320, 160)

    def title_text(self) -> str:
        return self.title

    def paint_plot(self, painter: QPainter, area: QRectF, palette: QPalette,
                   text: QColor) -> None:
        values = [v for _, v in self.series if v is not None]
        low = y_floor(values, self.threshold)
        self._draw_grid(painter, area, low, text)
        self._draw_threshold(painter, area, low)
        if not values:
            painter.setPen(text)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter,
                             "No completed or cancelled orders in this period yet")
        else:
            self._draw_line(painter, area, low, palette.color(QPalette.ColorRole.Highlight))
        painter.end()

    def _y(self, area: QRectF, low: float, value: float) -> float:
        return area.bottom() - (value - low) / (1.0 - low) * area.height()

    def _x(self, area: QRectF, index: int) -> float:
        span = max(1, len(self.series) - 1)
        return area.left() + index / span * area.width()

    def _draw_grid(self, painter: QPainter, area: QRectF, low: float, text: QColor) -> None:
        grid = QColor(text)
        grid.setAlpha(40)
        step = 0.05 if 1.0 - low <= 0.3 else 0.1
        value = 1.0
        while value >= low - 1e-9:
            y = self._y(area, low, value)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - 9, MARGINS[0] - 6, 18),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{value * 100:.0f}%")
            value -= step
        painter.setPen(QPen(text, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        self._draw_months(painter, area, text)

    def _draw_months(self, painter: QPainter, area: QRectF, text: QColor) -> None:
        """A tick and a 'Nov 01' label at each month start (local time)."""
        previous_month = None
        for index, (at, _value) in enumerate(self.series):
            month = at.astimezone().month
            if month != previous_month and previous_month is not None:
                x = self._x(area, index)
                painter.setPen(QPen(text, 1))
                painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 4))
                painter.drawText(QRectF(x - 30, area.bottom() + 6, 60, 18),
                                 Qt.AlignmentFlag.AlignCenter, at.astimezone().strftime("%b %d"))
            previous_month = month

    def _draw_threshold(self, painter: QPainter, area: QRectF, low: float) -> None:
        colour = late_color(is_dark(self.palette()))
        y = self._y(area, low, self.threshold)
        painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        painter.drawText(QRectF(area.right() - 200, y - 20, 196, 18),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         f"level threshold {self.threshold * 100:.0f}%")

    def _draw_line(self, painter: QPainter, area: QRectF, low: float, colour: QColor) -> None:
        path = QPainterPath()
        drawing = False
        for index, (_at, value) in enumerate(self.series):
            if value is None:
                drawing = False  # a day with nothing counted leaves a gap
                continue
            point = QPointF(self._x(area, index), self._y(area, low, value))
            if drawing:
                path.lineTo(point)
            else:
                path.moveTo(point)
                drawing = True
        painter.setPen(QPen(colour, 2.2))
        painter.drawPath(path)
        last = next(((i, v) for i, (_a, v) in reversed(list(enumerate(self.series)))
                     if v is not None), None)
        if last is not None:
            point = QPointF(self._x(area, last[0]), self._y(area, low, last[1]))
            painter.setBrush(colour)
            painter.drawEllipse(point, 3.5, 3.5)

"""The frame every QPainter chart shares: the palette's background, a title line and
the plot area inside the chart's margins (no plotting library in the bundle)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class ChartCanvas(QWidget):
    """Subclasses set `margins` and draw their data in paint_plot."""

    margins = (52, 28, 16, 34)  # left, top, right, bottom: room for the labels

    def __init__(self, name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def title_text(self) -> str:
        return self.accessibleName()

    def plot_rect(self) -> QRectF:
        left, top, right, bottom = self.margins
        return QRectF(left, top, self.width() - left - right, self.height() - top - bottom)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        painter.setPen(text)
        painter.drawText(QRectF(self.margins[0], 4, self.width() - self.margins[0], 22),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.title_text())
        self.paint_plot(painter, self.plot_rect(), palette, text)

    def paint_plot(self, painter: QPainter, area: QRectF, palette: QPalette,
                   text: QColor) -> None:
        raise NotImplementedError

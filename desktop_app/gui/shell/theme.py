"""Colours that follow the system theme: status badges and the late-due red.

Every pair is checked for a WCAG contrast of at least 4.5:1 (tests/gui/test_theme.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel

# status -> (background, text)
LIGHT_BADGES = {
    "awaiting_requirements": ("#FFF1C2", "#5C4400"),
    "in_progress": ("#DCEBFF", "#0B3D91"),
    "delivered": ("#E9DEFF", "#3F1D8A"),
    "revision_requested": ("#FFE0CC", "#7A2E00"),
    "completed": ("#D6F5DD", "#0E5A24"),
    "cancelled": ("#E8E8E8", "#3D3D3D"),
}
DARK_BADGES = {
    "awaiting_requirements": ("#4A3B00", "#FFE08A"),
    "in_progress": ("#12396B", "#D3E5FF"),
    "delivered": ("#3B2570", "#E6DBFF"),
    "revision_requested": ("#5C2A06", "#FFD6BD"),
    "completed": ("#124A25", "#C8F2D4"),
    "cancelled": ("#3A3A3A", "#E2E2E2"),
}
LATE_TEXT = {"light": "#B3261E", "dark": "#FF8A80"}
MUTED = {"light": "#3D3D3D", "dark": "#E2E2E2"}


def is_dark(palette: QPalette | None = None) -> bool:
    """The system colour scheme when known, else the palette's own lightness."""
    if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return True
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def badge_colors(status: str, dark: bool) -> tuple[QColor, QColor]:
    table = DARK_BADGES if dark else LIGHT_BADGES
    background, text = table.get(status, table["cancelled"])
    return QColor(background), QColor(text)


def late_color(dark: bool) -> QColor:
    return QColor(LATE_TEXT["dark" if dark else "light"])


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + \
        0.0722 * channel(color.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, from 1 to 21."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def error_style() -> str:
    return f"color: {LATE_TEXT['dark' if is_dark() else 'light']};"


def show_problem(label: QLabel, text: str | None) -> None:
    """An inline error under the fields, hidden when there is none."""
    label.setStyleSheet(error_style())
    label.setText(text or "")
    label.setVisible(bool(text))

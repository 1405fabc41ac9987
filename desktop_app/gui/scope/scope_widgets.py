"""Small factories for the scope pane's widgets: every one named and labelled for tests and
screen readers, in one place so the pane's layout code reads as a layout."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QWidget


def editor(name: str, accessible: str, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(objectName=name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab leaves the editor: the pane stays keyboard reachable
    return edit


def buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose mnemonic (the &-letter) moves the focus to `widget`."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def note(name: str, accessible: str) -> QLabel:
    """A wrapped, selectable, initially hidden line of feedback."""
    label = QLabel(objectName=name, wordWrap=True)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def button(name: str, text: str, accessible: str, slot: Callable[[], object]) -> QPushButton:
    widget = QPushButton(text, objectName=name)
    widget.setAccessibleName(accessible)
    widget.setToolTip(accessible)
    widget.clicked.connect(slot)
    return widget

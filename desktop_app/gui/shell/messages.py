"""The one way the window tells or asks the seller something.

Interactive sessions get ordinary dialogs. When nobody can answer (tests,
`--self-test`, the offscreen platform, or GIGDESK_NONINTERACTIVE set) nothing
blocks: the message is logged and the question takes its default, or the next
answer queued with `queue_answers` (how tests play the seller's part).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

log = logging.getLogger("gigdesk.messages")
_answers: deque[Any] = deque()
shown: list[tuple[str, str, str]] = []  # (kind, title, text) shown non-interactively


def noninteractive() -> bool:
    if os.environ.get("GIGDESK_NONINTERACTIVE"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return True
    return QGuiApplication.platformName() in ("offscreen", "minimal")


def queue_answers(*answers: Any) -> None:
    """Answers for the next questions asked while non-interactive (None = cancel)."""
    _answers.extend(answers)


def _scripted(default: Any) -> Any:
    return _answers.popleft() if _answers else default


def _record(kind: str, title: str, text: str) -> None:
    shown.append((kind, title, text))
    del shown[:-50]
    level = logging.WARNING if kind == "error" else logging.INFO
    log.log(level, "%s: %s: %s", kind, title, text)


def scripted_question(title: str, text: str, default: Any = None) -> Any:
    """For a dialog of its own while nobody can answer: logged, the queued answer back."""
    _record("ask", title, text)
    return _scripted(default)


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    if noninteractive():
        _record("error", title, text)
        return
    QMessageBox.critical(parent, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    if noninteractive():
        _record("info", title, text)
        return
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, *, default: bool = False) -> bool:
    if noninteractive():
        _record("confirm", title, text)
        return bool(_scripted(default))
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    fallback = QMessageBox.StandardButton.Yes if default else QMessageBox.StandardButton.No
    return QMessageBox.question(parent, title, text, buttons, fallback) == \
        QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget | None, title: str, label: str, *, multiline: bool = False,
             text: str = "") -> str | None:
    """The text the seller typed, or None when they cancelled."""
    if noninteractive():
        _record("ask", title, label)
        return _scripted(None)
    if multiline:
        value, ok = QInputDialog.getMultiLineText(parent, title, label, text)
    else:
        value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


def ask_choice(parent: QWidget | None, title: str, label: str, items: list[str],
               current: int = 0) -> str | None:
    if noninteractive():
        _record("ask", title, label)
        return _scripted(None)
    value, ok = QInputDialog.getItem(parent, title, label, items, current, False)
    return value if ok else None


def ask_open_file(parent: QWidget | None, title: str, filters: str) -> str | None:
    if noninteractive():
        _record("ask", title, filters)
        return _scripted(None)
    path, _selected = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path or None


def ask_save_file(parent: QWidget | None, title: str, suggested: str, filters: str
                  ) -> str | None:
    """Where to save, or None when the seller cancelled."""
    if noninteractive():
        _record("ask", title, suggested)
        return _scripted(None)
    path, _selected = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None

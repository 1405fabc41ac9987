"""The delivery pane's widgets and layout (no behaviour: delivery_pane wires them)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.delivery.delivery_drop import DropZone
from desktop_app.gui.delivery.delivery_files import DeliveryFileList
from desktop_app.gui.delivery.delivery_history import DeliveryHistory
from desktop_app.gui.shell.resources import icon
from desktop_app.gui.shell.theme import is_dark, late_color

BANNER_TEXT = ("⚠ Nothing changed since the previous delivery: every file is identical. "
               "Redelivering the same work usually brings another revision request or a "
               "dispute. Attach the revised files.")


@dataclass
class PaneWidgets:
    title: QLabel
    drop_zone: DropZone
    add_files: QPushButton
    add_folder: QPushButton
    progress_row: QWidget
    progress: QProgressBar
    progress_label: QLabel
    cancel: QPushButton
    notice: QLabel
    banner: QLabel
    summary: QLabel
    files: DeliveryFileList
    remove: QPushButton
    message: QPlainTextEdit
    issues: QLabel
    redeliver: QPushButton
    result: QLabel
    history: DeliveryHistory
    open_folder: QPushButton
    export_zip: QPushButton
    copy_message: QPushButton

    @staticmethod
    def notice_style(error: bool) -> str:
        if error:
            return f"color: {late_color(is_dark()).name()};"
        return ""


def _label(text: str = "", *, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text, wordWrap=wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
        label.setAccessibleName(name)
    return label


def _drop_zone(pane: QWidget) -> tuple[DropZone, QPushButton, QPushButton, QWidget,
                                       QProgressBar, QLabel, QPushButton]:
    zone = DropZone(pane)
    layout = QVBoxLayout(zone)
    layout.setContentsMargins(16, 12, 16, 12)
    hint = QLabel("Drop the revised files or folders here — they are copied, your "
                  "originals stay where they are.", wordWrap=True)
    hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
    buttons = QHBoxLayout()
    add_files = QPushButton(icon("import"), "Add &files…")
    add_folder = QPushButton("Add f&older…")
    buttons.addStretch(1)
    buttons.addWidget(add_files)
    buttons.addWidget(add_folder)
    buttons.addStretch(1)
    row = QWidget(zone)
    progress_layout = QHBoxLayout(row)
    progress_layout.setContentsMargins(0, 0, 0, 0)
    progress = QProgressBar(maximum=1000, textVisible=True, format="%p%")
    progress.setAccessibleName("Copy progress")
    progress_label = _label()
    progress_label.setMinimumWidth(260)
    cancel = QPushButton(icon("cancel"), "Cancel")
    cancel.setToolTip("Stop copying; nothing from this drop is kept")
    progress_layout.addWidget(progress, 2)
    progress_layout.addWidget(progress_label, 3)
    progress_layout.addWidget(cancel)
    row.hide()
    layout.addWidget(hint)
    layout.addLayout(buttons)
    layout.addWidget(row)
    return zone, add_files, add_folder, row, progress, progress_label, cancel


def _banner() -> QLabel:
    banner = _label(BANNER_TEXT, name="unchangedBanner")
    red = late_color(is_dark()).name()
    banner.setStyleSheet(f"background: {red}; color: white; font-weight: bold; "
                         "padding: 8px; border-radius: 4px;")
    banner.hide()
    return banner


def build_pane(pane: QWidget) -> PaneWidgets:
    title = _label(wrap=False)
    font = QFont(title.font())
    font.setPointSizeF(font.pointSizeF() * 1.2)
    font.setBold(True)
    title.setFont(font)
    zone, add_files, add_folder, row, progress, progress_label, cancel = _drop_zone(pane)
    notice = _label(name="deliveryNotice")
    notice.hide()
    summary = _label(name="deliverySummary")
    files = DeliveryFileList()
    remove = QPushButton("&Remove")
    remove.setToolTip("Remove the selected files from this delivery (Delete)")
    message = QPlainTextEdit(objectName="deliveryMessage",
                             placeholderText="Message to the buyer: what you changed, "
                             "and how to open the files")
    message.setAccessibleName("Message to the buyer")
    issues = _label(name="deliveryIssues")
    issues.setTextFormat(Qt.TextFormat.RichText)
    redeliver = QPushButton(icon("deliver"), "Deliver now", objectName="redeliverButton")
    redeliver.setAccessibleName("Deliver now")
    redeliver.setDefault(True)
    result = _label(name="deliveryResult")
    result.hide()
    history = DeliveryHistory()
    open_folder = QPushButton("Open &folder")
    open_folder.setToolTip("Lay the chosen delivery's files out under their names and "
                           "open the folder, ready to drag into the upload box")
    export_zip = QPushButton(icon("export"), "Export &ZIP…")
    copy_message = QPushButton("Cop&y message")
    w = PaneWidgets(title, zone, add_files, add_folder, row, progress, progress_label, cancel,
                    notice, _banner(), summary, files, remove, message, issues, redeliver,
                    result, history, open_folder, export_zip, copy_message)
    _arrange(pane, w)
    return w


def _arrange(pane: QWidget, w: PaneWidgets) -> None:
    top = QWidget()
    layout = QVBoxLayout(top)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in (w.title, w.drop_zone, w.notice, w.banner):
        layout.addWidget(widget)
    files_row = QHBoxLayout()
    files_row.addWidget(w.summary, 1)
    files_row.addWidget(w.remove)
    layout.addLayout(files_row)
    layout.addWidget(w.files, 1)
    bottom = QWidget()
    lower = QVBoxLayout(bottom)
    lower.setContentsMargins(0, 0, 0, 0)
    lower.addWidget(QLabel("&Message to the buyer:", buddy=w.message))
    lower.addWidget(w.message, 1)
    lower.addWidget(w.issues)
    act = QHBoxLayout()
    act.addWidget(w.result, 1)
    act.addWidget(w.redeliver, 0, Qt.AlignmentFlag.AlignTop)
    lower.addLayout(act)
    history = QGroupBox("Earlier deliveries")
    history_layout = QVBoxLayout(history)
    history_layout.addWidget(w.history, 1)
    buttons = QHBoxLayout()
    buttons.addWidget(w.open_folder)
    buttons.addWidget(w.export_zip)
    buttons.addWidget(w.copy_message)
    buttons.addStretch(1)
    history_layout.addLayout(buttons)
    splitter = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
    for part, stretch in ((top, 3), (bottom, 2), (history, 1)):
        splitter.addWidget(part)
        splitter.setStretchFactor(splitter.count() - 1, stretch)
    outer = QVBoxLayout(pane)
    outer.addWidget(splitter)
